"""Snapshots of the main screens at 80x24 and 120x40 (small catalog, fixed watchlist dates,
no cursor blink, no file polling, notifications cleared: deterministic).

Update after a deliberate change: pytest tests/tui/test_snapshots.py --snapshot-update, then
look at the SVGs (tests/tui/__snapshots__/)."""

from __future__ import annotations

import pytest

from watchnext.watchlist import Watchlist

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def app(make, small_catalog, wl_path):
    wl = Watchlist.open(wl_path)
    cat = small_catalog
    wl.add(cat.get("wn-parasite-2019"), status="watched", rating=5, added="2024-01-02",
           watched="2024-01-10", tags=("korea",), note="see it twice")
    wl.add(cat.get("nf-s100"), status="watching", progress="S1E4", added="2024-02-01",
           tags=("korea", "binge"))
    wl.add(cat.get("wd-Q1"), status="want", priority=2, added="2024-03-01", note="with Sam")
    wl.add(cat.get("wd-Q10"), status="dropped", added="2024-03-05")
    wl.add(cat.get("wn-oldboy-2003"), status="watched", rating=4.5, added="2024-03-09",
           watched="2024-03-09")
    return make(cursor_blink=False, watch_files=False, tune_gc=False)


def steps(*keys: str, text: str = ""):
    async def run_before(pilot) -> None:
        app = pilot.app
        for _ in range(2):
            await app.workers.wait_for_complete()
            await pilot.pause()
        if text:
            await pilot.press(*["space" if c == " " else c for c in text])
            await app.workers.wait_for_complete()
            await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        app.clear_notifications()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_browse(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=steps("down", "j", text="korean"))


@pytest.mark.parametrize("size", SIZES)
def test_title(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size,
                        run_before=steps("enter", text="ballerina 2023"))


@pytest.mark.parametrize("size", SIZES)
def test_watchlist(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=steps("escape", "w"))


@pytest.mark.parametrize("size", SIZES)
def test_for_you(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=steps("escape", "y"))


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=steps("escape", "question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_filters(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=steps("escape", "f"))
