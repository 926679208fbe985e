"""Browse: the start screen. Search as you type, results, the highlighted title's details and
'more like this'."""

from __future__ import annotations

import asyncio

from textual.css.query import NoMatches
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static

from ...model import Hit, Match, Title
from ..render import MUTED
from ..startup import RECS, RESULTS
from ..widgets.detail import DetailPane
from ..widgets.footer import FitFooter
from ..widgets.line import Line
from ..widgets.recommendations import RecommendationList, Why
from ..widgets.results import ResultsList
from .base import BaseScreen

DETAIL_DELAY = 0.08  # while typing, show the top result's details after this pause
RECS_DELAY = 0.06  # then wait this long before computing its recommendations


class SearchBox(Input):
    """The search box. Its virtual width grows in steps of 256 cells rather than with every
    character: Input sets its virtual size on each keystroke, and a change of size costs a
    layout pass of the whole screen (~10 ms) before the new results can be painted."""

    @property
    def content_width(self) -> int:
        return (super().content_width // 256 + 1) * 256

    def replace(self, text: str, start: int, end: int) -> None:
        """Typing and pasting go through here: the box holds MAX_QUERY characters (a pasted
        page would make every search slow), and says so when a paste is cut."""
        from ...search import MAX_QUERY  # (here: importing search would slow the first frame)

        room = MAX_QUERY - (len(self.value) - (end - start))
        if len(text) > room:
            text = text[:max(0, room)]
            self.notify(f"The search box holds {MAX_QUERY} characters: the rest was left out",
                        severity="warning", markup=False)
        super().replace(text, start, end)

    BINDINGS = [
        Binding("down", "screen.focus_results", "Results", id="search.down",
                tooltip="Move into the results list"),
        Binding("enter", "submit", "Open top", id="search.open",
                tooltip="Open the top result"),
        Binding("escape", "screen.focus_results", "Done", id="search.done",
                tooltip="Leave the search box (the query stays): the letter keys are commands "
                        "again"),
        Binding("ctrl+q", "app.quit", "Quit", priority=True),  # (shown here: q types a q)
    ]


class BrowseScreen(BaseScreen):
    BINDINGS = [
        Binding("f", "filters", "Filters", id="browse.filters",
                tooltip="Filter by kind, genre, theme, country, years, platform, true story"),
    ]

    def __init__(self) -> None:
        super().__init__(id="browse")
        self.shown_query: str | None = None  # the query whose results are on screen
        self.searches = 0  # how many result sets were shown (tests and benchmarks wait on it)
        self._asked: tuple | None = None  # the last search started: (query, filters)
        self._first_shown = False  # the first results and their picks (told to the app once)
        self._recs_for: str | None = None
        self._detail_for: tuple | None = None
        self._nothing = "No title selected"  # the detail pane without a title (no results: why)
        self._open_when_loaded = False  # enter pressed while the catalog was loading

    def compose(self) -> ComposeResult:
        yield from self.compose_banner()
        yield SearchBox(placeholder="Search: title, person, genre, theme…  try genre:drama "
                                    "year:2010..2020", id="search")
        yield Line(id="browse-status")
        with Horizontal(id="browse-main"):
            with Vertical(id="browse-list"):
                yield ResultsList(id="results")
                # the highlighted pick's reasons in full: here, not under the picks, so that the
                # short picks list keeps its rows (the results list has rows to spare)
                yield Why(id="browse-recs-why")
            with Vertical(id="browse-side"):
                yield DetailPane(id="browse-detail")
                yield Static("More like this", classes="section-title", id="browse-recs-title")
                yield RecommendationList(id="browse-recs", reasons=2)
        yield FitFooter()

    def on_mount(self) -> None:
        search = self.query_one(SearchBox)
        search.cursor_blink = self.wn.cursor_blink
        # focus starts on the list: the letter keys are commands, / (or any letter that is not
        # one) starts a search
        self.query_one(ResultsList).focus()
        if self.wn.catalog is None:
            self._status(Content.styled("Loading the catalog…", MUTED))
            self.query_one(DetailPane).show(None, None, empty="Loading the catalog…")
        else:
            self.catalog_ready()

    def catalog_ready(self) -> None:
        self.run_search(again=False)  # (the app may tell before this screen is mounted)

    # -- searching -----------------------------------------------------------------------------

    @property
    def query_text(self) -> str:
        return self.query_one(SearchBox).value

    @on(Input.Changed, "#search")
    def _typed(self) -> None:
        self.run_search(again=False)

    def run_search(self, again: bool = True) -> None:
        """Search for what the box holds (again=False: unless that search is running or shown
        already; the box says it changed when it is first mounted, too)."""
        if self.wn.catalog is None:
            return
        asked = (self.query_text, self.wn.filters_summary())
        if not again and asked == self._asked:
            return
        self._asked = asked
        query = self.query_text
        hits = self.wn.found_hits(query, RESULTS) if not query else None
        if hits is not None:  # the start found them while textual was imported: shown now,
            self.workers.cancel_group(self, "search")  # in the first frame (no thread hop)
            self._show_hits(query, hits, self.wn.query_problems(query, bool(hits)))
            return
        self._search(query)

    @work(exclusive=True, group="search")
    async def _search(self, query: str) -> None:
        """Runs in a thread; a newer keystroke cancels this worker and its result is dropped."""
        try:
            hits = await asyncio.to_thread(self.wn.search, query, RESULTS)
            problems = await asyncio.to_thread(self.wn.query_problems, query, bool(hits))
        except Exception as err:  # never a traceback: a notification
            self.notify(f"Search failed: {err}", severity="error", markup=False)
            return
        if not self.is_attached or query != self.query_text:
            return  # stale
        try:
            self._show_hits(query, hits, problems)
        except NoMatches:
            return  # the screen is being torn down (the app is quitting)

    def _show_hits(self, query: str, hits: list[Hit], problems: tuple[str, ...] = ()) -> None:
        results = self.query_one(ResultsList)
        keep = results.current.id if (results.current and query == self.shown_query) else None
        results.show([h.title for h in hits], self.wn.entries, keep=keep)
        self.shown_query = query
        self.searches += 1
        if self.searches == 1:
            self.call_after_refresh(self.wn.first_results_shown)
        if not hits:
            self._first_screen_shown()
        self._update_status(len(hits), problems)
        if not hits:
            # the status line has one row: the pane has room for every word of the reason
            self._nothing = "\n\n".join(("No titles match", *problems)) if problems else \
                "No titles match: try fewer words"
            self._show_title(None, DETAIL_DELAY)
        if self._open_when_loaded:
            self._open_when_loaded = False
            self._open_top()

    def _update_status(self, count: int, problems: tuple[str, ...]) -> None:
        parts: list[Content] = []
        if self.wn.catalog is None:
            return
        if count == 0:
            parts.append(Content.styled("No titles match", "$warning"))
        elif count >= RESULTS:
            parts.append(Content.styled(f"Top {count} results", MUTED))
        else:
            parts.append(Content.styled(f"{count} result{'s' if count != 1 else ''}", MUTED))
        if problems:
            parts.append(Content.styled("; ".join(problems), "$warning"))
        active = self.wn.filters_summary()
        if active:
            parts.append(Content.assemble(("filters: ", MUTED), (active, "$accent"),
                                          ("  (f to change)", MUTED)))
        elif count == 0 and not problems:
            parts.append(Content.styled("try fewer words", MUTED))
        self._status(Content(" · ").join(parts))

    def _status(self, content: Content) -> None:
        self.query_one("#browse-status", Line).update(content)

    def filters_changed(self) -> None:
        self.run_search()

    # -- the highlighted title -----------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # while typing, the detail pane waits for a pause: the results list comes first
        typing = isinstance(self.focused, SearchBox)
        self._show_title(event.option.title, DETAIL_DELAY if typing else 0.0)  # type: ignore[attr-defined]
        if not typing:
            self.current_changed()  # (while typing, a is a letter: the footer does not show it)

    def _show_title(self, title: Title | None, delay: float = 0.0) -> None:
        self._follow(title, delay)

    def _show_detail(self, title: Title | None, force: bool = False) -> None:
        entry = self.wn.entries.get(title.id) if title else None
        key = (title.id if title else None, entry, self._nothing)
        if key == self._detail_for and not force:
            return
        self._detail_for = key
        self.query_one(DetailPane).show(title, entry, self.wn.catalog, empty=self._nothing)

    @work(exclusive=True, group="browse-detail")
    async def _follow(self, title: Title | None, delay: float) -> None:
        """Show the highlighted title, then (after a short pause: moving fast through the list
        cancels this worker) its recommendations."""
        try:
            await self._follow_now(title, delay)
        except NoMatches:
            return  # the screen is being torn down (the app is quitting)

    async def _follow_now(self, title: Title | None, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        if not self.is_attached:
            return
        self._show_detail(title)
        recs = self.query_one("#browse-recs", RecommendationList)
        if title is None:
            self._recs_for = None
            recs.show([], {})
            return
        if title.id == self._recs_for:
            return
        await asyncio.sleep(RECS_DELAY)
        heading = self.query_one("#browse-recs-title", Static)
        busy = self.set_timer(0.3, lambda: heading.update(Content.assemble(
            "More like this", ("  finding titles like ", MUTED), (title.title, MUTED),
            ("…", MUTED))))  # (only when it takes a while: no flicker)
        try:
            matches: list[Match] = await asyncio.to_thread(self.wn.similar, title, RECS)
        except Exception as err:
            self.notify(f"More like this failed: {err}", severity="error", markup=False)
            return
        finally:
            busy.stop()
            if self.is_attached:
                heading.update("More like this")
        if not self.is_attached:
            return
        self._recs_for = title.id
        recs.show(matches, self.wn.entries)
        self._first_screen_shown()

    def _first_screen_shown(self) -> None:
        """Once, when results and their picks (or no results) are first on screen: the app may
        now do what nobody waits for."""
        if not self._first_shown:
            self._first_shown = True
            self.call_after_refresh(self.wn.first_screen_shown)

    # -- opening -------------------------------------------------------------------------------

    @on(Input.Submitted, "#search")
    def _open_top(self) -> None:
        """Enter in the search box opens the top result (searching now if results are stale)."""
        if self.wn.catalog is None:
            self._open_when_loaded = True
            self.notify("The catalog is loading: the top result opens when it is ready")
            return
        query = self.query_text
        results = self.query_one(ResultsList)
        if query == self.shown_query:
            top = results.get_option_at_index(0).title if results.option_count else None  # type: ignore[attr-defined]
        else:
            try:
                hits = self.wn.search(query, 1)
            except Exception as err:  # never a traceback: a notification
                self.notify(f"Search failed: {err}", severity="error", markup=False)
                return
            top = hits[0].title if hits else None
        if top is None:
            self.notify("Nothing to open: no title matches", severity="warning")
            return
        self.wn.open_title(top)

    @on(OptionList.OptionSelected, "#results, #browse-recs")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.wn.open_title(event.option.title)  # type: ignore[attr-defined]

    def action_focus_results(self) -> None:
        self.set_focus(self.query_one(ResultsList))  # now: the next key (j) must go to the list

    def focus_search(self) -> None:
        self.set_focus(self.query_one(SearchBox))

    # -- keys ----------------------------------------------------------------------------------

    def current_id(self) -> str | None:
        focused = self.focused
        if isinstance(focused, RecommendationList) and focused.current is not None:
            return focused.current.id
        current = self.query_one(ResultsList).current
        return current.id if current else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back" and isinstance(self.focused, ResultsList):
            return False  # already there: escape does nothing, so the footer does not show it
        return super().check_action(action, parameters)

    def action_back(self) -> None:
        """Escape: from the search box, the details or the picks, back to the results list (it
        never goes to the search box: the next letter would replace the query)."""
        self.action_focus_results()

    def on_key(self, event: events.Key) -> None:
        """Type to search: a letter that is no command, pressed outside the search box, starts
        a new query with that letter."""
        char = event.character
        if char is None or not char.isprintable():
            return
        box = self.query_one(SearchBox)
        if self.focused is box:
            # typed fast after the first letter: the app sent it to the list before the focus
            # moved (the box stops every letter it gets, so this one never reached it)
            pass
        elif isinstance(self.focused, Input) or char == " ":
            return
        elif event.key in self.active_bindings and self.wn.catalog is not None:
            return  # (while the catalog loads there is no title to act on: every letter types,
            #          so "stranger things" typed at once is not "ger things")
        else:
            self.set_focus(box)  # (selects the query: the letter, queued after the focus,
            #                     replaces it)
        event.stop()
        event.prevent_default()
        box.post_message(events.Key(event.key, char))

    def action_filters(self) -> None:
        self.wn.open_filters()

    def watchlist_changed(self) -> None:
        super().watchlist_changed()
        entries = self.wn.entries
        self.query_one(ResultsList).remark(entries)
        self.query_one("#browse-recs", RecommendationList).remark(entries)
        self._show_detail(self.query_one(ResultsList).current)
        if self.wn.hide_watched:
            self.run_search()
