"""The gated ranker's score of a candidate for a query title: shared features, links (sequel,
franchise, family), era, kind, audience; the candidates through rare features and their
bounds. (The default ranker is smooth.py; both share the links.)"""

from __future__ import annotations

import heapq
import math
import sys

from ..text import link_words
from .features import SimilarIndex
from .weights import (AGE_GAP_PENALTY, ALONE, CAND_MIN, CAND_SHARE, ERA_SPAN, FILL_MAX,
    GENERIC_ONLY, GENRE_DISJOINT, KIDS_ADULT_PENALTY, REL_W, SPEC_MIN, THEME_NORM_FROM, THEME_SAT,
    W_CAST, W_COMPOSER, W_DIRECTOR, W_ERA, W_FAMILY, W_FRANCHISE, W_KIND, W_PRIOR, W_SEQUEL,
    W_TRUE, W_WEAK_LINK, W_WRITER)


# ------------------------------------------------------------------ scoring

def ranker() -> str:
    """The ranker the package names, read at each call: watchnext.similar.RANKER, "smooth" (every
    title scored, smooth.py) or "gated" (benchmarks set it to compare the two)."""
    return sys.modules[__package__].RANKER


class _Query:
    """Everything about one input title that scoring a candidate needs."""

    __slots__ = ("i", "adult", "feats", "rel", "gbits", "cbits", "lbits", "gmemo", "cmemo", "lmemo", "year", "kind", "age", "truth",
                 "kids", "fr", "fr_pos", "follows", "followed_by", "common", "links")

    def __init__(self, ix: SimilarIndex, i: int) -> None:
        self.i = i
        self.feats = ix.feats(i)
        # themes often found with the title's themes count a little too
        self.rel: dict[int, float] = {}
        for f, wq in self.feats.items():
            for r, c in ix.theme_rel.get(f, ()):
                if r not in self.feats:
                    v = wq * c * REL_W
                    if v > self.rel.get(r, 0.0):
                        self.rel[r] = v
        self.gmemo = _memo(ix.gmask[i], lambda b: (ix.genre_w[b], ix.genre_w[b] if ix.genre_rare[b] else 0.0))
        self.cmemo = _memo(ix.cmask[i], lambda b: (ix.country_w[b], 0.0))
        self.lmemo = _memo(ix.lmask[i], lambda b: (ix.lang_w[b], 0.0))
        self.gbits = ix.gmask[i]
        self.cbits = ix.cmask[i]
        self.lbits = ix.lmask[i]
        self.year = ix.years[i]
        self.kind = ix.kinds[i]
        self.age = ix.age[i]
        self.truth = ix.truth[i]
        self.kids = ix.kids[i]
        self.adult = ix.adult[i]
        self.fr = next((f for f in self.feats if ix.feat_names[f].startswith("f:")), -1)
        self.fr_pos = ix.fr_pos[i]
        self.follows = ix.follows[i]
        self.followed_by = ix.followed_by[i]
        self.links: dict[int, float] | None = None  # links_of, once asked (reasons.py)


def _memo(mask: int, weight) -> dict[int, tuple[float, float]]:
    """Sum of weights for every subset of the bits of `mask` (at most 2**10 subsets)."""
    bits = []
    b = 0
    m = mask
    while m:
        if m & 1:
            bits.append(b)
        m >>= 1
        b += 1
    bits = bits[:10]
    memo = {0: (0.0, 0.0)}
    for b in bits:
        w, r = weight(b)
        for k, (a, c) in list(memo.items()):
            memo[k | (1 << b)] = (a + w, c + r)
    return memo


def _mask_score(memo: dict, qmask: int, cmask: int) -> tuple[float, float]:
    v = memo.get(qmask & cmask)
    if v is None:  # more than 10 bits: rare, compute directly
        return 0.0, 0.0
    return v


