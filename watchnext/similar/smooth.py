"""A smooth "more like this" score over the whole catalog (numpy): the default ranker.

Every title in the catalog is scored; nothing is gated on sharing something rare. Backbone and
evidence, each a term a person would name:

    score = W_GENRE  * idf-weighted cosine of the two titles' genres
          + W_ERA    * exp(-years apart / ERA_TAU)        (classics: a slower decay)
          + W_NOTE   * notability of the candidate (0-1)  (people pair well-known titles)
          + W_KIND   * same kind (film / series; W_KIND_SERIES for a series: its fan asks
                                       for another show)
          + country and language overlap (idf-weighted, as in score.py), times
            (1 - CL_GATE + CL_GATE * the genre cosine): sharing a country alone says little
          + shared themes, people, writers, studios, each type scaled by TYPE_SCALE
            (themes saturate; prolific people count less), the index's own weights
          + sequel / franchise / title-family links (score.py's link rules)
          + W_SAME_AUDIENCE when both are rated for the same audience, and audience
            penalties (a kids' title for an adult one and back)
          - W_FORMAT for another kind of programme: a talk show, stand-up set or reality
            show for a story's fan, and back (Stranger Things' aftershow is no pick for it);
            a documentary is neither (Chef's Table, "Documentary, Reality", and Street Food)

Dubbed or language versions of the same work ("Boomika (Tamil)" for "Boomika") are left out.

Speed (arrays.py): the per-title arrays are made once per index, or read raw from the compiled
catalog. A query computes one genre cosine per distinct genre set and one era decay per
distinct year and gathers their sum; the shared-feature terms touch only the titles the seed's
features reach; the top k comes from a partition of the titles above a floor found on a sample.
Every score is the same float32 sum, in the same order, as the straightforward version.

The weights were set once on global grounds (genre as backbone, notability strong enough to beat
a shared director on an obscure title), then W_GENRE, W_ERA and THEME_SAT moved by one small
global step each on benchmarks/devset/hard_pairs.toml (AUC 0.785 -> 0.794, recall@20 0.163 ->
0.178): no rule for any single pair or title.
"""

from __future__ import annotations

import math
import re

import numpy as np

W_GENRE = 4.0
W_ERA = 1.5
ERA_TAU = 12.0
ERA_TAU_CLASSIC = 28.0   # before 1980: people pair classics across decades
# notability: with the standing written by hand (catalog/sources/standing-*.toml) the prior sees
# the hit series and the recent films it was blind to; one global step, 2.6 -> 4.0, took both
# halves of the hard pairs up (AUC A 0.854 -> 0.857, B 0.880 -> 0.880; recall@20 A 0.291 ->
# 0.308, B 0.242 -> 0.262); 5.0 took AUC down in both. Counting it in proportion to the
# genres shared (as countries are) raised AUC and lowered recall in both: not taken
W_NOTE = 4.0
W_KIND = 0.9
W_KIND_SERIES = 1.8     # a series' fan wants a series more than a film's fan wants a film
W_TRUE = 0.6
THEME_SAT = 5.0
TYPE_SCALE = {"t": 0.55, "d": 0.45, "q": 0.45, "a": 0.55, "w": 0.5, "m": 0.4, "s": 0.5, "k": 0.2}
KIDS_ADULT_PENALTY = 4.0
AGE_GAP_PENALTY = (0.0, 0.0, 1.0, 2.5, 4.0)
# both rated for the same audience (R and TV-MA, PG and TV-PG): a fan of one is of the other's
# audience (one global step on the hard pairs: both halves up, A 0.856 -> 0.858, B 0.862 -> 0.865)
W_SAME_AUDIENCE = 0.5
# a shared country or language counts in proportion to the genres shared: (1 - CL_GATE) of it
# always, the rest times the genre cosine (a Korean drama for a Korean thriller, not every
# Korean title of the decade)
CL_GATE = 0.75
# a talk show, a stand-up set or a reality show for a fan of a story, and back: another kind of
# programme, whatever genres it shares; as much as the notability prior at its strongest, so that
# a famous story is no pick for a reality show's fan for being famous (Gossip Girl for Catfish)
W_FORMAT = W_NOTE
UNSCRIPTED = ("Talk Show", "Stand-Up Comedy", "Reality")



