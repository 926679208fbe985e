"""load_catalog: the shipped titles (the compiled catalog, opened, not loaded) and the user's
catalogs on top, each file's parse cached; parsing the TOML and compiling it.

Shipped titles come from <catalog>/titles/*.toml, vocabularies from <catalog>/vocab/*.toml, and
every *.toml in user_config_dir("watchnext")/catalogs/ loads on top (a user record with the id of
a shipped one replaces it). A bad file or record never stops the rest from loading: each problem
becomes one line naming the file, the record and the field, in Catalog.problems (records.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import paths
from ..model import Title
from .cache import _owned_file, _warn_once, _warned, usable_cache_dir  # noqa: F401 (below)
from .lookup import Catalog
from .records import _to_title, _where, catalog_files, check_record, read_titles_file
from .vocab import load_vocab

CACHE_VERSION = 6
# (_owned_file, _warned: read through this module, by indexcache and the tests)


def parse_catalog(shipped: Path, user: Path | None) -> Catalog:
    """Load everything from TOML (no cache)."""
    ship_files, user_files = catalog_files(shipped, user)
    problems: list[str] = []
    by_id: dict[str, Title] = {}
    origin: dict[str, Path] = {}
    for layer, files in (("shipped", ship_files), ("user", user_files)):
        layer_ids: set[str] = set()
        for path in files:
            result = read_titles_file(path)
            problems.extend(result.problems)
            for i, rec in result.numbered():
                tid = rec["id"]
                if tid in layer_ids:
                    problems.append(f"{_where(path, i, rec)}: duplicate id {tid!r} "
                                    f"(first in {origin[tid]}); skipped")
                    continue
                layer_ids.add(tid)
                origin[tid] = path
                by_id[tid] = _to_title(rec)
    people, theme_aliases, vocab_problems = load_vocab(shipped)
    problems.extend(vocab_problems)
    titles = list(by_id.values())
    return Catalog(titles=titles, people_aliases=people, theme_aliases=theme_aliases,
                   problems=problems)


def open_shipped(shipped: Path, *, use_cache: bool = True):
    """The compiled shipped catalog: the one shipped beside the TOML files, else the one this
    user's cache holds; None when neither fits the TOML files."""
    from . import compiled

    key = compiled.source_key(shipped)
    store = compiled.open_store(shipped / compiled.FILE_NAME, key)
    if store is None and use_cache:
        d = usable_cache_dir()
        path = d / compiled.FILE_NAME if d is not None else None
        if path is not None and _owned_file(path):
            store = compiled.open_store(path, key)
    return store, key


def compile_shipped(shipped: Path, out: Path | None = None, *, with_indexes: bool = True,
                    report=None) -> Path:
    """Parse the shipped TOML files once and write the compiled catalog (by default beside
    them), with the search and similar indexes built in."""
    from . import compiled

    key = compiled.source_key(shipped)
    if report:
        report("reading the catalog files")
    cat = parse_catalog(shipped, None)
    cat.fingerprint = key
    out = Path(out) if out is not None else shipped / compiled.FILE_NAME
    compile_catalog(cat, out, key, with_indexes=with_indexes, report=report)
    from .indexcache import remove_pickles

    remove_pickles()  # (what older versions cached is never read again)
    return out


def compile_catalog(cat: Catalog, out: Path, key: str, *, with_indexes: bool = True,
                    report=None) -> None:
    """Write `cat` as a compiled catalog at `out` for sources `key` (benchmarks/ compile
    synthetic catalogs with it); with_indexes: the indexes registered in INDEX_BUILDERS (search
    and similar) are built and stored in it."""
    from . import INDEX_BUILDERS, compiled

    blobs: dict[str, bytes] = {}
    postings: dict[str, dict] = {}
    if with_indexes:
        for what, make in INDEX_BUILDERS.values():
            if report:
                report(what)
            blobs.update(make(cat, postings))
    if report:
        report(f"writing {out}")
    compiled.write(out, key, list(cat.titles), cat.people_aliases, cat.theme_aliases,
                   cat.problems, blobs, postings)


_listeners: list = []  # the app's: progress shown in its own bar, not on its terminal


class reporting:
    """`with reporting(fn):` progress messages of this block go to fn(msg) ("" when done)
    instead of the terminal (the app shows them while it loads the catalog)."""

    def __init__(self, fn) -> None:
        self.fn = fn

    def __enter__(self):
        _listeners.append(self.fn)
        return self

    def __exit__(self, *exc) -> None:
        _listeners.remove(self.fn)


def progress(msg: str) -> None:
    """One line of progress on the terminal, rewritten in place ("" clears it); nothing when
    stderr is not a terminal. Written to the real stderr: it is ours, not data."""
    if _listeners:
        for fn in list(_listeners):
            fn(msg)
        return
    if sys.stderr.isatty():
        print(f"\r\x1b[Kwatchnext: {msg}…" if msg else "\r\x1b[K", end="", file=sys.__stderr__,
              flush=True)


