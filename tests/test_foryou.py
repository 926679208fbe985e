"""For you (issue 12 item 9): a low rating pushes similar titles down; a kind filter."""

from __future__ import annotations

import pytest

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


def test_recent_and_highly_rated_weigh_more():
    import datetime as dt

    from watchnext.foryou import weight
    from watchnext.watchlist import Entry
    from watchnext.watchlist.diary import Watch

    today = dt.date(2024, 6, 1)

    def e(rating, watched, diary=()):
        return Entry(id="x", title="X", year=2000, status="watched", rating=rating,
                     watched=watched, diary=diary)

    assert weight(e(5, "2024-05-01"), today) > weight(e(4, "2024-05-01"), today)
    assert weight(e(4, "2024-05-01"), today) > weight(e(4, "2020-05-01"), today)
    assert weight(e(4, "2022-06-01"), today) == pytest.approx(weight(e(4, "2024-06-01"), today) / 2,
                                                              rel=0.01)  # HALF_LIFE: 2 years
    twice = e(4, "", (Watch("2023-05-01"), Watch("2024-05-01", rewatch=True)))
    assert weight(twice, today) > weight(e(4, "2024-05-01"), today)


def test_each_pick_says_which_of_your_titles_it_comes_from(small_catalog):
    import datetime as dt

    cat = small_catalog
    today = dt.date(2024, 6, 1)
    recent = entry_for(cat.get("wn-parasite-2019"), status="watched", rating=5,
                       watched="2024-05-20")
    old = entry_for(cat.get("wd-Q10"), status="watched", rating=3.5, watched="2004-01-01")
    picks = for_you(cat, [recent, old], 5, today=today)
    assert picks and all(m.reasons[0].startswith("from your ") for m in picks)
    assert picks[0].reasons[0].startswith("from your Parasite")
    # the same two, the other way round: now Toy Story is the fresh favourite
    recent = entry_for(cat.get("wd-Q10"), status="watched", rating=5, watched="2024-05-20")
    old = entry_for(cat.get("wn-parasite-2019"), status="watched", rating=3.5,
                    watched="2004-01-01")
    picks = for_you(cat, [recent, old], 5, today=today)
    assert picks[0].title.id == "wd-Q11"  # Toy Story 2
    assert picks[0].reasons[0].startswith("from your Toy Story")
