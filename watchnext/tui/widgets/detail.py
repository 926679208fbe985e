"""The detail pane: every fact we have about one title, the watchlist status, the synopsis."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...catalog.describe import describe
from ...model import Title
from ...watchlist import Entry
from ..render import MUTED, diary_lines, entry_parts
from .facts import Facts
from .summary import Summary
from .tags import Tags


def facts(t: Title, catalog=None) -> list[tuple[str, str]]:
    """describe() rows (shared with `watchnext show`), themes left out (they are chips), and
    'streams on' / 'true story' always said, even when the answer is no."""
    rows = [(k, v) for k, v in describe(t, catalog) if k != "Themes"]
    labels = {k for k, _ in rows}
    if "Streams on" not in labels:
        rows.append(("Streams on", "no platform we know of"))
    if not t.true_story:
        rows.append(("True story", "no"))
    return rows


class DetailPane(VerticalScroll, can_focus=True):
    """Shows one title (or a hint when there is none). Takes focus (tab) so that a long
    synopsis scrolls from the keyboard: arrows, j/k, page up/down, home/end."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]

    def __init__(self, *args, diary: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.diary = diary  # the Title screen lists every watch under the status

    def compose(self) -> ComposeResult:
        yield Static(id="detail-heading", markup=False)
        yield Summary(id="detail-status")
        yield Static(id="detail-diary", markup=False)
        yield Tags(id="detail-themes", markup=False)
        yield Facts(id="detail-facts")
        yield Static(id="detail-synopsis", markup=False)

    def show(self, t: Title | None, entry: Entry | None, catalog=None,
             empty: str = "Nothing to show") -> None:
        heading = self.query_one("#detail-heading", Static)
        status = self.query_one("#detail-status", Summary)
        themes = self.query_one("#detail-themes", Tags)
        table = self.query_one("#detail-facts", Facts)
        synopsis = self.query_one("#detail-synopsis", Static)
        if t is None:
            heading.update(Content.styled(empty, MUTED))
            for w in (status, themes, table, synopsis, self.query_one("#detail-diary")):
                w.display = False
            return
        head = Content.assemble((t.title, "bold $text-primary"), (f"  ({t.years})", MUTED))
        if t.original_title and t.original_title != t.title:
            head = head.append(Content.styled(f"\n{t.original_title}", "italic " + MUTED))
        heading.update(head)
        status.update(entry_parts(entry))
        status.display = True
        diary = self.query_one("#detail-diary", Static)
        lines = diary_lines(entry) if self.diary and entry is not None else []
        diary.update(Content("\n").join(lines))
        diary.display = bool(lines)
        themes.show(t.themes)
        table.show(facts(t, catalog))
        synopsis.update(Content(t.synopsis) if t.synopsis else "")
        synopsis.display = bool(t.synopsis)
        self.scroll_home(animate=False)
