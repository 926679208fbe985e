"""The diary: every watch of a title, not only the last (issue 14). In the file it is the entry's
`watched`, either one date (as before the diary, and still for a title watched once) or a list
of watches, each a date and, when known, the rating given then, a rewatch, the episode::

    watched = [
        {date = "2023-01-07", rating = 5.0},
        {date = "2024-01-13", rating = 4.5, rewatch = true},
    ]
    watched = ["2021-01-30", "2021-01-31"]          # plain dates read too
    watched = [{date = "2021-01-30", episode = "S2E1"}]   # a series: one per episode

Entry.diary holds the watches oldest first (undated ones first of all); Entry.watched is always
the latest date. A diary that is one plain date is no diary: `watched = "2024-01-13"` stays."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace
from typing import Any, Iterable

from .values import InvalidValue, _as_float, _check_date, check_rating, shown

_EPISODE = re.compile(r"^(?:S[1-9]\d{0,2}(?:E[1-9]\d{0,3})?|E[1-9]\d{0,3}|\?)$")
_FIELDS = ("date", "rating", "rewatch", "episode")


@dataclass(frozen=True)
class Watch:
    """One viewing: a film once, or one episode of a series."""

    date: str = ""  # YYYY-MM-DD, '' when unknown
    rating: float | None = None  # the rating given at the time
    rewatch: bool = False
    episode: str = ""  # "S2E1"; "S3" or "E3" when only one is known, "?" neither; "" a film

    def __post_init__(self) -> None:
        if not isinstance(self.date, str):
            raise InvalidValue(f"watched date {shown(self.date)} should be a date like "
                               "2024-05-31")
        if self.date:
            _check_date(self.date, "watched date")
        if self.rating is not None:
            if isinstance(self.rating, bool) or not isinstance(self.rating, (int, float)):
                raise InvalidValue(f"watched rating {shown(self.rating)} should be a number "
                                   "from 0.5 to 5")
            check_rating(self.rating)
        if not isinstance(self.rewatch, bool):
            raise InvalidValue(f"watched rewatch {shown(self.rewatch)} should be true or false")
        if not isinstance(self.episode, str) or self.episode and not _EPISODE.match(
                self.episode):
            raise InvalidValue(f"watched episode {shown(self.episode)} should look like S2E8")

    @property
    def plain(self) -> bool:
        """Only a date: nothing a single `watched = "..."` could not say."""
        return self.rating is None and not self.rewatch and not self.episode

    def to_dict(self) -> dict:
        return {"date": self.date, "rating": self.rating, "rewatch": self.rewatch,
                "episode": self.episode}

    def toml(self) -> str:
        """'{date = "2024-01-13", rating = 4.5, rewatch = true}', for the file."""
        parts = [f'date = "{self.date}"'] if self.date else []
        if self.rating is not None:
            parts.append(f"rating = {float(self.rating)!r}")
        if self.rewatch:
            parts.append("rewatch = true")
        if self.episode:
            parts.append(f'episode = "{self.episode}"')
        return "{" + ", ".join(parts) + "}"


def watch_from(value: Any, n: int) -> Watch:
    """A Watch from a TOML/JSON item: a date, or a table of date/rating/rewatch/episode."""
    if isinstance(value, (_dt.date, str)):
        value = {"date": value}
    if not isinstance(value, dict):
        raise InvalidValue(f"watched item {n} {shown(value)} should be a date or a table like "
                           '{date = "2024-01-13", rating = 4.5}')
    unknown = sorted(set(value) - set(_FIELDS))
    if unknown:
        raise InvalidValue(f"watched item {n} has {', '.join(map(repr, unknown))}: a watch has "
                           f"{', '.join(_FIELDS)}")
    date = value.get("date", "")
    if isinstance(date, _dt.datetime):
        date = date.date().isoformat()
    elif isinstance(date, _dt.date):
        date = date.isoformat()
    rating = value.get("rating")
    if isinstance(rating, int) and not isinstance(rating, bool):
        rating = _as_float(rating)
    try:
        return Watch(date=date if date is not None else "", rating=rating,
                     rewatch=value.get("rewatch", False),
                     episode=value.get("episode", "") or "")
    except InvalidValue as err:
        raise InvalidValue(f"watched item {n}: {err}") from None


def diary_from(value: Any) -> tuple[Watch, ...]:
    """The watches of a `watched = [...]` list."""
    if not isinstance(value, (list, tuple)):
        raise InvalidValue(f"watched {shown(value)} should be a date or a list of watches")
    return tuple(watch_from(v, n) for n, v in enumerate(value, 1))


def _key(w: Watch) -> tuple:
    return (w.date, w.episode)


def ordered(watches: Iterable[Watch]) -> tuple[Watch, ...]:
    """Oldest first, undated first of all; the order given among equals."""
    return tuple(sorted(watches, key=lambda w: w.date))


def normal(diary: tuple[Watch, ...], watched: str) -> tuple[tuple[Watch, ...], str]:
    """(diary, watched) as an Entry keeps them: the watched date is in the diary, the diary is
    in order, and a diary of one plain date is none (the date alone says it)."""
    if not diary:
        return (), watched
    if watched and not any(w.date == watched for w in diary):
        diary = diary + (Watch(date=watched),)
    diary = ordered(diary)
    latest = max((w.date for w in diary), default="")
    if len(diary) == 1 and diary[0].plain:
        return (), latest
    return diary, latest


def watches_of(diary: tuple[Watch, ...], watched: str) -> tuple[Watch, ...]:
    """An entry's watches: its diary, or its single watched date as one watch."""
    return diary or ((Watch(date=watched),) if watched else ())


def join(old: tuple[Watch, ...], new: Iterable[Watch]) -> tuple[Watch, ...]:
    """`old` with the watches of `new` it does not have (same date and episode: the same
    watch; it only fills what the old one leaves empty, a rating given then)."""
    out = list(old)
    where = {_key(w): i for i, w in enumerate(out)}
    for w in new:
        i = where.get(_key(w))
        if i is None:
            where[_key(w)] = len(out)
            out.append(w)
        elif out[i].rating is None and w.rating is not None:
            out[i] = replace(out[i], rating=w.rating)
    return ordered(out)
