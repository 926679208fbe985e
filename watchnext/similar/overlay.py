"""More like this over a compiled catalog with the user's own titles on top, without a rebuild.

The shipped similarity index comes from the compiled file; `extend` returns a copy of it in
which each user title that replaces a shipped one takes over that title's row, and the other
user titles are new rows at the end: exactly the positions of `catalog.titles` (see
Catalog.overlay). A user title's features are weighted with the shipped catalog's document
frequencies, read back from the shipped index's postings, so adding one title costs
milliseconds, not the seconds of indexing every title again. (A feature the shipped titles
never had counts as rare; a theme no shipped title has is scored like a person or a studio.)

Nothing of the shipped index is copied into Python objects per title: its packed fields (ids,
feature names, folded titles, masks) stay packed under a small overlay of the user rows
(Overlaid), its lookups are binary searches over orders stored in the compiled file, and the
smooth ranker's arrays are the stored ones with the user rows spliced in (overlay_arrays.py):
exactly what remaking them over every title gives.
"""

from __future__ import annotations

import bisect
import copy
import math
from array import array
from collections import Counter

import numpy as np

from ..text import fold, fold_title
from .features import FeatureMaker, SimilarIndex, title_scalars
from .packed_overlay import Lookup, Overlaid, feature_lookup
from .packed_overlay import starting_with as titles_starting_with
from .sequels import chain_positions, family_stems
from .weights import BILLING, RARE_GENRE_DF, W_COUNTRY, W_FAMILY, W_GENRE, W_LANGUAGE


class _Freq:
    """Document frequencies of the shipped catalog, read off the index's postings on demand
    (`get` like a dict), plus the user titles' own counts."""

    def __init__(self, feat_id: dict, p_ptr, prefixes: tuple[str, ...], fold_key=None) -> None:
        self.feat_id, self.p_ptr, self.prefixes, self.fold_key = feat_id, p_ptr, prefixes, fold_key
        self.own: Counter = Counter()

    def get(self, key: str, default: int = 0) -> int:
        k = self.fold_key(key) if self.fold_key else key
        n = self.own.get(key, 0)
        found = False
        for pre in self.prefixes:
            f = self.feat_id.get(pre + k)
            if f is not None and f + 1 < len(self.p_ptr):  # (not a feature the user's titles added)
                found = True
                n += self.p_ptr[f + 1] - self.p_ptr[f]
        return n if (found or n) else default

    def __getitem__(self, key: str) -> int:
        return self.get(key, 0)

    def __contains__(self, key: str) -> bool:  # a stem the shipped titles have as a family
        return any(pre + key in self.feat_id for pre in self.prefixes)




def _bit_lists(values: list[str], names: list[str], weights: list[float], pos: dict[str, int],
               df: Counter, idf, scale: float) -> int:
    """The bit mask of `values`, adding a bit (and its idf weight) for a value never seen."""
    m = 0
    for v in values:
        b = pos.get(v)
        if b is None:
            b = pos[v] = len(names)
            names.append(v)
            weights.append(scale * idf(df[v]))
        m |= 1 << b
    return m


