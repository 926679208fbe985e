"""The Wikidata film extract (CC0, neo4j-import CSV): titles, years, IMDb ids, genres with their
hierarchy, main subjects, director ids, studios, sequel links; and original languages by QID."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

from .common import add_all as _add
from .common import studio_name
from .vocab import Vocab


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _q(uri: str) -> str:
    return uri.rsplit("/", 1)[-1]


_ANIMATION_STUDIO = re.compile(
    r"\banimation\b|\bpixar\b|\baardman\b|\bstudio ghibli\b|\bblue sky studios\b|\blaika\b|"
    r"\billumination\b|\btoei animation\b|\bcartoon saloon\b|\bsony pictures imageworks\b", re.I)
_TRUE_GENRES = {"Biographical Film", "Docudrama", "Autobiography"}
_BASED_GENRES = {"Film Based On Literature": "literature", "Film Based On Novels": "novel"}


def read_wikidata(folder: Path, vocab: Vocab) -> list[dict]:
    labels = {r["uri:ID"]: r["name"] for r in _rows(folder / "categories.csv")}
    parents: dict[str, list[str]] = defaultdict(list)
    for r in _rows(folder / "subclasses.csv"):
        parents[r[":START_ID"]].append(r[":END_ID"])
    companies = {r["uri:ID"]: r["name"] for r in _rows(folder / "companies.csv")}

    def rel(name: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for r in _rows(folder / name):
            out[r[":START_ID"]].append(r[":END_ID"])
        return out

    genre_of, subject_of = rel("movie_genre.csv"), rel("movie_subject.csv")
    director_of, company_of = rel("movie_director.csv"), rel("movie_company.csv")

    def genre_from_parents(uri: str, seen: set[str]) -> list[str]:
        for p in parents.get(uri, []):
            if p in seen:
                continue
            seen.add(p)
            g, _ = vocab.wikidata_category(labels.get(p, ""))
            if g:
                return g
            g = genre_from_parents(p, seen)
            if g:
                return g
        return []

    out: list[dict] = []
    for r in _rows(folder / "movies.csv"):
        uri = r["uri:ID"]
        rec: dict = {"id": f"wd-{_q(uri)}", "title": r["name"].strip(),
                     "year": int(r["year:int"]), "kind": "film"}
        genres: list[str] = []
        themes: list[str] = []
        based = ""
        for g_uri in genre_of.get(uri, []):
            label = labels.get(g_uri, "")
            g, t = vocab.wikidata_category(label)
            _add(genres, g)
            _add(themes, t)
            if label in _TRUE_GENRES:
                based = "true story"
            elif label in _BASED_GENRES and not based:
                based = _BASED_GENRES[label]
        if not genres:
            for g_uri in genre_of.get(uri, []):
                _add(genres, genre_from_parents(g_uri, set()))
        for s_uri in subject_of.get(uri, []):
            g, t = vocab.wikidata_category(labels.get(s_uri, ""))
            _add(themes, t)
        studios = [studio_name(companies[c]) for c in company_of.get(uri, []) if c in companies]
        if "Animation" not in genres and any(_ANIMATION_STUDIO.search(x) for x in studios):
            genres.append("Animation")  # the extract types them by studio, not by genre
        rec.update(
            genres=genres,
            themes=themes,
            director_ids=[_q(d) for d in director_of.get(uri, [])],
            studios=studios,
            based_on=based,
            imdb=r.get("imdb", "").strip(),
            wikidata=_q(uri),
            sources=["wikidata"],
            _src="wikidata",
        )
        out.append(rec)
    sequels = [(f"wd-{_q(r[':START_ID'])}", f"wd-{_q(r[':END_ID'])}")
               for r in _rows(folder / "movie_sequel.csv")]
    by_id = {rec["id"]: rec for rec in out}
    for a, b in sequels:
        if a in by_id and b in by_id:
            by_id[a].setdefault("followed_by", b)
            by_id[b].setdefault("follows", a)
    return out




def read_languages(folder: Path) -> dict[str, list[str]]:
    """QID -> original languages (English labels), from wikidata-languages/film_language.csv."""
    path = Path(folder) / "film_language.csv"
    out: dict[str, list[str]] = defaultdict(list)
    if not path.exists():
        return out
    for r in _rows(path):
        q, lang = (r.get("QID") or "").strip(), (r.get("lang") or "").strip()
        if q and lang and lang not in out[q]:
            out[q].append(lang)
    return out
