"""Moving a watchlist in and out: Letterboxd, IMDb, and our own JSON/CSV.

    read_import(path, fmt="auto") -> ImportFile        # rows, format detected from the header
    Matcher(catalog).match(row) -> Match               # imdb id, then title+year, then fuzzy
    run_import(watchlist, catalog, rows, ...) -> ImportReport   # one locked save, or a dry run
    export_text(entries, catalog, fmt) -> (text, skipped)

Rows are numbered as the file's lines (the header row is line 1), the way a spreadsheet shows
them. A row that cannot be read (a rating of 'abc') is reported and skipped, never a crash.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..catalog import title_keys
from ..model import Title
from ..text import fold_title
from ..watchlist import (
    Entry,
    InvalidValue,
    Watchlist,
    WatchlistError,
    clean_tags,
    merge,
    read_plain_file,
    stars,
    today,
)

FORMATS = ("letterboxd", "imdb", "json", "csv")
IMPORT_FORMATS = ("auto",) + FORMATS

FUZZY_THRESHOLD = 90.0  # rapidfuzz ratio over folded titles, 0-100
FUZZY_TIE = 1.0  # two candidates closer than this are ambiguous
PROGRESS_EVERY = 200  # rows between two calls of run_import's progress callback


@dataclass
class Row:
    """One title read from an import file, before matching."""

    line: int  # line in the file (header = 1); entry number for JSON
    raw: str  # the row as it stands in the file, for the report
    name: str = ""
    original: str = ""  # the original-language title, when the file gives it (IMDb)
    year: int | None = None
    imdb: str = ""
    id: str = ""  # our catalog id (native formats)
    kind: str = ""  # "film" / "series" when the file says (IMDb Title Type)
    status: str | None = None
    rating: float | None = None
    added: str = ""
    watched: str = ""
    tags: tuple[str, ...] = ()
    note: str = ""
    priority: int = 0
    progress: str = ""
    extra: tuple = ()
    exact: bool = False  # our own export: take added/watched dates as they are
    problem: str = ""  # why this row cannot be used (then it is skipped)
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.year})" if self.year else (self.name or self.imdb or self.id)

    @property
    def where(self) -> str:
        return f"row {self.line}"


@dataclass
class ImportFile:
    path: Path
    format: str  # letterboxd | imdb | json | csv
    kind: str  # e.g. "Letterboxd watchlist", "IMDb ratings"
    rows: list[Row]


# ---------------------------------------------------------------------------------------------
# reading


def read_text(path: Path) -> str:
    """The file as text (UTF-8, with or without BOM; Windows-1252 as a fallback), or a
    WatchlistError naming the file."""
    try:
        data = read_plain_file(Path(path))
    except FileNotFoundError:
        raise WatchlistError(f"{path}: no such file") from None
    except OSError as err:
        raise WatchlistError(f"{path}: cannot read it: {err.strerror or err}") from None
    if b"\x00" in data[:65536]:
        raise WatchlistError(f"{path}: is a binary file, not a CSV or JSON export")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            line = data[:err.start].count(b"\n") + 1
            raise WatchlistError(f"{path}: line {line}: not UTF-8 text") from None


def csv_records(path: Path, text: str) -> Iterable[tuple[int, list[str]]]:
    """(first line number, fields) for every non-blank CSV record."""
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        start = reader.line_num + 1
        try:
            rec = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            raise WatchlistError(f"{path}: line {reader.line_num}: not valid CSV: {err}") \
                from None
        if not any(f.strip() for f in rec):
            continue
        yield start, rec


def raw_row(rec: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(rec)
    return buf.getvalue()


def header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


def detect(path: Path, text: str) -> str:
    """letterboxd | imdb | json | csv, from the content (the header row), not the file name."""
    head = text.lstrip()
    if head[:1] in ("{", "["):
        return "json"
    if head.startswith("Letterboxd list export"):
        return "letterboxd"
    first = next((rec for _, rec in csv_records(path, text)), None)
    if first is None:
        raise WatchlistError(f"{path}: is empty: nothing to import")
    cols = {header_key(c) for c in first}
    if "const" in cols:
        return "imdb"
    if "letterboxduri" in cols or "imdbid" in cols or "watcheddate" in cols \
            or {"name", "year"} <= cols or "rating10" in cols:
        return "letterboxd"
    if {"id", "status"} <= cols:
        return "csv"
    if {"title", "year"} <= cols:  # Letterboxd's import format: Title,Year[,Rating,...]
        return "letterboxd"
    raise WatchlistError(
        f"{path}: line 1: header {raw_row(first)[:80]!r} is not a Letterboxd, IMDb or watchnext "
        "export (use --format to say which it is)")


def read_import(path: Path | str, fmt: str = "auto") -> ImportFile:
    """Read an export file into rows. fmt 'auto' detects the format from the content."""
    from . import imdb, letterboxd, native

    if not str(path).strip():
        raise WatchlistError(f"{str(path)!r}: the file name is empty; give the export file")
    path = Path(path)
    text = read_text(path)
    if fmt not in IMPORT_FORMATS:
        raise WatchlistError(f"format {fmt!r} should be one of: {', '.join(IMPORT_FORMATS)}")
    if fmt == "auto":
        fmt = detect(path, text)
    if fmt == "letterboxd":
        kind, rows = letterboxd.parse(path, text)
    elif fmt == "imdb":
        kind, rows = imdb.parse(path, text)
    elif fmt == "json":
        kind, rows = native.parse_json(path, text)
    else:
        kind, rows = native.parse_csv(path, text)
    return ImportFile(path=path, format=fmt, kind=kind, rows=rows)


def columns(path: Path, header: list[str], need: dict[str, tuple[str, ...]],
            want: str) -> dict[str, int]:
    """Map wanted fields to column indexes; `need` maps field -> accepted header keys (the first
    listed field is mandatory). Raises naming the missing column."""
    keys = [header_key(h) for h in header]
    out: dict[str, int] = {}
    for fname, accepted in need.items():
        for a in accepted:
            if a in keys:
                out[fname] = keys.index(a)
                break
    first = next(iter(need))
    if first not in out:
        raise WatchlistError(
            f"{path}: line 1: no {need[first][0]!r} column in header {raw_row(header)[:80]!r}: "
            f"not a {want} export")
    return out


def cell(rec: list[str], cols: dict[str, int], name: str) -> str:
    i = cols.get(name)
    if i is None or i >= len(rec):
        return ""
    return rec[i].strip()


def parse_year(row: Row, text: str) -> None:
    text = text.strip()
    if not text:
        return
    m = re.fullmatch(r"(\d{4})(?:\.0)?", text) or re.match(r"(\d{4})-\d\d-\d\d", text)
    if not m:
        row.warnings.append(f"year {text!r} not understood, ignored")
        return
    row.year = int(m.group(1))


def parse_date(row: Row, text: str, name: str) -> str:
    """'2024-05-31' (or with a time after it) -> '2024-05-31'; anything else: warning, ''."""
    text = text.strip()
    if not text:
        return ""
    m = re.match(r"(\d{4}-\d\d-\d\d)(?:$|[ T])", text)
    if m:
        import datetime as _dt

        try:
            _dt.date.fromisoformat(m.group(1))
            return m.group(1)
        except ValueError:
            pass
    row.warnings.append(f"{name} {text!r} is not a date like 2024-05-31, ignored")
    return ""


def split_tags(row: Row, text: str) -> tuple[str, ...]:
    try:
        return clean_tags(text.split(","))
    except InvalidValue as err:
        row.warnings.append(f"{err}; tags ignored")
        return ()


# ---------------------------------------------------------------------------------------------
# matching

_MOVE_ARTICLE = re.compile(r"^(.*\S)\s*,\s*(the|a|an|le|la|les|el|los|las|il|der|die|das)$",
                           re.IGNORECASE)
_NUMERALS = re.compile(r"\b(\d+|i{1,3}|iv|v|vi{1,3}|ix|x|part \w+)\b")


def name_key(name: str) -> str:
    """fold_title, after turning 'Call, The' back into 'The Call'."""
    m = _MOVE_ARTICLE.match(name.strip())
    if m:
        name = f"{m.group(2)} {m.group(1)}"
    return fold_title(name)


def _numerals(key: str) -> set[str]:
    return set(_NUMERALS.findall(key))


@dataclass
class Match:
    outcome: str  # "matched" | "ambiguous" | "not found"
    title: Title | None = None
    candidates: list[Title] = field(default_factory=list)
    how: str = ""  # "id", "IMDb id", "title and year", "year off by one", "close title (93)"


_BUCKETS = 32  # characters counted by code point mod 32 (a-z apart)


def _bags(keys: list[str]):
    """(len(keys), _BUCKETS) counts of each key's characters, as uint8 (capped at 255)."""
    import numpy as np

    lens = np.fromiter(map(len, keys), dtype=np.int64, count=len(keys))
    cps = np.frombuffer("".join(keys).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    rows = np.repeat(np.arange(len(keys)), lens)
    counts = np.bincount(rows * _BUCKETS + cps % _BUCKETS, minlength=len(keys) * _BUCKETS)
    return np.minimum(counts, 255).astype(np.uint8).reshape(len(keys), _BUCKETS)


def bag_of(key: str):
    """The character counts of one key, as _bags gives them (int16, for differences)."""
    import numpy as np

    cps = np.frombuffer(key.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return np.bincount(cps % _BUCKETS, minlength=_BUCKETS).astype(np.int16)


class _Pool:
    """(key, title) pairs to fuzzy-match against, indexed once per import (not walked per row).

    fuzz.ratio >= T means an insert/delete distance d <= (1 - T/100) * (len1 + len2), and d is
    at least the length difference and at least the difference of the keys' character counts.
    So only keys of a close length are looked at (the pool is sorted by length), their counts
    are compared at once (numpy), and rapidfuzz scores the few that are left."""

    def __init__(self, pairs: list[tuple[str, Title]]):
        import numpy as np
        from rapidfuzz import fuzz

        self.np, self.fuzz = np, fuzz
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]))
        self.keys = [pairs[i][0] for i in order]
        self.titles = [pairs[i][1] for i in order]
        self.order = order  # where each pair stood: hits come back in that order
        self.lens = np.fromiter(map(len, self.keys), dtype=np.int32, count=len(order))
        self.bags = _bags(self.keys).astype(np.int16)

    def close(self, key: str, threshold: float) -> list[tuple[str, float, Title]]:
        """(key, ratio, title) for every key with fuzz.ratio >= threshold, in pool order."""
        if not self.keys:
            return []
        np, fuzz = self.np, self.fuzz
        n, slack = len(key), 1 - threshold / 100
        lo, hi = np.searchsorted(self.lens, [n * (1 - slack) / (1 + slack) - 1e-9,
                                             n * (1 + slack) / (1 - slack) + 1e-9],
                                 side="left")
        if lo >= hi:
            return []
        apart = np.abs(self.bags[lo:hi] - bag_of(key)).sum(axis=1)
        hits = []
        for j in np.flatnonzero(apart <= slack * (n + self.lens[lo:hi]) + 1e-9).tolist():
            i = lo + j
            score = fuzz.ratio(key, self.keys[i], score_cutoff=threshold)
            if score:
                hits.append((self.order[i], self.keys[i], score, self.titles[i]))
        hits.sort(key=lambda h: h[0])
        return [(k, score, t) for _, k, score, t in hits]