def _direct(ix: SimilarIndex, q: _Query, j: int) -> bool:
    return q.follows == j or q.followed_by == j or ix.follows[j] == q.i or ix.followed_by[j] == q.i


_PEOPLE = ("d:", "q:", "a:", "w:")
FAMILY_MAX_GAP = 40  # years: "Paris" (1929) and "Paris: ..." (2009) are no family


def people_of(ix: SimilarIndex, i: int) -> set[int]:
    """Title i's person features (directors, cast, writers)."""
    names = ix.feat_names
    return {f for f in ix.t_fid[ix.t_ptr[i]:ix.t_ptr[i + 1]] if names[f][:2] in _PEOPLE}


def family_ok(ix: SimilarIndex, i: int, j: int, people_i: set[int] | None = None) -> bool:
    """Do titles i and j, which share a title stem ("Toy Story" / "Toy Story 2", "Star Wars:
    ..."), belong to one family? A shared name alone is often a homonym: not when both have the
    very same title ("Child's Play", 1972 and 1988: a homonym or a remake, never a sequel by name
    alone; real sequels of one name are linked by their sources), nor when they share no genre
    ("The Insider", a drama, and "The Insider: Reggie Yates", a documentary series), nor when a
    kids' series and a film for older viewers share a word and no person ("Avatar: The Last
    Airbender" and "Avatar"), nor more than FAMILY_MAX_GAP years apart with no person shared.
    `people_i`: people_of(ix, i), when the caller asks about many j."""
    if ix.tfold[i] == ix.tfold[j]:
        return False
    gi, gj = ix.gmask[i], ix.gmask[j]
    if gi and gj and not gi & gj:
        return False
    if people_i is None:
        people_i = people_of(ix, i)
    if any(f in people_i for f in ix.t_fid[ix.t_ptr[j]:ix.t_ptr[j + 1]]):
        return True
    if ix.kinds[i] != ix.kinds[j] and ix.kids[i] != ix.kids[j]:
        return False
    return abs(ix.years[i] - ix.years[j]) <= FAMILY_MAX_GAP


def strong_link(ix: SimilarIndex, i: int, j: int) -> bool:
    """A sequel / franchise link between i and j that a person would recognise: the titles share
    a word ("Toy Story" / "Toy Story 2", "Alien" / "Aliens"), or one record is hand-curated.
    Wikidata's "followed by" also chains studio filmographies (Toy Story -> A Bug's Life) and
    award winners: such links still count, but much less, and are not called sequels."""
    if ix.curated[i] or ix.curated[j]:
        return True
    return bool(link_words(ix.tfold[i]) & link_words(ix.tfold[j]))


def _link_bonus(ix: SimilarIndex, q: _Query, j: int, cfeats_has_fr: bool) -> float:
    strong = strong_link(ix, q.i, j)
    if _direct(ix, q, j):
        return W_SEQUEL if strong else W_WEAK_LINK
    if q.fr >= 0 and cfeats_has_fr:
        pj = ix.fr_pos[j]
        if q.fr_pos >= 0 and pj >= 0:
            w = max(W_FAMILY, W_FRANCHISE - 0.6 * (abs(pj - q.fr_pos) - 1))
        else:
            w = W_FRANCHISE - 1.0
        return w if strong else W_WEAK_LINK * 0.6
    return 0.0


