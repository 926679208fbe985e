"""Search: titles with typos and missing spaces, original titles, people with aliases, genres,
themes, countries and years combined; filters and negation; the empty query; the index cache;
the `watchnext search` command."""

from __future__ import annotations

import importlib
import json

import pytest

import watchnext
from test_cli import more_catalog  # noqa: F401 - a fixture
from watchnext.search import Filters, Postings, build_index, get_index, parse_query, search


def ids(hits):
    return [h.title.id for h in hits]


def labels(hits):
    return [h.title.label for h in hits]


# ------------------------------------------------------------------ titles


def test_typo_finds_ballerina(small_catalog):
    hits = search(small_catalog, "balerina")
    assert hits and all(h.title.title == "Ballerina" for h in hits[:3])
    assert ids(hits)[0] == "wn-ballerina-2023"  # the best described one first


def test_missing_spaces(small_catalog):
    assert ids(search(small_catalog, "squidgame"))[0] == "nf-s100"
    assert ids(search(small_catalog, "squid gam"))[0] == "nf-s100"  # still typing
    assert ids(search(small_catalog, "sqiud game"))[0] == "nf-s100"  # transposed letters


def test_original_title(small_catalog):
    assert ids(search(small_catalog, "발레리나"))[0] == "wn-ballerina-2023"
    assert ids(search(small_catalog, "오징어 게임"))[0] == "nf-s100"
    hit = search(small_catalog, "발레리나")[0]
    assert "original title" in hit.matched


def test_exact_title_comes_first(small_catalog):
    assert ids(search(small_catalog, "the call"))[0] == "nf-s1644"
    assert ids(search(small_catalog, "call"))[0] == "nf-s1644"
    # "John Wick" is a title and the start of another one: the exact one first
    assert ids(search(small_catalog, "john wick"))[:2] == ["wd-Q1", "wd-Q2"]
    assert ids(search(small_catalog, "Speed"))[0] == "wn-speed-1994"


@pytest.fixture
def more(more_catalog):
    from watchnext.loader import load_catalog

    return load_catalog(more_catalog, use_cache=False)


@pytest.mark.parametrize("query, first", [
    ("heat", "Heat (1995)"), ("the heat", "The Heat (2013)"),
    ("glory", "Glory (1989)"), ("the glory", "The Glory (2022–2023)"),
    ("game", "The Game (1997)"), ("the game", "The Game (1997)"),
])
def test_the_title_spelt_as_typed_comes_first(more, query, first):
    # the rule: a query equal to a title, article and all, puts that title first; the title
    # equal to it without the article ("The Heat" for "heat") comes after it, whatever their
    # notability
    hits = labels(search(more, query))
    assert hits[0] == first
    assert len(hits) >= 2  # the article-less one is still found


@pytest.mark.parametrize("query, expected", [
    ("squid game", ["Squid Game (2021)"]),             # not The Game, not The Crying Game
    ("crying game", ["The Crying Game (1992)"]),
    ("toy story", ["Toy Story (1995)", "Toy Story 2 (1999)"]),   # not Toy Soldiers
    ("john wick", ["John Wick (2014)", "John Wick: Chapter 2 (2017)"]),
    ("the game", ["The Game (1997)", "The Crying Game (1992)", "Squid Game (2021)"]),
])
def test_a_phrase_that_is_a_title_finds_it_first_and_the_rest_match_every_word(more, query,
                                                                                expected):
    # the rule: when some titles match every word of the query, only those are listed
    assert labels(search(more, query)) == expected


def test_near_misses_only_when_no_title_matches_every_word(more):
    # nothing is Korean, about revenge and about zombies: titles matching all words but one
    hits = search(more, "korean revenge zombie")
    assert hits and all("South Korea" in h.title.countries and "revenge" in h.title.themes
                        for h in hits)