def prepare(ix) -> None:
    """Make the arrays now (the app's warm-up), not on the first query."""
    _arrays(ix)


def _arrays(ix):
    """numpy views of the index, made once per index (or read from the compiled catalog, where
    they are stored as raw arrays: arrays.py)."""
    cached = ix._sets.get("np")
    if cached is not None:
        return cached
    from . import arrays

    out = arrays.stored(ix)
    if out is None:
        out = arrays.make(ix, TYPE_SCALE)
    ix._sets["np"] = out
    return out


def _formats(ix, A) -> np.ndarray:
    """Per title, its kind of programme: 2 a talk show, stand-up set or reality show (UNSCRIPTED
    genres), 1 a documentary (a Documentary genre and none of those), 0 a story."""
    got = A.get("formats")
    if got is None:
        width = A["GnU"].shape[1]
        has = lambda names: ((A["GnU"][:, [b for b, g in enumerate(ix.genre_names)
                                            if g in names and b < width]] != 0).any(axis=1))
        per_set = np.where(has(UNSCRIPTED), 2, np.where(has(("Documentary",)), 1, 0))
        got = A["formats"] = per_set.astype(np.int8)[A["g_inv"]]
    return got


def _other_format(fmt: np.ndarray, mine: int) -> np.ndarray | None:
    """The titles of the opposite kind of programme: unscripted for a story, and back; a
    documentary is the opposite of neither (Chef's Table, "Documentary, Reality", and Street
    Food, "Documentary")."""
    if mine == 1:
        return None
    return fmt == (2 - mine)


def scores(ix, i: int, link_bonus) -> np.ndarray:
    """How much a fan of title i wants each title of the catalog (a fresh float64 array)."""
    return _scores32(ix, i, link_bonus).astype(np.float64)  # (exact: float32 -> float64)


def _scores32(ix, i: int, link_bonus) -> np.ndarray:
    """The scores as float32 (a fresh array); the last seeds' are remembered."""
    memo = ix._sets.setdefault("np_scores", {})
    got = memo.get(i)
    if got is not None:
        return got.copy()
    out = _scores(ix, i, link_bonus)
    # a few recent seeds (score_pair and "For you" ask again): at most ~8 MB of them
    while memo and (len(memo) >= 16 or (len(memo) + 1) * out.nbytes > 8 << 20):
        memo.pop(next(iter(memo)))
    memo[i] = out
    return out.copy()


