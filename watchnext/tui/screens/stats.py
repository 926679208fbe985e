"""Stats (i): your taste in charts, from what the watchlist says you watched (watchnext.stats):
titles per month and per year, your ratings, the top genres, themes, countries, decades,
directors and actors, and your ratings by genre; the totals (hours too) on top. The charts sit
in a grid of as many columns as the width holds, and scroll (j/k, arrows, page keys)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from ...stats import compute
from ...stats.text import stars_label
from ..render import MUTED
from ..widgets.charts import BarChart, MonthChart
from ..widgets.footer import FitFooter
from .base import BaseScreen

COLUMN = 38  # cells a chart needs to stay readable
TOP = 8  # rows in each top list


class StatsScreen(BaseScreen):
    CSS_PATH = "../stats.tcss"
    BINDINGS = [
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(id="stats")
        self._key: tuple | None = None

    def compose(self) -> ComposeResult:
        yield from self.compose_banner()
        yield Static(id="stats-summary", markup=False)
        with VerticalScroll(id="stats-body"):
            yield Grid(id="stats-grid")
        yield FitFooter()

    def on_mount(self) -> None:
        self.query_one("#stats-body").focus()
        self._fit_columns(self.size.width)
        self.recompute()

    def on_resize(self, event) -> None:
        self._fit_columns(event.size.width)

    def _fit_columns(self, width: int) -> None:
        columns = max(1, width // COLUMN)
        self.query_one("#stats-grid", Grid).styles.grid_size_columns = columns
        for wide in self.query(".chart-wide"):
            wide.styles.column_span = columns

    def action_scroll(self, step: int) -> None:
        body = self.query_one("#stats-body", VerticalScroll)
        body.scroll_relative(y=step, animate=False)

    def recompute(self) -> None:
        entries = list(self.wn.entries.values())
        key = (tuple(entries), self.wn.catalog is not None)
        if key == self._key:
            return
        self._key = key
        s = compute(entries, self.wn.catalog)
        self.query_one("#stats-summary", Static).update(heading(s))
        grid = self.query_one("#stats-grid", Grid)
        grid.remove_children()
        if not s.titles:
            return
        top = s.top
        charts = [
            MonthChart(s.per_month, classes="chart chart-wide"),
            BarChart("Titles per year", list(s.per_year.items())[-TOP:], classes="chart"),
            BarChart("Your ratings", [(stars_label(r), n) for r, n in s.ratings.items()],
                     classes="chart", empty="nothing rated yet"),
            BarChart("Top genres", top["genres"][:TOP], classes="chart"),
            BarChart("Ratings by genre" + (f" (yours: {s.mean_rating:g})" if s.rated else ""),
                     [(f"{g} ({n})", m) for g, n, m in s.by_genre[:TOP]], fmt="{:.1f}", top=5,
                     classes="chart", empty="rate two titles of a genre"),
            BarChart("Top themes", top["themes"][:TOP], classes="chart"),
            BarChart("Top countries", top["countries"][:TOP], classes="chart"),
            BarChart("Decades", sorted(top["decades"])[:TOP], classes="chart"),
            BarChart("Top directors", top["directors"][:TOP], classes="chart"),
            BarChart("Top actors", top["actors"][:TOP], classes="chart"),
        ]
        grid.mount_all(charts)
        self._fit_columns(self.size.width)

    def watchlist_changed(self) -> None:
        super().watchlist_changed()
        self.recompute()

    def catalog_ready(self) -> None:
        self.recompute()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.recompute()


def heading(s) -> Content:
    """'Stats  9 titles: 8 films, 1 series · 10.6 hours · 7 rated, mean 4', then the details
    in a muted line."""
    if not s.titles:
        return Content.assemble(("Stats  ", "bold"), (
            "Nothing watched yet: mark titles watched (s) or rate them (r), or bring your "
            "history from the shell: watchnext watchlist import FILE (Netflix, Letterboxd, "
            "Trakt, IMDb)", MUTED))
    parts = [f"{s.titles} titles: {s.films} films, {s.series} series", f"{s.hours:g} hours"]
    if s.rated:
        parts.append(f"{s.rated} rated, mean {s.mean_rating:g}")
    details = [f"{s.watches} watches", f"{s.rewatches} rewatches", f"{s.episodes} episodes"]
    if s.no_runtime:
        details.append(f"{s.no_runtime} with no runtime known")
    if s.undated:
        details.append(f"{s.undated} undated")
    return Content.assemble(("Stats  ", "bold"), " · ".join(parts), "\n",
                            (" · ".join(details), MUTED))