def test_title_prefix_while_typing(small_catalog):
    assert ids(search(small_catalog, "toy st"))[:2] == ["wd-Q11", "wd-Q10"] or \
        set(ids(search(small_catalog, "toy st"))[:2]) == {"wd-Q10", "wd-Q11"}
    assert ids(search(small_catalog, "killers of the"))[0] == "wn-killers-of-the-flower-moon-2023"


def test_ballerina_with_year_puts_that_year_first(small_catalog):
    hits = search(small_catalog, "ballerina 2023")
    assert ids(hits)[0] == "wn-ballerina-2023"
    assert ids(search(small_catalog, "ballerina 2016"))[0] == "wn-ballerina-2016"
    assert ids(search(small_catalog, "ballerina 2025"))[0] == "wn-ballerina-2025"


# ------------------------------------------------------------------ people, genres, themes...


def test_person_alias_finds_their_films(small_catalog):
    hits = search(small_catalog, "jun jong-seo")
    assert set(ids(hits)[:2]) == {"wn-ballerina-2023", "nf-s1644"}
    assert any(m == "cast: Jeon Jong-seo" for m in hits[0].matched)
    # the canonical name, a Hangul alias, and a last name alone
    assert set(ids(search(small_catalog, "Jeon Jong-seo"))[:2]) == {"wn-ballerina-2023", "nf-s1644"}
    assert set(ids(search(small_catalog, "전종서"))[:2]) == {"wn-ballerina-2023", "nf-s1644"}
    keanu = ids(search(small_catalog, "keanu"))
    assert set(keanu) >= {"wd-Q1", "wd-Q2", "wn-ballerina-2025", "wn-speed-1994"}


def test_director(small_catalog):
    hits = search(small_catalog, "park chan-wook")
    assert set(ids(hits)[:2]) == {"wn-oldboy-2003", "wn-lady-vengeance-2005"}
    assert "director: Park Chan-wook" in hits[0].matched


def test_words_combine_korean_revenge(small_catalog):
    hits = search(small_catalog, "korean revenge")
    top = set(ids(hits)[:3])
    assert top == {"wn-ballerina-2023", "wn-oldboy-2003", "wn-lady-vengeance-2005"}
    assert {"country: South Korea", "theme: revenge"} <= set(hits[0].matched)
    # titles matching only one of the words may follow, never before
    assert all(h.score < hits[2].score for h in hits[3:])


def test_theme_alias_and_multiword_theme(small_catalog):
    assert "wn-ballerina-2023" in ids(search(small_catalog, "vengeance"))  # alias of revenge
    assert ids(search(small_catalog, "time travel"))[0] == "nf-s1644"
    assert "wn-parasite-2019" in ids(search(small_catalog, "rich and poor"))


def test_genre_country_and_year_words(small_catalog):
    assert set(ids(search(small_catalog, "animation"))) == {"wd-Q10", "wd-Q11", "wn-ballerina-2016"}
    assert "nf-s400" in ids(search(small_catalog, "french comedy"))
    assert set(ids(search(small_catalog, "british"))) == {"nf-s200", "wd-Q20"}
    assert set(ids(search(small_catalog, "1995"))) == {"wd-Q10"}
    assert set(ids(search(small_catalog, "90s"))) == {"wd-Q10", "wd-Q11", "wn-speed-1994"}


def test_unknown_words_find_nothing(small_catalog):
    assert search(small_catalog, "zzqxv") == []


# ------------------------------------------------------------------ filters


def test_parse_query():
    pq = parse_query('korean -theme:revenge kind:series year:2015..2020 on:netflix true:yes '
                     'genre:comedy,drama theme:"time travel" -zombie country:france')
    assert pq.words == ("korean",)
    assert pq.negated == ("zombie",)
    f = pq.filters
    assert f.not_themes == ("revenge",)
    assert f.kinds == ("series",)
    assert (f.year_min, f.year_max) == (2015, 2020)
    assert f.platforms == ("netflix",)
    assert f.true_story is True
    assert f.genres == ("comedy", "drama")
    assert f.themes == ("time travel",)
    assert f.countries == ("france",)
    assert parse_query("year:..1999").filters.year_max == 1999
    assert parse_query("year:2010..").filters.year_min == 2010
    assert parse_query("year:1990s").filters.year_max == 1999
    assert parse_query("kind:movie").filters.kinds == ("film",)
    assert parse_query("mission:impossible").words == ("mission:impossible",)
    assert parse_query("year:abc").problems


