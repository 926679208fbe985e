"""Index fields stored as data (catalog/codec.py): every shape the indexes hold comes back as it
was, types and all; anything else (damaged, cut short, a pickle) is a ValueError, never a wrong
value, another exception or code run."""

from __future__ import annotations

import os
import pickle
import random
from array import array

import pytest

from watchnext.catalog import codec
from watchnext.search.index import Postings

VALUES = [
    0, -5, 2**70, 1.25, "", "Ballerina 발레리나", None, True,
    array("i", [3, -1, 7]), array("h"), array("f", [0.5, 1.5]), array("d", [1e300]),
    array("q", [2**40]), array("b", [-3]), array("H", [65535]),
    b"\x00\x01\xff", b"",
    ["a", "b"], [f"word{i}" for i in range(500)] + ["é", ""], [1.5, 0.25], [True, False],
    {"jeon jong seo": "jun jong seo", **{f"alias {i}": f"name {i}" for i in range(100)}},
    {"drama": [("genre", "Drama")], "korean": [("country", "South Korea"), ("lang", "Korean")]},
    {5: ["abcde", "fghij"], 7: ["abcdefg"]},
    {3: [(4, 0.5), (9, 0.25)]}, {12: [1, 2]},
    [array("i", [1, 2]), array("i")],
    {"k": {"nested": [1, {"x": "y"}]}},
    (1, "two", array("i", [3])),
    [(1, 2), (3, 4)],
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_every_shape_comes_back_as_it_was(value):
    got = codec.decode(codec.encode(value))
    assert type(got) is type(value) and got == value
    if isinstance(value, dict):
        for k, v in value.items():
            assert type(k) is type(next(x for x in got if x == k))
            assert type(got[k]) is type(v)
            if isinstance(v, list):
                assert [type(x) for x in got[k]] == [type(x) for x in v]


def test_postings_come_back_key_by_key():
    p = Postings({"drama": [1, 5, 9], "noir": [], 2023: [0, 4]})
    got = codec.decode(codec.encode(p))
    assert isinstance(got, Postings) and list(got) == ["drama", "noir", 2023]
    assert list(got["drama"]) == [1, 5, 9] and list(got[2023]) == [0, 4] and got.size("noir") == 0
    assert got.get("missing") is None


def test_what_is_not_data_is_not_stored():
    class Thing:
        pass

    for v in (Thing(), {1, 2}, lambda: 0, array("u", "x")):
        with pytest.raises(ValueError):
            codec.encode(v)


class _Boom:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_pickle_is_refused_and_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    for data in (pickle.dumps(_Boom(marker)), pickle.dumps([1, 2]),
                 codec.MAGIC + pickle.dumps(_Boom(marker)), b"", b"WNC1", "text"):
        with pytest.raises(ValueError):
            codec.decode(data)
    assert not marker.exists()


def test_a_damaged_blob_is_a_value_error_never_another_error():
    good = codec.encode({"names": [f"n{i}" for i in range(100)], "pos": array("i", range(50)),
                         "post": Postings({"a": [1, 2], "b": [3]}), "phrases": {"x": [("a", "b")]}})
    rng = random.Random(9)
    for cut in range(0, len(good), 7):  # cut short anywhere
        with pytest.raises(ValueError):
            codec.decode(good[:cut])
    for _ in range(400):  # bytes flipped anywhere: the same value back, or a ValueError
        b = bytearray(good)
        for _ in range(rng.randint(1, 3)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        try:
            codec.decode(bytes(b))
        except ValueError:
            pass


@pytest.mark.parametrize("header", [
    b'{"parts":[4],"v":{"a":["u",0]}}',          # an array type we never write
    b'{"parts":[3],"v":{"a":["i",0]}}',          # an int array cut short
    b'{"parts":[],"v":{"b":0}}',                 # a part that is not there
    b'{"parts":[4],"v":{"x":0}}',                # an unknown shape
    b'{"parts":[4,4],"v":{"P":[{"j":["a"]},0,1]}}',  # postings whose offsets do not fit
    b'{"parts":[4],"v":{"j":1,"b":0}}',          # two shapes in one
    b'{"parts":[],"v":{"dlt":{"x":[["a","b"],"c"]}}}',  # a map of tuples with a text among them
    b'{"parts":[],"v":{"dlt":{"x":"ab"}}}',      # ... a text for its list
    b'{"parts":[],"v":{"dlt":[["x",[["a"]]]]}}',  # ... a list for its map
    b'[1,2]',
])
def test_a_crafted_header_is_refused(header):
    import struct

    parts = b"\x00\x00\x00\x00" * 2
    sizes = __import__("json").loads(header).get("parts", []) if header.startswith(b"{") else []
    blob = struct.pack("<4sI", codec.MAGIC, len(header)) + header + parts[:sum(sizes)]
    with pytest.raises(ValueError):
        codec.decode(blob)


def test_a_big_packed_list_is_checked_as_a_small_one():
    """Past 200,000 strings packed text is checked with numpy: the same values back, the same
    damage refused (an offset inside a character, offsets out of order, a bad sorted order)."""
    import struct

    from watchnext.catalog import packed

    words = [("é" * (i % 3)) + str(i) for i in range(packed._NUMPY_FROM + 5)]
    blob = packed.pack_strings(words, True)
    strings, order = packed.unpack_strings(blob)
    assert list(strings) == words and [words[i] for i in order] == sorted(words)
    at = packed._HEAD.size
    inside = bytearray(blob)
    inside[at + 8 * 2:at + 8 * 3] = struct.pack("<q", 2)  # string 2 starts inside the "é" of 1
    swapped = bytearray(blob)
    swapped[at + 8 * 4:at + 8 * 6] = blob[at + 8 * 5:at + 8 * 6] + blob[at + 8 * 4:at + 8 * 5]
    twice = bytearray(blob)
    end_off = at + 8 * (len(words) + 1)
    twice[end_off:end_off + 4] = blob[end_off + 4:end_off + 8]
    for bad in (inside, swapped, twice, blob[:-1]):
        with pytest.raises(ValueError):
            packed.unpack_strings(bytes(bad))
