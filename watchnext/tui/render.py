"""How catalog and watchlist values become screen text.

Every value is placed in a `Content` as plain text (never parsed as markup), so a title named
``[bold]x[/]`` shows its brackets (`plain` for widgets that would parse a string). Styles are
theme variables, so every theme looks right.

Data is text, never terminal commands: a control character in a catalog title (made visible
by the loader) or in a watchlist entry (`shown_entry`, applied where the app reads the
watchlist) shows as ``\x1b``; and `NoControlCharacters`, a line filter on every line the app
draws, drops any control character that reached the screen by another way (a pasted one, a
message), so none reaches the terminal."""

from __future__ import annotations

import re
from dataclasses import replace

from rich.segment import Segment
from textual.color import Color
from textual.content import Content
from textual.filter import LineFilter

from ..model import Match, Title
from ..text import has_control, visible
from ..watchlist import Entry, stars

# one glyph per watchlist status, shown before a title in every list
STATUS_MARK = {"want": "+", "watching": "▸", "watched": "✓", "dropped": "✗"}
STATUS_STYLE = {
    "want": "bold $accent",
    "watching": "bold $warning",
    "watched": "bold $success",
    "dropped": "$foreground-muted",
}
MUTED = "$foreground-muted"


def mark(entry: Entry | None) -> Content:
    """Two cells: the status glyph of a title on the watchlist, or blanks."""
    if entry is None:
        return Content("  ")
    return Content.assemble((STATUS_MARK.get(entry.status, "•"), STATUS_STYLE.get(entry.status, "")), " ")


def meta(t: Title, genres: int = 3) -> str:
    """'2023 · film · Action, Thriller'."""
    parts = [t.years if t.year else "", t.kind]
    if t.genres:
        parts.append(", ".join(t.genres[:genres]))
    return " · ".join(p for p in parts if p)


def title_row(t: Title, entry: Entry | None) -> Content:
    """One line of the results list."""
    return Content.assemble(mark(entry), (t.title, "bold"), "  ", (meta(t), MUTED))


def match_row(m: Match, entry: Entry | None, reasons: int = 3) -> Content:
    """Two lines of a 'more like this' list: the title, then why."""
    t = m.title
    why = " · ".join(m.reasons[:reasons]) or "similar overall"
    return Content.assemble(
        mark(entry), (t.title, "bold"), "  ", (meta(t, 2), MUTED), "\n",
        "  ", (why, "italic " + MUTED),
    )


def entry_summary(entry: Entry | None) -> Content:
    """'On your watchlist: watched · ★★★★½ · S2E8 · tags · note' (or how to add it)."""
    return Content(" · ").join(entry_parts(entry))


def entry_parts(entry: Entry | None) -> list[Content]:
    """The parts of entry_summary (widgets.summary.Summary wraps between them)."""
    if entry is None:
        return [Content.styled("Not on your watchlist", MUTED)]
    parts: list[Content] = [
        Content.assemble(("On your watchlist: ", MUTED),
                         (f"{STATUS_MARK[entry.status]} {entry.status}",
                          STATUS_STYLE.get(entry.status, ""))),
    ]
    if entry.rating is not None:
        parts.append(Content.styled(f"{stars(entry.rating)} ({entry.rating:g}/5)", "$warning"))
    if entry.progress:
        parts.append(Content(entry.progress))
    if entry.tags:
        parts.append(Content.styled("#" + " #".join(entry.tags), "$accent"))
    if entry.note:
        parts.append(Content.styled(f"“{entry.note}”", "italic"))
    return parts


DIARY_LINES = 8  # watches listed on the Title screen; the rest are counted


def diary_lines(entry: Entry) -> list[Content]:
    """The diary as the Title screen shows it: 'Watched 3 times', then one watch a line, latest
    first ('2024-01-13  ★★★★½  rewatch'); a series' episodes counted, the latest named."""
    watches = list(entry.watches)
    if not watches:
        return []
    episodes = [w for w in watches if w.episode]
    n = len(watches)
    if episodes:
        dated = [w.date for w in episodes if w.date]
        head = f"Diary: {len(episodes)} episode{'s' if len(episodes) != 1 else ''} watched"
        if dated:
            head += f", {min(dated)} to {max(dated)}"
    else:
        head = "Diary: watched " + ("once" if n == 1 else "twice" if n == 2 else f"{n} times")
    out = [Content.styled(head, "bold")]
    for w in list(reversed(watches))[:DIARY_LINES]:
        parts = [w.date or "no date"]
        if w.episode:
            parts.append(w.episode)
        if w.rating is not None:
            parts.append(stars(w.rating))
        if w.rewatch:
            parts.append("rewatch")
        out.append(Content.styled("  " + "  ".join(parts), MUTED))
    if n > DIARY_LINES:
        out.append(Content.styled(f"  and {n - DIARY_LINES} earlier", MUTED))
    return out


def entry_fields(entry: Entry) -> list[str]:
    """What an entry holds beyond its status, in words ("rating ★★★★½", "note", "2 tags"):
    what taking it off the list would lose."""
    out = []
    if entry.rating is not None:
        out.append(f"rating {stars(entry.rating)}")
    if entry.progress:
        out.append(f"progress {entry.progress}")
    if entry.note:
        out.append("note")
    if entry.tags:
        out.append(f"{len(entry.tags)} tag{'s' if len(entry.tags) != 1 else ''}")
    if entry.priority:
        out.append(f"priority {entry.priority}")
    return out


def tag_chip(value: str) -> Content:
    """One theme as a chip."""
    return Content.styled(f" {value} ", "$text-accent on $accent-muted")


def plain(value: str) -> Content:
    """A value as literal text, for widgets that would read a string as markup (Select)."""
    return Content(visible(value))


def shown_entry(entry: Entry) -> Entry:
    """The entry as the screens show it: control characters in its text made visible."""
    if not any(has_control(v) for v in (entry.title, entry.note, entry.progress, *entry.tags)):
        return entry
    return replace(entry, title=visible(entry.title), note=visible(entry.note),
                   progress=visible(entry.progress), tags=tuple(visible(t) for t in entry.tags))


_RAW = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _drop(m: re.Match) -> str:
    return "\ufffd" if m.group() >= "\ud800" else ""  # a surrogate takes a cell: keep one


class NoControlCharacters(LineFilter):
    """The last guard before the terminal: no control character (they take no cell, so the
    line keeps its width) and no lone surrogate (one replacement character) in drawn text."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        search = _RAW.search
        if not any(search(seg.text) for seg in segments):
            return segments
        return [seg if seg.control or not search(seg.text)
                else Segment(_RAW.sub(_drop, seg.text), seg.style, seg.control)
                for seg in segments]
