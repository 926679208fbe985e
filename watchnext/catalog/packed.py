"""Lists of text kept as one block of UTF-8 and an offsets array, as the compiled catalog stores
them: 57,000 ids as a Python list cost 4 MB (a str object each), packed about 0.8 MB. A
string is made when asked for.

    PackedStrings   a read-only sequence of str (indexing, slices, iteration, len, ==)
    (stored.py: StoredStrings, the same read in place from the compiled file)
    PackedLookup    the mapping {s: i} of a PackedStrings with unique items (get, [], in,
                    keys, items, len), by binary search over a sorted order: no dict
    PackedMasks     a sequence of bit masks (ints) as each one's bit numbers

pack_strings / unpack_strings, pack_masks / unpack_masks: the bytes stored, and back
(checked: a damaged blob is a ValueError, never a wrong value).
"""

from __future__ import annotations

import re
import struct
import sys
from array import array
from bisect import bisect_left
from operator import itemgetter
from typing import Iterable, Iterator

_HEAD = struct.Struct("<4sII")  # magic, count, with-order flag
_MAGIC = b"PST1"


class PackedStrings:
    __slots__ = ("_data", "_off")

    def __init__(self, data: bytes, offsets: array) -> None:
        self._data = data
        self._off = offsets  # len + 1 offsets into data

    def __len__(self) -> int:
        return len(self._off) - 1

    def __getitem__(self, i):
        off = self._off
        if type(i) is int and i >= 0:  # (the usual case first: it is asked a lot)
            return self._data[off[i]:off[i + 1]].decode()  # IndexError past the end
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        i = int(i)
        if i < 0:
            i += len(self)
            if i < 0:
                raise IndexError(i)
        return self._data[off[i]:off[i + 1]].decode()

    def __iter__(self) -> Iterator[str]:
        data, off = self._data, self._off
        if data.isascii():  # (ids, folded names: byte offsets are character offsets)
            text, chars = data.decode("ascii"), off
        elif "numpy" in sys.modules:  # (more like this: numpy is loaded) one decode, and the
            import numpy as np       # character offsets from where each UTF-8 character starts

            starts = np.frombuffer(data, dtype=np.uint8) & 0xC0 != 0x80
            before = np.concatenate((np.zeros(1, dtype=np.int64), np.cumsum(starts)))
            text, chars = data.decode(), before[np.frombuffer(off, dtype="<i8")].tolist()
        else:
            return (data[off[k]:off[k + 1]].decode() for k in range(len(off) - 1))
        return map(text.__getitem__, map(slice, chars[:-1], chars[1:]))

    def __eq__(self, other) -> bool:
        if isinstance(other, (PackedStrings, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # a list is not hashable either

    def __repr__(self) -> str:
        return f"PackedStrings({len(self)} strings)"


class PackedLookup:
    """{strings[i]: i} without a dict: `order` lists the positions sorted by string."""

    __slots__ = ("_s", "_order")

    def __init__(self, strings: PackedStrings, order: array) -> None:
        self._s = strings
        self._order = order

    def get(self, key, default=None):
        if not isinstance(key, str):
            return default
        s, order = self._s, self._order
        k = bisect_left(range(len(order)), key, key=lambda x: s[order[x]])
        if k < len(order) and s[order[k]] == key:
            return order[k]
        return default

    def __getitem__(self, key) -> int:
        v = self.get(key)
        if v is None:
            raise KeyError(key)
        return v

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __len__(self) -> int:
        return len(self._order)

    def keys(self) -> Iterator[str]:
        return iter(self._s)

    __iter__ = keys

    def items(self) -> Iterator[tuple[str, int]]:
        return ((s, i) for i, s in enumerate(self._s))

    def values(self) -> Iterator[int]:
        return iter(range(len(self._s)))


def pack_strings(items: Iterable[str], with_order: bool = False) -> bytes:
    """The stored form of a list of str: header, offsets (little-endian int64), the sorted
    order (int32, if asked: for PackedLookup), the UTF-8 text."""
    enc = [s.encode() for s in items]
    off = array("q", [0])
    total = 0
    for b in enc:
        total += len(b)
        off.append(total)
    order = array("i", sorted(range(len(enc)), key=enc.__getitem__) if with_order else [])
    if array("q").itemsize != 8 or array("i").itemsize != 4:
        raise ValueError("unusual array sizes")
    if struct.pack("=H", 1) != struct.pack("<H", 1):  # stored little-endian
        off.byteswap()
        order.byteswap()
    head = _HEAD.pack(_MAGIC, len(enc), int(with_order))
    return head + off.tobytes() + order.tobytes() + b"".join(enc)


def unpack_strings(blob: bytes) -> tuple[PackedStrings, array | None]:
    """(strings, sorted order or None) from pack_strings' bytes; ValueError if damaged."""
    if not isinstance(blob, bytes) or len(blob) < _HEAD.size:
        raise ValueError("not packed text")
    magic, n, with_order = _HEAD.unpack_from(blob)
    at = _HEAD.size
    end_off = at + 8 * (n + 1)
    end_order = end_off + (4 * n if with_order else 0)
    if magic != _MAGIC or with_order not in (0, 1) or len(blob) < end_order:
        raise ValueError("not packed text")
    off = array("q")
    off.frombytes(blob[at:end_off])
    order = array("i")
    order.frombytes(blob[end_off:end_order])
    if struct.pack("=H", 1) != struct.pack("<H", 1):
        off.byteswap()
        order.byteswap()
    data = blob[end_order:]
    if n >= _NUMPY_FROM:  # (a big list: the same checks, vectorised)
        return _checked_big(off, order if with_order else None, data, n)
    # (every check runs in C)
    if off[0] != 0 or off[-1] != len(data) or not _ascending(off):
        raise ValueError("packed text: bad offsets")
    try:
        data.decode()
    except UnicodeDecodeError:
        raise ValueError("packed text: not UTF-8") from None
    starts = off[:bisect_left(off, len(data))]  # where a non-empty string starts
    if starts and _CONTINUATION.search(bytes(itemgetter(*starts)(data) if len(starts) > 1
                                            else (data[starts[0]],))):
        raise ValueError("packed text: an offset inside a character")
    strings = PackedStrings(data, off)
    if with_order:
        if array("i", sorted(order)) != array("i", range(n)):
            raise ValueError("packed text: bad order")
        return strings, order
    return strings, None


_CONTINUATION = re.compile(rb"[\x80-\xbf]")  # a UTF-8 byte that cannot start a character
_NUMPY_FROM = 200_000  # strings: below, the checks above cost less than importing numpy


def _checked_big(off: array, order: array | None, data: bytes, n: int):
    """unpack_strings' checks with numpy (a million strings: ~1.5 s of Python-level passes on
    a busy machine, a few ms vectorised)."""
    import numpy as np

    o = np.frombuffer(off, dtype=np.int64)
    if o[0] != 0 or o[-1] != len(data) or (np.diff(o) < 0).any():
        raise ValueError("packed text: bad offsets")
    try:
        data.decode()
    except UnicodeDecodeError:
        raise ValueError("packed text: not UTF-8") from None
    starts = o[:-1][o[:-1] < len(data)]
    if len(starts) and ((np.frombuffer(data, dtype=np.uint8)[starts] & 0xC0) == 0x80).any():
        raise ValueError("packed text: an offset inside a character")
    strings = PackedStrings(data, off)
    if order is None:
        return strings, None
    od = np.frombuffer(order, dtype=np.int32)
    if len(od) != n or (od < 0).any() or (od >= n).any() or \
            (np.bincount(od, minlength=n) != 1).any():
        raise ValueError("packed text: bad order")
    return strings, order


def _ascending(a: array) -> bool:
    return a == array(a.typecode, sorted(a))  # (sorting a sorted array is one pass)


class PackedMasks:
    """A read-only sequence of bit masks (non-negative ints) kept as each one's bit numbers:
    title -> its genres / countries / languages without an int object per title."""

    __slots__ = ("_ptr", "_bits")

    def __init__(self, ptr: array, bits: array) -> None:
        self._ptr = ptr  # len + 1
        self._bits = bits

    def __len__(self) -> int:
        return len(self._ptr) - 1

    def __getitem__(self, j):
        if isinstance(j, slice):
            return [self[k] for k in range(*j.indices(len(self)))]
        j = int(j)
        if j < 0:
            j += len(self)
        if not 0 <= j < len(self._ptr) - 1:
            raise IndexError(j)
        ptr = self._ptr
        m = 0
        for b in self._bits[ptr[j]:ptr[j + 1]]:
            m |= 1 << b
        return m

    def __iter__(self) -> Iterator[int]:
        return iter(self.tolist())

    def tolist(self) -> list[int]:
        """Every mask at once (the bits below 63 combined by numpy, the rarer higher ones
        added one by one): what list(masks) costs when a user catalog extends the index."""
        import numpy as np

        n = len(self)
        if n == 0:
            return []
        raw_ptr, raw_bits = (x if isinstance(x, array) else x.whole()  # (read in place: stored.py)
                             for x in (self._ptr, self._bits))
        ptr = np.frombuffer(raw_ptr, dtype=np.int64 if raw_ptr.itemsize == 8 else
                            np.dtype(f"<i{raw_ptr.itemsize}")).astype(np.int64)
        bits = np.frombuffer(raw_bits, dtype=np.dtype(f"<u{raw_bits.itemsize}")).astype(np.int64)
        low = np.where(bits < 63, np.left_shift(1, np.minimum(bits, 62)), 0).astype(np.int64)
        acc = np.zeros(n, dtype=np.int64)
        lens = np.diff(ptr)
        has = lens > 0
        if len(bits):
            acc[has] = np.bitwise_or.reduceat(low, ptr[:-1][has])
        out = acc.tolist()
        for k in np.flatnonzero(bits >= 63).tolist():
            j = int(np.searchsorted(ptr, k, side="right")) - 1
            out[j] |= 1 << int(bits[k])
        return out

    def __eq__(self, other) -> bool:
        if isinstance(other, (PackedMasks, list, tuple, array)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None

    def __repr__(self) -> str:
        return f"PackedMasks({len(self)} masks)"


_MHEAD = struct.Struct("<4sII")  # magic, count, number of bits


def pack_masks(values: Iterable[int]) -> bytes:
    """The stored form of a list of bit masks: header, offsets (int32), bit numbers (uint16)."""
    ptr, bits = array("i", [0]), array("H")
    for m in values:
        if m < 0:
            raise ValueError("a negative mask")
        b = 0
        while m:
            if m & 1:
                bits.append(b)  # OverflowError past bit 65535
            m >>= 1
            b += 1
        ptr.append(len(bits))
    if array("i").itemsize != 4 or array("H").itemsize != 2:
        raise ValueError("unusual array sizes")
    if struct.pack("=H", 1) != struct.pack("<H", 1):
        ptr.byteswap()
        bits.byteswap()
    return _MHEAD.pack(b"PMK1", len(ptr) - 1, len(bits)) + ptr.tobytes() + bits.tobytes()


def unpack_masks(blob: bytes) -> PackedMasks:
    """PackedMasks from pack_masks' bytes; ValueError if damaged."""
    if not isinstance(blob, bytes) or len(blob) < _MHEAD.size:
        raise ValueError("not packed masks")
    magic, n, nbits = _MHEAD.unpack_from(blob)
    at = _MHEAD.size
    if magic != b"PMK1" or len(blob) != at + 4 * (n + 1) + 2 * nbits:
        raise ValueError("not packed masks")
    ptr, bits = array("i"), array("H")
    ptr.frombytes(blob[at:at + 4 * (n + 1)])
    bits.frombytes(blob[at + 4 * (n + 1):])
    if struct.pack("=H", 1) != struct.pack("<H", 1):
        ptr.byteswap()
        bits.byteswap()
    if ptr[0] != 0 or ptr[-1] != nbits or not _ascending(ptr):
        raise ValueError("packed masks: bad offsets")
    return PackedMasks(ptr, bits)
