"""Dates written in an account's locale ('1/24/21', '24/01/2021', '24.01.21', '2021-01-24').

Whether '03/02/2021' is 3 February or 2 March cannot be told from the date: it is decided once
per file, from all its dates. A first number over 12 (24/01/2021) says day first, a second one
over 12 (1/24/21) month first. When no date settles it, the way the file writes years decides
what is assumed (two-digit years: month first, as Netflix writes US dates; four-digit: day
first, as it writes most others) and the note says so, to be read in the import report.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Iterable

_NUMERIC = re.compile(r"^\s*(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{2}|\d{4})\s*$")

DAY_FIRST, MONTH_FIRST = "day first", "month first"


def _parts(text: str) -> tuple[int, int, str] | None:
    m = _NUMERIC.match(text or "")
    return (int(m.group(1)), int(m.group(3)), m.group(4)) if m else None


def decide_order(texts: Iterable[str]) -> tuple[str, str]:
    """(DAY_FIRST or MONTH_FIRST, a note for the report: '' when the dates settled it, else
    what was assumed and why). Conflicting dates: the order most of them show wins (the others
    are then not dates, and each row says so)."""
    day = month = 0
    example = ""
    short = long_ = 0
    for text in texts:
        p = _parts(text)
        if p is None:
            continue
        a, b, year = p
        if len(year) == 2:
            short += 1
        else:
            long_ += 1
        if a > 12 >= b:
            day += 1
        elif b > 12 >= a:
            month += 1
        elif not example and a != b:
            example = text.strip()
    if day or month:
        return (DAY_FIRST if day >= month else MONTH_FIRST), ""
    if not example:  # no numeric dates, or every one reads the same both ways (1/1/21)
        return MONTH_FIRST if short >= long_ else DAY_FIRST, ""
    order = MONTH_FIRST if short >= long_ else DAY_FIRST
    how = "two-digit years, as in US dates" if order == MONTH_FIRST \
        else "four-digit years, as outside the US"
    return order, (f"no date says whether the day or the month comes first: dates like "
                   f"{example} were read {order} ({how}); use --date-order to say otherwise")


def parse_local(text: str, order: str) -> str:
    """The date as YYYY-MM-DD, reading day/month in `order`; ISO dates as they are; '' when
    it is not a date (the caller warns)."""
    text = (text or "").strip()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[ T])", text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        p = _parts(text)
        if p is None:
            return ""
        a, b, year = p
        d, mo = (a, b) if order == DAY_FIRST else (b, a)
        y = int(year)
        if len(year) == 2:
            this = _dt.date.today().year % 100
            y += 2000 if y <= this + 1 else 1900
    try:
        return _dt.date(y, mo, d).isoformat()
    except ValueError:
        return ""