def _scores(ix, i: int, link_bonus) -> np.ndarray:
    """Every term over the whole catalog. Terms that depend on a few values only (genre set,
    year, audience group) are computed once per distinct value and gathered; a sum of float32
    terms in the same order as ever, so the scores are the same to the last bit."""
    A = _arrays(ix)
    n = A["n"]
    # genres, the backbone (one cosine per distinct genre set), plus the era (one decay per
    # distinct year): one float32 sum per (genre set, year) pair, then one gather
    gu = A["g_inv"]
    GnU = A["GnU"]
    genre = W_GENRE * (GnU @ GnU[gu[i]])
    year_i = int(A["years_i"][i])
    tau = ERA_TAU_CLASSIC if year_i < 1980 else ERA_TAU
    era = W_ERA * np.exp(-np.abs(A["year_u"] - float(year_i)) / tau)
    gy = A.get("gy_inv")
    if gy is None:  # title -> its (genre set, year) pair
        wide = np.int64 if len(genre) * len(era) >= 1 << 31 else np.int32
        gy = A["gy_inv"] = gu.astype(wide) * len(era) + A["year_inv"].astype(wide)
    if len(genre) * len(era) <= 4 * n:
        score = (genre[:, None] + era[None, :]).ravel()[gy]
    else:  # (more pairs than titles: two gathers)
        score = genre[gu]
        score += era[A["year_inv"]]
    # notability: people pair well-known titles
    note = A.get("note")
    if note is None:
        note = A["note"] = W_NOTE * A["nota"]  # (the same float32 product every time)
    score += note
    kinds = A["kinds"]
    k = int(kinds[i])
    wk = W_KIND_SERIES if k == 1 else W_KIND
    _add_flags(score, kinds == k, wk)
    if A["truth"][i]:
        _add_flags(score, A["truth"], W_TRUE)
    # countries and languages, gated by the genres shared (per distinct genre set, gathered)
    gate = ((1.0 - CL_GATE) + (CL_GATE / W_GENRE) * genre).astype(np.float32)
    cptr, cidx, cw = A["c_ptr"], A["c_idx"], A["c_w"]
    for b in A["t_c_bits"][A["t_c_ptr"][i]:A["t_c_ptr"][i + 1]].tolist():
        at = cidx[cptr[b]:cptr[b + 1]]
        score[at] += np.float32(cw[b]) * gate[gu[at]]
    lptr, lidx, lw = A["l_ptr"], A["l_idx"], A["l_w"]
    for b in A["t_l_bits"][A["t_l_ptr"][i]:A["t_l_ptr"][i + 1]].tolist():
        at = lidx[lptr[b]:lptr[b + 1]]
        score[at] += np.float32(lw[b]) * gate[gu[at]]
    # shared specific features, by type; themes saturate
    theme = np.zeros(n, dtype=np.float32)
    other = np.zeros(n, dtype=np.float32)
    p_ptr, p_idx, p_w, scale = A["p_ptr"], A["p_idx"], A["p_w"], A["scale"]
    t_ptr = A["t_ptr"]
    nt = A["n_theme_feats"]
    a0, b0 = int(t_ptr[i]), int(t_ptr[i + 1])
    touched, themed = [], []  # the titles each feature reaches (elsewhere both are exactly 0)
    for f, wq in zip(A["t_fid"][a0:b0].tolist(), A["t_w"][a0:b0].tolist()):
        s = scale[f]
        if not s:
            continue
        a, b = p_ptr[f], p_ptr[f + 1]
        at = p_idx[a:b]
        if f < nt:
            theme[at] += (s * wq) * p_w[a:b]  # a posting list names each title once
            themed.append(at)
        else:
            other[at] += (s * wq) * p_w[a:b]
        touched.append(at)
    if touched:
        # (a title reached twice is written twice with the same value: fancy indexing reads
        # every value first)
        if themed:  # themes saturate
            nz = np.concatenate(themed)
            th = theme[nz] / A["theme_norm"][nz]
            other[nz] = THEME_SAT * (1.0 - np.exp(-th / THEME_SAT)) + other[nz]
        at = np.concatenate(touched)
        score[at] += other[at]
    # links: sequels stay on top
    for j, bonus in link_bonus(i).items():
        score[j] += bonus
    # audience
    kids, adult = A["kids"], A["adult"]
    if kids[i]:
        _add_flags(score, adult, -KIDS_ADULT_PENALTY)
        _add_flags(score, kids, 0.8)
    if adult[i]:
        _add_flags(score, kids, -KIDS_ADULT_PENALTY)
    if W_FORMAT:
        fmt = _formats(ix, A)
        other = _other_format(fmt, int(fmt[i]))
        if other is not None:
            _add_flags(score, other, -W_FORMAT)
    age_u = A["age_u"]
    qa = int(age_u[A["age_inv"][i]])
    if qa:
        gap = np.abs(age_u - qa)
        pen = np.asarray(AGE_GAP_PENALTY, dtype=np.float32)[np.minimum(gap, 4)]
        pen[gap == 0] = -W_SAME_AUDIENCE
        score -= np.where(age_u > 0, pen, 0.0)[A["age_inv"]]
    return score


