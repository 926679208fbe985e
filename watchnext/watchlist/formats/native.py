"""Our own formats: JSON and CSV with every field, so export then import gives the same list.

JSON: {"format": "watchnext-watchlist", "version": 1, "entries": [{id, title, year, status,
added, watched, rating, note, tags, priority, progress, imdb, diary}, ...]}; a plain list of such
objects (what `watchnext watchlist --json` prints) is read too.
CSV: id,title,year,status,added,watched,rating,priority,progress,tags,note,imdb,diary (tags
joined with ", "; the diary's watches with "; ", each "DATE [RATING] [rewatch] [EPISODE]", '-'
for no date: "2023-06-01 5; 2024-02-10 4.5 rewatch").
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from ..entry import Entry
from ..values import (
    _KNOWN,
    STATUSES,
    InvalidValue,
    WatchlistError,
    parse_progress,
    parse_rating,
    shown,
)
from .common import (
    Row,
    cell,
    columns,
    csv_records,
    parse_date,
    parse_year,
    raw_row,
    split_tags,
    write_csv,
)

CSV_HEADER = ["id", "title", "year", "status", "added", "watched", "rating", "priority",
              "progress", "tags", "note", "imdb", "diary"]
_COLS = {name: (name,) for name in CSV_HEADER}
_COLS["title"] = ("title", "name")


def _row_from_dict(n: int, item: Any) -> Row:
    try:
        return _read_row(n, item)
    except RecursionError:  # json reads ~1,000 levels; showing or checking them recurses deeper
        return Row(line=n, raw="(not shown)", problem=_TOO_DEEP)


def _read_row(n: int, item: Any) -> Row:
    if item is _UNREADABLE:
        return Row(line=n, raw="(not shown)", problem=_TOO_DEEP)
    if item is _HUGE:
        return Row(line=n, raw="(not shown)", problem=_HUGE_NUMBER)
    raw = json.dumps(item, ensure_ascii=False)
    raw = raw if len(raw) <= 160 else raw[:157] + "..."
    row = Row(line=n, raw=raw, exact=True)
    if not isinstance(item, dict):
        row.problem = f"expected an object, got {type(item).__name__}"
        return row
    row.id = str(item.get("id") or "")
    row.name = str(item.get("title") or item.get("name") or "")
    year = item.get("year")
    if isinstance(year, int) and not isinstance(year, bool):
        row.year = year or None
    elif isinstance(year, str):
        parse_year(row, year)
    elif year is not None:
        row.warnings.append(f"year {shown(year)} not understood, ignored")
    row.imdb = str(item.get("imdb") or "")
    extra = item.get("extra") or {}
    if isinstance(extra, dict):
        known = [k for k in extra if k in _KNOWN]
        if known:
            row.problem = (f"'extra' holds {', '.join(map(repr, known))}, a field of its own: "
                           "give it as a field, not in 'extra'")
            return row
        try:  # only values the TOML file holds and gives back as they are (not NaN, not null)
            if tomllib.loads(tomli_w.dumps(extra)) != extra:
                raise ValueError
            row.extra = tuple(extra.items())
        except (TypeError, ValueError):
            row.warnings.append("'extra' fields that TOML cannot hold, ignored")
    fields = {k: item.get(k) for k in ("status", "added", "watched", "rating", "note", "tags",
                                        "priority", "progress") if item.get(k) is not None}
    if isinstance(item.get("diary"), list) and item["diary"]:
        fields["watched"] = item["diary"]  # every watch (the latest is "watched" too)
    try:
        check = Entry.from_dict({"id": row.id or "x", "title": row.name or "x",
                                 "year": row.year or 0, **fields}, keep_extra=False)
    except InvalidValue as err:
        row.problem = str(err)
        return row
    row.status, row.added, row.watched = check.status, check.added, check.watched
    row.rating, row.note, row.tags = check.rating, check.note, check.tags
    row.priority, row.progress = check.priority, check.progress
    row.watches = check.diary
    if not row.id and not row.name and not row.imdb:
        row.problem = "no id, title or imdb"
    return row


_TOO_DEEP = "nested too deeply to read (lists or objects hundreds of levels deep)"
_HUGE_NUMBER = "a number with thousands of digits"
_UNREADABLE, _HUGE = object(), object()  # stand-ins for items json cannot give


def _json_error(path: Path, err: json.JSONDecodeError) -> WatchlistError:
    return WatchlistError(f"{path}: line {err.lineno}, column {err.colno}: not valid JSON: "
                          f"{err.msg}")


def _skip_value(text: str, i: int) -> int:
    """The end of the JSON value starting at text[i], found without recursing (the value is too
    deep for json to read): brackets are counted outside strings."""
    depth, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c in "[{":
            depth += 1
        elif c in "]}":
            if depth == 0:
                return i
            depth -= 1
            if depth == 0:
                return i + 1
        elif depth == 0 and c == ",":
            return i
        i += 1
    raise json.JSONDecodeError("Unterminated value", text, n)


def _items_one_by_one(text: str) -> list[Any]:
    """The rows of a JSON export read one at a time, for a file json cannot read whole (a row
    nested 1,000 deep, a number with thousands of digits): such a row becomes a stand-in and
    the others are read. Raises JSONDecodeError for a file that is not JSON."""
    dec = json.JSONDecoder()
    ws = re.compile(r"[ \t\n\r]*")

    def skip(i: int) -> int:
        return ws.match(text, i).end()

    def value(i: int) -> tuple[Any, int]:
        try:
            return dec.raw_decode(text, i)
        except json.JSONDecodeError:
            raise
        except RecursionError:
            return _UNREADABLE, _skip_value(text, i)
        except ValueError:  # int() past Python's 4300-digit limit
            return _HUGE, _skip_value(text, i)

    def array(i: int) -> tuple[list[Any], int]:
        out: list[Any] = []
        i = skip(i + 1)
        if text.startswith("]", i):
            return out, i + 1
        while True:
            item, i = value(skip(i))
            out.append(item)
            i = skip(i)
            if text.startswith("]", i):
                return out, i + 1
            if not text.startswith(",", i):
                raise json.JSONDecodeError("Expecting ',' delimiter", text, i)
            i += 1

    i = skip(0)
    if text.startswith("[", i):
        return array(i)[0]
    if not text.startswith("{", i):
        raise json.JSONDecodeError("Expecting value", text, i)
    i = skip(i + 1)  # the object form: find its "entries" list
    while not text.startswith("}", i):
        key, i = dec.raw_decode(text, i)
        i = skip(i)
        if not text.startswith(":", i):
            raise json.JSONDecodeError("Expecting ':' delimiter", text, i)
        i = skip(i + 1)
        if key == "entries" and text.startswith("[", i):
            return array(i)[0]
        _, i = value(i)
        i = skip(i)
        if text.startswith(",", i):
            i = skip(i + 1)
        elif not text.startswith("}", i):
            raise json.JSONDecodeError("Expecting ',' delimiter", text, i)
    raise WatchlistError("a JSON object without an 'entries' list: not a watchnext export")


def parse_json(path: Path, text: str) -> tuple[str, list[Row]]:
    try:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            raise
        except (RecursionError, ValueError):
            doc = _items_one_by_one(text)
    except json.JSONDecodeError as err:
        raise _json_error(path, err) from None
    except WatchlistError as err:
        raise WatchlistError(f"{path}: {err}") from None
    if isinstance(doc, dict):
        items = doc.get("entries")
        if not isinstance(items, list):
            raise WatchlistError(f"{path}: a JSON object without an 'entries' list: "
                                 "not a watchnext export")
    elif isinstance(doc, list):
        items = doc
    else:
        raise WatchlistError(f"{path}: JSON {type(doc).__name__}: not a watchnext export")
    return "watchnext JSON", [_row_from_dict(n, item) for n, item in enumerate(items, 1)]


def parse_csv(path: Path, text: str) -> tuple[str, list[Row]]:
    records = list(csv_records(path, text))
    if not records:
        raise WatchlistError(f"{path}: is empty: nothing to import")
    cols = columns(path, records[0][1], _COLS, "watchnext CSV")
    rows: list[Row] = []
    for line, rec in records[1:]:
        row = Row(line=line, raw=raw_row(rec), exact=True, id=cell(rec, cols, "id"),
                  name=cell(rec, cols, "title"), imdb=cell(rec, cols, "imdb"))
        parse_year(row, cell(rec, cols, "year"))
        try:
            status = cell(rec, cols, "status").casefold() or "want"
            if status not in STATUSES:
                raise InvalidValue(f"status {status!r} should be one of: {', '.join(STATUSES)}")
            row.status = status
            row.rating = parse_rating(cell(rec, cols, "rating") or None)
            row.progress = parse_progress(cell(rec, cols, "progress"))
            prio = cell(rec, cols, "priority")
            try:
                row.priority = int(prio) if prio else 0
            except ValueError:
                raise InvalidValue(f"priority {prio!r} should be a whole number") from None
        except InvalidValue as err:
            row.problem = str(err)
        row.added = parse_date(row, cell(rec, cols, "added"), "added")
        row.watched = parse_date(row, cell(rec, cols, "watched"), "watched")
        row.tags = split_tags(row, cell(rec, cols, "tags"))
        row.note = cell(rec, cols, "note")
        try:
            row.watches = _diary_cell(cell(rec, cols, "diary"))
        except InvalidValue as err:
            row.problem = row.problem or str(err)
        if not row.id and not row.name and not row.imdb and not row.problem:
            row.problem = "no id, title or imdb"
        rows.append(row)
    return "watchnext CSV", rows


def _diary_text(entry: Entry) -> str:
    return "; ".join(" ".join(p for p in (w.date or "-", f"{w.rating:g}" if w.rating is not None
                                          else "", "rewatch" if w.rewatch else "", w.episode)
                              if p) for w in entry.diary)


def _diary_cell(text: str) -> tuple:
    """The watches of a diary cell (see the module docstring)."""
    from ..diary import watch_from

    out = []
    for n, part in enumerate((p for p in text.split(";") if p.strip()), 1):
        words = part.split()
        item: dict = {"date": "" if words[0] == "-" else words[0]}
        for w in words[1:]:
            if w == "rewatch":
                item["rewatch"] = True
            elif w[:1] in "SE?":
                item["episode"] = w
            else:
                item["rating"] = parse_rating(w)
        out.append(watch_from(item, n))
    return tuple(out)


def export_json(entries: list[Entry]) -> str:
    doc = {"format": "watchnext-watchlist", "version": 1,
           "entries": [e.to_dict() for e in entries]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def export_csv(entries: list[Entry]) -> str:
    return write_csv(CSV_HEADER, (
        [e.id, e.title, e.year or "", e.status, e.added, e.watched,
         f"{e.rating:g}" if e.rating is not None else "", e.priority or "", e.progress,
         ", ".join(e.tags), e.note, e.imdb, _diary_text(e)]
        for e in entries))
