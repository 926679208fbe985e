"""Filters applied to the index (genre:, theme:, country:, with: ... as sets of titles), the
list an empty query shows, and the filter values a catalog knows (unknown_filters names the
closest one)."""

from __future__ import annotations

import heapq
from array import array

from ..text import fold
from .index import SearchIndex, index_parts
from .query import Filters, MAX_QUERY, _kind_value, _quote, _singular


def _resolve_values(ix: SearchIndex, typ: str, value: str) -> list[str]:
    """Catalog names a filter value means (genre:sci-fi -> ["Science Fiction"])."""
    post = {"genre": ix.genre_post, "theme": ix.theme_post, "country": ix.country_post,
            "lang": ix.lang_post, "platform": ix.platform_post}[typ]
    if value in post:
        return [value]
    f = fold(value)
    if not f:
        return []
    hits = [k for t, k in ix.phrases.get(f, []) if t == typ]
    if not hits:
        sing = _singular(f)
        if sing:
            hits = [k for t, k in ix.phrases.get(sing, []) if t == typ]
    if not hits and typ == "lang":  # lang:korean works, and lang:korea too
        hits = [k for k in post if fold(k).startswith(f)]
    if not hits:
        hits = [k for k in post if fold(k) == f or fold(k).replace(" ", "") == f.replace(" ", "")]
    if not hits and len(f) >= 3:
        hits = sorted(k for k in post if fold(k).startswith(f))
    return hits


# From this many titles a filter's titles are a numpy bool mask (one byte a title), not a set
# of idx: at a million titles kind:film was a set of 700,000 ints (~60 MB), and a few filters
# kept for the next query were most of the process. Below it, sets (no numpy to import).
MASKS_FROM = 200_000
_MASK_BUDGET = 32 << 20  # bytes of masks kept per index for the next query


def _big(ix: SearchIndex) -> bool:
    return len(ix.years) >= MASKS_FROM


class _Mask:
    """The titles of a filter over a big index, as a bool mask: len, bool and `i in` as a set
    answers them (_apply and the default list combine masks with numpy)."""

    __slots__ = ("m", "n")

    def __init__(self, m) -> None:
        import numpy as np

        self.m = m
        self.n = int(np.count_nonzero(m))

    def __len__(self) -> int:
        return self.n

    def __bool__(self) -> bool:
        return self.n > 0

    def __contains__(self, i) -> bool:
        return bool(self.m[i])


def _idx_array(s):
    import numpy as np

    return np.fromiter(s, dtype=np.intp, count=len(s))


def _mask_of(arrays, n: int) -> _Mask:
    import numpy as np

    m = np.zeros(n, dtype=bool)
    for a in arrays:
        if len(a):
            m[np.frombuffer(a, dtype=np.int32) if getattr(a, "itemsize", 0) == 4 else
              np.asarray(a, dtype=np.intp)] = True
    return _Mask(m)


def _union(sets: list):
    """The titles in any of `sets` (sets, or masks of a big index)."""
    if len(sets) == 1:
        return sets[0]
    if type(sets[0]) is _Mask:
        import numpy as np

        return _Mask(np.logical_or.reduce([m.m for m in sets]))
    return set().union(*sets)


def _filter_postings(ix: SearchIndex, typ: str, value: str) -> list:
    """The posting arrays whose titles have `value` for a filter field."""
    if typ == "kind":
        kv = _kind_value(value) or fold(value)
        return [ix.kind_post.get(kv, ())]
    if typ == "person":
        f = fold(value)
        fk = ix.person_alias.get(f, f)
        arrs = [ix.person_lead.get(fk, ()), ix.person_other.get(fk, ())]
        if not any(len(a) for a in arrs):  # a single name ("with:keanu") -> anyone with that word in their name
            arrs = [a for w in f.split()
                    for a in (ix.tok_person_lead.get(w, ()), ix.tok_person_other.get(w, ()))]
        return arrs
    post = {"genre": ix.genre_post, "theme": ix.theme_post, "country": ix.country_post,
            "lang": ix.lang_post, "platform": ix.platform_post}[typ]
    return [post.get(name, ()) for name in _resolve_values(ix, typ, value)]


def _filter_set(ix: SearchIndex, typ: str, value: str):
    """Titles having `value` for a filter field (cached per index): a set, or over a big index
    a _Mask."""
    key = (typ, value)
    s = ix._sets.get(key)
    if s is not None:
        return s
    arrs = _filter_postings(ix, typ, value)
    if _big(ix):
        s = _mask_of(arrs, len(ix.years))
        masks = [v for v in ix._sets.values() if type(v) is _Mask]
        if (len(masks) + 1) * len(s.m) > _MASK_BUDGET:
            for k in [k for k, v in ix._sets.items() if type(v) is _Mask]:
                del ix._sets[k]
    else:
        s = set()
        for a in arrs:
            s.update(a)
    if len(ix._sets) > 256:
        ix._sets.clear()
    ix._sets[key] = s
    return s


