"""Pilot tests: every key path of the app, on the small test catalog and tmp files."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import pytest
from textual.widgets import Input, Select

from watchnext.tui.screens.browse import BrowseScreen, SearchBox
from watchnext.tui.screens.edit import StatusDialog, TextDialog
from watchnext.tui.screens.filters import FiltersScreen
from watchnext.tui.screens.foryou import ForYouScreen
from watchnext.tui.screens.help import HelpScreen
from watchnext.tui.screens.title import TitleScreen
from watchnext.tui.screens.watchlist import WatchlistScreen, WatchlistTable
from watchnext.tui.widgets.detail import DetailPane
from watchnext.tui.widgets.recommendations import RecommendationList
from watchnext.tui.widgets.results import ResultsList
from watchnext.watchlist import Watchlist

SIZE = (100, 30)


def result_ids(app) -> list[str]:
    results = app.screen.query_one(ResultsList)
    return [o.title.id for o in results.options]


async def type_query(pilot, ui, text: str) -> None:
    await ui.search(pilot, text)


# ------------------------------------------------------------------ search


async def test_first_screen_lists_titles_and_focuses_the_list(make, ui):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert isinstance(app.focused, ResultsList)  # letters are commands; / searches
        assert len(result_ids(app)) >= 10
        assert "result" in ui.text(app.screen.query_one("#browse-status"))


async def test_typing_searches_as_you_type(make, ui):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await type_query(pilot, ui, "oldboy")
        assert result_ids(app)[0] == "wn-oldboy-2003"
        assert app.screen.shown_query == "oldboy"
        # the detail pane follows the highlighted (top) result
        assert "Oldboy" in ui.text(app.screen.query_one("#detail-heading"))


async def test_stale_results_are_dropped(make, ui):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("slash")
        for ch in "john wick":
            await pilot.press("space" if ch == " " else ch)  # no waiting between keys
        await ui.settle(app, pilot)
        assert app.screen.shown_query == "john wick"
        assert result_ids(app)[0] == "wd-Q1"


async def test_query_filters_and_no_match_message(make, ui):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await type_query(pilot, ui, "kind:series")
        ids = result_ids(app)
        assert ids and all(app.catalog.get(i).kind == "series" for i in ids)
        app.screen.query_one(SearchBox).value = "zzzzqqqq"
        await ui.settle(app, pilot)
        assert result_ids(app) == []
        assert "No titles match" in ui.text(app.screen.query_one("#browse-status"))
        assert "No titles match" in ui.text(app.screen.query_one("#detail-heading"))  # and why


async def test_enter_in_search_opens_top_result(make, ui):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await type_query(pilot, ui, "parasite")
        await pilot.press("enter")
        await ui.settle(app, pilot)
        assert isinstance(app.screen, TitleScreen)
        assert app.screen.title_obj.id == "wn-parasite-2019"


async def test_down_moves_into_list_and_j_k_move(make, ui):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        results = app.screen.query_one(ResultsList)
        assert app.focused is results
        assert results.highlighted == 0
        await pilot.press("j", "j")
        assert results.highlighted == 2
        await pilot.press("k")
        assert results.highlighted == 1
        await pilot.press("down")
        assert results.highlighted == 2
        # the detail pane shows the highlighted title
        await ui.settle(app, pilot)
        title = results.current
        assert title.title in ui.text(app.screen.query_one("#detail-heading"))
        # escape in the list stays there (the next letter must not land in the query); '/'
        # goes to the search box, escape comes back
        await pilot.press("escape")
        assert app.focused is results
        await pilot.press("slash")
        assert isinstance(app.focused, SearchBox)
        await pilot.press("escape")
        assert app.focused is results


async def test_detail_pane_shows_every_fact(make, ui):
    app = make()
    async with app.run_test(size=(160, 50)) as pilot:
        await ui.settle(app, pilot)
        await type_query(pilot, ui, "ballerina 2023")
        text = ui.text(app.screen.query_one(DetailPane))
        for fact in ("Ballerina", "2023", "film", "93 min", "South Korea", "Action",
                     "revenge", "Lee Chung-hyun", "Jeon Jong-seo", "Netflix",
                     "True story", "former bodyguard", "Not on your watchlist"):
            assert fact in text, fact


# ------------------------------------------------------------------ title screen and the trail


async def test_open_title_follow_recommendations_and_go_back(make, ui):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await type_query(pilot, ui, "john wick")
        await pilot.press("down", "enter")
        await ui.settle(app, pilot)
        first = app.screen
        assert isinstance(first, TitleScreen) and first.title_obj.id == "wd-Q1"
        recs = first.query_one(RecommendationList)
        assert isinstance(app.focused, DetailPane)  # the title keys act on the title itself
        await pilot.press("tab")
        assert app.focused is recs and recs.option_count > 0
        # the sequel comes first, with its reason
        assert recs.matches[0].title.id == "wd-Q2"
        assert recs.matches[0].reasons
        await pilot.press("enter")
        await ui.settle(app, pilot)
        second = app.screen
        assert isinstance(second, TitleScreen) and second.title_obj.id == "wd-Q2"
        assert [t.id for t in second.trail] == ["wd-Q1", "wd-Q2"]
        assert "John Wick: Chapter 2" in ui.text(second.query_one("#trail"))
        await pilot.press("tab", "j", "enter")
        await ui.settle(app, pilot)
        third = app.screen
        assert isinstance(third, TitleScreen) and len(third.trail) == 3
        await pilot.press("escape")
        assert app.screen is second
        await pilot.press("backspace")
        assert app.screen is first
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_mouse_click_opens_a_result(make, ui):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await type_query(pilot, ui, "oppenheimer")
        await pilot.click(ResultsList, offset=(4, 1))
        await ui.settle(app, pilot)
        assert isinstance(app.screen, TitleScreen)
        assert app.screen.title_obj.id == "wd-Q20"


# ------------------------------------------------------------------ watchlist keys


async def test_a_toggles_watchlist_and_file_changes(make, ui, wl_path):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await type_query(pilot, ui, "parasite")
        await pilot.press("down", "a")
        await ui.settle(app, pilot)
        assert "wn-parasite-2019" in wl_path.read_text()
        assert Watchlist.open(wl_path).get("wn-parasite-2019").status == "want"
        # the mark shows in the list and the detail pane
        assert "+ Parasite" in ui.text(app.screen.query_one(ResultsList))
        assert "On your watchlist" in ui.text(app.screen.query_one(DetailPane))
        await pilot.press("a")
        await ui.settle(app, pilot)
        assert Watchlist.open(wl_path).get("wn-parasite-2019") is None


async def test_a_on_title_screen_acts_on_that_title(make, ui, wl_path):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await type_query(pilot, ui, "oldboy")
        await pilot.press("enter")
        await ui.settle(app, pilot)
        await pilot.press("a")
        await ui.settle(app, pilot)
        assert Watchlist.open(wl_path).get("wn-oldboy-2003") is not None


async def test_status_rating_note_progress_dialogs(make, ui, wl_path):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await type_query(pilot, ui, "squid game")
        await pilot.press("down")
        # s: status (adds the title when it is not on the list)
        await pilot.press("s")
        assert isinstance(app.screen, StatusDialog)
        await pilot.press("2")  # watching
        await ui.settle(app, pilot)
        assert Watchlist.open(wl_path).get("nf-s100").status == "watching"
        # r: a bad rating is refused inside the dialog, a good one saved
        await pilot.press("r")
        assert isinstance(app.screen, TextDialog)
        await pilot.press("9", "enter")
        assert isinstance(app.screen, TextDialog)
        assert "rating" in ui.text(app.screen.query_one("#dialog-error"))
        await pilot.press("backspace", "4", "full_stop", "5", "enter")
        await ui.settle(app, pilot)
        assert Watchlist.open(wl_path).get("nf-s100").rating == 4.5
        # n: note
        await pilot.press("n")
        await pilot.press(*"tense", "enter")
        await ui.settle(app, pilot)
        assert Watchlist.open(wl_path).get("nf-s100").note == "tense"
        # e: progress
        await pilot.press("e", "s", "1", "e", "4", "enter")
        await ui.settle(app, pilot)
        assert Watchlist.open(wl_path).get("nf-s100").progress == "S1E4"
        # escape cancels a dialog without a change
        await pilot.press("s", "escape")
        await ui.settle(app, pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert Watchlist.open(wl_path).get("nf-s100").status == "watching"
        # s then 5 takes it off the list (once confirmed: it has a rating, a note, progress)
        await pilot.press("s", "5")
        await ui.settle(app, pilot)
        assert Watchlist.open(wl_path).get("nf-s100") is not None
        await pilot.press("y")
        await ui.settle(app, pilot)
        assert Watchlist.open(wl_path).get("nf-s100") is None


async def test_rating_a_title_not_on_the_list_adds_it_as_watched(make, ui, wl_path):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await type_query(pilot, ui, "amelie")
        await pilot.press("down", "r", "5", "enter")
        await ui.settle(app, pilot)
        entry = Watchlist.open(wl_path).get("nf-s400")
        assert entry.status == "watched" and entry.rating == 5


# ------------------------------------------------------------------ the watchlist screen


@pytest.fixture
def filled_watchlist(small_catalog, wl_path):
    wl = Watchlist.open(wl_path)
    cat = small_catalog
    wl.add(cat.get("wn-parasite-2019"), status="watched", rating=5, added="2024-01-02",
           watched="2024-01-10", tags=("korea",))
    wl.add(cat.get("nf-s100"), status="watching", progress="S1E4", added="2024-02-01",
           tags=("korea", "binge"))
    wl.add(cat.get("wd-Q1"), status="want", priority=2, added="2024-03-01", note="with Sam")
    wl.add(cat.get("wd-Q10"), status="dropped", added="2024-03-05")
    wl.add(cat.get("wn-oldboy-2003"), status="watched", rating=4.5, added="2024-03-09",
           watched="2024-03-09")
    return wl


async def test_w_opens_watchlist_filter_sort_pick_edit(make, ui, filled_watchlist, wl_path):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("escape")  # out of the search box: w is a key, not a letter
        await pilot.press("w")
        await ui.settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, WatchlistScreen)
        table = screen.query_one(WatchlistTable)
        assert table.row_count == 5
        assert "5 entries" in ui.text(screen.query_one("#watchlist-heading"))
        # as the CLI lists it: added, oldest first
        assert screen.shown[0].id == "wn-parasite-2019"
        # status filter (v cycles: want first)
        await pilot.press("v")
        await ui.settle(app, pilot)
        assert [e.id for e in screen.shown] == ["wd-Q1"]
        await pilot.press("v", "v")  # watching, watched
        await ui.settle(app, pilot)
        assert {e.status for e in screen.shown} == {"watched"}
        screen.query_one("#filter-status", Select).value = Select.NULL
        # tag filter
        screen.query_one("#filter-tag", Select).value = "korea"
        await ui.settle(app, pilot)
        assert {e.id for e in screen.shown} == {"wn-parasite-2019", "nf-s100"}
        screen.query_one("#filter-tag", Select).value = Select.NULL
        # sort by title
        screen.query_one("#sort", Select).value = "title"
        await ui.settle(app, pilot)
        assert [e.title for e in screen.shown][:2] == ["John Wick", "Oldboy"]
        # pick for me: the only 'want' entry
        table.focus()
        await pilot.press("p")
        await ui.settle(app, pilot)
        assert screen.current_id() == "wd-Q1"
        # edit in place: rating and status of the highlighted entry
        await pilot.press("r", "3", "enter")
        await ui.settle(app, pilot)
        assert Watchlist.open(wl_path).get("wd-Q1").rating == 3
        await pilot.press("s", "3")
        await ui.settle(app, pilot)
        assert Watchlist.open(wl_path).get("wd-Q1").status == "watched"
        assert "★★★" in ui.text(table)
        # enter opens the title; escape comes back
        await pilot.press("enter")
        await ui.settle(app, pilot)
        assert isinstance(app.screen, TitleScreen) and app.screen.title_obj.id == "wd-Q1"
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_empty_watchlist_says_how_to_add(make, ui):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("escape", "w")
        await ui.settle(app, pilot)
        assert "empty" in ui.text(app.screen.query_one("#watchlist-preview"))
        await pilot.press("p")  # nothing to pick: a notification, no crash
        await ui.settle(app, pilot)


async def test_cli_change_shows_after_refresh(make, ui, filled_watchlist, use_small_catalog):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("escape", "w")
        await ui.settle(app, pilot)
        assert app.screen.query_one(WatchlistTable).row_count == 5
        subprocess.run([sys.executable, "-m", "watchnext", "watchlist", "add", "--id", "wd-Q20"],
                       check=True, capture_output=True, env=os.environ.copy())
        await pilot.press("ctrl+r")
        await ui.settle(app, pilot)
        assert app.screen.query_one(WatchlistTable).row_count == 6
        assert "wd-Q20" in app.entries


async def test_change_on_disk_shows_when_screen_is_shown(make, ui, filled_watchlist, wl_path,
                                                         small_catalog):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("escape", "w")
        await ui.settle(app, pilot)
        await pilot.press("escape")
        Watchlist.open(wl_path).remove("wd-Q1")
        await pilot.press("w")
        await ui.settle(app, pilot)
        assert app.screen.query_one(WatchlistTable).row_count == 4


async def test_corrupt_watchlist_is_read_only_with_banner(make, ui, wl_path):
    wl_path.parent.mkdir(parents=True)
    wl_path.write_text("version = 1\n[[entries]]\nid = \n")
    before = wl_path.read_bytes()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        banner = app.screen.query_one(".banner")
        assert banner.display
        text = " ".join(line.strip() for line in ui.text(banner).splitlines())
        assert "read-only" in text and "line 3" in text
        assert str(wl_path) in text.replace(" ", "")
        await pilot.press("down", "a")
        await ui.settle(app, pilot)
        assert any(n.severity == "error" for n in app._notifications)
        await pilot.press("s")
        assert not isinstance(app.screen, StatusDialog)  # no dialog for a read-only list
        await pilot.press("w")
        await ui.settle(app, pilot)
        assert app.screen.query_one(".banner").display
    assert wl_path.read_bytes() == before


# ------------------------------------------------------------------ for you


async def test_for_you_ranks_from_liked_titles(make, ui, filled_watchlist):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("escape", "y")
        await ui.settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ForYouScreen) and screen.loaded
        recs = screen.query_one(RecommendationList)
        ids = [m.title.id for m in recs.matches]
        assert ids and not set(ids) & set(app.entries)
        assert all(m.reasons for m in recs.matches[:3])
        assert "Parasite" in ui.text(screen.query_one("#foryou-basis"))
        await pilot.press("enter")
        await ui.settle(app, pilot)
        assert isinstance(app.screen, TitleScreen)


async def test_for_you_empty_state(make, ui):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("escape", "y")
        await ui.settle(app, pilot)
        assert "nothing to go on" in ui.text(app.screen.query_one("#foryou-basis"))


# ------------------------------------------------------------------ filters


async def test_filter_panel_changes_results_and_combines_with_search(make, ui, filled_watchlist):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        all_ids = result_ids(app)
        await pilot.press("escape", "f")
        await ui.settle(app, pilot)
        panel = app.screen
        assert isinstance(panel, FiltersScreen)
        panel.query_one("#f-kind", Select).value = "film"
        panel.query_one("#f-country", Select).value = "South Korea"
        await pilot.press("ctrl+s")
        await ui.settle(app, pilot)
        ids = result_ids(app)
        assert ids and len(ids) < len(all_ids)
        for i in ids:
            t = app.catalog.get(i)
            assert t.kind == "film" and "South Korea" in t.countries
        assert "kind:film" in ui.text(app.screen.query_one("#browse-status"))
        # with the search box: both apply
        app.screen.query_one(SearchBox).focus()
        await type_query(pilot, ui, "revenge")
        assert set(result_ids(app)) <= set(ids)
        assert "wn-ballerina-2025" not in result_ids(app)  # a US film, filtered out
        # hide watched and a year range, typed in the panel
        await pilot.press("escape", "f")
        panel = app.screen
        panel.query_one("#f-hide-watched").value = True
        panel.query_one("#f-year-min", Input).value = "2000"
        panel.query_one("#f-year-max", Input).value = "2010"
        await pilot.press("ctrl+s")
        await ui.settle(app, pilot)
        ids = result_ids(app)
        assert "wn-oldboy-2003" not in ids  # watched
        assert all(2000 <= app.catalog.get(i).year <= 2010 for i in ids)
        # clear all
        assert not isinstance(app.focused, SearchBox)
        await pilot.press("f", "ctrl+l")
        await ui.settle(app, pilot)
        assert app.panel_filters.describe() == ""
        # cancel keeps the filters
        await pilot.press("f", "escape")
        assert isinstance(app.screen, BrowseScreen)


# ------------------------------------------------------------------ help, palette, quitting


async def test_help_lists_every_key(make, ui):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("escape", "question_mark")
        await ui.settle(app, pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Everywhere" in ui.text(app.screen.query_one("#help-table"))
        rows = app.screen.rows()
        ids = {r[3] for r in rows}
        for binding_id in ("watchlist.add", "watchlist.status", "watchlist.rating",
                           "watchlist.note", "app.watchlist", "browse.filters", "app.search",
                           "app.quit", "list.down", "list.up", "title.back", "watchlist.pick"):
            assert binding_id in ids, binding_id
        assert all(keys and what for _, keys, what, _ in rows)
        await pilot.press("escape")
        assert isinstance(app.screen, BrowseScreen)


async def test_command_palette_lists_actions(make, ui, wl_path):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("escape", "ctrl+p")
        await pilot.press(*"watchlist")
        await ui.settle(app, pilot)
        await pilot.pause(0.3)
        from textual.command import CommandList

        options = app.screen.query_one(CommandList)
        names = [str(o.prompt) for o in options.options]
        assert any("Watchlist" in n for n in names)
        # run "Add" from the palette: acts on the highlighted result
        for _ in "watchlist":
            await pilot.press("backspace")
        await pilot.press(*"Watchlist: Add")
        await ui.settle(app, pilot)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await ui.settle(app, pilot)
        assert len(Watchlist.open(wl_path).entries()) == 1


async def test_q_quits_when_not_typing_but_types_in_search(make, ui):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("slash", "q")
        await ui.settle(app, pilot)
        assert app.is_running
        assert app.screen.query_one(SearchBox).value == "q"
        await pilot.press("backspace")
        await ui.settle(app, pilot)
        await pilot.press("down")
        assert isinstance(app.focused, ResultsList)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_q_quits_while_typing(make, ui):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("slash", "o", "ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


# ------------------------------------------------------------------ literal text


async def test_markup_in_catalog_text_is_shown_literally(make, ui):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await ui.settle(app, pilot)
        await type_query(pilot, ui, "markup")
        results = app.screen.query_one(ResultsList)
        assert results.current.id == "nf-s300"
        assert "[bold]x[/]" in ui.text(results)
        detail = ui.text(app.screen.query_one(DetailPane))
        assert "[bold]x[/]" in detail and "[red]Nobody[/red]" in detail
        await pilot.press("down", "a")
        await ui.settle(app, pilot)
        await pilot.press("n", *"[i]hi[/i]", "enter")
        await ui.settle(app, pilot)
        assert app.entries["nf-s300"].note == "[i]hi[/i]"
        assert "[i]hi[/i]" in ui.text(app.screen.query_one(DetailPane))
        await pilot.press("enter")
        await ui.settle(app, pilot)
        assert "[bold]x[/]" in ui.text(app.screen.query_one("#trail"))


# ------------------------------------------------------------------ settings


async def test_theme_is_remembered_in_config(make, ui, config_path):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        app.theme = "nord"
        await pilot.pause()
    assert tomllib.loads(config_path.read_text())["theme"] == "nord"
    app2 = make()
    async with app2.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app2.theme == "nord"


async def test_bad_config_is_reported_and_never_overwritten(make, ui, config_path):
    config_path.parent.mkdir(parents=True)
    config_path.write_text('theme = "nord"\n[keys\n')
    before = config_path.read_bytes()
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert any(str(config_path) in m and "line 2" in m for m in messages), messages
        assert app.theme == "textual-dark"
        app.theme = "gruvbox"
        await pilot.pause()
    assert config_path.read_bytes() == before


async def test_remapped_key_from_config_works(make, ui, config_path, wl_path):
    config_path.parent.mkdir(parents=True)
    config_path.write_text('[keys]\n"watchlist.add" = "insert"\n"nonsense.id" = "x"\n')
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        assert any("nonsense.id" in n.message for n in app._notifications)
        await pilot.press("down", "insert")
        await ui.settle(app, pilot)
        assert len(Watchlist.open(wl_path).entries()) == 1
        await pilot.press("a")  # no longer bound: a letter that starts a search
        await ui.settle(app, pilot)
        assert len(Watchlist.open(wl_path).entries()) == 1
        await pilot.press("escape", "question_mark")
        await ui.settle(app, pilot)
        rows = {r[3]: r[1] for r in app.screen.rows()}
        assert rows["watchlist.add"] == "insert"


async def test_catalog_loads_in_a_worker_when_not_given(make, ui, use_small_catalog):
    app = make(catalog=None)
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await ui.settle(app, pilot)
        assert app.catalog is not None
        assert len(result_ids(app)) >= 10


def test_tui_is_imported_lazily():
    code = ("import sys, watchnext.cli, watchnext.tui; "
            "print(any(m.startswith('textual') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
