"""'More like this': two lines per pick (title, then reasons); each option carries its Match."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.widgets.option_list import Option

from ...model import Match, Title
from ...watchlist import Entry
from ..render import match_row
from .navlist import NavList


class MatchOption(Option):
    def __init__(self, match: Match, entry: Entry | None = None, reasons: int = 3) -> None:
        self.match = match
        self.title = match.title
        super().__init__(match_row(match, entry, reasons), id=match.title.id)


class RecommendationList(NavList):
    """The title keys act on the highlighted pick while this list has focus: the footer says
    so (same binding ids as the screen's keys, so a remap applies to both)."""

    BINDINGS = [
        Binding("a", "screen.toggle_watchlist", "Add pick", id="watchlist.add",
                tooltip="Add the highlighted pick to the watchlist, or take it off"),
        Binding("s", "screen.status", "Status", id="watchlist.status",
                tooltip="Set the watchlist status of the highlighted pick"),
        Binding("r", "screen.rating", "Rate", id="watchlist.rating",
                tooltip="Rate the highlighted pick"),
    ]

    class Picked(Message):
        """The highlighted pick changed (None: the list is empty)."""

        def __init__(self, recs: "RecommendationList", match: Match | None) -> None:
            super().__init__()
            self.recs = recs
            self.match = match

    def __init__(self, *, reasons: int = 3, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reasons = reasons
        self.matches: list[Match] = []

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self.post_message(self.Picked(self, self.current_match))

    @property
    def current_match(self) -> Match | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).match  # type: ignore[attr-defined]

    def show(self, matches: list[Match], entries: dict[str, Entry], keep: str | None = None) -> None:
        self.matches = list(matches)
        self.replace([MatchOption(m, entries.get(m.title.id), self.reasons) for m in matches],
                     keep=keep)
        self.post_message(self.Picked(self, self.current_match))


    def remark(self, entries: dict[str, Entry]) -> None:
        current = self.current
        self.show(self.matches, entries, keep=current.id if current else None)

    @property
    def current(self) -> Title | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).title  # type: ignore[attr-defined]


class Why(Static):
    """Every reason for the highlighted pick, wrapped (a list row has room for the first
    ones only)."""

    DEFAULT_CSS = "Why { height: auto; max-height: 4; padding: 0 1; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)

    def show(self, match: Match | None) -> None:
        if match is None:
            self.update("")
            self.display = False
            return
        why = " · ".join(match.reasons) or "similar overall"
        self.update(Content.assemble(("Why ", "bold"), (match.title.title, "bold"), ": ",
                                     (why, "italic $foreground-muted")))
        self.display = True
