"""The watchlist store: one TOML file a person can read and edit, that never loses a line.

File: ``paths.watchlist_file()`` (``user_data_dir("watchnext")/watchlist.toml``; honours
XDG_DATA_HOME). A header comment, ``version = 1``, then one ``[[entries]]`` table per title::

    [[entries]]
    id = "wn-parasite-2019"
    title = "Parasite"
    year = 2019
    status = "watched"
    added = "2024-01-02"
    watched = "2024-02-10"
    rating = 4.5
    tags = ["korea", "with-mum"]

Public API (used by the CLI and the TUI)::

    wl = Watchlist.open()            # or Watchlist.open(path)
    wl.read_only, wl.problem         # corrupt, unreadable or read-only: problem names file, line
    wl.entries() -> list[Entry]      # file order; re-reads when the file changed on disk
    wl.get(id) -> Entry | None
    wl.add(title, status="want", tags=(), ...) -> Entry     # idempotent
    wl.update(id, status=..., rating=..., ...) -> Entry
    wl.remove(id) -> Entry
    with wl.transaction() as draft:  # many changes, one locked save
        draft.put(entry); draft.remove(id); draft.get(id)

Safety:
  * every save takes an exclusive ``fcntl.flock`` on ``watchlist.toml.lock`` beside the file,
    re-reads the file (so two processes writing at once lose nothing), applies the change, and
    writes atomically: temp file in the same folder, write, flush, fsync, ``os.replace``, fsync of
    the folder. ``kill -9`` at any moment leaves the old file or the new one, never a mix;
  * a file that does not parse, or holds a value that makes no sense, is never rewritten: the
    watchlist opens read-only, ``problem`` says what is wrong with file and line, and every write
    raises WatchlistError with that message;
  * entries are kept verbatim: an entry that is not changed is written back byte for byte (with
    any comments a person put inside it), and fields this version does not know are kept;
  * a symbolic link (a watchlist kept with the dotfiles) is written through: its target is
    replaced, atomically, in the target's folder, and the link stays. A dangling link, a
    read-only file (chmod 444) or anything that is not a plain file (a FIFO, a folder) is never
    written: ``problem`` says why (the app shows it in its read-only banner). A FIFO is refused,
    never waited on; a read-only file still reads; a dry run takes no lock and writes nothing;
  * a value the file cannot hold (a 400-digit rating, a lone surrogate "\\ud800" in a title)
    is an InvalidValue naming the field, never a crash.

Speed: the parsed file is cached; re-reads only parse the entries whose text changed, and a save
only serialises the entries that changed (5,000 entries: a few ms per add/set).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from .. import paths
from ..model import Title
from .entry import Entry, entry_for
from .files import _dangling, _kind_of, _not_a_file, _read_only, atomic_write, read_plain_file
from .tomlfile import HEADER, _decode, _dump_entry, _parse, _State
from .values import _KNOWN, WatchlistError, clean_tags, parse_progress, parse_rating, today

LOCK_TIMEOUT = 15.0  # seconds to wait for another watchnext process to finish its save


class Draft:
    """The watchlist inside a transaction: change it freely, it is saved once at the end."""

    def __init__(self, state: _State):
        self._order = list(state.order)
        self._entries = dict(state.entries)
        self.changed = False

    def __contains__(self, entry_id: str) -> bool:
        return entry_id in self._entries

    def __len__(self) -> int:
        return len(self._order)

    def get(self, entry_id: str) -> Entry | None:
        return self._entries.get(entry_id)

    def entries(self) -> list[Entry]:
        return [self._entries[i] for i in self._order]

    def put(self, entry: Entry) -> None:
        """Add the entry at the end, or replace the one with its id where it stands."""
        old = self._entries.get(entry.id)
        if old is None:
            self._order.append(entry.id)
        elif old == entry:
            return
        self._entries[entry.id] = entry
        self.changed = True

    def remove(self, entry_id: str) -> Entry:
        old = self._entries.pop(entry_id, None)
        if old is None:
            raise WatchlistError(f"{entry_id!r} is not on the watchlist")
        self._order.remove(entry_id)
        self.changed = True
        return old


class Watchlist:
    """The watchlist file. Cheap to keep open (the TUI does); see the module docstring."""

    def __init__(self, path: Path):
        self.path = Path(path)
        # beside the path watchnext uses (a link's target folder, say dotfiles, gets no lock)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._read_problem: str | None = None  # the file cannot be read, or makes no sense
        self._write_problem: str | None = None  # it reads, but must not be written (chmod 444)
        self._state = _State(header=HEADER, order=[], entries={}, chunks={})
        self._stat_key: tuple | None = None
        self._bytes: bytes | None = None  # the file's content as last read or written

    # -- reading -------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike | None = None) -> "Watchlist":
        """Open (never create) the watchlist; a bad file gives read_only and a problem."""
        wl = cls(Path(path) if path is not None else paths.watchlist_file())
        wl._refresh()
        return wl

    @property
    def problem(self) -> str | None:
        """Why nothing will be written to the file (names the file, and the line when one is at
        fault), or None."""
        return self._read_problem or self._write_problem

    @property
    def read_only(self) -> bool:
        """True when the file is corrupt, unreadable or read-only: nothing will be written."""
        return self.problem is not None

    def _inspect(self) -> tuple[tuple | None, str | None, str | None]:
        """(stat key, why it cannot be read, why it must not be written), following a symbolic
        link; the key is None when there is no file."""
        path = self.path
        try:
            st = os.stat(path)
        except FileNotFoundError:
            if os.path.islink(path):
                return ("dangling",), None, _dangling(path)
            return None, None, None
        except OSError as err:
            return ("error", err.errno), f"{path}: cannot read it: {err.strerror or err}", None
        key = (st.st_ino, st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_mode)
        kind = _kind_of(st.st_mode)
        if kind:
            return key, _not_a_file(path, kind), None
        return key, None, _read_only(path, st)

    def _check_file(self) -> tuple | None:
        """Raise WatchlistError when the file must not be written; else its stat key."""
        key, read_problem, self._write_problem = self._inspect()
        if read_problem:
            self._read_problem = read_problem
        if read_problem or self._write_problem:
            raise WatchlistError(self.problem)
        return key

    def _read_bytes(self) -> bytes | None:
        """The file's bytes (None: no file)."""
        try:
            return read_plain_file(self.path)
        except FileNotFoundError:
            return None

    def _load(self, data: bytes | None) -> None:
        """Make the in-memory state match `data` (the file's bytes, None: no file)."""
        if data is not None and data == self._bytes and self._read_problem is None:
            return
        self._bytes = data
        if data is None:
            self._read_problem = None
            self._state = _State(header=HEADER, order=[], entries={}, chunks={})
            return
        try:
            self._state = _parse(self.path, _decode(self.path, data), self._state.by_chunk)
            self._read_problem = None
        except WatchlistError as err:
            self._read_problem = str(err)

    def _reread(self, key: tuple | None) -> None:
        """Read the file again; `key` is its stat key, taken before reading."""
        try:
            data = self._read_bytes()
        except OSError as err:
            raise WatchlistError(f"{self.path}: cannot read it: {err.strerror or err}") from None
        self._load(data)
        self._stat_key = key

    def _refresh(self) -> None:
        key, read_problem, self._write_problem = self._inspect()
        if key is not None and key == self._stat_key:
            return
        try:
            if read_problem:
                raise WatchlistError(read_problem)
            self._reread(key)
        except WatchlistError as err:
            self._read_problem = str(err)
            self._stat_key = None

    def entries(self) -> list[Entry]:
        """Every entry, in file order (re-reads the file if it changed since last time)."""
        self._refresh()
        st = self._state
        return [st.entries[i] for i in st.order]

    def get(self, entry_id: str) -> Entry | None:
        self._refresh()
        return self._state.entries.get(entry_id)

    def __contains__(self, entry_id: str) -> bool:
        return self.get(entry_id) is not None

    def __len__(self) -> int:
        self._refresh()
        return len(self._state.order)

    def check_readable(self) -> None:
        """Raise WatchlistError (naming file and line) when the file cannot be read or makes no
        sense; a read-only file reads fine."""
        self._refresh()
        if self._read_problem:
            raise WatchlistError(self._read_problem)

    def check_writable(self) -> None:
        """Raise WatchlistError (naming file and line) when the file must not be written."""
        self._refresh()
        if self.problem:
            raise WatchlistError(self.problem)

    # -- writing -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        lock_path = self.lock_path
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as err:
            raise WatchlistError(f"{lock_path}: cannot create the lock file: "
                                 f"{err.strerror or err}") from None
        try:
            deadline = time.monotonic() + LOCK_TIMEOUT
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as err:
                    if err.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                        raise WatchlistError(f"{lock_path}: cannot lock: {err}") from None
                    if time.monotonic() > deadline:
                        raise WatchlistError(
                            f"{self.path}: another watchnext process has been saving it for "
                            f"{LOCK_TIMEOUT:.0f}s (lock {lock_path}); try again") from None
                    time.sleep(0.005)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    @contextlib.contextmanager
    def transaction(self, dry_run: bool = False) -> Iterator[Draft]:
        """Lock, re-read, yield a Draft to change, then save once (unless nothing changed, or an
        exception escaped the block). Raises WatchlistError if the file is corrupt, read-only or
        not a plain file: it is never written then. A dry run writes nothing, so it takes no
        lock (it works on a read-only file, in a read-only folder) and saves nothing."""
        if dry_run:
            self._reread(self._inspect()[0])
            if self._read_problem:
                raise WatchlistError(self._read_problem)
            yield Draft(self._state)
            return
        self._check_file()  # before the lock: a read-only folder or file gets this message
        with self._lock():
            self._reread(self._check_file())
            if self._read_problem:
                raise WatchlistError(self._read_problem)
            draft = Draft(self._state)
            yield draft
            if draft.changed:
                self._save(draft)

    def _save(self, draft: Draft) -> None:
        old = self._state
        chunks: dict[str, str] = {}
        by_chunk: dict[str, Entry] = {}
        parts = [old.header]
        old_chunks, old_entries = old.chunks, old.entries
        for eid in draft._order:
            entry = draft._entries[eid]
            chunk = old_chunks.get(eid)
            if chunk is None or old_entries.get(eid) is not entry:
                try:
                    chunk = _dump_entry(entry)
                except RecursionError:
                    raise WatchlistError(
                        f"{self.path}: entry {eid!r} holds a field nested too deeply to write "
                        "(lists or tables hundreds of levels deep); nothing was written") \
                        from None
            elif not chunk.endswith("\n"):
                chunk += "\n"
            chunks[eid] = chunk
            by_chunk[chunk] = entry
            parts.append(chunk)
        try:
            data = "".join(parts).encode("utf-8")
        except UnicodeEncodeError as err:
            raise WatchlistError(f"{self.path}: cannot save: a value holds a lone surrogate "
                                 f"({err.object[err.start:err.end]!r}), not text; nothing was "
                                 "written") from None
        atomic_write(self.path, data, sweep=True)
        self._state = _State(header=old.header, order=list(draft._order),
                             entries=dict(draft._entries), chunks=chunks, by_chunk=by_chunk)
        self._bytes = data
        self._stat_key = self._inspect()[0]

    # -- high-level changes --------------------------------------------------------------------

    def add(self, title: Title, status: str = "want", tags=(), priority: int = 0,
            note: str = "", rating: float | None = None, progress: str = "",
            added: str | None = None, watched: str = "") -> Entry:
        """Put a catalog title on the list and return its entry. Idempotent: a title already
        on the list is returned unchanged (use update() to change it)."""
        if status == "watched" and not watched:
            watched = today()
        new = entry_for(title, status=status, tags=clean_tags(tags), priority=priority,
                        note=note, rating=rating, progress=progress,
                        added=added or today(), watched=watched)
        with self.transaction() as draft:
            old = draft.get(title.id)
            if old is not None:
                return old
            draft.put(new)
        return new

    def update(self, entry_id: str, **fields) -> Entry:
        """Change fields of one entry (status, rating, note, tags, priority, progress, watched,
        added, title, year, imdb) and return it. Setting status 'watched' stamps today's date
        as watched unless one is given or already there. Raises WatchlistError when the id is
        not on the list, InvalidValue for a bad value."""
        allowed = set(_KNOWN) - {"id"}
        unknown = sorted(set(fields) - allowed)
        if unknown:
            raise WatchlistError(f"cannot set {', '.join(unknown)}: fields are "
                                 f"{', '.join(sorted(allowed))}")
        if "tags" in fields:
            fields["tags"] = clean_tags(fields["tags"])
        if "rating" in fields and not isinstance(fields["rating"], bool):
            if isinstance(fields["rating"], (str, int)):
                fields["rating"] = parse_rating(fields["rating"])
        if isinstance(fields.get("progress"), str):
            fields["progress"] = parse_progress(fields["progress"])
        with self.transaction() as draft:
            old = draft.get(entry_id)
            if old is None:
                raise WatchlistError(f"{entry_id!r} is not on the watchlist")
            if fields.get("status") == "watched" and "watched" not in fields and not old.watched:
                fields["watched"] = today()
            new = replace(old, **fields)
            draft.put(new)
        return new

    def remove(self, entry_id: str) -> Entry:
        """Take an entry off the list and return it (WatchlistError if it is not there)."""
        with self.transaction() as draft:
            return draft.remove(entry_id)


# ---------------------------------------------------------------------------------------------