_FIELD_TYPES = (("kinds", "kind", False), ("genres", "genre", True), ("themes", "theme", True),
                ("countries", "country", False), ("languages", "lang", False),
                ("platforms", "platform", False), ("people", "person", True))


class _YearsTruth:
    """A title's year within [lo, hi] and, if asked, based on a true story (1) or not (0)."""

    __slots__ = ("ix", "lo", "hi", "want")

    def __init__(self, ix: SearchIndex, lo: int, hi: int, want: int | None) -> None:
        self.ix, self.lo, self.hi, self.want = ix, lo, hi, want

    def __call__(self, i: int) -> bool:
        return (self.lo <= self.ix.years[i] <= self.hi
                and (self.want is None or self.ix.true_story[i] == self.want))

    def keep(self, c):
        """The idx of numpy array `c` that pass."""
        import numpy as np

        years = self.ix.years
        y = (np.frombuffer(years, dtype=np.int16) if getattr(years, "itemsize", 0) == 2
             else np.asarray(years, dtype=np.int64))[c]
        ok = (y >= self.lo) & (y <= self.hi)
        if self.want is not None:
            ok &= np.frombuffer(self.ix.true_story, dtype=np.uint8)[c] == self.want
        return c[ok]


def _constraints(ix: SearchIndex, f: Filters) -> tuple[list, list, object]:
    """(sets a title must be in, sets it must not be in, per-title predicate or None); over a
    big index the filters' sets are masks (_Mask)."""
    must: list = []
    must_not: list = []
    for attr, typ, all_of in _FIELD_TYPES:
        vals = getattr(f, attr)
        if vals:
            if all_of:
                must.extend(_filter_set(ix, typ, v) for v in vals)
            else:
                must.append(_union([_filter_set(ix, typ, v) for v in vals]))
        for v in getattr(f, "not_" + attr):
            must_not.append(_filter_set(ix, typ, v))
    if f.exclude_ids:
        must_not.append({i for i in (_idx_of(ix, tid) for tid in f.exclude_ids) if i is not None})
    lo, hi, ts = f.year_min, f.year_max, f.true_story
    pred = None
    if lo is not None or hi is not None or ts is not None:
        pred = _YearsTruth(ix, -1 if lo is None else lo, 10_000 if hi is None else hi,
                           None if ts is None else (1 if ts else 0))
    return must, must_not, pred


def _idx_of(ix: SearchIndex, tid: str) -> int | None:
    m = ix._sets.get("__idx_of__")
    if m is None:
        if _big(ix) and "_pos_of_id" in ix.__dict__:
            m = _StoredIdx(ix)
        else:
            m = {t: i for i, t in enumerate(ix.ids)}
        ix._sets["__idx_of__"] = m
    return m.get(tid)


class _StoredIdx:
    """{id: idx} of a big index opened from the compiled catalog, without a dict of every id
    (a million ids: ~100 MB): the id's position from the file, then the idx at that position
    (the inverse of `pos`, 4 bytes a title), if it is that id's. Each id asked is remembered."""

    def __init__(self, ix: SearchIndex) -> None:
        self.ix = ix
        self.inv = None
        self.asked: dict[str, int | None] = {}

    def get(self, tid: str) -> int | None:
        if tid in self.asked:
            return self.asked[tid]
        ix = self.ix
        p = ix._pos_of_id(tid)
        i = None
        if p is not None and 0 <= p < len(ix.pos):
            if self.inv is None:
                import numpy as np

                pos = ix.pos if isinstance(ix.pos, array) else ix.pos.whole()
                self.inv = np.empty(len(pos), dtype=np.int32)
                self.inv[np.frombuffer(pos, dtype=np.int32)] = np.arange(len(pos), dtype=np.int32)
            i = int(self.inv[p])
            if ix.ids[i] != tid:  # (an old id: not this idx's id, as with the dict)
                i = None
        if len(self.asked) < 100_000:
            self.asked[tid] = i
        return i


def _masked(must, must_not) -> bool:
    return any(type(m) is _Mask for m in (*must, *must_not))


def _apply(cands, must, must_not, pred) -> set[int]:
    if _masked(must, must_not):
        return set(_apply_masks(_idx_array(cands), must, must_not, pred).tolist())
    s = cands if isinstance(cands, set) else set(cands)
    for m in sorted(must, key=len):
        s = s & m
        if not s:
            return s
    for m in must_not:
        if m:
            s = s - m
    if pred is not None:
        s = {i for i in s if pred(i)}
    return s


