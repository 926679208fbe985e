"""TUI fixtures: the app on the small test catalog, with its watchlist and config in tmp dirs."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget


@pytest.fixture
def wl_path() -> Path:
    """The user's watchlist file (in tmp, see tests/conftest.py): the CLI writes the same one."""
    from watchnext import paths

    return paths.watchlist_file()


@pytest.fixture
def config_path() -> Path:
    from watchnext import paths

    return paths.config_file()


@pytest.fixture
def make(small_catalog, wl_path, config_path):
    """make(**kw) -> a fresh app on the small catalog (snapshots pass cursor_blink=False)."""
    from watchnext.tui.app import make_app

    def _make(**kw):
        kw.setdefault("cursor_blink", False)
        kw.setdefault("watch_files", False)
        kw.setdefault("tune_gc", False)
        return make_app(kw.pop("catalog", small_catalog), kw.pop("watchlist", wl_path),
                        kw.pop("config_path", config_path), **kw)

    return _make


def screen_lines(app) -> list[str]:
    """The current screen as plain text lines (what a person sees)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def widget_text(widget: Widget) -> str:
    """What a widget (and everything inside it) shows on screen, as plain lines."""
    region = widget.region
    lines = screen_lines(widget.app)[region.y:region.bottom]
    return "\n".join(line[region.x:region.right] for line in lines)


def screen_text(app) -> str:
    return "\n".join(screen_lines(app))


async def settle(app, pilot) -> None:
    """Wait for workers (search, recommendations) and the redraws they cause."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def keys(text: str) -> list[str]:
    """The key names that type `text`."""
    from textual.keys import _character_to_key

    return [_character_to_key(ch) for ch in text]


async def search(pilot, text: str) -> None:
    """/ then the query, as a person types it; wait for the results."""
    await pilot.press("slash", *keys(text))
    await settle(pilot.app, pilot)


@pytest.fixture
def ui():
    """Helpers: ui.text(widget), ui.screen_text(app), await ui.settle(app, pilot),
    ui.keys(text), await ui.search(pilot, text)."""
    from types import SimpleNamespace

    return SimpleNamespace(text=widget_text, screen_text=screen_text, settle=settle, keys=keys,
                           search=search)
