"""The smooth ranker's arrays (smooth.py): contiguous numpy arrays made once per index from
its fields, or, for the shipped index, made when the catalog is compiled and stored in it as
raw little-endian arrays (read with np.frombuffer: nothing is rebuilt per process).

    genre sets    g_inv (title -> its distinct genre set), GnU (each set's idf-weighted,
                  normalised genre vector): one cosine per distinct set, then a gather
    years         years_i (int16), year_u / year_inv (distinct years, title -> its year)
    audience      age_u / age_inv, kinds, truth, kids, adult (uint8)
    notability    nota: the rank within its kind, squared (0-1)
    countries,    c_ptr / c_idx / c_w (country -> titles, its weight) and t_c_ptr / t_c_bits
    languages     (title -> its countries); the same with l_ for languages
    features      p_ptr / p_idx / p_w (feature -> titles), t_ptr / t_fid / t_w (title ->
                  features), scale (weight of the feature's type), theme_norm (a long theme
                  list damps the theme score)
    ties          base_g (same work in another language version: title without the version
                  mark, and year), id_rank (ties are broken by id)
"""

from __future__ import annotations

import json
import re
from array import array

import numpy as np

VERSION = 1
_VERSION_MARK = re.compile(r"\s*\((?:[a-z]+(?: version| dubbed| dub)?|dubbed|tamil|telugu|hindi"
                           r"|malayalam|kannada)\)$")
# the arrays a compiled catalog stores, and the dtype each is stored and checked as
DTYPES = {
    "g_inv": "<i4", "GnU": "<f4", "years_i": "<i2", "year_u": "<f4", "year_inv": "<i4",
    "age_u": "i1", "age_inv": "<i4", "kinds": "u1", "truth": "u1", "kids": "u1", "adult": "u1",
    "nota": "<f4", "c_ptr": "<i8", "c_idx": "<i4", "c_w": "<f8", "t_c_ptr": "<i8",
    "t_c_bits": "<i4", "l_ptr": "<i8", "l_idx": "<i4", "l_w": "<f8", "t_l_ptr": "<i8",
    "t_l_bits": "<i4", "p_ptr": "<i4", "p_idx": "<i4", "p_w": "<f4", "t_ptr": "<i4",
    "t_fid": "<i4", "t_w": "<f4", "scale": "<f4", "theme_norm": "<f4", "base_g": "<i4",
    "id_rank": "<i4",
}
_SCALARS = ("n", "n_theme_feats")
# views of the index's own array fields (array.array), never stored twice
SHARED = ("p_ptr", "p_idx", "p_w", "t_ptr", "t_fid", "t_w")
# the large ones (about ten entries per title) are also stored raw in chunks, read where a query
# needs them (chunked.py): at a million titles they were 160 MB in every process
CHUNKED = {"p_idx": "p_ptr", "p_w": "p_ptr", "t_fid": "t_ptr", "t_w": "t_ptr"}


def _bit_csr(masks, nbits: int) -> tuple:
    """(bit -> titles) and (title -> bits) CSR arrays of a list of int bit masks."""
    masks = masks.tolist() if hasattr(masks, "tolist") else list(masks)
    n = len(masks)
    lim = min(nbits, 63)
    low = np.fromiter((m & ((1 << lim) - 1) for m in masks), dtype=np.int64, count=n)
    rows_parts, bits_parts = [], []
    for b in range(lim):  # bit by bit: the titles of each in order
        sel = np.flatnonzero((low >> b) & 1)
        rows_parts.append(sel)
        bits_parts.append(np.full(len(sel), b, dtype=np.int64))
    high = [(j, b) for j, m in enumerate(masks) if m >> 63
            for b in range(63, min(nbits, m.bit_length())) if m >> b & 1]
    if high:  # (more than 63 countries or languages: the rare higher bits one by one)
        rows_parts.append(np.asarray([j for j, _ in high], dtype=np.int64))
        bits_parts.append(np.asarray([b for _, b in high], dtype=np.int64))
    rows_a = np.concatenate(rows_parts).astype(np.int32) if rows_parts else np.zeros(0, np.int32)
    bits_a = np.concatenate(bits_parts).astype(np.int32) if bits_parts else np.zeros(0, np.int32)
    by_title = np.lexsort((bits_a, rows_a))  # title -> its bits, each title's in order
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows_a, minlength=n), out=ptr[1:])
    rows_a, bits_a = rows_a[by_title], bits_a[by_title]
    return (*_postings(rows_a, bits_a, nbits), ptr, bits_a)


