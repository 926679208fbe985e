"""Themes shown as chips, laid out line by line so that a chip never breaks in two."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from ..render import tag_chip


class Tags(Widget):
    DEFAULT_CSS = "Tags { height: auto; }"

    def __init__(self, **kwargs) -> None:
        kwargs.pop("markup", None)
        super().__init__(**kwargs)
        self.values: tuple[str, ...] = ()

    def show(self, values: tuple[str, ...]) -> None:
        self.values = tuple(values)
        self.display = bool(values)
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Content]:
        lines: list[Content] = []
        line = Content("")
        for value in self.values:
            chip = tag_chip(value)
            if line.cell_length and line.cell_length + 1 + chip.cell_length > width:
                lines.append(line)
                line = Content("")
            line = line + " " + chip if line.cell_length else chip
        if line.cell_length:
            lines.append(line)
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self._lines(width)))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_region.width or 80))
