"""Key bindings: the app's own (APP_BINDINGS: they work on every screen, even while typing), the
rows only the help screen lists (HELP_ONLY), and a config.toml [keys] table read against the
bindings. The bindings themselves are gathered, screen by screen, by screens.key_groups() (the
help screen, the command palette and the config check read that one list); this module
imports no screen and not the app."""

from __future__ import annotations

from textual.binding import Binding

# the app's own bindings (WatchnextApp.BINDINGS)
APP_BINDINGS = [
    Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.force_quit",
            tooltip="Quit, even while typing"),
    Binding("ctrl+c", "help_quit", show=False, system=True),
    Binding("ctrl+z", "undo", "Undo", show=False, id="app.undo",
            tooltip="Undo the last watchlist change (again: the one before)"),
]

# keys Textual or the lists handle that the help screen lists among "Everywhere"
HELP_ONLY = [
    Binding("up,down", "", "Move", tooltip="Move in a list (also j/k)"),
    Binding("enter", "", "Open", tooltip="Open the highlighted title (in the search box: "
                                           "the top result); follow a recommendation"),
    Binding("ctrl+p", "", "Commands", tooltip="Command palette: every action, and themes"),
    Binding("tab", "", "Next", tooltip="Move focus to the next part of the screen"),
]

Groups = list[tuple[str, list[Binding]]]


def own(bindings) -> list[Binding]:
    """The bindings with an id (the ones a [keys] table may remap) of a BINDINGS list."""
    return [b for b in bindings if isinstance(b, Binding) and b.id]


def binding_ids(groups: Groups) -> set[str]:
    """Every binding id in `groups`."""
    return {b.id for _, group in groups for b in group if b.id}


def clashes(keymap: dict[str, str], groups: Groups) -> list[str]:
    """One line per remapped key that another binding on the same screen (or on every screen,
    the first of `groups`) still has: 'plus' given to watchlist.add is watchlist.priority_up's
    key."""
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
