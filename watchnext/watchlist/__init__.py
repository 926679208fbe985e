"""The watchlist: one TOML file a person can read and edit, that never loses a line.

    wl = Watchlist.open()            # or Watchlist.open(path)
    wl.entries() -> list[Entry]; wl.add(title, ...); wl.update(id, ...); wl.remove(id)
    with wl.transaction() as draft:  # many changes, one locked save
        draft.put(entry); draft.remove(id); draft.get(id)

The package, one module per concern (the store's docstring says how the file is kept safe):

    values.py    the errors; checking and parsing field values (rating, progress, tags); SORTS
    entry.py     Entry (one title on the list), entry_for, merge (an import never overwrites)
    tomlfile.py  the file's text: the [[entries]] chunk parser, writing an entry back
    files.py     plain files: read without blocking, atomic_write
    store.py     Watchlist: the file, its lock, transactions (the only writer of user data)
    match.py     finding the catalog title an import row means (Matcher)
    importer.py  run_import: match, merge in one locked save, the report
    formats/     reading and writing Letterboxd, IMDb and our own JSON/CSV exports
"""

from __future__ import annotations

from .entry import SORTS, Entry, entry_for, merge, sort_entries
from .files import atomic_write, read_plain_file
from .store import LOCK_TIMEOUT, Draft, Watchlist
from .tomlfile import FORMAT_VERSION, HEADER, toml_str
from .values import (
    STATUSES,
    InvalidValue,
    WatchlistError,
    check_progress,
    check_rating,
    check_text,
    clean_tags,
    parse_progress,
    parse_rating,
    progress_key,
    shown,
    stars,
    today,
)

__all__ = [
    "FORMAT_VERSION", "HEADER", "LOCK_TIMEOUT", "SORTS", "STATUSES", "Draft", "Entry",
    "InvalidValue", "Watchlist", "WatchlistError", "atomic_write", "check_progress",
    "check_rating", "check_text", "clean_tags", "entry_for", "merge", "parse_progress",
    "parse_rating", "progress_key", "read_plain_file", "shown", "sort_entries", "stars",
    "toml_str", "today",
]
