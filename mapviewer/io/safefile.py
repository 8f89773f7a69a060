"""Reading a file the user named, or a map named, without trusting what it is; no Qt.

A path can name a FIFO (opening it waits forever for a writer), a device (``/dev/zero`` never
ends), a socket, or a kernel file under ``/proc`` or ``/sys`` whose size says 0 and whose content
is someone's environment. Every map, import and source text is read here, and only a regular file
on an ordinary file system is read: the file is opened without blocking, its *descriptor* is
checked (a check of the path first could be raced by a swap), and at most ``cap`` bytes are read
whatever ``st_size`` claims.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

CHUNK = 1024 * 1024
# Kernel file systems: their files look regular, report size 0 and expose the process's secrets.
KERNEL_TREES = (Path("/proc"), Path("/sys"))


class FileRefusedError(Exception):
    """A file that is not read, and why, in words for the person who named it."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def _kernel_devices() -> set[int]:
    devices = set()
    for tree in KERNEL_TREES:
        try:
            devices.add(tree.stat().st_dev)
        except OSError:
            continue
    return devices


def _what(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def _reason(error: OSError) -> str:
    reasons = {
        errno.ENOENT: "no such file",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EISDIR: "is a folder, not a file",
        errno.ENXIO: "is a socket or device, not a file",
        errno.ELOOP: "is a loop of symbolic links",
        errno.ENOTDIR: "part of the path is not a folder",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))


def _megabytes(size: int) -> str:
    """Sizes as file managers show them: 64 MB is 64 x 1024 x 1024 bytes; under 10 MB to a
    tenth, so a 2.4 MB picture is not told it is 2 MB against a limit of 2 MB."""
    if size < 2**20:
        return f"{size} bytes"
    digits = 1 if size < 10 * 2**20 else 0
    return f"{size / 2**20:.{digits}f}".removesuffix(".0") + " MB"


def _too_big(size: int, cap: int) -> str:
    """Why a file over ``cap`` is refused, never with two sizes that read the same."""
    told, limit = _megabytes(size), _megabytes(cap)
    return f"file is {'more than ' if told == limit else ''}{told}; the limit is {limit}"


def _in_kernel_tree(path: Path) -> bool:
    real = Path(os.path.realpath(path))
    return any(real.is_relative_to(tree) for tree in KERNEL_TREES)


def read_capped(path: Path, cap: int, *, whole: bool = True) -> bytes:
    """The bytes of the regular file at ``path``, at most ``cap`` of them.

    With ``whole`` (reading a map or a text), a file longer than ``cap`` raises FileRefusedError;
    without it (sniffing a format from the first bytes), the first ``cap`` bytes are returned.
    Anything that is not a regular file, or cannot be opened, raises FileRefusedError too.
    """
    if _in_kernel_tree(path):
        raise FileRefusedError(path, "is a system file under /proc or /sys, not a document")
    try:  # refused before opening: opening some devices already does something
        before = path.stat()
    except OSError as error:
        raise FileRefusedError(path, _reason(error)) from None
    if not stat.S_ISREG(before.st_mode):
        raise FileRefusedError(path, _what(before.st_mode))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise FileRefusedError(path, _reason(error)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefusedError(path, _what(info.st_mode))
        if info.st_dev in _kernel_devices():  # reached some other way (a bind mount)
            raise FileRefusedError(path, "is a system file under /proc or /sys, not a document")
        if whole and info.st_size > cap:  # true for a regular file; a short claim is not trusted
            raise FileRefusedError(path, _too_big(info.st_size, cap))
        return _read_at_most(fd, path, cap, whole)
    except OSError as error:
        raise FileRefusedError(path, _reason(error)) from None
    finally:
        os.close(fd)


def _read_at_most(fd: int, path: Path, cap: int, whole: bool) -> bytes:
    """Read until the end or one byte past ``cap``, in chunks, so memory follows what is read."""
    parts: list[bytes] = []
    total = 0
    limit = cap + 1 if whole else cap
    while total < limit:
        part = os.read(fd, min(CHUNK, limit - total))
        if not part:
            break
        parts.append(part)
        total += len(part)
    if whole and total > cap:
        most = _megabytes(cap)
        raise FileRefusedError(path, f"file is more than {most}; the limit is {most}")
    return b"".join(parts)


def read_head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of a regular file, to tell its format (else FileRefusedError)."""
    return read_capped(path, size, whole=False)
