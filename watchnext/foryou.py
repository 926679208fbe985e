"""For you: titles ranked from what a watchlist says a person liked, leaving out what is already
on it; titles like the ones they rated low are pushed down (a ½ is a signal too). Plain
Python, no textual: the app uses it, a command could.

With a history (the diary, issue 14), what counts more is what was watched lately and rated
high: each liked title weighs its rating (5 weighs twice a 3.5... see weight()) times how
recent its latest watch is (halved every HALF_LIFE years), a rewatch adds to it. Every liked
title brings its own picks; a pick's score is the weighted sum of how close it is to each, and
its first reason names the titles of yours it comes from ("from your Parasite, Oldboy")."""

from __future__ import annotations

import datetime as _dt
from typing import Iterable

from .model import Match, Title
from .watchlist import Entry

LIKED = 3.5  # a rating from here up says "more like this"
DISLIKED = 2.0  # a rating from here down says "less like this"
BASIS = 25  # at most this many liked (and disliked) titles count, the weightiest first
AGAINST = 0.6  # how hard being like a disliked title pushes a pick down (scores are 0..1)
HALF_LIFE = 2.0  # years: a title watched this long ago weighs half as much as one watched today
UNRATED = 3.5  # what a watched, unrated title counts as
PER_SEED = 60  # picks asked of each liked title
FROM = 2  # titles named in a pick's "from your ..." reason


def weight(e: Entry, today: _dt.date | None = None) -> float:
    """How much a liked entry says about what comes next: rating (3.5 -> 1, 5 -> 2.2) times
    recency (its latest watch: 1 today, 0.5 HALF_LIFE years ago, never under 0.25; no date:
    0.5), plus a tenth for each rewatch (at most three)."""
    today = today or _dt.date.today()
    rating = e.rating if e.rating is not None else UNRATED
    by_rating = 1 + (rating - LIKED) * 0.8
    try:
        latest = _dt.date.fromisoformat(e.watched) if e.watched else None
    except ValueError:
        latest = None
    if latest is None:
        recency = 0.5
    else:
        years = max(0.0, (today - latest).days / 365.25)
        recency = max(0.25, 0.5 ** (years / HALF_LIFE))
    rewatches = sum(1 for w in e.diary if w.rewatch)
    return by_rating * recency * (1 + 0.1 * min(rewatches, 3))


def liked(entries: Iterable[Entry], today: _dt.date | None = None) -> list[Entry]:
    """Rated LIKED or more, or watched/watching and unrated; the weightiest first."""
    out = [e for e in entries
           if (e.rating is not None and e.rating >= LIKED)
           or (e.rating is None and e.status in ("watched", "watching"))]
    out.sort(key=lambda e: (-weight(e, today), e.title.casefold()))
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


def for_you(catalog, entries: list[Entry], limit: int, kind: str | None = None,
            today: _dt.date | None = None) -> list[Match]:
    """Up to `limit` picks for the person whose watchlist is `entries`, best first; `kind`:
    "film" or "series" to keep only those. Each pick's first reason says which liked titles
    it comes from."""
    from .similar import similar

    basis = [(e, t) for e in liked(entries, today) if (t := catalog.get(e.id)) is not None]
    if not basis or limit <= 0:
        return []
    exclude = tuple(sorted(e.id for e in entries))
    score: dict[str, float] = {}
    best: dict[str, Match] = {}
    sources: dict[str, list[tuple[float, str]]] = {}
    for e, t in basis:
        w = weight(e, today)
        picks = similar(catalog, t, PER_SEED, kind=kind, exclude_ids=exclude)
        top = max((m.score for m in picks), default=0) or 1.0
        for m in picks:
            part = w * m.score / top
            tid = m.title.id
            score[tid] = score.get(tid, 0.0) + part
            sources.setdefault(tid, []).append((part, t.title))
            if tid not in best or best[tid].score < m.score:
                best[tid] = m
    if not score:
        return []
    top_score = max(score.values())
    penalty: dict[str, float] = {}
    bad = titles_of(catalog, disliked(entries))
    if bad:
        against = similar(catalog, bad, max(limit * 10, 300), kind=kind, exclude_ids=exclude)
        worst = max((m.score for m in against), default=0) or 1.0
        penalty = {m.title.id: m.score / worst for m in against}
    ranked = sorted(score, key=lambda tid: (-(score[tid] / top_score
                                               - AGAINST * penalty.get(tid, 0.0)), tid))
    out = []
    for tid in ranked[:limit]:
        m = best[tid]
        names = [name for _, name in sorted(sources[tid], key=lambda s: -s[0])][:FROM]
        why = "from your " + " and ".join(names)
        out.append(Match(m.title, round(score[tid] / top_score, 4), (why, *m.reasons)))
    return out
