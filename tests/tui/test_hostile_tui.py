"""The app against hostile data and a busy watchlist: another watchnext holding the lock does
not freeze the screen, data never drives the terminal, a pasted page does not slow search."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os

from textual import events

from watchnext import paths
from watchnext.loader import load_catalog
from watchnext.tui.screens.browse import SearchBox
from watchnext.tui.screens.watchlist import WatchlistScreen, WatchlistTable
from watchnext.tui.widgets.detail import DetailPane
from watchnext.tui.widgets.results import ResultsList
from watchnext.watchlist import Watchlist

SIZE = (120, 34)


@contextlib.contextmanager
def lock_held(wl_path):
    """Another watchnext in the middle of a save: it holds the watchlist's lock."""
    wl_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(str(wl_path) + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        os.close(fd)


async def wait_until(pilot, condition, seconds: float = 10.0) -> bool:
    """Let the app run until condition() holds (without waiting for every worker: a save
    waiting for the lock is one)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def result_ids(app) -> list[str]:
    return [o.title.id for o in app.screen.query_one(ResultsList).options]


def notes(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_a_save_waiting_for_another_watchnext_does_not_freeze_the_screen(make, ui, wl_path):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("slash", *"parasite")
        await ui.settle(app, pilot)
        with lock_held(wl_path):
            await pilot.press("down", "a")  # returns: the save waits in its own thread
            banner = app.screen.query_one(".banner")
            assert await wait_until(pilot, lambda: banner.display)
            await pilot.pause()  # (the banner's text is drawn on the next frame)
            text = " ".join(ui.text(banner).split()).lower()
            assert "waiting for the watchlist (another watchnext is saving)" in text
            # keep browsing: a new search shows its results while the save waits
            await pilot.press("escape", "ctrl+u", *"oldboy")
            assert await wait_until(pilot, lambda: result_ids(app)[:1] == ["wn-oldboy-2003"])
            await pilot.press("down", "a")  # a second change queues behind the first
            await pilot.pause(0.2)
            assert not wl_path.exists() or "wn-parasite-2019" not in wl_path.read_text()
            assert banner.display
        # the other watchnext is done: both changes are saved, in order, and said so
        await ui.settle(app, pilot)
        wl = Watchlist.open(wl_path)
        assert wl.get("wn-parasite-2019") is not None and wl.get("wn-oldboy-2003") is not None
        assert not app.screen.query_one(".banner").display
        assert "Added Parasite" in notes(app) and "Added Oldboy" in notes(app)
        assert "+ Oldboy" in ui.text(app.screen.query_one(ResultsList))


EVIL_TITLE = "Evil\x1b[2J [bold]x[/]"
EVIL_NOTE = "note\x1b]0;pwned\x07 [bold]n[/] \x9b31m"


def _evil_files(wl_path) -> None:
    mine = paths.user_catalog_dir()
    mine.mkdir(parents=True, exist_ok=True)
    (mine / "evil.toml").write_text(
        '[[titles]]\nid = "u-evil"\ntitle = ' + json.dumps(EVIL_TITLE) + '\nyear = 2020\n'
        'kind = "film"\ngenres = ["Drama"]\nsynopsis = "Wipes\\u001b[2J the [i]screen[/i]."\n',
        encoding="utf-8")
    wl_path.parent.mkdir(parents=True, exist_ok=True)
    wl_path.write_text(
        'version = 1\n\n[[entries]]\nid = "u-evil"\ntitle = ' + json.dumps(EVIL_TITLE)
        + '\nyear = 2020\nstatus = "want"\nadded = "2024-01-01"\nnote = ' + json.dumps(EVIL_NOTE)
        + '\ntags = ["t\\u001b[31m", "[red]r[/]"]\n'
        '\n[[entries]]\nid = "gone-1"\ntitle = "Gone\\u001b[2J"\nyear = 1999\nstatus = "want"\n'
        'added = "2024-01-02"\nnote = "[link=x]y[/link]"\n', encoding="utf-8")


def assert_shown_as_data(text: str) -> None:
    assert not any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) <= 0x9f for c in text)


async def test_control_characters_and_markup_in_data_show_as_typed(make, ui, wl_path,
                                                                  small_catalog_dir):
    _evil_files(wl_path)
    app = make(catalog=load_catalog(small_catalog_dir, use_cache=False))
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        await pilot.press("slash", *"evil")
        await ui.settle(app, pilot)
        assert result_ids(app)[0] == "u-evil"
        screen = ui.screen_text(app)
        assert_shown_as_data(screen)
        assert "Evil\\x1b[2J [bold]x[/]" in ui.text(app.screen.query_one(ResultsList))
        detail = " ".join(ui.text(app.screen.query_one(DetailPane)).split())
        assert "Wipes\\x1b[2J the [i]screen[/i]." in detail
        assert "[bold]n[/]" in detail and "\\x1b]0;pwned\\x07" in detail and "\\x9b31m" in detail
        assert "#t\\x1b[31m" in detail and "#[red]r[/]" in detail

        await pilot.press("down", "w")
        await ui.settle(app, pilot)
        assert isinstance(app.screen, WatchlistScreen)
        table = ui.text(app.screen.query_one(WatchlistTable))
        assert_shown_as_data(ui.screen_text(app))
        assert "Gone\\x1b[2J" in table and "[link=x]y[/link]" in table
        assert "note\\x1b]0;pwned" in table
        # a message quoting the data is data too
        table = app.screen.query_one(WatchlistTable)
        table.move_cursor(row=table.get_row_index("gone-1"))  # not in the catalog
        await pilot.press("enter")
        await ui.settle(app, pilot)
        assert "Gone\\x1b[2J (1999) is not in the catalog" in notes(app)
        assert_shown_as_data(ui.screen_text(app))


async def test_no_control_character_reaches_the_terminal_whatever_draws_it(make, ui):
    """The last guard: text that did not come through the data path (a paste, a message
    with markup=False) is drawn without its control characters."""
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        box = app.screen.query_one(SearchBox)
        box.value = "x\x1b[2Jy\ud800z"
        await ui.settle(app, pilot)
        line = ui.text(box)
        assert "x[2Jy\ufffdz" in line
        assert_shown_as_data(ui.screen_text(app))


async def test_a_pasted_page_in_the_search_box_is_cut_with_a_message(make, ui):
    app = make()
    async with app.run_test(size=SIZE) as pilot:
        await ui.settle(app, pilot)
        box = app.screen.query_one(SearchBox)
        box.post_message(events.Paste("oldboy " + "x" * 100_000))
        await ui.settle(app, pilot)
        assert len(box.value) == 200 and box.value.startswith("oldboy x")
        assert "The search box holds 200 characters" in notes(app)
        await pilot.press("ctrl+u", *"oldboy")
        await ui.settle(app, pilot)
        assert result_ids(app)[0] == "wn-oldboy-2003"
