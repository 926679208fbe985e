"""The app's start (startup.py): the first screen's results and picks are worked out once, in
the start's thread, and shown; and what the footer and the watchlist line say about a title."""

from __future__ import annotations

import sys
import time

import watchnext
import watchnext.catalog
from watchnext.tui.screens.browse import BrowseScreen
from watchnext.tui.screens.title import TitleScreen
from watchnext.tui.screens.watchlist import WatchlistScreen
from watchnext.tui.widgets.footer import FitFooter
from watchnext.tui.widgets.recommendations import RecommendationList
from watchnext.tui.widgets.results import ResultsList
from watchnext.tui.widgets.summary import pack
from watchnext.watchlist import Watchlist

SIZE = (100, 30)


def counting(monkeypatch, module, name: str) -> list:
    """Replace module.name with a wrapper noting each call's first arguments."""
    calls: list = []
    real = getattr(module, name)

    def wrapper(catalog, what, *args, **kwargs):
        calls.append(what)
        return real(catalog, what, *args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


async def wait_for_picks(app, pilot, ui) -> RecommendationList:
    recs = app.screen.query_one("#browse-recs", RecommendationList)
    for _ in range(50):
        await ui.settle(app, pilot)
        if recs.option_count:
            break
    return recs


async def test_the_first_results_and_picks_are_found_once(make, ui, small_catalog, monkeypatch):
    monkeypatch.setattr(watchnext.catalog, "load_catalog", lambda *a, **k: small_catalog)
    searches = counting(monkeypatch, sys.modules["watchnext.search"], "search")
    picks = counting(monkeypatch, sys.modules["watchnext.similar"], "similar")
    app = make(catalog=None)
    async with app.run_test(size=SIZE) as pilot:
        recs = await wait_for_picks(app, pilot, ui)
        results = app.screen.query_one(ResultsList)
        assert isinstance(app.focused, ResultsList)  # as before: letters are commands
        assert results.option_count >= 10
        top = results.current
        assert recs.option_count and top is not None
        assert top.title in ui.text(app.screen.query_one("#browse-detail"))
        shown = ui.text(app.screen.query_one("#browse-recs"))
        assert recs.current.title in shown
        assert not app.loading  # the loading bar is gone
        # the empty box was searched once, and "more like this" asked once, for the top title
        assert searches == [""]
        assert [t.id for t in picks] == [top.id]
        # the start's picks are the ones a later ask gives
        assert [m.title.id for m in recs.matches] == \
            [m.title.id for m in watchnext.similar(small_catalog, top, len(recs.matches))]
        # and typing searches as before
        await ui.search(pilot, "oldboy")
        assert results.current.id == "wn-oldboy-2003"


async def test_results_found_while_textual_loads_are_on_the_first_frame(make, ui, small_catalog,
                                                                          monkeypatch):
    """run_app starts the start's thread before textual is imported: when the catalog and the
    first results are ready before the app mounts, its first screen shows them (not "Loading
    the catalog"), and the picks follow once they are painted."""
    from watchnext.tui.startup import Startup

    monkeypatch.setattr(watchnext.catalog, "load_catalog", lambda *a, **k: small_catalog)
    picks = counting(monkeypatch, sys.modules["watchnext.similar"], "similar")
    said: list[str] = []  # what the status line said, in order
    real_status = BrowseScreen._status
    monkeypatch.setattr(BrowseScreen, "_status",
                        lambda self, content: (said.append(str(content)),
                                               real_status(self, content)))
    startup = Startup().start()
    hits = startup.hits.result(timeout=30)
    time.sleep(0.2)
    assert picks == []  # the picks wait for the results to be on screen (not competing)
    app = make(catalog=None, startup=startup)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert screen.searches == 1
        assert said and "results" in said[0], said  # never "Loading the catalog…"
        results = screen.query_one(ResultsList)
        assert results.current.id == hits[0].title.id
        recs = await wait_for_picks(app, pilot, ui)
        assert recs.option_count
        assert [t.id for t in picks] == [hits[0].title.id]  # asked once, by the start


async def test_a_failed_catalog_says_so(make, ui, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("catalog.sqlite: disk I/O error")

    monkeypatch.setattr(watchnext.catalog, "load_catalog", broken)
    app = make(catalog=None)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        said = [n.message for n in app._notifications]
        assert any("Cannot load the catalog" in m and "disk I/O error" in m for m in said), said
        assert not app.loading


# ------------------------------------------------------------------ the footer's a


def footer(app) -> list[str]:
    return app.screen.query_one(FitFooter).shown_keys()


async def test_footer_says_what_a_does_on_the_title(make, ui):
    app = make()
    async with app.run_test(size=(160, 50)) as pilot:
        await ui.settle(app, pilot)
        results = app.screen.query_one(ResultsList)
        top = results.current
        assert top.id not in app.entries
        assert "a Add" in footer(app)
        await pilot.press("a")
        await ui.settle(app, pilot)
        assert top.id in app.entries
        assert "a Remove" in footer(app) and "a Add" not in footer(app)
        await pilot.press("j")  # a title that is not on the list
        await ui.settle(app, pilot)
        assert results.current.id not in app.entries
        assert "a Add" in footer(app)
        await pilot.press("k")
        await ui.settle(app, pilot)
        assert "a Remove" in footer(app)
        await pilot.press("enter")  # the Title screen says the same
        await ui.settle(app, pilot)
        assert isinstance(app.screen, TitleScreen)
        assert "a Remove" in footer(app)
        await pilot.press("a")  # a takes it off (nothing but a status: no question)
        await ui.settle(app, pilot)
        assert top.id not in app.entries
        assert "a Add" in footer(app)
        await pilot.press("a", "w")  # every entry of the watchlist is on it
        await ui.settle(app, pilot)
        assert isinstance(app.screen, WatchlistScreen)
        assert "a Remove" in footer(app)


async def test_footer_on_a_pick_already_on_the_list(make, ui, wl_path):
    app = make()
    async with app.run_test(size=(160, 50)) as pilot:
        await ui.settle(app, pilot)
        recs = await wait_for_picks(app, pilot, ui)
        recs.focus()
        await ui.settle(app, pilot)
        assert "a Add pick" in footer(app)
        await pilot.press("a")
        await ui.settle(app, pilot)
        assert recs.current.id in app.entries
        assert "a Remove pick" in footer(app)


# ------------------------------------------------------------------ the watchlist line


def test_a_line_never_ends_or_starts_with_a_separator():
    from textual.content import Content

    parts = [Content("On your watchlist: ✓ watched"), Content("★★★★½ (4.5/5)"), Content("#korea"),
             Content("“the stairs, the rain, the basement: everything”")]
    for width in range(20, 120):
        lines = pack(parts, width).plain.split("\n")
        assert all(not line.rstrip().endswith("·") and not line.lstrip().startswith("·")
                   for line in lines), (width, lines)
    assert pack(parts, 200).plain.count(" · ") == 3  # one line when it fits


async def test_watched_title_line_has_no_stray_separator(make, ui, wl_path, small_catalog):
    wl = Watchlist.open(wl_path)
    wl.add(small_catalog.get("wn-oldboy-2003"), status="watched")
    wl.update("wn-oldboy-2003", rating=4.5, tags=("korea",),
              note="the hallway fight, the octopus, the ending")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await ui.search(pilot, "oldboy")
        await pilot.press("escape")
        await ui.settle(app, pilot)
        status = ui.text(app.screen.query_one("#detail-status"))
        assert "✓ watched" in status and "★★★★½" in status and "#korea" in status
        for line in status.splitlines():
            assert not line.rstrip().endswith("·") and not line.lstrip().startswith("·"), status
        await pilot.press("w")
        await ui.settle(app, pilot)
        preview = ui.text(app.screen.query_one("#watchlist-preview"))
        assert "Oldboy" in preview and "✓ watched" in preview
        for line in preview.splitlines():
            assert not line.rstrip().endswith("·") and not line.lstrip().startswith("·"), preview