def _postings(rows_a: np.ndarray, bits_a: np.ndarray, nbits: int) -> tuple:
    """(bit -> titles) CSR of the (title, bit) pairs, sorted by title then bit."""
    order = np.argsort(bits_a, kind="stable")  # by bit, titles in order within each
    post_ptr = np.zeros(nbits + 1, dtype=np.int64)
    np.cumsum(np.bincount(bits_a, minlength=nbits), out=post_ptr[1:])
    return post_ptr, rows_a[order]


def make(ix, type_scale: dict[str, float]) -> dict:
    """The arrays of `ix`, from its fields; `type_scale`: the weight of each feature type
    (smooth.TYPE_SCALE)."""
    n = len(ix.years)
    masks = np.asarray([m & _LOW62 for m in ix.gmask], dtype=np.int64)
    umask, g_inv = np.unique(masks, return_inverse=True)
    c_ptr, c_idx, t_c_ptr, t_c_bits = _bit_csr(ix.cmask, len(ix.country_names))
    l_ptr, l_idx, t_l_ptr, t_l_bits = _bit_csr(ix.lmask, len(ix.lang_w))
    base: dict[tuple[str, int], int] = {}
    years_l = ix.years.tolist()
    base_g = np.asarray([base.setdefault((_unmarked(t), y), len(base))
                         for t, y in zip(ix.tfold, years_l)], dtype=np.int32)
    ids = list(ix.ids)  # (a packed list: one decode for all, not one per comparison)
    id_rank = np.empty(n, dtype=np.int32)
    id_rank[sorted(range(n), key=ids.__getitem__)] = np.arange(n, dtype=np.int32)
    return {
        **_per_title(ix, n), "g_inv": g_inv.astype(np.int32), "GnU": _genre_vectors(ix, umask),
        "c_ptr": c_ptr, "c_idx": c_idx, "t_c_ptr": t_c_ptr, "t_c_bits": t_c_bits,
        "l_ptr": l_ptr, "l_idx": l_idx, "t_l_ptr": t_l_ptr, "t_l_bits": t_l_bits,
        "scale": _scales(ix.feat_names, type_scale), "base_g": base_g, "id_rank": id_rank,
    }


_LOW62 = (1 << 62) - 1


def _unmarked(t: str) -> str:
    """A folded title without its version mark ("boomika (tamil)" -> "boomika"): the same work."""
    return _VERSION_MARK.sub("", t) if t[-1:] == ")" else t  # (only a title ending in ")")


def _scales(names, type_scale: dict[str, float]) -> np.ndarray:
    return np.asarray([type_scale.get(name[:1], 0.0) if name[1:2] == ":" else 0.0
                       for name in names], dtype=np.float32)


def _genre_vectors(ix, umask: np.ndarray) -> np.ndarray:
    """GnU: the idf-weighted, normalised genre vector of each distinct genre set (bit mask)."""
    ng = len(ix.genre_names)
    gw = np.asarray(ix.genre_w, dtype=np.float32)
    G = np.zeros((len(umask), ng), dtype=np.float32)
    for b in range(min(ng, 62)):
        G[:, b] = ((umask >> b) & 1) * gw[b]
    norms = np.sqrt((G * G).sum(axis=1))
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(G / norms[:, None], dtype=np.float32)


