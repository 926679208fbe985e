"""What every export format shares: the Row a file's line becomes, reading the file's text and
its CSV records, columns and cells, years, dates and tags read leniently (a row that cannot be
read is reported, never a crash), and writing CSV."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..entry import Entry
from ..files import read_plain_file
from ..values import InvalidValue, WatchlistError, clean_tags


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
    watches: tuple = ()  # the diary the file gives (diary.Watch), oldest first
    alt_name: str = ""  # a series' name to try when `name` is not found (Netflix)
    place: str = ""  # where it is, when 'row N' does not say ("diary.csv row 7")

    @property
    def label(self) -> str:
        return f"{self.name} ({self.year})" if self.year else (self.name or self.imdb or self.id)

    @property
    def where(self) -> str:
        return self.place or f"row {self.line}"


@dataclass
class ImportFile:
    path: Path
    format: str  # letterboxd | imdb | json | csv | netflix | letterboxd-export | trakt
    kind: str  # e.g. "Letterboxd watchlist", "IMDb ratings"
    rows: list[Row]
    lines_read: int = 0  # rows in the file(s) when they are not one a title (a history)
    notes: list[str] = field(default_factory=list)  # what the report says first (date order)


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