class Matcher:
    """Find the catalog title an import row means. Order: our id, the IMDb id, the exact title
    (ignoring case, accents, punctuation and a leading article) and year, the same a year off,
    then a close title (rapidfuzz ratio >= 90, same numbers in it) of the year +/- 1.
    Two candidates that fit equally well make the row ambiguous: it is reported, not guessed."""

    def __init__(self, catalog):
        self.catalog = catalog
        self._by_key: dict[str, list[Title]] = {}
        by_year: dict[int, list[tuple[str, Title]]] = {}
        everything: list[tuple[str, Title]] = []  # every (key, title) once
        names = catalog.name_keys if getattr(catalog, "name_keys", None) is not None \
            and len(catalog.name_keys) == len(catalog.titles) else None
        for n, t in enumerate(catalog.titles):
            # its title, original title and other titles ("Se7en")
            keys = names[n] if names is not None else title_keys(t)
            # a series is named with any year from its first to its latest season
            years = range(t.year, min(max(t.year, t.last_year), t.year + 60) + 1)
            for k in keys:
                if not k:
                    continue
                self._by_key.setdefault(k, []).append(t)
                everything.append((k, t))
                for y in years:
                    by_year.setdefault(y, []).append((k, t))
        self._by_year = by_year
        self._windows: dict[int, _Pool] = {}  # year -> the pool of year-1, year, year+1
        self._all = _Pool(everything)

    def _window(self, year: int) -> "_Pool":
        pool = self._windows.get(year)
        if pool is None:
            pool = self._windows[year] = _Pool(
                [p for y in (year - 1, year, year + 1) for p in self._by_year.get(y, ())])
        return pool

    @staticmethod
    def _kind_filter(titles: list[Title], kind: str) -> list[Title]:
        if not kind:
            return titles
        same = [t for t in titles if t.kind == kind]
        return same or titles

    def match(self, row: Row) -> Match:
        cat = self.catalog
        if row.id:
            t = cat.get(row.id)
            if t is not None:
                return Match("matched", t, how="id")
        if row.imdb:
            t = cat.by_imdb(row.imdb)
            if t is not None:
                return Match("matched", t, how="IMDb id")
        if not row.name:
            return Match("not found")
        key = name_key(row.name)
        found = list(self._by_key.get(key, []))
        if row.original:
            found += self._by_key.get(name_key(row.original), [])
        named = self._kind_filter(list(dict.fromkeys(found)), row.kind)
        if row.year is None:
            if len(named) == 1:
                return Match("matched", named[0], how="title")
            if named:
                return Match("ambiguous", candidates=named)
        else:
            same = [t for t in named if t.has_year(row.year)]
            if len(same) > 1:  # its own title beats another's aka ("The Office")
                own = [t for t in same if name_key(t.title) == key]
                same = own if len(own) == 1 else same
            if len(same) == 1:
                return Match("matched", same[0], how="title and year")
            if same:
                return Match("ambiguous", candidates=same)
            near = [t for t in named
                    if abs(t.year - row.year) == 1 or (t.last_year and row.year == t.last_year + 1)]
            if len(near) == 1:
                return Match("matched", near[0], how="year off by one")
            if near:
                return Match("ambiguous", candidates=near)
        return self._fuzzy(row, key)

    def _fuzzy(self, row: Row, key: str) -> Match:
        if len(key) < 4:
            return Match("not found")
        if row.year is not None:
            pool, threshold = self._window(row.year), FUZZY_THRESHOLD
        else:
            pool, threshold = self._all, max(FUZZY_THRESHOLD, 94.0)
        nums = _numerals(key)
        best: dict[str, tuple[float, Title]] = {}
        for k, score, t in pool.close(key, threshold):
            if _numerals(k) != nums:
                continue
            if row.kind and t.kind != row.kind:
                score -= 0.5
            if row.year is not None and t.year == row.year:
                score += 0.5  # the exact year wins a tie against a year off by one
            if t.id not in best or best[t.id][0] < score:
                best[t.id] = (score, t)
        if not best:
            return Match("not found")
        ranked = sorted(best.values(), key=lambda st: -st[0])
        top_score, top = ranked[0]
        ties = [t for s, t in ranked if top_score - s < FUZZY_TIE]
        if len(ties) > 1:
            return Match("ambiguous", candidates=ties)
        return Match("matched", top, how=f"close title ({min(100, round(top_score))}%)")