def _top(score: np.ndarray, k: int) -> np.ndarray:
    """The titles scoring at least the k-th best score (k of them, more on a tie), unordered.
    The k-th best of a 1-in-64 sample is a floor: only what reaches it is partitioned (at 1M
    titles one pass instead of a partition of everything)."""
    n = len(score)
    if k >= n:
        return np.arange(n)
    sample = score[::64]
    floor = -np.inf
    if len(sample) > k:
        floor = np.partition(sample, len(sample) - k)[len(sample) - k]
    cand = np.flatnonzero(score >= floor) if floor > -np.inf else np.arange(n)
    vals = score[cand]
    if len(cand) <= k:
        return cand
    kth = np.partition(vals, len(vals) - k)[len(vals) - k]
    return cand[vals >= kth]


_CHUNK = 1 << 16  # titles: 512 KB of float64, hot in the cache


def _add_flags(score: np.ndarray, flags: np.ndarray, value: float) -> None:
    """score += value * flags (a negative value: score -= |value| * flags) for a term that
    depends on the seed through one flag (same kind, based on a true story, a kids' title):
    exactly the float32 += float64 array it is, a chunk at a time. Kept whole, such float64
    terms were 8 MB each at a million titles (48 MB of them); made whole per query, their
    fresh pages cost twice the add."""
    n = len(score)
    buf = np.empty(min(n, _CHUNK), dtype=np.float64)
    mag = abs(value)
    for a in range(0, n, _CHUNK):
        t = buf[:min(_CHUNK, n - a)]
        np.multiply(flags[a:a + _CHUNK], mag, out=t)
        if value < 0:
            score[a:a + len(t)] -= t
        else:
            score[a:a + len(t)] += t


# a version mark at the end of a folded title: a language, a dub, subtitles, a cut or remaster
_VERSION = re.compile(
    r"\s+(?:tamil|telugu|hindi|malayalam|kannada|dubbed|subbed|4k uhd|extended|unrated|restored"
    r"|remastered|(?:[a-z]+\s+)?(?:version|dub|dubbed|subbed|subtitled|subtitles|audio)"
    r"|(?:director s|directors|extended|final|theatrical|special)\s+(?:cut|edition))$")


def _work(tfold: str, year: int) -> tuple[str, int]:
    """The work a title is a version of: its folded title without a version mark, and year."""
    return (_VERSION.sub("", tfold) if " " in tfold else tfold), year


def rank_one(ix, i: int, skip: set[int], want_kind: int | None, pool: int,
             link_bonus, direct_links) -> list[tuple[float, int]]:
    """The best `pool` titles for title i as (score, idx), best first; ties by id."""
    A = _arrays(ix)
    n = A["n"]
    score = _scores32(ix, i, link_bonus)  # (float32: the order is the float64 one)
    # never: the title itself, what is skipped, another kind, its own dubbed versions
    score[i] = -np.inf
    if skip:
        score[list(skip)] = -np.inf
    if want_kind is not None:
        score[A["kinds"] != want_kind] = -np.inf
    k = min(pool * 2 + 8, n)
    top = _top(score, k)
    base_g, id_rank = A["base_g"], A["id_rank"]
    base_i = base_g[i]
    out = []
    for j, s, g, r in zip(top.tolist(), score[top].astype(np.float64).tolist(),
                          base_g[top].tolist(), id_rank[top].tolist()):
        if s == -math.inf:
            continue
        if g == base_i and j not in direct_links:
            continue  # the same work in another language version
        out.append((s, j, r))
    out.sort(key=lambda x: (-x[0], x[2]))
    # one work in one place: a language version, dub or cut of the title ("Boomika (Hindi)"
    # for "Boomika") is no pick, and of two versions of one work only the better placed one
    # is (the index's folded titles have lost the brackets the version marks came in)
    tfold, years = ix.tfold, A["years_i"]
    works = {_work(tfold[i], int(years[i]))}
    best = []
    for s, j, _ in out:
        if len(best) >= pool:
            break
        w = _work(tfold[j], int(years[j]))
        if w in works and j not in direct_links:
            continue
        works.add(w)
        best.append((s, j))
    prefetch = ix.__dict__.get("_prefetch")  # opened from a compiled catalog: its rows at once
    if prefetch is not None:  # (idx = position in the catalog)
        prefetch([i, *(j for _, j in best)])
    return best


