"""Running an import: every row matched (match.py), then merged into the watchlist in one
locked save (or a dry run), and the report a person reads (ImportReport)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ..model import Title
from .entry import Entry, merge
from .formats.common import ImportFile, Row
from .match import Match, Matcher
from .store import Watchlist
from .values import InvalidValue, stars, today

PROGRESS_EVERY = 200  # rows between two calls of run_import's progress callback


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
        elif name == "watched" and any(w.date == theirs for w in merged.watches):
            continue  # the file's watch is in the diary now: nothing of yours was kept over it
        elif theirs not in ("", None, (), 0) and theirs != before and name in (
                "rating", "progress", "priority", "note", "watched") or (
                name == "status" and before == "dropped" and theirs == "watched"):
            out.append(f"kept your {name} {field_text(name, before)}; "
                       f"the file says {field_text(name, theirs)}")
    more = len(merged.watches) - len(old.watches)
    if more > 0:
        out.append(f"diary +{more} watch{'es' if more != 1 else ''}")
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
        rows = self.file.lines_read
        parts = [
            f"{rows} rows ({self.file.kind}: {len(self.lines)} titles)" if rows
            and rows != len(self.lines) else f"{len(self.lines)} rows ({self.file.kind})",
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
        out: list[str] = [f"note: {note}" for note in self.file.notes]
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
        missing = [ln.row.label for ln in self.lines if ln.outcome == "not found"]
        if missing and self.file.lines_read:  # a history: which titles the catalog lacks
            out.append(f"not in the catalog: {'; '.join(missing[:10])}"
                       + (f" and {len(missing) - 10} more" if len(missing) > 10 else ""))
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
        diary=tuple(row.watches), extra=row.extra,
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
        if m.outcome == "not found" and row.alt_name:  # "Black Mirror: X": the series then
            m = matcher.match(replace(row, name=row.alt_name, kind="series", year=None))
            if m.outcome == "matched":
                m.how = f"as the series {row.alt_name}"
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
            entry, changed = merge(old, new, ln.row.watches)
            ln.entry = entry
            if old is not None:
                ln.changes = merge_changes(old, new, entry)
            ln.action = "added" if old is None else ("updated" if changed else
                                                      "already on the list")
            draft.put(entry)
    return ImportReport(imported, lines, dry_run)
