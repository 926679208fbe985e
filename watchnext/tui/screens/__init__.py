"""Screens: Browse (the start), Title, Watchlist, For you, Help, Filters and the edit dialogs.
A screen asks the app for what it needs through the Context it is given (context.py), never by
importing the app module.

A new screen: its module here, its keys as a group in key_groups() below (the help screen, the
command palette and the config check read that list), the key that opens it in
base.BaseScreen.BINDINGS."""

from __future__ import annotations


def key_groups():
    """Every key binding, grouped as the help screen lists them: [(group, [Binding])]."""
    from ..keys import APP_BINDINGS, HELP_ONLY, own
    from ..widgets.navlist import NavList
    from .base import BaseScreen
    from .browse import BrowseScreen, SearchBox
    from .filters import FiltersScreen
    from .foryou import ForYouScreen
    from .title import TitleScreen
    from .watchlist import WatchlistScreen, WatchlistTable

    lists = own(NavList.BINDINGS) + own(WatchlistTable.BINDINGS)
    return [
        ("Everywhere", own(BaseScreen.BINDINGS) + own(APP_BINDINGS) + HELP_ONLY),
        ("Browse", own(BrowseScreen.BINDINGS) + own(SearchBox.BINDINGS)),
        ("Title", own(TitleScreen.BINDINGS)),
        ("Watchlist", own(WatchlistScreen.BINDINGS)),
        ("For you", own(ForYouScreen.BINDINGS)),
        ("Lists", [b for b in lists if not b.id.startswith("table.")]),
        ("Filter panel", own(FiltersScreen.BINDINGS)),
    ]


def binding_ids() -> set[str]:
    """Every id a config.toml [keys] table may name (the table's own keys too)."""
    from ..keys import binding_ids as ids
    from ..keys import own
    from .watchlist import WatchlistTable

    return ids(key_groups()) | {b.id for b in own(WatchlistTable.BINDINGS)}


def clashes(keymap: dict[str, str]) -> list[str]:
    """keys.clashes against every screen's keys."""
    from ..keys import clashes as against

    return against(keymap, key_groups())
