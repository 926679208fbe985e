"""Finding the catalog title an import row means: our id, the IMDb id, the exact title and year,
a year off, then a close title (Matcher); the fuzzy pool indexed once per import (_Pool)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..catalog import title_keys
from ..model import Title
from ..text import fold_title

if TYPE_CHECKING:
    from .formats.common import Row

FUZZY_THRESHOLD = 90.0  # rapidfuzz ratio over folded titles, 0-100
FUZZY_TIE = 1.0  # two candidates closer than this are ambiguous

_MOVE_ARTICLE = re.compile(r"^(.*\S)\s*,\s*(the|a|an|le|la|les|el|los|las|il|der|die|das)$",
                           re.IGNORECASE)
_NUMERALS = re.compile(r"\b(\d+|i{1,3}|iv|v|vi{1,3}|ix|x|part \w+)\b")


def name_key(name: str) -> str:
    """fold_title, after turning 'Call, The' back into 'The Call'."""
    m = _MOVE_ARTICLE.match(name.strip())
    if m:
        name = f"{m.group(2)} {m.group(1)}"
    return fold_title(name)


def _numerals(key: str) -> set[str]:
    return set(_NUMERALS.findall(key))


@dataclass
class Match:
    outcome: str  # "matched" | "ambiguous" | "not found"
    title: Title | None = None
    candidates: list[Title] = field(default_factory=list)
    how: str = ""  # "id", "IMDb id", "title and year", "year off by one", "close title (93)"


_BUCKETS = 32  # characters counted by code point mod 32 (a-z apart)


def _bags(keys: list[str]):
    """(len(keys), _BUCKETS) counts of each key's characters, as uint8 (capped at 255)."""
    import numpy as np

    lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    cps = np.frombuffer("".join(keys).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    rows = np.repeat(np.arange(len(keys)), lens)
    counts = np.bincount(rows * _BUCKETS + cps % _BUCKETS, minlength=len(keys) * _BUCKETS)
    return np.minimum(counts, 255).astype(np.uint8).reshape(len(keys), _BUCKETS)


def bag_of(key: str):
    """The character counts of one key, as _bags gives them (int16, for differences)."""
    import numpy as np

    cps = np.frombuffer(key.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return np.bincount(cps % _BUCKETS, minlength=_BUCKETS).astype(np.int16)


class _Pool:
    """(key, title) pairs to fuzzy-match against, indexed once per import (not walked per row).

    fuzz.ratio >= T means an insert/delete distance d <= (1 - T/100) * (len1 + len2), and d is
    at least the length difference and at least the difference of the keys' character counts.
    So only keys of a close length are looked at (the pool is sorted by length), their counts
    are compared at once (numpy), and rapidfuzz scores the few that are left."""

    def __init__(self, pairs: list[tuple[str, Title]]):
        import numpy as np
        from rapidfuzz import fuzz

        self.np, self.fuzz = np, fuzz
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]))
        self.keys = [pairs[i][0] for i in order]
        self.titles = [pairs[i][1] for i in order]
        self.order = order  # where each pair stood: hits come back in that order
        self.lens = np.fromiter(map(len, self.keys), dtype=np.int32, count=len(order))
        self.bags = _bags(self.keys).astype(np.int16)

    def close(self, key: str, threshold: float) -> list[tuple[str, float, Title]]:
        """(key, ratio, title) for every key with fuzz.ratio >= threshold, in pool order."""
        if not self.keys:
            return []
        np, fuzz = self.np, self.fuzz
        n, slack = len(key), 1 - threshold / 100
        lo, hi = np.searchsorted(self.lens, [n * (1 - slack) / (1 + slack) - 1e-9,
                                             n * (1 + slack) / (1 - slack) + 1e-9],
                                 side="left")
        if lo >= hi:
            return []
        apart = np.abs(self.bags[lo:hi] - bag_of(key)).sum(axis=1)
        hits = []
        for j in np.flatnonzero(apart <= slack * (n + self.lens[lo:hi]) + 1e-9).tolist():
            i = lo + j
            score = fuzz.ratio(key, self.keys[i], score_cutoff=threshold)
            if score:
                hits.append((self.order[i], self.keys[i], score, self.titles[i]))
        hits.sort(key=lambda h: h[0])
        return [(k, score, t) for _, k, score, t in hits]


