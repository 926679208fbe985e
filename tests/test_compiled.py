"""The compiled catalog answers exactly as the TOML it was compiled from, and is opened, not
loaded."""

from __future__ import annotations

import importlib

import pytest

import watchnext
from watchnext import compiled
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
