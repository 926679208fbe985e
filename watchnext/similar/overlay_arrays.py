"""The smooth ranker's arrays (arrays.py) of the shipped index extended with a user catalog's
rows (overlay.py): the stored arrays with the user rows spliced in, and what depends on every
title (the notability ranks, the distinct genre sets and years) made again in numpy. Exactly
what arrays.make gives over every title, without its passes in Python over each of them."""

from __future__ import annotations

import numpy as np

from . import arrays


def extend(A0: dict, ix, n0: int, rows, same_title) -> dict:
    """The arrays of `ix`, the index of A0's n0 titles with user rows `rows` (a replaced
    shipped row below n0, a new one from n0 on), from A0 and those rows alone: exactly what
    make(ix) gives (same arrays, same numbering), without a pass in Python over every title.
    `same_title(s)`: the shipped positions whose folded title starts with s (to tell a user
    title that is another version of a shipped one)."""
    n = len(ix.years)
    rows = sorted(rows)
    user = np.asarray(rows, dtype=np.int64)
    replaced = user[user < n0]
    out = arrays._per_title(ix, n)
    # genre sets: the shipped sets (read off their vectors' non-zero weights) and the users'
    GnU0 = A0["GnU"]
    lim = min(GnU0.shape[1], 62)
    umask0 = ((GnU0[:, :lim] != 0).astype(np.int64) << np.arange(lim, dtype=np.int64)).sum(axis=1)
    um = np.asarray([ix.gmask[p] & arrays._LOW62 for p in rows], dtype=np.int64)
    uniq = np.sort(np.concatenate([umask0, um]))  # (np.unique alone imports numpy.ma: 60 ms)
    uniq = uniq[np.concatenate([[True], uniq[1:] != uniq[:-1]])]
    g_inv = np.empty(n, dtype=np.int64)
    g_inv[:n0] = np.searchsorted(uniq, umask0)[A0["g_inv"]]
    g_inv[user] = np.searchsorted(uniq, um)
    used = np.bincount(g_inv, minlength=len(uniq)) > 0
    if not used.all():  # (a set only a replaced title had)
        g_inv = (np.cumsum(used) - 1)[g_inv]
        uniq = uniq[used]
    out["g_inv"], out["GnU"] = g_inv.astype(np.int32), arrays._genre_vectors(ix, uniq)
    # countries, languages: the shipped title -> bits lists with the user rows spliced in
    for c, masks, nbits in (("c", ix.cmask, len(ix.country_names)),
                            ("l", ix.lmask, len(ix.lang_w))):
        bits = [[b for b in range(min(nbits, m.bit_length())) if m >> b & 1]
                for m in (masks[p] for p in rows)]
        ptr, vals = _splice(A0[f"t_{c}_ptr"], A0[f"t_{c}_bits"], n, user, replaced, bits)
        out[f"{c}_ptr"], out[f"{c}_idx"] = arrays._postings(
            np.repeat(np.arange(n, dtype=np.int32), np.diff(ptr)), vals, nbits)
        out[f"t_{c}_ptr"], out[f"t_{c}_bits"] = ptr, vals
    nf0 = len(A0["scale"])
    out["scale"] = np.concatenate([A0["scale"], arrays._scales(ix.feat_names[nf0:], _type_scale())])
    out["base_g"] = _base_groups(A0["base_g"], ix, n0, rows, same_title)
    out["id_rank"] = _id_ranks(A0["id_rank"], ix, n0, [p for p in rows if p >= n0])
    return out


def _type_scale() -> dict:
    from .smooth import TYPE_SCALE

    return TYPE_SCALE


def _splice(ptr0, vals0, n: int, user, replaced, new: list[list[int]]):
    """A title -> values CSR of n titles: the shipped one (ptr0, vals0), the rows `user` set
    to `new` (in the same order)."""
    n0 = len(ptr0) - 1
    lens = np.zeros(n, dtype=np.int64)
    lens[:n0] = np.diff(ptr0)
    lens[user] = [len(v) for v in new]
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lens, out=ptr[1:])
    row_of = np.repeat(np.arange(n0, dtype=np.int64), np.diff(ptr0))
    keep = ~np.isin(row_of, replaced) if len(replaced) else slice(None)
    src = np.arange(len(vals0), dtype=np.int64)[keep]
    row_of = row_of[keep]
    vals = np.empty(int(ptr[-1]), dtype=vals0.dtype)
    vals[ptr[row_of] + (src - ptr0[row_of])] = vals0[keep]
    for p, v in zip(user.tolist(), new):
        vals[ptr[p]:ptr[p] + len(v)] = v
    return ptr, vals


def _base_groups(g0, ix, n0: int, rows, same_title) -> np.ndarray:
    """base_g with the user rows: a user title in the group of a shipped (or user) title of
    the same folded title without version mark and year, else in one of its own; numbered
    by first appearance, as make() numbers them."""
    n = len(ix.years)
    g = np.empty(n, dtype=np.int64)
    g[:n0] = g0
    gone = set(p for p in rows if p < n0)
    years, tfold = ix.years, ix.tfold
    groups: dict[tuple[str, int], int] = {}
    nxt = int(g0.max()) + 1 if len(g0) else 0
    for p in rows:
        key = (arrays._unmarked(tfold[p]), years[p])
        got = groups.get(key)
        if got is None:
            for j in same_title(key[0]):
                if j not in gone and years[j] == key[1] and arrays._unmarked(tfold[j]) == key[0]:
                    got = int(g0[j])
                    break
            else:
                got, nxt = nxt, nxt + 1
            groups[key] = got
        g[p] = got
    _, first, inv = np.unique(g, return_index=True, return_inverse=True)
    number = np.empty(len(first), dtype=np.int64)
    number[np.argsort(first, kind="stable")] = np.arange(len(first))
    return number[inv].astype(np.int32)


def _id_ranks(r0, ix, n0: int, new) -> np.ndarray:
    """id_rank with the new user rows `new` (a replaced title keeps its id): each new id
    placed among the shipped ones by binary search."""
    from bisect import bisect_left

    ids = ix.ids
    by_id = np.argsort(r0, kind="stable")  # shipped positions in id order
    new_ids = sorted((ids[p], p) for p in new)
    at = np.asarray([bisect_left(range(n0), tid, key=lambda k: ids[int(by_id[k])])
                     for tid, _ in new_ids], dtype=np.int64)
    out = np.empty(len(ids), dtype=np.int64)
    out[:n0] = r0 + np.searchsorted(at, r0, side="right")
    for k, ((_, p), a) in enumerate(zip(new_ids, at.tolist())):
        out[p] = a + k
    return out.astype(np.int32)
