"""The watchnext terminal app. `make_app` is the one factory (run_app and the tests use it):
the catalog, the watchlist and the config path are passed in, never read from globals.

The app holds the shared state (catalog, watchlist store, filters, theme); the screens reach it
as a Context (context.py: what a screen may ask of the app), never by importing this module.
Its parts: start-up (the catalog and index loading), the domain as the screens use it, the
watchlist changes (changes.py: the only writer of the watchlist) and moving between screens
(the one place screens are opened)."""

from __future__ import annotations

import gc
import os
import random
from pathlib import Path
from typing import Iterable

from textual import work
from textual.app import App
from textual.theme import Theme

from ..model import Hit, Match, Title
from ..text import visible
from ..watchlist import Entry, Watchlist
from .changes import WatchlistChanges
from .commands import WatchnextCommands
from .config import Config, load_config, save_theme
from .keys import APP_BINDINGS
from .render import NoControlCharacters
from .screens.base import BaseScreen
from .screens.browse import BrowseScreen
from .screens.filters import Choices, FiltersScreen, PanelFilters
from .startup import STEPS, Startup

POLL_SECONDS = 2.0  # how often the watchlist file is checked for changes made elsewhere
LOADING_STEPS = len(STEPS)  # the catalog, the search index, the more-like-this index


