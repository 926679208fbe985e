"""Every key binding of the app, gathered from the classes that define them: the help screen,
the command palette and the config check (unknown binding ids) read this one list."""

from __future__ import annotations

from textual.binding import Binding


def key_groups() -> list[tuple[str, list[Binding]]]:
    from .app import WatchnextApp
    from .screens.base import BaseScreen
    from .screens.browse import BrowseScreen, SearchBox
    from .screens.filters import FiltersScreen
    from .screens.foryou import ForYouScreen
    from .screens.title import TitleScreen
    from .screens.watchlist import WatchlistScreen, WatchlistTable
    from .widgets.navlist import NavList

    def own(cls) -> list[Binding]:
        return [b for b in cls.BINDINGS if isinstance(b, Binding) and b.id]

    lists = own(NavList) + own(WatchlistTable)
    extra = [
        Binding("up,down", "", "Move", tooltip="Move in a list (also j/k)"),
        Binding("enter", "", "Open", tooltip="Open the highlighted title (in the search box: "
                                               "the top result); follow a recommendation"),
        Binding("ctrl+p", "", "Commands", tooltip="Command palette: every action, and themes"),
        Binding("tab", "", "Next", tooltip="Move focus to the next part of the screen"),
    ]
    return [
        ("Everywhere", own(BaseScreen) + own(WatchnextApp) + extra),
        ("Browse", own(BrowseScreen) + own(SearchBox)),
        ("Title", own(TitleScreen)),
        ("Watchlist", own(WatchlistScreen)),
        ("For you", own(ForYouScreen)),
        ("Lists", [b for b in lists if not b.id.startswith("table.")]),
        ("Filter panel", own(FiltersScreen)),
    ]


def binding_ids() -> set[str]:
    """Every id a config.toml [keys] table may name."""
    from .screens.watchlist import WatchlistTable

    ids = {b.id for _, group in key_groups() for b in group if b.id}
    ids |= {b.id for b in WatchlistTable.BINDINGS if isinstance(b, Binding) and b.id}
    return ids
