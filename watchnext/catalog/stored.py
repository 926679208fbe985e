"""Packed text (packed.py) read in place from the compiled catalog: StoredStrings, a
PackedStrings whose bytes stay in the file (an open SQLite blob) and are read where a string is
asked for. At a million titles a folded-text field is 20-35 MB, and a query reads a few dozen
of its strings."""

from __future__ import annotations

import struct
from array import array
from typing import Iterator

from .packed import _HEAD, _MAGIC, _NUMPY_FROM, PackedStrings, unpack_strings

# strings: below, packed text is read whole as before (the shipped catalog's 57,000 ids are
# ~2 MB, and a string read in place costs two reads: a few hundred of them per "more like this")
IN_PLACE_FROM = 200_000

_PAIR = struct.Struct("<qq")


class StoredStrings(PackedStrings):
    """PackedStrings whose bytes stay in the compiled file: `blob` (a sqlite3.Blob over
    pack_strings' bytes) is read where a string is asked for, two small reads each. Each read is
    checked (offsets within the text and in order, whole UTF-8 characters): a damaged blob is
    `damaged(what)` raised, never a wrong value. Iterating reads the whole text once."""

    __slots__ = ("_n", "_at", "_text_at", "_size", "_damaged")

    def __init__(self, blob, n: int, at: int, text_at: int, damaged) -> None:
        super().__init__(blob, None)
        self._n, self._at, self._text_at = n, at, text_at
        self._size = len(blob) - text_at
        self._damaged = damaged

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if type(i) is not int or i < 0:
            if isinstance(i, slice):
                return [self[k] for k in range(*i.indices(self._n))]
            i = int(i)
            if i < 0:
                i += self._n
                if i < 0:
                    raise IndexError(i)
        if i >= self._n:
            raise IndexError(i)
        at = self._at + 8 * i
        a, b = _PAIR.unpack(self._data[at:at + 16])
        if not 0 <= a <= b <= self._size:
            raise self._damaged(f"packed text: bad offsets at {i}")
        try:
            return self._data[self._text_at + a:self._text_at + b].decode()
        except UnicodeDecodeError:
            raise self._damaged(f"packed text: not UTF-8 at {i}") from None

    def __iter__(self) -> Iterator[str]:
        try:
            strings, _ = unpack_strings(self._data[0:len(self._data)])
        except ValueError as err:
            raise self._damaged(str(err)) from None
        return iter(strings)

    def __repr__(self) -> str:
        return f"StoredStrings({self._n} strings)"


def stored_strings(blob, damaged) -> tuple[PackedStrings, array | None]:
    """(strings, sorted order or None) over `blob`, a sqlite3.Blob holding pack_strings' bytes:
    from IN_PLACE_FROM strings read in place (the order is read and checked now: a lookup reads
    it at every step; the text where asked), below read whole (unpack_strings). `damaged(what)`
    is the exception a damaged blob raises."""
    size = len(blob)
    head = blob[0:_HEAD.size]
    if len(head) < _HEAD.size:
        raise damaged("not packed text")
    magic, n, with_order = _HEAD.unpack(head)
    at = _HEAD.size
    end_off = at + 8 * (n + 1)
    end_order = end_off + (4 * n if with_order else 0)
    if magic != _MAGIC or with_order not in (0, 1) or size < end_order:
        raise damaged("not packed text")
    if n < IN_PLACE_FROM:
        try:
            return unpack_strings(blob[0:size])
        except ValueError as err:
            raise damaged(str(err)) from None
    first, = struct.unpack("<q", blob[at:at + 8])
    last, = struct.unpack("<q", blob[end_off - 8:end_off])
    if first != 0 or last != size - end_order:
        raise damaged("packed text: bad offsets")
    strings = StoredStrings(blob, n, at, end_order, damaged)
    if not with_order:
        return strings, None
    order = array("i")
    order.frombytes(blob[end_off:end_order])
    if struct.pack("=H", 1) != struct.pack("<H", 1):
        order.byteswap()
    if n >= _NUMPY_FROM:
        import numpy as np

        od = np.frombuffer(order, dtype=np.int32)
        ok = not ((od < 0).any() or (od >= n).any() or (np.bincount(od, minlength=n) != 1).any())
    else:
        ok = array("i", sorted(order)) == array("i", range(n))
    if not ok:
        raise damaged("packed text: bad order")
    return strings, order


