"""Atomic file replacement: the old file or the new one, never half of either.

Write a temporary file beside the target, fsync it, rename it over the target, then fsync the
folder so the rename itself survives a power cut. Any failure removes the temporary file and
leaves the target untouched. (QSaveFile does the same minus the folder fsync; this version also
serves the CLI, which has no Qt.)

A new file gets the permissions any new file would: the temporary file is created with 0o666
and the kernel applies the umask (or the folder's default ACL). The umask is never read by
setting it: os.umask changes it for the whole process, and worker threads may be creating
files at that moment.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

NEW_FILE_MODE = 0o666  # before the umask, as open() and every editor create files
_TEMP_ATTEMPTS = 100


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # some filesystems (and Windows) cannot open folders; the rename still happened
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _create_temp(folder: Path, name: str, mode: int) -> tuple[int, Path]:
    """A new, exclusively created file beside the target: (descriptor, path).

    tempfile.mkstemp would create it with 0o600, and then the mode for a new file could only
    be had from the umask, which cannot be read without changing it."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    for _ in range(_TEMP_ATTEMPTS):
        # os.urandom, not secrets: that loads OpenSSL (3.3 MB), which mapviewer puts off.
        tmp = folder / f".{name}.{os.urandom(4).hex()}.tmp"
        try:
            return os.open(tmp, flags, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name for {name} in {folder}")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the old file's permission bits."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    try:
        keep: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        keep = None  # a new file: the kernel applies the umask to NEW_FILE_MODE
    # Replacing a file: private while written, then the old file's bits (chmod is exact).
    fd, tmp = _create_temp(folder, path.name, NEW_FILE_MODE if keep is None else 0o600)
    try:
        try:
            handle = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            raise
        with handle:
            view = memoryview(data)
            while view:
                written = handle.write(view)
                view = view[written:]
            handle.flush()
            os.fsync(handle.fileno())
        if keep is not None:
            tmp.chmod(keep)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(folder)