def test_filter_negation_theme(small_catalog):
    hits = search(small_catalog, "korean -theme:revenge")
    assert hits
    assert all("revenge" not in h.title.themes and "South Korea" in h.title.countries for h in hits)
    assert "nf-s1644" in ids(hits)


def test_filter_kind(small_catalog):
    hits = search(small_catalog, "kind:series")
    assert hits and all(h.title.kind == "series" for h in hits)
    assert set(ids(hits)) == {t.id for t in small_catalog.titles if t.kind == "series"}
    assert all(h.title.kind == "film" for h in search(small_catalog, "korean kind:film"))
    assert all(h.title.kind == "film" for h in search(small_catalog, "-kind:series"))


def test_filter_year_range(small_catalog):
    hits = search(small_catalog, "year:2015..2020")
    assert hits and all(2015 <= h.title.year <= 2020 for h in hits)
    assert set(ids(hits)) == {t.id for t in small_catalog.titles if 2015 <= t.year <= 2020}
    assert all(h.title.year <= 2000 for h in search(small_catalog, "year:..2000"))


def test_filter_platform(small_catalog):
    hits = search(small_catalog, "on:netflix")
    assert hits and all("Netflix" in h.title.platforms for h in hits)
    assert ids(search(small_catalog, "ballerina on:netflix")) == ["wn-ballerina-2023"]


def test_filter_true_story(small_catalog):
    hits = search(small_catalog, "true:yes")
    assert set(ids(hits)) == {t.id for t in small_catalog.titles if t.true_story}
    assert all(not h.title.true_story for h in search(small_catalog, "true:no"))


def test_filter_country(small_catalog):
    hits = search(small_catalog, "country:france")
    assert set(ids(hits)) == {"wn-ballerina-2016", "nf-s400"}
    assert set(ids(search(small_catalog, "country:korean kind:series"))) == {"nf-s100", "wn-sweet-home-2020"}
    assert all("South Korea" not in h.title.countries for h in search(small_catalog, "-country:korea"))


def test_filter_genre(small_catalog):
    hits = search(small_catalog, "genre:comedy")
    assert hits and all("Comedy" in h.title.genres for h in hits)
    assert set(ids(hits)) == {t.id for t in small_catalog.titles if "Comedy" in t.genres}
    # several genres: all of them
    assert set(ids(search(small_catalog, "genre:comedy,romance"))) == {"nf-s400"}
    assert all("Horror" not in h.title.genres for h in search(small_catalog, "korean -genre:horror"))


def test_filter_theme_with_spaces(small_catalog):
    assert ids(search(small_catalog, 'theme:"time travel"')) == ["nf-s1644"]
    assert ids(search(small_catalog, "theme:time-travel")) == ["nf-s1644"]
    assert ids(search(small_catalog, "theme:vengeance korean")) == ids(
        search(small_catalog, "theme:revenge korean"))


def test_negated_word(small_catalog):
    hits = search(small_catalog, "revenge -korean")
    assert hits and all("South Korea" not in h.title.countries for h in hits)
    assert "wd-Q1" in ids(hits)


