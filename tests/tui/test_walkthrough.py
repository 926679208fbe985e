"""Issue 12's last walk-through at 80x24 and 160x50: what a newcomer still tripped on."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from watchnext.tui.screens import clashes
from watchnext.tui.screens.help import REMAP_EXAMPLE
from watchnext.tui.widgets.recommendations import RecommendationList, Why
from watchnext.watchlist import Watchlist

SMALL, BIG = (80, 24), (160, 50)


def footer_keys(app) -> tuple[list[FooterKey], FooterKey]:
    """The keys the footer shows, and its command palette key."""
    keys = [k for k in app.screen.query(FooterKey) if k.display]
    palette = next(k for k in keys if k.has_class("-command-palette"))
    return [k for k in keys if k is not palette], palette


def assert_footer_fits(app, where: str) -> list[str]:
    keys, palette = footer_keys(app)
    cut = [k.description for k in keys if k.region.right > palette.region.x]
    assert not cut, f"{where}: cut off in the footer: {cut}"
    return [k.description for k in keys]


async def _with_entries(small_catalog, wl_path) -> None:
    wl = Watchlist.open(wl_path)
    wl.add(small_catalog.get("wn-parasite-2019"), status="watched", rating=5)
    wl.add(small_catalog.get("wn-oldboy-2003"), status="want")


async def _every_screen(app, pilot, ui):
    """Yield (where) at each screen and focus a newcomer walks through."""
    await ui.settle(app, pilot)
    yield "browse, results"
    await pilot.press("tab", "tab")  # the detail pane, then the picks
    await ui.settle(app, pilot)
    assert isinstance(app.focused, RecommendationList)
    yield "browse, picks"
    await pilot.press("escape", "enter")
    await ui.settle(app, pilot)
    yield "title"
    await pilot.press("tab")
    await ui.settle(app, pilot)
    yield "title, picks"
    await pilot.press("w")
    await ui.settle(app, pilot)
    yield "watchlist"
    await pilot.press("y")
    await ui.settle(app, pilot)
    yield "for you"


@pytest.mark.parametrize("size", [SMALL, (100, 30)], ids=["80x24", "100x30"])
async def test_the_footer_fits_on_every_screen_and_keeps_help(make, ui, small_catalog, wl_path,
                                                             size):
    await _with_entries(small_catalog, wl_path)
    app = make()
    async with app.run_test(size=size) as pilot:
        async for where in _every_screen(app, pilot, ui):
            shown = assert_footer_fits(app, where)
            # the a key is always there, saying what it does (Add, or Remove on a title on
            # the list: every entry of the watchlist)
            a_key = {"Add", "Remove", "Add pick", "Remove pick"}
            assert "Help" in shown and a_key & set(shown), (where, shown)


async def test_at_160_columns_the_footer_leaves_nothing_out(make, ui, small_catalog, wl_path):
    await _with_entries(small_catalog, wl_path)
    app = make()
    async with app.run_test(size=BIG) as pilot:
        async for where in _every_screen(app, pilot, ui):
            shown = assert_footer_fits(app, where)
            assert "Quit" in shown and "Rate" in shown, (where, shown)
            if where != "watchlist":
                assert "Watchlist" in shown, (where, shown)


async def test_escape_is_shown_where_it_goes_back_and_w_not_on_the_watchlist(make, ui):
    app = make()
    async with app.run_test(size=BIG) as pilot:
        await ui.settle(app, pilot)
        keys, _ = footer_keys(app)
        assert "Back" not in [k.description for k in keys]  # on the results: nowhere to go
        await pilot.press("w")
        await ui.settle(app, pilot)
        shown = [k.description for k in footer_keys(app)[0]]
        assert "Back" in shown and "Watchlist" not in shown
        await pilot.press("escape")
        await ui.settle(app, pilot)
        assert app.screen.id == "browse"


async def test_browse_why_leaves_the_picks_list_its_rows(make, ui):
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        why = app.screen.query_one("#browse-recs-why", Why)
        side = app.screen.query_one("#browse-side")
        recs = app.screen.query_one("#browse-recs", RecommendationList)
        assert why.display and "Why" in ui.text(why)
        assert side not in why.ancestors  # under the results, not under the picks
        assert recs.scrollable_content_region.height >= 6  # three picks of two lines at 80x24


async def test_the_help_remap_example_clashes_with_no_key_and_a_clash_is_reported(
        make, ui, config_path):
    assert clashes({"watchlist.add": REMAP_EXAMPLE}) == []
    assert clashes({"watchlist.add": "a"}) == []
    assert any("watchlist.priority_up" in c for c in clashes({"watchlist.add": "plus"}))
    assert clashes({"browse.filters": "v"}) == []  # v is the watchlist's: another screen
    config_path.parent.mkdir(parents=True)
    config_path.write_text('[keys]\n"watchlist.add" = "plus"\n')
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        assert any("'plus'" in n.message and "watchlist.priority_up" in n.message
                   for n in app._notifications)
        await pilot.press("question_mark")
        await ui.settle(app, pilot)
        remap = str(app.screen.query_one("#help-remap").render())
        assert f'"watchlist.add" = "{REMAP_EXAMPLE}"' in remap and "plus" not in remap


async def test_a_filter_value_that_names_nothing_says_the_closest_name_as_the_cli_does(make, ui):
    app = make()
    async with app.run_test(size=SMALL) as pilot:
        await ui.settle(app, pilot)
        await ui.search(pilot, "genre:horrror")
        await ui.settle(app, pilot)
        detail = ui.text(app.screen.query_one("#browse-detail")).replace("\n", " ")
        assert "No titles match" in detail
        assert "did you mean genre:Horror?" in " ".join(detail.split()).replace("│", "")
        assert "try fewer words" not in ui.text(app.screen.query_one("#browse-status"))


async def test_nothing_found_suggests_the_titles_it_may_have_meant(make, ui):
    app = make()
    async with app.run_test(size=BIG) as pilot:
        await ui.settle(app, pilot)
        problems = app.query_problems("Parasitexx Oldboyqq", found=False)
        assert problems and problems[-1].startswith("did you mean ")
        assert app.query_problems("Parasite", found=True) == ()
