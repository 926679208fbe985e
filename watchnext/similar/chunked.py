"""The similarity index's large arrays (about ten entries per title: each title's features and
each feature's titles, with their weights) stored raw in chunks in the compiled catalog, and
read where a query needs them: a query reads its seed's features and the postings of those,
and the features of the picks it explains, a few chunks out of hundreds. At a million titles
the four arrays were 160 MB read into every process that asked for more like this.

    Chunks      the chunks of one array, the last ones read kept (KEEP)
    ChunkedArray    numpy slices of it (the smooth ranker's arrays)
    ChunkedField    array.array slices and Python numbers (the index's own fields: exactly
                    what the field read whole gives)

Each chunk is checked when it is read (size; indexes within range): a damaged file is refused
with one clear error, never read out of range.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict

import numpy as np

CHUNK = 1 << 16  # entries a chunk of a feature -> titles array: 256 KB of int32
KEEP = 16  # chunks of that size kept read, per array (4 MB)


def chunk_size(name: str) -> int:
    """Entries a chunk: the title -> features arrays are read a title at a time (the picks a
    query explains, anywhere in the catalog), so in chunks of 16 KB: a 256 KB one cost 0.4 ms."""
    return CHUNK >> 4 if name.startswith("t_") else CHUNK


def to_blobs(A: dict, names, dtypes: dict, prefix: str, out: dict) -> dict:
    """Write `<prefix>np:chunk:<name>:<k>` for each array named; its manifest entries."""
    manifest = {}
    for name in names:
        a = np.ascontiguousarray(A[name], dtype=np.dtype(dtypes[name]))
        c = max(1, chunk_size(name))
        for k in range(max(1, -(-len(a) // c))):
            out[f"{prefix}np:chunk:{name}:{k}"] = a[k * c:(k + 1) * c].tobytes()
        manifest[name] = [dtypes[name], len(a), c]
    return manifest


class Chunks:
    """The chunks of one stored array, read by `read(blob name)` when first needed."""

    def __init__(self, read, name: str, dtype: str, length: int, chunk: int, bound) -> None:
        self.read, self.name, self.length, self.chunk = read, name, length, chunk
        self.dtype = np.dtype(dtype)
        self.native = self.dtype.newbyteorder("=")
        self.bound = bound  # indexes are below it (None: weights)
        self.kept: OrderedDict[int, np.ndarray] = OrderedDict()

    def get(self, k: int) -> np.ndarray:
        got = self.kept.get(k)
        if got is not None:
            self.kept.move_to_end(k)
            return got
        data = self.read(f"np:chunk:{self.name}:{k}")
        size = min(self.chunk, self.length - k * self.chunk)
        if data is None or len(data) != size * self.dtype.itemsize:
            raise _damaged(f"{self.name} chunk {k}")
        got = np.frombuffer(data, dtype=self.dtype).astype(self.native, copy=False)
        if self.bound is not None and len(got) and (int(got.min()) < 0
                                                    or int(got.max()) >= self.bound):
            raise _damaged(f"{self.name} chunk {k}: an index out of range")
        self.kept[k] = got
        while len(self.kept) > KEEP * max(1, CHUNK // self.chunk):  # (the same bytes)
            self.kept.popitem(last=False)
        return got

    def span(self, a: int, b: int) -> np.ndarray:
        """Entries a..b-1 (a fresh array when they cross a chunk)."""
        a, b = max(0, a), min(self.length, b)
        if a >= b:
            return np.zeros(0, dtype=self.native)
        c = self.chunk
        ka, kb = a // c, (b - 1) // c
        if ka == kb:
            return self.get(ka)[a - ka * c:b - ka * c]
        parts = [self.get(k) for k in range(ka, kb + 1)]
        parts[-1] = parts[-1][:b - kb * c]
        parts[0] = parts[0][a - ka * c:]
        return np.concatenate(parts)

    def whole(self) -> np.ndarray:
        """Every entry (the slow paths that read the whole array: a user catalog's remake)."""
        parts = [self.get(k) for k in range(max(1, -(-self.length // self.chunk)))]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=self.native)


def _damaged(what: str):
    from ..errors import CatalogError

    return CatalogError(f"the compiled catalog is damaged (more like this: {what}); delete it "
                        "and it is made again from the catalog files")


class ChunkedArray:
    """A read-only 1-d array of Chunks: slices and single entries as numpy gives them."""

    __slots__ = ("chunks",)

    def __init__(self, chunks: Chunks) -> None:
        self.chunks = chunks

    def __len__(self) -> int:
        return self.chunks.length

    def _slice(self, i: slice) -> np.ndarray:
        a, b, step = i.indices(self.chunks.length)
        got = self.chunks.span(a, b) if step == 1 else self.chunks.whole()[i]
        return got

    def __getitem__(self, i):
        if isinstance(i, slice):
            return self._slice(i)
        k = range(self.chunks.length)[i]  # (IndexError past either end)
        return self.chunks.get(k // self.chunks.chunk)[k % self.chunks.chunk]

    def __array__(self, dtype=None, copy=None):
        a = self.chunks.whole()
        return a if dtype is None else a.astype(dtype, copy=False)

    @property
    def dtype(self):
        return self.chunks.native


class ChunkedField(ChunkedArray):
    """The index's own field over the same chunks: array.array slices and Python numbers, as
    the field read whole (array.array) gives them."""

    __slots__ = ()

    def __getitem__(self, i):
        if isinstance(i, slice):
            out = array("i" if self.chunks.native.kind == "i" else "f")
            out.frombytes(self._slice(i).astype(out.typecode, copy=False).tobytes())
            return out
        return ChunkedArray.__getitem__(self, i).item()

    def __iter__(self):
        return iter(self[:])


def arrays(ix, manifest, names: dict, dtypes: dict, n: int) -> dict:
    """{name: ChunkedArray} of the arrays stored in chunks for the index `ix` opened from a
    compiled catalog, or {} (not stored so: an older file, or not opened from one)."""
    read = ix.__dict__.get("_read_blob")
    if read is None or not isinstance(manifest, dict) or set(manifest) != set(names):
        return {}
    mine = ix.__dict__.setdefault("_chunks", {})
    out = {}
    nf = len(ix.p_ptr) - 1
    for name, entry in manifest.items():
        if (not isinstance(entry, list) or len(entry) != 3 or entry[0] != dtypes[name]
                or not all(type(x) is int for x in entry[1:]) or entry[1] < 0 or entry[2] < 1):
            return {}
        got = mine.get(name)
        if got is None:
            bound = {"p_idx": n, "t_fid": nf}.get(name)
            got = mine[name] = Chunks(read, name, entry[0], entry[1], entry[2], bound)
        out[name] = ChunkedArray(got)
    return out

