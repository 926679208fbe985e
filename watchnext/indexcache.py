"""The search and similarity indexes: built into the compiled catalog, else cached on disk.

The compiled catalog (watchnext.compiled) carries both indexes for its titles: a catalog
opened from it with no user titles reads them from there, with no build at all. Otherwise (user
catalogs on top, no compiled file) an index is built once and kept in paths.cache_dir() as
`search-vN-<fingerprint>.pickle` (older ones are removed). Every file is read through
watchnext.safepickle (plain data only: a crafted file cannot run code) and only from a cache
folder that is this user's own; missing, unreadable, foreign or incomplete files read as None:
the caller rebuilds.
"""

from __future__ import annotations

import gc
import os
import threading
from dataclasses import fields
from pathlib import Path

from . import paths, safepickle

_build_lock = threading.Lock()  # each index is built once; other threads wait for it


def index_path(kind: str, version: int, fingerprint: str) -> Path:
    return paths.cache_dir() / f"{kind}-v{version}-{fingerprint}.pickle"


def _valid(ix, cls, fingerprint: str) -> bool:
    return (isinstance(ix, cls) and getattr(ix, "fingerprint", None) == fingerprint
            and all(f.name in ix.__dict__ for f in fields(ix)))


def field_blobs(kind: str, version: int, ix) -> dict[str, bytes]:
    """An index as one blob per field, for the compiled catalog: a query loads only the
    fields it uses."""
    import json

    names = [f.name for f in fields(ix) if not f.name.startswith("_") and f.name != "fingerprint"]
    out = {f"{kind}-v{version}:{n}": safepickle.dumps(getattr(ix, n)) for n in names}
    out[f"{kind}-v{version}:fields"] = json.dumps(names).encode()
    return out


def lazy_field(obj, name: str):
    """`obj.name` for an index opened from the compiled catalog: read on first use."""
    load = obj.__dict__.get("_load_field")
    if load is None or name.startswith("__"):
        raise AttributeError(name)
    value = load(name)
    obj.__dict__[name] = value
    return value


def materialize(ix) -> None:
    """Read every field of an index opened from the compiled catalog now (the app's warm-up
    does it in a worker), so that no keystroke waits for one."""
    for f in fields(ix):
        getattr(ix, f.name)


def from_store(catalog, kind: str, version: int, cls: type):
    """The index built into the compiled catalog this catalog was opened from (its fields
    read when first used), or None."""
    import json
    from dataclasses import MISSING

    store = getattr(catalog, "_store", None)
    if store is None or catalog.fingerprint != store.key:
        return None
    prefix = f"{kind}-v{version}:"
    try:
        names = json.loads(store.blob(prefix + "fields") or b"null")
    except ValueError:
        return None
    known = {f.name for f in fields(cls)}
    if not isinstance(names, list) or not set(names) <= known:
        return None
    ix = object.__new__(cls)
    for f in fields(cls):
        if f.name not in names:
            if f.default_factory is not MISSING:
                ix.__dict__[f.name] = f.default_factory()
            elif f.default is not MISSING:
                ix.__dict__[f.name] = f.default
    ix.__dict__["fingerprint"] = store.key
    lock = threading.Lock()

    def load(name: str):
        if name not in names:
            raise AttributeError(name)
        with lock:
            if name in ix.__dict__:
                return ix.__dict__[name]
            enabled = gc.isenabled()
            gc.disable()
            try:
                data = store.blob(prefix + name)
                if data is None:
                    raise store._damaged(f"no {prefix}{name}")
                try:
                    return safepickle.loads(data)
                except Exception as err:
                    raise store._damaged(f"{prefix}{name}: {err}") from None
            finally:
                if enabled:
                    gc.enable()

    ix.__dict__["_load_field"] = load
    return ix


def read_index(kind: str, version: int, fingerprint: str, cls: type):
    """The cached index of class `cls` built for `fingerprint`, or None."""
    if not fingerprint:
        return None
    from .loader import _owned_file, usable_cache_dir

    if usable_cache_dir() is None:
        return None
    path = index_path(kind, version, fingerprint)
    if not _owned_file(path):
        return None
    enabled = gc.isenabled()
    gc.disable()  # unpickling many small objects is much faster without the collector
    try:
        with open(path, "rb") as fh:
            ix = safepickle.load(fh)
    except Exception:  # crafted, foreign or damaged: rebuilt
        return None
    finally:
        if enabled:
            gc.enable()
    return ix if _valid(ix, cls, fingerprint) else None


def write_index(kind: str, version: int, ix) -> None:
    """Store `ix` atomically; never fails the caller (no cache is only slower)."""
    from .loader import usable_cache_dir

    if not ix.fingerprint or usable_cache_dir() is None:
        return
    path = index_path(kind, version, ix.fingerprint)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(safepickle.dumps(ix))
        os.replace(tmp, path)
        for old in path.parent.glob(f"{kind}-v*.pickle"):
            if old != path:
                try:
                    old.unlink()
                except OSError:
                    pass
    except OSError:
        try:  # a full disk leaves no partial file behind
            tmp.unlink()
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
    with _build_lock:  # the TUI's workers ask at once: one builds, the others wait for it
        ix = getattr(catalog, attr, None)
        if (ix is not None and len(ix.ids) == len(catalog.titles)
                and ix.fingerprint == (catalog.fingerprint or "")):
            return ix
        ix = from_store(catalog, kind, version, cls)
        if ix is None:
            ix = read_index(kind, version, catalog.fingerprint, cls) if use_cache else None
            if ix is not None and not fits(ix, catalog):
                ix = None
        if ix is None:
            ix = build(catalog)
            if use_cache:
                write_index(kind, version, ix)
        setattr(catalog, attr, ix)
    return ix
