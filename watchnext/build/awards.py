"""Award nominations: the Academy Awards (oscars.tsv, BSD 2-Clause) and the film-awards knowledge
graph (BAFTA, Golden Globes, SAG, DGA, PGA in Turtle, with Wikidata and IMDb ids; CC0).

    films, ids = read_awards(shared_data)
    films: [{"imdb", "qid", "title", "year", "entries": [(award, category, won, person)]}]
    ids:   [{"imdb", "qid", "title", "year"}] every film the graph knows (to attach ids)
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

AWARD_ORDER = ("Oscar", "BAFTA", "Golden Globe", "SAG", "DGA", "PGA")
_FCKG_AWARDS = {"bafta": "BAFTA", "golden_globes": "Golden Globe", "sag": "SAG", "dga": "DGA",
                "pga": "PGA", "oscar": "Oscar"}

# Oscars.org canonical categories -> the name people use. Others count for notability only.
OSCAR_CATEGORIES = {
    "BEST PICTURE": "Best Picture", "DIRECTING": "Best Director",
    "ACTOR IN A LEADING ROLE": "Best Actor", "ACTRESS IN A LEADING ROLE": "Best Actress",
    "ACTOR IN A SUPPORTING ROLE": "Best Supporting Actor",
    "ACTRESS IN A SUPPORTING ROLE": "Best Supporting Actress",
    "WRITING (Original Screenplay)": "Best Original Screenplay",
    "WRITING (Adapted Screenplay)": "Best Adapted Screenplay",
    "INTERNATIONAL FEATURE FILM": "Best International Feature Film",
    "ANIMATED FEATURE FILM": "Best Animated Feature", "DOCUMENTARY (Feature)": "Best Documentary Feature",
    "MUSIC (Original Score)": "Best Original Score", "MUSIC (Original Song)": "Best Original Song",
    "CINEMATOGRAPHY": "Best Cinematography", "FILM EDITING": "Best Film Editing",
    "VISUAL EFFECTS": "Best Visual Effects", "COSTUME DESIGN": "Best Costume Design",
    "PRODUCTION DESIGN": "Best Production Design", "ART DIRECTION": "Best Art Direction",
    "SOUND": "Best Sound", "MAKEUP AND HAIRSTYLING": "Best Makeup and Hairstyling",
}
_PERSON_CATEGORY = re.compile(r"actor|actress|director|directing|performance by", re.I)


def _year(text: str) -> int | None:
    m = re.match(r"\s*(\d{4})", text or "")
    return int(m.group(1)) if m else None


def read_oscars(path: Path) -> list[dict]:
    films: dict[tuple, dict] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            canon = (row.get("CanonicalCategory") or "").strip()
            if "SCIENTIFIC" in canon or "HONORARY" in canon or "SPECIAL" in canon:
                continue
            category = OSCAR_CATEGORIES.get(canon, "")
            won = (row.get("Winner") or "").strip() == "True"
            person = (row.get("Name") or "").strip() if _PERSON_CATEGORY.search(canon) else ""
            names = [n.strip() for n in (row.get("Film") or "").split("|")]
            ids = [i.strip() for i in (row.get("FilmId") or "").split("|")]
            year = _year(row.get("Year", ""))
            for i, tt in enumerate(ids):
                title = names[i] if i < len(names) else ""
                if not tt.startswith("tt") and not title:
                    continue
                key = ("imdb", tt) if tt.startswith("tt") else ("title", title, year)
                film = films.setdefault(key, {"imdb": tt if tt.startswith("tt") else "",
                                              "qid": "", "title": title, "year": year,
                                              "entries": []})
                film["entries"].append(("Oscar", category, won, person))
    return list(films.values())


_BLOCK = re.compile(r"^(msh:\S+) a msh:(\w+) ;(.*?) \.\s*$", re.S | re.M)
_ATTR = re.compile(r"msh:(\w+)\s+((?:<[^>]+>|\"(?:[^\"\\]|\\.)*\"(?:\^\^\S+)?|msh:\S+|true|false)"
                   r"(?:\s*,\s*(?:<[^>]+>|\"(?:[^\"\\]|\\.)*\"(?:\^\^\S+)?|msh:\S+))*)")
_VALUE = re.compile(r"<([^>]+)>|\"((?:[^\"\\]|\\.)*)\"|(msh:[^\s,;]+)|\b(true|false)\b")


def _turtle(path: Path) -> dict[str, tuple[str, dict[str, list[str]]]]:
    """A tiny reader for the graph's regular Turtle: node -> (type, {attribute: [values]})."""
    text = path.read_text(encoding="utf-8")
    out: dict[str, tuple[str, dict[str, list[str]]]] = {}
    for m in _BLOCK.finditer(text):
        attrs: dict[str, list[str]] = {}
        for a in _ATTR.finditer(m.group(3)):
            vals = []
            for v in _VALUE.finditer(a.group(2)):
                vals.append(next(x for x in v.groups() if x is not None).replace('\\"', '"'))
            attrs.setdefault(a.group(1), []).extend(vals)
        out[m.group(1)] = (m.group(2), attrs)
    return out


