"""Plain domain records. No textual imports here (see tests/test_import_hygiene.py)."""

from __future__ import annotations

from typing import NamedTuple

KINDS = ("film", "series")
# themes that say what a title is made as or from, not what it is about (catalog/README.md):
# the builder puts them last, and "more like this" does not count them as evidence
FORM_THEMES = frozenset({"black-and-white", "short film", "tv movie", "remake", "book adaptation", "stage adaptation"})

# Field name -> (type, required). Lists are lists of strings.
# This table is the catalog schema: the loader validates against it and catalog/README.md documents it.
SCHEMA: dict[str, tuple[type, bool]] = {
    "id": (str, True),
    "title": (str, True),
    "original_title": (str, False),
    "year": (int, True),
    "kind": (str, True),
    "runtime": (int, False),
    "seasons": (int, False),
    "countries": (list, False),
    "languages": (list, False),
    "genres": (list, False),
    "themes": (list, False),
    "directors": (list, False),
    "director_ids": (list, False),
    "cast": (list, False),
    "composers": (list, False),
    "writers": (list, False),
    "studios": (list, False),
    "platforms": (list, False),
    "age_rating": (str, False),
    "based_on": (str, False),
    "imdb": (str, False),
    "wikidata": (str, False),
    "follows": (str, False),
    "followed_by": (str, False),
    "franchise": (str, False),
    "synopsis": (str, False),
    "sources": (list, False),
    "last_year": (int, False),
    "aka": (list, False),
    "awards": (list, False),
    "notability": (int, False),
    "old_ids": (list, False),
    "keywords": (list, False),
}


class Title(NamedTuple):
    """One film or series: immutable. A NamedTuple rather than a frozen dataclass because the
    catalog makes 13,000+ of them at every start: tuple construction from the cache is ~10x
    faster, which keeps a warm load under 100 ms (benchmarks/bench_catalog.py)."""

    id: str
    title: str
    year: int
    kind: str
    original_title: str = ""
    runtime: int = 0
    seasons: int = 0
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    directors: tuple[str, ...] = ()
    director_ids: tuple[str, ...] = ()
    cast: tuple[str, ...] = ()
    composers: tuple[str, ...] = ()
    writers: tuple[str, ...] = ()
    studios: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    age_rating: str = ""
    based_on: str = ""
    imdb: str = ""
    wikidata: str = ""
    follows: str = ""
    followed_by: str = ""
    franchise: str = ""
    synopsis: str = ""
    sources: tuple[str, ...] = ()
    last_year: int = 0  # series: the year of the latest season known (year is the first-air year)
    aka: tuple[str, ...] = ()  # other titles people use ("Money Heist", "Se7en")
    awards: tuple[str, ...] = ()  # "Oscar: Best Picture (winner)"
    notability: int = 0  # 0-100, how well known (catalog/README.md)
    old_ids: tuple[str, ...] = ()  # ids this work had before records merged: still resolve
    keywords: tuple[str, ...] = ()  # telling words of its descriptions (build/keywords.py)

    @property
    def true_story(self) -> bool:
        return self.based_on == "true story"

    @property
    def years(self) -> str:
        """'2016' or, for a series with a later season known, '2016–2019'."""
        if self.last_year and self.last_year > self.year:
            return f"{self.year}\u2013{self.last_year}"
        return str(self.year)

    def has_year(self, year: int) -> bool:
        """Whether a person naming this title with `year` means it: the release year, or any
        year from a series' first to its latest season."""
        return self.year <= year <= max(self.year, self.last_year) if self.last_year else year == self.year

    @property
    def label(self) -> str:
        """'Title (Year)', the way people name a title."""
        return f"{self.title} ({self.years})"

    def to_dict(self) -> dict:
        """Every non-empty field, lists as lists: the JSON shape of a title."""
        out: dict = {}
        for name in SCHEMA:
            value = getattr(self, name)
            if value in ("", 0, ()):
                continue
            out[name] = list(value) if isinstance(value, tuple) else value
        out["true_story"] = self.true_story
        return out


class Hit(NamedTuple):
    """One search result."""

    title: Title
    score: float
    matched: tuple[str, ...] = ()


class Match(NamedTuple):
    """One 'more like this' result, with the reasons a person reads."""

    title: Title
    score: float
    reasons: tuple[str, ...] = ()
