"""The Stats screen (% from any screen): charts of a fixed history on the small catalog, with
their numbers; snapshots at 80x24 and 120x40.

Update after a deliberate change: pytest tests/tui/test_stats_screen.py --snapshot-update, then
look at the SVGs (tests/tui/__snapshots__/test_stats_screen/)."""

from __future__ import annotations

import re

import pytest

from watchnext.watchlist import Entry, Watchlist

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

HISTORY = [
    Entry(id="wn-parasite-2019", title="Parasite", year=2019, status="watched", rating=5,
          added="2023-12-01", watched="2024-01-10", tags=("korea",)),
    Entry(id="wn-speed-1994", title="Speed", year=1994, status="watched", rating=4,
          added="2023-12-01", watched="2024-01-20"),
    Entry(id="wn-ballerina-2023", title="Ballerina", year=2023, status="watched", rating=2,
          added="2024-02-01", watched="2024-03-05"),
    Entry(id="nf-s100", title="Squid Game", year=2021, status="watching", progress="S1E4",
          added="2024-02-01"),
    Entry(id="wn-oldboy-2003", title="Oldboy", year=2003, status="watched", rating=4.5,
          added="2023-11-01", watched="2023-12-31"),
    Entry(id="nf-s300", title="[bold]x[/]", year=2020, status="watched", rating=3,
          added="2024-02-01", watched="2024-02-02"),
    Entry(id="wd-Q1", title="John Wick", year=2014, status="want", added="2024-03-01"),
]


@pytest.fixture
def app(make, wl_path):
    wl = Watchlist.open(wl_path)
    with wl.transaction() as draft:
        for e in HISTORY:
            draft.put(e)
    return make()


async def open_stats(app, pilot):
    for _ in range(2):
        await app.workers.wait_for_complete()
        await pilot.pause()
    await pilot.press("escape", "percent_sign")
    await pilot.pause()


async def test_stats_screen_shows_the_numbers(app, ui):
    from watchnext.tui.screens.stats import StatsScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await open_stats(app, pilot)
        assert isinstance(app.screen, StatsScreen)
        text = ui.screen_text(app)
        assert "6 titles: 5 films, 1 series" in text
        assert "3.5 hours" in text and "5 rated, mean 3.7" in text
        assert "busiest 2024-01 (2)" in text
        assert re.search(r"Thriller +5 █", text) and re.search(r"South Korea +4 █", text)
        assert "Ratings by genre (yours: 3.7)" in text
        assert "[red]Nobody[/red]" in text  # catalog names are data, shown as written
        assert "Nowhere" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StatsScreen)


async def test_stats_follow_the_watchlist(app, ui, wl_path):
    async with app.run_test(size=(100, 30)) as pilot:
        await open_stats(app, pilot)
        assert "6 titles" in ui.screen_text(app)
        Watchlist.open(wl_path).update("wd-Q1", status="watched", watched="2024-03-02",
                                       rating=4)
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "7 titles: 6 films" in ui.screen_text(app)


async def test_stats_with_nothing_watched(make, ui):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_stats(app, pilot)
        assert "Nothing watched yet" in ui.screen_text(app)


@pytest.mark.parametrize("size", SIZES)
def test_stats_snapshot(snap_compare, app, size):
    async def run_before(pilot) -> None:
        await open_stats(pilot.app, pilot)
        await pilot.pause(0.1)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_the_title_screen_lists_the_diary(make, wl_path, ui):
    from watchnext.tui.screens.title import TitleScreen
    from watchnext.watchlist.diary import Watch

    wl = Watchlist.open(wl_path)
    with wl.transaction() as draft:
        draft.put(Entry(id="wn-oldboy-2003", title="Oldboy", year=2003, status="watched",
                        rating=4.5, added="2023-01-01",
                        diary=(Watch("2023-05-01", 4.0), Watch("2024-05-01", 4.5, True))))
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.open_title(app.catalog.get("wn-oldboy-2003"))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        text = ui.screen_text(app)
        assert "Diary: watched twice" in text
        lines = text.splitlines()
        first = next(i for i, line in enumerate(lines) if "2024-05-01" in line)
        assert "★★★★½  rewatch" in lines[first]  # latest first, the rating given then
        assert "2023-05-01  ★★★★" in lines[first + 1]
