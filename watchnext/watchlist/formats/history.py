"""Viewing histories people bring from other services, read into plain records (no catalog, no
watchlist: matching the items and writing them is the importer's):

    netflix.py            NetflixViewingHistory.csv (Title,Date; episodes roll up per series)
    letterboxd_export.py  Letterboxd's full export, the zip or its folder (diary with rewatches)
    trakt.py              Trakt's JSON export (history, ratings, watchlist)
    dates.py              dates in an account's locale: day or month first, decided per file

    detect(path) -> "netflix" | "letterboxd-export" | "trakt" | None   (None: not a history)
    read_history(path, fmt="auto", date_order=None) -> History

One Item per title (a film, or a series with every episode watched rolled up), with its Watches:

    Watch(date="2024-01-13", rating=4.5, rewatch=True)            # a film seen again
    Watch(date="2021-01-30", episode="S2E1")                       # an episode
    Item(name="Stranger Things", kind="series", status="watching", progress="S3E1",
         watches=[...], where="NetflixViewingHistory.csv row 2")
    History(path, format="netflix", kind="Netflix viewing history", items, rows=19,
            notes=["no date says whether the day or the month comes first: ..."])

Dates are ISO (YYYY-MM-DD), '' when the file does not say. Ratings are ours (0.5 to 5 in
halves): every reader converts its own scale. `problem` says why an item cannot be used (it is
reported and skipped), `warnings` what was ignored in it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .common import ImportFile, Row
from .watches import History, Item, Watch

__all__ = ["HISTORY_FORMATS", "History", "Item", "Watch", "as_import", "detect", "read_history"]

HISTORY_FORMATS = ("netflix", "letterboxd-export", "trakt")


def detect(path: Path) -> str | None:
    """Which history `path` is, from its name and its first bytes; None when it is none of
    them (a plain Letterboxd or IMDb CSV: the watchlist formats read it)."""
    from . import letterboxd_export

    path = Path(path)
    if path.is_dir():
        names = letterboxd_export.read_zip_or_folder_names(path)
        if letterboxd_export.is_export(names):
            return "letterboxd-export"
        if any(path.glob("*.json")):
            return "trakt"
        return None
    if not path.is_file():
        return None
    if zipfile.is_zipfile(path):
        names = letterboxd_export.read_zip_or_folder_names(path)
        return "letterboxd-export" if letterboxd_export.is_export(names) else None
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    text = head.decode("utf-8-sig", errors="replace").lstrip()
    if text[:1] in ("[", "{"):
        keys = ("watched_at", "rated_at", "listed_at", "last_watched_at")
        return "trakt" if any(f'"{k}"' in text for k in keys) else None
    first = text.splitlines()[0] if text else ""
    cells = [c.strip().strip('"').casefold() for c in first.split(",")]
    named = path.name.casefold().startswith("netflixviewinghistory")
    if cells[:2] == ["title", "date"] and len(cells) <= 3 or named and len(cells) == 2:
        return "netflix"  # by its columns, or by its name (a header in another language)
    return None


def read_history(path: Path | str, fmt: str = "auto", date_order: str | None = None) -> History:
    """Read a history export. fmt 'auto' detects it; date_order ("day first", "month first")
    overrides the per-file guess for Netflix's locale dates."""
    from ..values import WatchlistError

    path = Path(path)
    if fmt == "auto":
        found = detect(path)
        if found is None:
            raise WatchlistError(f"{path}: not a Netflix, Letterboxd export or Trakt history")
        fmt = found
    if fmt not in HISTORY_FORMATS:
        raise WatchlistError(f"format {fmt!r} should be one of: {', '.join(HISTORY_FORMATS)}")
    if not path.exists():
        raise WatchlistError(f"{path}: no such file or folder")
    if fmt == "netflix":
        from .common import read_text
        from . import netflix

        if path.is_dir():
            raise WatchlistError(f"{path}: is a folder: give NetflixViewingHistory.csv")
        return netflix.parse(path, read_text(path), date_order)
    if fmt == "letterboxd-export":
        from . import letterboxd_export

        return letterboxd_export.parse(path)
    from . import trakt

    return trakt.parse(path)


def as_import(history: History) -> ImportFile:
    """The history as import rows (one a title, with its diary), for run_import."""
    rows = []
    for n, item in enumerate(history.items, 1):
        rows.append(Row(
            line=n, raw=item.raw, name=item.name, year=item.year, imdb=item.imdb,
            kind=item.kind, status=item.status, rating=item.rating, added=item.added,
            watched=item.last_watched, tags=item.tags, note=item.note, progress=item.progress,
            problem=item.problem, warnings=item.warnings, watches=tuple(item.watches),
            alt_name=item.alt_name, place=item.where))
    return ImportFile(path=history.path, format=history.format, kind=history.kind, rows=rows,
                      lines_read=history.rows, notes=list(history.notes))
