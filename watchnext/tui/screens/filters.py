"""The filter panel (f): kind, genre, theme, country, years, platform, true story, hide watched.
Returns the new panel filters (or None when cancelled); they combine with the search box."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from ..render import plain


@dataclass(frozen=True)
class PanelFilters:
    kind: str | None = None
    genre: str | None = None
    theme: str | None = None
    country: str | None = None
    year_min: int | None = None
    year_max: int | None = None
    platform: str | None = None
    true_story: bool | None = None
    hide_watched: bool = False

    def to_search_filters(self, watched_ids: frozenset[str] = frozenset()):
        """The domain's search Filters for these choices."""
        from ...search import Filters

        return Filters(
            kinds=(self.kind,) if self.kind else (),
            genres=(self.genre,) if self.genre else (),
            themes=(self.theme,) if self.theme else (),
            countries=(self.country,) if self.country else (),
            platforms=(self.platform,) if self.platform else (),
            year_min=self.year_min, year_max=self.year_max, true_story=self.true_story,
            exclude_ids=watched_ids if self.hide_watched else frozenset(),
        )

    def describe(self) -> str:
        """How a person reads them: 'kind:series genre:Drama year:2010..2020 hide watched'."""
        words = self.to_search_filters().describe()
        if self.hide_watched:
            words.append("hide watched")
        return " ".join(words)


@dataclass
class Choices:
    """What the catalog holds, most common first (computed once per catalog)."""

    genres: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    platforms: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, catalog) -> "Choices":
        counters = {name: Counter() for name in ("genres", "themes", "countries", "platforms")}
        for t in catalog.titles if catalog is not None else ():
            for name, counter in counters.items():
                counter.update(getattr(t, name))
        return cls(**{name: [v for v, _ in c.most_common()] for name, c in counters.items()})


def _year(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


class FiltersScreen(ModalScreen[PanelFilters | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filters.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filters.apply"),
        Binding("ctrl+l", "clear", "Clear all", id="filters.clear"),
    ]

    def __init__(self, current: PanelFilters, choices: Choices) -> None:
        super().__init__(classes="dialog-screen")
        self.current = current
        self.choices = choices

    def compose(self) -> ComposeResult:
        c, ch = self.current, self.choices

        def select(name: str, options: list[tuple[str, object]], value, prompt: str) -> Select:
            return Select(options, prompt=prompt, value=value if value is not None else Select.NULL,
                          id=f"f-{name}", compact=True)

        with Vertical(classes="dialog", id="filters-dialog"):
            yield Static("Filters", classes="dialog-title")
            with Grid(id="filters-grid"):
                yield Label("Kind")
                yield select("kind", [("Films", "film"), ("Series", "series")], c.kind, "Any")
                yield Label("Genre")
                yield select("genre", [(plain(g), g) for g in ch.genres], c.genre, "Any")
                yield Label("Theme")
                yield Input(c.theme or "", placeholder="any (type: revenge, time travel…)",
                            id="f-theme", compact=True,
                            suggester=SuggestFromList(ch.themes, case_sensitive=False))
                yield Label("Country")
                yield select("country", [(plain(x), x) for x in ch.countries], c.country, "Any")
                yield Label("Years")
                with Horizontal(id="f-years"):
                    yield Input(str(c.year_min or ""), placeholder="from", id="f-year-min",
                                type="integer", max_length=4, compact=True)
                    yield Input(str(c.year_max or ""), placeholder="to", id="f-year-max",
                                type="integer", max_length=4, compact=True)
                yield Label("Platform")
                yield select("platform", [(plain(p), p) for p in ch.platforms], c.platform, "Any")
                yield Label("True story")
                yield select("true", [("Based on a true story", True), ("Not a true story", False)],
                             c.true_story, "Either")
                yield Label("Watched")
                yield Checkbox("Hide titles I watched", c.hide_watched, id="f-hide-watched",
                               compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply", variant="primary", id="apply", compact=True)
                yield Button("Clear all", id="clear", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static("tab moves · enter or ctrl+s apply · ctrl+l clear · escape cancel",
                         classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#f-kind", Select).focus()

    def chosen(self) -> PanelFilters:
        def value(name: str):
            v = self.query_one(f"#f-{name}", Select).value
            return None if v is Select.NULL else v

        theme = self.query_one("#f-theme", Input).value.strip()
        lo = _year(self.query_one("#f-year-min", Input).value)
        hi = _year(self.query_one("#f-year-max", Input).value)
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo
        return PanelFilters(
            kind=value("kind"), genre=value("genre"), theme=theme or None,
            country=value("country"), year_min=lo, year_max=hi, platform=value("platform"),
            true_story=value("true"),
            hide_watched=self.query_one("#f-hide-watched", Checkbox).value,
        )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_apply()

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        self.dismiss(self.chosen())

    @on(Button.Pressed, "#clear")
    def action_clear(self) -> None:
        self.dismiss(PanelFilters())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