class StoredArray:
    """A read-only array.array whose items stay in the compiled file (an open sqlite3.Blob,
    `n` little-endian items of `typecode` from byte `at`): an item or a slice is read where
    asked, iterating reads the whole once. For index fields read an item at a time (a title's
    position, its sequel links): at a million titles 4 MB each."""

    __slots__ = ("_blob", "_at", "_n", "typecode", "itemsize", "_one")

    def __init__(self, blob, at: int, n: int, typecode: str) -> None:
        self._blob, self._at, self._n, self.typecode = blob, at, n, typecode
        self._one = struct.Struct("<" + typecode)
        self.itemsize = self._one.size

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):
        if isinstance(i, slice):
            a, b, step = i.indices(self._n)
            if step != 1:
                return self.whole()[i]
            return self._read(a, max(a, b))
        i = int(i)
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("array index out of range")
        at = self._at + i * self.itemsize
        return self._one.unpack(self._blob[at:at + self.itemsize])[0]

    def _read(self, a: int, b: int) -> array:
        out = array(self.typecode)
        out.frombytes(self._blob[self._at + a * self.itemsize:self._at + b * self.itemsize])
        if out.itemsize > 1 and struct.pack("=H", 1) != struct.pack("<H", 1):
            out.byteswap()
        return out

    def whole(self) -> array:
        return self._read(0, self._n)

    def __iter__(self) -> Iterator:
        return iter(self.whole())

    def __repr__(self) -> str:
        return f"StoredArray({self.typecode!r}, {self._n} items)"


def stored_array(blob):
    """A StoredArray over `blob` if it holds one array as codec.encode stores it (and at least
    IN_PLACE_FROM items), else None (the caller reads it whole). Its header is checked as
    codec.decode checks it."""
    import json

    from .codec import _HEAD as CHEAD, _TYPECODES, MAGIC

    size = len(blob)
    if size < CHEAD.size:
        return None
    magic, hlen = CHEAD.unpack(blob[0:CHEAD.size])
    if magic != MAGIC or size < CHEAD.size + hlen or hlen > 1 << 16:
        return None
    try:
        head = json.loads(blob[CHEAD.size:CHEAD.size + hlen])
        sizes, node = head["parts"], head["v"]
        code, part = node["a"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        return None
    if (type(sizes) is not list or not all(type(s) is int and s >= 0 for s in sizes)
            or len(node) != 1 or type(part) is not int or not 0 <= part < len(sizes)
            or code not in _TYPECODES or CHEAD.size + hlen + sum(sizes) != size):
        return None
    itemsize = array(code).itemsize
    if struct.calcsize("<" + code) != itemsize or sizes[part] % itemsize:
        return None
    n = sizes[part] // itemsize
    if n < IN_PLACE_FROM:
        return None
    return StoredArray(blob, CHEAD.size + hlen + sum(sizes[:part]), n, code)


def stored_masks(blob, damaged):
    """PackedMasks over `blob` (pack_masks' bytes) with its offsets and bit numbers read in
    place (StoredArray), from IN_PLACE_FROM masks; else None (the caller reads it whole). The
    offsets are checked now, as unpack_masks checks them."""
    from .packed import _MHEAD, PackedMasks, _ascending

    size = len(blob)
    if size < _MHEAD.size:
        raise damaged("not packed masks")
    magic, n, nbits = _MHEAD.unpack(blob[0:_MHEAD.size])
    at = _MHEAD.size
    if magic != b"PMK1" or size != at + 4 * (n + 1) + 2 * nbits:
        raise damaged("not packed masks")
    if n < IN_PLACE_FROM:
        return None
    ptr = StoredArray(blob, at, n + 1, "i")
    whole = ptr.whole()
    if whole[0] != 0 or whole[-1] != nbits or not _ascending(whole):
        raise damaged("packed masks: bad offsets")
    return PackedMasks(ptr, StoredArray(blob, at + 4 * (n + 1), nbits, "H"))
