"""For you (issue 12 item 9): a low rating pushes similar titles down; a kind filter."""

from __future__ import annotations

from watchnext.foryou import for_you
from watchnext.watchlist import entry_for


def ids(matches) -> list[str]:
    return [m.title.id for m in matches]


def test_a_low_rating_pushes_similar_titles_down(small_catalog):
    from watchnext.similar import similar

    cat = small_catalog
    liked = [entry_for(cat.get("wn-parasite-2019"), status="watched", rating=5)]
    plain = ids(for_you(cat, liked, 20))
    # rate the first pick ½: it leaves the picks (it is on the list), and the pick most like it
    # goes down (without the signal it would move up one place, as everything after it does)
    first = cat.get(plain[0])
    moved = next(i for i in ids(similar(cat, first, 20)) if i in plain[1:])
    pushed = ids(for_you(cat, liked + [entry_for(first, status="watched", rating=0.5)], 20))
    assert first.id not in pushed
    assert pushed.index(moved) >= plain.index(moved)


def test_kind_keeps_films_or_series_only(small_catalog):
    cat = small_catalog
    liked = [entry_for(cat.get("wn-parasite-2019"), status="watched", rating=5)]
    assert {m.title.kind for m in for_you(cat, liked, 20, kind="series")} == {"series"}
    assert {m.title.kind for m in for_you(cat, liked, 20, kind="film")} == {"film"}
