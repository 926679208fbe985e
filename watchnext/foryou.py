"""For you: titles ranked from what a watchlist says a person liked, leaving out what is already
on it; titles like the ones they rated low are pushed down (a ½ is a signal too). Plain
Python, no textual: the app uses it, a command could."""

from __future__ import annotations

from typing import Iterable

from .model import Match, Title
from .watchlist import Entry

LIKED = 3.5  # a rating from here up says "more like this"
DISLIKED = 2.0  # a rating from here down says "less like this"
BASIS = 25  # at most this many liked (and disliked) titles count, best (worst) rated first
AGAINST = 0.6  # how hard being like a disliked title pushes a pick down (scores are 0..1)


def liked(entries: Iterable[Entry]) -> list[Entry]:
    """Rated LIKED or more, or watched/watching and unrated; best rated first."""
    out = [e for e in entries
           if (e.rating is not None and e.rating >= LIKED)
           or (e.rating is None and e.status in ("watched", "watching"))]
    out.sort(key=lambda e: (-(e.rating or LIKED), e.title.casefold()))
    return out[:BASIS]


def disliked(entries: Iterable[Entry]) -> list[Entry]:
    """Rated DISLIKED or less; worst first."""
    out = [e for e in entries if e.rating is not None and e.rating <= DISLIKED]
    out.sort(key=lambda e: (e.rating, e.title.casefold()))
    return out[:BASIS]


def titles_of(catalog, entries: Iterable[Entry]) -> list[Title]:
    """The catalog titles of these entries (those that left the catalog are skipped)."""
    found = (catalog.get(e.id) for e in entries)
    return [t for t in found if t is not None]


def for_you(catalog, entries: list[Entry], limit: int, kind: str | None = None) -> list[Match]:
    """Up to `limit` picks for the person whose watchlist is `entries`, best first; `kind`:
    "film" or "series" to keep only those."""
    from .similar import similar

    good = titles_of(catalog, liked(entries))
    if not good or limit <= 0:
        return []
    exclude = tuple(sorted(e.id for e in entries))
    bad = titles_of(catalog, disliked(entries))
    if not bad:
        return similar(catalog, good, limit, kind=kind, exclude_ids=exclude)
    pool = similar(catalog, good, max(limit * 3, 60), kind=kind, exclude_ids=exclude)
    against = similar(catalog, bad, max(limit * 10, 300), kind=kind, exclude_ids=exclude)
    if not pool or not against:
        return pool[:limit]
    top = max(m.score for m in pool) or 1.0
    worst = max(m.score for m in against) or 1.0
    penalty = {m.title.id: m.score / worst for m in against}
    ranked = sorted(pool, key=lambda m: -(m.score / top - AGAINST * penalty.get(m.title.id, 0)))
    return ranked[:limit]
