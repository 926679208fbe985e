"""IMDb: read its ratings export and list/watchlist exports; write a ratings-shaped CSV.

Ratings export: Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,
Runtime (mins),Year,Genres,Num Votes,Release Date,Directors. List (and watchlist) exports:
Position,Const,Created,Modified,Description,Title,... (no Your Rating, or an empty one).

IMDb's 1-10 rating becomes ours by halving it (8 -> 4.0, 7 -> 3.5). A rated row is 'watched',
an unrated one 'want'. Export can only carry titles with an IMDb id: the others are counted.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..entry import Entry
from ..values import InvalidValue, WatchlistError, parse_rating, shown
from .common import (
    Row,
    cell,
    columns,
    csv_records,
    imdb_of,
    parse_date,
    parse_year,
    raw_row,
    write_csv,
)

EXPORT_HEADER = ["Const", "Your Rating", "Date Rated", "Title", "URL", "Title Type", "Year"]

_COLS = {
    "const": ("const",),
    "title": ("title",),
    "original": ("originaltitle",),
    "year": ("year",),
    "rating": ("yourrating",),
    "rated": ("daterated",),
    "created": ("created",),
    "type": ("titletype",),
    "description": ("description",),
    "position": ("position",),
}

_SERIES_TYPES = {"tvseries", "tvminiseries", "tv series", "tv mini series", "tv mini-series"}
_FILM_TYPES = {"movie", "tvmovie", "tv movie", "short", "video", "tvspecial", "tv special"}


def parse(path: Path, text: str) -> tuple[str, list[Row]]:
    records = list(csv_records(path, text))
    if not records:
        raise WatchlistError(f"{path}: is empty: nothing to import")
    cols = columns(path, records[0][1], _COLS, "IMDb")
    kind = "IMDb list" if "position" in cols or "rating" not in cols else "IMDb ratings"
    rows: list[Row] = []
    for line, rec in records[1:]:
        row = Row(line=line, raw=raw_row(rec), name=cell(rec, cols, "title"),
                  original=cell(rec, cols, "original"))
        const = cell(rec, cols, "const")
        if re.fullmatch(r"tt\d{5,10}", const):
            row.imdb = const
        elif const:
            row.warnings.append(f"Const {const!r} is not an IMDb id, ignored")
        parse_year(row, cell(rec, cols, "year"))
        ttype = re.sub(r"\s+", " ", cell(rec, cols, "type").casefold())
        row.kind = ("series" if ttype in _SERIES_TYPES or ttype.replace(" ", "") in _SERIES_TYPES
                    else "film" if ttype in _FILM_TYPES or ttype.replace(" ", "") in _FILM_TYPES
                    else "")
        r = cell(rec, cols, "rating")
        if r:
            try:
                value = float(r.replace(",", "."))
            except ValueError:
                value = None
            # the range first: int() of inf or nan raises
            if value is None or not 1 <= value <= 10 or value != int(value):
                row.problem = f"Your Rating {shown(r)} should be a whole number from 1 to 10"
            else:
                try:
                    row.rating = parse_rating(f"{int(value)}/10")
                except InvalidValue as err:  # pragma: no cover - 1..10 always maps
                    row.problem = str(err)
        rated = parse_date(row, cell(rec, cols, "rated"), "Date Rated")
        created = parse_date(row, cell(rec, cols, "created"), "Created")
        row.added = created or rated
        row.note = cell(rec, cols, "description")
        if row.rating is not None:
            row.status, row.watched = "watched", rated or created
        else:
            row.status = "want"
        if not row.name and not row.imdb and not row.problem:
            row.problem = "no Const and no Title"
        rows.append(row)
    return kind, rows


def export(entries: list[Entry], catalog) -> tuple[str, int]:
    """IMDb-shaped CSV of the entries that have an IMDb id; returns (text, skipped)."""
    out, skipped = [], 0
    for e in entries:
        tt = imdb_of(e, catalog)
        if not tt:
            skipped += 1
            continue
        t = catalog.get(e.id) if catalog is not None else None
        ttype = {"film": "Movie", "series": "TV Series"}.get(t.kind, "") if t is not None else ""
        rating = str(round(e.rating * 2)) if e.rating is not None else ""
        date = (e.watched or e.added) if e.rating is not None else ""
        out.append([tt, rating, date, e.title, f"https://www.imdb.com/title/{tt}/", ttype,
                    e.year or ""])
    return write_csv(EXPORT_HEADER, out), skipped
