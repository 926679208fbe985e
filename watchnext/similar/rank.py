"""similar() and score_pair(): the titles most like one title (or several), each with its score
and reasons, by the ranker the package names (RANKER)."""

from __future__ import annotations

from typing import Iterable

from ..model import Match, Title
from ..text import fold
from .cached import get_index
from .features import SimilarIndex
from .reasons import reasons_for
from .score import _Query, _finish, _pair, _rank_one, links_of, ranker


# ------------------------------------------------------------------ public API

def _to_idx(ix: SimilarIndex, catalog, item) -> int:
    if isinstance(item, Title):
        i = ix.id_to_idx.get(item.id)
        if i is None:
            from ..errors import NotFound

            raise NotFound(f"{item.label} is not in this catalog")
        return i
    if isinstance(item, str):
        i = ix.id_to_idx.get(item.strip())
        if i is not None:
            return i
        return ix.id_to_idx[catalog.resolve(item).id]  # a name: NotFound / Ambiguous propagate
    raise TypeError(f"expected a Title, an id or a list of them, got {type(item).__name__}")


def _kind_code(kind: str | None) -> int | None:
    if not kind:
        return None
    k = fold(kind)
    if k in ("series", "show", "shows", "tv", "serie"):
        return 1
    if k in ("film", "films", "movie", "movies"):
        return 0
    raise ValueError(f"kind should be 'film' or 'series', not {kind!r}")


def similar(catalog, title_or_titles, limit: int = 20, *, kind: str | None = None,
            exclude_ids: Iterable[str] = ()) -> list[Match]:
    """Titles a fan of the given title(s) wants next, best first, each with its reasons.

    `title_or_titles`: a Title, an id (or a name, resolved by the catalog), or a list of them.
    `kind`: "film" or "series" to keep only those. `exclude_ids`: ids to leave out (e.g. the
    titles already on the watchlist). Never returns the input titles."""
    ix = get_index(catalog)
    if isinstance(title_or_titles, (Title, str)):  # (a Title is a NamedTuple: test it first)
        items = [title_or_titles]
    else:
        items = list(title_or_titles)
    inputs = list(dict.fromkeys(_to_idx(ix, catalog, it) for it in items))
    limit = max(0, int(limit))
    if not inputs or limit == 0:
        return []
    skip = set(inputs)
    for tid in exclude_ids or ():
        j = ix.id_to_idx.get(tid)
        if j is not None:
            skip.add(j)
    want = _kind_code(kind)
    titles = catalog.titles
    if len(inputs) == 1:
        i = inputs[0]
        ranked = _rank_one(ix, i, skip, want, limit)
        q = _Query(ix, i)
        return [Match(titles[j], round(s, 4), tuple(reasons_for(ix, catalog, i, j, q=q)))
                for s, j in ranked]
    # several titles: each votes with its normalised scores; a title liked through several
    # inputs rises. Reasons come from the input it is most like.
    pool = max(limit * 3, 60)
    total: dict[int, float] = {}
    best_from: dict[int, tuple[float, int]] = {}
    for i in inputs:
        ranked = _rank_one(ix, i, skip, want, pool)
        if not ranked:
            continue
        # each list scaled from its last pick (0) to its first (1): lists weigh the same
        top = ranked[0][0]
        floor = min(0.0, ranked[-1][0]) if ranker() != "smooth" else ranked[-1][0]
        span = (top - floor) or 1.0
        for s, j in ranked:
            v = max(0.0, (s - floor) / span)
            total[j] = total.get(j, 0.0) + v
            if v > best_from.get(j, (-1.0, -1))[0]:
                best_from[j] = (v, i)
    n = len(inputs)
    ids = ix.ids
    ranked_all = sorted(total.items(), key=lambda x: (-x[1], ids[x[0]]))[:limit]
    out: list[Match] = []
    for j, s in ranked_all:
        i = best_from[j][1]
        because = [f"because you liked {titles[i].title}"]
        out.append(Match(titles[j], round(s / n, 4),
                         tuple(because + reasons_for(ix, catalog, i, j, max_reasons=4))))
    return out


def score_pair(catalog, a, b) -> Match:
    """How much a fan of `a` wants `b` (the score `similar` would give), with the reasons."""
    ix = get_index(catalog)
    i, j = _to_idx(ix, catalog, a), _to_idx(ix, catalog, b)
    if ranker() == "smooth":
        from . import smooth

        s = float(smooth.scores(ix, i, lambda k: links_of(ix, k))[j])
        return Match(catalog.titles[j], round(s, 4), tuple(reasons_for(ix, catalog, i, j)))
    q = _Query(ix, i)
    s = _finish(ix, q, j, *_pair(ix, q, j))
    return Match(catalog.titles[j], round(s, 4), tuple(reasons_for(ix, catalog, i, j)))
