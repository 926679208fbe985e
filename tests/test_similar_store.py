"""More like this from the compiled catalog: its arrays and text are stored as plain data (raw
arrays, packed text), read without rebuilding, and a damaged part is refused or made again,
never read wrong."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

import watchnext
from watchnext.cli import main
from watchnext.catalog.packed import (PackedLookup, PackedMasks, PackedStrings, pack_masks, pack_strings,
    unpack_masks, unpack_strings)
from watchnext.catalog.stored import stored_array, stored_masks, stored_strings
from watchnext.loader import compile_shipped, load_catalog, parse_catalog
from watchnext.similar import arrays, smooth
from watchnext.similar.cached import get_index
from watchnext.similar.features import INDEX_VERSION


def test_packed_text_reads_back_as_the_list_it_was():
    items = ["wn-b", "Jeon Jong-seo", "전종서", "", "a:é", "wn-a"]
    strings, order = unpack_strings(pack_strings(items, with_order=True))
    assert list(strings) == items and strings == items and len(strings) == 6
    assert strings[2] == "전종서" and strings[-1] == "wn-a" and strings[1:3] == items[1:3]
    with pytest.raises(IndexError):
        strings[6]
    lookup = PackedLookup(strings, order)
    assert all(lookup[s] == i for i, s in enumerate(items))
    assert lookup.get("wn-c") is None and "wn-c" not in lookup and lookup.get(3) is None
    assert dict(lookup) == {s: i for i, s in enumerate(items)}
    assert unpack_strings(pack_strings([]))[0] == []
    assert list(unpack_strings(pack_strings(["ab", "", "c"]))[0]) == ["ab", "", "c"]  # ASCII
    assert unpack_masks(pack_masks([0, 0, 3])).tolist() == [0, 0, 3]
    masks = [0, 1, 6, 1 << 140 | 5, 2 ** 63]
    got = unpack_masks(pack_masks(masks))
    assert got == masks and got[3] == masks[3] and got[-1] == 2 ** 63 and len(got) == 5
    for bad in (pack_masks(masks)[:-2], b"PMK1" + pack_masks(masks)[4:10]):
        with pytest.raises(ValueError):
            unpack_masks(bad)


@pytest.mark.parametrize("damage", [
    lambda b: b[:-1],                                   # truncated
    lambda b: b"XXXX" + b[4:],                          # not ours
    lambda b: b[:12] + b"\xff" * 8 + b[20:],            # an offset out of range
    lambda b: b[:-4] + "é".encode()[:1] + b[-3:],       # not UTF-8
])
def test_damaged_packed_text_is_refused(damage):
    blob = pack_strings(["wn-one", "wn-two", "the third é"], with_order=True)
    with pytest.raises(ValueError):
        unpack_strings(damage(blob))


def _in_place(blob: bytes):
    """pack_strings' bytes as the compiled file holds them: an open SQLite blob."""
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE b(data BLOB)")
    con.execute("INSERT INTO b VALUES (?)", (blob,))
    return con.blobopen("b", "data", 1, readonly=True)


@pytest.fixture
def in_place(monkeypatch):
    """Packed text read in place however short (stored.IN_PLACE_FROM: a million titles)."""
    from watchnext.catalog import stored

    monkeypatch.setattr(stored, "IN_PLACE_FROM", 0)


def test_packed_text_read_in_place_is_the_list_it_was(in_place):
    items = ["wn-b", "Jeon Jong-seo", "전종서", "", "a:é", "wn-a"]
    strings, order = stored_strings(_in_place(pack_strings(items, with_order=True)), ValueError)
    assert list(strings) == items and strings == items and len(strings) == 6
    assert [strings[k] for k in range(6)] == items and strings[-1] == "wn-a"
    assert strings[1:3] == items[1:3]
    with pytest.raises(IndexError):
        strings[6]
    lookup = PackedLookup(strings, order)
    assert all(lookup[s] == i for i, s in enumerate(items)) and lookup.get("wn-c") is None
    assert list(stored_strings(_in_place(pack_strings(["ab", "", "c"])), ValueError)[0]) == ["ab", "", "c"]


