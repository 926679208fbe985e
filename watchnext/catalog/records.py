"""Catalog TOML files read into Title records, with validation: a bad file or record never
stops the rest from loading; each problem becomes one line naming the file, the record and the
field (Catalog.problems; `watchnext catalog validate` prints them)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..model import KINDS, SCHEMA, Title

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
    from ..text import has_control

    for name in SCHEMA:
        v = rec.get(name)
        if (isinstance(v, str) and has_control(v)) or (
                isinstance(v, list) and any(isinstance(x, str) and has_control(x) for x in v)):
            out.append(f"{where}: field {name!r} holds control characters: they are shown "
                       "escaped (ignored)")
    return out


def read_titles_file(path: Path) -> FileResult:
    """Parse one catalog file; records with problems are left out and reported."""
    import tomllib  # only when parsing: a warm start never needs it
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        return FileResult([], [f"{path}: TOML syntax error: {err}"])
    except RecursionError:
        return FileResult([], [f"{path}: nested too deeply to read (arrays or tables inside "
                               "each other hundreds of levels deep); the file was skipped"])
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
    """A Title from a checked record. Text is data: control characters in a user's file are
    made visible here, once, so that no screen (CLI or app) ever receives them."""
    from ..text import visible

    kw = {}
    for name in _TITLE_FIELDS:
        if name not in rec:
            continue
        v = rec[name]
        if name in _LIST_FIELDS:
            v = tuple(intern(visible(s)) for s in v)
        elif isinstance(v, str):
            v = visible(v)
            if name in ("kind", "age_rating", "based_on", "franchise"):
                v = intern(v)
            kw[name] = v
            continue
        elif name in ("kind", "age_rating", "based_on", "franchise"):
            v = intern(v)
        kw[name] = v
    return Title(**kw)


def catalog_files(shipped: Path, user: Path | None) -> tuple[list[Path], list[Path]]:
    ship = sorted((shipped / "titles").glob("*.toml"))
    mine = sorted(user.glob("*.toml")) if user is not None and user.is_dir() else []
    return ship, mine
