"""Every title of the compiled catalog at once, column by column (the "titles" blob): what the
few callers that read all titles get, without a Python loop per title."""

from __future__ import annotations

import json

from ..model import Title

_FIELDS = Title._fields  # (compiled.py reads rows by these too)
_N = len(_FIELDS)
_LIST_POS = {i for i, f in enumerate(_FIELDS) if isinstance(Title._field_defaults.get(f, ""), tuple)}
_INT_POS = {i for i, f in enumerate(_FIELDS) if f in ("year", "runtime", "seasons", "last_year", "notability")}
_STR = {str}


def pack_columns(titles: list[Title]) -> bytes:
    """Every title at once, column by column (codec.py): each text field as a vocabulary (UTF-8
    JSON list: a genre, a kind, a name repeated in 10,000 titles is one string) and an int32 code per
    title; a list field as codes and offsets; a number field as an int64 array. Read back with
    C-level maps only, no Python loop per title."""
    from array import array

    from . import codec

    cols = []
    for i in range(_N):
        values = [t[i] for t in titles]
        if i in _INT_POS:
            cols.append(("int", array("q", values)))
            continue
        vocab: dict[str, int] = {}
        code = vocab.setdefault
        if i in _LIST_POS:
            offs = array("i", [0])
            codes = array("i")
            for v in values:
                codes.extend(code(x, len(vocab)) for x in v)
                offs.append(len(codes))
            cols.append(("list", json.dumps(list(vocab), ensure_ascii=False).encode(), codes, offs))
        else:
            codes = array("i", (code(v, len(vocab)) for v in values))
            cols.append(("str", json.dumps(list(vocab), ensure_ascii=False).encode(), codes))
    return codec.encode({"count": len(titles), "fields": list(_FIELDS), "cols": cols})


def unpack_columns(blob: bytes, count: int) -> list[Title]:
    """The titles pack_columns stored; ValueError unless every column fits (types, lengths,
    codes within their vocabulary, offsets ascending)."""
    from array import array

    from . import codec
    from .packed import _ascending

    got = codec.decode(blob)
    if (type(got) is not dict or got.get("count") != count or got.get("fields") != list(_FIELDS)
            or type(got.get("cols")) is not list or len(got["cols"]) != _N):
        raise ValueError("not the titles it lists")
    cols: list = []
    for i, col in enumerate(got["cols"]):
        kind = col[0] if type(col) is tuple and col else None
        if kind == "int" and i in _INT_POS and len(col) == 2 and type(col[1]) is array \
                and len(col[1]) == count:
            cols.append(col[1].tolist())
            continue
        want = "list" if i in _LIST_POS else "str"
        if kind != want or len(col) != (4 if want == "list" else 3) or type(col[1]) is not bytes:
            raise ValueError(f"bad column {_FIELDS[i]}")
        vocab, codes = json.loads(col[1]), col[2]
        if (type(vocab) is not list or not set(map(type, vocab)) <= _STR or type(codes) is not array
                or codes.typecode != "i" or (codes and (min(codes) < 0 or max(codes) >= len(vocab)))):
            raise ValueError(f"bad column {_FIELDS[i]}")
        values = (list if want == "str" else tuple)(map(vocab.__getitem__, codes))
        if want == "str":
            if len(values) != count:
                raise ValueError(f"bad column {_FIELDS[i]}")
            cols.append(values)
            continue
        offs = col[3]
        if (type(offs) is not array or len(offs) != count + 1 or offs[0] != 0
                or offs[-1] != len(values) or not _ascending(offs)):
            raise ValueError(f"bad column {_FIELDS[i]}")
        # (a slice of a tuple is a tuple: one object per title, the empty ones all one `()`)
        cols.append(list(map(values.__getitem__, map(slice, offs[:-1], offs[1:]))))
    from functools import partial

    return list(map(partial(tuple.__new__, Title), zip(*cols)))  # (every column is `count` long)