# ---------------------------------------------------------------------------------------------
# importing


@dataclass
class ImportLine:
    row: Row
    outcome: str  # matched | ambiguous | not found | invalid | kept
    match: Match | None = None
    action: str = ""  # added | updated | already on the list
    entry: Entry | None = None
    changes: list[str] = field(default_factory=list)  # what changed, and what was kept


def field_text(name: str, value) -> str:
    """A watchlist field's value as the CLI prints it: '4.5 ★★★★½', 'none', 'korea, with mum',
    a note quoted."""
    if name == "rating":
        return f"{value:g} {stars(value)}" if value is not None else "none"
    if name == "tags":
        return ", ".join(value) or "none"
    if name == "note":
        return repr(value)
    return str(value) if value not in ("", None) else "none"


MERGED_FIELDS = ("status", "rating", "progress", "priority", "tags", "note", "watched")


def merge_changes(old: Entry, incoming: Entry, merged: Entry) -> list[str]:
    """What an import did to an entry already on the list: "rating none -> 4.5"; and what it
    kept of yours against the file ("kept your rating 4.5; the file says 5"), since a merge never
    overwrites what you set (watchlist.merge). A status behind yours (the file says want, you
    watched it) is no conflict: it says nothing."""
    out: list[str] = []
    for name in (*MERGED_FIELDS, "added", "imdb"):
        before, after, theirs = getattr(old, name), getattr(merged, name), getattr(incoming, name)
        if before != after:
            out.append(f"{name} {field_text(name, before)} -> {field_text(name, after)}")
        elif theirs not in ("", None, (), 0) and theirs != before and name in (
                "rating", "progress", "priority", "note", "watched") or (
                name == "status" and before == "dropped" and theirs == "watched"):
            out.append(f"kept your {name} {field_text(name, before)}; "
                       f"the file says {field_text(name, theirs)}")
    return out


