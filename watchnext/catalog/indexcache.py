"""The search and similarity indexes: built into the compiled catalog, else cached on disk.

The compiled catalog (compiled.py) carries both indexes for its titles: a catalog
opened from it with no user titles reads them from there, with no build at all. Otherwise (user
catalogs on top, no compiled file) an index is built once and kept in paths.cache_dir() as
`search-vN-<fingerprint>.index` (older ones, and the pickles of older versions, are removed).
Every field is stored as data (catalog/codec.py: a JSON tree naming raw arrays and packed text;
nothing in a file names code) and read only from a cache folder that is this user's own;
missing, unreadable, foreign or incomplete files read as None: the caller rebuilds.
"""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path

from .. import paths
from . import codec

_MASKS = "#masks"  # in a compiled index's "packed" list: a field stored by pack_masks
_build_lock = threading.RLock()  # each index is built once; other threads wait for it


_SUFFIX = ".index"
_FILE_FORMAT = 1  # of the cache files: {"format", "kind", "version", "fingerprint", "fields"}


def index_path(kind: str, version: int, fingerprint: str) -> Path:
    return paths.cache_dir() / f"{kind}-v{version}-{fingerprint}{_SUFFIX}"


def _stored_names(cls) -> list[str]:
    return [n for n in cls.FIELDS if not n.startswith("_")]


def field_blobs(kind: str, version: int, ix, postings: dict | None = None) -> dict[str, bytes]:
    """An index as one blob per field, for the compiled catalog: a query loads only the
    fields it uses. With `postings` (a dict to fill), posting fields keyed by text
    (search.Postings) go there instead, as {key: idx list}: a query then reads single keys."""
    import json

    from .packed import pack_masks, pack_strings

    names = [n for n in _stored_names(type(ix)) if n != "fingerprint"]
    out: dict[str, bytes] = {}
    keyed: dict[str, int] = {}  # field -> 1 + its largest idx (checked on read)
    packed: dict[str, str | None] = {}  # field -> None (packed text) / the text field it indexes
    lookups = getattr(type(ix), "LOOKUPS", {})
    for n, src in lookups.items():  # {text: position} of a packed field: nothing to store
        value, strings = getattr(ix, n), getattr(ix, src)
        if (isinstance(value, dict) and len(value) == len(strings)
                and all(value.get(x) == i for i, x in enumerate(strings))):
            packed[n] = src
    for n in names:
        value = getattr(ix, n)
        if n in packed:
            continue
        if (n in getattr(type(ix), "PACKED", ()) and isinstance(value, list)
                and len(value) >= getattr(type(ix), "PACK_MIN", 0)
                and all(type(x) is str for x in value)):
            out[f"{kind}-v{version}:{n}"] = pack_strings(value, n in packed.values())
            packed[n] = None
        elif (n in getattr(type(ix), "MASKS", ()) and isinstance(value, list)
                and all(type(x) is int and x >= 0 for x in value) and len(value) < 1 << 31
                and max(value, default=0).bit_length() <= 1 << 16):
            out[f"{kind}-v{version}:{n}"] = pack_masks(value)
            packed[n] = _MASKS
        elif (postings is not None and getattr(value, "KEYED", False)
                and all(isinstance(k, str) for k in value.keys())):
            table = postings[f"{kind}-v{version}:{n}"] = {k: value.get(k) for k in value.keys()}
            keyed[n] = 1 + max((max(v) for v in table.values() if v), default=-1)
        else:
            out[f"{kind}-v{version}:{n}"] = codec.encode(value)
    extra = getattr(type(ix), "extra_blobs", None)  # arrays stored raw (similar/arrays.py)
    if extra is not None:
        out.update(extra(ix, f"{kind}-v{version}:"))
    for n, src in list(packed.items()):
        if src not in (None, _MASKS) and packed.get(src, "") is not None:  # text not packed
            del packed[n]
            out[f"{kind}-v{version}:{n}"] = codec.encode(getattr(ix, n))
    out[f"{kind}-v{version}:fields"] = json.dumps(names).encode()
    out[f"{kind}-v{version}:keyed"] = json.dumps(keyed).encode()
    out[f"{kind}-v{version}:packed"] = json.dumps(packed).encode()
    return out


def materialize(ix) -> None:
    """Read every field of an index opened from the compiled catalog now (the app's warm-up
    does it in a worker), so that no keystroke waits for one."""
    for n in type(ix).FIELDS:
        getattr(ix, n)


