"""Help (?): every key, grouped by where it works, with the binding id to remap it in
config.toml."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from . import key_groups

REMAP_EXAMPLE = "insert"  # a key no binding has (the remap example must not clash)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def __init__(self, keymap: dict[str, str], config_path: str) -> None:
        super().__init__(classes="dialog-screen")
        self.keymap = keymap
        self.config_path = config_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static("Keys", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(self._table(), id="help-table")
                yield Static(Content.assemble(
                    ("Remap a key: ", "bold"), "in ", (self.config_path, "$accent"),
                    ", add a [keys] table, e.g.  ",
                    (f'"watchlist.add" = "{REMAP_EXAMPLE}"', "$accent"),
                    f"  (several keys: \"a,{REMAP_EXAMPLE}\"). Themes: ctrl+p then 'theme'."),
                    id="help-remap", markup=False)
            yield Static("escape close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(group, keys as shown, what it does, binding id) for every key."""
        out = []
        for group, bindings in key_groups():
            for b in bindings:
                keys = self.keymap.get(b.id, b.key) if b.id else b.key
                shown = ", ".join(self.app.get_key_display(b.with_key(k)) for k in keys.split(","))
                out.append((group, shown, b.tooltip or b.description, b.id or ""))
        return out

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column("key", style="bold", no_wrap=True, min_width=10)
        table.add_column("what", ratio=1)
        table.add_column("id", style="dim", no_wrap=True)
        last = None
        for group, keys, what, binding_id in self.rows():
            if group != last:
                if last is not None:
                    table.add_row("", "", "")
                table.add_row(Text(group, style="bold underline"), Text(""), Text(""))
                last = group
            table.add_row(Text(keys), Text(what), Text(binding_id))
        return table

    def action_close(self) -> None:
        self.dismiss(None)
