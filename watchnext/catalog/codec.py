"""Index fields as pure data: a JSON tree that names raw little-endian parts, never code.

The compiled catalog and the index caches in the cache folder store each index field with
`encode` and read it with `decode`. Nothing in the bytes names a function or a class: the tree
says what each value is (a small fixed set of shapes below), and decode builds exactly that,
checking every part (lengths, types, offsets). A damaged, foreign or crafted blob (a pickle, say)
is a ValueError, never a wrong value and never run.

    blob   = b"WNC1" u32 header length, the header (UTF-8 JSON), the parts back to back
    header = {"parts": [byte length, ...], "v": node}
    node   = {"j": plain JSON}                    ints, floats, str, bools, None, lists / str-keyed
                                                   dicts of those (exactly what json round-trips)
           | {"a": [typecode, part]}               array.array, little-endian
           | {"b": part}                           bytes
           | {"s": part}                           list of str, a UTF-8 JSON list
           | {"ss": [part, part]}                  dict str -> str (keys, values: JSON lists)
           | {"lt": plain JSON}                    list of tuples of plain values
           | {"dlt": plain JSON}                   dict str -> list of tuples of plain values
           | {"l": [node, ...]} | {"t": [node, ...]}     list / tuple of anything here
           | {"d": [[node, node], ...]}            dict of anything here
           | {"P": [node, part, part]}             search Postings: keys, offsets, idx data

Little-endian on disk; arrays are byte-swapped on a big-endian machine.
"""

from __future__ import annotations

import json
import struct
import sys
from array import array
from functools import partial
from itertools import chain

MAGIC = b"WNC1"
_HEAD = struct.Struct("<4sI")
_TYPECODES = frozenset("bBhHiIlLqQfd")
_SMALL = 32  # lists of str up to this long stay in the JSON
_BIG = sys.byteorder == "big"
_SCALARS = (str, int, float, bool, type(None))
_LIST = {list}


def _plain(v, depth: int = 0) -> bool:
    """v survives a JSON round trip unchanged (types and all)."""
    t = type(v)
    if t in _SCALARS:
        return True
    if depth > 20:
        return False
    if t is list:
        return all(_plain(x, depth + 1) for x in v)
    if t is dict:
        return all(type(k) is str and _plain(x, depth + 1) for k, x in v.items())
    return False


def _tuples(v) -> bool:
    return type(v) is list and all(type(x) is tuple and all(type(y) in _SCALARS for y in x)
                                   for x in v)


