"""Label/value rows (every fact about a title), values wrapped with a hanging indent.

A light widget: the lines are computed for the current width only when the rows or the width
change (a Rich Table re-measures on every layout, which is slow while typing)."""

from __future__ import annotations

import textwrap

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget


class Facts(Widget):
    DEFAULT_CSS = "Facts { height: auto; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[tuple[str, str]] = []
        self._cache: tuple[int, Content, int] | None = None

    def show(self, rows: list[tuple[str, str]]) -> None:
        self.rows = list(rows)
        self._cache = None
        self.display = bool(rows)
        self.refresh(layout=True)

    def _lines(self, width: int) -> tuple[Content, int]:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1], self._cache[2]
        label_w = max((len(label) for label, _ in self.rows), default=0)
        value_w = max(8, width - label_w - 1)
        lines: list[Content] = []
        for label, value in self.rows:
            wrapped = textwrap.wrap(value, value_w, break_long_words=True,
                                    break_on_hyphens=False) or [""]
            for i, part in enumerate(wrapped):
                head = label.rjust(label_w) if i == 0 else " " * label_w
                lines.append(Content.assemble((head, "$foreground-muted"), " ", part))
        content = Content("\n").join(lines)
        self._cache = (width, content, len(lines))
        return content, len(lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, self._lines(width)[1])

    def render(self) -> Content:
        return self._lines(self.content_region.width or 80)[0]
