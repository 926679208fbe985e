"""On-disk cache of the search and similarity indexes, keyed by the catalog's fingerprint.

One file per kind (`search-vN-<fingerprint>.pickle`, `similar-vN-...`) in paths.cache_dir();
older ones are removed when a new one is written. Missing, unreadable, foreign or incomplete
files read as None: the caller rebuilds.
"""

from __future__ import annotations

import gc
import os
import pickle
from dataclasses import fields
from pathlib import Path

from . import paths


def index_path(kind: str, version: int, fingerprint: str) -> Path:
    return paths.cache_dir() / f"{kind}-v{version}-{fingerprint}.pickle"


def read_index(kind: str, version: int, fingerprint: str, cls: type):
    """The cached index of class `cls` built for `fingerprint`, or None."""
    if not fingerprint:
        return None
    enabled = gc.isenabled()
    gc.disable()  # unpickling many small objects is much faster without the collector
    try:
        with open(index_path(kind, version, fingerprint), "rb") as fh:
            ix = pickle.load(fh)
    except Exception:
        return None
    finally:
        if enabled:
            gc.enable()
    if not isinstance(ix, cls) or getattr(ix, "fingerprint", None) != fingerprint:
        return None
    if not all(f.name in ix.__dict__ for f in fields(ix)):  # written by an older layout
        return None
    return ix


def write_index(kind: str, version: int, ix) -> None:
    """Store `ix` atomically; never fails the caller (no cache is only slower)."""
    if not ix.fingerprint:
        return
    try:
        path = index_path(kind, version, ix.fingerprint)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(ix, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob(f"{kind}-v*.pickle"):
            if old != path:
                try:
                    old.unlink()
                except OSError:
                    pass
    except OSError:
        pass


def cached_index(catalog, kind: str, version: int, cls: type, build, fits, *,
                 use_cache: bool = True):
    """The `kind` index of `catalog`: kept on the catalog object, else read from the disk cache
    (if `fits(ix, catalog)`: built for these very titles), else built with `build(catalog)` and
    stored. Search and similar share this."""
    attr = f"_{kind}_index"
    ix = getattr(catalog, attr, None)
    if (ix is not None and len(ix.ids) == len(catalog.titles)
            and ix.fingerprint == (catalog.fingerprint or "")):
        return ix
    ix = read_index(kind, version, catalog.fingerprint, cls) if use_cache else None
    if ix is not None and not fits(ix, catalog):
        ix = None
    if ix is None:
        ix = build(catalog)
        if use_cache:
            write_index(kind, version, ix)
    setattr(catalog, attr, ix)
    return ix