@dataclass
class ImportReport:
    file: ImportFile
    lines: list[ImportLine]
    dry_run: bool

    def count(self, outcome: str | None = None, action: str | None = None) -> int:
        return sum(1 for ln in self.lines
                   if (outcome is None or ln.outcome == outcome)
                   and (action is None or ln.action == action))

    def summary(self) -> str:
        added, updated = self.count(action="added"), self.count(action="updated")
        same = self.count(action="already on the list")
        verb = ("would add", "would update") if self.dry_run else ("added", "updated")
        parts = [
            f"{len(self.lines)} rows ({self.file.kind})",
            f"{self.count('matched') + self.count('kept')} matched",
            f"{self.count('ambiguous')} ambiguous",
            f"{self.count('not found')} not found",
        ]
        if self.count("invalid"):
            parts.append(f"{self.count('invalid')} unreadable")
        text = ", ".join(parts) + f"; {verb[0]} {added}, {verb[1]} {updated}, {same} already there"
        if self.dry_run:
            text += ". Dry run: nothing was changed"
        return text

    def text_lines(self) -> list[str]:
        """The report a person reads, one line per row, then warnings and the summary."""
        out: list[str] = []
        for ln in self.lines:
            r = ln.row
            for w in r.warnings:
                out.append(f"warning: {r.where}: {w}")
            if ln.outcome in ("matched", "kept"):
                e = ln.entry
                tail = f"{e.label} [{e.id}]" if e else ""
                if ln.outcome == "kept":
                    tail += " (not in catalog, kept as it is)"
                elif ln.match and ln.match.how not in ("id", "IMDb id", "title and year"):
                    tail += f" ({ln.match.how})"
                action = ln.action
                if self.dry_run and action in ("added", "updated"):
                    action = "would be " + action
                if ln.changes:
                    action += f" ({'; '.join(ln.changes)})"
                out.append(f"matched: {r.where}: {r.label} -> {tail}: {action}")
            elif ln.outcome == "ambiguous":
                cands = "; ".join(f"{t.label} [{t.id}]" for t in ln.match.candidates[:5])
                out.append(f"ambiguous: {r.where}: {r.label} could be {cands} "
                           f"(add it by id: watchnext watchlist add --id ID)")
            elif ln.outcome == "invalid":
                out.append(f"unreadable: {r.where}: {r.problem}: {r.raw}")
            else:
                out.append(f"not found: {r.where}: {r.raw}")
        out.append(self.summary())
        return out