def _finish(ix: SimilarIndex, q: _Query, j: int, theme: float, other: float,
            common_theme: float = 0.0) -> float:
    """The full score of candidate j, given its overlap: specific themes, other specific
    features (people, links, studios), and very common themes ("family", "romance": they add
    to the score but are not enough, alone, to count as sharing something specific)."""
    gate = theme + other
    theme += common_theme
    nt = ix.n_themes[j]
    if nt > THEME_NORM_FROM:
        theme /= math.sqrt(nt / THEME_NORM_FROM)
    if theme > 0.0:
        theme = THEME_SAT * (1.0 - math.exp(-theme / THEME_SAT))
    shared_g = q.gbits & ix.gmask[j]
    g, grare = q.gmemo.get(shared_g, (0.0, 0.0))
    if not shared_g and q.gbits and ix.gmask[j]:
        theme *= GENRE_DISJOINT  # shared themes mean less across genres (a documentary, a thriller)
    spec = theme + other + grare
    gen = g - grare
    c = q.cmemo.get(ix.cmask[j] & q.cbits, (0.0, 0.0))[0]
    la = q.lmemo.get(ix.lmask[j] & q.lbits, (0.0, 0.0))[0]
    gen += c + la
    # era and kind say little about two titles that share nothing else
    alone = 1.0 if (shared_g or gate + grare >= SPEC_MIN) else ALONE
    dy = abs(ix.years[j] - q.year)
    if dy < ERA_SPAN:
        gen += W_ERA * (1.0 - dy / ERA_SPAN) * alone
    if ix.kinds[j] == q.kind:
        gen += W_KIND * alone
    if q.truth and ix.truth[j]:
        gen += W_TRUE
    gen += W_PRIOR * ix.prior[j]
    # audience: keep kids' titles and adult ones apart
    a, b = q.age, ix.age[j]
    if (q.kids and ix.adult[j]) or (q.adult and ix.kids[j]):
        gen -= KIDS_ADULT_PENALTY  # a kids' title and an adult one (by rating or by genre)
    elif a and b:
        gen += 0.4 if a == b else -AGE_GAP_PENALTY[abs(a - b)]
    if q.kids and ix.kids[j]:
        gen += 0.8
    if gate + grare < SPEC_MIN:
        return GENERIC_ONLY * (spec + gen) if spec + gen > 0 else spec + gen
    return spec + gen


def links_of(ix: SimilarIndex, i: int, q: "_Query | None" = None) -> dict[int, float]:
    """Sequel, franchise and title-family bonuses of title i's linked titles."""
    q = q if q is not None else _Query(ix, i)
    p_ptr, p_idx = ix.p_ptr, ix.p_idx
    links: dict[int, float] = {}
    for f in q.feats:
        name = ix.feat_names[f]
        if name.startswith("f:"):
            for j in p_idx[p_ptr[f]:p_ptr[f + 1]]:
                links[j] = _link_bonus(ix, q, j, True)
    for j in (q.follows, q.followed_by, *ix.linked.get(i, ())):
        if j >= 0:
            links[j] = _link_bonus(ix, q, j, False)
    people_i = None
    for f in q.feats:
        if ix.feat_names[f].startswith("x:"):
            people_i = people_of(ix, i) if people_i is None else people_i
            for j in p_idx[p_ptr[f]:p_ptr[f + 1]]:
                if links.get(j, 0.0) < W_FAMILY and family_ok(ix, i, j, people_i):
                    links[j] = W_FAMILY
    links.pop(i, None)
    return links