def _per_title(ix, n: int) -> dict:
    """The arrays made from the index's per-title scalars alone (numpy, a few ms at 57,000):
    the notability ranks depend on every title, so they are made again whole."""
    nota = np.asarray(ix.notability, dtype=np.float32)
    if len(nota) != n:  # an index without notability: the prior stands in
        nota = np.asarray(ix.prior, dtype=np.float32)
    # as a rank within its kind (0-1): series have no award data, films do; a series' standing
    # is judged among series
    kinds = np.frombuffer(ix.kinds, dtype=np.uint8)
    rank = np.zeros(n, dtype=np.float32)
    for k in (0, 1):
        sel = np.nonzero(kinds == k)[0]
        if len(sel):  # the share of titles of its kind it is better known than (ties alike)
            vals = nota[sel]
            order = np.sort(vals)
            below = np.searchsorted(order, vals, side="left")
            rank[sel] = below / max(1, len(sel) - 1)
    nota = rank ** 2  # the best known stand out; the long tail stays near 0
    years_i = np.frombuffer(ix.years, dtype=np.int16)
    year_u, year_inv = np.unique(years_i.astype(np.float32), return_inverse=True)
    age = np.frombuffer(ix.age, dtype=np.uint8).astype(np.int8)
    age_u, age_inv = np.unique(age, return_inverse=True)
    nthemes = np.frombuffer(ix.n_themes, dtype=np.int16).astype(np.float32)
    return {
        "n": n, "n_theme_feats": int(ix.n_theme_feats),
        "years_i": years_i, "year_u": year_u, "year_inv": year_inv.astype(np.int32),
        "age_u": age_u, "age_inv": age_inv.astype(np.int32), "kinds": kinds,
        "truth": np.frombuffer(ix.truth, dtype=np.uint8),
        "kids": np.frombuffer(ix.kids, dtype=np.uint8),
        "adult": np.frombuffer(ix.adult, dtype=np.uint8),
        "nota": np.asarray(nota, dtype=np.float32),
        "c_w": np.asarray(ix.country_w, dtype=np.float64),
        "l_w": np.asarray(ix.lang_w, dtype=np.float64),
        **_shared(ix),
        "theme_norm": np.sqrt(np.maximum(nthemes, 5.0) / 5.0),
    }


def _shared(ix, skip=()) -> dict:
    """numpy views of the index's CSR fields (no copy when they are array.array)."""
    out = {}
    for name in SHARED:
        if name in skip:
            continue
        value, dt = getattr(ix, name), np.dtype(DTYPES[name]).newbyteorder("=")
        if isinstance(value, array) and value.itemsize == dt.itemsize:
            out[name] = np.frombuffer(value, dtype=dt) if len(value) else np.zeros(0, dtype=dt)
        else:
            out[name] = np.asarray(value, dtype=dt)
    return out


def to_blobs(A: dict, prefix: str) -> dict[str, bytes]:
    """The arrays as raw little-endian blobs `<prefix>np:<name>`, and a manifest `<prefix>np`
    (JSON: each array's dtype and shape, the scalars)."""
    from . import chunked

    manifest = {"version": VERSION, "scalars": {k: int(A[k]) for k in _SCALARS}, "arrays": {}}
    out: dict[str, bytes] = {}
    manifest["chunked"] = chunked.to_blobs(A, CHUNKED, DTYPES, prefix, out)
    for name, dt in DTYPES.items():
        if name in SHARED:
            continue
        a = np.ascontiguousarray(A[name], dtype=np.dtype(dt))
        manifest["arrays"][name] = [dt, list(a.shape)]
        out[f"{prefix}np:{name}"] = a.tobytes()
    out[f"{prefix}np"] = json.dumps(manifest).encode()
    return out