def test_arrays_and_masks_read_in_place_are_what_was_stored(in_place):
    from array import array

    from watchnext.catalog import codec

    for code, items in (("i", [5, -1, 0, 2 ** 31 - 1, 7]), ("h", [3, -2]), ("f", [0.5, 2.0]),
                        ("q", [2 ** 40, -3]), ("i", [])):
        a = array(code, items)
        got = stored_array(_in_place(codec.encode(a)))
        assert got is not None and len(got) == len(a) and list(got) == list(a)
        assert got[1:3] == a[1:3] and got[::2] == a[::2] and got[:] == a
        if a:
            assert got[0] == a[0] and got[-1] == a[-1]
        with pytest.raises(IndexError):
            got[len(a)]
    assert stored_array(_in_place(codec.encode({"not": "an array"}))) is None  # (read whole)
    masks = [0, 1, 6, 1 << 140 | 5, 2 ** 63, 0]
    got = stored_masks(_in_place(pack_masks(masks)), ValueError)
    assert got == masks and got[3] == masks[3] and len(got) == 6 and got.tolist() == masks
    bad = bytearray(pack_masks(masks))
    bad[16:20] = (99).to_bytes(4, "little")  # an offset past the next one
    with pytest.raises(ValueError):
        stored_masks(_in_place(bytes(bad)), ValueError)


@pytest.mark.parametrize("damage, bad_at", [
    (lambda b: b[:-1], None),                                   # truncated: refused at once
    (lambda b: b"XXXX" + b[4:], None),                          # not ours
    (lambda b: b[:20] + b"\xff" * 8 + b[28:], 0),               # an offset out of range
    (lambda b: b[:-4] + "é".encode()[:1] + b[-3:], 2),          # not UTF-8
])
def test_damaged_packed_text_read_in_place_is_refused_where_read(damage, bad_at, in_place):
    blob = damage(pack_strings(["wn-one", "wn-two", "the third é"], with_order=True))
    if bad_at is None:
        with pytest.raises(ValueError):
            stored_strings(_in_place(blob), ValueError)
        return
    strings, _ = stored_strings(_in_place(blob), ValueError)
    with pytest.raises(ValueError):
        strings[bad_at]
    with pytest.raises(ValueError):
        list(strings)


def _recs(cat, tid):
    return [(m.title.id, m.score, m.reasons) for m in watchnext.similar(cat, cat.get(tid), limit=10)]


@pytest.mark.parametrize("read_in_place", [False, True])
def test_the_compiled_similar_index_is_read_not_rebuilt(small_catalog_dir, read_in_place, request):
    if read_in_place:
        request.getfixturevalue("in_place")
    compile_shipped(small_catalog_dir)
    opened = load_catalog(small_catalog_dir, use_cache=False, include_user=False)
    parsed = parse_catalog(small_catalog_dir, None)
    parsed.fingerprint = "parsed"
    first = [t.id for t in list(parsed.titles)[:8]]
    assert [_recs(opened, t) for t in first] == [_recs(parsed, t) for t in first]
    ix = get_index(opened)
    # text packed, ids found by binary search, the ranker's arrays as stored
    assert isinstance(ix.ids, PackedStrings) and isinstance(ix.id_to_idx, PackedLookup)
    assert isinstance(ix.feat_names, PackedStrings) and isinstance(ix.tfold, PackedStrings)
    # (read in place from the file, not loaded: at a million titles)
    assert ("StoredStrings" in repr(ix.ids)) == read_in_place
    assert isinstance(ix.cmask, PackedMasks) and ix.cmask == get_index(parsed).cmask
    assert ix.ids == get_index(parsed).ids
    stored = arrays.stored(ix)
    assert stored is not None
    made = arrays.make(get_index(parsed), smooth.TYPE_SCALE)
    assert set(stored) == set(made)
    for name in made:
        assert np.array_equal(np.asarray(stored[name]), np.asarray(made[name])), name


def _damage(cat, name: str, data: bytes) -> None:
    con = sqlite3.connect(cat._store.path)
    with con:
        con.execute("UPDATE blobs SET data = ? WHERE name = ?", (data, f"similar-v{INDEX_VERSION}:{name}"))
    con.close()


def test_damaged_stored_arrays_are_made_again(small_catalog_dir):
    compile_shipped(small_catalog_dir)
    cat = load_catalog(small_catalog_dir, use_cache=False, include_user=False)
    tid = list(cat.titles)[0].id
    want = _recs(cat, tid)
    for name, data in (("np:GnU", b"\x00" * 3), ("np:g_inv", b"\xff" * 4 * len(cat.titles)),
                       ("np", b"{not json")):
        compile_shipped(small_catalog_dir)
        again = load_catalog(small_catalog_dir, use_cache=False, include_user=False)
        _damage(again, name, data)
        again = load_catalog(small_catalog_dir, use_cache=False, include_user=False)
        assert arrays.stored(get_index(again)) is None, name  # refused: out of range, short
        assert _recs(again, tid) == want, name  # and made from the index's fields


def test_damaged_packed_text_says_the_file_is_damaged(use_small_catalog, capsys):
    compile_shipped(use_small_catalog)
    cat = load_catalog()
    assert get_index(cat).__dict__.get("_read_blob") is not None  # from the compiled file
    _damage(cat, "feat_names", b"PST1 not really")
    assert main(["similar", "Oldboy", "--limit", "3"]) == 1
    err = capsys.readouterr().err
    assert str(cat._store.path) in err and "damaged" in err and len(err.strip().splitlines()) == 1


