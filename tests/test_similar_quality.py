"""More like this, quality rules a fan would notice (the smooth ranker, smooth.py; reasons.py):
a shared country or language is weak evidence alone, reasons are never filler."""

from __future__ import annotations

import pytest

from watchnext import paths
from watchnext.catalog import Catalog
from watchnext.model import Title
from watchnext.similar import get_index, score_pair, similar


def _catalog() -> Catalog:
    T = Title
    kr = dict(countries=("South Korea",), languages=("Korean",))
    us = dict(countries=("United States",), languages=("English",))
    titles = [
        T(id="seed", title="Night Hunt", year=2020, kind="film", genres=("Thriller", "Crime"), **kr),
        T(id="kr-thriller", title="Cold Trail", year=2020, kind="film", genres=("Thriller", "Crime"), **kr),
        T(id="us-thriller", title="Cold Case", year=2020, kind="film", genres=("Thriller", "Crime"), **us),
        T(id="kr-romance", title="Spring Letters", year=2020, kind="film", genres=("Romance", "Comedy"), **kr),
        T(id="us-romance", title="Summer Letters", year=2020, kind="film", genres=("Romance", "Comedy"), **us),
    ]
    for k in range(12):  # the rest of the catalog: other countries, other genres
        titles.append(T(id=f"fill-{k}", title=f"Filler {k}", year=1990 + k, kind="film",
                        genres=(("Drama",), ("Western",), ("Documentary",))[k % 3],
                        countries=(("United States",), ("France",), ("Japan",))[k % 3]))
    return Catalog(titles=titles)


def test_a_shared_country_counts_less_when_no_genre_is_shared():
    """A Korean thriller's fan: being Korean lifts another Korean thriller more than it lifts a
    Korean romantic comedy ("Korean 2020s" lists are not what the fan asked for)."""
    cat = _catalog()

    def lift(same_country: str, other_country: str) -> float:
        return score_pair(cat, "seed", same_country).score - score_pair(cat, "seed", other_country).score

    same_genres = lift("kr-thriller", "us-thriller")
    other_genres = lift("kr-romance", "us-romance")
    assert same_genres > 0 and other_genres >= 0
    assert other_genres < 0.5 * same_genres
    top = [m.title.id for m in similar(cat, "seed", limit=3)]
    assert top[:2] == ["kr-thriller", "us-thriller"]


def _plain_reasons(cat, limit: int = 10):
    for t in cat.titles:
        for m in similar(cat, t, limit=limit):
            yield t, m, m.reasons


def test_reasons_are_never_the_era_or_one_common_genre_alone(small_catalog):
    """'also from the 2010s' and 'both Drama' say nothing a person can use: a genre is a reason
    only when rare (anime, stand-up) or when at least two are shared; nothing is said twice
    ('both Kids' and 'also for kids', a 'true story' theme and 'also based on a true story')."""
    ix = get_index(small_catalog)
    rare = {g for g, r in zip(ix.genre_names, ix.genre_rare) if r}
    seen_genres = 0
    for t, m, reasons in _plain_reasons(small_catalog):
        for r in reasons:
            assert not r.startswith("also from the "), (t.id, m.title.id, r)
            if r.startswith("both "):
                seen_genres += 1
                genres = r[5:].split(" · ")[0]
                if " and " not in genres:
                    assert genres in rare, (t.id, m.title.id, r)
        said = " | ".join(reasons)  # nothing said twice
        if "also for kids" in reasons:
            assert not any(r.startswith("both ") and ("Kids" in r or "Family" in r) for r in reasons), said
        if "also based on a true story" in reasons:
            assert not any(r.startswith("themes: ") and "true story" in r for r in reasons), said
    assert seen_genres > 0


needs_shipped = pytest.mark.skipif(
    not any((paths.shipped_catalog_dir() / "titles").glob("*.toml")),
    reason="the shipped catalog is not built")


