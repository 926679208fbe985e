"""For you: titles ranked from what the watchlist says a person liked, leaving out what is
already on it, each with its reasons."""

from __future__ import annotations

import asyncio

from textual.css.query import NoMatches
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Footer, OptionList, Static

from ..render import MUTED
from ..widgets.detail import DetailPane
from ..widgets.recommendations import RecommendationList
from .base import BaseScreen

PICKS = 40


class ForYouScreen(BaseScreen):
    def __init__(self) -> None:
        super().__init__(id="foryou")
        self.loaded = False
        self._basis: tuple[str, ...] | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_banner()
        yield Static(id="foryou-basis", markup=False)
        with Horizontal(id="foryou-main"):
            yield RecommendationList(id="foryou-recs", reasons=3)
            yield DetailPane(id="foryou-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(RecommendationList).focus()
        self.recompute()

    def recompute(self) -> None:
        liked = self.wn.liked_titles()
        exclude = tuple(sorted(self.wn.entries))
        basis = tuple(t.id for t in liked) + ("|",) + exclude
        if basis == self._basis:
            return
        self._basis = basis
        heading = self.query_one("#foryou-basis", Static)
        if not liked:
            heading.update(Content.styled(
                "For you: nothing to go on yet. Rate titles you liked (r) or mark them watched "
                "(s), and picks appear here.", MUTED))
            self.query_one(RecommendationList).show([], {})
            self.query_one(DetailPane).show(None, None, empty="No picks yet")
            self.loaded = True
            return
        names = ", ".join(t.title for t in liked[:4]) + (f" and {len(liked) - 4} more"
                                                         if len(liked) > 4 else "")
        heading.update(Content.assemble(("For you", "bold"), ("  because you liked ", MUTED),
                                        names))
        self._rank(liked, exclude)

    @work(exclusive=True, group="foryou")
    async def _rank(self, liked, exclude) -> None:
        try:
            matches = await asyncio.to_thread(self.wn.similar, liked, PICKS, exclude)
        except Exception as err:
            self.notify(f"For you failed: {err}", severity="error", markup=False)
            matches = []
        if not self.is_attached:
            return
        try:
            self.query_one(RecommendationList).show(matches, self.wn.entries)
            if not matches:
                self.query_one(DetailPane).show(None, None, empty="No picks found")
            self.loaded = True
        except NoMatches:
            return  # the screen is being torn down (the app is quitting)

    @on(OptionList.OptionHighlighted, "#foryou-recs")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        t = event.option.title  # type: ignore[attr-defined]
        self.query_one(DetailPane).show(t, self.wn.entries.get(t.id), self.wn.catalog)

    @on(OptionList.OptionSelected, "#foryou-recs")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.wn.open_title(event.option.title)  # type: ignore[attr-defined]

    def current_id(self) -> str | None:
        current = self.query_one(RecommendationList).current
        return current.id if current else None

    def watchlist_changed(self) -> None:
        super().watchlist_changed()
        recs = self.query_one(RecommendationList)
        recs.remark(self.wn.entries)
        current = recs.current
        if current is not None:
            self.query_one(DetailPane).show(current, self.wn.entries.get(current.id),
                                            self.wn.catalog)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.recompute()
