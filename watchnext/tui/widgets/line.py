"""One line of text that redraws without a layout pass (a Static asks for one on every update,
which repaints the whole screen: too slow for a line that changes on every keystroke)."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class Line(Widget):
    DEFAULT_CSS = "Line { height: 1; }"

    def __init__(self, content: Content | str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._content = Content(content) if isinstance(content, str) else content

    def update(self, content: Content | str) -> None:
        content = Content(content) if isinstance(content, str) else content
        if content != self._content:
            self._content = content
            self.refresh()

    def render(self) -> Content:
        return self._content