def _rank_one(ix: SimilarIndex, i: int, skip: set[int], want_kind: int | None,
              pool: int) -> list[tuple[float, int]]:
    """The best `pool` candidates for title i, as (score, idx), best first; ties by id."""
    if ranker() == "smooth":
        from . import smooth

        direct = {j for j in (ix.follows[i], ix.followed_by[i], *ix.linked.get(i, ())) if j >= 0}
        return smooth.rank_one(ix, i, skip, want_kind, pool,
                                       lambda k: links_of(ix, k), direct)
    q = _Query(ix, i)
    acc_t: dict[int, float] = {}
    acc_o: dict[int, float] = {}
    p_ptr, p_idx, p_w, common = ix.p_ptr, ix.p_idx, ix.p_w, ix.common
    nt = ix.n_theme_feats
    # features find candidates rarest first; once there are enough candidates, the more common
    # features ("family", "friendship", a prolific actor) only add to the scores of those found
    feats: list[tuple[int, int, float]] = []
    for f, wq in q.feats.items():
        if not ix.feat_names[f].startswith(("f:", "x:")):  # links: links_of
            feats.append((p_ptr[f + 1] - p_ptr[f], f, wq))
    for f, wq in q.rel.items():
        if not common[f]:
            feats.append((p_ptr[f + 1] - p_ptr[f], f, wq))
    feats.sort()
    late: dict[int, tuple[float, bool]] = {}  # fid -> (query weight, is a theme)
    budget = max(CAND_MIN, int(CAND_SHARE * len(ix.ids)))
    found = 0
    for df, f, wq in feats:
        if common[f] or found >= budget or (found and found + df > budget * 1.5):
            late[f] = (wq, f < nt)
            continue
        acc = acc_t if f < nt else acc_o
        get = acc.get
        a, b = p_ptr[f], p_ptr[f + 1]
        for j, w in zip(p_idx[a:b], p_w[a:b]):
            acc[j] = get(j, 0.0) + wq * w
        found = len(acc_t) + len(acc_o)
    links = links_of(ix, i, q)
    cands = set(acc_t)
    cands.update(acc_o)
    cands.update(links)
    kinds = ix.kinds
    if want_kind is not None:
        cands = {j for j in cands if kinds[j] == want_kind}
    cands.difference_update(skip)
    cands.discard(i)

    # the common features, for the candidates found (set intersections run in C)
    acc_c: dict[int, float] = {}  # very common themes
    for f, (wq, is_theme) in late.items():
        a, b = p_ptr[f], p_ptr[f + 1]
        hits = cands.intersection(p_idx[a:b])
        if not hits:
            continue
        acc = (acc_c if common[f] else acc_t) if is_theme else acc_o
        get = acc.get
        if is_theme:  # a theme weighs the same in every title
            w = wq * p_w[a]
            for j in hits:
                acc[j] = get(j, 0.0) + w
        else:
            ws = dict(zip(p_idx[a:b], p_w[a:b]))
            for j in hits:
                acc[j] = get(j, 0.0) + wq * ws[j]
    t_ptr, t_fid, t_w = ix.t_ptr, ix.t_fid, ix.t_w

    def score(j: int, scan: bool = False) -> float:
        th = acc_t.get(j, 0.0)
        ot = acc_o.get(j, 0.0) + links.get(j, 0.0)
        ct = acc_c.get(j, 0.0)
        if scan and late:  # a title found by its genre: look up its common features
            a, b = t_ptr[j], t_ptr[j + 1]
            for f, w in zip(t_fid[a:b], t_w[a:b]):
                hit = late.get(f)
                if hit is not None:
                    if not hit[1]:
                        ot += hit[0] * w
                    elif common[f]:
                        ct += hit[0] * w
                    else:
                        th += hit[0] * w
        return _finish(ix, q, j, th, ot, ct)

    # best-first with a bound: a candidate's generic part (genres, country, era...) is at most
    # `most`, so once the specific overlap of the rest cannot reach the pool, stop scoring
    gall, grare_all = q.gmemo.get(q.gbits, (0.0, 0.0))
    most = _generic_max(q) - gall  # the genres are counted exactly in `quick`
    gmemo, gbits, gmask = q.gmemo, q.gbits, ix.gmask
    nog = (0.0, 0.0)
    quick = [(min(acc_t.get(j, 0.0) + acc_c.get(j, 0.0), THEME_SAT) + acc_o.get(j, 0.0)
              + links.get(j, 0.0) + gmemo.get(gbits & gmask[j], nog)[0], j) for j in cands]
    quick.sort(reverse=True)
    out: list[tuple[float, int]] = []
    heap: list[float] = []  # the best `pool` scores so far (a min-heap)
    for v, j in quick:
        if len(heap) >= pool:
            bound = v + most if v + grare_all >= SPEC_MIN else GENERIC_ONLY * (v + most)
            if bound < heap[0]:
                break
        sc = score(j)
        out.append((sc, j))
        if len(heap) < pool:
            heapq.heappush(heap, sc)
        elif sc > heap[0]:
            heapq.heapreplace(heap, sc)
    # titles sharing only genres (and what is common): rare genres count as specific, and all
    # genres fill a short list. Visited only when they could still make the list.
    gbits = sorted((b for b in range(len(ix.genre_names)) if q.gbits >> b & 1),
                   key=lambda b: -ix.genre_w[b])
    if gbits:
        kth = heapq.nlargest(pool, out)[-1][0] if len(out) >= pool else float("-inf")
        if _generic_bound(ix, q, late) > kth:
            seen = cands | skip
            seen.add(i)
            for b in gbits:
                if not ix.genre_rare[b] and len(out) >= pool * 2:
                    break
                post = ix.genre_post[b]
                for j in (post[:FILL_MAX] if len(post) > FILL_MAX else post):
                    if j in seen or (want_kind is not None and kinds[j] != want_kind):
                        continue
                    seen.add(j)
                    out.append((score(j, True), j))
    ids = ix.ids
    return heapq.nsmallest(pool, out, key=lambda x: (-x[0], ids[x[1]]))


