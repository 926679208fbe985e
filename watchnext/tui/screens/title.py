"""Title: the full detail of one title and a longer 'more like this'. Enter on a pick opens it
(a new Title screen on top), so escape/backspace walks back along the trail."""

from __future__ import annotations

import asyncio

from textual.css.query import NoMatches
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static

from ...model import Title
from ..render import MUTED
from ..widgets.detail import DetailPane
from ..widgets.footer import FitFooter
from ..widgets.recommendations import RecommendationList, Why
from .base import BaseScreen

RECS = 30


def trail_line(trail: list[Title], width: int = 0) -> Content:
    """'Browse › Ballerina (2023) › The Call (2020)': the last one bold."""
    parts: list[Content] = [Content.styled("Browse", MUTED)]
    for i, t in enumerate(trail):
        last = i == len(trail) - 1
        parts.append(Content.styled(t.label, "bold" if last else MUTED))
    return Content.styled(" › ", MUTED).join(parts)


class TitleScreen(BaseScreen):
    BINDINGS = [
        Binding("backspace", "back", "Back", show=False, id="title.back",
                tooltip="Go back along the trail"),
        Binding("escape", "back", "Back", id="title.escape", tooltip="Go back along the trail"),
    ]

    def __init__(self, title: Title, trail: list[Title] | None = None) -> None:
        super().__init__(classes="title-screen")
        self.title_obj = title
        self.trail = [*(trail or []), title]
        self.recs_loaded = False

    def compose(self) -> ComposeResult:
        yield from self.compose_banner()
        yield Static(trail_line(self.trail), id="trail", markup=False)
        with Horizontal(id="title-main"):
            yield DetailPane(id="title-detail", diary=True)
            with Vertical(id="title-side"):
                yield Static("More like this", classes="section-title")
                yield RecommendationList(id="title-recs", reasons=4)
                yield Why(id="title-recs-why")
        yield FitFooter()

    def on_mount(self) -> None:
        self._show_detail()
        self.query_one(DetailPane).focus()  # the keys act on this title; tab: the picks
        self._recommend()

    def _show_detail(self) -> None:
        t = self.title_obj
        self.query_one(DetailPane).show(t, self.wn.entries.get(t.id), self.wn.catalog)

    @work(exclusive=True, group="title-recs")
    async def _recommend(self) -> None:
        try:
            matches = await asyncio.to_thread(self.wn.similar, self.title_obj, RECS)
        except Exception as err:
            self.notify(f"More like this failed: {err}", severity="error", markup=False)
            matches = []
        if not self.is_attached:
            return
        try:
            recs = self.query_one(RecommendationList)
            recs.show(matches, self.wn.entries)
            if not matches:
                self.query_one(".section-title", Static).update(
                    Content.assemble("More like this", ("  nothing close enough", MUTED)))
            self.recs_loaded = True
        except NoMatches:
            return  # the screen is being torn down (the app is quitting)

    @on(OptionList.OptionSelected, "#title-recs")
    def _follow(self, event: OptionList.OptionSelected) -> None:
        self.wn.open_title(event.option.title, trail=self.trail)  # type: ignore[attr-defined]

    def current_id(self) -> str | None:
        """The highlighted pick while the picks have focus (as on every screen), else this
        title."""
        recs = self.query_one(RecommendationList)
        if self.focused is recs and recs.current is not None:
            return recs.current.id
        return self.title_obj.id

    def watchlist_changed(self) -> None:
        super().watchlist_changed()
        self._show_detail()
        self.query_one(RecommendationList).remark(self.wn.entries)
