"""Charts for the Stats screen, in block characters, each with its numbers beside it:

    BarChart    'Drama   12 ████████▌' rows (stats.text.bar), redrawn to the width it has
    MonthChart  a Sparkline of titles per month, with the months and numbers under it

Catalog names are data: rows are plain Content, never markup."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Sparkline, Static

from ...stats.text import bar
from ..render import MUTED


class BarChart(Widget):
    """A titled list of bars: label, number, bar (scaled to `top`, default the largest)."""

    def __init__(self, heading: str, pairs: list[tuple[str, float]], fmt: str = "{:g}",
                 top: float | None = None, empty: str = "nothing yet", **kwargs) -> None:
        super().__init__(**kwargs)
        self.heading, self.pairs, self.fmt, self.top, self.empty = heading, pairs, fmt, top, empty

    def on_mount(self) -> None:
        self.styles.height = 1 + max(1, len(self.pairs))  # the heading, a row a bar

    def lines(self, width: int) -> list[Content]:
        out = [Content.styled(self.heading, "bold $text-primary")]
        if not self.pairs:
            return out + [Content.styled(self.empty, MUTED)]
        label_w = min(max(len(label) for label, _ in self.pairs), max(6, width // 2 - 2))
        nums = [self.fmt.format(v) for _, v in self.pairs]
        num_w = max(map(len, nums))
        bar_w = max(1, width - label_w - num_w - 2)
        top = self.top if self.top is not None else max(v for _, v in self.pairs)
        for (label, v), num in zip(self.pairs, nums):
            label = label if len(label) <= label_w else label[:label_w - 1] + "…"
            out.append(Content.assemble(f"{label:<{label_w}} ", (f"{num:>{num_w}}", "bold"),
                                        " ", (bar(v, top, bar_w), "$accent")))
        return out

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_region.width or self.size.width))


class MonthChart(Vertical):
    """Titles per month: a sparkline over the months, then the first and last month, the
    busiest one and the total, in numbers."""

    DEFAULT_CSS = """
    MonthChart Sparkline { height: 3; }
    MonthChart Static { height: 1; }
    """

    def on_mount(self) -> None:
        self.styles.height = 5 if self.per_month else 2  # heading, 3 rows of bars, numbers

    def __init__(self, per_month: dict[str, int], **kwargs) -> None:
        super().__init__(**kwargs)
        self.per_month = per_month

    def compose(self) -> ComposeResult:
        months = list(self.per_month.items())
        yield Static(Content.styled("Titles per month", "bold $text-primary"), markup=False)
        if not months:
            yield Static(Content.styled("no dated watches yet", MUTED), markup=False)
            return
        yield Sparkline([n for _, n in months], summary_function=max)
        busiest, most = max(months, key=lambda m: (m[1], m[0]))
        last12 = sum(n for _, n in months[-12:])
        yield Static(Content.assemble(
            (months[0][0], MUTED), " … ", (months[-1][0], MUTED),
            "  busiest ", (busiest, "bold"), f" ({most})",
            "  last 12 months ", (str(last12), "bold")), markup=False, classes="chart-numbers")
