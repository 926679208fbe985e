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


def clashes(keymap: dict[str, str]) -> list[str]:
    """One line per remapped key that another binding on the same screen (or on every screen)
    still has: 'plus' given to watchlist.add is watchlist.priority_up's key."""
    groups = key_groups()
    out = []
    for binding_id, keys in keymap.items():
        near = [b for name, bindings in groups
                if name == groups[0][0] or any(b.id == binding_id for b in bindings)
                for b in bindings]
        mine = {b.action for b in near if b.id == binding_id}
        for key in dict.fromkeys(k.strip() for k in keys.split(",")):
            for other in near:
                if (other.id and other.id != binding_id and other.action not in mine
                        and key in keymap.get(other.id, other.key).split(",")):
                    out.append(f"[keys] {binding_id!r} = {key!r}: {key} is also {other.id!r} "
                               f"({other.description}); give that one another key too")
    return list(dict.fromkeys(out))
