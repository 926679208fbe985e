"""The words of a query and its parsing: the vocabulary tables (stopwords, demonyms, genre
synonyms, kind words, filter keys), plurals, and parse_query into words and Filters."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..text import fold


# ------------------------------------------------------------------ vocabulary tables

STOPWORDS = frozenset(
    "the a an of and in on to for with by at from is it my me de la le el les der die das"
    " du des del il lo y et und".split()
)

# demonyms and country aliases -> country names (only those present in the catalog are used)
DEMONYMS: dict[str, tuple[str, ...]] = {
    "american": ("United States",), "usa": ("United States",), "america": ("United States",),
    "united states of america": ("United States",), "hollywood": ("United States",),
    "british": ("United Kingdom",), "uk": ("United Kingdom",), "britain": ("United Kingdom",),
    "great britain": ("United Kingdom",), "england": ("United Kingdom",),
    "english": ("United Kingdom",), "scottish": ("United Kingdom",), "welsh": ("United Kingdom",),
    "korean": ("South Korea",), "korea": ("South Korea",), "south korean": ("South Korea",),
    "k drama": ("South Korea",), "kdrama": ("South Korea",), "north korean": ("North Korea",),
    "japanese": ("Japan",), "french": ("France",), "spanish": ("Spain",), "indian": ("India",),
    "bollywood": ("India",), "german": ("Germany",), "italian": ("Italy",), "chinese": ("China",),
    "mexican": ("Mexico",), "canadian": ("Canada",), "australian": ("Australia",),
    "brazilian": ("Brazil",), "turkish": ("Turkey",), "thai": ("Thailand",),
    "nigerian": ("Nigeria",), "nollywood": ("Nigeria",), "egyptian": ("Egypt",),
    "filipino": ("Philippines",), "philippine": ("Philippines",), "indonesian": ("Indonesia",),
    "argentine": ("Argentina",), "argentinian": ("Argentina",), "argentinean": ("Argentina",),
    "colombian": ("Colombia",), "swedish": ("Sweden",), "danish": ("Denmark",),
    "norwegian": ("Norway",), "finnish": ("Finland",), "dutch": ("Netherlands",),
    "belgian": ("Belgium",), "polish": ("Poland",), "russian": ("Russia",), "irish": ("Ireland",),
    "taiwanese": ("Taiwan",), "hong kong": ("Hong Kong",), "hongkong": ("Hong Kong",),
    "israeli": ("Israel",), "lebanese": ("Lebanon",), "south african": ("South Africa",),
    "saudi": ("Saudi Arabia",), "emirati": ("United Arab Emirates",), "uae": ("United Arab Emirates",),
    "pakistani": ("Pakistan",), "bangladeshi": ("Bangladesh",), "vietnamese": ("Vietnam",),
    "malaysian": ("Malaysia",), "singaporean": ("Singapore",), "chilean": ("Chile",),
    "peruvian": ("Peru",), "portuguese": ("Portugal",), "greek": ("Greece",), "czech": ("Czech Republic",),
    "hungarian": ("Hungary",), "romanian": ("Romania",), "ukrainian": ("Ukraine",),
    "icelandic": ("Iceland",), "austrian": ("Austria",), "swiss": ("Switzerland",),
    "kiwi": ("New Zealand",), "kenyan": ("Kenya",), "ghanaian": ("Ghana",), "iranian": ("Iran",),
    "persian": ("Iran",), "jordanian": ("Jordan",), "kuwaiti": ("Kuwait",), "moroccan": ("Morocco",),
    "uruguayan": ("Uruguay",), "venezuelan": ("Venezuela",), "cuban": ("Cuba",), "serbian": ("Serbia",),
    "croatian": ("Croatia",), "mauritian": ("Mauritius",), "qatari": ("Qatar",),
    "scandinavian": ("Sweden", "Denmark", "Norway"), "nordic": ("Sweden", "Denmark", "Norway", "Finland", "Iceland"),
    "latin american": ("Mexico", "Argentina", "Colombia", "Brazil", "Chile", "Peru"),
}

# words that mean a genre without being its name (targets used only if the catalog has them)
GENRE_SYNONYMS: dict[str, tuple[str, ...]] = {
    "scifi": ("Science Fiction", "Sci-Fi"), "sci fi": ("Science Fiction", "Sci-Fi"),
    "sf": ("Science Fiction", "Sci-Fi"), "science fiction": ("Science Fiction", "Sci-Fi"),
    "animated": ("Animation",), "cartoon": ("Animation",), "cartoons": ("Animation",),
    "kids": ("Kids", "Family", "Children"), "children": ("Kids", "Children", "Family"),
    "childrens": ("Kids", "Children", "Family"), "family": ("Family",),
    "docs": ("Documentary",), "doc": ("Documentary",), "docuseries": ("Documentary", "Docuseries"),
    "documentaries": ("Documentary",), "standup": ("Stand-Up Comedy", "Stand-Up"),
    "stand up": ("Stand-Up Comedy", "Stand-Up"), "standup comedy": ("Stand-Up Comedy", "Stand-Up"),
    "romantic": ("Romance",), "romcom": ("Romance",), "rom com": ("Romance",),
    "scary": ("Horror",), "funny": ("Comedy",), "comedies": ("Comedy",),
    "musicals": ("Musical", "Music"), "spy": ("Spy", "Espionage"), "superheroes": ("Superhero",),
    "thrillers": ("Thriller",), "dramas": ("Drama",), "reality tv": ("Reality",),
    "anime": ("Anime",), "crime": ("Crime",), "biopic": ("Biography",), "biopics": ("Biography",),
    "war": ("War",), "western": ("Western",), "westerns": ("Western",),
}

KIND_WORDS: dict[str, str] = {
    "series": "series", "show": "series", "shows": "series", "tv": "series",
    "tv show": "series", "tv shows": "series", "tv series": "series", "miniseries": "series",
    "movie": "film", "movies": "film", "film": "film", "films": "film",
}

FILTER_KEYS: dict[str, str] = {
    "genre": "genres", "genres": "genres", "g": "genres",
    "theme": "themes", "themes": "themes", "tag": "themes", "about": "themes", "t": "themes",
    "country": "countries", "countries": "countries", "from": "countries", "c": "countries",
    "lang": "languages", "language": "languages", "in": "languages",
    "year": "year", "years": "year", "y": "year",
    "kind": "kinds", "type": "kinds", "is": "kinds",
    "on": "platforms", "platform": "platforms", "streaming": "platforms",
    "true": "true_story", "truestory": "true_story", "based": "true_story",
    "with": "people", "person": "people", "by": "people", "director": "people", "cast": "people",
}

_YES = {"yes", "y", "true", "1", "on", "story", "only"}
_NO = {"no", "n", "false", "0", "off", "not"}


# ------------------------------------------------------------------ filters

class Filters(NamedTuple):
    """What the TUI filter panel (or the query's `key:value` words) restricts results to.

    kinds, countries, languages, platforms: any one of the values; genres, themes, people: every
    value. Values are matched the way a person types them: case, accents, plurals and aliases
    ("korean" -> South Korea, "sci-fi" -> Science Fiction) do not matter. `not_*` leave out titles
    having any of the values; `exclude_ids` leaves out those ids; years are inclusive.

    (Immutable, compared and hashed by value. A NamedTuple, as model.Title, rather than a frozen
    dataclass: `watchnext search` would import dataclasses for it, ~5-15 ms of every search.)"""

    kinds: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    year_min: int | None = None
    year_max: int | None = None
    true_story: bool | None = None
    exclude_ids: frozenset[str] = frozenset()
    not_kinds: tuple[str, ...] = ()
    not_genres: tuple[str, ...] = ()
    not_themes: tuple[str, ...] = ()
    not_countries: tuple[str, ...] = ()
    not_languages: tuple[str, ...] = ()
    not_platforms: tuple[str, ...] = ()
    not_people: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return self == Filters()

    def merged(self, other: "Filters | None") -> "Filters":
        """Both sets of restrictions at once (e.g. the panel's and the query's)."""
        if other is None:
            return self
        kw: dict = {}
        for name in self._fields:
            a, b = getattr(self, name), getattr(other, name)
            if name == "exclude_ids":
                kw[name] = frozenset(a) | frozenset(b)
            elif isinstance(a, tuple) or isinstance(b, tuple):
                kw[name] = tuple(dict.fromkeys((*(a or ()), *(b or ()))))
            elif name == "year_min":
                kw[name] = b if a is None else a if b is None else max(a, b)
            elif name == "year_max":
                kw[name] = b if a is None else a if b is None else min(a, b)
            else:
                kw[name] = b if b is not None else a
        return Filters(**kw)

    def describe(self) -> list[str]:
        """The filters as `key:value` words (how they would be typed)."""
        out: list[str] = []
        names = {"kinds": "kind", "genres": "genre", "themes": "theme", "countries": "country",
                 "languages": "lang", "platforms": "on", "people": "with"}
        for attr, key in names.items():
            for v in getattr(self, attr):
                out.append(f"{key}:{_quote(v)}")
            for v in getattr(self, "not_" + attr):
                out.append(f"-{key}:{_quote(v)}")
        if self.year_min is not None or self.year_max is not None:
            lo, hi = self.year_min, self.year_max
            out.append(f"year:{lo}" if lo == hi else f"year:{lo or ''}..{hi or ''}")
        if self.true_story is not None:
            out.append(f"true:{'yes' if self.true_story else 'no'}")
        return out


def _quote(v: str) -> str:
    return f'"{v}"' if " " in v else v


class ParsedQuery(NamedTuple):
    words: tuple[str, ...]          # free words, as typed
    negated: tuple[str, ...]        # free words after a '-', as typed
    filters: Filters
    problems: tuple[str, ...] = ()  # e.g. a year range that is not one

    @property
    def text(self) -> str:
        return " ".join(self.words)


_TOKEN = re.compile(r'\s*(-?)(?:([A-Za-z_]+):)?(?:"([^"]*)"?|(\S+))')
_YEAR_RANGE = re.compile(r"^(\d{4})?\s*(?:\.\.|-|–|to)\s*(\d{4})?$")


MAX_QUERY = 200  # characters searched: a longer query is cut (a pasted page took seconds)


def parse_query(q: str) -> ParsedQuery:
    """Split a query into free words and filters (see the module docstring for the syntax)."""
    words: list[str] = []
    negated: list[str] = []
    problems: list[str] = []
    if q and len(q) > MAX_QUERY:
        problems.append(f"the query has {len(q):,} characters: only its first {MAX_QUERY} "
                        f"are searched")
        q = q[:MAX_QUERY]
    acc: dict[str, list] = {}
    year_min = year_max = None
    true_story = None
    pos = 0
    q = q or ""
    while pos < len(q):
        m = _TOKEN.match(q, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        neg, key, quoted, bare = m.group(1), m.group(2), m.group(3), m.group(4)
        value = quoted if quoted is not None else (bare or "")
        target = FILTER_KEYS.get(key.lower()) if key else None
        if key and target is None:  # "mission:impossible" is text, not a filter
            value = f"{key}:{value}"
        if target is None:
            value = value.strip()
            if not value or value == "-":
                continue
            (negated if neg else words).append(value)
            continue
        if target == "year":
            lo, hi = _parse_years(value)
            if lo is None and hi is None:
                problems.append(f"year:{value} is not a year or a range like 2015..2020")
                continue
            if neg:  # -year:2020 -> not that year: only a single-sided exclusion makes sense
                if lo is not None and hi is not None and lo == hi:
                    acc.setdefault("not_years", []).append(lo)
                continue
            year_min = lo if year_min is None or (lo is not None and lo > year_min) else year_min
            year_max = hi if year_max is None or (hi is not None and hi < year_max) else year_max
            continue
        if target == "true_story":
            v = fold(value)
            yes = v in _YES or v.startswith("y")
            no = v in _NO
            if not yes and not no:
                problems.append(f"true:{value}: use true:yes or true:no")
                continue
            true_story = (not yes) if neg else yes
            continue
        vals = [v.strip() for v in value.split(",") if v.strip()]
        if target == "kinds":
            vals = [_kind_value(v) or v for v in vals]
        name = ("not_" + target) if neg else target
        acc.setdefault(name, []).extend(vals)
    kw = {k: tuple(dict.fromkeys(v)) for k, v in acc.items() if k != "not_years"}
    filters = Filters(year_min=year_min, year_max=year_max, true_story=true_story, **kw)
    if acc.get("not_years"):
        # rare: encode single excluded years as problems-free negative ranges is overkill; keep simple
        problems.append("-year: is not supported; use year:A..B")
    return ParsedQuery(tuple(words), tuple(negated), filters, tuple(problems))


def _kind_value(v: str) -> str | None:
    f = fold(v)
    if f in KIND_WORDS:
        return KIND_WORDS[f]
    if f in ("serie", "tvshow", "tv shows", "tvseries"):
        return "series"
    if f in ("movie", "feature"):
        return "film"
    return None


def _parse_years(v: str) -> tuple[int | None, int | None]:
    v = v.strip()
    if re.fullmatch(r"\d{4}", v):
        return int(v), int(v)
    m = re.fullmatch(r"(\d{2}|\d{4})s", v)
    if m:
        return _decade(m.group(1))
    m = re.fullmatch(r"([<>]=?)(\d{4})", v)
    if m:
        op, y = m.group(1), int(m.group(2))
        return (y + (op == ">"), None) if op.startswith(">") else (None, y - (op == "<"))
    m = _YEAR_RANGE.match(v)
    if m and (m.group(1) or m.group(2)):
        lo = int(m.group(1)) if m.group(1) else None
        hi = int(m.group(2)) if m.group(2) else None
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo
        return lo, hi
    return None, None


def _decade(d: str) -> tuple[int, int]:
    y = int(d)
    if y < 100:
        y += 1900 if y >= 20 else 2000
    y -= y % 10
    return y, y + 9


def _plural_forms(word: str) -> list[str]:
    out = []
    if word.endswith("y") and len(word) > 3:
        out.append(word[:-1] + "ies")
    elif not word.endswith("s"):
        out.append(word + "s")
    return out


def _singular(word: str) -> str | None:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return None


def with_filters(parsed: ParsedQuery, **changes) -> ParsedQuery:
    """A copy of a parsed query with some filter fields replaced (for the TUI)."""
    return parsed._replace(filters=parsed.filters._replace(**changes))
