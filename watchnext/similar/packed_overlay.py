"""The shipped index's packed fields under a user catalog (overlay.py): a sequence with a few
positions changed and values appended (Overlaid), a lookup over it (Lookup), and the lookups of
the shipped fields themselves, binary searches over sorted orders the compiled catalog stores
beside the index (no dict of every feature name or title)."""

from __future__ import annotations

from array import array
from bisect import bisect_left

import numpy as np

_NONE = object()


class Overlaid:
    """A sequence: `base` (a field of the shipped index, packed or not) with a few positions
    changed (`changed`: {position: value}) and values appended (`append`). Reads one value
    where it is asked; only iterating (arrays.make, the slow path) reads them all."""

    __slots__ = ("base", "n0", "changed", "tail")

    def __init__(self, base, changed: dict | None = None) -> None:
        self.base, self.n0 = base, len(base)
        self.changed = changed if changed is not None else {}
        self.tail: list = []

    def __len__(self) -> int:
        return self.n0 + len(self.tail)

    def __getitem__(self, i):
        if isinstance(i, slice):  # (rare: a list, as a list's slice)
            return list(map(self.__getitem__, range(*i.indices(len(self)))))
        i = range(len(self))[i]  # (negative and numpy positions; IndexError past either end)
        if i >= self.n0:
            return self.tail[i - self.n0]
        v = self.changed.get(i, _NONE)
        return self.base[i] if v is _NONE else v

    def __setitem__(self, i: int, value) -> None:
        if 0 <= i < self.n0:
            self.changed[i] = value
        else:
            self.tail[i - self.n0] = value

    def append(self, value) -> None:
        self.tail.append(value)

    def tolist(self) -> list:
        out = self.base.tolist() if hasattr(self.base, "tolist") else list(self.base)
        for p, v in self.changed.items():
            out[p] = v
        return out + self.tail

    def __iter__(self):
        return iter(self.tolist())

    def __eq__(self, other) -> bool:
        if isinstance(other, (Overlaid, list, tuple)) or hasattr(other, "__len__"):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"Overlaid({len(self)} values, {len(self.changed) + len(self.tail)} own)"


class Lookup:
    """{value: position} of an Overlaid sequence: the shipped lookup (a dict, or a
    PackedLookup: binary search over a stored sorted order) under the keys set here."""

    __slots__ = ("base", "own")

    def __init__(self, base, own: dict | None = None) -> None:
        self.base, self.own = base, own if own is not None else {}

    def get(self, key, default=None):
        v = self.own.get(key)
        return v if v is not None else self.base.get(key, default)

    def __getitem__(self, key) -> int:
        v = self.get(key)
        if v is None:
            raise KeyError(key)
        return v

    def __setitem__(self, key, value: int) -> None:
        self.own[key] = value

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        return len(self.base) + sum(1 for k in self.own if k not in self.base)

    def keys(self):
        return iter({**dict.fromkeys(self.base.keys()), **self.own})

    __iter__ = keys

    def items(self):
        return ((k, self[k]) for k in self.keys())


def feature_lookup(base):
    """{feature name: fid} of the shipped index: a binary search over the stored sorted order
    of its packed names, else a dict made once and kept on it."""
    from ..catalog.packed import PackedLookup

    got = base.__dict__.get("_feat_id")
    if got is None:
        names = base.feat_names
        order = read_order(base, "feat_names")
        got = (PackedLookup(names, order) if order is not None
               else dict(zip(list(names), range(len(names)))))
        base.__dict__["_feat_id"] = got
    return got


def starting_with(base):
    """prefix -> the shipped positions whose folded title starts with it, in sorted order: a
    binary search over the stored sorted order of the folded titles (else one made here once
    and kept on the index)."""
    tfold = base.tfold
    order = read_order(base, "tfold") or base.__dict__.get("_tfold_order")
    if order is None:
        values = list(tfold)
        order = base.__dict__["_tfold_order"] = array(
            "i", sorted(range(len(values)), key=values.__getitem__))
    n = len(order)

    def key(k: int) -> str:
        return tfold[order[k]]

    def found(prefix: str) -> list[int]:
        k = bisect_left(range(n), prefix, key=key)
        out = []
        while k < n:
            p = order[k]
            if not tfold[p].startswith(prefix):
                break
            out.append(p)
            k += 1
        return out

    return found


# sorted orders of the index's packed text, stored beside the arrays: a user catalog looks its
# few features and titles up in the shipped ones by binary search, without a dict of them all
ORDERS = ("feat_names", "tfold")


def orders(ix, prefix: str) -> dict[str, bytes]:
    """`<prefix>order:<field>`: the positions of the field's strings in sorted order (<i4)."""
    out = {}
    for name in ORDERS:
        values = list(getattr(ix, name))
        order = sorted(range(len(values)), key=values.__getitem__)
        out[f"{prefix}order:{name}"] = np.asarray(order, dtype="<i4").tobytes()
    return out


def read_order(ix, name: str) -> array | None:
    """The stored sorted order of field `name` of an index opened from a compiled catalog
    (checked to be a permutation of its positions), or None."""
    read = ix.__dict__.get("_read_blob")
    if read is None:
        return None
    data = read("order:" + name)
    n = len(getattr(ix, name))
    if data is None or len(data) != 4 * n:
        return None
    a = np.frombuffer(data, dtype="<i4")
    if n and (int(a.min()) < 0 or int(a.max()) >= n
              or not np.all(np.bincount(a, minlength=n) == 1)):
        return None
    out = array("i")
    out.frombytes(a.astype(np.int32).tobytes())
    return out
