"""Watchlist: every entry with status, rating and progress; filter by status and tag, sort;
edit in place (s, r, n, e); "pick for me"."""

from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Select, Static

from ...watchlist import SORTS, STATUSES, Entry, sort_entries, stars
from ..render import MUTED, STATUS_MARK, STATUS_STYLE, entry_parts, plain
from ..widgets.footer import FitFooter
from ..widgets.summary import Summary
from .base import BaseScreen

ALL = "all"


def rich_styles(css_vars: dict[str, str]) -> dict[str, str]:
    """Rich styles for the table cells, from the theme (DataTable measures Rich text only)."""

    def convert(spec: str) -> str:
        out = re.sub(r"\$([a-z-]+)", lambda m: css_vars.get(m.group(1), ""), spec)
        try:
            Style.parse(out)
        except Exception:
            return "dim" if "muted" in spec else ""
        return out

    styles = {status: convert(style) for status, style in STATUS_STYLE.items()}
    styles["dropped"] = "dim"
    styles["rating"] = convert("$warning")
    styles["tags"] = convert("$text-accent")
    return styles


class WatchlistTable(DataTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("k", "cursor_up", "Up", show=False, id="table.up"),
    ]


class WatchlistScreen(BaseScreen):
    BINDINGS = [
        Binding("enter", "open", "Open", show=False, id="watchlist.open",
                tooltip="Open the title"),
        Binding("p", "pick", "Pick for me", id="watchlist.pick",
                tooltip="Pick something you want to watch, at random (priority counts)"),
        Binding("v", "cycle_status", "Status filter", show=False, id="watchlist.filter_status",
                tooltip="Show all, or one status only (cycles)"),
        Binding("number_sign", "cycle_tag", "Tag filter", show=False,
                id="watchlist.filter_tag", tooltip="Show one tag only (cycles)"),
        Binding("o", "cycle_sort", "Sort", show=False, id="watchlist.sort",
                tooltip="Change the order (cycles)"),
    ]

    def __init__(self) -> None:
        super().__init__(id="watchlist")
        self.shown: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_banner()
        yield Static(id="watchlist-heading", markup=False)
        with Horizontal(id="watchlist-bar"):
            yield Select([(s.capitalize(), s) for s in STATUSES], prompt="Any status",
                         id="filter-status", compact=True)
            yield Select([], prompt="Any tag", id="filter-tag", compact=True)
            yield Select([(label, key) for key, (label, _) in SORTS.items()],
                         value="added", allow_blank=False, id="sort", compact=True)
        yield WatchlistTable(id="watchlist-table", cursor_type="row", zebra_stripes=True)
        yield Summary(id="watchlist-preview")
        yield FitFooter()

    def on_mount(self) -> None:
        table = self.query_one(WatchlistTable)
        table.add_column("", key="mark", width=1)
        table.add_column("Title", key="title")
        table.add_column("Year", key="year", width=4)
        table.add_column("Status", key="status", width=8)
        table.add_column("Rating", key="rating", width=6)
        table.add_column("Progress", key="progress", width=8)
        table.add_column("Tags", key="tags")
        table.add_column("Note", key="note")
        self.reload()
        table.focus()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.reload())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "watchlist":
            return False  # here already (and the footer has no room for a key that does nothing)
        return super().check_action(action, parameters)

    # -- filling the table ---------------------------------------------------------------------

    def _filters(self) -> tuple[str | None, str | None, str]:
        status = self.query_one("#filter-status", Select).value
        tag = self.query_one("#filter-tag", Select).value
        sort = self.query_one("#sort", Select).value
        return (status if isinstance(status, str) else None,
                tag if isinstance(tag, str) else None,
                sort if isinstance(sort, str) else "added")

    def reload(self) -> None:
        entries = list(self.wn.entries.values())
        tags = sorted({t for e in entries for t in e.tags}, key=str.casefold)
        tag_select = self.query_one("#filter-tag", Select)
        current_tag = tag_select.value
        with self.prevent(Select.Changed):
            tag_select.set_options([(plain(f"#{t}"), t) for t in tags])
            if isinstance(current_tag, str) and current_tag in tags:
                tag_select.value = current_tag
        status, tag, sort = self._filters()
        shown = [e for e in entries
                 if (status is None or e.status == status) and (tag is None or tag in e.tags)]
        shown = sort_entries(shown, sort)
        self.shown = shown

        table = self.query_one(WatchlistTable)
        keep = self.current_id()
        table.clear()
        st = rich_styles(self.app.get_css_variables())
        for e in shown:
            table.add_row(
                Text(STATUS_MARK[e.status], st[e.status]),
                Text(e.title),
                Text(str(e.year) if e.year else ""),
                Text(e.status, st[e.status]),
                Text(stars(e.rating), st["rating"]),
                Text(e.progress),
                Text(" ".join(f"#{t}" for t in e.tags), st["tags"]),
                Text(e.note, "italic"),
                key=e.id,
            )
        if keep is not None and any(e.id == keep for e in shown):
            table.move_cursor(row=table.get_row_index(keep), animate=False)

        counts = {s: sum(e.status == s for e in entries) for s in STATUSES}
        heading = Content.assemble(
            ("Watchlist", "bold"), (f"  {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}",
                                    MUTED),
            (" · " + ", ".join(f"{n} {s}" for s, n in counts.items() if n) if entries else "",
             MUTED),
            (f" · showing {len(shown)}" if len(shown) != len(entries) else "", "$accent"),
        )
        self.query_one("#watchlist-heading", Static).update(heading)
        self._preview()

    def _preview(self) -> None:
        preview = self.query_one("#watchlist-preview", Summary)
        entry = self.current_entry()
        if not self.wn.entries:
            preview.update([Content.styled(
                "Your watchlist is empty. Press / to search, then a to add a title.", MUTED)])
        elif entry is None:
            preview.update([Content.styled("No entry matches these filters.", MUTED)])
        else:
            extra = "" if self.wn.catalog is None or self.wn.catalog.get(entry.id) else \
                "  (no longer in the catalog)"
            status, *rest = entry_parts(entry)
            preview.update([Content.assemble((entry.label, "bold"), (extra, MUTED), "  ", status),
                            *rest])

    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.reload()

    @on(DataTable.RowHighlighted)
    def _row(self) -> None:
        self._preview()
        self.current_changed()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    # -- the current entry ---------------------------------------------------------------------

    def current_entry(self) -> Entry | None:
        table = self.query_one(WatchlistTable)
        if not self.shown or not table.row_count:
            return None
        row = table.cursor_row
        if row is None or not 0 <= row < len(self.shown):
            return None
        key = table.coordinate_to_cell_key((row, 0)).row_key.value
        return self.wn.entries.get(key) if key else None

    def current_id(self) -> str | None:
        entry = self.current_entry()
        return entry.id if entry else None

    # -- actions -------------------------------------------------------------------------------

    def action_open(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        title = self.wn.catalog.get(entry.id) if self.wn.catalog else None
        if title is None:
            self.notify(f"{entry.label} is not in the catalog", severity="warning", markup=False)
            return
        self.wn.open_title(title)

    def action_pick(self) -> None:
        pool = [e for e in self.shown if e.status == "want"]
        if not pool:
            self.notify("Nothing here with status 'want' to pick from", severity="warning")
            return
        weights = [max(1, 1 + e.priority) for e in pool]
        pick = self.wn.random.choices(pool, weights=weights)[0]
        table = self.query_one(WatchlistTable)
        table.move_cursor(row=table.get_row_index(pick.id), animate=False)
        table.focus()
        self.notify(f"Tonight: {pick.label}", title="Pick for me", markup=False)

    def _cycle(self, select_id: str, values: list) -> None:
        select = self.query_one(select_id, Select)
        current = select.value if select.value in values else values[0]
        select.value = values[(values.index(current) + 1) % len(values)]

    def action_cycle_status(self) -> None:
        self._cycle("#filter-status", [Select.NULL, *STATUSES])

    def action_cycle_tag(self) -> None:
        tags = sorted({t for e in self.wn.entries.values() for t in e.tags}, key=str.casefold)
        if not tags:
            self.notify("No tags yet: press t on an entry to tag it", severity="warning")
            return
        self._cycle("#filter-tag", [Select.NULL, *tags])

    def action_cycle_sort(self) -> None:
        self._cycle("#sort", list(SORTS))

    def watchlist_changed(self) -> None:
        super().watchlist_changed()
        self.reload()
