"""What every full screen shares: the read-only banner, the footer, and the keys that act on
"the current title" (add/remove, status, rating, note, progress) or move between screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.keys import _character_to_key
from textual.containers import Horizontal
from textual.widgets import Input, Label, ProgressBar, Static

from ...text import visible
from ..widgets.recommendations import RecommendationList, Why

WAITING = ("Waiting for the watchlist (another watchnext is saving): keep browsing, your change "
           "is saved when it is done")

# keys that type a character: an Input takes them, so the screen's bindings on them are hidden
# from the footer while one has focus (the footer shows only keys that work)
TYPING_KEYS = frozenset(_character_to_key(chr(c)) for c in range(32, 127))

if TYPE_CHECKING:
    from ..context import Context


class ReadOnlyBanner(Static):
    """Shown when the watchlist file is corrupt (names the file and line; nothing is written),
    or while a save waits for another watchnext to finish its own."""

    def on_mount(self) -> None:
        self.update_problem()

    def update_problem(self) -> None:
        app = cast("Context", self.app)
        problem = app.watchlist.problem
        if problem:
            self.update(Content.assemble(
                ("Watchlist is read-only: ", "bold"), visible(problem),
                "  (fix or move the file, then press ctrl+r)"))
        elif app.waiting_for_watchlist:
            self.update(Content.styled(WAITING, "bold"))
        self.display = bool(problem) or app.waiting_for_watchlist


class LoadingBar(Horizontal):
    """'Building the more-like-this index…' and a progress bar, while the app loads."""

    DEFAULT_CSS = """
    LoadingBar { height: 1; padding: 0 1; display: none; }
    LoadingBar Label { width: auto; margin-right: 2; color: $text-muted; }
    LoadingBar ProgressBar { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Label(markup=False)
        yield ProgressBar(show_eta=False, show_percentage=False)

    def on_mount(self) -> None:
        self.show(cast("Context", self.app).loading)

    def show(self, state: tuple[str, int, int] | None) -> None:
        self.display = state is not None
        if state is not None:
            try:
                label, bar = self.query_one(Label), self.query_one(ProgressBar)
            except NoMatches:  # not composed yet: on_mount shows the state then
                return
            what, step, total = state
            label.update(f"{what}… ({step + 1} of {total})")
            bar.update(total=total, progress=step)


class BaseScreen(Screen):
    BINDINGS = [
        Binding("slash", "search", "Search", id="app.search",
                tooltip="Go to the search box"),
        Binding("a", "toggle_watchlist", "Add", id="watchlist.add",
                tooltip="Add the title to the watchlist, or take it off"),
        Binding("s", "status", "Status", id="watchlist.status",
                tooltip="Set the watchlist status: want, watching, watched, dropped"),
        Binding("r", "rating", "Rate", id="watchlist.rating",
                tooltip="Rate the title, 0.5 to 5 stars"),
        Binding("n", "note", "Note", show=False, id="watchlist.note", tooltip="Write a note on the title"),
        Binding("e", "progress", "Progress", show=False, id="watchlist.progress",
                tooltip="Set how far you are in a series, like S2E8"),
        Binding("t", "tags", "Tags", show=False, id="watchlist.tags",
                tooltip="Tag the title (commas between tags)"),
        Binding("plus", "priority(1)", "Priority +", show=False, id="watchlist.priority_up",
                tooltip="Raise the title's priority (pick for me favours it)"),
        Binding("minus", "priority(-1)", "Priority −", show=False,
                id="watchlist.priority_down", tooltip="Lower the title's priority"),
        Binding("w", "watchlist", "Watchlist", id="app.watchlist", tooltip="Open the watchlist"),
        Binding("y", "for_you", "For you", show=False, id="app.foryou",
                tooltip="Titles picked from what you liked"),
        Binding("percent_sign", "stats", "Stats", show=False, id="app.stats",
                tooltip="Your taste in charts: titles per month, ratings, top genres..."),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="app.refresh",
                tooltip="Re-read the watchlist file (changes made from the CLI)"),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key"),
        Binding("escape", "back", "Back", id="app.back",
                tooltip="Go back (along the trail of titles)"),
        Binding("q", "quit", "Quit", id="app.quit",
                tooltip="Quit (when not typing; ctrl+q always quits)"),
    ]

    @property
    def wn(self) -> "Context":
        return cast("Context", self.app)

    def compose_banner(self) -> ComposeResult:
        yield ReadOnlyBanner(classes="banner", markup=False)
        yield LoadingBar()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if isinstance(self.focused, Input) and self._typed_keys_only(action):
            return False  # the box takes the key: not a command while typing
        return True

    def _typed_keys_only(self, action: str) -> bool:
        keys = [key for key, bindings in self._bindings.key_to_bindings.items()
                if any(b.action == action for b in bindings)]
        return bool(keys) and all(len(k) == 1 or k in TYPING_KEYS for k in keys)

    # -- what the title keys act on ------------------------------------------------------------

    def current_id(self) -> str | None:
        """The id of the title the keys a/s/r/n/e act on (None: nothing selected)."""
        return None

    # what a takes off (the footer says so: 'a Remove', not 'Add', on a title on the list)
    ON_THE_LIST = {"Add": "Remove", "Add pick": "Remove pick"}

    def footer_description(self, action: str, description: str) -> str:
        """How the footer words a key here (FitFooter asks)."""
        if action.rsplit(".", 1)[-1] == "toggle_watchlist" and description in self.ON_THE_LIST:
            tid = self.current_id()
            if tid is not None and tid in self.wn.entries:
                return self.ON_THE_LIST[description]
        return description

    def current_changed(self) -> None:
        """Call when the title the keys act on may have changed (a highlight moved, the list
        changed): the footer follows."""
        if self.is_mounted:
            self.refresh_bindings()

    def _target(self) -> str | None:
        tid = self.current_id()
        if tid is None:
            self.notify("No title selected", severity="warning")
        return tid

    @on(RecommendationList.Picked)
    def _show_why(self, event: RecommendationList.Picked) -> None:
        """The reasons line under a list of picks (`#<list id>-why`) follows its highlight."""
        for why in self.query(f"#{event.recs.id}-why").results(Why):
            why.show(event.match)
        self.current_changed()

    # -- hooks ---------------------------------------------------------------------------------

    def watchlist_changed(self) -> None:
        """Called by the app after the watchlist changed (here or on disk)."""
        self.update_banner()
        self.current_changed()

    def update_banner(self) -> None:
        """Called by the app when a save starts or stops waiting for the watchlist's lock."""
        for banner in self.query(ReadOnlyBanner):
            banner.update_problem()

    def loading_changed(self) -> None:
        """Called by the app when the catalog or an index starts or stops loading."""
        for bar in self.query(LoadingBar):
            bar.show(self.wn.loading)

    def catalog_ready(self) -> None:
        """Called by the app once the catalog is loaded."""

    def on_screen_resume(self) -> None:
        self.wn.refresh_watchlist()

    # -- actions -------------------------------------------------------------------------------

    def action_search(self) -> None:
        self.wn.go_browse(focus_search=True)

    def action_watchlist(self) -> None:
        self.wn.open_watchlist()

    def action_for_you(self) -> None:
        self.wn.open_for_you()

    def action_stats(self) -> None:
        self.wn.open_stats()

    def action_help(self) -> None:
        self.wn.open_help()

    def action_refresh(self) -> None:
        self.wn.refresh_watchlist(announce=True)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_quit(self) -> None:
        self.app.exit()

    def action_toggle_watchlist(self) -> None:
        if (tid := self._target()) is not None:
            self.wn.toggle_watchlist(tid)

    def action_status(self) -> None:
        if (tid := self._target()) is not None:
            self.wn.edit_status(tid)

    def action_rating(self) -> None:
        if (tid := self._target()) is not None:
            self.wn.edit_rating(tid)

    def action_note(self) -> None:
        if (tid := self._target()) is not None:
            self.wn.edit_note(tid)

    def action_progress(self) -> None:
        if (tid := self._target()) is not None:
            self.wn.edit_progress(tid)

    def action_tags(self) -> None:
        if (tid := self._target()) is not None:
            self.wn.edit_tags(tid)

    def action_priority(self, step: int) -> None:
        if (tid := self._target()) is not None:
            self.wn.bump_priority(tid, step)
