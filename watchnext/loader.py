"""Read catalog TOML files into Title records: validation, user catalogs, and a versioned cache.

Shipped titles come from <catalog>/titles/*.toml, vocabularies from <catalog>/vocab/*.toml, and
every *.toml in user_config_dir("watchnext")/catalogs/ loads on top (a user record with the id of
a shipped one replaces it). A bad file or record never stops the rest from loading: each problem
becomes one line naming the file, the record and the field, in Catalog.problems.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from pathlib import Path

from . import paths
from .catalog import Catalog
from .model import KINDS, SCHEMA, Title
from .text import fold

CACHE_VERSION = 6
_TITLE_FIELDS = list(Title._fields)
_LIST_FIELDS = {name for name, (typ, _) in SCHEMA.items() if typ is list}


class FileResult:
    def __init__(self, records: list[dict], problems: list[str], indexes: list[int] | None = None):
        self.records = records
        self.problems = problems
        self.indexes = indexes  # 1-based position of each record in its file

    def numbered(self):
        return zip(self.indexes or range(1, len(self.records) + 1), self.records)


def _where(path: Path, index: int, rec: object) -> str:
    rid = rec.get("id") if isinstance(rec, dict) else None
    title = rec.get("title") if isinstance(rec, dict) else None
    who = f"id {rid!r}" if isinstance(rid, str) else (f"title {title!r}" if isinstance(title, str) else "no id")
    return f"{path}: record {index} ({who})"


def check_record(rec: object, where: str) -> list[str]:
    """Every problem with one [[titles]] record, each naming the field at fault."""
    if not isinstance(rec, dict):
        return [f"{where}: expected a table, got {type(rec).__name__}"]
    out: list[str] = []
    for name, (typ, required) in SCHEMA.items():
        if name not in rec:
            if required:
                out.append(f"{where}: missing field {name!r}")
            continue
        value = rec[name]
        if typ is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif typ is list:
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        else:
            ok = isinstance(value, str)
        if not ok:
            want = {int: "an integer", list: "a list of strings", str: "a string"}[typ]
            out.append(f"{where}: field {name!r} should be {want}, got {value!r}")
            continue
        if typ is str and required and not value.strip():
            out.append(f"{where}: field {name!r} is empty")
    kind = rec.get("kind")
    if isinstance(kind, str) and kind not in KINDS:
        out.append(f"{where}: field 'kind' is {kind!r}, should be one of: {', '.join(KINDS)}")
    year = rec.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and not 1870 <= year <= 2100:
        out.append(f"{where}: field 'year' is {year}, not a plausible release year")
    for name in ("runtime", "seasons"):
        v = rec.get(name)
        if isinstance(v, int) and v < 0:
            out.append(f"{where}: field {name!r} is negative ({v})")
    unknown = sorted(set(rec) - set(SCHEMA))
    for name in unknown:
        out.append(f"{where}: unknown field {name!r} (ignored)")
    return out


def read_titles_file(path: Path) -> FileResult:
    """Parse one catalog file; records with problems are left out and reported."""
    import tomllib  # only when parsing: a warm start never needs it
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        return FileResult([], [f"{path}: TOML syntax error: {err}"])
    except (OSError, UnicodeDecodeError) as err:
        return FileResult([], [f"{path}: cannot read: {err}"])
    titles = data.get("titles")
    if titles is None:
        return FileResult([], [f"{path}: no [[titles]] tables in this file"])
    if not isinstance(titles, list):
        return FileResult([], [f"{path}: 'titles' should be an array of tables ([[titles]])"])
    records: list[dict] = []
    indexes: list[int] = []
    problems: list[str] = []
    for i, rec in enumerate(titles, start=1):
        where = _where(path, i, rec)
        errs = check_record(rec, where)
        problems.extend(errs)
        if any("(ignored)" not in e for e in errs):
            continue
        records.append(rec)
        indexes.append(i)
    return FileResult(records, problems, indexes)


def _to_title(rec: dict, intern=sys.intern) -> Title:
    kw = {}
    for name in _TITLE_FIELDS:
        if name not in rec:
            continue
        v = rec[name]
        if name in _LIST_FIELDS:
            v = tuple(intern(s) for s in v)
        elif name in ("kind", "age_rating", "based_on", "franchise"):
            v = intern(v)
        kw[name] = v
    return Title(**kw)


def catalog_files(shipped: Path, user: Path | None) -> tuple[list[Path], list[Path]]:
    ship = sorted((shipped / "titles").glob("*.toml"))
    mine = sorted(user.glob("*.toml")) if user is not None and user.is_dir() else []
    return ship, mine


def load_vocab(shipped: Path) -> tuple[dict[str, str], dict[str, list[str]], list[str]]:
    """People aliases (folded alias -> canonical) and theme aliases from <catalog>/vocab/."""
    people: dict[str, str] = {}
    themes: dict[str, list[str]] = {}
    problems: list[str] = []
    import tomllib

    vocab = shipped / "vocab"
    for fname, key in (("people.toml", "people"), ("themes.toml", "themes")):
        path = vocab / fname
        if not path.exists():
            continue
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as err:
            problems.append(f"{path}: {err}")
            continue
        for row in data.get(key, []):
            name = row.get("name")
            if not isinstance(name, str):
                continue
            aliases = [a for a in row.get("aliases", []) if isinstance(a, str)]
            if key == "people":
                for alias in [name, *aliases]:
                    people[fold(alias)] = name
            else:
                themes[name] = aliases
    return people, themes, problems


def _fingerprint(files: list[Path]) -> str:
    h = hashlib.sha256(f"v{CACHE_VERSION}".encode())
    for f in files:
        try:
            st = f.stat()
        except OSError:
            continue
        h.update(f"{f}\0{st.st_mtime_ns}\0{st.st_size}\n".encode())
    return h.hexdigest()[:24]


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


def _cache_path() -> Path:
    return paths.cache_dir() / f"catalog-v{CACHE_VERSION}.pickle"


def load_catalog(
    catalog_dir: Path | str | None = None,
    user_dir: Path | str | None = None,
    *,
    use_cache: bool = True,
    include_user: bool = True,
) -> Catalog:
    """The catalog: shipped titles plus the user's own catalogs, from the cache when it is fresh.

    The cache (user_cache_dir/catalog-vN.pickle) is keyed by every catalog file's path, mtime and
    size, so editing, adding or removing any file rebuilds it; an unreadable cache is ignored."""
    shipped = Path(catalog_dir) if catalog_dir is not None else paths.shipped_catalog_dir()
    user = (Path(user_dir) if user_dir is not None else paths.user_catalog_dir()) if include_user else None
    ship_files, user_files = catalog_files(shipped, user)
    vocab_files = sorted((shipped / "vocab").glob("*.toml"))
    key = _fingerprint([*ship_files, *vocab_files, *user_files])
    cache = _cache_path()
    if use_cache:
        cat = _read_cache(cache, key)
        if cat is not None:
            return cat
    cat = parse_catalog(shipped, user)
    cat.fingerprint = key
    if use_cache:
        _write_cache(cache, key, cat)
    return cat


def _read_cache(cache: Path, key: str) -> Catalog | None:
    # Hundreds of thousands of small objects arrive at once and none of them is garbage: the
    # collector would only walk them again and again (it doubled the load time). It is off while
    # reading and building (the TUI freezes them after its warm-up).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with open(cache, "rb") as fh:
            data = pickle.load(fh)
        if data.get("key") != key:
            return None
        new = tuple.__new__
        titles = [new(Title, row) for row in data["rows"]]
        cat = Catalog(titles=titles, people_aliases=data["people"],
                      theme_aliases=data["themes"], problems=data["problems"], fingerprint=key,
                      name_keys=data["names"])
        return cat
    except Exception:  # a broken or foreign cache is simply rebuilt
        return None
    finally:
        if was_enabled:
            gc.enable()


def _write_cache(cache: Path, key: str, cat: Catalog) -> None:
    rows = [tuple(t) for t in cat.titles]
    data = {"key": key, "rows": rows, "people": cat.people_aliases,
            "themes": cat.theme_aliases, "problems": cat.problems, "names": cat.name_keys}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, cache)
    except OSError:
        pass  # no cache this time; loading still works
