"""For you: titles ranked from what the watchlist says a person liked, leaving out what is
already on it, each with its reasons."""

from __future__ import annotations

import asyncio

from textual.css.query import NoMatches
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import OptionList, Static

from ..render import MUTED
from ..widgets.detail import DetailPane
from ..widgets.footer import FitFooter
from ..widgets.recommendations import RecommendationList, Why
from .base import BaseScreen

PICKS = 40


KINDS = {None: "films and series", "film": "films only", "series": "series only"}


class ForYouScreen(BaseScreen):
    BINDINGS = [
        Binding("f", "cycle_kind", "Films/series", id="foryou.kind",
                tooltip="Show films and series, films only, or series only (cycles)"),
    ]

    def __init__(self) -> None:
        super().__init__(id="foryou")
        self.loaded = False
        self.kind: str | None = None
        self._basis: tuple | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_banner()
        yield Static(id="foryou-basis", markup=False)
        with Horizontal(id="foryou-main"):
            with Vertical(id="foryou-side"):
                yield RecommendationList(id="foryou-recs", reasons=3)
                yield Why(id="foryou-recs-why")
            yield DetailPane(id="foryou-detail")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one(RecommendationList).focus()
        self.recompute()

    def action_cycle_kind(self) -> None:
        kinds = list(KINDS)
        self.kind = kinds[(kinds.index(self.kind) + 1) % len(kinds)]
        self.recompute()

    def recompute(self) -> None:
        liked = self.wn.liked_titles()
        disliked = self.wn.disliked_titles()
        basis = (tuple(t.id for t in liked), tuple(t.id for t in disliked),
                 tuple(sorted(self.wn.entries)), self.kind)
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
        heading.update(Content.assemble(
            ("For you", "bold"), (f" · {KINDS[self.kind]}", "$accent"),
            ("  because you liked ", MUTED), _names(liked),
            *((("; less like ", MUTED), _names(disliked)) if disliked else ())))
        self._rank()

    @work(exclusive=True, group="foryou")
    async def _rank(self) -> None:
        try:
            matches = await asyncio.to_thread(self.wn.for_you, PICKS, self.kind)
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


def _names(titles) -> str:
    """'Parasite, Oldboy, Heat, Ran and 3 more'."""
    return ", ".join(t.title for t in titles[:4]) + (f" and {len(titles) - 4} more"
                                                     if len(titles) > 4 else "")