class _Writer:
    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def part(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(self.parts) - 1

    def arr(self, a: array) -> int:
        if _BIG and a.itemsize > 1:
            a = array(a.typecode, a)
            a.byteswap()
        return self.part(a.tobytes())

    def node(self, v, depth: int = 0):
        from .packed import PackedLookup, PackedStrings

        if depth > 40:
            raise ValueError("nested too deep")
        t = type(v)
        if t is array:
            if v.typecode not in _TYPECODES:
                raise ValueError(f"array of {v.typecode!r}")
            return {"a": [v.typecode, self.arr(v)]}
        if t in (bytes, bytearray):
            return {"b": self.part(v)}
        if t is PackedStrings or (t is list and len(v) > _SMALL and all(type(x) is str for x in v)):
            return {"s": self.part(_texts(v))}
        if t is PackedLookup:
            v, t = dict(v.items()), dict
        if t is dict and len(v) > _SMALL and all(type(k) is str and type(x) is str
                                                 for k, x in v.items()):
            return {"ss": [self.part(_texts(v)), self.part(_texts(v.values()))]}
        if _plain(v):
            return {"j": v}
        if _tuples(v):
            return {"lt": v}
        if t is dict and all(type(k) is str and _tuples(x) for k, x in v.items()):
            return {"dlt": v}
        if t in (list, tuple):
            return {"l" if t is list else "t": [self.node(x, depth + 1) for x in v]}
        if t is dict:
            return {"d": [[self.node(k, depth + 1), self.node(x, depth + 1)] for k, x in v.items()]}
        if getattr(v, "KEYED", False) and hasattr(v, "offs") and hasattr(v, "data"):  # Postings
            return {"P": [self.node(list(v.keys()), depth + 1), self.arr(v.offs), self.arr(v.data)]}
        raise ValueError(f"cannot store a {t.__name__} as data")


def _texts(items) -> bytes:
    return json.dumps(list(items), ensure_ascii=False, separators=(",", ":")).encode()


def _read_texts(data: bytes) -> list[str]:
    v = json.loads(data)  # (one C pass, any script; a str object each, as the index had)
    if type(v) is not list or not set(map(type, v)) <= {str}:
        raise ValueError("not a list of text")
    return v


def encode(value) -> bytes:
    w = _Writer()
    v = w.node(value)
    head = json.dumps({"parts": [len(p) for p in w.parts], "v": v}, ensure_ascii=False,
                      separators=(",", ":")).encode()
    return _HEAD.pack(MAGIC, len(head)) + head + b"".join(w.parts)


class _Reader:
    def __init__(self, parts: list[bytes]) -> None:
        self.parts = parts

    def part(self, k) -> bytes:
        return bytes(self._view(k))

    def _view(self, k) -> memoryview:
        if type(k) is not int or not 0 <= k < len(self.parts):
            raise ValueError("a part that is not there")
        return self.parts[k]

    def arr(self, code, k) -> array:
        if type(code) is not str or code not in _TYPECODES:
            raise ValueError(f"not an array type: {code!r}")
        data = self._view(k)
        a = array(code)
        if len(data) % a.itemsize:
            raise ValueError("an array cut short")
        a.frombytes(data)
        if _BIG and a.itemsize > 1:
            a.byteswap()
        return a

    def node(self, n, depth: int = 0):
        if type(n) is not dict or len(n) != 1 or depth > 40:
            raise ValueError("not a stored value")
        (tag, v), = n.items()
        if tag == "j":
            return v
        if tag == "a":
            if type(v) is not list or len(v) != 2:
                raise ValueError("bad array")
            return self.arr(*v)
        if tag == "b":
            return self.part(v)
        if tag == "s":
            return _read_texts(self.part(v))
        if tag == "ss":
            if type(v) is not list or len(v) != 2:
                raise ValueError("bad text map")
            keys, vals = (_read_texts(self.part(k)) for k in v)
            if len(keys) != len(vals):
                raise ValueError("bad text map")
            return dict(zip(keys, vals))
        if tag == "lt":
            return _lt(v)
        if tag == "dlt":
            # (checked and every tuple made by C-level passes: no Python call per key; the
            # search index's phrases, 4,000 keys, read in 1.3 ms rather than 1.8)
            vals = v.values() if type(v) is dict else None
            if (vals is None or not set(map(type, vals)) <= _LIST
                    or not set(map(type, chain.from_iterable(vals))) <= _LIST):
                raise ValueError("bad map of tuples")
            return dict(zip(v, map(list, map(partial(map, tuple), vals))))
        if tag in ("l", "t"):
            if type(v) is not list:
                raise ValueError("bad list")
            out = [self.node(x, depth + 1) for x in v]
            return out if tag == "l" else tuple(out)
        if tag == "d":
            if type(v) is not list or not all(type(x) is list and len(x) == 2 for x in v):
                raise ValueError("bad map")
            out = {}
            for k, x in v:
                k = self.node(k, depth + 1)
                if type(k) not in (str, int, float, bool, tuple):
                    raise ValueError("bad map key")
                out[k] = self.node(x, depth + 1)
            return out
        if tag == "P":
            if type(v) is not list or len(v) != 3:
                raise ValueError("bad postings")
            keys = self.node(v[0], depth + 1)
            if type(keys) is not list or not all(type(k) in (str, int) for k in keys):
                raise ValueError("bad posting keys")
            make = _MAKERS.get("P")  # (search.index registers its Postings: catalog is below it)
            if make is None:
                raise ValueError("postings, and no reader for them")
            return make(keys, self.arr("i", v[1]), self.arr("i", v[2]))
        raise ValueError(f"unknown stored value {tag!r}")


_MAKERS: dict = {}


def register(tag: str, make) -> None:
    """`make(keys, offsets, data)` builds what a {"P": ...} node holds (search.index: Postings)."""
    _MAKERS[tag] = make


def _lt(v) -> list[tuple]:
    if type(v) is not list or not all(type(x) is list for x in v):
        raise ValueError("bad list of tuples")
    return [tuple(x) for x in v]


def decode(blob: bytes):
    """The value `encode` stored; ValueError for anything else (damaged, foreign, a pickle)."""
    if not isinstance(blob, (bytes, bytearray, memoryview)):
        raise ValueError("not stored data")
    blob = memoryview(blob).cast("B")  # (the parts are read in place, not copied)
    if len(blob) < _HEAD.size:
        raise ValueError("not stored data")
    magic, hlen = _HEAD.unpack_from(blob)
    if magic != MAGIC or len(blob) < _HEAD.size + hlen:
        raise ValueError("not stored data")
    try:
        head = json.loads(bytes(blob[_HEAD.size:_HEAD.size + hlen]))
        sizes = head["parts"]
        if type(head) is not dict or type(sizes) is not list or not all(
                type(s) is int and s >= 0 for s in sizes):
            raise ValueError("bad header")
        at = _HEAD.size + hlen
        if at + sum(sizes) != len(blob):
            raise ValueError("parts do not add up")
        parts = []
        for s in sizes:
            parts.append(blob[at:at + s])
            at += s
        return _Reader(parts).node(head["v"])
    except ValueError:
        raise
    except (KeyError, TypeError, IndexError, AttributeError, RecursionError,
            UnicodeDecodeError, OverflowError, struct.error) as err:
        raise ValueError(f"not stored data ({type(err).__name__})") from None
