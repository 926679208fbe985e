"""An OptionList with vim keys (j/k) beside the arrows, and a message when it is emptied."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class NavList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    ]

    def replace(self, options: list, keep: str | None = None) -> None:
        """Swap in new options; highlight the option whose id is `keep` if present, else the first."""
        with self.app.batch_update():
            self.set_options(options)  # (clear + add would change the size twice: 2 layouts)
            index = 0
            if keep is not None:
                try:
                    index = self.get_option_index(keep)
                except Exception:  # OptionDoesNotExist
                    index = 0
            self.highlighted = index if options else None