def pair_terms(ix, i: int, j: int, links: dict[int, float]) -> dict[str, float]:
    """What each term of the score adds to title j's score for a fan of title i (`links`: i's
    link bonuses, links_of). The terms sum to scores(ix, i, ...)[j] (to float32 rounding):
    "genre", "era", "note", "kind", "truth", "country", "language", "theme" (saturated), one
    entry per other feature type ("d" director, "q" director by id, "a" cast, "w" writer, "m"
    composer, "s" studio, "k" keyword), "link", "kids" and "audience" (the same audience's bonus, or the penalties).
    The reasons are ordered by them: the first reason is what counted most for this pick."""
    A = _arrays(ix)
    gu, GnU = A["g_inv"], A["GnU"]
    genre = W_GENRE * float(GnU[gu[j]] @ GnU[gu[i]])
    years = A["years_i"]
    yi, yj = int(years[i]), int(years[j])
    tau = ERA_TAU_CLASSIC if yi < 1980 else ERA_TAU
    kinds = A["kinds"]
    out = {"genre": genre, "era": W_ERA * math.exp(-abs(yj - yi) / tau),
           "note": W_NOTE * float(A["nota"][j])}
    k = int(kinds[i])
    out["kind"] = (W_KIND_SERIES if k == 1 else W_KIND) * (int(kinds[j]) == k)
    out["truth"] = W_TRUE * float(A["truth"][j]) if A["truth"][i] else 0.0
    gate = (1.0 - CL_GATE) + (CL_GATE / W_GENRE) * genre
    for key, bits_of, w in (("country", "c", A["c_w"]), ("language", "l", A["l_w"])):
        ptr, bits = A[f"t_{bits_of}_ptr"], A[f"t_{bits_of}_bits"]
        mine = set(bits[ptr[i]:ptr[i + 1]].tolist())
        out[key] = sum(float(w[b]) for b in bits[ptr[j]:ptr[j + 1]].tolist() if b in mine) * gate
    scale, nt = A["scale"], A["n_theme_feats"]
    wi = dict(zip(ix.t_fid[ix.t_ptr[i]:ix.t_ptr[i + 1]], ix.t_w[ix.t_ptr[i]:ix.t_ptr[i + 1]]))
    theme = 0.0
    names = ix.feat_names
    a, b = ix.t_ptr[j], ix.t_ptr[j + 1]
    for f, w in zip(ix.t_fid[a:b], ix.t_w[a:b]):
        wq = wi.get(f)
        s = float(scale[f])
        if wq is None or not s:
            continue
        if f < nt:
            theme += s * wq * w
        else:
            key = names[f][0]
            out[key] = out.get(key, 0.0) + s * wq * w
    if theme:
        th = theme / float(A["theme_norm"][j])
        theme = THEME_SAT * (1.0 - math.exp(-th / THEME_SAT))
    out["theme"] = theme
    out["link"] = float(links.get(j, 0.0))
    kids, adult = A["kids"], A["adult"]
    pen = 0.0
    out["kids"] = 0.8 * float(kids[j]) if kids[i] else 0.0
    if kids[i]:
        pen -= KIDS_ADULT_PENALTY * float(adult[j])
    if adult[i]:
        pen -= KIDS_ADULT_PENALTY * float(kids[j])
    if W_FORMAT:
        fmt = _formats(ix, A)
        pen -= W_FORMAT * float(int(fmt[i]) != 1 and int(fmt[j]) == 2 - int(fmt[i]))
    age_u, age_inv = A["age_u"], A["age_inv"]
    qa, ca = int(age_u[age_inv[i]]), int(age_u[age_inv[j]])
    if qa and ca > 0:
        pen -= -W_SAME_AUDIENCE if ca == qa else AGE_GAP_PENALTY[min(abs(ca - qa), 4)]
    out["audience"] = pen
    return out