def test_filters_object_combines_with_query(small_catalog):
    f = Filters(kinds=("film",), year_min=2019)
    hits = search(small_catalog, "korean", filters=f)
    assert hits and all(h.title.kind == "film" and h.title.year >= 2019 for h in hits)
    hits = search(small_catalog, "korean year:..2020", filters=f)
    assert all(2019 <= h.title.year <= 2020 for h in hits)
    excl = search(small_catalog, "ballerina", filters=Filters(exclude_ids=frozenset({"wn-ballerina-2023"})))
    assert "wn-ballerina-2023" not in ids(excl) and len(excl) == 2
    # a dict works too (what a TUI panel may hold)
    assert ids(search(small_catalog, "", filters={"countries": ["France"]})) == ids(
        search(small_catalog, "country:france"))


def test_filters_merged_and_describe():
    a = Filters(genres=("Comedy",), year_min=2000)
    b = Filters(genres=("Drama",), year_min=2010, year_max=2020, true_story=True)
    m = a.merged(b)
    assert m.genres == ("Comedy", "Drama") and (m.year_min, m.year_max) == (2010, 2020)
    assert "true:yes" in m.describe() and "genre:Comedy" in m.describe()
    assert Filters().is_empty() and not m.is_empty()


# ------------------------------------------------------------------ empty query, API, cache


def test_empty_query_returns_useful_titles(small_catalog):
    hits = search(small_catalog, "", limit=5)
    assert len(hits) == 5
    assert all("curated" in h.title.sources for h in hits[:3])  # richly described ones first
    assert len(search(small_catalog, "   ", limit=50)) == len(small_catalog.titles)
    only_series = search(small_catalog, "", filters=Filters(kinds=("series",)))
    assert only_series and all(h.title.kind == "series" for h in only_series)


def test_limit_and_determinism(small_catalog):
    assert len(search(small_catalog, "korean", limit=2)) == 2
    assert search(small_catalog, "korean", limit=0) == []
    assert ids(search(small_catalog, "thriller")) == ids(search(small_catalog, "thriller"))


def test_public_api(small_catalog):
    hits = watchnext.search(small_catalog, "korean revenge", limit=20)
    assert hits and isinstance(hits[0], watchnext.Hit)
    # works again once the submodule is imported (it shadows the package attribute)
    importlib.import_module("watchnext.search")

    assert watchnext.search(small_catalog, "balerina", limit=3)[0].title.title == "Ballerina"


def test_index_cached_on_disk(small_catalog_dir, isolated_dirs):
    from watchnext.loader import load_catalog

    cat = load_catalog(small_catalog_dir)
    get_index(cat)
    files = list(isolated_dirs["XDG_CACHE_HOME"].rglob("search-v*.index"))
    assert len(files) == 1
    fresh = load_catalog(small_catalog_dir)  # a new Catalog object: index read from disk
    ix = get_index(fresh)
    assert ix is not cat._search_index
    built = build_index(fresh)
    for name in type(built).FIELDS:  # every field back as it was built, types and all
        got, want = getattr(ix, name), getattr(built, name)
        if isinstance(want, Postings):
            assert {k: list(got[k]) for k in got} == {k: list(want[k]) for k in want}, name
        else:
            assert type(got) is type(want) and got == want, name
    files[0].write_bytes(b"not an index")  # unreadable cache: rebuilt, not an error
    again = load_catalog(small_catalog_dir)
    assert ids(search(again, "squidgame"))[0] == "nf-s100"


# ------------------------------------------------------------------ CLI


