"""The footer, fitted to the width: when the keys do not fit on one line, the least needed ones
are left out (they stay in the help screen and the command palette) rather than the line being
cut in the middle of a word ("q Qu")."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# what is left out first when the keys do not fit (actions, in this order); the keys not named
# here (the screen's own, a, help, back) always stay
LEAVE_OUT = ("watchlist", "search", "quit", "rating", "status")


class FitFooter(Footer):
    """A compact footer whose keys always fit: see LEAVE_OUT for the order keys are left out.

    A key says what it does here: the screen's `footer_description(action, description)`, when
    it has one, words it ('a Remove' on a title already on the watchlist). The keys are made
    again only when what they say changed (Textual remakes them at every change of focus or
    highlight that asks for it: ~15 ms each, four times before the first screen is shown)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)
        self._made_for: tuple | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self.fit)

    def compose(self):
        describe = getattr(self.screen, "footer_description", None)
        for widget in super().compose():
            if describe is not None and isinstance(widget, FooterKey):
                widget.description = describe(widget.action, widget.description)
            yield widget

    def _keys_said(self) -> tuple | None:
        """What the footer would show (None before the screen's bindings are ready)."""
        if not self._bindings_ready:
            return None
        describe = getattr(self.screen, "footer_description", None)
        return (self.show_command_palette, self.compact, tuple(
            (key, b.action, describe(b.action, b.description) if describe else b.description,
             enabled, tooltip)
            for key, (_, b, enabled, tooltip) in self.screen.active_bindings.items() if b.show))

    async def recompose(self) -> None:
        said = self._keys_said()
        if said is not None and said == self._made_for:
            return  # the same keys: nothing to make again
        self._made_for = said
        await super().recompose()
        self.fit()

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        keys = [k for k in self.query(FooterKey) if not k.has_class("-command-palette")]
        width = self.size.width or self.app.size.width
        room = width - sum(_width(k) + 1 for k in self.query(".-command-palette"))
        for k in keys:
            k.display = True
        used = sum(_width(k) + 1 for k in keys) - 1  # (compact: a cell between two keys)
        for k in sorted(keys, key=lambda k: (_rank(k.action), -keys.index(k))):
            if used <= room or _rank(k.action) >= len(LEAVE_OUT):
                break
            k.display = False
            used -= _width(k) + 1

    def shown_keys(self) -> list[str]:
        """'a Add', '? Help': the keys on screen (tests)."""
        return [f"{k.key_display} {k.description}".strip() for k in self.query(FooterKey)
                if k.display and not k.has_class("-command-palette")]


def _rank(action: str) -> int:
    name = action.rsplit(".", 1)[-1].split("(", 1)[0]
    return LEAVE_OUT.index(name) if name in LEAVE_OUT else len(LEAVE_OUT)


def _width(key: FooterKey) -> int:
    return key.render().cell_len + key.styles.gutter.width