def row_entry(row: Row, title: Title | None, status: str | None) -> Entry:
    """The entry an import row asks for (title, year, IMDb id from the catalog when matched;
    our own export's rows, matched by their id, are taken exactly as they are)."""
    st = status or row.status or "want"
    watched, added = row.watched, row.added
    if not row.exact:
        added = added or today()
        if st == "watched" and not watched:
            watched = row.added or ""
    fields: dict[str, Any] = dict(
        status=st, added=added, watched=watched, rating=row.rating,
        note=row.note, tags=row.tags, priority=row.priority, progress=row.progress,
        extra=row.extra,
    )
    if title is not None and not (row.exact and row.id == title.id and row.name):
        return Entry(id=title.id, title=title.title, year=title.year,
                     imdb=title.imdb or row.imdb, **fields)
    return Entry(id=row.id, title=row.name, year=row.year or 0, imdb=row.imdb, **fields)


def run_import(watchlist: Watchlist, catalog, imported: ImportFile, status: str | None = None,
               dry_run: bool = False,
               progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Match every row, then merge the matches into the watchlist in one locked save (nothing is
    written with dry_run). Running it twice adds nothing the second time (see watchlist.merge).
    `progress(rows done, rows)` is called every PROGRESS_EVERY rows and at the end."""
    matcher = Matcher(catalog)
    lines: list[ImportLine] = []
    total = len(imported.rows)
    for n, row in enumerate(imported.rows):
        if progress is not None and n % PROGRESS_EVERY == 0:
            progress(n, total)
        if row.problem:
            lines.append(ImportLine(row, "invalid"))
            continue
        m = matcher.match(row)
        if m.outcome == "not found" and row.id and row.name:
            # our own export: an entry whose title has left the catalog is kept as it is
            lines.append(ImportLine(row, "kept", m))
        else:
            lines.append(ImportLine(row, m.outcome, m))
    if progress is not None:
        progress(total, total)
    with watchlist.transaction(dry_run=dry_run) as draft:
        for ln in lines:
            if ln.outcome not in ("matched", "kept"):
                continue
            try:
                new = row_entry(ln.row, ln.match.title if ln.outcome == "matched" else None, status)
            except InvalidValue as err:
                ln.outcome, ln.row.problem = "invalid", str(err)
                continue
            old = draft.get(new.id)
            entry, changed = merge(old, new)
            ln.entry = entry
            if old is not None:
                ln.changes = merge_changes(old, new, entry)
            ln.action = "added" if old is None else ("updated" if changed else
                                                      "already on the list")
            draft.put(entry)
    return ImportReport(imported, lines, dry_run)


# ---------------------------------------------------------------------------------------------
# exporting


# why an export leaves entries out (export_text's second value), as a note says it
LEFT_OUT = {"imdb": "{n} {entries} without an IMDb id left out (IMDb imports titles by IMDb "
                    "id only)",
            "letterboxd": "{n} series left out (Letterboxd has films only)"}


def left_out_note(fmt: str, n: int) -> str:
    """'2 series left out (Letterboxd has films only)', or '' for none."""
    if not n:
        return ""
    return LEFT_OUT[fmt].format(n=n, entries="entries" if n != 1 else "entry")


def export_text(entries: list[Entry], catalog, fmt: str) -> tuple[str, int]:
    """The export file's text and how many entries it had to leave out (see LEFT_OUT)."""
    from . import imdb, letterboxd, native

    if fmt == "letterboxd":
        return letterboxd.export(entries, catalog)
    if fmt == "imdb":
        return imdb.export(entries, catalog)
    if fmt == "json":
        return native.export_json(entries), 0
    if fmt == "csv":
        return native.export_csv(entries), 0
    raise WatchlistError(f"format {fmt!r} should be one of: {', '.join(FORMATS)}")


def imdb_of(entry: Entry, catalog) -> str:
    if entry.imdb:
        return entry.imdb
    t = catalog.get(entry.id) if catalog is not None else None
    return t.imdb if t is not None and t.imdb else ""


def write_csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()
