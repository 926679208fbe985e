"""What every full screen shares: the read-only banner, the footer, and the keys that act on
"the current title" (add/remove, status, rating, note, progress) or move between screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...text import visible

WAITING = ("Waiting for the watchlist (another watchnext is saving): keep browsing, your change "
           "is saved when it is done")

if TYPE_CHECKING:
    from ..app import WatchnextApp


class ReadOnlyBanner(Static):
    """Shown when the watchlist file is corrupt (names the file and line; nothing is written),
    or while a save waits for another watchnext to finish its own."""

    def on_mount(self) -> None:
        self.update_problem()

    def update_problem(self) -> None:
        app = cast("WatchnextApp", self.app)
        problem = app.watchlist.problem
        if problem:
            self.update(Content.assemble(
                ("Watchlist is read-only: ", "bold"), visible(problem),
                "  (fix or move the file, then press ctrl+r)"))
        elif app.waiting_for_watchlist:
            self.update(Content.styled(WAITING, "bold"))
        self.display = bool(problem) or app.waiting_for_watchlist


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
        Binding("w", "watchlist", "Watchlist", id="app.watchlist", tooltip="Open the watchlist"),
        Binding("y", "for_you", "For you", show=False, id="app.foryou",
                tooltip="Titles picked from what you liked"),
        Binding("ctrl+r", "refresh", "Refresh", show=False, id="app.refresh",
                tooltip="Re-read the watchlist file (changes made from the CLI)"),
        Binding("question_mark", "help", "Help", id="app.help", tooltip="Every key"),
        Binding("escape", "back", "Back", show=False, id="app.back",
                tooltip="Go back (along the trail of titles)"),
        Binding("q", "quit", "Quit", id="app.quit",
                tooltip="Quit (when not typing; ctrl+q always quits)"),
    ]

    @property
    def wn(self) -> "WatchnextApp":
        return cast("WatchnextApp", self.app)

    def compose_banner(self) -> ComposeResult:
        yield ReadOnlyBanner(classes="banner", markup=False)

    # -- what the title keys act on ------------------------------------------------------------

    def current_id(self) -> str | None:
        """The id of the title the keys a/s/r/n/e act on (None: nothing selected)."""
        return None

    def _target(self) -> str | None:
        tid = self.current_id()
        if tid is None:
            self.notify("No title selected", severity="warning")
        return tid

    # -- hooks ---------------------------------------------------------------------------------

    def watchlist_changed(self) -> None:
        """Called by the app after the watchlist changed (here or on disk)."""
        self.update_banner()

    def update_banner(self) -> None:
        """Called by the app when a save starts or stops waiting for the watchlist's lock."""
        for banner in self.query(ReadOnlyBanner):
            banner.update_problem()

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
