"""The watchnext terminal app. `make_app` is the one factory (run_app and the tests use it):
the catalog, the watchlist and the config path are passed in, never read from globals.

The app holds the shared state (catalog, watchlist store, filters, theme) and is the only place
that writes the watchlist: every write goes through `_write`, which queues the change for one
saving thread (another watchnext holding the file's lock makes a save wait up to 15 s: the
screen must not freeze meanwhile), turns WatchlistError into a notification and tells every
screen to redraw."""

from __future__ import annotations

import gc
import os
import random
import threading
import time
from collections import deque
from pathlib import Path
from typing import Callable, Iterable

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.theme import Theme

from ..model import Hit, Match, Title
from ..text import visible
from ..watchlist import (Entry, Watchlist, WatchlistError, check_progress, clean_tags,
                         parse_progress, parse_rating)
from .commands import WatchnextCommands
from .config import Config, load_config, save_theme
from .render import NoControlCharacters, entry_fields, shown_entry
from .screens.base import BaseScreen
from .screens.browse import BrowseScreen
from .screens.edit import ConfirmDialog, StatusDialog, TextDialog
from .screens.filters import Choices, FiltersScreen, PanelFilters

POLL_SECONDS = 2.0  # how often the watchlist file is checked for changes made elsewhere
SAVE_NOTICE_SECONDS = 0.3  # a save taking longer than this says it is waiting for the lock
LOADING_STEPS = 3  # the catalog, the search index, the more-like-this index
UNDO_STEPS = 50  # watchlist changes ctrl+z can take back


class WatchnextApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "watchnext"
    COMMANDS = App.COMMANDS | {WatchnextCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.force_quit",
                tooltip="Quit, even while typing"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
        Binding("ctrl+z", "undo", "Undo", show=False, id="app.undo",
                tooltip="Undo the last watchlist change (again: the one before)"),
    ]

    def __init__(self, catalog, watchlist: Watchlist, config: Config,
                 cursor_blink: bool = True, watch_files: bool = True,
                 tune_gc: bool = True) -> None:
        super().__init__()
        self.tune_gc = tune_gc
        self.catalog = catalog
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
        # saves: changes queued here run one by one in a thread (see _write); the store is
        # touched by one thread at a time (_store_lock), and the screen's re-reads skip a turn
        # while a save holds it
        self._saves: deque[Callable[[], str | None]] = deque()
        self._saves_lock = threading.Lock()
        self._store_lock = threading.Lock()
        self._saving_since: float | None = None
        self._save_watch = None
        self.waiting_for_watchlist = False
        # (what, step, of steps) while the catalog loads or an index is built, else None
        self.loading: tuple[str, int, int] | None = None if catalog else (
            "Loading the catalog", 0, LOADING_STEPS)
        # undo (ctrl+z): (title id, its entry before the change or None), newest last
        self._undo: deque[tuple[str, Entry | None]] = deque(maxlen=UNDO_STEPS)
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
            self._load_catalog()
        if self.watch_files:
            self.set_interval(POLL_SECONDS, self.refresh_watchlist)

    def _apply_keymap(self) -> None:
        from .keys import binding_ids, clashes

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

    @work(thread=True, exit_on_error=False)
    def _load_catalog(self) -> None:
        from ..catalog import load_catalog
        from ..loader import reporting

        def step(msg: str) -> None:  # a stale compiled file is made again: say so, not a still bar
            what = f"Loading the catalog: {msg}" if msg else "Loading the catalog"
            self.call_from_thread(self._progress, what, 0)

        try:
            with reporting(step):
                catalog = load_catalog()
        except Exception as err:
            self.call_from_thread(self.notify, f"Cannot load the catalog: {err}",
                                  severity="error", markup=False, timeout=30)
            self.call_from_thread(self._progress, None)
            return
        self.call_from_thread(self._catalog_loaded, catalog)

    @work(thread=True, exit_on_error=False, group="warm-up")
    def _warm_up(self) -> None:
        """Load the search and similarity indexes now (from their disk caches), not on the
        first keystroke; then settle the garbage collector (see _settle_gc)."""
        try:
            import importlib

            from ..indexcache import materialize
            from ..search import index_parts
            from ..similar import get_index as similar_index

            self._from_thread(self._progress, "Reading the search index", 1)
            for ix, _ in index_parts(self.catalog):  # (two with user titles on top)
                materialize(ix)
            self._from_thread(self._progress, "Building the more-like-this index", 2)
            six = similar_index(self.catalog)
            materialize(six)
            if importlib.import_module("watchnext.similar").RANKER == "smooth":
                from ..similar.smooth import prepare

                prepare(six)  # numpy import and the arrays: not on the first "more like this"
        except Exception:  # the first search reports it
            return
        finally:
            self._from_thread(self._progress, None)
        if self.tune_gc:
            self.call_from_thread(self._settle_gc)

    def _settle_gc(self) -> None:
        """The catalog, its indexes and Textual's startup objects live as long as the app:
        freeze them out of the collector, and collect less often, so that no keystroke waits
        for a full collection (100 ms on a big catalog)."""
        gc.collect()
        gc.freeze()
        gc.set_threshold(20_000, 50, 1000)

    def first_results_shown(self) -> None:
        """Called by Browse once: now (not before: it would slow the first search) load the
        similarity index and settle the collector."""
        self._warm_up()

    def _catalog_loaded(self, catalog) -> None:
        self.catalog = catalog
        for problem in catalog.problems[:3]:
            self.notify(problem, title="Catalog", severity="warning", markup=False)
        for screen in self.screen_stack:
            if isinstance(screen, BaseScreen):
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

        watched = frozenset(i for i, e in self.entries.items() if e.status == "watched")
        return search(self.catalog, query, limit,
                      filters=self.panel_filters.to_search_filters(watched))

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

        return similar(self.catalog, titles, limit, exclude_ids=tuple(exclude_ids))

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

    # -- the watchlist -------------------------------------------------------------------------

    def _read_entries(self) -> bool:
        """Re-read the store (cheap when the file did not change). True if anything changed.
        While a save runs, nothing is read (the save re-reads when it is done)."""
        if not self._store_lock.acquire(blocking=False):
            return False
        try:
            entries = self.watchlist.entries()
        finally:
            self._store_lock.release()
        key = (tuple(entries), self.watchlist.problem)
        if key == self._entries_key:
            return False
        self._entries_key = key
        self.entries = {e.id: shown_entry(e) for e in entries}
        return True

    def refresh_watchlist(self, announce: bool = False) -> None:
        changed = self._read_entries()
        if changed:
            self._watchlist_changed()
        if announce:
            n = len(self.entries)
            self.notify(f"Watchlist re-read: {n} entr{'y' if n == 1 else 'ies'}"
                        + (" (read-only)" if self.watchlist.read_only else ""))

    def _watchlist_changed(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, BaseScreen) and screen.is_mounted:
                screen.watchlist_changed()

    def _write(self, change: Callable[[], str | None], undo_id: str | None = None) -> None:
        """Queue one store change (it returns what to say when done) for the saving thread.
        `undo_id`: the entry it changes, kept as it was before so that ctrl+z restores it."""
        with self._saves_lock:
            self._saves.append((change, undo_id))
            idle = self._saving_since is None
            if idle:
                self._saving_since = time.monotonic()
        if idle:
            self._save_queued()
            if self._save_watch is None:
                self._save_watch = self.set_interval(0.1, self._check_saving)

    @work(thread=True, exit_on_error=False, group="watchlist-save")
    def _save_queued(self) -> None:
        """Run the queued changes in order; each reports back to the screen. Quitting while a
        save waits does not lose it: the thread finishes before the process ends."""
        while True:
            with self._saves_lock:
                if not self._saves:
                    self._saving_since = None
                    break
                change, undo_id = self._saves.popleft()
                self._saving_since = time.monotonic()
            error = done = None
            with self._store_lock:
                try:
                    before = self.watchlist.get(undo_id) if undo_id is not None else None
                    done = change()
                    if undo_id is not None and self.watchlist.get(undo_id) != before:
                        self._undo.append((undo_id, before))
                except WatchlistError as err:
                    error = str(err)
                except Exception as err:  # noqa: BLE001 - a notification, never a traceback
                    error = f"{self.watchlist.path}: cannot save: {err}"
            self._from_thread(self._saved, done, error)
        self._from_thread(self._check_saving)

    def _from_thread(self, callback: Callable, *args) -> None:
        try:
            self.call_from_thread(callback, *args)
        except RuntimeError:  # the app has closed: the change is saved, nobody to tell
            pass

    def _saved(self, done: str | None, error: str | None) -> None:
        if error:
            self.notify(error, title="Watchlist", severity="error", markup=False, timeout=8)
        elif done:
            self.notify(done, markup=False)
        self.refresh_watchlist()

    def _check_saving(self) -> None:
        """Show (or take down) the "waiting for the watchlist" banner."""
        since = self._saving_since
        waiting = since is not None and time.monotonic() - since > SAVE_NOTICE_SECONDS
        if since is None and self._save_watch is not None:
            self._save_watch.stop()
            self._save_watch = None
        if waiting != self.waiting_for_watchlist:
            self.waiting_for_watchlist = waiting
            for screen in self.screen_stack:
                if isinstance(screen, BaseScreen) and screen.is_mounted:
                    screen.update_banner()

    @property
    def saving(self) -> bool:
        """True while changes are queued or being saved."""
        return self._saving_since is not None

    def _label(self, title_id: str) -> str:
        entry = self.entries.get(title_id)
        if entry is not None:
            return entry.label
        t = self.catalog.get(title_id) if self.catalog is not None else None
        return t.label if t else title_id

    def _title(self, title_id: str) -> Title | None:
        return self.catalog.get(title_id) if self.catalog is not None else None

    def _put(self, title_id: str, done: str, if_new: dict | None = None, **fields) -> None:
        """Update an entry, or add the title with these fields (and `if_new`) when it is not on
        the list (decided when the change is saved: earlier changes may still be queued)."""
        wl = self.watchlist
        title = self._title(title_id)
        if title is None and title_id not in self.entries:
            self.notify(f"{title_id} is not in the catalog", severity="error", markup=False)
            return

        def change() -> str:
            if title_id in wl or title is None:
                wl.update(title_id, **fields)
                return done
            entry = wl.add(title, **{**(if_new or {}), **fields})
            return f"{done} (added to your watchlist as {entry.status})"

        self._write(change, undo_id=title_id)

    def toggle_watchlist(self, title_id: str, add: bool = True) -> None:
        """Take the title off the list, or (add=True) put it on when it is not there (decided
        when the change is saved). An entry that holds more than a status (a rating, a note,
        tags...) is taken off only once the person says yes."""
        entry = self.entries.get(title_id)
        kept = entry_fields(entry) if entry is not None else []
        if not kept:
            self._toggle(title_id, add)
            return
        label = self._label(title_id)
        self.push_screen(
            ConfirmDialog(Content.assemble("Take ", (label, "bold"), " off your watchlist?"),
                          "Its " + ", ".join(kept) + " would go with it (ctrl+z brings it "
                          "back).", yes="take it off", no="keep it"),
            lambda yes: yes and self._toggle(title_id, add=False))

    def _toggle(self, title_id: str, add: bool) -> None:
        label, title, wl = self._label(title_id), self._title(title_id), self.watchlist

        def change() -> str | None:
            if title_id in wl:
                wl.remove(title_id)
                return f"Took {label} off the watchlist (ctrl+z undoes)"
            if not add:
                return None
            if title is None:
                raise WatchlistError(f"{title_id} is not in the catalog")
            wl.add(title)
            return f"Added {label} to the watchlist"

        self._write(change, undo_id=title_id)

    def action_undo(self) -> None:
        """Put the entry the last change touched back as it was (or off the list again)."""
        if not self._check_writable():
            return
        with self._saves_lock:
            last = self._undo.pop() if self._undo else None
        if last is None:
            self.notify("Nothing to undo", severity="warning")
            return
        title_id, before = last
        label, wl = self._label(title_id), self.watchlist

        def change() -> str:
            with wl.transaction() as draft:
                if before is None:
                    if title_id in draft:
                        draft.remove(title_id)
                    return f"Undone: {label} is off the watchlist again"
                draft.put(before)
            return f"Undone: {label} is back as it was"

        self._write(change)

    def set_status(self, title_id: str, status: str) -> None:
        if status == "remove":
            self.toggle_watchlist(title_id, add=False)
            return
        self._put(title_id, f"{self._label(title_id)}: {status}", status=status)

    def set_rating(self, title_id: str, text: str) -> None:
        try:
            rating = parse_rating(text)
        except WatchlistError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        label = self._label(title_id)
        done = f"{label}: rated {rating:g}/5" if rating is not None else f"{label}: rating cleared"
        self._put(title_id, done, {"status": "watched"}, rating=rating)

    def set_note(self, title_id: str, note: str) -> None:
        note = " ".join(note.split())
        self._put(title_id, f"{self._label(title_id)}: note saved" if note
                  else f"{self._label(title_id)}: note cleared", note=note)

    def set_tags(self, title_id: str, text: str) -> None:
        try:
            tags = clean_tags(text.split(","))
        except WatchlistError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        label = self._label(title_id)
        self._put(title_id, f"{label}: " + (" ".join(f"#{t}" for t in tags) if tags
                                             else "tags cleared"), tags=tags)

    def bump_priority(self, title_id: str, step: int) -> None:
        """Raise (step 1) or lower (-1) the priority (decided when saved: presses add up)."""
        if not self._check_writable():
            return
        label, title, wl = self._label(title_id), self._title(title_id), self.watchlist
        if title is None and title_id not in self.entries:
            self.notify(f"{title_id} is not in the catalog", severity="error", markup=False)
            return

        def change() -> str:
            entry = wl.get(title_id)
            if entry is None:
                entry = wl.add(title, priority=step)
                return f"{label}: priority {entry.priority} (added to your watchlist as want)"
            entry = wl.update(title_id, priority=entry.priority + step)
            return f"{label}: priority {entry.priority}"

        self._write(change, undo_id=title_id)

    def set_progress(self, title_id: str, text: str) -> None:
        try:
            progress = parse_progress(text)
            check_progress(self._title(title_id), progress)
        except WatchlistError as err:
            self.notify(str(err), severity="error", markup=False)
            return
        self._put(title_id, f"{self._label(title_id)}: {progress or 'progress cleared'}",
                  {"status": "watching"}, progress=progress)

    # -- the edit dialogs ----------------------------------------------------------------------

    def _check_writable(self) -> bool:
        if self.watchlist.read_only:
            self.notify(self.watchlist.problem or "the watchlist is read-only", title="Watchlist",
                        severity="error", markup=False, timeout=8)
            return False
        return True

    def edit_status(self, title_id: str) -> None:
        if not self._check_writable():
            return
        entry = self.entries.get(title_id)
        self.push_screen(StatusDialog(self._label(title_id), entry.status if entry else None),
                         lambda status: status and self.set_status(title_id, status))

    def _validator(self, parse: Callable[[str], object]) -> Callable[[str], str | None]:
        def check(text: str) -> str | None:
            try:
                parse(text)
            except WatchlistError as err:
                return str(err)
            return None

        return check

    def edit_rating(self, title_id: str) -> None:
        if not self._check_writable():
            return
        entry = self.entries.get(title_id)
        value = f"{entry.rating:g}" if entry and entry.rating is not None else ""
        self.push_screen(
            TextDialog(Content.assemble("Rate ", (self._label(title_id), "bold")), value,
                       placeholder="0.5 to 5, like 4.5 (or 8/10); empty clears",
                       hint="stars ★★★★½ and 8/10 work too",
                       validate=self._validator(parse_rating)),
            lambda text: text is not None and self.set_rating(title_id, text))

    def edit_note(self, title_id: str) -> None:
        if not self._check_writable():
            return
        entry = self.entries.get(title_id)
        self.push_screen(
            TextDialog(Content.assemble("Note on ", (self._label(title_id), "bold")),
                       entry.note if entry else "", placeholder="a few words; empty clears"),
            lambda text: text is not None and self.set_note(title_id, text))

    def edit_tags(self, title_id: str) -> None:
        if not self._check_writable():
            return
        entry = self.entries.get(title_id)
        self.push_screen(
            TextDialog(Content.assemble("Tags of ", (self._label(title_id), "bold")),
                       ", ".join(entry.tags) if entry else "",
                       placeholder="like korea, with Sam; empty clears",
                       hint="commas between tags",
                       validate=self._validator(lambda text: clean_tags(text.split(",")))),
            lambda text: text is not None and self.set_tags(title_id, text))

    def edit_progress(self, title_id: str) -> None:
        if not self._check_writable():
            return
        title = self._title(title_id)
        if title is not None and title.kind != "series":
            self.notify(f"{title.label} is a {title.kind}: progress is for series",
                        severity="warning", markup=False)
            return
        entry = self.entries.get(title_id)
        self.push_screen(
            TextDialog(Content.assemble("Progress in ", (self._label(title_id), "bold")),
                       entry.progress if entry else "", placeholder="like S2E8; empty clears",
                       validate=self._validator(
                           lambda text: check_progress(title, parse_progress(text)))),
            lambda text: text is not None and self.set_progress(title_id, text))

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
             watch_files: bool = True, tune_gc: bool = True) -> WatchnextApp:
    """The app, with its settings and paths passed in.

    catalog: a loaded Catalog, or None to load the shipped one in a worker after the first frame.
    watchlist: a Watchlist, a path to one, or None for paths.watchlist_file().
    config_path: the config.toml to read (and write the theme to); None: paths.config_file().
    cursor_blink: False for snapshot tests. watch_files: poll the watchlist file for changes.
    tune_gc: freeze long-lived objects out of the garbage collector once warm (a process-wide
    setting: the app owns its process; tests turn it off)."""
    from .. import paths

    config = load_config(Path(config_path) if config_path is not None else paths.config_file())
    if watchlist is None or isinstance(watchlist, (str, os.PathLike)):
        watchlist = Watchlist.open(watchlist)
    return WatchnextApp(catalog, watchlist, config, cursor_blink=cursor_blink,
                        watch_files=watch_files, tune_gc=tune_gc)
