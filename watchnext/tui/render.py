"""How catalog and watchlist values become screen text.

Every value is placed in a `Content` as plain text (never parsed as markup), so a title named
``[bold]x[/]`` shows its brackets. Styles are theme variables, so every theme looks right."""

from __future__ import annotations

from textual.content import Content

from ..model import Match, Title
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
    if entry is None:
        return Content.styled("Not on your watchlist", MUTED)
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
    return Content(" · ").join(parts)


def tag_chip(value: str) -> Content:
    """One theme as a chip."""
    return Content.styled(f" {value} ", "$text-accent on $accent-muted")