def test_cli_search_text(use_small_catalog, capsys):
    from watchnext.cli import main

    assert main(["search", "korean", "revenge"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[0] == "1" and "Ballerina" in out[0] and "2023" in out[0]
    assert "theme: revenge" in out[0]


def test_cli_search_json(use_small_catalog, capsys):
    from watchnext.cli import main

    assert main(["search", "ballerina 2023", "--limit", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data) == 2
    first = data[0]
    assert first["id"] == "wn-ballerina-2023" and first["year"] == 2023 and first["kind"] == "film"
    assert {"id", "title", "year", "kind", "score", "genres", "themes", "matched"} <= set(first)


def test_cli_search_no_match(use_small_catalog, capsys):
    from watchnext.cli import main

    assert main(["search", "zzqxv"]) == 0
    assert "no titles match" in capsys.readouterr().err
    assert main(["search", "zzqxv", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("query", ["kind:series", "year:2015..2020", "korean -genre:drama", ""])
def test_cli_search_filters_only(use_small_catalog, capsys, query):
    from watchnext.cli import main

    assert main(["search", "--json", query]) == 0
    assert json.loads(capsys.readouterr().out)
    # a lone negation goes after "--" (or inside quotes with other words)
    assert main(["search", "--json", "--", "-genre:drama"]) == 0
    assert json.loads(capsys.readouterr().out)


# ------------------------------------------------------------------ the shipped catalog

SHIPPED = importlib.import_module("watchnext.paths").shipped_catalog_dir()
needs_shipped = pytest.mark.skipif(not any((SHIPPED / "titles").glob("*.toml")),
                                   reason="the shipped catalog is not built")


@pytest.fixture
def shipped(shipped_catalog):
    return shipped_catalog


@needs_shipped
def test_shipped_titles_typos_and_people(shipped):
    first = search(shipped, "balerina")[0].title
    assert (first.title, first.year) == ("Ballerina", 2023)
    assert search(shipped, "squidgame")[0].title.title == "Squid Game"
    assert search(shipped, "발레리나")[0].title.year == 2023
    top = [h.title.label for h in search(shipped, "jun jong-seo", limit=5)]
    assert "Ballerina (2023)" in top and "The Call (2020)" in top
    ballerinas = search(shipped, "ballerina 2023")
    assert ballerinas[0].title.label == "Ballerina (2023)"


@needs_shipped
def test_the_first_results_do_not_depend_on_how_many_are_asked(shipped):
    """A typo of a title ("balerina") spells Ballerina (2023) better than any ballet film its
    theme alias reaches: first whether 5, 20 or 60 results are asked for (it was first only
    from 30 on, once 60 ballet films outranked it before the spelling counted)."""
    for q in ["balerina", "godfater", "stranger thngs", "korean revenge", "heat", "jun jong-seo"]:
        few = [h.title.id for h in search(shipped, q, limit=5)]
        assert few == [h.title.id for h in search(shipped, q, limit=60)][:5], q
    assert search(shipped, "balerina", limit=3)[0].title.label == "Ballerina (2023)"


@needs_shipped
def test_shipped_ties_go_to_the_title_people_mean(shipped):
    # several films are called Heat: the well-known one first, and the exact spelling beats
    # "The Heat"
    top = search(shipped, "heat", limit=3)
    assert (top[0].title.title, top[0].title.year) == ("Heat", 1995)
    assert search(shipped, "the heat", limit=1)[0].title.title == "The Heat"
    # other titles people use
    assert search(shipped, "money heist", limit=1)[0].title.title == "La casa de papel"
    assert search(shipped, "se7en", limit=1)[0].title.label == "Seven (1995)"


@needs_shipped
def test_shipped_words_and_filters(shipped):
    for h in search(shipped, "korean revenge", limit=10):
        assert "South Korea" in h.title.countries and "revenge" in h.title.themes
    hits = search(shipped, "kind:series on:netflix japan", limit=20)
    assert hits and all(h.title.kind == "series" and "Netflix" in h.title.platforms for h in hits)
    hits = search(shipped, "true:yes war", limit=20)
    assert hits and all(h.title.true_story for h in hits)


def test_near_misses_wait_for_every_index(use_small_catalog, isolated_dirs):
    # over the compiled catalog, the user's titles are a second index: a title of theirs that
    # matches all words but one is no result while a shipped title matches every word
    from watchnext.loader import load_catalog

    mine = isolated_dirs["XDG_CONFIG_HOME"] / "watchnext" / "catalogs"
    mine.mkdir(parents=True)
    (mine / "mine.toml").write_text('[[titles]]\nid = "my-1"\ntitle = "Squid Soup"\nyear = 2020\n'
                                    'kind = "film"\n', encoding="utf-8")
    cat = load_catalog()
    assert cat.overlay
    assert labels(search(cat, "squid game")) == ["Squid Game (2021)"]
    assert "Squid Soup (2020)" in labels(search(cat, "squid soup"))
    assert "Squid Soup (2020)" in labels(search(cat, "squid soup zzqx"))  # nothing matches all


def test_a_keyword_of_the_descriptions_finds_a_title(small_catalog_dir, tmp_path):
    """"submarines" finds the films about one, though no title, theme or person says so."""
    from watchnext.loader import load_catalog

    user = tmp_path / "mine"
    user.mkdir()
    (user / "subs.toml").write_text(
        '[[titles]]\nid = "u-deep"\ntitle = "Deep Silence"\nyear = 1990\nkind = "film"\n'
        'keywords = ["submarine", "crew"]\n'
        '[[titles]]\nid = "u-other"\ntitle = "Dry Land"\nyear = 1990\nkind = "film"\n'
        'keywords = ["desert"]\n', encoding="utf-8")
    cat = load_catalog(small_catalog_dir, user, use_cache=False)
    for q in ("submarine", "submarines", "submarine crew"):
        hits = search(cat, q, limit=5)
        assert [h.title.id for h in hits] == ["u-deep"], q
        assert "about: submarine" in hits[0].matched


_FILTERED = ["genre:comedy", "kind:film", "kind:series", "-kind:series", "country:france kind:film",
             "genre:horror -kind:series", "true:yes war", "true:no", "year:2015..2020",
             "year:..1990 western", "theme:revenge -country:united states", "on:netflix true:yes",
             "genre:comedy,drama year:2000..", "country:japan,south korea", "with:keanu",
             'with:"tom hanks"', "-genre:drama", "kind:series on:netflix japan", "korean revenge",
             "genre:thriller ballerina", "-theme:revenge ballerina", "squid gam kind:series",
             "kind:film zzqx ballerina", "genre:nosuchgenre", "-kind:film -kind:series",
             # words alone: titles, typos, prefixes, people, near misses, negated words
             "balerina", "squidgame", "the call", "john wick", "jun jong-seo", "keanu reevs",
             "발레리나", "ballerina 2023", "90s action", "heist -zombie", "ballerina zzqx", "the",
             "sp", "time travel", "squid game zzqx"]


@pytest.mark.parametrize("which", ["small", "shipped"])
def test_a_big_index_answers_as_a_small_one(which, small_catalog, request, monkeypatch):
    """From filters.MASKS_FROM titles a filter is a numpy mask, not a set, and a query word's
    titles and weights numpy arrays, not a dict (memory at a million titles): the same hits,
    scores and labels, in the same order, with or without words or filters."""
    from watchnext.search import filters

    if which == "shipped":
        if not any((SHIPPED / "titles").glob("*.toml")):
            pytest.skip("the shipped catalog is not built")
        cat = request.getfixturevalue("shipped_catalog")
    else:
        cat = small_catalog
    ix = get_index(cat)
    extra = [None, {"kinds": ("film",)}, {"genres": ("Drama",), "year_max": 2010},
             {"exclude_ids": frozenset(t.id for t in list(cat.titles)[:50])}]

    def answers():
        ix._sets.clear()  # (the other kind of cached filter)
        return [[(h.title.id, h.score, h.matched) for h in search(cat, q, limit=15, filters=f)]
                for q in _FILTERED for f in extra]

    as_sets = answers()
    monkeypatch.setattr(filters, "MASKS_FROM", 0)
    as_masks = answers()
    assert any(type(v) is filters._Mask for v in ix._sets.values())  # (the masks were used)
    ix._sets.clear()
    assert as_masks == as_sets
    assert sum(1 for a in as_sets if a) > len(as_sets) // 3  # (many ask for something found)
