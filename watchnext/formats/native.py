"""Our own formats: JSON and CSV with every field, so export then import gives the same list.

JSON: {"format": "watchnext-watchlist", "version": 1, "entries": [{id, title, year, status,
added, watched, rating, note, tags, priority, progress, imdb}, ...]}; a plain list of such
objects (what `watchnext watchlist --json` prints) is read too.
CSV: id,title,year,status,added,watched,rating,priority,progress,tags,note,imdb (tags joined
with ", ").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import tomli_w

from ..watchlist import STATUSES, Entry, InvalidValue, parse_progress, parse_rating
from . import (
    Row,
    WatchlistError,
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
              "progress", "tags", "note", "imdb"]
_COLS = {name: (name,) for name in CSV_HEADER}
_COLS["title"] = ("title", "name")


def _row_from_dict(n: int, item: Any) -> Row:
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
        row.warnings.append(f"year {year!r} not understood, ignored")
    row.imdb = str(item.get("imdb") or "")
    extra = item.get("extra") or {}
    if isinstance(extra, dict):
        try:
            tomli_w.dumps(extra)  # only values the TOML file can hold
            row.extra = tuple(extra.items())
        except (TypeError, ValueError):
            row.warnings.append("'extra' fields that TOML cannot hold, ignored")
    fields = {k: item.get(k) for k in ("status", "added", "watched", "rating", "note", "tags",
                                        "priority", "progress") if item.get(k) is not None}
    try:
        check = Entry.from_dict({"id": row.id or "x", "title": row.name or "x",
                                 "year": row.year or 0, **fields}, keep_extra=False)
    except InvalidValue as err:
        row.problem = str(err)
        return row
    row.status, row.added, row.watched = check.status, check.added, check.watched
    row.rating, row.note, row.tags = check.rating, check.note, check.tags
    row.priority, row.progress = check.priority, check.progress
    if not row.id and not row.name and not row.imdb:
        row.problem = "no id, title or imdb"
    return row


def parse_json(path: Path, text: str) -> tuple[str, list[Row]]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise WatchlistError(f"{path}: line {err.lineno}, column {err.colno}: not valid JSON: "
                             f"{err.msg}") from None
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
        if not row.id and not row.name and not row.imdb and not row.problem:
            row.problem = "no id, title or imdb"
        rows.append(row)
    return "watchnext CSV", rows


def export_json(entries: list[Entry]) -> str:
    doc = {"format": "watchnext-watchlist", "version": 1,
           "entries": [e.to_dict() for e in entries]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def export_csv(entries: list[Entry]) -> str:
    return write_csv(CSV_HEADER, (
        [e.id, e.title, e.year or "", e.status, e.added, e.watched,
         f"{e.rating:g}" if e.rating is not None else "", e.priority or "", e.progress,
         ", ".join(e.tags), e.note, e.imdb]
        for e in entries))
