"""More like this with a user catalog on top of the compiled one (similar/overlay.py): the user's
titles are found from the shipped ones, a replaced shipped title answers with the user's
record, and the shipped index is extended in place of a rebuild, with exactly the arrays a
remake over every title gives."""

from __future__ import annotations

import numpy as np
import pytest

import watchnext
from watchnext.similar.cached import get_index
from watchnext.loader import compile_shipped, load_catalog

USER_TITLES = '''
[[titles]]
id = "wn-oldboy-2003"
title = "Oldboy (director's cut)"
year = 2003
kind = "film"
genres = ["Thriller", "Mystery", "Neo-noir"]
themes = ["revenge", "kidnapping", "octopus"]
directors = ["Park Chan-wook"]
countries = ["Atlantis"]

[[titles]]
id = "my-lady-vengeance-2"
title = "Lady Vengeance 2"
year = 2026
kind = "film"
genres = ["Thriller", "Crime", "Drama"]
themes = ["revenge", "prison", "murder"]
directors = ["Park Chan-wook"]
follows = "wn-lady-vengeance-2005"

[[titles]]
id = "aa-parasite-again"
title = "Parasite"
year = 2019
kind = "film"
genres = ["Thriller", "Drama", "Comedy"]
themes = ["class inequality", "family"]
directors = ["Bong Joon-ho"]

[[titles]]
id = "my-quiet-series"
title = "A Quiet Series"
year = 1988
kind = "series"
genres = ["Drama"]
age_rating = "TV-PG"
'''


def _open(small_catalog_dir, tmp_path):
    compile_shipped(small_catalog_dir)
    user = tmp_path / "user"
    user.mkdir(exist_ok=True)
    (user / "mine.toml").write_text(USER_TITLES, encoding="utf-8")
    cat = load_catalog(small_catalog_dir, user, use_cache=False)
    assert cat._store is not None and len(cat.overlay) == 4
    return cat


@pytest.fixture
def opened(small_catalog_dir, tmp_path):
    return _open(small_catalog_dir, tmp_path)


def _recs(cat, tid, limit=20):
    return [(m.title.id, m.score, m.reasons) for m in watchnext.similar(cat, tid, limit=limit)]


def test_a_user_title_is_more_like_this_of_the_shipped_title_it_follows(opened):
    picks = watchnext.similar(opened, "wn-lady-vengeance-2005", limit=5)
    assert picks[0].title.id == "my-lady-vengeance-2"
    assert picks[0].title.title == "Lady Vengeance 2"
    assert any("Park Chan-wook" in r for r in picks[0].reasons)
    # and back: the user's sequel finds the film it follows first
    back = watchnext.similar(opened, "my-lady-vengeance-2", limit=3)
    assert back[0].title.id == "wn-lady-vengeance-2005"


def test_a_replaced_shipped_title_answers_with_the_users_record(opened):
    # from a shipped title: the pick is the user's record, explained by the user's own fields
    picks = {m.title.id: m for m in watchnext.similar(opened, "wn-lady-vengeance-2005", limit=10)}
    mine = picks["wn-oldboy-2003"]
    assert mine.title.title == "Oldboy (director's cut)"
    assert not any("prison" in r for r in mine.reasons)  # the shipped record's theme is gone
    # as the seed: its own new theme and country are its features
    ix = get_index(opened)
    i = ix.id_to_idx["wn-oldboy-2003"]
    names = {ix.feat_names[f] for f in ix.feats(i)}
    assert "t:octopus" in names and "t:prison" not in names
    assert "Atlantis" in [ix.country_names[b] for b in range(len(ix.country_names))
                          if ix.cmask[i] >> b & 1]
    assert [m.title.id for m in watchnext.similar(opened, "wn-oldboy-2003", limit=3)][0] in (
        "wn-lady-vengeance-2005", "my-lady-vengeance-2")


def test_a_user_copy_of_a_shipped_film_is_not_recommended_for_it(opened):
    """The same work (same title and year) is never its own recommendation."""
    assert "aa-parasite-again" not in [m.title.id for m in
                                        watchnext.similar(opened, "wn-parasite-2019", limit=30)]


def test_the_extended_arrays_are_those_a_remake_over_every_title_gives(opened):
    from watchnext.similar import arrays, smooth

    ix = get_index(opened)
    extended = ix._sets.get("np")
    assert extended is not None  # the stored arrays with the user rows in, not made again
    remade = arrays.make(ix, smooth.TYPE_SCALE)
    assert set(extended) == set(remade)
    for name, a in remade.items():
        b = extended[name]
        if isinstance(a, np.ndarray):
            assert b.dtype == a.dtype and b.shape == a.shape and np.array_equal(a, b), name
        else:
            assert a == b, name
    # and every seed's list is the one the remade arrays give
    seeds = [t.id for t in opened.titles]
    fast = {tid: _recs(opened, tid) for tid in seeds}
    ix._sets.clear()
    ix._sets["np"] = remade
    assert {tid: _recs(opened, tid) for tid in seeds} == fast


def test_without_the_stored_lookups_the_overlay_answers_the_same(small_catalog_dir, tmp_path,
                                                                 monkeypatch):
    """A compiled file without the sorted orders (made before them): dicts and scans instead."""
    from watchnext.similar import packed_overlay

    with_orders = _open(small_catalog_dir, tmp_path)
    seeds = [t.id for t in with_orders.titles]
    expected = {tid: _recs(with_orders, tid) for tid in seeds}
    monkeypatch.setattr(packed_overlay, "read_order", lambda ix, name: None)
    plain = load_catalog(small_catalog_dir, tmp_path / "user", use_cache=False)
    assert {tid: _recs(plain, tid) for tid in seeds} == expected