def _user_layer(user_files: list[Path], use_cache: bool) -> tuple[list[tuple[Path, int, dict]], list[str], str]:
    """Every valid record of the user's catalog files (path, index, record), their problems and
    a key that changes when any of them does. Each file's parse is cached (as plain data) by
    its path, size and time, so one edited file is the only one read again."""
    import json

    from .compiled import sha256

    h = sha256()
    out: list[tuple[Path, int, dict]] = []
    problems: list[str] = []
    d = usable_cache_dir() if use_cache else None
    for path in user_files:
        try:
            st = path.stat()
        except OSError as err:
            problems.append(f"{path}: cannot read: {err.strerror or err}")
            continue
        stamp = f"{path}\0{st.st_size}\0{st.st_mtime_ns}"
        h.update(stamp.encode() + b"\n")
        cached = None
        cache_file = None
        if d is not None:
            cache_file = d / "overlay" / (sha256(str(path).encode()).hexdigest()[:24] + ".json")
            if _owned_file(cache_file):
                try:
                    data = json.loads(cache_file.read_text(encoding="utf-8"))
                    if (isinstance(data, dict) and data.get("stamp") == stamp
                            and data.get("version") == CACHE_VERSION):
                        cached = data
                except (OSError, ValueError, RecursionError):
                    cached = None
        if cached is None:
            res = read_titles_file(path)
            cached = {"stamp": stamp, "version": CACHE_VERSION, "problems": res.problems,
                      "records": [[i, r] for i, r in res.numbered()]}
            if cache_file is not None:
                try:
                    cache_file.parent.mkdir(parents=True, exist_ok=True)
                    tmp = cache_file.with_name(f"{cache_file.name}.{os.getpid()}.tmp")
                    tmp.write_text(json.dumps(cached, ensure_ascii=False, default=str), encoding="utf-8")
                    os.replace(tmp, cache_file)
                except (OSError, ValueError, TypeError, RecursionError):
                    pass
        problems.extend(p for p in cached.get("problems", []) if isinstance(p, str))
        for item in cached.get("records", []):
            if isinstance(item, list) and len(item) == 2 and isinstance(item[1], dict):
                rec = item[1]  # checked again: the cache is only data we wrote
                if all("(ignored)" in e for e in check_record(rec, "")):
                    out.append((path, item[0], rec))
    return out, problems, h.hexdigest()[:16]


def load_catalog(
    catalog_dir: Path | str | None = None,
    user_dir: Path | str | None = None,
    *,
    use_cache: bool = True,
    include_user: bool = True,
) -> Catalog:
    """The catalog: shipped titles plus the user's own catalogs.

    The shipped titles come from the compiled catalog (compiled.py) when one fits the
    TOML files: opened, not loaded. Without one (a checkout before `make`, an edited file) the
    TOML is parsed once and compiled into the cache folder for the next run. User catalogs are
    an overlay on top, each file's parse cached by its size and time; a user record with the id
    of a shipped one replaces it."""
    shipped = Path(catalog_dir) if catalog_dir is not None else paths.shipped_catalog_dir()
    user = (Path(user_dir) if user_dir is not None else paths.user_catalog_dir()) if include_user else None
    _, user_files = catalog_files(shipped, user)
    store, key = open_shipped(shipped, use_cache=use_cache)
    cache = usable_cache_dir() if use_cache and store is None else None
    if store is None:
        if cache is not None:
            progress("compiling the catalog (once)")
            try:
                from . import compiled

                out = cache / compiled.FILE_NAME
                compile_shipped(shipped, out, with_indexes=False, report=progress)
                store = compiled.open_store(out, key)
            except (OSError, ValueError) as err:  # no cache this time: say once why it is slow
                _warn_once(f"cannot write the catalog cache ({err}): every run reads the catalog files")
            finally:
                progress("")
        if store is None:
            cat = parse_catalog(shipped, None)
            cat.fingerprint = key
            base_titles, people, themes, problems = cat.titles, cat.people_aliases, cat.theme_aliases, cat.problems
    if store is not None:
        import json

        meta = store.meta
        people = json.loads(meta.get("people", "{}"))
        themes = json.loads(meta.get("themes", "{}"))
        problems = list(json.loads(meta.get("problems", "[]")))
        if not user_files:
            return Catalog(people_aliases=people, theme_aliases=themes, problems=problems,
                           fingerprint=key, store=store)
    if not user_files:
        return Catalog(titles=list(base_titles), people_aliases=people, theme_aliases=themes,
                       problems=problems, fingerprint=key)
    records, user_problems, user_key = _user_layer(user_files, use_cache)
    problems = problems + user_problems
    user: dict[str, Title] = {}
    seen: dict[str, Path] = {}
    for path, i, rec in records:
        tid = rec["id"]
        if tid in seen:
            problems.append(f"{_where(path, i, rec)}: duplicate id {tid!r} (first in {seen[tid]}); skipped")
            continue
        seen[tid] = path
        user[tid] = _to_title(rec)
    if store is not None:  # an overlay: the shipped titles and their indexes stay in the file
        return Catalog(people_aliases=people, theme_aliases=themes, problems=problems,
                       fingerprint=f"{key}-{user_key}", store=store, overlay=list(user.values()))
    by_id = {t.id: t for t in base_titles}
    by_id.update(user)
    return Catalog(titles=list(by_id.values()), people_aliases=people, theme_aliases=themes,
                   problems=problems, fingerprint=f"{key}-{user_key}")