@needs_shipped
def test_shipped_reasons_name_small_studios_not_the_majors(shipped_catalog):
    """'same studio: Pixar' tells a fan something; 'same studio: Warner Bros.' (hundreds of
    titles) is filler. And a sitcom's picks are not explained by 'both Comedy' alone."""
    cat = shipped_catalog
    inception = similar(cat, cat.resolve("Inception", 2010), limit=20)
    assert inception and not any("Warner Bros." in r for m in inception for r in m.reasons)
    toy = similar(cat, cat.resolve("Toy Story", 1995), limit=20)
    assert any(r.startswith("same studio: Pixar") for m in toy for r in m.reasons)
    assert not any("Pixar, Pixar Animation Studios" in r for m in toy for r in m.reasons)
    crown = similar(cat, cat.resolve("The Crown", 2016), limit=10)
    for m in crown:  # "themes: true story, ..." is not said again as "also based on a true story"
        if any(r.startswith("themes: ") and "true story" in r for r in m.reasons):
            assert "also based on a true story" not in m.reasons, m.reasons
    office = similar(cat, cat.resolve("The Office (U.S.)", 2005), limit=10)
    assert office and not any(r.split(" · ")[0] == "both Comedy" for m in office for r in m.reasons)


def test_language_versions_of_one_work_are_no_picks():
    """'Boomika (Hindi)' is Boomika dubbed: no pick for a fan of Boomika, and for a fan of
    another thriller the work is listed once, not once per language."""
    T = Title
    base = dict(year=2021, kind="film", genres=("Horror", "Thriller"), countries=("India",),
                themes=("haunted house", "forest"))
    titles = [T(id="b", title="Boomika", languages=("Tamil",), **base),
              T(id="b-hi", title="Boomika (Hindi)", languages=("Hindi",), **base),
              T(id="b-te", title="Boomika (Telugu)", languages=("Telugu",), **base),
              T(id="host", title="The Host", year=2006, kind="film", genres=("Horror",)),
              T(id="host-sub", title="The Host (English Subtitled)", year=2006, kind="film",
                genres=("Horror",)),
              T(id="other", title="Night Forest", languages=("Tamil",), **base)]
    titles += [T(id=f"f{k}", title=f"Filler {k}", year=2000 + k, kind="film", genres=("Comedy",))
               for k in range(8)]
    cat = Catalog(titles=titles)
    picks = [m.title.id for m in similar(cat, "b", limit=5)]
    assert "b-hi" not in picks and "b-te" not in picks and picks[0] == "other"
    picks = [m.title.id for m in similar(cat, "other", limit=5)]
    assert sum(p in ("b", "b-hi", "b-te") for p in picks) == 1
    assert sum(p in ("host", "host-sub") for p in picks) == 1


def test_a_series_fan_is_offered_series_before_a_film_fan_is_offered_films():
    """Two titles alike in everything but kind: the same kind counts for both fans, and more
    for the fan of a series (who asks what show to watch next) than for the fan of a film."""
    T = Title
    same = dict(year=2019, genres=("Drama", "Crime"), countries=("United Kingdom",),
                themes=("police", "corruption"))
    titles = [T(id="s", title="Line of Fire", kind="series", **same),
              T(id="f", title="Line of Duty Night", kind="film", **same),
              T(id="x", title="Blue Watch", kind="series", **same),
              T(id="y", title="Blue Night", kind="film", **same)]
    titles += [T(id=f"f{k}", title=f"Filler {k}", year=1990 + k, kind=("film", "series")[k % 2],
                 genres=(("Comedy",), ("Western",))[k % 2]) for k in range(10)]
    cat = Catalog(titles=titles)
    lift_series = score_pair(cat, "s", "x").score - score_pair(cat, "s", "y").score
    lift_film = score_pair(cat, "f", "y").score - score_pair(cat, "f", "x").score
    assert lift_series > lift_film > 0
    assert similar(cat, "s", limit=1)[0].title.id == "x"