def from_store(catalog, kind: str, version: int, cls: type, *, shipped_only: bool = True):
    """The index built into the compiled catalog this catalog was opened from (its fields
    read when first used), or None. It covers the shipped titles: unless `shipped_only` is
    False, None for a catalog with user titles on top."""
    import json

    store = getattr(catalog, "_store", None)
    if store is None or (shipped_only and catalog.fingerprint != store.key):
        return None
    prefix = f"{kind}-v{version}:"
    try:
        names = json.loads(store.blob(prefix + "fields") or b"null")
    except ValueError:
        return None
    if not isinstance(names, list) or not set(names) <= set(cls.FIELDS):
        return None
    ix = object.__new__(cls)
    for n, make in cls.DEFAULTS.items():
        if n not in names:
            ix.__dict__[n] = make()
    ix.__dict__["fingerprint"] = store.key
    try:
        keyed = json.loads(store.blob(prefix + "keyed") or b"{}")
    except ValueError:
        return None
    if (not isinstance(keyed, dict) or not set(keyed) <= set(names)
            or not all(type(b) is int for b in keyed.values())):
        return None
    try:
        packed = json.loads(store.blob(prefix + "packed") or b"{}")
    except ValueError:
        return None
    if (not isinstance(packed, dict) or not set(packed) <= set(names)
            or not all(v is None or v == _MASKS or (v in packed and packed[v] is None)
                       for v in packed.values())):
        return None
    from .compiled import StorePostings

    for name, bound in keyed.items():
        ix.__dict__[name] = StorePostings(store, prefix + name, bound)
    lock = threading.Lock()
    orders: dict = {}  # a packed text's sorted order, kept for the lookup over it

    def read(name: str):
        data = store.blob(prefix + name)
        if data is None:
            raise store._damaged(f"no {prefix}{name}")
        return data

    in_place = getattr(cls, "IN_PLACE", ())  # fields read an item at a time: left in the file

    def damaged(name: str):
        return lambda what: store._damaged(f"{prefix}{name}: {what}")

    def unpacked(name: str):
        from .packed import PackedLookup, unpack_masks
        from .stored import stored_masks, stored_strings

        if packed[name] == _MASKS:
            if name in in_place:
                blob = store.open_blob(prefix + name)
                got = stored_masks(blob, damaged(name)) if blob is not None else None
                if got is not None:
                    return got
            try:
                return unpack_masks(read(name))
            except ValueError as err:
                raise store._damaged(f"{prefix}{name}: {err}") from None
        src = packed[name] or name
        have = ix.__dict__.get(src)  # the text once, if it is already read
        if packed[name] is not None and src in orders and have is not None:
            return PackedLookup(have, orders[src])
        blob = store.open_blob(prefix + src)  # (read where asked: nothing of it kept)
        if blob is None:
            raise store._damaged(f"no {prefix}{src}")
        strings, order = stored_strings(blob, damaged(src))
        if order is not None:
            orders[src] = order
        if packed[name] is None:
            return strings
        if order is None:
            raise store._damaged(f"{prefix}{src}: no sorted order")
        if have is None or len(have) != len(strings):
            have = ix.__dict__[src] = strings  # (the text field itself, read once for both)
        return PackedLookup(have, order)

    def load(name: str):
        if name not in names:
            raise AttributeError(name)
        with lock:
            if name in ix.__dict__:
                return ix.__dict__[name]
            if name in packed:
                return unpacked(name)
            if name in in_place:
                from .stored import stored_array

                blob = store.open_blob(prefix + name)
                got = stored_array(blob) if blob is not None else None
                if got is not None:
                    return got
            enabled = gc.isenabled()
            gc.disable()
            try:
                data = read(name)
                try:
                    return codec.decode(data)
                except ValueError as err:
                    raise store._damaged(f"{prefix}{name}: {err}") from None
            finally:
                if enabled:
                    gc.enable()

    ix.__dict__["_load_field"] = load
    # other blobs of this index (raw arrays), for the index's own reader; `_store_key` tells an
    # index opened here from a copy extended with user titles (another fingerprint)
    ix.__dict__["_read_blob"] = lambda name: store.blob(prefix + name)
    ix.__dict__["_store_key"] = store.key
    ix.__dict__["_prefetch"] = store.prefetch  # the rows of positions about to be shown
    ix.__dict__["_pos_of_id"] = store.pos_of_id  # an id's position (one indexed read)
    return ix


def read_index(kind: str, version: int, fingerprint: str, cls: type):
    """The cached index of class `cls` built for `fingerprint`, or None (no file, not ours,
    damaged, another version or kind: the caller rebuilds)."""
    if not fingerprint:
        return None
    from .cache import _owned_file, usable_cache_dir

    if usable_cache_dir() is None:
        return None
    path = index_path(kind, version, fingerprint)
    if not _owned_file(path):
        return None
    enabled = gc.isenabled()
    gc.disable()  # many small objects at once: much faster without the collector
    try:
        got = codec.decode(path.read_bytes())
    except (OSError, ValueError, MemoryError):  # foreign or damaged: rebuilt
        return None
    finally:
        if enabled:
            gc.enable()
    names = _stored_names(cls)
    if (type(got) is not dict or got.get("format") != _FILE_FORMAT or got.get("kind") != kind
            or got.get("version") != version or got.get("fingerprint") != fingerprint
            or type(got.get("fields")) is not dict or sorted(got["fields"]) != sorted(names)):
        return None
    ix = object.__new__(cls)
    ix.__dict__.update(got["fields"])
    ix.__dict__["_sets"] = {}
    return ix


