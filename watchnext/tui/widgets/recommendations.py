"""'More like this': two lines per pick (title, then reasons); each option carries its Match."""

from __future__ import annotations

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
    def __init__(self, *, reasons: int = 3, **kwargs) -> None:
        super().__init__(**kwargs)
        self.reasons = reasons
        self.matches: list[Match] = []

    def show(self, matches: list[Match], entries: dict[str, Entry], keep: str | None = None) -> None:
        self.matches = list(matches)
        self.replace([MatchOption(m, entries.get(m.title.id), self.reasons) for m in matches],
                     keep=keep)

    def remark(self, entries: dict[str, Entry]) -> None:
        current = self.current
        self.show(self.matches, entries, keep=current.id if current else None)

    @property
    def current(self) -> Title | None:
        if self.highlighted is None or not self.option_count:
            return None
        return self.get_option_at_index(self.highlighted).title  # type: ignore[attr-defined]
