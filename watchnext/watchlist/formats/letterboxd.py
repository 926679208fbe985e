"""Letterboxd: read its account export (watchlist.csv, watched.csv, ratings.csv, diary.csv,
reviews.csv, lists/*.csv) and its import format; write the import format
(Title,Year,imdbID,Rating,WatchedDate,Tags,Review: https://letterboxd.com/about/importing-data/).

Which status a row gets: watchlist.csv and list exports -> want; watched/ratings/diary/reviews
(or any file with a Rating or Watched Date column) -> watched; the import format -> watched when
the row has a rating or a watched date, else want. `watchnext watchlist import --status` overrides.
"""

from __future__ import annotations

from pathlib import Path

from ..diary import Watch
from ..entry import Entry
from ..values import InvalidValue, WatchlistError, parse_rating
from .common import (
    Row,
    cell,
    columns,
    csv_records,
    imdb_of,
    parse_date,
    parse_year,
    raw_row,
    split_tags,
    write_csv,
)

EXPORT_HEADER = ["Title", "Year", "imdbID", "Rating", "WatchedDate", "Rewatch", "Tags", "Review"]

_COLS = {
    "name": ("name", "title"),
    "year": ("year",),
    "date": ("date",),
    "uri": ("letterboxduri", "url"),
    "imdb": ("imdbid",),
    "rating": ("rating",),
    "rating10": ("rating10",),
    "watched": ("watcheddate",),
    "rewatch": ("rewatch",),
    "tags": ("tags",),
    "review": ("review", "description"),
}


def parse(path: Path, text: str) -> tuple[str, list[Row]]:
    records = list(csv_records(path, text))
    if not records:
        raise WatchlistError(f"{path}: is empty: nothing to import")
    stem = path.stem.casefold()
    kind = "Letterboxd"
    if records[0][1] and records[0][1][0].startswith("Letterboxd list export"):
        # lists/NAME.csv: a list header block, then Position,Name,Year,URL,Description
        start = next((i for i, (_, rec) in enumerate(records)
                      if rec and rec[0].strip().casefold() == "position"), None)
        if start is None:
            raise WatchlistError(f"{path}: a Letterboxd list export without its "
                                 "'Position,Name,Year,URL' table")
        records = records[start:]
        kind, default_status = "Letterboxd list", "want"
    header = records[0][1]
    cols = columns(path, header, _COLS, "Letterboxd")
    import_format = "imdb" in cols or ("uri" not in cols and "date" not in cols)
    if kind == "Letterboxd list":
        pass
    elif import_format:
        kind, default_status = "Letterboxd import format", None
    elif "watchlist" in stem:
        kind, default_status = "Letterboxd watchlist", "want"
    elif "rating" in cols or "watched" in cols or any(
            w in stem for w in ("watched", "rating", "diary", "review")):
        which = stem if stem in ("ratings", "diary", "reviews") else "watched"
        kind, default_status = f"Letterboxd {which}", "watched"
    else:
        kind, default_status = "Letterboxd watchlist", "want"
    rows: list[Row] = []
    for line, rec in records[1:]:
        row = Row(line=line, raw=raw_row(rec), name=cell(rec, cols, "name"))
        parse_year(row, cell(rec, cols, "year"))
        imdb = cell(rec, cols, "imdb")
        if imdb:
            if imdb.startswith("tt"):
                row.imdb = imdb
            else:
                row.warnings.append(f"imdbID {imdb!r} is not an IMDb id, ignored")
        try:
            r10 = cell(rec, cols, "rating10")
            r = cell(rec, cols, "rating")
            row.rating = parse_rating(r) if r else (parse_rating(f"{r10}/10") if r10 else None)
        except InvalidValue as err:
            row.problem = str(err)
        date = parse_date(row, cell(rec, cols, "date"), "Date")
        watched = parse_date(row, cell(rec, cols, "watched"), "Watched Date")
        row.added = date or watched
        row.tags = split_tags(row, cell(rec, cols, "tags"))
        row.note = cell(rec, cols, "review")
        if default_status is None:
            row.status = "watched" if (row.rating is not None or watched) else "want"
        else:
            row.status = default_status
        if row.status == "watched":
            row.watched = watched or date
        if watched and not row.problem:  # a diary entry: one watch, its rating given then
            rewatch = cell(rec, cols, "rewatch").casefold() in ("yes", "true", "1")
            row.watches = (Watch(date=watched, rating=row.rating, rewatch=rewatch),)
        if not row.name and not row.imdb and not row.problem:
            row.problem = "no film name"
        rows.append(row)
    return kind, _one_row_a_film(rows)


def _one_row_a_film(rows: list[Row]) -> list[Row]:
    """A film the file lists once a watch (a diary, our export with rewatches) becomes one row
    with every watch; its rating is the latest watch's (the one the film has now)."""
    from ...text import fold_title

    first: dict[tuple, Row] = {}
    out: list[Row] = []
    for row in rows:
        key = (row.imdb,) if row.imdb else (fold_title(row.name), row.year)
        have = first.get(key) if row.watches and not row.problem else None
        if have is None:
            if row.watches and not row.problem:
                first[key] = row
            out.append(row)
            continue
        have.watches = have.watches + row.watches
        latest = max(have.watches, key=lambda w: w.date)
        if latest in row.watches and row.rating is not None:
            have.rating = row.rating
        have.watched = max(have.watched, row.watched)
        have.tags = tuple(dict.fromkeys(have.tags + row.tags))
        have.note = row.note or have.note
        have.warnings += row.warnings
    return out


def export(entries: list[Entry], catalog) -> tuple[str, int]:
    """Letterboxd's import format (Letterboxd matches by IMDb id, else by title and year) for
    every entry but series, which Letterboxd does not have; returns (text, series left out).
    An entry whose title left the catalog goes in: nothing says it is a series."""
    films = [e for e in entries if not _is_series(e, catalog)]
    return write_csv(EXPORT_HEADER, (
        row for e in films for row in _rows(e, imdb_of(e, catalog)))), len(entries) - len(films)


def _rows(e: Entry, imdb: str) -> list[list]:
    """One row a watch (Letterboxd makes each a diary entry, the later ones rewatches), the
    rating given then on each and the film's own on the last, with the tags and the note; an
    entry never watched, or watched on no known date, is one row."""
    def rating(value):
        return f"{value:g}" if value is not None else ""

    dated = [w for w in e.diary if w.date]
    if len(dated) < 2 and not any(w.rewatch for w in dated):
        return [[e.title, e.year or "", imdb, rating(e.rating), e.watched, "",
                 ", ".join(e.tags), e.note]]
    out = [[e.title, e.year or "", imdb, rating(w.rating), w.date,
            "true" if w.rewatch else "", "", ""] for w in dated]
    out[-1][3] = rating(e.rating if e.rating is not None else dated[-1].rating)
    out[-1][6:] = [", ".join(e.tags), e.note]
    return out


def _is_series(entry: Entry, catalog) -> bool:
    t = catalog.get(entry.id) if catalog is not None else None
    return t is not None and t.kind == "series"
