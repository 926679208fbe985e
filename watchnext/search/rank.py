"""search(): the titles matching every concept, scored (weights.py) and ordered, near misses
below them, each hit with the labels of what it matched."""

from __future__ import annotations

import heapq

from ..model import Hit, Title
from ..text import fold, fold_title
from .concepts import _Concept, _concepts, _title_bonuses
from .filters import _Mask, _apply, _apply_masks, _big, _constraints, _default_list
from .index import SearchIndex, _browse, index_parts
from .query import Filters, MAX_QUERY, ParsedQuery, parse_query
from .weights import B_FUZZY, B_SPELLED, PARTIAL_FACTOR, PRIOR_W, STRONG


def search(catalog, query: str, limit: int = 20, *, filters: Filters | dict | None = None) -> list[Hit]:
    """Titles matching `query`, best first (see the module docstring for what a query holds).

    `filters` (a Filters, or a dict of its fields) restrict the results on top of the filters
    typed in the query."""
    query = (query or "")[:MAX_QUERY]
    parsed = parse_query(query)
    f = parsed.filters
    if filters is not None:
        if isinstance(filters, dict):
            filters = Filters(**{k: (tuple(v) if isinstance(v, (list, set)) and k != "exclude_ids"
                                     else frozenset(v) if k == "exclude_ids" else v)
                                 for k, v in filters.items()})
        f = filters.merged(f)
    limit = max(0, int(limit))
    if limit == 0:
        return []
    parts = index_parts(catalog)
    if len(parts) == 1:
        return _search_in(catalog, parts[0][0], parts[0][1], parsed, f, limit)
    # the shipped titles and the user's own, each searched in its index: one list, best first
    hits = [h for ix, dead in parts
            for h in _search_in(catalog, ix, dead, parsed, f, limit, near_misses=False)]
    if not hits:  # near misses only when no title anywhere matches every word
        hits = [h for ix, dead in parts for h in _search_in(catalog, ix, dead, parsed, f, limit)]
    if fold(parsed.text):
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]
    # no words: the browse order, over both (its score is the place in it, as in one index)
    hits.sort(key=lambda h: (-_browse(h.title), h.title.id))
    n = max(1, len(catalog.titles))
    return [h._replace(score=round(1.0 - r / n, 4)) for r, h in enumerate(hits[:limit])]


def _search_in(catalog, ix: SearchIndex, dead: set[int], parsed: ParsedQuery, f: Filters,
               limit: int, *, near_misses: bool = True) -> list[Hit]:
    must, must_not, pred = _constraints(ix, f)
    if dead:
        must_not.append(dead)
    titles = catalog.titles

    big = _big(ix)
    neg_concepts = [_concepts(ix, w) for w in parsed.negated]
    for cs in neg_concepts:
        for c in cs:
            if c.required:
                must_not.append(_Mask(c.dense(len(ix.years))[1]) if big else set(c.scores))

    text = parsed.text
    if not fold(text):
        ranked = _default_list(ix, limit, must, must_not, pred)
        return [Hit(titles[ix.pos[i]], round(s, 4), ("default",)) for s, i in ranked]

    concepts = _concepts(ix, text)
    bonuses = _title_bonuses(ix, text)
    from rapidfuzz import fuzz

    q = fold_title(text)
    spelled = _spelled_like(ix, concepts, q, bonuses, fuzz)
    pick = _best_dense if big else _best
    top = pick(ix, concepts, bonuses, must, must_not, pred, near_misses, max(limit * 3, 50))
    # re-rank the best by how closely the whole query spells the title
    full_q = fold(text)
    reranked: list[tuple[float, int, str]] = []
    for s, negi in top:
        i = -negi
        if i not in spelled:
            r = _ratio(ix, q, i, fuzz)
            if r >= 75:
                s += B_FUZZY * (r - 75) / 25
        # "heat" means Heat, not The Heat: the title as typed, article and all (only a title
        # equal to the query once articles are dropped can be; no other row is read)
        if full_q and ix.title_fold[i] == q and fold(titles[ix.pos[i]].title) == full_q:
            s += B_SPELLED
        reranked.append((s, i, ""))
    reranked.sort(key=lambda x: (-x[0], x[1]))
    hits: list[Hit] = []
    for s, i, _ in reranked[:limit]:
        t = titles[ix.pos[i]]
        hits.append(Hit(t, round(s, 4), _matched(ix, t, i, concepts, bonuses)))
    return hits



