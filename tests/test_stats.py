"""Stats (watchnext/stats/) on a fixed history over the small test catalog: the numbers a person
reads, checked one by one; and `watchnext stats` (text and --json)."""

from __future__ import annotations

import json

import pytest

from watchnext.stats import compute
from watchnext.stats.text import bar, report
from watchnext.watchlist import Entry


def history() -> list[Entry]:
    E = Entry
    return [
        E(id="wn-parasite-2019", title="Parasite", year=2019, status="watched", rating=5,
          watched="2024-01-10"),
        E(id="wn-speed-1994", title="Speed", year=1994, status="watched", rating=4,
          watched="2024-01-20"),  # runtime 116
        E(id="wn-ballerina-2023", title="Ballerina", year=2023, status="watched", rating=2,
          watched="2024-03-05"),  # runtime 93
        E(id="nf-s100", title="Squid Game", year=2021, status="watching", progress="S1E4"),
        E(id="wn-oldboy-2003", title="Oldboy", year=2003, status="watched", rating=4.5,
          watched="2023-12-31"),
        E(id="gone-1", title="Left the Catalog", year=2001, status="watched", rating=3,
          watched="2024-02-02"),
        E(id="wd-Q1", title="John Wick", year=2014, status="want"),  # not watched
        E(id="wd-Q10", title="Toy Story", year=1995, status="dropped"),  # not watched
    ]


@pytest.fixture
def stats(small_catalog):
    return compute(history(), small_catalog)


def test_totals(stats):
    assert (stats.titles, stats.films, stats.series) == (6, 5, 1)
    assert stats.undated == 1  # Squid Game: watching, no date
    assert stats.minutes == 116 + 93 and stats.hours == 3.5
    assert stats.no_runtime == 3  # Parasite, Oldboy, the title that left the catalog
    assert (stats.rated, stats.mean_rating) == (5, 3.7)


def test_per_month_and_year(stats):
    assert stats.per_month == {"2023-12": 1, "2024-01": 2, "2024-02": 1, "2024-03": 1}
    assert stats.per_year == {"2023": 1, "2024": 4}


def test_ratings_histogram(stats):
    assert {r: n for r, n in stats.ratings.items() if n} == {2.0: 1, 3.0: 1, 4.0: 1, 4.5: 1,
                                                             5.0: 1}
    assert list(stats.ratings) == [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0]


def test_tops(stats):
    assert stats.top["genres"][:3] == [("Thriller", 5), ("Action", 3), ("Drama", 2)]
    assert stats.top["countries"] == [("South Korea", 4), ("United States", 1)]
    assert stats.top["decades"] == [("2020s", 2), ("1990s", 1), ("2000s", 1), ("2010s", 1)]
    assert ("Park Chan-wook", 1) in stats.top["directors"]
    assert ("Keanu Reeves", 1) in stats.top["actors"]


def test_ratings_by_genre(stats):
    # Thriller: Parasite 5, Speed 4, Ballerina 2, Oldboy 4.5; Action: Speed, Ballerina, Oldboy;
    # Drama has one rating (Squid Game is unrated): not shown
    assert stats.by_genre[:2] == [("Thriller", 4, 3.88), ("Action", 3, 3.5)]
    assert "Drama" not in [g for g, _, _ in stats.by_genre]


def test_same_title_twice_in_a_month_counts_once(small_catalog):
    from dataclasses import replace

    from watchnext.watchlist.diary import Watch

    e = replace(history()[0], watched="",
                diary=(Watch("2024-01-02"), Watch("2024-01-20", 4.5, True)))
    s = compute([e], small_catalog)
    assert s.per_month == {"2024-01": 1}
    assert (s.watches, s.rewatches) == (2, 1)


def test_episodes_count_and_their_runtime(small_catalog):
    from watchnext.watchlist.diary import Watch

    squid = Entry(id="nf-s100", title="Squid Game", year=2021, status="watching",
                  diary=(Watch("2024-01-02", episode="S1E1"), Watch("2024-02-03", episode="S1E2"),
                         Watch("2024-02-04", episode="S1E3")))
    s = compute([squid], small_catalog)
    assert (s.series, s.episodes, s.watches) == (1, 3, 3)
    assert s.per_month == {"2024-01": 1, "2024-02": 1}  # a series once a month
    assert s.no_runtime == 3 and s.minutes == 0  # the catalog has no episode runtime for it
    with_runtime = small_catalog.get("nf-s100")._replace(runtime=55)  # an episode's runtime

    class Catalog:
        def get(self, tid):
            return with_runtime if tid == "nf-s100" else None

    s = compute([squid], Catalog())
    assert (s.minutes, s.no_runtime, s.hours) == (3 * 55, 0, 2.8)


def test_nothing_watched():
    s = compute([Entry(id="x", title="X", year=2000)], None)
    assert s.titles == 0 and s.per_month == {} and s.mean_rating is None
    assert "Nothing watched yet" in report(s)[0]


def test_bars():
    assert bar(10, 10, 4) == "████"
    assert bar(5, 10, 4) == "██"
    assert bar(1, 100, 4) == "▏"  # above zero always shows
    assert bar(0, 10, 4) == ""
    assert bar(1, 8, 1) == "▏" and bar(7, 8, 1) == "▉"


def test_report_lines_have_their_numbers(stats):
    lines = report(stats, 80)
    assert max(len(line) for line in lines) <= 80
    assert any(line.split()[:2] == ["2024-01", "2"] for line in lines)
    assert any(line.split()[:2] == ["Thriller", "5"] for line in lines)
    assert any(line.startswith("  Thriller (4 rated)") and "3.88" in line for line in lines)


def test_stats_command(use_small_catalog, capsys):
    from watchnext import paths
    from watchnext.cli import main
    from watchnext.watchlist import Watchlist

    wl = Watchlist.open(paths.watchlist_file())
    with wl.transaction() as draft:
        for e in history():
            draft.put(e)
    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Watched: 6 titles (5 films, 1 series)")
    assert "Hours watched: 3.5" in out
    assert main(["stats", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["titles"] == 6 and data["hours"] == 3.5 and data["mean_rating"] == 3.7
    assert data["per_month"][0] == {"month": "2023-12", "titles": 1}
    assert data["top"]["genres"][0] == {"name": "Thriller", "titles": 5}
    assert data["ratings_by_genre"][0] == {"genre": "Thriller", "rated": 4, "mean": 3.88}


def test_stats_command_on_a_broken_watchlist(use_small_catalog, capsys):
    from watchnext import paths
    from watchnext.cli import main

    f = paths.watchlist_file()
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text("version = 1\n[[entries]\nid = 'x'\n")
    assert main(["stats"]) == 1
    err = capsys.readouterr().err
    assert str(f) in err and "line 2" in err