def _ids(values: list[str]) -> tuple[str, str]:
    imdb = qid = ""
    for v in values:
        if "imdb.com/title/" in v:
            imdb = v.rstrip("/").rsplit("/", 1)[-1]
        elif "wikidata.org/" in v:
            qid = v.rstrip("/").rsplit("/", 1)[-1]
    return imdb, qid


def read_fckg(folder: Path) -> tuple[list[dict], list[dict]]:
    films_ttl = _turtle(folder / "films.ttl")
    people = {k: (a.get("fullName") or a.get("label") or [""])[0]
              for k, (_, a) in _turtle(folder / "people.ttl").items()}
    films: dict[str, dict] = {}
    for node, (_, a) in films_ttl.items():
        imdb, qid = _ids(a.get("hasIdentifier", []))
        films[node] = {"imdb": imdb, "qid": qid, "title": (a.get("title") or [""])[0],
                       "year": _year((a.get("releaseYear") or [""])[0]), "entries": []}
    for path in sorted(folder.glob("*_nominations.ttl")):
        for _node, (_, a) in _turtle(path).items():
            cat = (a.get("hasCategory") or [""])[0]
            m = re.match(r"msh:Category_([a-z_]+?)_([A-Z].*)$", cat)
            if not m or m.group(1) not in _FCKG_AWARDS:
                continue
            award, category = _FCKG_AWARDS[m.group(1)], m.group(2).replace("_", " ")
            if award == "Oscar":
                continue  # oscars.tsv is the complete record
            won = (a.get("winner") or ["false"])[0] == "true"
            person = ""
            if _PERSON_CATEGORY.search(category):
                person = people.get((a.get("hasNominee") or [""])[0], "")
            for f in a.get("hasFilm", []):
                if f in films:
                    films[f]["entries"].append((award, category, won, person))
    ids = [dict(f, entries=None) for f in films.values()]
    return [f for f in films.values() if f["entries"]], ids


def read_awards(data: Path) -> tuple[list[dict], list[dict]]:
    films: list[dict] = []
    ids: list[dict] = []
    osc = Path(data) / "awards" / "oscars" / "oscars.tsv"
    if osc.exists():
        films += read_oscars(osc)
    fckg = Path(data) / "awards" / "fckg"
    if (fckg / "films.ttl").exists():
        more, ids = read_fckg(fckg)
        films += more
    return films, ids


def award_lines(entries: list[tuple[str, str, bool, str]]) -> list[str]:
    """Display strings, one per award and category: 'Oscar: Best Picture (winner)',
    'Oscar: Best Director, Bong Joon Ho (winner)'. Winners first within each award."""
    best: dict[tuple[str, str, str], bool] = {}
    for award, category, won, person in entries:
        if not category:
            continue
        k = (award, category, person)
        best[k] = best.get(k, False) or won
    order = {a: i for i, a in enumerate(AWARD_ORDER)}
    items = sorted(best.items(), key=lambda kv: (order.get(kv[0][0], 9), not kv[1], kv[0][1], kv[0][2]))
    out = []
    for (award, category, person), won in items:
        who = f", {person}" if person else ""
        out.append(f"{award}: {category}{who} ({'winner' if won else 'nominee'})")
    return out
