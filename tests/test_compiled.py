"""The compiled catalog answers exactly as the TOML it was compiled from, and is opened, not
loaded."""

from __future__ import annotations

import importlib

import pytest

import watchnext
from watchnext.catalog import columns, compiled
from watchnext.loader import compile_shipped, load_catalog, parse_catalog

QUERIES = ["ballerina", "korean revenge", "jun jong-seo", "balerina", 'theme:"time travel"',
           "kind:series", "revenge -kind:series", "2023", ""]


def _hits(cat, q):
    return [(h.title.id, round(h.score, 3), h.matched) for h in watchnext.search(cat, q, limit=15)]


def _recs(cat, tid):
    return [(m.title.id, round(m.score, 3), m.reasons) for m in watchnext.similar(cat, cat.get(tid), limit=10)]


def test_search_and_similar_are_the_same_from_the_compiled_file(small_catalog_dir, tmp_path):
    out = compile_shipped(small_catalog_dir)
    assert out == small_catalog_dir / compiled.FILE_NAME
    opened = load_catalog(small_catalog_dir, use_cache=False, include_user=False)
    assert opened._store is not None and opened.titles._all is None  # nothing read yet
    parsed = parse_catalog(small_catalog_dir, None)
    parsed.fingerprint = "parsed"
    for q in QUERIES:
        assert _hits(opened, q) == _hits(parsed, q), q
    for t in list(parsed.titles)[:10]:
        assert _recs(opened, t.id) == _recs(parsed, t.id), t.id
    # the compiled indexes were used, and a lookup reads single rows
    assert opened._search_index.__dict__.get("_load_field") is not None
    again = load_catalog(small_catalog_dir, use_cache=False, include_user=False)
    assert again.get("wn-ballerina-2023").title == "Ballerina"
    assert again.find("Ballerina", 2023)[0].id == "wn-ballerina-2023"
    assert again.titles._all is None


def test_the_compiled_file_read_as_a_million_titles_answers_as_the_toml(small_catalog_dir,
                                                                          monkeypatch):
    """What a catalog of a million titles does, on the small one: search's text packed and
    every packed text read in place from the file (stored.py), filters as masks and query
    words as arrays (search/filters.py): the same hits and picks as the parsed TOML."""
    from watchnext.catalog import stored
    from watchnext.search import filters
    from watchnext.search.index import SearchIndex

    parsed = parse_catalog(small_catalog_dir, None)
    parsed.fingerprint = "parsed"
    queries = QUERIES + ["genre:drama -kind:film", "year:2000..2020 true:yes", "squid gam"]
    want = [_hits(parsed, q) for q in queries]
    ids = [t.id for t in parsed.titles]
    recs = [_recs(parsed, t) for t in ids]
    for mod, name in ((SearchIndex, "PACK_MIN"), (stored, "IN_PLACE_FROM"),
                      (filters, "MASKS_FROM")):
        monkeypatch.setattr(mod, name, 0)
    compile_shipped(small_catalog_dir)
    opened = load_catalog(small_catalog_dir, use_cache=False, include_user=False)
    assert [_hits(opened, q) for q in queries] == want
    assert [_recs(opened, t) for t in ids] == recs
    hide = {"exclude_ids": frozenset(ids[::3] + ["wn-no-such-title"])}  # (a watched list)
    for q in ("", "kind:film", "ballerina", "genre:drama"):
        got = [h.title.id for h in watchnext.search(opened, q, limit=15, filters=hide)]
        assert got == [h.title.id for h in watchnext.search(parsed, q, limit=15, filters=hide)]
        assert not set(got) & hide["exclude_ids"]
    # (as asked: in place)
    assert "StoredStrings" in repr(opened._search_index.title_fold)
    assert "StoredArray" in repr(opened._search_index.pos)
    six = opened._similar_index
    assert "StoredArray" in repr(six.follows) and "StoredArray" in repr(six.gmask._ptr)


def test_postings_read_from_the_file_are_forgotten_past_their_budget(small_catalog_dir,
                                                                       monkeypatch):
    """A search field's postings read from the compiled file are remembered up to
    StorePostings.MEMO_BYTES (the oldest forgotten first): a session at a million titles does
    not keep every posting it read; a forgotten one is read again, the same."""
    monkeypatch.setattr(compiled.StorePostings, "MEMO_BYTES", 4)  # (one idx)
    compile_shipped(small_catalog_dir)
    opened = load_catalog(small_catalog_dir, use_cache=False, include_user=False)
    parsed = parse_catalog(small_catalog_dir, None)
    parsed.fingerprint = "parsed"
    for q in QUERIES * 2:
        assert _hits(opened, q) == _hits(parsed, q), q
    fields = [v for v in opened._search_index.__dict__.values()
              if isinstance(v, compiled.StorePostings)]
    assert fields
    for field in fields:
        kept = [v for v in field._memo.values() if v is not None]
        assert sum(4 * len(v) for v in kept) <= 4 or len(kept) == 1


