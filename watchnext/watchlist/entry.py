"""The watchlist entry: one title on the list, built only with valid values; the orders a
list can be sorted in (SORTS); merging an incoming entry (an import) into the one already there."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, replace
from typing import Any

from ..model import Title
from ..text import fold_title
from .diary import Watch, diary_from, join, normal, watches_of
from .values import (
    _IMDB,
    _KNOWN,
    _PROGRESS_CANON,
    STATUSES,
    InvalidValue,
    _as_float,
    _check_date,
    check_rating,
    check_text,
    clean_tags,
    parse_progress,
    progress_key,
    shown,
    today,
)


@dataclass(frozen=True)
class Entry:
    """One watchlist line. Built only with valid values (else InvalidValue).

    ``title``/``year`` are copied from the catalog when added, so an entry stays meaningful when
    its title leaves the catalog. ``added``/``watched`` are ISO dates ('' when unknown/not yet).
    ``rating`` is 0.5..5 in halves or None. ``progress`` is '' or like 'S2E8'. ``diary``: every
    watch, oldest first, when there is more to say than one date (diary.py); ``watched`` is
    then the latest. ``extra`` keeps fields this version does not know (from a hand edit or a
    newer version), as (name, value)."""

    id: str
    title: str
    year: int
    status: str = "want"
    added: str = ""
    watched: str = ""
    rating: float | None = None
    note: str = ""
    tags: tuple[str, ...] = ()
    priority: int = 0
    progress: str = ""
    imdb: str = ""
    diary: tuple[Watch, ...] = ()
    extra: tuple[tuple[str, Any], ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise InvalidValue(f"id {shown(self.id)} should be a non-empty text")
        if not isinstance(self.title, str) or not self.title.strip():
            raise InvalidValue(f"title {shown(self.title)} should be a non-empty text")
        check_text(self.id, "id")
        check_text(self.title, "title")
        if not isinstance(self.year, int) or isinstance(self.year, bool) \
                or not 0 <= self.year <= 2200:
            raise InvalidValue(f"year {shown(self.year)} should be a year like 2019 "
                               "(or 0: unknown)")
        if self.status not in STATUSES:
            raise InvalidValue(f"status {shown(self.status)} should be one of: "
                               f"{', '.join(STATUSES)}")
        if not isinstance(self.added, str) or not isinstance(self.watched, str):
            raise InvalidValue("added and watched should be dates like 2024-05-31")
        if self.added:
            _check_date(self.added, "added")
        if self.watched:
            _check_date(self.watched, "watched")
        if self.rating is not None:
            if isinstance(self.rating, bool) or not isinstance(self.rating, (int, float)):
                raise InvalidValue(f"rating {shown(self.rating)} should be a number from 0.5 to 5")
            check_rating(self.rating)
        if not isinstance(self.note, str):
            raise InvalidValue(f"note {shown(self.note)} should be text")
        check_text(self.note, "note")
        if not isinstance(self.tags, tuple) or clean_tags(self.tags) != self.tags:
            raise InvalidValue(f"tags {shown(self.tags)} should be distinct words without commas")
        if not isinstance(self.priority, int) or isinstance(self.priority, bool) \
                or not -1000 <= self.priority <= 1000:
            raise InvalidValue(f"priority {shown(self.priority)} should be a whole number "
                               "(-1000..1000)")
        if self.progress and (not isinstance(self.progress, str)
                              or not _PROGRESS_CANON.match(self.progress)):
            raise InvalidValue(f"progress {shown(self.progress)} should look like S2E8")
        if self.imdb and (not isinstance(self.imdb, str) or not _IMDB.match(self.imdb)):
            raise InvalidValue(f"imdb {shown(self.imdb)} should look like tt0111161")
        if not isinstance(self.diary, tuple) or not all(
                isinstance(w, Watch) for w in self.diary):
            raise InvalidValue(f"watched {shown(self.diary)} should be a list of watches")
        diary, watched = normal(self.diary, self.watched)
        if (diary, watched) != (self.diary, self.watched):
            object.__setattr__(self, "diary", diary)
            object.__setattr__(self, "watched", watched)
        for name, _ in self.extra:
            if name in _KNOWN:
                raise InvalidValue(f"extra field {name!r} is a field of its own: it cannot "
                                   "also be an extra field")

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def watches(self) -> tuple[Watch, ...]:
        """Every watch: the diary, or the one watched date as a watch (none: not watched)."""
        return watches_of(self.diary, self.watched)

    def to_dict(self) -> dict:
        """All fields, JSON-shaped (tags as a list, rating None when unrated)."""
        d = {
            "id": self.id, "title": self.title, "year": self.year, "status": self.status,
            "added": self.added, "watched": self.watched, "rating": self.rating,
            "note": self.note, "tags": list(self.tags), "priority": self.priority,
            "progress": self.progress, "imdb": self.imdb,
            "diary": [w.to_dict() for w in self.watches],
        }
        if self.extra:
            d["extra"] = dict(self.extra)
        return d

    def to_toml_dict(self) -> dict:
        """The fields written to the file: empty optional fields are left out."""
        d: dict[str, Any] = {"id": self.id, "title": self.title, "year": self.year,
                             "status": self.status}
        if self.added:
            d["added"] = self.added
        if self.diary:
            d["watched"] = [w.to_dict() for w in self.diary]
        elif self.watched:
            d["watched"] = self.watched
        if self.rating is not None:
            d["rating"] = float(self.rating)
        if self.priority:
            d["priority"] = self.priority
        if self.progress:
            d["progress"] = self.progress
        if self.tags:
            d["tags"] = list(self.tags)
        if self.note:
            d["note"] = self.note
        if self.imdb:
            d["imdb"] = self.imdb
        for k, v in self.extra:
            d.setdefault(k, v)
        return d

    @classmethod
    def from_dict(cls, d: dict, keep_extra: bool = True) -> "Entry":
        """An Entry from a TOML/JSON table; missing optional fields take their defaults.
        Raises InvalidValue naming the field."""
        if not isinstance(d, dict):
            raise InvalidValue(f"expected a table of fields, got {type(d).__name__}")
        for name in ("id", "title"):
            if name not in d:
                raise InvalidValue(f"missing field {name!r}")
        if "year" not in d:
            raise InvalidValue("missing field 'year' (0 if unknown)")

        def date_field(name: str) -> str:
            v = d.get(name, "")
            if v is None:
                return ""
            if isinstance(v, _dt.datetime):
                return v.date().isoformat()
            if isinstance(v, _dt.date):
                return v.isoformat()
            return v

        rating = d.get("rating")
        if isinstance(rating, int) and not isinstance(rating, bool):
            rating = _as_float(rating)
        tags = d.get("tags", ())
        if isinstance(tags, list):
            tags = tuple(tags)
        elif isinstance(tags, str):
            raise InvalidValue(f"tags {tags!r} should be a list, like [\"{tags}\"]")
        progress = d.get("progress", "") or ""
        if isinstance(progress, str) and progress and not _PROGRESS_CANON.match(progress):
            progress = parse_progress(progress)
        extra: tuple = ()
        if keep_extra:
            extra = tuple((k, v) for k, v in d.items() if k not in _KNOWN)
        note = d.get("note", "")
        diary: tuple[Watch, ...] = ()
        if isinstance(d.get("watched"), (list, tuple)):
            diary = diary_from(d["watched"])
            d = {**d, "watched": ""}
        return cls(
            id=d["id"], title=d["title"], year=d["year"], status=d.get("status", "want"),
            added=date_field("added"), watched=date_field("watched"), rating=rating,
            note="" if note is None else note, tags=tags, priority=d.get("priority", 0) or 0,
            progress=progress, imdb=d.get("imdb", "") or "", diary=diary, extra=extra,
        )


def entry_for(title: Title, **fields) -> Entry:
    """A new Entry for a catalog title (title, year and IMDb id copied from it)."""
    fields.setdefault("added", today())
    return Entry(id=title.id, title=title.title, year=title.year, imdb=title.imdb or "", **fields)


_STATUS_RANK = {"want": 0, "watching": 1, "watched": 2, "dropped": 1}


def merge(old: Entry | None, new: Entry, watches=None) -> tuple[Entry, bool]:
    """Combine an incoming entry (from an import) with the one already on the list, never
    throwing away what the person set: empty fields are filled, tags are joined, the status only
    moves forward (want -> watching -> watched), the earliest added date is kept; `watches`,
    the watches the file gives as such, join the diary (a watch both have is kept once).
    Returns (entry, changed)."""
    if old is None:
        return new, True
    status = old.status
    if _STATUS_RANK[new.status] > _STATUS_RANK[old.status] and old.status != "dropped":
        status = new.status
    added = min(a for a in (old.added, new.added) if a) if (old.added or new.added) else ""
    # the file's watches join the diary when it gives them as watches (a diary, a history);
    # a date alone (Letterboxd's watched.csv, IMDb's Date Rated) is no second watch
    diary = join(old.watches, watches) if watches else old.diary
    merged = replace(
        old,
        status=status,
        added=added,
        diary=diary,
        watched=old.watched or new.watched,
        rating=old.rating if old.rating is not None else new.rating,
        note=old.note or new.note,
        tags=clean_tags(old.tags + new.tags),
        priority=old.priority or new.priority,
        progress=old.progress or new.progress,
        imdb=old.imdb or new.imdb,
    )
    return merged, merged != old


# ---------------------------------------------------------------------------------------------
# file parsing


def _by_title(e: Entry) -> tuple:
    return (fold_title(e.title), e.year)


# how a watchlist can be ordered (the CLI's --sort and the app's Sort menu): name -> (label,
# key). Each key sorts ascending and ends with the title A->Z, so ties read the same way in
# every order; a stable sort keeps the file's order (the order of adding) for the rest.
SORTS: dict[str, tuple[str, Any]] = {
    "added": ("Added, oldest first", lambda e: e.added or ""),
    "newest": ("Added, newest first", lambda e: _Desc(e.added or "")),
    "priority": ("Priority, highest first", lambda e: (-e.priority, _by_title(e))),
    "rating": ("Rating, best first", lambda e: (e.rating is None, -(e.rating or 0), _by_title(e))),
    "year": ("Year, oldest first", lambda e: (e.year or 10**6, _by_title(e))),
    "title": ("Title, A to Z", _by_title),
    "status": ("Status", lambda e: (STATUSES.index(e.status), _by_title(e))),
    "progress": ("Progress, furthest first",
                 lambda e: (tuple(-n for n in progress_key(e.progress)), _by_title(e))),
}


class _Desc(str):
    """A string that sorts backwards (newest date first) and keeps ties stable."""

    def __lt__(self, other: str) -> bool:  # type: ignore[override]
        return str.__gt__(self, other)


def sort_entries(entries, how: str = "added") -> list[Entry]:
    """The entries in one of the SORTS orders (unknown: "added")."""
    _, key = SORTS.get(how, SORTS["added"])
    return sorted(entries, key=key)