def _generic_max(q: _Query) -> float:
    """The most the non-specific part of a score can add (an upper bound, no gating)."""
    g, _ = q.gmemo.get(q.gbits, (0.0, 0.0))
    c = q.cmemo.get(q.cbits, (0.0, 0.0))[0]
    la = q.lmemo.get(q.lbits, (0.0, 0.0))[0]
    return (g + c + la + W_ERA + W_KIND + (W_TRUE if q.truth else 0.0) + W_PRIOR + 0.4
            + (0.8 if q.kids else 0.0) + 1e-9)


def _generic_bound(ix: SimilarIndex, q: _Query, late: dict) -> float:
    """The most a candidate found by no rare feature can score (genres, common features...)."""
    g, grare = q.gmemo.get(q.gbits, (0.0, 0.0))
    c = q.cmemo.get(q.cbits, (0.0, 0.0))[0]
    la = q.lmemo.get(q.lbits, (0.0, 0.0))[0]
    top = math.sqrt(max(W_DIRECTOR, W_CAST, W_WRITER, W_COMPOSER, W_FAMILY))
    th = ot = 0.0
    for f, (wq, is_theme) in late.items():
        if is_theme:
            th += wq * ix.p_w[ix.p_ptr[f]]  # a theme weighs the same in every title
        else:
            ot += wq * top
    spec = grare + min(th, THEME_SAT) + ot
    gen = (g - grare) + c + la + W_ERA + W_KIND + W_TRUE + W_PRIOR + 0.4 + 0.8
    return spec + gen if spec >= SPEC_MIN else GENERIC_ONLY * (spec + gen)


def _pair(ix: SimilarIndex, q: _Query, j: int) -> tuple[float, float, float]:
    """(specific theme, other specific, common theme) overlap of candidate j, computed directly."""
    th = ot = ct = 0.0
    a, b = ix.t_ptr[j], ix.t_ptr[j + 1]
    has_fr = has_family = False
    for f, w in zip(ix.t_fid[a:b], ix.t_w[a:b]):
        wq = q.feats.get(f)
        if wq is None:
            wr = q.rel.get(f)
            if wr is not None and not ix.common[f]:
                th += wr * w
            continue
        name = ix.feat_names[f]
        if name.startswith("f:"):
            has_fr = True
            continue
        if name.startswith("x:"):
            has_family = True
            continue
        if f < ix.n_theme_feats:
            if ix.common[f]:
                ct += wq * w
            else:
                th += wq * w
        else:
            ot += wq * w
    link = _link_bonus(ix, q, j, has_fr) if (has_fr or _direct(ix, q, j)) else 0.0
    if has_family:
        link = max(link, W_FAMILY)
    return th, ot + link, ct
