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
