"""Watchlist field values: the errors, and the checks and parsers of each field (rating,
progress, dates, tags)."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from ..errors import WatchnextError
from ..model import Title

STATUSES = ("want", "watching", "watched", "dropped")

_PROGRESS = re.compile(
    r"^\s*s(?:eason)?\s*0*([1-9]\d{0,2})\s*[ .x-]?\s*e(?:p(?:isode)?)?\s*0*(\d{1,4})\s*$",
    re.IGNORECASE)
_PROGRESS_CANON = re.compile(r"^S[1-9]\d{0,2}E[1-9]\d{0,3}$")
_IMDB = re.compile(r"^tt\d{5,10}$")
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


def stars(rating: float | None) -> str:
    if rating is None:
        return ""
    return "★" * int(rating) + ("½" if rating % 1 else "")


# ---------------------------------------------------------------------------------------------
# Entry
