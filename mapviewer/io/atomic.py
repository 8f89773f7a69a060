"""Atomic file replacement: the old file or the new one, never half of either.

Write a temporary file beside the target, fsync it, rename it over the target, then fsync the
folder so the rename itself survives a power cut. Any failure removes the temporary file and
leaves the target untouched. (QSaveFile does the same minus the folder fsync; this version also
serves the CLI, which has no Qt.)

A new file gets the permissions any new file would: the temporary file is created with 0o666
and the kernel applies the umask (or the folder's default ACL). The umask is never read by
setting it: os.umask changes it for the whole process, and worker threads may be creating
files at that moment.

A process killed mid-write leaves its temporary file behind (hidden, the size of the map).
The writer holds an exclusive lock (flock) on its temporary file until it is renamed or removed;
the kernel drops the lock when the process dies. So the next write into the folder, or the next
map opened from it, removes temporary files of this module's naming that nobody holds: never a
file another save is still writing, in this process or another, whatever its age.

The file a document was read from is remembered as a FileStamp (size, modification time and
SHA-256), so the app can tell later whether someone else has changed it since.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

if sys.platform != "win32":  # Windows has no flock: there, leftovers stay where they are
    import fcntl

NEW_FILE_MODE = 0o666  # before the umask, as open() and every editor create files
_TEMP_ATTEMPTS = 100
# ".NAME.1a2b3c4d.tmp", as _create_temp names them (and every version before locks did).
TEMP_PATTERN = re.compile(r"^\..+\.[0-9a-f]{8}\.tmp$")
_HASH_CHUNK = 1 << 20


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


def _same_file(fd: int, path: Path) -> bool:
    """Whether ``path`` still names the file open as ``fd`` (not removed or replaced)."""
    try:
        on_disk = os.lstat(path)
    except OSError:
        return False
    held = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


def _lock(fd: int, *, wait: bool) -> bool:
    """Take the exclusive lock on ``fd``; False when another holds it (or, with ``wait``,
    when the filesystem has no locks)."""
    if sys.platform == "win32":
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _create_temp(folder: Path, name: str, mode: int) -> tuple[int, Path]:
    """A new, exclusively created and locked file beside the target: (descriptor, path).

    tempfile.mkstemp would create it with 0o600, and then the mode for a new file could only
    be had from the umask, which cannot be read without changing it. Between creating and
    locking, a clean-up elsewhere may find the file unlocked and remove it: then the name no
    longer leads to this descriptor, and another name is tried."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    for _ in range(_TEMP_ATTEMPTS):
        # os.urandom, not secrets: that loads OpenSSL (3.3 MB), which mapviewer puts off.
        tmp = folder / f".{name}.{os.urandom(4).hex()}.tmp"
        try:
            fd = os.open(tmp, flags, mode)
        except FileExistsError:
            continue
        if not _lock(fd, wait=True) or _same_file(fd, tmp):
            return fd, tmp  # (without locks, no clean-up can take it either)
        os.close(fd)
    raise FileExistsError(f"no free temporary name for {name} in {folder}")


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove the temporary files that interrupted writes left in ``folder``: regular files of
    this module's naming, this user's, that no running write holds locked. Returns them.

    Never raises: a folder that cannot be listed, or a file that cannot be removed, is left."""
    if sys.platform == "win32":
        return []
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    uid = os.getuid()
    for entry in entries:
        if not TEMP_PATTERN.match(entry.name):
            continue
        path = Path(entry.path)
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != uid:
                continue
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            # Locked: a save in progress (here or in another process). The lock is held while
            # removing, so a writer that just created this name waits, then sees it gone.
            if _lock(fd, wait=False) and _same_file(fd, path):
                path.unlink()
                removed.append(path)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the old file's permission bits."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    remove_stale_temps(folder)
    try:
        keep: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        keep = None  # a new file: the kernel applies the umask to NEW_FILE_MODE
    # Replacing a file: private while written, then the old file's bits (chmod is exact).
    fd, tmp = _create_temp(folder, path.name, NEW_FILE_MODE if keep is None else 0o600)
    # The descriptor, and with it the lock, stays open until the rename is done: a clean-up in
    # another process must not take the file between the last write and the rename.
    try:
        with os.fdopen(fd, "wb", closefd=False) as handle:
            view = memoryview(data)
            while view:
                written = handle.write(view)
                view = view[written:]
            handle.flush()
            os.fsync(fd)
        if keep is not None:
            tmp.chmod(keep)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        os.close(fd)
    _fsync_dir(folder)


@dataclass(frozen=True)
class FileStamp:
    """What a file was when it was read or written: enough to tell later that it changed.

    Size and modification time are read cheaply; the hash decides when the time differs (a
    touch, or a copy of the same bytes, is the same file). A stamp taken as the window opens
    has no hash yet (``sha256`` is ""): hashlib loads OpenSSL, which start-up puts off;
    ``hashed`` adds it later, while size and time show the file is still the one opened."""

    path: str
    size: int
    mtime_ns: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> FileStamp | None:
        """The stamp a journal recorded; None for anything else (an older journal, damage)."""
        if not isinstance(data, dict):
            return None
        try:
            stamp = cls(
                str(data["path"]), int(data["size"]), int(data["mtime_ns"]), str(data["sha256"])
            )
        except (KeyError, TypeError, ValueError):
            return None
        return stamp

    def matches(self, path: Path | None = None) -> bool:
        """Whether the file at ``path`` (default: the stamp's own) still holds these bytes."""
        target = Path(path or self.path)
        try:
            info = target.stat()
        except OSError:
            return False
        if info.st_size != self.size:
            return False
        if info.st_mtime_ns == self.mtime_ns:
            return True
        if not self.sha256:
            return False  # changed in time, and what it held then is unknown: say changed
        now = stamp_file(target)
        return now is not None and now.sha256 == self.sha256

    def hashed(self) -> FileStamp:
        """This stamp with its hash, read now if the file's size and time are still the same;
        else (the file has changed since) as it is."""
        if self.sha256 or quick_stamp(Path(self.path)) != self:
            return self  # (changed: reading it all again would tell nothing more)
        now = stamp_file(Path(self.path))
        if now is not None and (now.size, now.mtime_ns) == (self.size, self.mtime_ns):
            return now
        return self


def quick_stamp(path: Path) -> FileStamp | None:
    """Size and time of ``path``, no hash (see FileStamp); None when it is not a file."""
    try:
        info = Path(path).stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return FileStamp(str(path), info.st_size, info.st_mtime_ns, "")


def stamp_file(path: Path) -> FileStamp | None:
    """The FileStamp of ``path`` now; None when it is missing, unreadable or not a file."""
    import hashlib  # noqa: PLC0415 - loads OpenSSL, put off until a hash is needed

    try:
        # Without blocking: a FIFO put where the map was must not hang the window.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        digest = hashlib.sha256()
        while chunk := os.read(fd, _HASH_CHUNK):
            digest.update(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)
    return FileStamp(str(path), info.st_size, info.st_mtime_ns, digest.hexdigest())
