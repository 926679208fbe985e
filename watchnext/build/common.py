"""Small helpers shared by the source readers of the catalog builder."""

from __future__ import annotations

import csv
import re
from pathlib import Path

# a text that speaks of colour (Technicolor, Kinemacolor, hand-colored prints, a color
# sequence): such a film is not black-and-white by its year (build/themes.py)
COLOR_RX = re.compile(r"technicolor|\bcolou?r(?:ed|s)?\b|cinecolor|multicolor|two-strip|kinemacolor|prizma", re.I)


def split_cell(cell: str) -> list[str]:
    """'a, b, a' -> ['a', 'b']: comma-separated cells of the platform files."""
    out: list[str] = []
    for part in (cell or "").split(","):
        part = part.replace("\u00a0", " ").replace("\u200b", "").strip()
        if part and part not in out:
            out.append(part)
    return out


_ROLE = re.compile(r"\s*\([^()]*\)\s*$")


def split_people(cell: str, description: str = "") -> list[str]:
    """The names of a platform file's director or cast cell. Some rows hold no names there:
    Hulu's director cell of The Nightingale is its description ("Director Jennifer Kent
    (...) tells the sweeping tale..."), so a cell that is the description, or a sentence of
    more than eight words, gives none. Amazon separates some casts with " | "; a role after
    a name ("Joaquin Martinez (Old Man at Cigar Factory)") is not part of it, and a studio's
    handle ("20th_century_fox", Amazon's director of Knight and Day) is no name."""
    cell = (cell or "").strip()
    desc = (description or "").strip()
    if not cell or (desc and len(cell.split()) > 5 and (desc.startswith(cell) or cell.startswith(desc))):
        return []
    out: list[str] = []
    for part in split_cell(cell.replace(" | ", ", ")):
        part = _ROLE.sub("", part) if not part.startswith("(") else part
        if len(part.split()) > 8 or (len(part.split()) > 5 and re.search(r"[.!?]$|\. ", part)):
            continue
        if "_" in part:  # a studio's handle, not a person: Amazon's "20th_century_fox"
            continue
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


# one name per studio, the one Wikidata uses where it lists the studio
STUDIO_NAMES = {
    "Warner Bros": "Warner Bros.", "Warner Bros. Pictures": "Warner Bros.",
    "RKO Radio Pictures": "RKO Pictures", "Rko Pictures": "RKO Pictures", "TōHō": "Toho", "Kcet": "KCET",
    "Fox Film": "Fox Film Corporation", "20Th Century Fox": "20th Century Fox",
    "Twentieth Century Fox": "20th Century Fox", "Twentieth Century-Fox": "20th Century Fox",
    "Allied Artists Pictures": "Allied Artists", "Allied Artists Pictures Corporation": "Allied Artists",
    "Universal-International Pictures": "Universal-International",
    "Universal International": "Universal-International",
    "Realart Pictures": "Realart Pictures Corporation",
    "Associated First National Pictures": "First National Pictures",
    "United Artists Corporation": "United Artists",
    "American-International Pictures": "American International Pictures",
    "Twentieth Century-Fox Film Corporation": "20th Century Fox",
    "Twentieth Century Fox Film Corporation": "20th Century Fox",
    "Chesterfield Motion Pictures Corporation": "Chesterfield Pictures",
}


def studio_name(name: str) -> str:
    """One spelling per studio ("Warner Bros", "20Th Century Fox" -> "Warner Bros.", "20th ...")."""
    name = re.sub(r"(?<=\d)([A-Z])(?=[a-z])", lambda m: m.group(1).lower(), name.strip())
    return STUDIO_NAMES.get(name, name)
