"""Small helpers shared by the source readers of the catalog builder."""

from __future__ import annotations

import csv
from pathlib import Path


def split_cell(cell: str) -> list[str]:
    """'a, b, a' -> ['a', 'b']: comma-separated cells of the platform files."""
    out: list[str] = []
    for part in (cell or "").split(","):
        part = part.replace("\u00a0", " ").replace("\u200b", "").strip()
        if part and part not in out:
            out.append(part)
    return out


def add_all(lst: list[str], items) -> None:
    """Append the items not already in `lst`, keeping order."""
    for x in items:
        if x and x not in lst:
            lst.append(x)


def csv_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def clean_text(text: str) -> str:
    """Source text with no-break and zero-width spaces normalised, trimmed."""
    return (text or "").replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "").strip()