def _apply_masks(c, must, must_not, pred, n: int | None = None):
    """_apply over a big index (of n titles; else n is a mask's length): `c` (a numpy idx
    array) less what the filters leave out."""
    import numpy as np

    if n is None:
        n = next(len(m.m) for m in (*must, *must_not) if type(m) is _Mask)

    def mask(m):
        return m.m if type(m) is _Mask else _mask_of([_idx_array(m)], n).m

    for m in sorted(must, key=len):
        c = c[mask(m)[c]]
        if not len(c):
            return c
    for m in must_not:
        if m:
            c = c[~mask(m)[c]]
    if pred is not None and len(c):
        c = pred.keep(c)
    return c if len(c) else np.zeros(0, dtype=np.intp)


def _default_list(ix: SearchIndex, limit: int, must, must_not, pred) -> list[tuple[float, int]]:
    """No words: what to browse first (curated, recent, richly described) among the titles
    that pass the filters."""
    rank = ix.browse_rank
    if must and _masked(must, must_not):
        pool = _first_ranked(ix, limit, must, must_not, pred)
    elif must:
        pool = heapq.nsmallest(limit, _apply(min(must, key=len), must, must_not, pred),
                               key=rank.__getitem__)
    else:
        pool = []
        for i in ix.browse_order:
            if any(i in m for m in must_not) or (pred is not None and not pred(i)):
                continue
            pool.append(i)
            if len(pool) >= limit:
                break
    n = max(1, len(ix.ids))
    return [(round(1.0 - rank[i] / n, 4), i) for i in pool]


def _first_ranked(ix: SearchIndex, limit: int, must, must_not, pred) -> list[int]:
    """The `limit` titles first in the browse order that pass the filters (a big index: the
    titles of the smallest filter as a numpy array, not a set)."""
    import numpy as np

    first = min(must, key=len)
    c = np.flatnonzero(first.m) if type(first) is _Mask else _idx_array(first)
    c = _apply_masks(c, must, must_not, pred, len(ix.years))
    r = np.frombuffer(ix.browse_rank, dtype=np.int32)[c]
    if len(c) > limit:
        sel = np.argpartition(r, limit - 1)[:limit]
        c, r = c[sel], r[sel]
    return c[np.argsort(r, kind="stable")].tolist()


def known_values(catalog) -> dict[str, list[str]]:
    """Every genre, theme, country, language and platform in the catalog, for filter pickers."""
    parts = [ix for ix, _ in index_parts(catalog)]
    return {
        "kinds": ["film", "series"],
        "genres": sorted({k for ix in parts for k in ix.genre_post}),
        "themes": sorted({k for ix in parts for k in ix.theme_post}),
        "countries": sorted({k for ix in parts for k in ix.country_post}),
        "languages": sorted({k for ix in parts for k in ix.lang_post}),
        "platforms": sorted({k for ix in parts for k in ix.platform_post}),
    }


_FILTER_WORDS = {"kind": ("kind", "kind"), "genre": ("genre", "genre"), "theme": ("theme", "theme"),
                 "country": ("country", "country"), "lang": ("lang", "language"),
                 "platform": ("on", "platform"), "person": ("with", "person")}


def unknown_filters(catalog, filters: Filters) -> tuple[list[str], list[str]]:
    """Filter values that name nothing in the catalog, one line each with the closest name
    ("genre:horrror: no genre is called 'horrror' (did you mean genre:Horror?)"): (those a title
    must have, so that nothing can match; negated ones, which leave nothing out)."""
    parts = [ix for ix, _ in index_parts(catalog)]
    must: list[str] = []
    must_not: list[str] = []
    for attr, typ, _ in _FIELD_TYPES:
        key, noun = _FILTER_WORDS[typ]
        for neg, out in (("", must), ("not_", must_not)):
            for v in getattr(filters, neg + attr):
                typed = f"{'-' if neg else ''}{key}:{_quote(v)}"
                if typ == "kind":
                    if _kind_value(v) is None:
                        out.append(f"{typed}: use kind:film or kind:series")
                elif not any(_filter_set(ix, typ, v) for ix in parts):
                    near = _closest_value(parts, typ, v)
                    out.append(f"{typed}: no {noun} is called {v!r}"
                               + (f" (did you mean {key}:{_quote(near)}?)" if near else ""))
    return must, must_not


def _closest_value(parts: list[SearchIndex], typ: str, value: str) -> str | None:
    from rapidfuzz import fuzz, process

    if typ == "person":
        names = {n: n for ix in parts for n in ix.person_names}
    else:
        attr = {"genre": "genre_post", "theme": "theme_post", "country": "country_post",
                "lang": "lang_post", "platform": "platform_post"}[typ]
        names = {k: fold(k) for ix in parts for k in getattr(ix, attr)}
    scorer = fuzz.WRatio if typ == "person" else fuzz.ratio  # "keanoo" is Keanu Reeves
    best = process.extractOne(fold(value)[:MAX_QUERY], names, scorer=scorer, score_cutoff=70)
    return best[2] if best else None