class Matcher:
    """Find the catalog title an import row means. Order: our id, the IMDb id, the exact title
    (ignoring case, accents, punctuation and a leading article) and year, the same a year off,
    then a close title (rapidfuzz ratio >= 90, same numbers in it) of the year +/- 1.
    Two candidates that fit equally well make the row ambiguous: it is reported, not guessed."""

    def __init__(self, catalog):
        self.catalog = catalog
        self._by_key: dict[str, list[Title]] = {}
        by_year: dict[int, list[tuple[str, Title]]] = {}
        everything: list[tuple[str, Title]] = []  # every (key, title) once
        names = catalog.name_keys if getattr(catalog, "name_keys", None) is not None \
            and len(catalog.name_keys) == len(catalog.titles) else None
        for n, t in enumerate(catalog.titles):
            # its title, original title and other titles ("Se7en")
            keys = names[n] if names is not None else title_keys(t)
            # a series is named with any year from its first to its latest season
            years = range(t.year, min(max(t.year, t.last_year), t.year + 60) + 1)
            for k in keys:
                if not k:
                    continue
                self._by_key.setdefault(k, []).append(t)
                everything.append((k, t))
                for y in years:
                    by_year.setdefault(y, []).append((k, t))
        self._by_year = by_year
        self._windows: dict[int, _Pool] = {}  # year -> the pool of year-1, year, year+1
        self._all = _Pool(everything)

    def _window(self, year: int) -> "_Pool":
        pool = self._windows.get(year)
        if pool is None:
            pool = self._windows[year] = _Pool(
                [p for y in (year - 1, year, year + 1) for p in self._by_year.get(y, ())])
        return pool

    @staticmethod
    def _kind_filter(titles: list[Title], kind: str) -> list[Title]:
        if not kind:
            return titles
        same = [t for t in titles if t.kind == kind]
        return same or titles

    def match(self, row: Row) -> Match:
        cat = self.catalog
        if row.id:
            t = cat.get(row.id)
            if t is not None:
                return Match("matched", t, how="id")
        if row.imdb:
            t = cat.by_imdb(row.imdb)
            if t is not None:
                return Match("matched", t, how="IMDb id")
        if not row.name:
            return Match("not found")
        key = name_key(row.name)
        found = list(self._by_key.get(key, []))
        if row.original:
            found += self._by_key.get(name_key(row.original), [])
        named = self._kind_filter(list(dict.fromkeys(found)), row.kind)
        if row.year is None:
            if len(named) == 1:
                return Match("matched", named[0], how="title")
            if named:
                return Match("ambiguous", candidates=named)
        else:
            same = [t for t in named if t.has_year(row.year)]
            if len(same) > 1:  # its own title beats another's aka ("The Office")
                own = [t for t in same if name_key(t.title) == key]
                same = own if len(own) == 1 else same
            if len(same) == 1:
                return Match("matched", same[0], how="title and year")
            if same:
                return Match("ambiguous", candidates=same)
            near = [t for t in named
                    if abs(t.year - row.year) == 1 or (t.last_year and row.year == t.last_year + 1)]
            if len(near) == 1:
                return Match("matched", near[0], how="year off by one")
            if near:
                return Match("ambiguous", candidates=near)
        return self._fuzzy(row, key)

    def _fuzzy(self, row: Row, key: str) -> Match:
        if len(key) < 4:
            return Match("not found")
        if row.year is not None:
            pool, threshold = self._window(row.year), FUZZY_THRESHOLD
        else:
            pool, threshold = self._all, max(FUZZY_THRESHOLD, 94.0)
        nums = _numerals(key)
        best: dict[str, tuple[float, Title]] = {}
        for k, score, t in pool.close(key, threshold):
            if _numerals(k) != nums:
                continue
            if row.kind and t.kind != row.kind:
                score -= 0.5
            if row.year is not None and t.year == row.year:
                score += 0.5  # the exact year wins a tie against a year off by one
            if t.id not in best or best[t.id][0] < score:
                best[t.id] = (score, t)
        if not best:
            return Match("not found")
        ranked = sorted(best.values(), key=lambda st: -st[0])
        top_score, top = ranked[0]
        ties = [t for s, t in ranked if top_score - s < FUZZY_TIE]
        if len(ties) > 1:
            return Match("ambiguous", candidates=ties)
        return Match("matched", top, how=f"close title ({min(100, round(top_score))}%)")