def test_a_talk_show_is_not_more_of_a_story_and_back(shipped_catalog):
    """A fan of Stranger Things is not offered its aftershow (a talk show sharing its genres
    and cast), and over random seeds no story's top 20 holds a talk show, a stand-up set or a
    reality show, nor such a title's top 20 a story (but for the seed's own sequels and
    franchise, whatever genres a source gave them). A documentary is neither: Street Food
    ("Documentary") is not pushed down for a fan of Chef's Table ("Documentary, Reality")."""
    import random

    cat = shipped_catalog
    unscripted = {"Talk Show", "Stand-Up Comedy", "Reality"}

    def form(t):
        return 2 if unscripted & set(t.genres) else 1 if "Documentary" in t.genres else 0

    def other_format(seed, picks):
        linked = ("same franchise", "sequel of", "followed by")
        return [m.title.title for m in picks if {form(seed), form(m.title)} == {0, 2}
                and not any(r.startswith(linked) for r in m.reasons)]

    chef, food = cat.resolve("Chef's Table", 2015), cat.resolve("Street Food", 2019)
    assert (form(chef), form(food)) == (2, 1)
    assert score_pair(cat, chef, food).score > score_pair(cat, chef, cat.resolve("Stranger Things", 2016)).score

    st = cat.resolve("Stranger Things", 2016)
    assert other_format(st, similar(cat, st, limit=20)) == []
    titles = list(cat.titles)
    seeds = random.Random(11).sample(titles, 60)
    seeds += [t for t in titles if unscripted & set(t.genres)][::40]
    assert any(unscripted & set(t.genres) for t in seeds)
    for seed in seeds:
        assert other_format(seed, similar(cat, seed, limit=20)) == [], seed.title


def test_what_a_title_is_made_from_is_no_likeness():
    """Two films that are both based on a novel (or both remakes, TV films, shorts) are not alike
    for it: a shared "book adaptation" neither lifts a pick nor reads as a reason, while a shared
    theme of the story does both."""
    T = Title
    base = dict(kind="film", year=2001, genres=("Drama",), countries=("United States",))
    form = ("book adaptation", "remake")
    titles = [
        T(id="seed", title="The Orchard", themes=("grief", *form), **base),
        T(id="same-form", title="The Harbour", themes=("heist", *form), **base),
        T(id="no-form", title="The Meadow", themes=("heist",), **base),
        T(id="same-story", title="The Valley", themes=("grief",), **base),
    ]
    for k in range(12):
        titles.append(T(id=f"fill-{k}", title=f"Filler {k}", year=1980 + k, kind="film",
                        genres=(("Western",), ("Documentary",))[k % 2]))
    cat = Catalog(titles=titles)
    form_lift = score_pair(cat, "seed", "same-form").score - score_pair(cat, "seed", "no-form").score
    assert form_lift == pytest.approx(0.0, abs=1e-6)
    assert score_pair(cat, "seed", "same-story").score > score_pair(cat, "seed", "no-form").score
    reasons = {m.title.id: " ".join(m.reasons) for m in similar(cat, "seed", limit=5)}
    assert "grief" in reasons["same-story"]
    assert not any(f in text for text in reasons.values() for f in form)


def _director_or_themes_catalog() -> Catalog:
    """A seed by two directors: one prolific (40 titles), one with two; a pick sharing the
    prolific one and three rare themes, another sharing the other director and one theme."""
    T = Title
    base = dict(year=2015, kind="film", genres=("Drama",), countries=("France",))
    titles = [
        T(id="seed", title="The Lighthouse Keeper", directors=("Anne Prolific", "Bo Rare"),
          themes=("lighthouse", "smuggling", "storm"), **base),
        T(id="themes-pick", title="Salt and Storm", directors=("Anne Prolific",),
          themes=("lighthouse", "smuggling", "storm"), **base),
        T(id="director-pick", title="Harbour Lights", directors=("Bo Rare",),
          themes=("storm",), **base),
    ]
    for k in range(40):  # the prolific director's other films, on other subjects
        titles.append(T(id=f"fill-{k}", title=f"Another Film {k}", directors=("Anne Prolific",),
                        themes=(f"subject {k}",), **{**base, "year": 1980 + k}))
    return Catalog(titles=titles)


