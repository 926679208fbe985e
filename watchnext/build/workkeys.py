"""What tells two records apart or makes them one work, before any pair is joined (merge.py):
the folded title the merge compares (title_key, name_keys), a source's twin rows (twins), the
people to compare and the kind of picture each record is (animated, documentary)."""

from __future__ import annotations

import re

from ..text import fold, fold_title


def _person(name: str) -> str:
    """A person's name as records are compared by: folded, its words in order, so that a family
    name written first or last is one person ("Zhang Zhehan" / "Zhehan Zhang")."""
    return " ".join(sorted(fold(name).split()))


def people_sets(rec: dict) -> tuple[set[str], set[str]]:
    """The directors and first 15 of the cast (_person): the people two records are compared by."""
    return ({_person(p) for p in rec.get("directors", [])},
            {_person(p) for p in rec.get("cast", [])[:15]})


# what a platform adds to a title's name ("Robin Hood (Silent)", "Meet the Spartans (Uncut)",
# "The Twilight Zone (Original Series)"), and a sequel's number spelled two ways ("Men in Black
# III" / "Men in Black 3", "Smokey and the Bandit Part 3")
QUALIFIER = re.compile(r"\s*\((?:silent|uncut|unrated|original series|classic|remastered|"
                        r"extended(?: cut| edition)?|director'?s cut)\)\s*$", re.I)
# a saga's episode number, spelt three ways: "Star Wars: Episode I – The Phantom Menace" (Wikidata),
# "Star Wars: The Phantom Menace (Episode I)" (Disney+), "Star Wars: Episode VIII: The Last Jedi"
_EPISODE_TAIL = re.compile(r"\s*\(episode [ivx]+\)\s*$", re.I)
_EPISODE_MID = re.compile(r":\s*episode [ivx]+\s*[:\u2013\u2014-]\s*", re.I)
_ROMAN = {"ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}
_SEQUEL_NO = re.compile(r"^(.+?) (?:part )?(ii|iii|iv|vi|v|\d)$")


def drawn(rec: dict) -> bool | None:
    """Animated (True), live action (False), or not known (None: a record without genres)."""
    gs = rec.get("genres") or []
    return ("Animation" in gs or "Anime" in gs) if gs else None


# genres a platform uses for one another ("Kids" for an animated series, "Reality" for a
# documentary one), as one when two records' genres are compared
_GENRE_KIN = {"Kids": "Family", "Animation": "Family", "Anime": "Family", "Reality": "Documentary"}


def forms_differ(a: dict, b: dict) -> bool:
    """One record animated or a documentary and the other not, with no genre in common."""
    ga, gb = a.get("genres") or [], b.get("genres") or []
    if not ga or not gb:
        return False
    if ("Documentary" in ga) == ("Documentary" in gb) and drawn(a) == drawn(b):
        return False
    return not {_GENRE_KIN.get(g, g) for g in ga} & {_GENRE_KIN.get(g, g) for g in gb}


def title_key(title: str) -> str:
    """The folded title the merge compares: fold_title, less a platform's qualifier and a
    saga's episode number, with a sequel number as a digit."""
    title = _EPISODE_MID.sub(": ", _EPISODE_TAIL.sub("", QUALIFIER.sub("", title)))
    key = fold_title(title)
    m = _SEQUEL_NO.match(key)
    if m and (m.group(2) != "v" or " part " in key):  # a bare "v" may be a letter, not five
        key = f"{m.group(1)} {_ROMAN.get(m.group(2), m.group(2))}"
    return key


def name_keys(rec: dict) -> set[str]:
    keys = {fold_title(rec["title"]), title_key(rec["title"])}
    if rec.get("original_title"):
        keys.add(fold_title(rec["original_title"]))
    for a in rec.get("aka", []):
        keys.add(fold_title(a))
    keys.discard("")
    return keys


def twins(a: dict, b: dict, pa, pb) -> bool:
    """Two records of one source that are one work: the same title but for its casing or a
    qualifier (Amazon lists "Angel and the Badman" and "Angel And The Badman", both 1947, both
    with John Wayne), the same year and kind, and a person in common."""
    if a["_src"] != b["_src"] or a["kind"] != b["kind"] or a["year"] != b["year"]:
        return False
    if title_key(a["title"]) != title_key(b["title"]):
        return False
    for idf in ("imdb", "wikidata"):
        if a.get(idf) and b.get(idf) and a[idf] != b[idf]:
            return False
    (da, ca), (db, cb) = pa, pb
    return bool(da & db or ca & cb)
