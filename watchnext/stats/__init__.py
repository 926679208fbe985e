"""Your taste in numbers: what the watchlist says you watched, counted (plain Python, no textual;
`watchnext stats` prints it, the app's Stats screen draws it).

    s = compute(entries, catalog)        # -> Stats
    s.to_json()                          # the JSON `watchnext stats --json` prints

What counts as watched: an entry with status watched or watching, or with a watch or a rating
(a title you rated you saw; dropped titles count only then). Each watch in an entry's diary is
dated; an entry from before the diary has its one `watched` date.

  * per month / per year: how many titles you watched in it (a title watched twice in a month
    counts once; the episodes of a series in a month count as that series once);
  * ratings: how many titles have each rating, 0.5 to 5 (the rating they have now);
  * top genres, themes, countries, decades, directors, actors: over the titles watched, each
    title counted once (catalog facts: titles that left the catalog have none);
  * hours: films' runtime times the times you watched them, plus episodes times a series'
    episode runtime where the catalog knows it; what has no known runtime is counted apart;
  * ratings by genre: the mean of your ratings of the titles of each genre, beside your mean.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Iterable

TOP = 10  # names kept in each top list
RATINGS = tuple(x / 2 for x in range(1, 11))  # 0.5 .. 5.0
MIN_RATED = 2  # a genre needs this many rated titles for its mean rating to be shown


@dataclass
class Stats:
    titles: int = 0  # titles watched
    films: int = 0
    series: int = 0
    watches: int = 0  # film watches (rewatches too) and episodes, dated or not
    rewatches: int = 0
    episodes: int = 0
    minutes: int = 0  # of the watches whose runtime is known
    no_runtime: int = 0  # watches whose runtime the catalog does not know
    rated: int = 0
    mean_rating: float | None = None
    per_month: dict[str, int] = field(default_factory=dict)  # "2024-01" -> titles, no gaps
    per_year: dict[str, int] = field(default_factory=dict)
    ratings: dict[float, int] = field(default_factory=dict)  # 0.5 .. 5 -> titles
    top: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    by_genre: list[tuple[str, int, float]] = field(default_factory=list)  # genre, rated, mean
    undated: int = 0  # titles watched with no date at all (not in per month/year)

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)

    def to_json(self) -> dict:
        return {
            "titles": self.titles, "films": self.films, "series": self.series,
            "watches": self.watches, "rewatches": self.rewatches, "episodes": self.episodes,
            "hours": self.hours, "watches_without_runtime": self.no_runtime,
            "rated": self.rated, "mean_rating": self.mean_rating,
            "undated_titles": self.undated,
            "per_month": [{"month": m, "titles": n} for m, n in self.per_month.items()],
            "per_year": [{"year": int(y), "titles": n} for y, n in self.per_year.items()],
            "ratings": [{"rating": r, "titles": n} for r, n in self.ratings.items()],
            "top": {k: [{"name": name, "titles": n} for name, n in v]
                    for k, v in self.top.items()},
            "ratings_by_genre": [{"genre": g, "rated": n, "mean": m}
                                 for g, n, m in self.by_genre],
        }


TOP_FIELDS = ("genres", "themes", "countries", "decades", "directors", "actors")


def _facts(t, name: str) -> Iterable[str]:
    if name == "decades":
        return [f"{t.year // 10 * 10}s"] if t.year else []
    if name == "actors":
        return t.cast[:5]  # the leading cast, not every name a source lists
    return getattr(t, name)


def _months(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


_NONE: tuple = ()


def compute(entries: Iterable, catalog=None) -> Stats:
    """The numbers of the titles watched among `entries` (catalog: for runtimes and facts).
    One pass, plain dicts (5,000 entries: benchmarks/bench_history.py)."""
    s = Stats()
    months: dict[str, set[str]] = {}
    years: dict[str, set[str]] = {}
    tops: dict[str, dict[str, int]] = {k: {} for k in TOP_FIELDS}
    ratings: dict[float, int] = {}
    genre_ratings: dict[str, list[float]] = {}
    for e in entries:
        diary = e.diary
        if not (diary or e.watched or e.rating is not None
                or e.status in ("watched", "watching")):
            continue
        t = catalog.get(e.id) if catalog is not None else None
        s.titles += 1
        if diary:
            dates = [w.date for w in diary]
            episodes = sum(1 for w in diary if w.episode)
            s.rewatches += sum(1 for w in diary if w.rewatch)
        else:
            dates, episodes = ([e.watched] if e.watched else []), 0
        kind = t.kind if t is not None else ("series" if e.progress or episodes else "film")
        if kind == "series":
            s.series += 1
        else:
            s.films += 1
        dated = [d for d in dates if len(d) >= 7]
        if not dated:
            s.undated += 1
        for d in dated:
            months.setdefault(d[:7], set()).add(e.id)
            years.setdefault(d[:4], set()).add(e.id)
        s.episodes += episodes
        plays = len(dates) if kind == "series" else max(1, len(dates))
        s.watches += plays
        runtime = t.runtime if t is not None else 0
        counted = episodes if kind == "series" else plays
        if runtime:
            s.minutes += runtime * counted
        else:
            s.no_runtime += counted
        rating = float(e.rating) if e.rating is not None else None
        if rating is not None:
            ratings[rating] = ratings.get(rating, 0) + 1
        if t is None:
            continue
        for name, counts in tops.items():
            for x in set(_facts(t, name)):
                counts[x] = counts.get(x, 0) + 1
        if rating is not None:
            for g in t.genres:
                genre_ratings.setdefault(g, []).append(rating)
    if months:
        s.per_month = {m: len(months.get(m, _NONE)) for m in _months(min(months), max(months))}
        first, last = int(min(years)), int(max(years))
        s.per_year = {str(y): len(years.get(str(y), _NONE)) for y in range(first, last + 1)}
    s.ratings = {r: ratings.get(r, 0) for r in RATINGS}
    s.rated = sum(ratings.values())
    if s.rated:
        s.mean_rating = round(sum(r * n for r, n in ratings.items()) / s.rated, 2)
    s.top = {k: heapq.nsmallest(TOP, c.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
             for k, c in tops.items()}
    by_genre = [(g, len(rs), round(sum(rs) / len(rs), 2)) for g, rs in genre_ratings.items()
                if len(rs) >= MIN_RATED]
    s.by_genre = sorted(by_genre, key=lambda g: (-g[1], -g[2], g[0].casefold()))[:TOP]
    return s