def test_every_title_read_at_once_is_the_parsed_one(small_catalog_dir):
    compile_shipped(small_catalog_dir)
    opened = load_catalog(small_catalog_dir, use_cache=False, include_user=False)
    parsed = parse_catalog(small_catalog_dir, None)
    got = opened._store.all_titles()
    assert got == list(parsed.titles)
    for a, b in zip(got, parsed.titles):  # the same types too: lists of names are tuples
        assert type(a) is type(b) and [type(x) for x in a] == [type(x) for x in b]
    assert columns.unpack_columns(columns.pack_columns([]), 0) == []


def test_a_damaged_titles_column_is_refused_in_one_line(small_catalog_dir):
    import sqlite3
    from array import array

    from watchnext.catalog import codec
    from watchnext.errors import CatalogError

    out = compile_shipped(small_catalog_dir)
    con = sqlite3.connect(out)
    good = con.execute("SELECT data FROM blobs WHERE name = 'titles'").fetchone()[0]
    n = con.execute("SELECT COUNT(*) FROM titles").fetchone()[0]
    value = codec.decode(good)
    bad_code = dict(value, cols=[(c[0], c[1], array("i", [10**6] * len(c[2])), *c[3:])
                                 if c[0] == "str" else c for c in value["cols"]])
    bad_offs = dict(value, cols=[(*c[:3], array("i", [0] * len(c[3])))
                                 if c[0] == "list" else c for c in value["cols"]])
    for data in (good[:-5], codec.encode(bad_code), codec.encode(bad_offs),
                 codec.encode(dict(value, count=n + 1))):
        with pytest.raises(ValueError):
            columns.unpack_columns(data, n)
        with con:
            con.execute("UPDATE blobs SET data = ? WHERE name = 'titles'", (data,))
        cat = load_catalog(small_catalog_dir, use_cache=False, include_user=False)
        with pytest.raises(CatalogError, match="damaged") as err:
            list(cat.titles)
        assert str(out) in str(err.value) and "\n" not in str(err.value)
    con.close()