def test_bit_lists_of_masks_with_many_countries():
    """Countries and languages past the 63rd bit still count: each title lists its bits in
    order, each bit its titles in order, bits at or past nbits left out."""
    masks = [0b101, 0, 1 << 70 | 1 << 2, 1 << 63, 1 << 200]
    post_ptr, post, ptr, bits = arrays._bit_csr(masks, 80)
    per_title = [bits[ptr[j]:ptr[j + 1]].tolist() for j in range(len(masks))]
    assert per_title == [[0, 2], [], [2, 70], [63], []]
    assert post[post_ptr[2]:post_ptr[3]].tolist() == [0, 2]
    assert post[post_ptr[70]:post_ptr[71]].tolist() == [2] and len(post_ptr) == 81


def test_the_large_arrays_are_read_in_chunks_where_used(small_catalog_dir, monkeypatch):
    from watchnext.similar import chunked

    monkeypatch.setattr(chunked, "CHUNK", 64)  # (many chunks, and spans across them)
    monkeypatch.setattr(chunked, "KEEP", 2)
    compile_shipped(small_catalog_dir)
    opened = load_catalog(small_catalog_dir, use_cache=False, include_user=False)
    parsed = parse_catalog(small_catalog_dir, None)
    parsed.fingerprint = "parsed"
    ids = [t.id for t in parsed.titles]
    assert [_recs(opened, t) for t in ids] == [_recs(parsed, t) for t in ids]
    ix = get_index(opened)
    for name in arrays.CHUNKED:
        field = getattr(ix, name)
        del ix.__dict__[name]
        assert isinstance(field, chunked.ChunkedField), name  # not read whole
        value = ix._load_field(name)  # the field read whole
        assert field[:] == value and field[3:29] == value[3:29] and field[-1] == value[-1], name
        assert np.array_equal(np.asarray(field), np.asarray(value)), name


def test_a_damaged_chunk_says_the_file_is_damaged(use_small_catalog, capsys):
    from watchnext.similar import chunked

    compile_shipped(use_small_catalog)
    cat = load_catalog()
    ix = get_index(cat)
    ix.__dict__.pop("p_idx", None)
    n = min(chunked.CHUNK, len(ix._load_field("p_idx")))
    _damage(cat, "np:chunk:p_idx:0", b"\xff" * 4 * n)  # indexes out of range
    assert main(["similar", "Oldboy", "--limit", "3"]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "p_idx" in err and len(err.strip().splitlines()) == 1


def test_a_file_without_chunks_reads_the_fields_whole(small_catalog_dir):
    """A compiled file made before the chunks: the same answers, from the whole fields."""
    import json

    compile_shipped(small_catalog_dir)
    cat = load_catalog(small_catalog_dir, use_cache=False, include_user=False)
    ids = [t.id for t in cat.titles]
    want = [_recs(cat, t) for t in ids]
    prefix = f"similar-v{INDEX_VERSION}:"
    manifest = json.loads(cat._store.blob(prefix + "np"))
    del manifest["chunked"]
    _damage(cat, "np", json.dumps(manifest).encode())
    con = sqlite3.connect(cat._store.path)
    with con:
        con.execute("DELETE FROM blobs WHERE name LIKE ?", (prefix + "np:chunk:%",))
    con.close()
    old = load_catalog(small_catalog_dir, use_cache=False, include_user=False)
    assert [_recs(old, t) for t in ids] == want
    ix = get_index(old)
    assert arrays.stored(ix) is not None and type(ix.t_fid).__name__ == "array"


@pytest.mark.parametrize("chunk", [7, 1 << 16])
def test_a_flag_term_adds_exactly_what_its_float64_array_added(chunk, monkeypatch):
    """smooth._add_flags, a chunk at a time, gives the scores bit for bit that adding the whole
    float64 term (value * flags) to the float32 scores gave: the same picks in the same order."""
    monkeypatch.setattr(smooth, "_CHUNK", chunk)
    rng = np.random.default_rng(4)
    base = (rng.standard_normal(1000) * 5).astype(np.float32)
    kinds = rng.integers(0, 2, 1000).astype(np.uint8)
    for flags, value in ((kinds == 1, smooth.W_KIND), (kinds, smooth.W_TRUE), (kinds, 0.8),
                         (kinds, -smooth.KIDS_ADULT_PENALTY), (kinds == 0, smooth.W_KIND_SERIES)):
        want = base.copy()
        if value < 0:
            want -= -value * flags
        else:
            want += value * flags
        got = base.copy()
        smooth._add_flags(got, flags, value)
        assert np.array_equal(got.view(np.int32), want.view(np.int32)), value
