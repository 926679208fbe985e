"""Filters applied to the index (genre:, theme:, country:, with: ... as sets of titles), the
list an empty query shows, and the filter values a catalog knows (unknown_filters names the
closest one)."""

from __future__ import annotations

import heapq

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


def _filter_set(ix: SearchIndex, typ: str, value: str) -> set[int]:
    """Titles having `value` for a filter field (cached per index)."""
    key = (typ, value)
    s = ix._sets.get(key)
    if s is not None:
        return s
    if typ == "kind":
        kv = _kind_value(value) or fold(value)
        s = set(ix.kind_post.get(kv, ()))
    elif typ == "person":
        f = fold(value)
        fk = ix.person_alias.get(f, f)
        s = set(ix.person_lead.get(fk, ())) | set(ix.person_other.get(fk, ()))
        if not s:  # a single name ("with:keanu") -> anyone with that word in their name
            for w in f.split():
                s |= set(ix.tok_person_lead.get(w, ())) | set(ix.tok_person_other.get(w, ()))
    else:
        post = {"genre": ix.genre_post, "theme": ix.theme_post, "country": ix.country_post,
                "lang": ix.lang_post, "platform": ix.platform_post}[typ]
        s = set()
        for name in _resolve_values(ix, typ, value):
            s.update(post.get(name, ()))
    if len(ix._sets) > 256:
        ix._sets.clear()
    ix._sets[key] = s
    return s


_FIELD_TYPES = (("kinds", "kind", False), ("genres", "genre", True), ("themes", "theme", True),
                ("countries", "country", False), ("languages", "lang", False),
                ("platforms", "platform", False), ("people", "person", True))


def _constraints(ix: SearchIndex, f: Filters) -> tuple[list[set[int]], list[set[int]], object]:
    """(sets a title must be in, sets it must not be in, per-title predicate or None)."""
    must: list[set[int]] = []
    must_not: list[set[int]] = []
    for attr, typ, all_of in _FIELD_TYPES:
        vals = getattr(f, attr)
        if vals:
            if all_of:
                must.extend(_filter_set(ix, typ, v) for v in vals)
            else:
                sets = [_filter_set(ix, typ, v) for v in vals]
                must.append(sets[0] if len(sets) == 1 else set().union(*sets))
        for v in getattr(f, "not_" + attr):
            must_not.append(_filter_set(ix, typ, v))
    if f.exclude_ids:
        must_not.append({i for i in (_idx_of(ix, tid) for tid in f.exclude_ids) if i is not None})
    lo, hi, ts = f.year_min, f.year_max, f.true_story
    pred = None
    if lo is not None or hi is not None or ts is not None:
        years, truth = ix.years, ix.true_story
        lo_ = -1 if lo is None else lo
        hi_ = 10_000 if hi is None else hi
        want = None if ts is None else (1 if ts else 0)

        def pred(i: int) -> bool:
            return lo_ <= years[i] <= hi_ and (want is None or truth[i] == want)
    return must, must_not, pred


def _idx_of(ix: SearchIndex, tid: str) -> int | None:
    m = ix._sets.get("__idx_of__")
    if m is None:
        m = {t: i for i, t in enumerate(ix.ids)}
        ix._sets["__idx_of__"] = m
    return m.get(tid)


def _apply(cands, must, must_not, pred) -> set[int]:
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


def _default_list(ix: SearchIndex, limit: int, must, must_not, pred) -> list[tuple[float, int]]:
    """No words: what to browse first (curated, recent, richly described) among the titles
    that pass the filters."""
    rank = ix.browse_rank
    if must:
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
