"""What a history export says, as plain records (history.py reads them, the importer matches
them): one Item per title, each with its Watches. See history.py for the shapes."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..diary import Watch

__all__ = ["History", "Item", "Watch", "iso_date", "mark_rewatches", "progress_of"]


@dataclass
class Item:
    """One title an export speaks of, with everything it says about it."""

    where: str  # "diary.csv row 7", for the report
    raw: str  # the row (or a summary: "Stranger Things: 3 episodes"), for the report
    name: str
    year: int | None = None
    imdb: str = ""
    kind: str = ""  # "film" / "series" when the file says
    alt_name: str = ""  # another name to try when `name` is not found ("Black Mirror")
    status: str = "watched"
    rating: float | None = None  # the rating now (ratings.csv, Trakt's ratings)
    added: str = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    progress: str = ""  # series: the furthest episode named ("S3E1")
    watches: list[Watch] = field(default_factory=list)
    problem: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.year})" if self.year else self.name

    @property
    def episodes(self) -> int:
        return sum(1 for w in self.watches if w.episode)

    @property
    def last_watched(self) -> str:
        return max((w.date for w in self.watches if w.date), default="")


@dataclass
class History:
    path: Path
    format: str  # netflix | letterboxd-export | trakt
    kind: str  # what a person calls it: "Netflix viewing history"
    items: list[Item]
    rows: int  # rows (or JSON items) read from the file(s)
    notes: list[str] = field(default_factory=list)  # e.g. which date order was assumed


def iso_date(text: str) -> str:
    """'2024-05-31', '2024-05-31 20:00:00', '2024-05-31T20:00:00.000Z' -> '2024-05-31';
    '' for anything else."""
    m = re.match(r"\s*(\d{4}-\d\d-\d\d)(?:$|[ T])", text or "")
    if not m:
        return ""
    try:
        _dt.date.fromisoformat(m.group(1))
    except ValueError:
        return ""
    return m.group(1)


def progress_of(watches: list[Watch]) -> str:
    """The furthest episode named among the watches ("S3E1"), '' when none names one."""
    best = (0, 0)
    for w in watches:
        m = re.fullmatch(r"S(\d+)E(\d+)", w.episode)
        if m:
            best = max(best, (int(m.group(1)), int(m.group(2))))
    return f"S{best[0]}E{best[1]}" if best[0] else ""


def mark_rewatches(watches: list[Watch]) -> list[Watch]:
    """A film's watches oldest first (undated ones first of all, as the diary orders them);
    every one after the first is a rewatch."""
    from dataclasses import replace

    ordered = sorted(watches, key=lambda w: w.date)
    return [replace(w, rewatch=w.rewatch or n > 0) for n, w in enumerate(ordered)]
