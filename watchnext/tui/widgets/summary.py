"""A summary made of parts ('✓ watched', '★★★★½ (4.5/5)', '#korea', a note) joined by ' · ',
wrapped between parts: a separator never ends or starts a line ("✓ watched ·" with the rest on
the next line read as a stray dot)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widget import Widget

SEPARATOR = Content(" · ")


def pack(parts: Iterable[Content], width: int) -> Content:
    """The parts joined by SEPARATOR, a new line wherever the next part would not fit on this
    one (a part longer than a line starts one and wraps inside)."""
    lines: list[Content] = []
    line: Content | None = None
    gap = SEPARATOR.cell_length
    for part in parts:
        if line is not None and line.cell_length + gap + part.cell_length > width:
            lines.append(line)
            line = None
        line = part if line is None else line + SEPARATOR + part
    if line is not None:
        lines.append(line)
    return Content("\n").join(lines)


class Summary(Widget):
    """Shows `update(parts)`, packed to its width (see pack)."""

    DEFAULT_CSS = "Summary { height: auto; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._parts: list[Content] = []

    @property
    def parts(self) -> list[Content]:
        return list(self._parts)

    def update(self, parts: Iterable[Content]) -> None:
        parts = list(parts)
        if parts != self._parts:
            self._parts = parts
            self.refresh(layout=True)

    def render(self) -> Content:
        return pack(self._parts, self.content_size.width or 1 << 16)

    def get_content_height(self, container, viewport, width: int) -> int:
        if not width or not self._parts:
            return 0 if not self._parts else 1
        return pack(self._parts, width).get_height(self.styles, width)