class WatchnextApp(WatchlistChanges, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "watchnext"
    COMMANDS = App.COMMANDS | {WatchnextCommands}
    BINDINGS = APP_BINDINGS

    def __init__(self, catalog, watchlist: Watchlist, config: Config,
                 cursor_blink: bool = True, watch_files: bool = True,
                 tune_gc: bool = True, startup: Startup | None = None) -> None:
        super().__init__()
        self.tune_gc = tune_gc
        self.catalog = catalog
        # the start's steps (startup.py) when the catalog is not given: the first screen's
        # results and picks come from there
        self.startup = startup if catalog is None else None
        self.watchlist = watchlist
        self.config = config
        self.cursor_blink = cursor_blink
        self.watch_files = watch_files
        self.entries: dict[str, Entry] = {}
        self._entries_key: tuple = ()
        self.panel_filters = PanelFilters()
        self.random = random.Random()
        self.keymap: dict[str, str] = {}
        self._choices: Choices | None = None
        # (what, step, of steps) while the catalog loads or an index is built, else None
        self.loading: tuple[str, int, int] | None = None if catalog else (
            STEPS[0], 0, LOADING_STEPS)
        self._start_changes()
        self._read_entries()

    # -- what reaches the terminal --------------------------------------------------------------

    _no_control = NoControlCharacters()

    def get_line_filters(self):
        return [*super().get_line_filters(), self._no_control]

    def notify(self, message, *, title: str = "", **kwargs) -> None:
        """Messages quote file names and values: their control characters show as \\x1b."""
        super().notify(visible(message) if isinstance(message, str) else message,
                       title=visible(title), **kwargs)

    # -- start ---------------------------------------------------------------------------------

    def get_default_screen(self) -> BrowseScreen:
        return BrowseScreen()

    def on_mount(self) -> None:
        for problem in self.config.problems:
            self.notify(problem, title="Settings", severity="warning", markup=False, timeout=10)
        self._apply_keymap()
        theme = self.config.theme
        if theme:
            if theme in self.available_themes:
                self.theme = theme
            else:
                self.notify(f"{self.config.path}: no theme called {theme!r}; using the default",
                            title="Settings", severity="warning", markup=False)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.catalog is None:
            if self.startup is None:
                self.startup = Startup().start()
            self._follow_startup(self.startup)
            opened = self.startup.catalog
            if opened.done() and opened.exception() is None:  # (opened while textual was
                self._catalog_loaded(opened.result(), mounted_only=True)  # imported)
        if self.watch_files:
            self.set_interval(POLL_SECONDS, self.refresh_watchlist)

    def _apply_keymap(self) -> None:
        from .screens import binding_ids, clashes

        known = binding_ids()
        keymap = {}
        for binding_id, keys in self.config.keys.items():
            if binding_id not in known:
                self.notify(f"{self.config.path}: [keys] {binding_id!r} is not a binding id "
                            f"(press ? for the list)", title="Settings", severity="warning",
                            markup=False)
                continue
            keymap[binding_id] = keys
        for clash in clashes(keymap):
            self.notify(f"{self.config.path}: {clash}", title="Settings", severity="warning",
                        markup=False, timeout=10)
        self.keymap = keymap
        if keymap:
            self.set_keymap(keymap)

    def _progress(self, what: str | None, step: int = 0) -> None:
        """What is being loaded or built (None: nothing), shown with a progress bar."""
        self.loading = (what, step, LOADING_STEPS) if what else None
        for screen in self.screen_stack:
            if isinstance(screen, BaseScreen):  # (mounted or not: a screen being mounted
                screen.loading_changed()        # may have read the state before this change)

    @work(thread=True, exit_on_error=False, group="start")
    def _follow_startup(self, startup: Startup) -> None:
        """Show the start's progress (and its catalog once opened) as its thread moves on."""
        seen, catalog_shown = -1, False
        while True:
            seen, state = startup.changed(seen)
            if startup.catalog.done() and not catalog_shown:
                catalog_shown = True
                err = startup.catalog.exception()
                if err is not None:
                    self._from_thread(lambda: self.notify(
                        f"Cannot load the catalog: {err}", severity="error", markup=False,
                        timeout=30))
                    self._from_thread(self._progress, None)
                    return
                self._from_thread(self._catalog_loaded, startup.catalog.result())
            self._from_thread(self._progress, *(state or (None,)))
            if state is None:
                return

    @work(thread=True, exit_on_error=False, group="warm-up")
    def _warm_up(self) -> None:
        """Once the first screen is shown: read the rest of the search and similarity indexes
        (what later keystrokes and picks use), then settle the garbage collector (see
        _settle_gc). Quietly: nothing waits for it."""
        try:
            import importlib

            from ..catalog.indexcache import materialize
            from ..search import index_parts
            from ..similar import get_index as similar_index

            if self.startup is not None:
                self.startup.recs.exception()  # (waits: the start reads these first)
            for ix, _ in index_parts(self.catalog):  # (two with user titles on top)
                materialize(ix)
            six = similar_index(self.catalog)
            materialize(six)
            if importlib.import_module("watchnext.similar").RANKER == "smooth":
                from ..similar.smooth import prepare

                prepare(six)  # numpy and the arrays (done already when the start found picks)
        except Exception:  # the next search reports it
            return
        if self.tune_gc:
            self._from_thread(self._settle_gc)

    def _settle_gc(self) -> None:
        """The catalog, its indexes and Textual's startup objects live as long as the app:
        freeze them out of the collector, and collect less often, so that no keystroke waits
        for a full collection (100 ms on a big catalog)."""
        gc.collect()
        gc.freeze()
        gc.set_threshold(20_000, 50, 1000)

    def first_results_shown(self) -> None:
        """Called by Browse once its first results are painted: the start may go on to the
        picks (startup.SHOWN_WAIT)."""
        if self.startup is not None:
            self.startup.results_shown()

    def first_screen_shown(self) -> None:
        """Called by Browse once its first results and their picks are on screen: now (not
        before: it would slow them down) read the rest of the indexes."""
        self._warm_up()

    def _catalog_loaded(self, catalog, mounted_only: bool = False) -> None:
        """mounted_only: tell only the screens mounted already (from on_mount: a screen
        mounted later sees the catalog in its own on_mount)."""
        if self.catalog is catalog:
            return  # (told already: on_mount found it opened)
        self.catalog = catalog
        for problem in catalog.problems[:3]:
            self.notify(problem, title="Catalog", severity="warning", markup=False)
        for screen in self.screen_stack:
            if isinstance(screen, BaseScreen) and (screen.is_mounted or not mounted_only):
                screen.catalog_ready()

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name == self.config.theme or not self.config.writable:
            return
        problem = save_theme(self.config, theme.name)
        if problem:
            self.notify(problem, severity="error", markup=False)

    # -- the domain, as the screens use it -----------------------------------------------------

    def search(self, query: str, limit: int) -> list[Hit]:
        from ..search import search

        filters = self._search_filters()
        if self.startup is not None:  # the first screen's (or wait until it is found)
            hits = self.startup.first_hits(query, limit, filters.is_empty())
            if hits is not None:
                return hits
        return search(self.catalog, query, limit, filters=filters)

    def found_hits(self, query: str, limit: int) -> list[Hit] | None:
        """The hits of this search if the start has found them already (the first screen's),
        else None: nothing is searched here and nothing waits."""
        if self.startup is None:
            return None
        return self.startup.found_hits(query, limit, self._search_filters().is_empty())

    def _search_filters(self):
        """The filters panel's choices as search Filters (hide watched: the watched ids)."""
        watched = frozenset(i for i, e in self.entries.items() if e.status == "watched")
        return self.panel_filters.to_search_filters(watched)

    def query_problems(self, query: str, found: bool = True) -> tuple[str, ...]:
        """What the search box says about a query, as the CLI does: words it ignored, filter
        values that name nothing ('did you mean genre:Horror?') and, when nothing was found,
        the titles it may have meant. (Slow enough for a worker thread.)"""
        from ..search import parse_query, unknown_filters

        parsed = parse_query(query)
        must, must_not = unknown_filters(self.catalog, parsed.filters)
        near = [] if found or must or not parsed.text.strip() else \
            self.catalog.suggest(parsed.text, limit=3)
        return (*parsed.problems, *must, *must_not,
                *(["did you mean " + "; ".join(t.label for t in near) + "?"] if near else []))

    def similar(self, titles, limit: int, exclude_ids: Iterable[str] = ()) -> list[Match]:
        from ..similar import similar

        exclude_ids = tuple(exclude_ids)
        if self.startup is not None:  # the first screen's (or wait until they are found)
            picks = self.startup.first_recs(titles, limit, exclude_ids)
            if picks is not None:
                return picks
        return similar(self.catalog, titles, limit, exclude_ids=exclude_ids)

    def liked_titles(self) -> list[Title]:
        """Titles the watchlist says were liked (see foryou.liked); best rated first."""
        from ..foryou import liked, titles_of

        return titles_of(self.catalog, liked(self.entries.values())) if self.catalog else []

    def disliked_titles(self) -> list[Title]:
        from ..foryou import disliked, titles_of

        return titles_of(self.catalog, disliked(self.entries.values())) if self.catalog else []

    def for_you(self, limit: int, kind: str | None = None) -> list[Match]:
        from ..foryou import for_you

        return for_you(self.catalog, list(self.entries.values()), limit, kind=kind)

    @property
    def hide_watched(self) -> bool:
        return self.panel_filters.hide_watched

    def filters_summary(self) -> str:
        return self.panel_filters.describe()

    # -- moving between screens ----------------------------------------------------------------

    def go_browse(self, focus_search: bool = False) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, BrowseScreen):
            self.pop_screen()
        if focus_search and isinstance(self.screen, BrowseScreen):
            self.screen.focus_search()

    def open_title(self, title: Title, trail: list[Title] | None = None) -> None:
        from .screens.title import TitleScreen

        self.push_screen(TitleScreen(title, trail))

    def open_watchlist(self) -> None:
        from .screens.watchlist import WatchlistScreen

        if not isinstance(self.screen, WatchlistScreen):
            self.push_screen(WatchlistScreen())

    def open_for_you(self) -> None:
        from .screens.foryou import ForYouScreen

        if self.catalog is None:
            self.notify("The catalog is still loading", severity="warning")
            return
        if not isinstance(self.screen, ForYouScreen):
            self.push_screen(ForYouScreen())

    def open_stats(self) -> None:
        from .screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def open_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen(self.keymap, str(self.config.path)))

    def open_filters(self) -> None:
        if self.catalog is None:
            self.notify("The catalog is still loading", severity="warning")
            return
        if self._choices is None:
            self._choices = Choices.of(self.catalog)
        self.push_screen(FiltersScreen(self.panel_filters, self._choices), self._filters_chosen)

    def _filters_chosen(self, filters: PanelFilters | None) -> None:
        if filters is None or filters == self.panel_filters:
            return
        self.panel_filters = filters
        for screen in self.screen_stack:
            if isinstance(screen, BrowseScreen):
                screen.filters_changed()


def make_app(catalog=None, watchlist=None, config_path=None, *, cursor_blink: bool = True,
             watch_files: bool = True, tune_gc: bool = True,
             startup: Startup | None = None) -> WatchnextApp:
    """The app, with its settings and paths passed in.

    catalog: a loaded Catalog, or None to load the shipped one in a thread (startup.py).
    watchlist: a Watchlist, a path to one, or None for paths.watchlist_file().
    config_path: the config.toml to read (and write the theme to); None: paths.config_file().
    cursor_blink: False for snapshot tests. watch_files: poll the watchlist file for changes.
    tune_gc: freeze long-lived objects out of the garbage collector once warm (a process-wide
    setting: the app owns its process; tests turn it off).
    startup: the start's thread, begun already (run_app starts it before importing textual);
    None: the app starts one when it mounts (when `catalog` is None)."""
    from .. import paths

    config = load_config(Path(config_path) if config_path is not None else paths.config_file())
    if watchlist is None or isinstance(watchlist, (str, os.PathLike)):
        watchlist = Watchlist.open(watchlist)
    return WatchnextApp(catalog, watchlist, config, cursor_blink=cursor_blink,
                        watch_files=watch_files, tune_gc=tune_gc, startup=startup)