def _ratio(ix: SearchIndex, q: str, i: int, fuzz) -> float:
    """How closely the folded query spells title i (its title or original title), 0-100."""
    r = fuzz.ratio(q, ix.title_fold[i])
    o = ix.orig_fold[i]
    return max(r, fuzz.ratio(q, o)) if o else r


SPELLED_CAP = 5000  # title matches of the query's words looked at for a whole-title bonus


def _spelled_like(ix: SearchIndex, concepts: list[_Concept], q: str, bonuses, fuzz) -> set[int]:
    """The titles a query word matched by title, each given (in `bonuses`, before the best are
    picked) the bonus for how closely the whole query spells it: "balerina" is Ballerina (2023)
    whether 20 results are asked for or 30, not the ballet films its theme alias reaches first.
    Returns the titles looked at (none when the query's words match more than SPELLED_CAP titles:
    then only the best picked are, after)."""
    looked: set[int] = set()
    for c in concepts:
        for _, arr, typ, _ in c.sources:
            if typ in ("title", "title~"):  # (title~: a word one or two letters off)
                looked.update(arr.tolist() if hasattr(arr, "tolist") else arr)
                if len(looked) > SPELLED_CAP:
                    return set()
    for i in looked:
        r = _ratio(ix, q, i, fuzz)
        if r >= 75:
            b, label = bonuses.get(i, (0.0, "title"))
            bonuses[i] = (b + B_FUZZY * (r - 75) / 25, label)
    return looked


def _best(ix: SearchIndex, concepts: list[_Concept], bonuses, must, must_not, pred,
          near_misses: bool, k: int) -> list[tuple[float, int]]:
    """The k best (score, -idx) of the titles matching every required concept (else the near
    misses), filters applied: with sets and dicts (an index below filters.MASKS_FROM)."""
    required = [c for c in concepts if c.required]
    # titles matching every required concept
    if required:
        order = sorted(required, key=lambda c: len(c.scores))
        full = set(order[0].scores)
        for c in order[1:]:
            full.intersection_update(c.scores)
            if not full:
                break
    else:
        full = set()
    full |= bonuses.keys()
    full = _apply(full, must, must_not, pred)
    cand = full
    partial: set[int] = set()
    if near_misses and not full and len(required) > 1:
        # every result matches every word; only when no title does are those strongly matching
        # all words but one listed (a typo, a word the catalog does not know), ranked below
        union: set[int] = set()
        strong = [{i for i, w in c.scores.items() if w >= STRONG} if not c.weak else set()
                  for c in required]
        for st in strong:
            if len(st) <= 60_000:
                union.update(st)
        need = len(required) - 1
        union = {i for i in union - full if sum(1 for s in strong if i in s) >= need}
        partial = _apply(union, must, must_not, pred)
        cand = full | partial

    prior = ix.prior
    score_dicts = [c.scores for c in concepts]
    nreq = len(required)
    req_dicts = [c.scores for c in required]
    scored: list[tuple[float, int]] = []
    for i in cand:
        s = PRIOR_W * prior[i]
        for d in score_dicts:
            v = d.get(i)
            if v is not None:
                s += v
        b = bonuses.get(i)
        if b is not None:
            s += b[0]
        elif i in partial:
            matched = sum(1 for d in req_dicts if i in d)
            s = PARTIAL_FACTOR * s * matched / (nreq + 1)
        scored.append((s, -i))
    return heapq.nlargest(k, scored)


