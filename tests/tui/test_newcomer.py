"""Issue 12, "a newcomer's first hour": each app defect a new user tripped on, as a key path."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from watchnext.tui.screens.browse import BrowseScreen, SearchBox
from watchnext.tui.screens.title import TitleScreen
from watchnext.tui.widgets.detail import DetailPane, facts
from watchnext.tui.widgets.recommendations import RecommendationList
from watchnext.tui.widgets.results import ResultsList
from watchnext.watchlist import Watchlist

SMALL = (80, 24)


def _footer_text(app) -> str:
    """The footer line as a person sees it."""
    return [strip.text for strip in app.screen._compositor.render_strips()][-1]


# ------------------------------------------------------------------ 1. keys type letters


async def test_first_keys_are_commands_and_the_footer_shows_them(make, ui):
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        assert isinstance(app.focused, ResultsList)
        shown = _footer_text(app)
        for label in ("Search", "Add", "Watchlist", "Help", "Quit"):
            assert label in shown
        await pilot.press("w")
        await ui.settle(app, pilot)
        assert app.screen.id == "watchlist"  # w opened the watchlist, not a "w" query


async def test_slash_searches_and_escape_then_q_quits_without_touching_the_query(make, ui):
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        await ui.search(pilot, "korean")
        assert isinstance(app.focused, SearchBox)
        # while typing, the footer shows only keys that work in the box
        shown = _footer_text(app)
        assert "Open top" in shown and "Quit" in shown
        assert "Add" not in shown and "Watchlist" not in shown
        await pilot.press("escape")
        assert isinstance(app.focused, ResultsList)
        assert app.screen.query_one(SearchBox).value == "korean"
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0  # q quit the app (it used to replace the query with "q")


async def test_a_letter_that_is_no_command_starts_a_search(make, ui):
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        await pilot.press(*"oldboy")
        await ui.settle(app, pilot)
        assert app.screen.query_one(SearchBox).value == "oldboy"
        assert app.screen.query_one(ResultsList).current.id == "wn-oldboy-2003"


# ------------------------------------------------------------------ 4. the synopsis is reachable


async def test_detail_pane_takes_focus_and_scrolls(make, ui, small_catalog):
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        await ui.search(pilot, "parasite")
        await pilot.press("escape", "tab")
        pane = app.screen.query_one(DetailPane)
        assert app.focused is pane
        last_label = facts(small_catalog.get("wn-parasite-2019"), small_catalog)[-1][0]
        assert last_label not in ui.text(pane)  # at 80x24 the end of the pane is out of view
        await pilot.press("end")
        await pilot.pause(0.3)
        assert pane.scroll_y == pane.max_scroll_y > 0
        assert last_label in ui.text(pane)
        await pilot.press("home")
        await pilot.pause(0.3)
        assert pane.scroll_y == 0


# ------------------------------------------------------------------ 6. one rule for the title keys


async def test_title_keys_act_on_the_focused_part_and_the_footer_says_which(make, ui, wl_path):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(app, pilot)
        await ui.search(pilot, "parasite")
        await pilot.press("enter")
        await ui.settle(app, pilot)
        assert isinstance(app.screen, TitleScreen)
        assert "Add pick" not in _footer_text(app)
        await pilot.press("a")  # the detail pane has focus: the title itself
        await ui.settle(app, pilot)
        assert "wn-parasite-2019" in app.entries
        await pilot.press("tab")
        recs = app.screen.query_one(RecommendationList)
        assert app.focused is recs
        assert "Add pick" in _footer_text(app)
        pick = recs.current.id
        await pilot.press("a")
        await ui.settle(app, pilot)
        assert pick in app.entries
    assert {e.id for e in Watchlist.open(wl_path).entries()} == {"wn-parasite-2019", pick}


# ------------------------------------------------------------------ 12. no terminal


def test_no_terminal_prints_a_hint_and_the_help_and_fails(use_small_catalog):
    proc = subprocess.run([sys.executable, "-m", "watchnext"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60, env=os.environ.copy())
    assert proc.returncode == 2
    assert "needs a terminal" in proc.stderr.splitlines()[0]
    assert "usage: watchnext" in proc.stderr
    assert "\x1b" not in proc.stdout + proc.stderr


# ------------------------------------------------------------------ 2. a never destroys data


async def test_a_on_a_rich_entry_asks_first_and_ctrl_z_brings_it_back(make, ui, small_catalog,
                                                                      wl_path):
    from watchnext.tui.screens.edit import ConfirmDialog

    wl = Watchlist.open(wl_path)
    wl.add(small_catalog.get("wn-parasite-2019"), status="watched", rating=5, note="twice",
           tags=("korea",), added="2024-01-02", watched="2024-01-10")
    before = Watchlist.open(wl_path).get("wn-parasite-2019")
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        await ui.search(pilot, "parasite")
        await pilot.press("escape", "a")
        await ui.settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "rating" in ui.screen_text(app) and "note" in ui.screen_text(app)
        await pilot.press("n")  # keep it
        await ui.settle(app, pilot)
        assert Watchlist.open(wl_path).get("wn-parasite-2019") == before
        await pilot.press("a", "y")  # take it off
        await ui.settle(app, pilot)
        assert Watchlist.open(wl_path).get("wn-parasite-2019") is None
        await pilot.press("ctrl+z")
        await ui.settle(app, pilot)
        assert Watchlist.open(wl_path).get("wn-parasite-2019") == before  # every field back


async def test_a_on_a_bare_entry_toggles_and_undo_takes_an_add_back(make, ui, wl_path):
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        await ui.search(pilot, "oldboy")
        await pilot.press("escape", "a")
        await ui.settle(app, pilot)
        assert "wn-oldboy-2003" in Watchlist.open(wl_path)
        await pilot.press("ctrl+z")
        await ui.settle(app, pilot)
        assert "wn-oldboy-2003" not in Watchlist.open(wl_path)


# ------------------------------------------------------------------ 3. every reason readable


async def test_the_highlighted_pick_shows_all_its_reasons(make, ui):
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        await ui.search(pilot, "parasite")
        await pilot.press("enter")
        await ui.settle(app, pilot)
        await pilot.press("tab")
        recs = app.screen.query_one(RecommendationList)
        match = recs.current_match
        why = " ".join(ui.text(app.screen.query_one("#title-recs-why")).split())
        for reason in match.reasons:
            assert reason in why
        await pilot.press("down")
        await pilot.pause()
        why = " ".join(ui.text(app.screen.query_one("#title-recs-why")).split())
        assert recs.current_match.title.title in why


# ------------------------------------------------------------------ 5. feedback while loading


def _slow_catalog(monkeypatch, catalog):
    """The catalog loads only once the returned event is set."""
    import threading

    import watchnext.catalog

    release = threading.Event()

    def slow_load(*args, **kwargs):
        release.wait(10)
        return catalog

    monkeypatch.setattr(watchnext.catalog, "load_catalog", slow_load)
    return release


async def test_loading_shows_progress_and_enter_opens_the_top_result_once_loaded(
        make, ui, small_catalog, monkeypatch):
    release = _slow_catalog(monkeypatch, small_catalog)
    app = make(catalog=None)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        from watchnext.tui.screens.base import LoadingBar

        bar = app.screen.query_one(LoadingBar)
        assert bar.display and "Loading the catalog" in ui.text(bar)
        await pilot.press("slash", *"oldboy", "enter")  # pressed while loading
        await pilot.pause()
        release.set()
        for _ in range(50):
            await ui.settle(app, pilot)
            if isinstance(app.screen, TitleScreen):
                break
        assert isinstance(app.screen, TitleScreen)
        assert app.screen.title_obj.id == "wn-oldboy-2003"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not app.screen.query_one(LoadingBar).display  # warm-up done: the bar is gone


async def test_letters_typed_while_loading_all_reach_the_search_box(make, ui, small_catalog, monkeypatch):
    """"stranger" typed the moment the app opens: s, t, r, a and n are watchlist commands on
    the list, but while the catalog loads there is no title to act on, so every letter types
    (the query was "ger things")."""
    release = _slow_catalog(monkeypatch, small_catalog)
    app = make(catalog=None)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press(*"stranger")
        await pilot.pause()
        assert app.screen.query_one("#search").value == "stranger"
        release.set()
        await app.workers.wait_for_complete()
        await ui.settle(app, pilot)
        assert app.screen.query_one("#search").value == "stranger"
        await pilot.press("escape", "a")  # loaded: on the list, a letter is a command again
        await ui.settle(app, pilot)
        assert app.screen.query_one("#search").value == "stranger"


# ------------------------------------------------------------------ 7. progress is for series


async def test_progress_on_a_film_is_refused(make, ui, wl_path):
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        await ui.search(pilot, "oldboy")
        await pilot.press("escape", "e")
        await ui.settle(app, pilot)
        assert isinstance(app.screen, BrowseScreen)  # no dialog
        assert "progress is for series" in " ".join(str(n.message) for n in app._notifications)
        assert "wn-oldboy-2003" not in Watchlist.open(wl_path)


def test_cli_refuses_progress_on_a_film_with_the_same_words(use_small_catalog):
    env = os.environ.copy()
    run = lambda *a: subprocess.run([sys.executable, "-m", "watchnext", "watchlist", *a],  # noqa: E731
                                    capture_output=True, text=True, env=env, timeout=60)
    assert run("add", "--id", "wn-oldboy-2003").returncode == 0
    proc = run("set", "--id", "wn-oldboy-2003", "--progress", "S1E2")
    assert proc.returncode != 0 and "progress is for series" in proc.stderr


# ------------------------------------------------------------------ 8. tags and priority


async def test_tags_and_priority_are_edited_in_the_app(make, ui, wl_path):
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        await ui.search(pilot, "oldboy")
        await pilot.press("escape", "t", *ui.keys("korea, with Sam"), "enter")
        await ui.settle(app, pilot)
        await pilot.press("plus", "plus", "minus", "plus")
        await ui.settle(app, pilot)
    entry = Watchlist.open(wl_path).get("wn-oldboy-2003")
    assert entry.tags == ("korea", "with Sam")
    assert entry.priority == 2


async def test_tag_filter_without_tags_says_how_to_tag(make, ui, small_catalog, wl_path):
    Watchlist.open(wl_path).add(small_catalog.get("wn-oldboy-2003"))
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("w")
        await ui.settle(app, pilot)
        await pilot.press("number_sign")
        await pilot.pause()
        assert "No tags yet" in " ".join(str(n.message) for n in app._notifications)


# ------------------------------------------------------------------ 10. sort tie-breaks


async def test_watchlist_sorts_break_ties_a_to_z_and_default_matches_the_cli(make, ui,
                                                                           small_catalog,
                                                                           wl_path):
    from textual.widgets import Select

    wl = Watchlist.open(wl_path)
    for tid, added in (("wn-oldboy-2003", "2024-01-01"), ("wn-parasite-2019", "2024-02-01"),
                       ("wd-Q1", "2024-03-01")):
        wl.add(small_catalog.get(tid), added=added)  # none rated, all priority 0
    by_title = sorted(wl.entries(), key=lambda e: e.title.casefold())
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("w")
        await ui.settle(app, pilot)
        screen = app.screen
        assert [e.id for e in screen.shown] == ["wn-oldboy-2003", "wn-parasite-2019", "wd-Q1"]
        for how in ("rating", "priority"):
            screen.query_one("#sort", Select).value = how
            await ui.settle(app, pilot)
            assert [e.id for e in screen.shown] == [e.id for e in by_title]  # A to Z
    env = os.environ.copy()
    out = subprocess.run([sys.executable, "-m", "watchnext", "watchlist", "--json"],
                         capture_output=True, text=True, env=env, timeout=60).stdout
    import json

    assert [d["id"] for d in json.loads(out)] == ["wn-oldboy-2003", "wn-parasite-2019", "wd-Q1"]


# ------------------------------------------------------------------ 11. the status dialog


async def test_take_it_off_has_its_own_mark_and_progress_says_it_added(make, ui, small_catalog,
                                                                       wl_path):
    from watchnext.tui.screens.edit import StatusDialog

    Watchlist.open(wl_path).add(small_catalog.get("wn-oldboy-2003"), status="dropped")
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        await ui.search(pilot, "oldboy")
        await pilot.press("escape", "s")
        await ui.settle(app, pilot)
        assert isinstance(app.screen, StatusDialog)
        lines = ui.screen_text(app).splitlines()
        dropped = next(line for line in lines if "dropped" in line)
        take_off = next(line for line in lines if "take it off" in line)
        assert "✗" in dropped and "✗" not in take_off
        await pilot.press("escape")
        series = next(t for t in small_catalog.titles if t.kind == "series")
        app.set_progress(series.id, "S1E2")
        await ui.settle(app, pilot)
        said = " ".join(str(n.message) for n in app._notifications)
        assert "added to your watchlist as watching" in said
    assert Watchlist.open(wl_path).get(series.id).status == "watching"


# ------------------------------------------------------------------ 9. For you: films or series


async def test_for_you_f_keeps_films_or_series_and_names_the_dislikes(make, ui, small_catalog,
                                                                     wl_path):
    from watchnext.tui.screens.foryou import ForYouScreen

    wl = Watchlist.open(wl_path)
    wl.add(small_catalog.get("wn-parasite-2019"), status="watched", rating=5)
    wl.add(small_catalog.get("wn-oldboy-2003"), status="watched", rating=0.5)
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("y")
        await ui.settle(app, pilot)
        assert isinstance(app.screen, ForYouScreen)
        assert "less like Oldboy" in ui.text(app.screen.query_one("#foryou-basis"))
        recs = app.screen.query_one(RecommendationList)
        assert {m.title.kind for m in recs.matches} == {"film", "series"}
        await pilot.press("f")  # films only
        await ui.settle(app, pilot)
        assert {m.title.kind for m in recs.matches} == {"film"}
        await pilot.press("f")  # series only
        await ui.settle(app, pilot)
        assert {m.title.kind for m in recs.matches} == {"series"}
        assert "series only" in ui.text(app.screen.query_one("#foryou-basis"))


async def test_compiling_a_stale_catalog_shows_what_it_does_in_the_bar(
        make, ui, small_catalog, monkeypatch):
    """The loader's progress (compiling the catalog, about a minute) reaches the app's bar, not
    its terminal: a newcomer sees what the wait is for."""
    import threading

    import watchnext.catalog
    from watchnext.loader import progress

    release, said = threading.Event(), threading.Event()

    def slow_load(*args, **kwargs):
        progress("compiling the catalog (once)")
        said.set()
        release.wait(10)
        progress("")
        return small_catalog

    monkeypatch.setattr(watchnext.catalog, "load_catalog", slow_load)
    app = make(catalog=None)
    async with app.run_test(size=SMALL) as pilot:
        said.wait(5)
        for _ in range(20):
            await pilot.pause()
            if app.loading and "compiling" in app.loading[0]:
                break
        from watchnext.tui.screens.base import LoadingBar

        assert "compiling the catalog" in ui.text(app.screen.query_one(LoadingBar))
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
