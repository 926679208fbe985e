"""The CLI as a newcomer meets it (issue 12, items 13-18): naming titles (exact words win over the
article-less match), --id everywhere a title is named, --version, negation anywhere in a query,
warnings for filter values that match nothing, and messages that say what happened."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from watchnext.cli import main

DATA = Path(__file__).parent / "data"  # (not `from conftest`: tests/tui has a conftest too)


@pytest.fixture
def more_catalog(use_small_catalog):
    """The small catalog plus titles that differ only by an article (Heat / The Heat, Glory /
    The Glory), multi-word titles sharing a word (The Game, The Crying Game, Toy Soldiers), and
    a second Parasite (1982), as in the shipped catalog."""
    shutil.copy(DATA / "more_titles.toml", use_small_catalog / "titles" / "more_titles.toml")
    return use_small_catalog


def run(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exit_:  # argparse
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ item 13: naming a title

@pytest.mark.parametrize("name, expected", [
    ("The Glory", "The Glory (2022"),   # not Glory (1989)
    ("the glory", "The Glory (2022"),
    ("Glory", "Glory (1989)"),          # not The Glory
    ("Heat", "Heat (1995)"),            # not The Heat
    ("The Heat", "The Heat (2013)"),
    ("The Game", "The Game (1997)"),
])
def test_show_exact_words_win_over_the_article_less_match(more_catalog, capsys, name, expected):
    code, out, err = run(capsys, "show", name)
    assert code == 0, err
    assert out.splitlines()[0].startswith(expected)


def test_the_article_less_match_is_a_fallback(more_catalog, capsys):
    # "Crying Game" is spelt exactly by no title: The Crying Game is found without its article
    code, out, _ = run(capsys, "show", "Crying Game")
    assert code == 0 and out.startswith("The Crying Game (1992)")
    # and a year picks among the article-less matches too
    code, out, _ = run(capsys, "show", "Heat", "--year", "2013")
    assert code == 0 and out.startswith("The Heat (2013)")


def test_similar_and_watchlist_add_name_the_exact_title(more_catalog, capsys):
    code, out, err = run(capsys, "similar", "Heat", "--json")
    assert code == 0, err
    assert json.loads(out)["for"] == ["wd-Q42198"]
    code, out, err = run(capsys, "watchlist", "add", "Heat")
    assert code == 0 and "Heat (1995)" in out, err
    code, out, err = run(capsys, "watchlist", "add", "The Glory")
    assert code == 0 and "The Glory (2022" in out, err


def test_readme_watchlist_set_the_glory(more_catalog, capsys):
    assert run(capsys, "watchlist", "add", "The Glory")[0] == 0
    code, out, err = run(capsys, "watchlist", "set", "The Glory", "--progress", "S1E8",
                         "--status", "watching")
    assert code == 0, err
    assert "progress none -> S1E8" in out


# ------------------------------------------------------------------ item 18: --id, remove...

def test_show_by_id_and_imdb_id(more_catalog, capsys):
    code, out, err = run(capsys, "show", "--id", "wd-Q135156")
    assert code == 0, err
    assert out.startswith("The Heat (2013)")
    code, out, _ = run(capsys, "show", "--id", "tt0113277")
    assert code == 0 and out.startswith("Heat (1995)")
    code, out, err = run(capsys, "show", "--id", "nope")
    assert code == 1 and err.strip() == "watchnext: error: no title with id 'nope' in the catalog"


def test_the_ambiguity_message_offers_what_show_accepts(more_catalog, capsys):
    code, _, err = run(capsys, "show", "Ballerina")
    assert code == 1 and "--id" in err
    some_id = err.split("--id ")[-1].split()[0]
    assert run(capsys, "show", "--id", some_id)[0] == 0
    assert run(capsys, "show", "Ballerina", "--year", "2016")[0] == 0


def test_show_with_nothing_named(more_catalog, capsys):
    code, _, err = run(capsys, "show")
    assert code == 1 and "--id" in err and len(err.strip().splitlines()) == 1


def test_remove_what_is_not_on_the_list_says_so(more_catalog, capsys):
    assert run(capsys, "watchlist", "add", "Glory")[0] == 0
    assert run(capsys, "watchlist", "remove", "Glory")[0] == 0
    code, _, err = run(capsys, "watchlist", "remove", "Glory")
    assert code == 1
    assert "not on your watchlist" in err and "titles are called" not in err
    # a name that is on the list only without its article is not taken for it
    assert run(capsys, "watchlist", "add", "The Glory")[0] == 0
    code, _, err = run(capsys, "watchlist", "remove", "Glory")
    assert code == 1 and "is not on your watchlist" in err and "wn-the-glory-2022" in err
    code, out, _ = run(capsys, "watchlist", "remove", "The Glory")
    assert code == 0 and "Removed The Glory" in out


# ------------------------------------------------------------------ item 16: filter values

@pytest.mark.parametrize("query, says", [
    ("genre:horrror", "genre:horrror: no genre is called 'horrror' (did you mean genre:Horror?)"),
    ("country:frnace", "(did you mean country:France?)"),
    ("on:netflx korean", "(did you mean on:Netflix?)"),
    ("theme:revnge", "(did you mean theme:revenge?)"),
    ("with:keanoo", '(did you mean with:"keanu reeves"?)'),
    ("kind:movei", "kind:movei: use kind:film or kind:series"),
])
def test_a_filter_value_that_names_nothing_is_one_line_and_exit_1(more_catalog, capsys, query,
                                                                   says):
    code, out, err = run(capsys, "search", query)
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and says in err
    assert run(capsys, "search", query, "--json")[0] == 1


def test_kind_movie_means_film_and_a_negated_unknown_value_only_warns(more_catalog, capsys):
    code, out, _ = run(capsys, "search", "kind:movie", "--json")
    assert code == 0 and {h["kind"] for h in json.loads(out)} == {"film"}
    code, out, err = run(capsys, "search", "korean", "-genre:horrror", "--json")
    assert code == 0 and json.loads(out)
    assert "warning: -genre:horrror" in err and "genre:Horror" in err


# ------------------------------------------------------------------ item 17: negation anywhere

def test_negation_anywhere_in_a_query(more_catalog, capsys):
    code, out, err = run(capsys, "search", "lang:korean", "-kind:series", "--json")
    assert code == 0, err
    hits = json.loads(out)
    assert hits and all(h["kind"] == "film" for h in hits)
    assert "Korean" not in err  # no argparse message
    code, out, _ = run(capsys, "search", "-genre:drama", "korean", "--json")
    assert code == 0 and json.loads(out)
    assert all("Drama" not in h["genres"] for h in json.loads(out))


def test_options_are_options_wherever_they_are(more_catalog, capsys):
    # after "--" too: `--limit 5` is not the query word "5"
    code, out, err = run(capsys, "search", "--", "-genre:drama", "korean", "--limit", "2",
                         "--json")
    assert code == 0, err
    hits = json.loads(out)
    assert len(hits) == 2 and all("Drama" not in h["genres"] for h in hits)
    for argv in (["-n", "1"], ["-n1"], ["--limit=1"], ["--lim", "1"]):
        code, out, _ = run(capsys, "search", "korean", *argv, "--json")
        assert code == 0 and len(json.loads(out)) == 1, argv
    code, _, err = run(capsys, "search", "korean", "--limit", "many")
    assert code == 2 and "'many' is not a number" in err
    code, _, err = run(capsys, "search", "korean", "--limt", "3")  # a mistyped option
    assert code == 2 and "unrecognized arguments: --limt" in err


def test_search_argv():
    from watchnext.cli.search import search_argv

    assert search_argv(["lang:korean", "-kind:series"]) == ["--", "lang:korean", "-kind:series"]
    assert search_argv(["--", "-zombie", "--json", "-n", "3"]) == ["--json", "-n", "3", "--",
                                                                   "-zombie"]
    assert search_argv(["--json"]) == ["--json"]


def test_version(capsys):
    from importlib import metadata

    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"watchnext {metadata.version('watchnext')}"


@pytest.mark.parametrize("zero", ["0", "0.0", "0/10", "-"])
def test_rating_zero_is_refused_and_none_clears(more_catalog, capsys, zero):
    assert run(capsys, "watchlist", "add", "Parasite", "--year", "2019")[0] == 0
    assert run(capsys, "watchlist", "set", "Parasite", "--rating", "4.5")[0] == 0
    code, _, err = run(capsys, "watchlist", "set", "Parasite", "--rating", zero)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "0.5 to 5" in err
    code, out, _ = run(capsys, "watchlist", "--json")
    assert json.loads(out)[0]["rating"] == 4.5  # unchanged
    code, _, err = run(capsys, "watchlist", "set", "Parasite", "--rating", "0")
    assert err.strip() == ("watchnext: error: --rating 0: ratings go from 0.5 to 5 in halves (or "
                           "1-10 as 9/10); --rating none clears the rating")
    code, out, _ = run(capsys, "watchlist", "set", "Parasite", "--rating", "none")
    assert code == 0 and "rating 4.5" in out and "-> none" in out


def test_pick_says_how_many_titles_it_could_not_judge(more_catalog, capsys):
    # Toy Story has no runtime in the catalog, Parasite neither; Ballerina (2023) runs 93 min
    for name in ("Toy Story", "Parasite --year 2019"):
        assert run(capsys, "watchlist", "add", *name.split())[0] == 0
    code, _, err = run(capsys, "watchlist", "pick", "--max-runtime", "100")
    assert code == 1
    assert "2 left out, the catalog cannot tell" in err
    assert "Toy Story (1995) (runtime unknown)" in err
    assert run(capsys, "watchlist", "add", "Ballerina", "--year", "2023")[0] == 0
    code, out, _ = run(capsys, "watchlist", "pick", "--max-runtime", "100")
    assert code == 0 and "Ballerina (2023)" in out and "2 left out" in out
    code, out, _ = run(capsys, "watchlist", "pick", "--max-runtime", "100", "--json")
    assert json.loads(out)["left_out_unknown"] == 2


def test_a_query_that_matches_nothing_suggests_titles(more_catalog, capsys):
    code, out, err = run(capsys, "search", "paraiste movei")
    assert code == 0 and out == ""
    first, near = err.splitlines()
    assert first == "no titles match 'paraiste movei'"
    assert near.startswith("did you mean: ") and "Parasite (2019)" in near
    code, _, err = run(capsys, "search", "zzqxv")
    assert code == 0 and err.splitlines() == ["no titles match 'zzqxv'"]