def _best_dense(ix: SearchIndex, concepts: list[_Concept], bonuses, must, must_not, pred,
                near_misses: bool, k: int) -> list[tuple[float, int]]:
    """_best over a big index, with numpy: each concept a dense weight vector and a presence
    mask, not a dict (at a million titles a concept's dict held a few hundred thousand int and
    float objects). The same float64 sums in the same order, so the same scores and order."""
    import numpy as np

    n = len(ix.years)
    dense = [c.dense(n) for c in concepts]
    req = [d for c, d in zip(concepts, dense) if c.required]
    full_m = np.logical_and.reduce([h for _, h in req]) if req else np.zeros(n, dtype=bool)
    if bonuses:
        full_m[np.fromiter(bonuses, dtype=np.intp, count=len(bonuses))] = True
    full = _apply_masks(np.flatnonzero(full_m), must, must_not, pred, n)
    partial = full[:0]
    if near_misses and not len(full) and len(req) > 1:
        strong = [(v >= STRONG) & h if not c.weak else np.zeros(n, dtype=bool)
                  for c, (v, h) in zip((c for c in concepts if c.required), req)]
        union = np.zeros(n, dtype=bool)
        for st in strong:
            if np.count_nonzero(st) <= 60_000:
                union |= st
        union &= np.add.reduce([st.astype(np.int16) for st in strong]) >= len(req) - 1
        partial = _apply_masks(np.flatnonzero(union), must, must_not, pred, n)
    cand = np.concatenate((full, partial))  # (one of them empty: ascending idx)
    s = PRIOR_W * np.frombuffer(ix.prior, dtype=np.float32)[cand].astype(np.float64)
    for v, _ in dense:
        s += v[cand]  # (0.0 where the concept is absent: the same sum)
    if len(partial):
        at = len(full)
        matched = np.add.reduce([h[partial].astype(np.int64) for _, h in req])
        s[at:] = PARTIAL_FACTOR * s[at:] * matched / (len(req) + 1)
    for i, (b, _) in bonuses.items():  # (a bonus is added last, as in _best)
        j = int(np.searchsorted(cand, i))
        if j < len(cand) and cand[j] == i:
            s[j] += b
    if len(cand) > k:
        kth = np.partition(s, len(s) - k)[len(s) - k]
        keep = np.flatnonzero(s >= kth)
        cand, s = cand[keep], s[keep]
    order = np.lexsort((cand, -s))[:k]  # score desc, then idx asc: nlargest of (s, -idx)
    return list(zip(s[order].tolist(), (-cand[order]).tolist()))


def _matched(ix: SearchIndex, t: Title, i: int, concepts: list[_Concept], bonuses) -> tuple[str, ...]:
    """Short labels of what matched: "title", "cast: Jeon Jong-seo", "theme: revenge"..."""
    out: list[str] = []
    if i in bonuses:
        out.append("title")
    for c in concepts:
        src = c.best_source(i)
        if src is None:
            continue
        _, _, typ, key = src
        label = _label(ix, t, typ, key)
        if label and label not in out:
            out.append(label)
    return tuple(out)


def _label(ix: SearchIndex, t: Title, typ: str, key: str) -> str:
    if typ in ("title", "title~"):
        if t.original_title and key not in fold(t.title) and key in fold(t.original_title):
            return "original title"
        return "title"
    if typ in ("person", "person-token"):
        for role, names in (("director", t.directors), ("cast", t.cast), ("writer", t.writers),
                            ("music", t.composers)):
            for n in names:
                fn = fold(n)
                if fn == key or (typ == "person-token" and key in fn.split()):
                    return f"{role}: {n}"
        return ""
    if typ == "genre":
        return f"genre: {key}"
    if typ == "theme":
        return f"theme: {key}"
    if typ == "keyword":
        return f"about: {key}"
    if typ == "country":
        return f"country: {key}"
    if typ == "language":
        return f"language: {key}"
    if typ == "year":
        return f"year: {key}"
    if typ == "decade":
        return f"decade: {key}"
    if typ == "platform":
        return f"on {key}"
    if typ == "studio":
        return f"studio: {key}"
    if typ == "kind":
        return key
    return typ
