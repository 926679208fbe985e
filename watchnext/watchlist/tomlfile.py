"""The watchlist file's text: the header, each [[entries]] table parsed on its own (the chunk
parser, re-parsing only the entries whose text changed) and written back with tomli-w; errors
name the file and line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import tomli_w

from .entry import Entry
from .values import _KNOWN, InvalidValue, WatchlistError, shown

FORMAT_VERSION = 1

HEADER = """\
# watchnext watchlist: one [[entries]] table per title. You may edit it by hand (quit watchnext
# first). Fields: id (catalog id), title, year, status (want | watching | watched | dropped),
# added and watched (dates, YYYY-MM-DD), rating (0.5 to 5 in halves), priority (a whole number,
# higher comes first), progress (series: "S2E8"), tags (a list of words), note, imdb.
# watched may also list every watch: [{date = "2024-01-13", rating = 4.5, rewatch = true}, ...]
# A mistake in this file is reported with its line number and the file is left as it is.
version = 1

"""

_ENTRY_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*entries[ \t]*\]\][ \t\r]*(?:#.*)?$", re.MULTILINE)
_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def toml_str(s: str) -> str:
    """`s` as a TOML string (quoted and escaped)."""
    return tomli_w.dumps({"s": s})[4:-1]


def _dump_entry(entry: Entry) -> str:
    """One [[entries]] table, with tomli-w; tags on one line (tags = ["a", "b"]), a diary one
    watch a line, unknown fields (and their sub-tables) last. Checked: it reads back as
    exactly this entry."""
    d = entry.to_toml_dict()
    tags = d.pop("tags", None)
    tail = {k: d.pop(k) for k in ("note", "imdb") if k in d}
    extra = {k: d.pop(k) for k in list(d) if k not in _KNOWN}
    diary = d.pop("watched") if isinstance(d.get("watched"), list) else None
    out = ["[[entries]]\n", tomli_w.dumps(d)]
    if diary is not None:  # the diary: one watch a line, as inline tables (diary.py)
        out.append("watched = [\n" + "".join(f"    {w.toml()},\n" for w in entry.diary)
                   + "]\n")
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