def write_index(kind: str, version: int, ix) -> None:
    """Store `ix` atomically; never fails the caller (no cache is only slower)."""
    from .cache import usable_cache_dir

    if not ix.fingerprint or usable_cache_dir() is None:
        return
    path = index_path(kind, version, ix.fingerprint)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        data = codec.encode({"format": _FILE_FORMAT, "kind": kind, "version": version,
                             "fingerprint": ix.fingerprint,
                             "fields": {n: getattr(ix, n) for n in _stored_names(type(ix))}})
    except ValueError:  # (a field that is not data: a bug, but no cache is only slower)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
        remove_old(kind, keep=path)
    except OSError:
        try:  # a full disk leaves no partial file behind
            tmp.unlink()
        except OSError:
            pass


def remove_old(kind: str, keep: Path | None = None) -> None:
    """Delete the `kind` index caches other than `keep`, and the pickles older versions kept."""
    for old in paths.cache_dir().glob(f"{kind}-v*{_SUFFIX}"):
        if old != keep:
            try:
                old.unlink()
            except OSError:
                pass
    remove_pickles()


def remove_pickles() -> None:
    """Delete the index caches older versions kept as pickles (`search-vN-….pickle`,
    `similar-vN-….pickle`): never read again. Only in a cache folder that is the user's own."""
    from .cache import usable_cache_dir

    d = usable_cache_dir()
    if d is None:
        return
    for old in (*d.glob("search-v*.pickle"), *d.glob("similar-v*.pickle")):
        try:
            old.unlink()
        except OSError:
            pass


def cached_index(catalog, kind: str, version: int, cls: type, build, fits, *,
                 use_cache: bool = True):
    """The `kind` index of `catalog`: kept on the catalog object, else read from the disk cache
    (if `fits(ix, catalog)`: built for these very titles), else built with `build(catalog)` and
    stored. Search and similar share this."""
    attr = f"_{kind}_index"

    def current(ix) -> bool:  # (`years`, not `ids`: a small field to read from the compiled file)
        return (ix is not None and len(ix.years) == len(catalog.titles)
                and ix.fingerprint == (catalog.fingerprint or ""))

    ix = getattr(catalog, attr, None)
    if current(ix):
        return ix
    with _build_lock:  # the TUI's workers ask at once: one builds, the others wait for it
        ix = getattr(catalog, attr, None)
        if current(ix):
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


def overlay_indexes(catalog, kind: str, version: int, cls: type, build, fits):
    """[(shipped index, idx it must not return), (index of the user's titles, set())] for a
    catalog opened from a compiled file with user titles on top (Catalog.overlay): the
    shipped index is read from the compiled file, the user's is built for their titles alone
    (cached on disk by the user files' fingerprint). In both, `pos` is a position in
    catalog.titles."""
    import copy
    from array import array

    def make():
        from .lookup import Catalog

        base = shipped_index(catalog, kind, version, cls, build, fits)
        replaced = catalog.titles.replaced
        dead = {i for i, p in enumerate(base.pos) if p in replaced} if replaced else set()
        mini = Catalog(titles=[t for _, t in catalog.overlay], people_aliases=catalog.people_aliases,
                       theme_aliases=catalog.theme_aliases,
                       fingerprint=f"{catalog.fingerprint}-own")
        own = copy.copy(cached_index(mini, kind, version, cls, build, fits))
        positions = [p for p, _ in catalog.overlay]
        own.pos = array("i", [positions[p] for p in own.pos])
        own._sets = {}
        return [(base, dead), (own, set())]

    return _once(catalog, f"_{kind}_parts", make)


def _once(catalog, attr: str, make):
    """catalog.<attr>, made by make() the first time (one thread makes it, the others wait)."""
    got = catalog.__dict__.get(attr)
    if got is None:
        with _build_lock:
            got = catalog.__dict__.get(attr)
            if got is None:
                got = catalog.__dict__[attr] = make()
    return got


def shipped_index(catalog, kind: str, version: int, cls: type, build, fits):
    """The index of the shipped titles under `catalog`'s overlay: from the compiled file, else
    (a compiled file made in the cache folder carries no indexes) cached or built once for the
    shipped titles alone."""
    base = from_store(catalog, kind, version, cls, shipped_only=False)
    if base is None:
        from .lookup import Catalog

        store = catalog._store
        shipped = Catalog(people_aliases=catalog.people_aliases,
                          theme_aliases=catalog.theme_aliases, fingerprint=store.key, store=store)
        base = cached_index(shipped, kind, version, cls, build, fits)
    return base


def extended_index(catalog, kind: str, version: int, cls: type, build, fits, extend):
    """The shipped index with the user titles of `catalog.overlay` added by
    `extend(base, catalog)`: kept on the catalog object."""
    return _once(catalog, f"_{kind}_index",
                 lambda: extend(shipped_index(catalog, kind, version, cls, build, fits), catalog))