def extend(base: SimilarIndex, catalog) -> SimilarIndex:
    """`base` (the shipped index) with the user titles of `catalog.overlay` in their rows."""
    n0 = len(base.ids)
    over = catalog.overlay
    replaced = {p for p, _ in over if p < n0}
    ix = copy.copy(base)
    ix._sets = {}
    # ids (a user title that replaces a shipped one has its id)
    ids = Overlaid(base.ids)
    id_to_idx = Lookup(base.id_to_idx)
    for p, t in over:
        if p >= n0:
            ids.append(t.id)
        elif ids[p] != t.id:
            ids[p] = t.id
        id_to_idx[t.id] = p
    ix.ids, ix.id_to_idx = ids, id_to_idx
    n = len(ids)
    user = [t for _, t in over]
    # features
    names, labels = Overlaid(base.feat_names), Overlaid(base.feat_labels)
    feat_id = Lookup(feature_lookup(base))
    p_ptr0 = base.p_ptr
    theme_df = _Freq(feat_id, p_ptr0, ("t:",))
    person_df = _Freq(feat_id, p_ptr0, ("d:", "a:", "q:"))
    studio_df = _Freq(feat_id, p_ptr0, ("s:",), fold)
    stem_count = _Freq(feat_id, p_ptr0, ("x:",))
    keyword_df = _Freq(feat_id, p_ptr0, ("k:",))
    for t in user:
        person_df.own.update({fold(x) for x in (*t.directors, *t.cast[: len(BILLING)])})
        studio_df.own.update(set(t.studios))
        keyword_df.own.update(set(t.keywords))
    stems = family_stems(user, stem_count)
    for st, _ in stems.values():
        stem_count.own[st] += 1
    # a user title names a new family with a shipped one ("Lady Bird Returns", "Lady Bird"):
    # the shipped title joins it
    fresh = {st for st, _ in stems.values() if "x:" + st not in feat_id}
    members: dict[int, tuple[str, str]] = {}
    tfold = Overlaid(base.tfold)
    starting_with = titles_starting_with(base)
    for p, st in sorted((p, st) for st in fresh for p in starting_with(st) if tfold[p] == st):
        if p not in replaced:
            members[p] = (st, catalog.titles[p].title)
            stem_count.own[st] += 1
    maker = FeatureMaker(n0, names, labels, theme_df, person_df, studio_df, {}, stem_count,
                         feat_id, keyword_df)
    rows = [maker.row(t, stems.get(k)) for k, t in enumerate(user)]
    new_rows = {p: row for (p, _), row in zip(over, rows)}
    for p, (st, label) in members.items():
        if stem_count[st] >= 2:
            new_rows[p] = sorted({**base.feats(p), maker.fid("x:" + st, label): math.sqrt(W_FAMILY)}.items())
    redone = replaced | set(new_rows) - set(range(n0, n))  # shipped rows written again
    nf0, nf = len(base.feat_names), len(names)
    ix.feat_names, ix.feat_labels = names, labels
    ix.common = bytes(base.common) + bytes(nf - nf0)
    # per-title CSR: rebuilt from slices of the shipped arrays, a few per rewritten row
    t_ptr = base.t_ptr
    # (numpy views: of the fields, or of their stored chunks read once)
    t_fid, t_w = np.asarray(base.t_fid, dtype=np.int32), np.asarray(base.t_w, dtype=np.float32)
    fid_parts, w_parts, lens = [], [], np.diff(np.asarray(t_ptr, dtype=np.int64))
    lens = np.concatenate([lens, np.zeros(n - n0, dtype=np.int64)])
    start = 0
    for p in sorted(new_rows):
        a = t_ptr[min(p, n0)]
        fid_parts.append(np.asarray(t_fid[t_ptr[start]:a], dtype=np.int32) if start < n0 else
                         np.zeros(0, dtype=np.int32))
        w_parts.append(np.asarray(t_w[t_ptr[start]:a], dtype=np.float32) if start < n0 else
                       np.zeros(0, dtype=np.float32))
        row = new_rows[p]
        fid_parts.append(np.asarray([f for f, _ in row], dtype=np.int32))
        w_parts.append(np.asarray([w for _, w in row], dtype=np.float32))
        lens[p] = len(row)
        start = min(p + 1, n0) if p < n0 else n0
    if start < n0:
        fid_parts.append(np.asarray(t_fid[t_ptr[start]:], dtype=np.int32))
        w_parts.append(np.asarray(t_w[t_ptr[start]:], dtype=np.float32))
    ix.t_fid = array("i", np.concatenate(fid_parts).astype(np.int32).tobytes())
    ix.t_w = array("f", np.concatenate(w_parts).astype(np.float32).tobytes())
    ix.t_ptr = array("i", np.concatenate([[0], np.cumsum(lens)]).astype(np.int32).tobytes())
    # per-feature CSR: the replaced titles' entries out, the user titles' in (at each list's end)
    p_ptr = np.asarray(base.p_ptr, dtype=np.int64)
    p_idx = np.asarray(base.p_idx, dtype=np.int32)
    p_w = np.asarray(base.p_w, dtype=np.float32)
    feat_of = np.repeat(np.arange(nf0, dtype=np.int32), np.diff(p_ptr))
    if redone:
        keep = ~np.isin(p_idx, np.fromiter(redone, dtype=np.int32))
        p_idx, p_w, feat_of = p_idx[keep], p_w[keep], feat_of[keep]
    add_f = np.asarray([f for row in new_rows.values() for f, _ in row], dtype=np.int32)
    add_i = np.asarray([p for p, row in new_rows.items() for _ in row], dtype=np.int32)
    add_w = np.asarray([w for row in new_rows.values() for _, w in row], dtype=np.float32)
    counts = np.bincount(feat_of, minlength=nf) + np.bincount(add_f, minlength=nf)
    new_ptr = np.concatenate([[0], np.cumsum(counts)])
    if len(add_f):
        order = np.argsort(add_f, kind="stable")
        add_f, add_i, add_w = add_f[order], add_i[order], add_w[order]
        old_end = np.concatenate([[0], np.cumsum(np.bincount(feat_of, minlength=nf))])
        at = old_end[add_f + 1]  # after the last shipped entry of the feature
        p_idx = np.insert(p_idx, at, add_i)
        p_w = np.insert(p_w, at, add_w)
    ix.p_ptr = array("i", new_ptr.astype(np.int32).tobytes())
    ix.p_idx = array("i", p_idx.astype(np.int32).tobytes())
    ix.p_w = array("f", p_w.astype(np.float32).tobytes())
    # genres, countries, languages: masks over the shipped bits, new values get new bits
    genre_names, genre_w = list(base.genre_names), list(base.genre_w)
    gpos = {g: k for k, g in enumerate(genre_names)}
    user_df = Counter(g for t in user for g in set(t.genres))
    country_names, country_w = list(base.country_names), list(base.country_w)
    cpos = {c: k for k, c in enumerate(country_names)}
    cdf = Counter(c for t in user for c in set(t.countries))
    lang_names, lang_w = list(base.lang_names), list(base.lang_w)
    lpos = {la: k for k, la in enumerate(lang_names)}
    ldf = Counter(la for t in user for la in set(t.languages))
    idf = maker.idf
    gmask, cmask, lmask = Overlaid(base.gmask), Overlaid(base.cmask), Overlaid(base.lmask)
    genre_post = list(base.genre_post)
    touched: set[int] = set()
    if replaced:
        gone = np.fromiter(replaced, dtype=np.int32)
        for g, x in enumerate(genre_post):
            a = np.frombuffer(x, dtype=np.int32) if len(x) else np.zeros(0, np.int32)
            hit = np.isin(a, gone)
            if hit.any():
                genre_post[g] = array("i", a[~hit].tobytes())
                touched.add(g)
    vals = {"years": array("h", base.years), "prior": array("f", base.prior),
            "notability": array("f", base.notability), "n_themes": array("h", base.n_themes),
            **{c: bytearray(getattr(base, c)) for c in ("kinds", "age", "truth", "kids", "adult")}}
    prior = vals["prior"]
    cols = ("years", "prior", "notability", "n_themes", "kinds", "age", "truth", "kids", "adult")
    curated = bytearray(base.curated)
    follows, followed_by = array("i", base.follows), array("i", base.followed_by)
    for p, t in over:
        gm = _bit_lists(list(t.genres), genre_names, genre_w, gpos, user_df, idf, W_GENRE)
        cm = _bit_lists(list(t.countries), country_names, country_w, cpos, cdf, idf, W_COUNTRY)
        lm = _bit_lists(list(t.languages), lang_names, lang_w, lpos, ldf, idf, W_LANGUAGE)
        sc = title_scalars(t)
        fo = id_to_idx.get(t.follows, -1) if t.follows else -1
        fb = id_to_idx.get(t.followed_by, -1) if t.followed_by else -1
        if p < n0:
            gmask[p], cmask[p], lmask[p] = gm, cm, lm
            for c, v in zip(cols, sc):
                vals[c][p] = v
            curated[p] = 0
            tfold[p] = fold_title(t.title)
            follows[p], followed_by[p] = fo, fb
        else:
            gmask.append(gm)
            cmask.append(cm)
            lmask.append(lm)
            for c, v in zip(cols, sc):
                vals[c].append(v)
            curated.append(0)
            tfold.append(fold_title(t.title))
            follows.append(fo)
            followed_by.append(fb)
        genre_post += [array("i") for _ in range(len(genre_names) - len(genre_post))]
        for g in t.genres:  # each list stays in prior order
            k = gpos[g]
            if k not in touched:
                genre_post[k] = array("i", genre_post[k])
                touched.add(k)
            bisect.insort(genre_post[k], p, key=lambda j: (-prior[j], j))
    ix.genre_names, ix.genre_w = genre_names, genre_w
    ix.genre_rare = list(base.genre_rare) + [
        user_df[g] < RARE_GENRE_DF * n for g in genre_names[len(base.genre_names):]]
    ix.genre_post = genre_post
    ix.gmask, ix.cmask, ix.lmask = gmask, cmask, lmask
    ix.country_names, ix.country_w = country_names, country_w
    ix.lang_names, ix.lang_w = lang_names, lang_w
    ix.years, ix.prior = vals["years"], prior
    ix.notability, ix.n_themes = vals["notability"], vals["n_themes"]
    for c in ("kinds", "age", "truth", "kids", "adult"):
        setattr(ix, c, bytes(vals[c]))
    ix.curated, ix.tfold = bytes(curated), tfold
    ix.follows, ix.followed_by = follows, followed_by
    linked: dict[int, list[int]] = dict(base.linked)  # (a list is copied where it changes)
    for p in replaced:  # the shipped record's links go with it
        for k in (base.follows[p], base.followed_by[p]):
            if k >= 0 and p in linked.get(k, ()):
                linked[k] = [j for j in linked[k] if j != p]
    for p, _ in over:
        for k in (follows[p], followed_by[p]):
            if k >= 0:
                linked[k] = [*linked.get(k, ()), p]
    ix.linked = linked
    if any(follows[p] >= 0 or followed_by[p] >= 0 or base.fr_pos[p] >= 0 if p < n0 else
           follows[p] >= 0 or followed_by[p] >= 0 for p, _ in over):
        ix.fr_pos = chain_positions(follows, followed_by)
    else:
        ix.fr_pos = array("i", base.fr_pos) + array("i", [-1]) * (n - n0)
    ix.fingerprint = catalog.fingerprint
    from . import arrays, overlay_arrays

    stored = base._sets.get("np") or arrays.stored(base)  # (read once per shipped index)
    if stored is not None:  # the smooth ranker's arrays: the stored ones, the user rows in
        ix._sets["np"] = overlay_arrays.extend(stored, ix, n0, [p for p, _ in over], starting_with)
    return ix

