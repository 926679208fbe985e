"""The results list: one line per title; each option carries its Title."""

from __future__ import annotations

from textual.cache import LRUCache
from textual.strip import Strip
from textual.style import Style
from textual.widgets.option_list import Option

from ...model import Title
from ...watchlist import Entry
from ..render import title_row
from .navlist import NavList


class TitleOption(Option):
    def __init__(self, title: Title, entry: Entry | None = None) -> None:
        self.title = title
        self.entry = entry
        super().__init__(title_row(title, entry), id=title.id)


class ResultsList(NavList):
    """Search results (the top few only: a long OptionList is slow).

    Typing refines a query, so most rows of the next result set were on screen a moment ago:
    their rendered lines are kept (by title, watchlist entry, style and width) and reused, so a
    keystroke only renders the rows that are new."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._rows: LRUCache[tuple, list[Strip]] = LRUCache(1024)
        self._shown: tuple = ()

    def show(self, titles: list[Title], entries: dict[str, Entry], keep: str | None = None) -> None:
        shown = tuple((t.id, entries.get(t.id)) for t in titles)
        if shown == self._shown and self.option_count == len(titles):
            if keep is None and titles and self.highlighted != 0:
                self.highlighted = 0
            return  # the same rows: nothing to redraw
        self._shown = shown
        self.replace([TitleOption(t, entries.get(t.id)) for t in titles], keep=keep)

    def remark(self, entries: dict[str, Entry]) -> None:
        """Redraw the watchlist marks (after a watchlist change), keeping the highlight."""
        current = self.current
        titles = [o.title for o in self.options]  # type: ignore[attr-defined]
        self.show(titles, entries, keep=current.id if current else None)

    @property
    def current(self) -> Title | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).title  # type: ignore[attr-defined]

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        key = (option.id, getattr(option, "entry", None), style,
               self.scrollable_content_region.width)
        strips = self._rows.get(key)
        if strips is None:
            strips = super()._get_option_render(option, style)
            self._rows[key] = strips
            return strips
        meta = {"option": self._option_to_index[option]}  # where a click lands
        return [strip.apply_meta(meta) for strip in strips]

    def notify_style_update(self) -> None:
        self._rows.clear()  # a new theme
        super().notify_style_update()
