"""Plain files, read without blocking and written atomically (the watchlist, the app's config):
a FIFO, a folder, a dangling link or a read-only file is refused with a WatchlistError that
says why, never waited on or overwritten."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .values import WatchlistError


def _kind_of(mode: int) -> str | None:
    """None for a plain file, else what it is ("a FIFO (named pipe)")."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _not_a_file(path: Path, kind: str) -> str:
    return f"{path}: is {kind}, not a plain file (it was left as it is)"


def _dangling(path: Path) -> str:
    return (f"{path}: is a symbolic link to {os.readlink(path)}, which does not exist: nothing "
            "will be written through it (fix the link, or remove it)")


def _read_only(path: Path, st: os.stat_result) -> str | None:
    """Why a plain file must not be written (its permissions say read-only), or None. Checked
    on the permission bits too: root may write any file, but a chmod 444 file is meant to stay."""
    if st.st_mode & 0o222 and os.access(path, os.W_OK):
        return None
    return (f"{path}: is read-only (permissions {stat.filemode(st.st_mode)}): nothing will be "
            "written to it (make it writable, e.g. chmod u+w, to save changes)")


def read_plain_file(path: Path) -> bytes:
    """The bytes of a plain file. Opened without blocking and checked to be a plain file
    before it is read: a FIFO (or a device, a folder) in its place is refused with a
    WatchlistError, never waited on. FileNotFoundError and other OSErrors go to the caller."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as fh:
        kind = _kind_of(os.fstat(fd).st_mode)
        if kind:
            raise WatchlistError(_not_a_file(path, kind))
        return fh.read()


def _write_target(path: Path) -> Path:
    """The file a save replaces: `path`, or the target of its symbolic link (a watchlist kept in
    a dotfiles folder stays a link). Raises WatchlistError for a dangling link, anything that is
    not a plain file, or a read-only file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise WatchlistError(_dangling(path)) from None
        return path
    except OSError as err:
        raise WatchlistError(f"{path}: cannot save: {err.strerror or err}; nothing was written") \
            from None
    kind = _kind_of(st.st_mode)
    problem = _not_a_file(path, kind) if kind else _read_only(path, st)
    if problem:
        raise WatchlistError(problem)
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def atomic_write(path: Path, data: bytes, sweep: bool = False) -> None:
    """Write `data` to `path` so that a crash at any moment leaves the old file or the new one:
    temp file in the same folder, write, flush, fsync, os.replace, fsync the folder. The file
    keeps its permissions; a symbolic link is written through (its target is replaced, in the
    target's folder); a dangling link, a read-only file or anything but a plain file is refused.
    With sweep=True (only under the file's lock), temp files left by earlier saves that were
    killed are removed first."""
    path = _write_target(Path(path))
    folder = path.parent
    prefix = f".{path.name}."
    if sweep:
        for stale in folder.glob(f"{prefix}*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        mode = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    except OSError as err:
        raise WatchlistError(f"{path}: cannot save: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.fchmod(fh.fileno(), mode if mode is not None else 0o644)
        os.replace(tmp, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WatchlistError(f"{path}: cannot save: {err.strerror or err}; "
                             "the file was left as it was") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