def test_the_first_reason_is_what_counted_most_for_this_pick():
    """Reasons in the order of what each added to this pick's score: a director of 40 films
    counts less than three rare themes shared (themes first), a director of two films more than
    one theme (director first), and the director is named."""
    got = {m.title.id: m.reasons for m in similar(_director_or_themes_catalog(), "seed", limit=5)}
    themes_first, director_first = got["themes-pick"], got["director-pick"]
    assert themes_first[0].startswith("themes: ") and "same director: Anne Prolific" in themes_first
    assert director_first[0] == "same director: Bo Rare" and director_first[1].startswith("themes: storm")


def test_the_reasons_follow_the_score_terms_on_every_pick(small_catalog):
    """On every pick of the small catalog: the terms the reasons are ordered by add up to the
    pick's score, and each reason counted at least as much as the one after it."""
    from watchnext.similar import smooth
    from watchnext.similar.score import links_of

    ix = get_index(small_catalog)
    prefix = {"sequel of": ("link",), "followed by": ("link",), "same franchise": ("link",),
              "same director": ("d", "q"), "also stars": ("a",), "same writer": ("w",),
              "themes:": ("theme",), "related themes": (), "also about": ("k",),
              "same studio": ("s",), "music by": ("m",), "both ": ("genre",),
              "also from": ("country",), "also based on": ("truth",), "also for kids": ("kids",)}
    checked = 0
    for t in small_catalog.titles:
        i = ix.id_to_idx[t.id]
        for m in similar(small_catalog, t, limit=10):
            j = ix.id_to_idx[m.title.id]
            terms = smooth.pair_terms(ix, i, j, links_of(ix, i))
            assert sum(terms.values()) == pytest.approx(m.score, abs=2e-3)
            weights = [sum(terms.get(k, 0.0) for k in next(v for p, v in prefix.items() if r.startswith(p)))
                       for r in m.reasons]
            assert weights == sorted(weights, reverse=True), (t.title, m.title.title, m.reasons)
            checked += len(m.reasons) > 1
            assert all(r != "same director" for r in m.reasons)
    assert checked > 50


def test_a_shared_name_is_a_family_only_where_the_titles_agree():
    """"Toy Story 2" follows "Toy Story" by name; a homonym, a documentary sharing a drama's
    name, or a kids' series sharing a word with a film is no franchise: no family bonus, no
    "same franchise" reason."""
    T = Title
    titles = [
        T(id="ts", title="Toy Story", year=1995, kind="film", genres=("Animation", "Comedy"),
          age_rating="G", cast=("Tom Hanks",)),
        T(id="ts2", title="Toy Story 2", year=1999, kind="film", genres=("Animation", "Comedy"),
          age_rating="G"),
        T(id="ins", title="The Insider", year=1999, kind="film", genres=("Drama", "Thriller")),
        T(id="ins-doc", title="The Insider: Reggie Yates", year=2016, kind="series",
          genres=("Documentary",)),
        T(id="cp", title="Child's Play", year=1988, kind="film", genres=("Horror",)),
        T(id="cp72", title="Child's Play", year=1972, kind="film", genres=("Horror", "Drama")),
        T(id="av", title="Avatar", year=2009, kind="film", age_rating="PG-13",
          genres=("Action", "Adventure", "Fantasy", "Science Fiction")),
        T(id="av-tla", title="Avatar: The Last Airbender", year=2005, kind="series", age_rating="TV-Y7",
          genres=("Animation", "Action", "Adventure", "Fantasy")),
    ]
    titles += [T(id=f"f{k}", title=f"Filler {k}", year=1990 + k, kind="film", genres=("Western",))
               for k in range(8)]
    cat = Catalog(titles=titles)

    def franchise(a, b):
        return any(r.startswith("same franchise") for r in score_pair(cat, a, b).reasons)

    assert similar(cat, "ts", limit=1)[0].title.id == "ts2"
    assert score_pair(cat, "ts", "ts2").score > score_pair(cat, "av", "av-tla").score + 5
    for a, b in (("ins", "ins-doc"), ("cp", "cp72"), ("av", "av-tla"), ("av-tla", "av")):
        assert not franchise(a, b), (a, b)
    assert score_pair(cat, "ins", "ins-doc").score < 5
