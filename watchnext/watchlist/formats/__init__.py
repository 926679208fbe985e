"""Moving a watchlist in and out: Letterboxd, IMDb, and our own JSON/CSV.

    read_import(path, fmt="auto") -> ImportFile        # rows, format detected from the header;
                                                       # histories too (history.py: Netflix,
                                                       # Letterboxd's full export, Trakt)
    Matcher(catalog).match(row) -> Match               # ../match.py: imdb id, title+year, fuzzy
    run_import(watchlist, catalog, rows, ...) -> ImportReport   # ../importer.py: one locked save
    export_text(entries, catalog, fmt) -> (text, skipped)

Rows are numbered as the file's lines (the header row is line 1), the way a spreadsheet shows
them. A row that cannot be read (a rating of 'abc') is reported and skipped, never a crash.

One module per format: letterboxd.py, imdb.py, native.py (our JSON and CSV), each imported when
a file of its format is read or written; common.py holds what they share.
"""

from __future__ import annotations

from pathlib import Path

from ..entry import Entry
from ..values import WatchlistError
from .common import ImportFile, Row, csv_records, header_key, raw_row, read_text

__all__ = ["FORMATS", "IMPORT_FORMATS", "LEFT_OUT", "ImportFile", "Row", "detect", "export_text",
           "left_out_note", "read_import"]

FORMATS = ("letterboxd", "imdb", "json", "csv")
IMPORT_FORMATS = ("auto",) + FORMATS


def detect(path: Path, text: str) -> str:
    """letterboxd | imdb | json | csv, from the content (the header row), not the file name."""
    head = text.lstrip()
    if head[:1] in ("{", "["):
        return "json"
    if head.startswith("Letterboxd list export"):
        return "letterboxd"
    first = next((rec for _, rec in csv_records(path, text)), None)
    if first is None:
        raise WatchlistError(f"{path}: is empty: nothing to import")
    cols = {header_key(c) for c in first}
    if "const" in cols:
        return "imdb"
    if "letterboxduri" in cols or "imdbid" in cols or "watcheddate" in cols \
            or {"name", "year"} <= cols or "rating10" in cols:
        return "letterboxd"
    if {"id", "status"} <= cols:
        return "csv"
    if {"title", "year"} <= cols:  # Letterboxd's import format: Title,Year[,Rating,...]
        return "letterboxd"
    raise WatchlistError(
        f"{path}: line 1: header {raw_row(first)[:80]!r} is not a Letterboxd, IMDb or watchnext "
        "export (use --format to say which it is)")


def read_import(path: Path | str, fmt: str = "auto", date_order: str | None = None) -> ImportFile:
    """Read an export file into rows. fmt 'auto' detects the format from the content (and, for
    a history, its name: history.detect). `date_order` ("day first", "month first") overrides
    the guess for a Netflix history's locale dates."""
    from . import imdb, letterboxd, native
    from .history import HISTORY_FORMATS, as_import, read_history
    from .history import detect as detect_history

    if not str(path).strip():
        raise WatchlistError(f"{str(path)!r}: the file name is empty; give the export file")
    path = Path(path)
    if fmt not in IMPORT_FORMATS + HISTORY_FORMATS:
        raise WatchlistError(f"format {fmt!r} should be one of: "
                             f"{', '.join(IMPORT_FORMATS + HISTORY_FORMATS)}")
    if fmt == "letterboxd" and (path.is_dir() or path.suffix.casefold() == ".zip"):
        fmt = "letterboxd-export"  # the whole export, not one of its files
    if fmt in HISTORY_FORMATS or fmt == "auto" and detect_history(path):
        return as_import(read_history(path, fmt, date_order))
    if path.is_dir():
        raise WatchlistError(f"{path}: is a folder, and not a Letterboxd or Trakt export: "
                             "give the export file")
    text = read_text(path)
    if fmt == "auto":
        fmt = detect(path, text)
    if fmt == "letterboxd":
        kind, rows = letterboxd.parse(path, text)
    elif fmt == "imdb":
        kind, rows = imdb.parse(path, text)
    elif fmt == "json":
        kind, rows = native.parse_json(path, text)
    else:
        kind, rows = native.parse_csv(path, text)
    return ImportFile(path=path, format=fmt, kind=kind, rows=rows)


# why an export leaves entries out (export_text's second value), as a note says it
LEFT_OUT = {"imdb": "{n} {entries} without an IMDb id left out (IMDb imports titles by IMDb "
                    "id only)",
            "letterboxd": "{n} series left out (Letterboxd has films only)"}


def left_out_note(fmt: str, n: int) -> str:
    """'2 series left out (Letterboxd has films only)', or '' for none."""
    if not n:
        return ""
    return LEFT_OUT[fmt].format(n=n, entries="entries" if n != 1 else "entry")


def export_text(entries: list[Entry], catalog, fmt: str) -> tuple[str, int]:
    """The export file's text and how many entries it had to leave out (see LEFT_OUT)."""
    from . import imdb, letterboxd, native

    if fmt == "letterboxd":
        return letterboxd.export(entries, catalog)
    if fmt == "imdb":
        return imdb.export(entries, catalog)
    if fmt == "json":
        return native.export_json(entries), 0
    if fmt == "csv":
        return native.export_csv(entries), 0
    raise WatchlistError(f"format {fmt!r} should be one of: {', '.join(FORMATS)}")
