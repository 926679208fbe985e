"""The watchlist: one TOML file a person can read and edit, that never loses a line.

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
import datetime as _dt
import errno
import fcntl
import os
import re
import stat
import tempfile
import time
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterator

import tomli_w

from . import paths
from .errors import WatchnextError
from .model import Title
from .text import fold_title

STATUSES = ("want", "watching", "watched", "dropped")
FORMAT_VERSION = 1
LOCK_TIMEOUT = 15.0  # seconds to wait for another watchnext process to finish its save

HEADER = """\
# watchnext watchlist: one [[entries]] table per title. You may edit it by hand (quit watchnext
# first). Fields: id (catalog id), title, year, status (want | watching | watched | dropped),
# added and watched (dates, YYYY-MM-DD), rating (0.5 to 5 in halves), priority (a whole number,
# higher comes first), progress (series: "S2E8"), tags (a list of words), note, imdb.
# A mistake in this file is reported with its line number and the file is left as it is.
version = 1

"""

_PROGRESS = re.compile(
    r"^\s*s(?:eason)?\s*0*([1-9]\d{0,2})\s*[ .x-]?\s*e(?:p(?:isode)?)?\s*0*(\d{1,4})\s*$",
    re.IGNORECASE)
_PROGRESS_CANON = re.compile(r"^S[1-9]\d{0,2}E[1-9]\d{0,3}$")
_IMDB = re.compile(r"^tt\d{5,10}$")
_ENTRY_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*entries[ \t]*\]\][ \t\r]*(?:#.*)?$", re.MULTILINE)
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")
_KNOWN = ("id", "title", "year", "status", "added", "watched", "rating", "priority", "progress",
          "tags", "note", "imdb")


class WatchlistError(WatchnextError):
    """A watchlist problem a person reads: names the file, line or value at fault."""


class InvalidValue(WatchlistError):
    """A field value that makes no sense (status, rating, progress, date...)."""


# ---------------------------------------------------------------------------------------------
# values


def today() -> str:
    return _dt.date.today().isoformat()


def shown(value: Any, limit: int = 40) -> str:
    """repr(value) for a message, cut to `limit` characters (a 400-digit number, a long text)."""
    try:
        text = repr(value)
    except ValueError:  # an int past Python's digit limit
        text = f"<a number of about {value.bit_length() * 0.30103:.0f} digits>"
    return text if len(text) <= limit else text[:limit - 1] + "…"


def check_text(value: str, name: str) -> None:
    """A text field must be something the UTF-8 file can hold: no lone surrogate ("\\ud800")."""
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            bad = value[err.start]
            raise InvalidValue(f"{name} {shown(value)} holds a lone surrogate "
                               f"(\\u{ord(bad):04x}), not text") from None


def _check_date(value: str, name: str) -> None:
    try:
        _dt.date.fromisoformat(value)
    except (ValueError, TypeError):
        raise InvalidValue(f"{name} {value!r} is not a date like 2024-05-31") from None
    if len(value) != 10:
        raise InvalidValue(f"{name} {value!r} is not a date like 2024-05-31")


def parse_rating(text: str | float | int | None) -> float | None:
    """A rating as a person types it -> 0.5..5 in halves, or None (for '', 'none', '0').

    Accepts '4', '4.5', '4,5', '★★★★½', '9/10' (IMDb scale, halved) and '4/5'."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise InvalidValue(f"rating {shown(text)} is not a number")
    if isinstance(text, (int, float)):
        value = _as_float(text)
    else:
        s = text.strip()
        if s.lower() in ("", "none", "-", "0", "clear"):
            return None
        if set(s) <= {"★", "½", "*"}:
            value = s.count("★") + s.count("*") + 0.5 * s.count("½")
        else:
            scale = 5.0
            m = re.fullmatch(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*/\s*(10|5)\s*", s)
            if m:
                s, scale = m.group(1), float(m.group(2))
            try:
                value = float(s.replace(",", "."))
            except ValueError:
                raise InvalidValue(
                    f"rating {shown(text)} is not a number: use 0.5 to 5 in halves "
                    "(or 1-10 as '8/10')") from None
            if scale == 10:
                value = value / 2
    check_rating(value)
    return value


def _as_float(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:  # rating = 1000...0 (400 digits)
        raise InvalidValue(f"rating {shown(value)} should be a number from 0.5 to 5") from None


def check_rating(value: float) -> None:
    if value != value or not 0.5 <= value <= 5 or (value * 2) != int(value * 2):
        text = f"{value:g}" if isinstance(value, float) else shown(value)
        raise InvalidValue(f"rating {text} should be 0.5 to 5 in steps of 0.5 "
                           "(an IMDb 1-10 rating: halve it)")


def parse_progress(text: str) -> str:
    """'S2E8', 's02e08', 'S2 E8', 'season 2 episode 8' -> 'S2E8'; '' clears it."""
    s = (text or "").strip()
    if s.lower() in ("", "none", "-"):
        return ""
    m = _PROGRESS.match(s)
    if not m or int(m.group(2)) == 0:
        raise InvalidValue(f"progress {shown(text)} should look like S2E8 (season 2, episode 8)")
    return f"S{int(m.group(1))}E{int(m.group(2))}"


def check_progress(title: Title | None, progress: str) -> None:
    """Progress (like S2E8) is for a series, within the seasons the catalog knows; InvalidValue
    otherwise. Nothing to check for '' (clearing it) or a title the catalog no longer has."""
    if not progress or title is None:
        return
    if title.kind != "series":
        raise InvalidValue(f"{title.label} is a {title.kind}: progress is for series")
    if title.seasons and progress_key(progress)[0] > title.seasons:
        raise InvalidValue(f"{title.label} has {title.seasons} "
                           f"season{'s' if title.seasons != 1 else ''}")


def progress_key(progress: str) -> tuple[int, int]:
    m = re.match(r"S(\d+)E(\d+)", progress or "")
    return (int(m.group(1)), int(m.group(2))) if m else (0, 0)


def clean_tags(tags) -> tuple[str, ...]:
    """Strip, drop empties and duplicates (ignoring case); a tag may not contain a comma."""
    if isinstance(tags, str):
        tags = [tags]
    out: list[str] = []
    seen: set[str] = set()
    for t in tags:
        if not isinstance(t, str):
            raise InvalidValue(f"tag {shown(t)} should be text")
        check_text(t, "tag")
        t = " ".join(t.split())
        if not t:
            continue
        if "," in t:
            raise InvalidValue(f"tag {shown(t)} contains a comma: give each tag separately")
        if t.casefold() not in seen:
            seen.add(t.casefold())
            out.append(t)
    return tuple(out)


def _by_title(e: "Entry") -> tuple:
    return (fold_title(e.title), e.year)


# how a watchlist can be ordered (the CLI's --sort and the app's Sort menu): name -> (label,
# key). Each key sorts ascending and ends with the title A->Z, so ties read the same way in
# every order; a stable sort keeps the file's order (the order of adding) for the rest.
SORTS: dict[str, tuple[str, Any]] = {
    "added": ("Added, oldest first", lambda e: e.added or ""),
    "newest": ("Added, newest first", lambda e: _Desc(e.added or "")),
    "priority": ("Priority, highest first", lambda e: (-e.priority, _by_title(e))),
    "rating": ("Rating, best first", lambda e: (e.rating is None, -(e.rating or 0), _by_title(e))),
    "year": ("Year, oldest first", lambda e: (e.year or 10**6, _by_title(e))),
    "title": ("Title, A to Z", _by_title),
    "status": ("Status", lambda e: (STATUSES.index(e.status), _by_title(e))),
    "progress": ("Progress, furthest first",
                 lambda e: (tuple(-n for n in progress_key(e.progress)), _by_title(e))),
}


class _Desc(str):
    """A string that sorts backwards (newest date first) and keeps ties stable."""

    def __lt__(self, other: str) -> bool:  # type: ignore[override]
        return str.__gt__(self, other)


def sort_entries(entries, how: str = "added") -> list["Entry"]:
    """The entries in one of the SORTS orders (unknown: "added")."""
    _, key = SORTS.get(how, SORTS["added"])
    return sorted(entries, key=key)


def stars(rating: float | None) -> str:
    if rating is None:
        return ""
    return "★" * int(rating) + ("½" if rating % 1 else "")


# ---------------------------------------------------------------------------------------------
# Entry


@dataclass(frozen=True)
class Entry:
    """One watchlist line. Built only with valid values (else InvalidValue).

    ``title``/``year`` are copied from the catalog when added, so an entry stays meaningful when
    its title leaves the catalog. ``added``/``watched`` are ISO dates ('' when unknown/not yet).
    ``rating`` is 0.5..5 in halves or None. ``progress`` is '' or like 'S2E8'. ``extra`` keeps
    fields this version does not know (from a hand edit or a newer version), as (name, value)."""

    id: str
    title: str
    year: int
    status: str = "want"
    added: str = ""
    watched: str = ""
    rating: float | None = None
    note: str = ""
    tags: tuple[str, ...] = ()
    priority: int = 0
    progress: str = ""
    imdb: str = ""
    extra: tuple[tuple[str, Any], ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id.strip():
            raise InvalidValue(f"id {shown(self.id)} should be a non-empty text")
        if not isinstance(self.title, str) or not self.title.strip():
            raise InvalidValue(f"title {shown(self.title)} should be a non-empty text")
        check_text(self.id, "id")
        check_text(self.title, "title")
        if not isinstance(self.year, int) or isinstance(self.year, bool) \
                or not 0 <= self.year <= 2200:
            raise InvalidValue(f"year {shown(self.year)} should be a year like 2019 "
                               "(or 0: unknown)")
        if self.status not in STATUSES:
            raise InvalidValue(f"status {shown(self.status)} should be one of: "
                               f"{', '.join(STATUSES)}")
        if not isinstance(self.added, str) or not isinstance(self.watched, str):
            raise InvalidValue("added and watched should be dates like 2024-05-31")
        if self.added:
            _check_date(self.added, "added")
        if self.watched:
            _check_date(self.watched, "watched")
        if self.rating is not None:
            if isinstance(self.rating, bool) or not isinstance(self.rating, (int, float)):
                raise InvalidValue(f"rating {shown(self.rating)} should be a number from 0.5 to 5")
            check_rating(self.rating)
        if not isinstance(self.note, str):
            raise InvalidValue(f"note {shown(self.note)} should be text")
        check_text(self.note, "note")
        if not isinstance(self.tags, tuple) or clean_tags(self.tags) != self.tags:
            raise InvalidValue(f"tags {shown(self.tags)} should be distinct words without commas")
        if not isinstance(self.priority, int) or isinstance(self.priority, bool) \
                or not -1000 <= self.priority <= 1000:
            raise InvalidValue(f"priority {shown(self.priority)} should be a whole number "
                               "(-1000..1000)")
        if self.progress and (not isinstance(self.progress, str)
                              or not _PROGRESS_CANON.match(self.progress)):
            raise InvalidValue(f"progress {shown(self.progress)} should look like S2E8")
        if self.imdb and (not isinstance(self.imdb, str) or not _IMDB.match(self.imdb)):
            raise InvalidValue(f"imdb {shown(self.imdb)} should look like tt0111161")
        for name, _ in self.extra:
            if name in _KNOWN:
                raise InvalidValue(f"extra field {name!r} is a field of its own: it cannot "
                                   "also be an extra field")

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def to_dict(self) -> dict:
        """All fields, JSON-shaped (tags as a list, rating None when unrated)."""
        d = {
            "id": self.id, "title": self.title, "year": self.year, "status": self.status,
            "added": self.added, "watched": self.watched, "rating": self.rating,
            "note": self.note, "tags": list(self.tags), "priority": self.priority,
            "progress": self.progress, "imdb": self.imdb,
        }
        if self.extra:
            d["extra"] = dict(self.extra)
        return d

    def to_toml_dict(self) -> dict:
        """The fields written to the file: empty optional fields are left out."""
        d: dict[str, Any] = {"id": self.id, "title": self.title, "year": self.year,
                             "status": self.status}
        if self.added:
            d["added"] = self.added
        if self.watched:
            d["watched"] = self.watched
        if self.rating is not None:
            d["rating"] = float(self.rating)
        if self.priority:
            d["priority"] = self.priority
        if self.progress:
            d["progress"] = self.progress
        if self.tags:
            d["tags"] = list(self.tags)
        if self.note:
            d["note"] = self.note
        if self.imdb:
            d["imdb"] = self.imdb
        for k, v in self.extra:
            d.setdefault(k, v)
        return d

    @classmethod
    def from_dict(cls, d: dict, keep_extra: bool = True) -> "Entry":
        """An Entry from a TOML/JSON table; missing optional fields take their defaults.
        Raises InvalidValue naming the field."""
        if not isinstance(d, dict):
            raise InvalidValue(f"expected a table of fields, got {type(d).__name__}")
        for name in ("id", "title"):
            if name not in d:
                raise InvalidValue(f"missing field {name!r}")
        if "year" not in d:
            raise InvalidValue("missing field 'year' (0 if unknown)")

        def date_field(name: str) -> str:
            v = d.get(name, "")
            if v is None:
                return ""
            if isinstance(v, _dt.datetime):
                return v.date().isoformat()
            if isinstance(v, _dt.date):
                return v.isoformat()
            return v

        rating = d.get("rating")
        if isinstance(rating, int) and not isinstance(rating, bool):
            rating = _as_float(rating)
        tags = d.get("tags", ())
        if isinstance(tags, list):
            tags = tuple(tags)
        elif isinstance(tags, str):
            raise InvalidValue(f"tags {tags!r} should be a list, like [\"{tags}\"]")
        progress = d.get("progress", "") or ""
        if isinstance(progress, str) and progress and not _PROGRESS_CANON.match(progress):
            progress = parse_progress(progress)
        extra: tuple = ()
        if keep_extra:
            extra = tuple((k, v) for k, v in d.items() if k not in _KNOWN)
        note = d.get("note", "")
        return cls(
            id=d["id"], title=d["title"], year=d["year"], status=d.get("status", "want"),
            added=date_field("added"), watched=date_field("watched"), rating=rating,
            note="" if note is None else note, tags=tags, priority=d.get("priority", 0) or 0,
            progress=progress, imdb=d.get("imdb", "") or "", extra=extra,
        )


def entry_for(title: Title, **fields) -> Entry:
    """A new Entry for a catalog title (title, year and IMDb id copied from it)."""
    fields.setdefault("added", today())
    return Entry(id=title.id, title=title.title, year=title.year, imdb=title.imdb or "", **fields)


_STATUS_RANK = {"want": 0, "watching": 1, "watched": 2, "dropped": 1}


def merge(old: Entry | None, new: Entry) -> tuple[Entry, bool]:
    """Combine an incoming entry (from an import) with the one already on the list, never
    throwing away what the person set: empty fields are filled, tags are joined, the status only
    moves forward (want -> watching -> watched), the earliest added date is kept.
    Returns (entry, changed)."""
    if old is None:
        return new, True
    status = old.status
    if _STATUS_RANK[new.status] > _STATUS_RANK[old.status] and old.status != "dropped":
        status = new.status
    added = min(a for a in (old.added, new.added) if a) if (old.added or new.added) else ""
    merged = replace(
        old,
        status=status,
        added=added,
        watched=old.watched or new.watched,
        rating=old.rating if old.rating is not None else new.rating,
        note=old.note or new.note,
        tags=clean_tags(old.tags + new.tags),
        priority=old.priority or new.priority,
        progress=old.progress or new.progress,
        imdb=old.imdb or new.imdb,
    )
    return merged, merged != old


# ---------------------------------------------------------------------------------------------
# file parsing


def toml_str(s: str) -> str:
    """`s` as a TOML string (quoted and escaped)."""
    return tomli_w.dumps({"s": s})[4:-1]


def _dump_entry(entry: Entry) -> str:
    """One [[entries]] table, with tomli-w; tags on one line (tags = ["a", "b"]), unknown
    fields (and their sub-tables) last. Checked: it reads back as exactly this entry."""
    d = entry.to_toml_dict()
    tags = d.pop("tags", None)
    tail = {k: d.pop(k) for k in ("note", "imdb") if k in d}
    extra = {k: d.pop(k) for k in list(d) if k not in _KNOWN}
    out = ["[[entries]]\n", tomli_w.dumps(d)]
    if tags:
        out.append("tags = [" + ", ".join(toml_str(t) for t in tags) + "]\n")
    if tail:
        out.append(tomli_w.dumps(tail))
    if extra:
        text = tomli_w.dumps({"entries": extra})
        out.append(text[len("[entries]\n"):] if text.startswith("[entries]\n") else text)
    out.append("\n")
    chunk = "".join(out)
    doc = tomllib.loads(chunk)
    back = Entry.from_dict(doc["entries"][0]) if set(doc) == {"entries"} \
        and len(doc["entries"]) == 1 else None
    if back is None or replace(back, extra=()) != replace(entry, extra=()) \
            or not _same(dict(back.extra), dict(entry.extra)):  # pragma: no cover - a bug
        raise WatchlistError(f"internal error: entry {entry.id!r} would not read back; "
                             "nothing was written")
    return chunk


def _same(a: Any, b: Any) -> bool:
    """a == b for TOML values, except that NaN equals NaN (`x = nan` reads back as a new NaN)
    and tables compare in any order (tomli-w writes sub-tables last)."""
    if isinstance(a, float) and a != a:
        return isinstance(b, float) and b != b
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(_same, a, b))
    return a == b


@dataclass
class _State:
    header: str
    order: list[str]
    entries: dict[str, Entry]
    chunks: dict[str, str]  # id -> its text in the file (verbatim), for unchanged entries
    by_chunk: dict[str, Entry] = field(default_factory=dict)  # chunk text -> its entry


def _toml_error(path: Path, err: tomllib.TOMLDecodeError, line_offset: int = 0) -> str:
    msg = str(err)
    m = _TOML_POS.search(msg)
    if m:
        line = int(m.group(1)) + line_offset
        return (f"{path}: line {line}, column {m.group(2)}: {_TOML_POS.sub('', msg)} "
                "(not valid TOML; the file was left as it is: fix that line)")
    if _TOML_END.search(msg):
        return (f"{path}: at the end of the file: {_TOML_END.sub('', msg)} "
                "(not valid TOML; the file was left as it is)")
    return f"{path}: {msg} (not valid TOML; the file was left as it is)"


_SEP = "\n[[entries]]\n"


def _split(text: str) -> tuple[str, list[tuple[int, str]]]:
    """Header text and [(offset, chunk text)], one chunk per [[entries]] header line."""
    parts = text.split(_SEP)
    if len(parts) > 1 and text.count("[[") == len(parts) - 1 + parts[0].count("[[") \
            and not _ENTRY_HEADER.search(parts[0]):
        # the usual file (ours): every "[[" past the header is an exact `[[entries]]` line
        header = parts[0] + "\n"
        chunks = []
        offset = len(header)
        last = len(parts) - 1
        for i in range(1, len(parts)):
            chunk = "[[entries]]\n" + parts[i] + ("\n" if i < last else "")
            chunks.append((offset, chunk))
            offset += len(chunk)
        return header, chunks
    starts: list[int] = []
    i = text.find("[[")
    while i != -1:
        line_start = text.rfind("\n", 0, i) + 1
        if (not starts or starts[-1] != line_start) and not text[line_start:i].strip(" \t") \
                and _ENTRY_HEADER.match(text, line_start):
            starts.append(line_start)
        i = text.find("[[", i + 2)
    if not starts:
        return text, []
    ends = starts[1:] + [len(text)]
    return text[:starts[0]], [(s, text[s:e]) for s, e in zip(starts, ends)]


class _Fallback(Exception):
    pass


def _parse(path: Path, text: str, cache: dict[str, Entry]) -> _State:
    """Parse the file text into a _State; raises WatchlistError naming file and line.

    Fast path: the header and each [[entries]] chunk are parsed on their own (chunks already seen
    come from `cache`, text -> Entry), which is the same as parsing the whole document when every
    chunk is exactly one entry table. Anything unusual falls back to one parse of the file."""
    header, chunks = _split(text)
    try:
        try:
            head = tomllib.loads(header)
        except tomllib.TOMLDecodeError:
            raise _Fallback from None
        if "entries" in head:
            raise _Fallback
        parsed: list[tuple[int, str, Any]] = []
        append = parsed.append
        get = cache.get
        for offset, chunk in chunks:
            hit = get(chunk)
            if hit is None:
                try:
                    doc = tomllib.loads(chunk)
                except tomllib.TOMLDecodeError:
                    raise _Fallback from None
                hit = doc.get("entries")
                if len(doc) != 1 or not isinstance(hit, list) or len(hit) != 1:
                    raise _Fallback
                hit = hit[0]
            append((offset, chunk, hit))
    except (_Fallback, RecursionError, ValueError):
        try:
            doc = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise WatchlistError(_toml_error(path, err)) from None
        except ValueError:  # an integer past Python's 4300-digit limit
            raise WatchlistError(_huge_number(path, text)) from None
        except RecursionError:
            raise WatchlistError(f"{path}: nested too deeply to read (arrays or tables inside "
                                 "each other hundreds of levels deep); the file was left as "
                                 "it is") from None
        head = {k: v for k, v in doc.items() if k != "entries"}
        ents = doc.get("entries", [])
        if not isinstance(ents, list):
            raise WatchlistError(f"{path}: 'entries' should be [[entries]] tables; "
                                 "the file was left as it is")
        offsets = [o for o, _ in chunks] if len(chunks) == len(ents) else [-1] * len(ents)
        parsed = [(o, "", e) for o, e in zip(offsets, ents)]
        # the header is regenerated: our comment plus the top-level keys, as data
        header = HEADER.replace("version = 1\n", "") + tomli_w.dumps(head) + "\n"
    version = head.get("version", FORMAT_VERSION)
    if version.__class__ is not int or version < 1:
        m = re.search(r"^[ \t]*version[ \t]*=", text, re.MULTILINE)
        where = f"{path}: line {_line(text, m.start())}" if m else str(path)
        raise WatchlistError(
            f"{where}: version = {shown(version)} is not valid: it should be version = "
            f"{FORMAT_VERSION} (a whole number); the file was left as it is")
    if version > FORMAT_VERSION:
        raise WatchlistError(
            f"{path}: version = {shown(version)}: written by a newer watchnext (this one reads "
            f"version {FORMAT_VERSION}); the file was left as it is")
    state = _State(header=header, order=[], entries={}, chunks={}, by_chunk={})
    entries, order, kept, by_chunk = state.entries, state.order, state.chunks, state.by_chunk
    for n, (offset, chunk, raw) in enumerate(parsed, 1):
        if raw.__class__ is Entry:
            entry = raw
        else:
            try:
                entry = Entry.from_dict(raw)
            except InvalidValue as err:
                rid = raw.get("id") if isinstance(raw, dict) else None
                who = f" (id {rid!r})" if isinstance(rid, str) else ""
                key = str(err).split()[0]
                where = _where(path, text, offset, chunk, "tags" if key == "tag" else key, n)
                raise WatchlistError(
                    f"{where}: entry {n}{who}: {err}; the file was left as it is") from None
        eid = entry.id
        if eid in entries:
            where = _where(path, text, offset, chunk, "id", n)
            first = next(o for o, _, r in parsed if (r.id if r.__class__ is Entry
                                                     else r.get("id")) == eid)
            other = f"at line {_line(text, first)}" if first >= 0 else "before it"
            raise WatchlistError(
                f"{where}: entry {n}: id {eid!r} is already used by the entry {other}; "
                "remove one of them (the file was left as it is)")
        order.append(eid)
        entries[eid] = entry
        if chunk:
            kept[eid] = chunk
            by_chunk[chunk] = entry
    return state


def _huge_number(path: Path, text: str) -> str:
    m = re.search(r"[0-9_]{4300,}", text)
    where = f"{path}: line {_line(text, m.start())}" if m else str(path)
    return (f"{where}: a number with thousands of digits (not a value watchnext can read); "
            "the file was left as it is")


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1 if offset >= 0 else 0


def _where(path: Path, text: str, offset: int, chunk: str, key: str, n: int) -> str:
    """'FILE: line N' pointing at `key = ...` inside the entry when it can be found."""
    if offset < 0:
        return str(path)
    line = _line(text, offset)
    m = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", chunk, re.MULTILINE) if key.isidentifier() \
        else None
    if m:
        line += chunk.count("\n", 0, m.start())
    return f"{path}: line {line}"


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise WatchlistError(f"{path}: line {line}: not UTF-8 text (byte {data[err.start]:#04x}); "
                             "the file was left as it is") from None


# ---------------------------------------------------------------------------------------------
# the store


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


def _kind_of(mode: int) -> str | None:
    """None for a plain file, else what it is ("a FIFO (named pipe)")."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _not_a_file(path: Path, kind: str) -> str:
    return f"{path}: is {kind}, not a plain file (it was left as it is)"


def _dangling(path: Path) -> str:
    return (f"{path}: is a symbolic link to {os.readlink(path)}, which does not exist: nothing "
            "will be written through it (fix the link, or remove it)")


def _read_only(path: Path, st: os.stat_result) -> str | None:
    """Why a plain file must not be written (its permissions say read-only), or None. Checked
    on the permission bits too: root may write any file, but a chmod 444 file is meant to stay."""
    if st.st_mode & 0o222 and os.access(path, os.W_OK):
        return None
    return (f"{path}: is read-only (permissions {stat.filemode(st.st_mode)}): nothing will be "
            "written to it (make it writable, e.g. chmod u+w, to save changes)")


def read_plain_file(path: Path) -> bytes:
    """The bytes of a plain file. Opened without blocking and checked to be a plain file
    before it is read: a FIFO (or a device, a folder) in its place is refused with a
    WatchlistError, never waited on. FileNotFoundError and other OSErrors go to the caller."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as fh:
        kind = _kind_of(os.fstat(fd).st_mode)
        if kind:
            raise WatchlistError(_not_a_file(path, kind))
        return fh.read()


def _write_target(path: Path) -> Path:
    """The file a save replaces: `path`, or the target of its symbolic link (a watchlist kept in
    a dotfiles folder stays a link). Raises WatchlistError for a dangling link, anything that is
    not a plain file, or a read-only file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise WatchlistError(_dangling(path)) from None
        return path
    except OSError as err:
        raise WatchlistError(f"{path}: cannot save: {err.strerror or err}; nothing was written") \
            from None
    kind = _kind_of(st.st_mode)
    problem = _not_a_file(path, kind) if kind else _read_only(path, st)
    if problem:
        raise WatchlistError(problem)
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def atomic_write(path: Path, data: bytes, sweep: bool = False) -> None:
    """Write `data` to `path` so that a crash at any moment leaves the old file or the new one:
    temp file in the same folder, write, flush, fsync, os.replace, fsync the folder. The file
    keeps its permissions; a symbolic link is written through (its target is replaced, in the
    target's folder); a dangling link, a read-only file or anything but a plain file is refused.
    With sweep=True (only under the file's lock), temp files left by earlier saves that were
    killed are removed first."""
    path = _write_target(Path(path))
    folder = path.parent
    prefix = f".{path.name}."
    if sweep:
        for stale in folder.glob(f"{prefix}*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        mode = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    except OSError as err:
        raise WatchlistError(f"{path}: cannot save: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
            os.fchmod(fh.fileno(), mode if mode is not None else 0o644)
        os.replace(tmp, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise WatchlistError(f"{path}: cannot save: {err.strerror or err}; "
                             "the file was left as it was") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dfd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
