"""The cache folder, used only when it is ours: a folder owned by this user and not writable
by others (anything else, planted in a shared folder, is ignored with one warning); a file in
it is read only when this user owns it and no one else may write it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import paths


def usable_cache_dir() -> Path | None:
    """The cache folder, if it is ours: a folder owned by this user and not writable by others.
    Anything else (planted by another user in a shared folder) is ignored with one warning."""
    d = paths.cache_dir()
    try:
        st = d.stat()
    except FileNotFoundError:
        return d
    except OSError:
        return None
    import stat as _stat

    if not _stat.S_ISDIR(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()) \
            or st.st_mode & (_stat.S_IWGRP | _stat.S_IWOTH):
        _warn_once(f"{d}: not a private folder of this user: the cache is not used")
        return None
    return d


_warned: set[str] = set()


def _warn_once(msg: str) -> None:
    if msg not in _warned:
        _warned.add(msg)
        print(f"watchnext: warning: {msg}", file=sys.stderr)


def _owned_file(path: Path) -> bool:
    try:
        st = path.stat()
    except OSError:
        return False
    import stat as _stat

    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return _stat.S_ISREG(st.st_mode) and not st.st_mode & (_stat.S_IWGRP | _stat.S_IWOTH)