def _pickle_like(data: bytes) -> bool:
    return isinstance(data, bytes) and data[:1] == b"\x80" and data[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05")


def test_the_compiled_file_is_data_and_every_index_blob_reads_as_data(small_catalog_dir):
    import json
    import sqlite3

    from watchnext.catalog import codec
    from watchnext.catalog.packed import unpack_masks, unpack_strings

    out = compile_shipped(small_catalog_dir)
    con = sqlite3.connect(out)
    names = {n for (n,) in con.execute("SELECT name FROM blobs")}
    assert "rows" not in names and "titles" in names  # (every title: columns, not a pickle)
    manifests = {n: json.loads(d) for n, d in con.execute("SELECT name, data FROM blobs")
                 if n.endswith((":fields", ":keyed", ":packed"))}
    assert manifests
    fields = {f"{n.rsplit(':', 1)[0]}:{f}" for n, v in manifests.items() if n.endswith(":fields")
              for f in v}
    for name, data in con.execute("SELECT name, data FROM blobs"):
        if name not in fields:  # (the manifests, and raw arrays the similar index adds itself)
            continue
        assert not _pickle_like(data), name
        for read in (codec.decode, unpack_strings, unpack_masks):
            try:
                read(data)
                break
            except ValueError:
                pass
        else:
            raise AssertionError(f"{name} is not data we read")
    for (data,) in con.execute("SELECT data FROM post"):
        assert len(data) % 4 == 0
    con.close()


def test_an_edit_after_compiling_is_seen(small_catalog_dir):
    compile_shipped(small_catalog_dir)
    f = small_catalog_dir / "titles" / "small.toml"
    f.write_text(f.read_text(encoding="utf-8").replace('title = "Oldboy"', 'title = "Old Boy"'),
                 encoding="utf-8")
    cat = load_catalog(small_catalog_dir, include_user=False)
    assert cat.get("wn-oldboy-2003").title == "Old Boy"


@pytest.mark.slow
def test_the_shipped_compiled_catalog_matches_its_sources(shipped_catalog):
    from watchnext import paths

    shipped = paths.shipped_catalog_dir()
    store = compiled.open_store(shipped / compiled.FILE_NAME, compiled.source_key(shipped))
    if store is None:
        pytest.skip("catalog/catalog.sqlite is not compiled from the current files (run make)")
    assert shipped_catalog._store is None or shipped_catalog._store.path == store.path
    parsed = parse_catalog(shipped, None)
    parsed.fingerprint = "parsed"
    opened = load_catalog(shipped, use_cache=False, include_user=False)
    for q in ["heat", "money heist", "korean revenge", "tom hanks", 'theme:"time travel" kind:series']:
        assert _hits(opened, q) == _hits(parsed, q), q
    for name, year in [("Parasite", 2019), ("Stranger Things", 2016), ("Toy Story", 1995)]:
        tid = parsed.resolve(name, year).id
        assert _recs(opened, tid) == _recs(parsed, tid), name


USER_TITLES = '''
[[titles]]
id = "wn-oldboy-2003"
title = "Oldboy (director's cut)"
year = 2003
kind = "film"
genres = ["Thriller", "Mystery"]
themes = ["revenge", "imprisonment"]
directors = ["Park Chan-wook"]

[[titles]]
id = "my-ballerina-short"
title = "Ballerina Dreams"
year = 2024
kind = "film"
genres = ["Drama"]
themes = ["ballet", "revenge"]
cast = ["Jeon Jong-seo"]

[[titles]]
id = "my-toy-story-5"
title = "Toy Story 5"
year = 2026
kind = "film"
genres = ["Animation", "Family"]
follows = "wd-Q11"
'''


@pytest.fixture
def overlay(small_catalog_dir, tmp_path):
    """The small catalog compiled, with user titles on top (one replaces a shipped title)."""
    compile_shipped(small_catalog_dir)
    user = tmp_path / "user"
    user.mkdir()
    (user / "mine.toml").write_text(USER_TITLES, encoding="utf-8")
    opened = load_catalog(small_catalog_dir, user, use_cache=False)
    merged = parse_catalog(small_catalog_dir, user)
    merged.fingerprint = "merged"
    return opened, merged


def test_user_titles_are_an_overlay_on_the_compiled_file(overlay):
    opened, merged = overlay
    assert opened._store is not None and len(opened.overlay) == 3
    assert opened.titles._all is None  # the shipped rows stay in the file
    assert len(opened) == len(merged)
    assert sorted(t.id for t in opened.titles) == sorted(t.id for t in merged.titles)
    # the user's record replaces the shipped one everywhere
    assert opened.get("wn-oldboy-2003").title == "Oldboy (director's cut)"
    assert opened.find("Oldboy") == []  # the shipped name no longer finds it
    assert opened.resolve("Oldboy (director's cut)").id == "wn-oldboy-2003"
    assert opened.resolve("Toy Story 5").id == "my-toy-story-5"
    assert opened.get("wd-Q1").title == "John Wick"  # the others still read from the file


def test_search_over_an_overlay_answers_as_one_catalog(overlay):
    opened, merged = overlay
    for q in [*QUERIES, "oldboy", "dreams", "toy story", "park chan-wook"]:
        assert [h[0] for h in _hits(opened, q)] == [h[0] for h in _hits(merged, q)], q
    ids = [h.title.id for h in watchnext.search(opened, "ballerina", limit=20)]
    assert "my-ballerina-short" in ids
    assert [h.title.title for h in watchnext.search(opened, "oldboy", limit=3)][0] == "Oldboy (director's cut)"


def test_more_like_this_over_an_overlay_answers_as_one_catalog(overlay):
    opened, merged = overlay
    # (the user titles' weights use the shipped titles' frequencies: on 20 titles, three more
    # move scores a few percent, so the best three are compared, and the scores loosely)
    for tid in ["wn-oldboy-2003", "my-toy-story-5", "my-ballerina-short", "wd-Q10", "nf-s100"]:
        a = watchnext.similar(opened, tid, limit=3)
        b = watchnext.similar(merged, tid, limit=3)
        assert [m.title.id for m in a] == [m.title.id for m in b], tid
        assert all(abs(x.score - y.score) <= 0.06 * abs(y.score) for x, y in zip(a, b)), tid
    # the sequel a user added is found from the shipped film it follows
    picks = [m.title.id for m in watchnext.similar(opened, "wd-Q11", limit=3)]
    assert picks[:2] == ["wd-Q10", "my-toy-story-5"] or picks[:2] == ["my-toy-story-5", "wd-Q10"]
    assert opened.__dict__.get("_similar_index") is not None  # extended, not rebuilt


@pytest.mark.slow
def test_an_overlay_on_the_shipped_catalog_answers_as_one_catalog(tmp_path):
    from watchnext import paths

    shipped = paths.shipped_catalog_dir()
    if compiled.open_store(shipped / compiled.FILE_NAME, compiled.source_key(shipped)) is None:
        pytest.skip("no compiled shipped catalog (run make)")
    user = tmp_path / "user"
    user.mkdir()
    (user / "mine.toml").write_text(USER_TITLES.replace("wd-Q11", "wd-Q171048"), encoding="utf-8")
    opened = load_catalog(shipped, user, use_cache=False)
    merged = parse_catalog(shipped, user)
    merged.fingerprint = ""
    assert opened.overlay and merged.get("my-toy-story-5") is not None
    for q in ["ballerina", "oldboy", "toy story", "korean revenge", "ballerina dreams", ""]:
        assert [h[0] for h in _hits(opened, q)] == [h[0] for h in _hits(merged, q)], q
    for tid in ["my-ballerina-short", "wn-oldboy-2003", "nf-s100"]:
        # (the user titles' weights use the shipped frequencies, so two picks a hair apart
        # may swap: the best three are compared as a set, their scores within 1%)
        xs = watchnext.similar(opened, tid, limit=10)
        ys = watchnext.similar(merged, tid, limit=10)
        a, b = [m.title.id for m in xs], [m.title.id for m in ys]
        assert len(set(a) & set(b)) >= 9 and set(a[:3]) == set(b[:3]), tid
        assert all(abs(x.score - y.score) <= 0.01 * abs(y.score) for x, y in zip(xs[:3], ys[:3])), tid
