"""Every change the app makes to the watchlist, from a key or an edit dialog (WatchlistChanges,
a part of WatchnextApp). The app is the only place that writes the watchlist: every write goes
through `_write`, which queues the change for one saving thread (another watchnext holding the
file's lock makes a save wait up to 15 s: the screen must not freeze meanwhile), turns
WatchlistError into a notification and tells every screen to redraw; ctrl+z takes changes
back."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from textual import work
from textual.content import Content

from ..model import Title
from ..watchlist import (Entry, WatchlistError, check_progress, clean_tags, parse_progress,
                         parse_rating)
from .render import entry_fields, shown_entry
from .screens.base import BaseScreen
from .screens.edit import ConfirmDialog, StatusDialog, TextDialog

SAVE_NOTICE_SECONDS = 0.3  # a save taking longer than this says it is waiting for the lock
UNDO_STEPS = 50  # watchlist changes ctrl+z can take back


class WatchlistChanges:
    """The watchlist half of WatchnextApp: it uses the app's watchlist, catalog and entries,
    and notifies, pushes dialogs and runs workers as the app does."""

    def _start_changes(self) -> None:
        # saves: changes queued here run one by one in a thread (see _write); the store is
        # touched by one thread at a time (_store_lock), and the screen's re-reads skip a turn
        # while a save holds it
        self._saves: deque[Callable[[], str | None]] = deque()
        self._saves_lock = threading.Lock()
        self._store_lock = threading.Lock()
        self._saving_since: float | None = None
        self._save_watch = None
        self.waiting_for_watchlist = False
        # undo (ctrl+z): (title id, its entry before the change or None), newest last
        self._undo: deque[tuple[str, Entry | None]] = deque(maxlen=UNDO_STEPS)

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