def from_blobs(read, ix) -> dict | None:
    """The arrays from blobs read by `read(name)` (bytes or None), each checked against the
    manifest (dtype, shape, size), and views of `ix`'s CSR fields; indexes within range. None
    when they do not fit."""
    try:
        manifest = json.loads(read("np") or b"null")
        if (not isinstance(manifest, dict) or manifest.get("version") != VERSION
                or set(manifest.get("arrays", {})) != set(DTYPES) - set(SHARED)):
            return None
        scalars = manifest["scalars"]
        out: dict = {k: int(scalars[k]) for k in _SCALARS}
        for name, (dt, shape) in manifest["arrays"].items():
            if dt != DTYPES[name] or not all(type(s) is int and s >= 0 for s in shape):
                return None
            data = read("np:" + name)
            dtype = np.dtype(dt)
            if data is None or len(data) != dtype.itemsize * int(np.prod(shape, dtype=np.int64)):
                return None
            a = np.frombuffer(data, dtype=dtype).reshape(shape)
            out[name] = a if dtype.isnative else a.astype(dtype.newbyteorder("="))
        from . import chunked

        big = chunked.arrays(ix, manifest.get("chunked"), CHUNKED, DTYPES, len(ix.years))
        out.update({k: v for k, v in _shared(ix, skip=big).items()}, **big)
    except (ValueError, TypeError, KeyError):
        return None
    if out["n"] != len(ix.years) or not _consistent(out):
        return None
    for name in ("t_c_ptr", "t_l_ptr"):  # (stored int64; checked, they fit int32: half the bytes)
        if out[name][-1] < 1 << 31:
            out[name] = out[name].astype(np.int32)
    return out


def _consistent(A: dict) -> bool:
    """Lengths and index ranges agree (a damaged file is refused, never read out of range)."""
    n = A["n"]
    per_title = ("g_inv", "years_i", "year_inv", "age_inv", "kinds", "truth", "kids", "adult",
                 "nota", "theme_norm", "base_g", "id_rank")
    if any(len(A[k]) != n for k in per_title):
        return False
    if any(len(A[k]) != n + 1 for k in ("t_c_ptr", "t_l_ptr", "t_ptr")):
        return False

    def idx_ok(a, bound):  # (chunked: each chunk is checked when it is read)
        return (not len(a) or not isinstance(a, np.ndarray)
                or (int(a.min()) >= 0 and int(a.max()) < bound))

    def ptr_ok(p, size):
        return len(p) >= 1 and p[0] == 0 and p[-1] == size and bool(np.all(np.diff(p) >= 0))

    nf = len(A["scale"])
    return (idx_ok(A["g_inv"], len(A["GnU"])) and idx_ok(A["year_inv"], len(A["year_u"]))
            and idx_ok(A["age_inv"], len(A["age_u"]))
            and ptr_ok(A["c_ptr"], len(A["c_idx"])) and idx_ok(A["c_idx"], n)
            and len(A["c_ptr"]) == len(A["c_w"]) + 1
            and ptr_ok(A["t_c_ptr"], len(A["t_c_bits"])) and idx_ok(A["t_c_bits"], len(A["c_w"]))
            and ptr_ok(A["l_ptr"], len(A["l_idx"])) and idx_ok(A["l_idx"], n)
            and len(A["l_ptr"]) == len(A["l_w"]) + 1
            and ptr_ok(A["t_l_ptr"], len(A["t_l_bits"])) and idx_ok(A["t_l_bits"], len(A["l_w"]))
            and ptr_ok(A["p_ptr"], len(A["p_idx"])) and idx_ok(A["p_idx"], n)
            and len(A["p_ptr"]) == nf + 1 and len(A["p_w"]) == len(A["p_idx"])
            and ptr_ok(A["t_ptr"], len(A["t_fid"])) and idx_ok(A["t_fid"], nf)
            and len(A["t_w"]) == len(A["t_fid"]) and 0 <= A["n_theme_feats"] <= nf)


def stored(ix) -> dict | None:
    """The arrays a compiled catalog stores for `ix`, or None (not opened from one, an index
    extended with user titles, an older file)."""
    read = ix.__dict__.get("_read_blob")
    if read is None or ix.__dict__.get("fingerprint") != ix.__dict__.get("_store_key"):
        return None
    return from_blobs(read, ix)

