"""Search: one query box that finds titles by anything a person types.

    hits = search(catalog, "korean revenge", limit=20)     # [Hit(title, score, matched)]

What a query can hold (words combine: every word must match something, best matches first;
only when no title matches every word are those matching all words but one listed, below):

- a title, with typos or missing spaces: ``balerina``, ``squidgame``, ``the cal``; an original
  title: ``발레리나``; a query that spells a title, article and all, puts it first ("heat" is
  Heat, then The Heat); with a year (``ballerina 2023``), that year's title first and the others
  of that name after it;
- people, by any alias the catalog knows: ``jun jong-seo``, ``keanu reeves``, ``scorsese``;
- genres, themes (and their aliases), countries and demonyms (``korean``, ``british``),
  languages, years (``2023``) and decades (``90s``), ``series`` / ``film``, ``netflix``;
- filters: ``genre:comedy``, ``theme:"time travel"`` (or ``theme:time-travel``), ``country:france``,
  ``lang:korean``, ``year:2015``, ``year:2015..2020`` (also ``..1999``, ``2010..``), ``kind:series``
  (``kind:film``), ``on:netflix``, ``true:yes`` (based on a true story; ``true:no``),
  ``with:"keanu reeves"`` (a person). Several values after one key: ``country:france,spain``.
  Genres, themes and people must all match; kinds, countries, languages and platforms any one.
- negation with ``-``: ``-theme:revenge``, ``-genre:horror``, ``-kind:series``, ``-zombie``.

An empty query (or one made of filters only) lists useful titles: curated, richly described and
recent titles first.

The index is built once per catalog, kept on the Catalog object and cached on disk (in
paths.cache_dir(), keyed by catalog.fingerprint) so that a fresh process does not rebuild it.
"""

from __future__ import annotations

import bisect
import heapq
import re
from array import array
from dataclasses import dataclass, field, fields, replace
from typing import Iterable

from .model import Hit, Title
from .text import fold, fold_title

__all__ = ["Filters", "ParsedQuery", "SearchIndex", "get_index", "index_parts", "parse_query",
           "search"]

INDEX_VERSION = 11

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

# weights of the ways a query word can match a title
W_TITLE = 1.0
W_TITLE_PREFIX = 0.75
W_TITLE_FUZZY = 0.72
W_PERSON_LEAD = 1.0
W_PERSON_OTHER = 0.85
W_PERSON_TOKEN_LEAD = 0.7
W_PERSON_TOKEN_OTHER = 0.55
W_THEME = 0.8
W_GENRE = 0.75
W_COUNTRY = 0.75
W_LANGUAGE = 0.7
W_YEAR = 0.9
W_DECADE = 0.7
W_PLATFORM = 0.6
W_KIND = 0.55
W_OTHER_NAME = 0.8  # studios
W_KEYWORD = 0.6     # a keyword of the descriptions (catalog/README.md)
# whole-query title bonuses
B_EXACT = 3.0
B_EXACT_SANS_YEAR = 2.6
B_COMPACT = 2.8
B_PREFIX = 1.2
B_FUZZY = 1.0
B_SPELLED = 0.25
PRIOR_W = 0.3
PARTIAL_FACTOR = 0.5
STRONG = 0.7          # a near miss must match its other words strongly (not a name's first word)


# ------------------------------------------------------------------ filters

@dataclass(frozen=True)
class Filters:
    """What the TUI filter panel (or the query's `key:value` words) restricts results to.

    kinds, countries, languages, platforms: any one of the values; genres, themes, people: every
    value. Values are matched the way a person types them: case, accents, plurals and aliases
    ("korean" -> South Korea, "sci-fi" -> Science Fiction) do not matter. `not_*` leave out titles
    having any of the values; `exclude_ids` leaves out those ids; years are inclusive."""

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
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            if f.name == "exclude_ids":
                kw[f.name] = frozenset(a) | frozenset(b)
            elif isinstance(a, tuple) or isinstance(b, tuple):
                kw[f.name] = tuple(dict.fromkeys((*(a or ()), *(b or ()))))
            elif f.name == "year_min":
                kw[f.name] = b if a is None else a if b is None else max(a, b)
            elif f.name == "year_max":
                kw[f.name] = b if a is None else a if b is None else min(a, b)
            else:
                kw[f.name] = b if b is not None else a
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


@dataclass(frozen=True)
class ParsedQuery:
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


# ------------------------------------------------------------------ the index

def _prior(t: Title) -> float:
    """How likely a person means this title when several match equally (0..~1): above all how
    well known it is (the catalog's notability: awards, how many sources list it, its Wikidata
    age), then curated titles, titles that stream somewhere, richly described and recent ones."""
    p = 0.6 * min(max(t.notability, 0), 100) / 100
    if "curated" in t.sources:
        p += 0.1
    if t.platforms:
        p += 0.05
    rich = (min(len(t.themes), 6) + min(len(t.cast), 5) + 2 * bool(t.directors or t.director_ids)
            + 2 * bool(t.synopsis) + bool(t.original_title) + bool(t.countries))
    p += 0.1 * min(1.0, rich / 14)
    p += 0.1 * min(1.0, max(0.0, (t.year - 1970) / 55))
    return p


def _browse(t: Title) -> float:
    """What an empty query lists first: curated (hand-checked, with synopses), recent, richly
    described titles that stream somewhere."""
    rich = (min(len(t.themes), 6) + min(len(t.cast), 5) + 2 * bool(t.directors or t.director_ids)
            + 2 * bool(t.synopsis))
    return (0.4 * ("curated" in t.sources) + 0.4 * min(1.0, max(0.0, (t.year - 1990) / 35))
            + 0.2 * min(1.0, rich / 15) + 0.1 * bool(t.platforms) + 0.05 * bool(t.imdb)
            + 0.3 * min(max(t.notability, 0), 100) / 100)


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


class Postings:
    """key -> sorted idx array, stored as one flat array (fast to pickle and to load)."""

    __slots__ = ("index", "offs", "data")
    KEYED = True  # the compiled catalog stores it key by key (compiled.StorePostings)

    def __init__(self, d: dict) -> None:
        self.index: dict = {}
        self.offs = array("i", [0])
        self.data = array("i")
        for n, (k, lst) in enumerate(d.items()):
            self.index[k] = n
            self.data.extend(lst)
            self.offs.append(len(self.data))

    def get(self, key, default=None):
        n = self.index.get(key)
        if n is None:
            return default
        return self.data[self.offs[n]:self.offs[n + 1]]

    def __getitem__(self, key):
        n = self.index[key]
        return self.data[self.offs[n]:self.offs[n + 1]]

    def size(self, key) -> int:
        n = self.index.get(key)
        return 0 if n is None else self.offs[n + 1] - self.offs[n]

    def __contains__(self, key) -> bool:
        return key in self.index

    def __iter__(self):
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)

    def keys(self):
        return self.index.keys()

    def __getstate__(self):
        return (self.index, self.offs, self.data)

    def __setstate__(self, state) -> None:
        self.index, self.offs, self.data = state


class _Post:
    """Builds sorted, duplicate-free posting lists while titles are added in idx order."""

    def __init__(self) -> None:
        self.d: dict = {}

    def add(self, key, i: int) -> None:
        lst = self.d.get(key)
        if lst is None:
            self.d[key] = [i]
        elif lst[-1] != i:
            lst.append(i)

    def freeze(self) -> Postings:
        return Postings(self.d)


@dataclass
class SearchIndex:
    """Everything search needs, in title-rank order (idx 0 = the title with the highest prior)."""

    ids: list[str]
    pos: array            # idx -> position in catalog.titles
    browse_order: array   # idx in the order of the default list (empty query)
    browse_rank: array    # idx -> its place in browse_order
    years: array
    kinds: bytes          # 0 film, 1 series
    true_story: bytes
    prior: array
    title_fold: list[str]          # idx -> folded title (for fuzzy re-ranking)
    orig_fold: list[str]           # idx -> folded original title or ""
    tok_title: Postings    # title / original-title word (and joined word pairs)
    tok_person_lead: Postings
    tok_person_other: Postings
    person_lead: Postings  # folded canonical full name
    person_other: Postings
    person_alias: dict[str, str]    # folded alias -> folded canonical name (from the vocabulary)
    person_names: list[str]         # folded names (and aliases), for misspelt names
    name_tokens: Postings           # word -> indexes into person_names
    person_tok_sorted: list[str]    # words of names, sorted (prefix search while typing)
    genre_post: Postings
    theme_post: Postings
    country_post: Postings
    lang_post: Postings
    platform_post: Postings
    studio_post: Postings
    year_post: Postings
    kind_post: Postings
    phrases: dict[str, list[tuple[str, str]]]  # folded phrase -> [(type, key)] (not people)
    max_phrase: int
    title_exact: Postings
    title_compact: Postings
    title_sorted: list[str]
    compact_sorted: list[str]
    vocab_sorted: list[str]                # title words, for prefix expansion
    fuzzy_vocab: dict[int, list[str]]       # length -> words (title + person tokens)
    tok_keyword: Postings                   # a keyword of the title's descriptions
    fingerprint: str = ""
    # query-time caches (not pickled)
    _sets: dict = field(default_factory=dict, repr=False)

    def __getattr__(self, name):  # opened from the compiled catalog: a field loads when used
        from .indexcache import lazy_field

        return lazy_field(self, name)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_sets"] = {}
        return state

    def __len__(self) -> int:
        return len(self.ids)


def build_index(catalog) -> SearchIndex:
    titles: list[Title] = list(catalog.titles)
    priors = [_prior(t) for t in titles]
    order = sorted(range(len(titles)), key=lambda p: (-priors[p], titles[p].id))
    idx_of_pos = {p: i for i, p in enumerate(order)}
    browse = sorted(range(len(titles)), key=lambda p: (-_browse(titles[p]), titles[p].id))
    browse_order = array("i", (idx_of_pos[p] for p in browse))
    browse_rank = array("i", [0]) * len(titles)
    for r, i in enumerate(browse_order):
        browse_rank[i] = r
    tok_title, tok_pl, tok_po = _Post(), _Post(), _Post()
    person_lead, person_other = _Post(), _Post()
    genre, theme, country, lang, platform, studio = (_Post() for _ in range(6))
    year_post, kind_post = _Post(), _Post()
    title_exact, title_compact = _Post(), _Post()
    keyword = _Post()
    ids: list[str] = []
    years = array("h")
    kinds = bytearray()
    truth = bytearray()
    prior = array("f")
    title_fold: list[str] = []
    orig_fold: list[str] = []
    for i, p in enumerate(order):
        t = titles[p]
        ids.append(t.id)
        years.append(t.year)
        kinds.append(1 if t.kind == "series" else 0)
        truth.append(1 if t.true_story else 0)
        prior.append(priors[p])
        ft = fold(t.title)
        fo = fold(t.original_title) if t.original_title else ""
        title_fold.append(fold_title(t.title))
        orig_fold.append(fold_title(t.original_title) if fo and fo != ft else "")
        for kw in t.keywords:  # telling words of its descriptions ("submarine")
            keyword.add(fold(kw), i)
        for text in (ft, fo, *(fold(a) for a in t.aka)):
            if not text:
                continue
            toks = text.split()
            for w in toks:
                tok_title.add(w, i)
            for a, b in zip(toks, toks[1:]):
                tok_title.add(a + b, i)
            title_exact.add(fold_title(text), i)
            title_exact.add(text, i)
            title_compact.add(text.replace(" ", ""), i)
            title_compact.add(fold_title(text).replace(" ", ""), i)
        lead = list(t.directors) + list(t.cast[:3])
        other = list(t.cast[3:]) + list(t.writers) + list(t.composers)
        for names, full, toks_post in ((lead, person_lead, tok_pl), (other, person_other, tok_po)):
            for name in names:
                fn = fold(name)
                if not fn:
                    continue
                full.add(fn, i)
                for w in fn.split():
                    if len(w) >= 2:
                        toks_post.add(w, i)
        for g in t.genres:
            genre.add(g, i)
        for th in t.themes:
            theme.add(th, i)
        for c in t.countries:
            country.add(c, i)
        for la in t.languages:
            lang.add(la, i)
        for pl in t.platforms:
            platform.add(pl, i)
        for s in t.studios:
            studio.add(s, i)
        year_post.add(t.year, i)
        kind_post.add(t.kind, i)

    genre_post, theme_post = genre.freeze(), theme.freeze()
    country_post, lang_post = country.freeze(), lang.freeze()
    platform_post, studio_post = platform.freeze(), studio.freeze()

    # phrases: folded text -> what it names
    phrases: dict[str, list[tuple[str, str]]] = {}

    def phrase(text: str, typ: str, key: str) -> None:
        f = fold(text)
        if not f:
            return
        lst = phrases.setdefault(f, [])
        if (typ, key) not in lst:
            lst.append((typ, key))

    person_lead_f, person_other_f = person_lead.freeze(), person_other.freeze()
    person_alias: dict[str, str] = {}
    for alias, canonical in (getattr(catalog, "people_aliases", None) or {}).items():
        fc, fa = fold(canonical), fold(alias)
        if fa and fa != fc and (fc in person_lead_f or fc in person_other_f):
            person_alias[fa] = fc
    for g in genre_post:
        phrase(g, "genre", g)
        for form in _plural_forms(fold(g)):
            phrase(form, "genre", g)
    folded_genres = {fold(g): g for g in genre_post}
    for syn, targets in GENRE_SYNONYMS.items():
        for tg in targets:
            g = folded_genres.get(fold(tg))
            if g:
                phrase(syn, "genre", g)
    theme_aliases = getattr(catalog, "theme_aliases", None) or {}
    for th in theme_post:
        phrase(th, "theme", th)
        for form in _plural_forms(fold(th)):
            phrase(form, "theme", th)
        for alias in theme_aliases.get(th, []):
            phrase(alias, "theme", th)
    for c in country_post:
        phrase(c, "country", c)
    for dem, targets in DEMONYMS.items():
        for c in targets:
            if c in country_post:
                phrase(dem, "country", c)
    for la in lang_post:
        phrase(la, "lang", la)
    for pl in platform_post:
        phrase(pl, "platform", pl)
    for st in studio_post:
        if len(fold(st)) >= 4:
            phrase(st, "studio", st)
    for word, kind in KIND_WORDS.items():
        phrase(word, "kind", kind)
    person_names = sorted(set(person_lead_f) | set(person_other_f) | set(person_alias))
    ntok = _Post()
    for k, name in enumerate(person_names):
        for w in dict.fromkeys(name.split()):
            ntok.add(w, k)
    max_phrase = min(5, max((len(p.split()) for p in (*phrases, *person_lead_f, *person_other_f,
                                                         *person_alias)), default=1))

    tok_title_f = tok_title.freeze()
    tok_pl_f, tok_po_f = tok_pl.freeze(), tok_po.freeze()
    fuzzy_vocab: dict[int, list[str]] = {}
    for w in sorted(set(tok_title_f) | set(tok_pl_f) | set(tok_po_f)):
        if len(w) >= 3 and not w.isdigit():
            fuzzy_vocab.setdefault(len(w), []).append(w)
    exact_f = title_exact.freeze()
    compact_f = title_compact.freeze()
    return SearchIndex(
        ids=ids, pos=array("i", order), browse_order=browse_order, browse_rank=browse_rank, years=years, kinds=bytes(kinds), true_story=bytes(truth),
        prior=prior, title_fold=title_fold, orig_fold=orig_fold, tok_title=tok_title_f,
        tok_keyword=keyword.freeze(),
        tok_person_lead=tok_pl_f, tok_person_other=tok_po_f,
        person_lead=person_lead_f, person_other=person_other_f,
        person_alias=person_alias, person_names=person_names, name_tokens=ntok.freeze(),
        person_tok_sorted=sorted(set(tok_pl_f) | set(tok_po_f)),
        genre_post=genre_post, theme_post=theme_post,
        country_post=country_post, lang_post=lang_post, platform_post=platform_post,
        studio_post=studio_post, year_post=year_post.freeze(), kind_post=kind_post.freeze(),
        phrases=phrases, max_phrase=max_phrase,
        title_exact=exact_f, title_compact=compact_f, title_sorted=sorted(exact_f),
        compact_sorted=sorted(compact_f), vocab_sorted=sorted(tok_title_f),
        fuzzy_vocab=fuzzy_vocab, fingerprint=getattr(catalog, "fingerprint", "") or "",
    )


# ------------------------------------------------------------------ index cache

def _fits(ix: SearchIndex, catalog) -> bool:
    titles = catalog.titles
    return len(ix.ids) == len(titles) and all(
        titles[p].id == tid for p, tid in zip(ix.pos, ix.ids))


def get_index(catalog, *, use_cache: bool = True) -> SearchIndex:
    """The search index of `catalog`: from memory, else from the disk cache, else built."""
    from .indexcache import cached_index

    return cached_index(catalog, "search", INDEX_VERSION, SearchIndex, build_index, _fits,
                        use_cache=use_cache)


# ------------------------------------------------------------------ query evaluation

class _Concept:
    """One thing the query asks for ("revenge", "jun jong seo", "2023"), and the titles matching it."""

    __slots__ = ("text", "sources", "required", "weak", "_scores")

    def __init__(self, text: str, required: bool = True) -> None:
        self.text = text
        self.weak = False  # a year, decade, kind or platform alone: not enough for a near miss
        self.sources: list[tuple[float, object, str, str]] = []  # (weight, idx array, type, key)
        self.required = required
        self._scores: dict[int, float] | None = None

    def add(self, weight: float, arr, typ: str, key: str) -> None:
        if arr is not None and len(arr):
            self.sources.append((weight, arr, typ, key))

    @property
    def scores(self) -> dict[int, float]:
        if self._scores is None:
            d: dict[int, float] = {}
            for w, arr, _, _ in sorted(self.sources, key=lambda s: s[0]):
                d.update(dict.fromkeys(arr, w))
            self._scores = d
        return self._scores

    def best_source(self, i: int):
        best = None
        for src in self.sources:
            arr = src[1]
            j = bisect.bisect_left(arr, i)
            if j < len(arr) and arr[j] == i and (best is None or src[0] > best[0]):
                best = src
        return best


def _intersect(arrays: list) -> array:
    if not arrays:
        return array("i")
    arrays = sorted(arrays, key=len)
    s = set(arrays[0])
    for a in arrays[1:]:
        s.intersection_update(a)
        if not s:
            break
    return array("i", sorted(s))


def _union(arrays: Iterable) -> array:
    arrays = [a for a in arrays if a is not None and len(a)]
    if len(arrays) == 1:
        return arrays[0]
    s: set[int] = set()
    for a in arrays:
        s.update(a)
    return array("i", sorted(s))


def _fuzzy_words(ix: SearchIndex, word: str) -> list[tuple[str, float, int]]:
    """Vocabulary words within a small edit distance (OSA: transpositions count 1)."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    n = len(word)
    if n < 4:
        return []
    maxd = 1 if n <= 6 else 2
    out: list[tuple[str, float, int]] = []
    for length in range(n - maxd, n + maxd + 1):
        bucket = ix.fuzzy_vocab.get(length)
        if not bucket:
            continue
        for cand, dist, _ in process.extract(word, bucket, scorer=OSA.distance,
                                              score_cutoff=maxd, limit=12):
            if cand[0] != word[0] and dist > 1:
                continue
            out.append((cand, 1.0 - dist / max(n, len(cand)), dist))
    out.sort(key=lambda x: (-x[1], x[0]))
    return out[:12]


def _prefix_words(sorted_words: list[str], prefix: str, cap: int = 60) -> list[str]:
    j = bisect.bisect_left(sorted_words, prefix)
    out = []
    while j < len(sorted_words) and sorted_words[j].startswith(prefix) and len(out) < cap:
        if sorted_words[j] != prefix:
            out.append(sorted_words[j])
        j += 1
    return out


def _person_sources(ix: SearchIndex, c: _Concept, fkey: str, lead=W_PERSON_LEAD,
                    other=W_PERSON_OTHER) -> None:
    fkey = ix.person_alias.get(fkey, fkey)
    c.add(other, ix.person_other.get(fkey), "person", fkey)
    c.add(lead, ix.person_lead.get(fkey), "person", fkey)


def _person_key(ix: SearchIndex, folded: str) -> str | None:
    """The folded canonical name of the person `folded` names (a full name or an alias)."""
    key = ix.person_alias.get(folded, folded)
    if key in ix.person_lead or key in ix.person_other:
        return key
    return None


def _phrase_matches(ix: SearchIndex, ph: str) -> list[tuple[str, str]]:
    matches = list(ix.phrases.get(ph, ()))
    who = _person_key(ix, ph)
    if who is not None:
        matches.append(("person", who))
    return matches


def _phrase_sources(ix: SearchIndex, c: _Concept, matches: list[tuple[str, str]]) -> None:
    for typ, key in matches:
        if typ == "person":
            _person_sources(ix, c, key)
        elif typ == "genre":
            c.add(W_GENRE, ix.genre_post.get(key), "genre", key)
        elif typ == "theme":
            c.add(W_THEME, ix.theme_post.get(key), "theme", key)
        elif typ == "country":
            c.add(W_COUNTRY, ix.country_post.get(key), "country", key)
        elif typ == "lang":
            c.add(W_LANGUAGE, ix.lang_post.get(key), "language", key)
        elif typ == "platform":
            c.add(W_PLATFORM, ix.platform_post.get(key), "platform", key)
        elif typ == "kind":
            c.add(W_KIND, ix.kind_post.get(key), "kind", key)
        elif typ == "studio":
            c.add(W_OTHER_NAME, ix.studio_post.get(key), "studio", key)


def _word_concept(ix: SearchIndex, word: str, last: bool) -> _Concept:
    c = _Concept(word, required=not (word in STOPWORDS))
    exact = ix.tok_title.get(word)
    c.add(W_TITLE, exact, "title", word)
    c.add(W_PERSON_TOKEN_OTHER, ix.tok_person_other.get(word), "person-token", word)
    c.add(W_PERSON_TOKEN_LEAD, ix.tok_person_lead.get(word), "person-token", word)
    c.add(W_KEYWORD, ix.tok_keyword.get(word), "keyword", word)
    matches = _phrase_matches(ix, word)
    if not matches:
        sing = _singular(word)
        if sing:
            matches = [m for m in ix.phrases.get(sing, []) if m[0] in ("genre", "theme", "kind")]
            c.add(W_TITLE * 0.9, ix.tok_title.get(sing), "title", sing)
            c.add(W_KEYWORD * 0.95, ix.tok_keyword.get(sing), "keyword", sing)
    if matches:
        _phrase_sources(ix, c, matches)
    if word.isdigit() and len(word) == 4:
        c.add(W_YEAR, ix.year_post.get(int(word)), "year", word)
    m = re.fullmatch(r"(\d{2}|\d{4})s", word)
    if m:
        lo, hi = _decade(m.group(1))
        c.add(W_DECADE, _union(ix.year_post.get(y) for y in range(lo, hi + 1)), "decade", f"{lo}s")
    known = bool(c.sources)
    c.weak = known and all(src[2] in ("year", "decade", "kind", "platform") for src in c.sources)
    if (last or not known) and len(word) >= 2 and not word.isdigit():
        # as-you-type: the last word may be the start of a title word, or of a name
        for w in _prefix_words(ix.vocab_sorted, word, cap=40 if len(word) >= 3 else 15):
            c.add(W_TITLE_PREFIX * (0.85 + 0.15 * len(word) / len(w)), ix.tok_title[w], "title", w)
        if len(word) >= 3:
            for w in _prefix_words(ix.person_tok_sorted, word, cap=20):
                f = 0.85 + 0.15 * len(word) / len(w)
                c.add(W_PERSON_TOKEN_OTHER * f, ix.tok_person_other.get(w), "person-token", w)
                c.add(W_PERSON_TOKEN_LEAD * f, ix.tok_person_lead.get(w), "person-token", w)
    if not known and len(word) >= 4:
        for w, sim, dist in _fuzzy_words(ix, word):
            wt = W_TITLE_FUZZY * sim
            c.add(wt, ix.tok_title.get(w), "title~", w)
            if dist <= 1:  # names: only one letter off
                c.add(wt * 0.75, ix.tok_person_lead.get(w), "person-token", w)
                c.add(wt * 0.6, ix.tok_person_other.get(w), "person-token", w)
            for typ, key in ix.phrases.get(w, []):
                if typ in ("genre", "theme", "country", "lang"):
                    _phrase_sources(ix, c, [(typ, key)])
    return c


def _concepts(ix: SearchIndex, text: str) -> list[_Concept]:
    words = fold(text).split()
    out: list[_Concept] = []
    i = 0
    while i < len(words):
        taken = False
        for n in range(min(ix.max_phrase, len(words) - i), 1, -1):
            ph = " ".join(words[i:i + n])
            matches = _phrase_matches(ix, ph)
            if matches:
                c = _Concept(ph)
                _phrase_sources(ix, c, matches)
                # the words may also be in a title ("time travel" in a title)
                arrs = [ix.tok_title.get(w) for w in words[i:i + n] if w not in STOPWORDS]
                if arrs and all(a is not None for a in arrs):
                    c.add(W_TITLE, _intersect(arrs), "title", ph)
                joined = ix.tok_title.get("".join(words[i:i + n]))
                c.add(W_TITLE, joined, "title", ph)
                out.append(c)
                i += n
                taken = True
                break
        if taken:
            continue
        # a misspelt name ("jun jong seo", "keanu reevs"): the closest person name
        for n in range(min(4, len(words) - i), 1, -1):
            ph = " ".join(words[i:i + n])
            arrs = [ix.tok_title.get(w) for w in words[i:i + n] if w not in STOPWORDS]
            if arrs and all(a is not None for a in arrs) and len(_intersect(arrs)):
                break  # the words of a title ("john wick"), not a misspelt name
            who = _fuzzy_person(ix, words[i:i + n])
            if who:
                c = _Concept(ph)
                for name, sim in who:
                    _person_sources(ix, c, name, lead=W_PERSON_LEAD * sim, other=W_PERSON_OTHER * sim)
                arrs = [ix.tok_title.get(w) for w in words[i:i + n] if w not in STOPWORDS]
                if arrs and all(a is not None for a in arrs):
                    c.add(W_TITLE, _intersect(arrs), "title", ph)
                out.append(c)
                i += n
                taken = True
                break
        if taken:
            continue
        out.append(_word_concept(ix, words[i], last=(i == len(words) - 1)))
        i += 1
    if out and all(not c.required for c in out):
        for c in out:
            c.required = True
    return out


def _fuzzy_person(ix: SearchIndex, words: list[str]) -> list[tuple[str, float]]:
    """Person names spelt like `words` (sharing at least one word, >= 88% similar)."""
    from rapidfuzz import fuzz, process

    if sum(len(w) for w in words) < 6:
        return []
    cand: set[int] = set()
    for w in words:
        post = ix.name_tokens.get(w)
        if post is not None and len(post) <= 5000:
            cand.update(post)
    if not cand:
        return []
    names = [ix.person_names[k] for k in cand]
    ph = " ".join(words)
    hits = process.extract(ph, names, scorer=fuzz.ratio, score_cutoff=85, limit=8)
    if not hits:
        return []
    qw = set(words)
    # whole words spelt right break ties: "jun jong seo" is Jeon Jong-seo, not Yun Jong-seok
    scored = [(sc + 4 * len(qw & set(name.split())), sc, name) for name, sc, _ in hits]
    best = max(x[0] for x in scored)
    if best < 92:
        return []
    return sorted((name, sc / 100) for key, sc, name in scored if key >= best - 0.5)


def _title_bonuses(ix: SearchIndex, text: str) -> dict[int, tuple[float, str]]:
    """Titles matched by the query as a whole: exact title, no spaces, title prefix."""
    out: dict[int, tuple[float, str]] = {}

    def give(arr, b: float, label: str) -> None:
        if arr is None:
            return
        for i in arr:
            if out.get(i, (0.0, ""))[0] < b:
                out[i] = (b, label)

    q = fold_title(text)
    if not q:
        return out
    qc = q.replace(" ", "")
    give(ix.title_exact.get(q), B_EXACT, "title")
    give(ix.title_exact.get(fold(text)), B_EXACT, "title")
    give(ix.title_compact.get(qc), B_COMPACT, "title")
    words = q.split()
    years = [w for w in words if w.isdigit() and len(w) == 4]
    if years and len(words) > len(years):
        rest = " ".join(w for w in words if w not in years)
        give(ix.title_exact.get(rest), B_EXACT_SANS_YEAR, "title")
    if len(q) >= 2:
        for t in _prefix_words(ix.title_sorted, q, cap=80):
            give(ix.title_exact[t], B_PREFIX + 0.6 * len(q) / len(t), "title")
    if len(qc) >= 4 and qc != q:
        for t in _prefix_words(ix.compact_sorted, qc, cap=40):
            give(ix.title_compact[t], B_PREFIX + 0.5 * len(qc) / len(t), "title")
    return out


def _resolve_values(ix: SearchIndex, typ: str, value: str) -> list[str]:
    """Catalog names a filter value means (genre:sci-fi -> ["Science Fiction"])."""
    post = {"genre": ix.genre_post, "theme": ix.theme_post, "country": ix.country_post,
            "lang": ix.lang_post, "platform": ix.platform_post}[typ]
    if value in post:
        return [value]
    f = fold(value)
    if not f:
        return []
    hits = [k for t, k in ix.phrases.get(f, []) if t == typ]
    if not hits:
        sing = _singular(f)
        if sing:
            hits = [k for t, k in ix.phrases.get(sing, []) if t == typ]
    if not hits and typ == "lang":  # lang:korean works, and lang:korea too
        hits = [k for k in post if fold(k).startswith(f)]
    if not hits:
        hits = [k for k in post if fold(k) == f or fold(k).replace(" ", "") == f.replace(" ", "")]
    if not hits and len(f) >= 3:
        hits = sorted(k for k in post if fold(k).startswith(f))
    return hits


def _filter_set(ix: SearchIndex, typ: str, value: str) -> set[int]:
    """Titles having `value` for a filter field (cached per index)."""
    key = (typ, value)
    s = ix._sets.get(key)
    if s is not None:
        return s
    if typ == "kind":
        kv = _kind_value(value) or fold(value)
        s = set(ix.kind_post.get(kv, ()))
    elif typ == "person":
        f = fold(value)
        fk = ix.person_alias.get(f, f)
        s = set(ix.person_lead.get(fk, ())) | set(ix.person_other.get(fk, ()))
        if not s:  # a single name ("with:keanu") -> anyone with that word in their name
            for w in f.split():
                s |= set(ix.tok_person_lead.get(w, ())) | set(ix.tok_person_other.get(w, ()))
    else:
        post = {"genre": ix.genre_post, "theme": ix.theme_post, "country": ix.country_post,
                "lang": ix.lang_post, "platform": ix.platform_post}[typ]
        s = set()
        for name in _resolve_values(ix, typ, value):
            s.update(post.get(name, ()))
    if len(ix._sets) > 256:
        ix._sets.clear()
    ix._sets[key] = s
    return s


_FIELD_TYPES = (("kinds", "kind", False), ("genres", "genre", True), ("themes", "theme", True),
                ("countries", "country", False), ("languages", "lang", False),
                ("platforms", "platform", False), ("people", "person", True))


def _constraints(ix: SearchIndex, f: Filters) -> tuple[list[set[int]], list[set[int]], object]:
    """(sets a title must be in, sets it must not be in, per-title predicate or None)."""
    must: list[set[int]] = []
    must_not: list[set[int]] = []
    for attr, typ, all_of in _FIELD_TYPES:
        vals = getattr(f, attr)
        if vals:
            if all_of:
                must.extend(_filter_set(ix, typ, v) for v in vals)
            else:
                sets = [_filter_set(ix, typ, v) for v in vals]
                must.append(sets[0] if len(sets) == 1 else set().union(*sets))
        for v in getattr(f, "not_" + attr):
            must_not.append(_filter_set(ix, typ, v))
    if f.exclude_ids:
        must_not.append({i for i in (_idx_of(ix, tid) for tid in f.exclude_ids) if i is not None})
    lo, hi, ts = f.year_min, f.year_max, f.true_story
    pred = None
    if lo is not None or hi is not None or ts is not None:
        years, truth = ix.years, ix.true_story
        lo_ = -1 if lo is None else lo
        hi_ = 10_000 if hi is None else hi
        want = None if ts is None else (1 if ts else 0)

        def pred(i: int) -> bool:
            return lo_ <= years[i] <= hi_ and (want is None or truth[i] == want)
    return must, must_not, pred


def _idx_of(ix: SearchIndex, tid: str) -> int | None:
    m = ix._sets.get("__idx_of__")
    if m is None:
        m = {t: i for i, t in enumerate(ix.ids)}
        ix._sets["__idx_of__"] = m
    return m.get(tid)


def _apply(cands, must, must_not, pred) -> set[int]:
    s = cands if isinstance(cands, set) else set(cands)
    for m in sorted(must, key=len):
        s = s & m
        if not s:
            return s
    for m in must_not:
        if m:
            s = s - m
    if pred is not None:
        s = {i for i in s if pred(i)}
    return s


def _default_list(ix: SearchIndex, limit: int, must, must_not, pred) -> list[tuple[float, int]]:
    """No words: what to browse first (curated, recent, richly described) among the titles
    that pass the filters."""
    rank = ix.browse_rank
    if must:
        pool = heapq.nsmallest(limit, _apply(min(must, key=len), must, must_not, pred),
                               key=rank.__getitem__)
    else:
        pool = []
        for i in ix.browse_order:
            if any(i in m for m in must_not) or (pred is not None and not pred(i)):
                continue
            pool.append(i)
            if len(pool) >= limit:
                break
    n = max(1, len(ix.ids))
    return [(round(1.0 - rank[i] / n, 4), i) for i in pool]


def search(catalog, query: str, limit: int = 20, *, filters: Filters | dict | None = None) -> list[Hit]:
    """Titles matching `query`, best first (see the module docstring for what a query holds).

    `filters` (a Filters, or a dict of its fields) restrict the results on top of the filters
    typed in the query."""
    query = (query or "")[:MAX_QUERY]
    parsed = parse_query(query)
    f = parsed.filters
    if filters is not None:
        if isinstance(filters, dict):
            filters = Filters(**{k: (tuple(v) if isinstance(v, (list, set)) and k != "exclude_ids"
                                     else frozenset(v) if k == "exclude_ids" else v)
                                 for k, v in filters.items()})
        f = filters.merged(f)
    limit = max(0, int(limit))
    if limit == 0:
        return []
    parts = index_parts(catalog)
    if len(parts) == 1:
        return _search_in(catalog, parts[0][0], parts[0][1], parsed, f, limit)
    # the shipped titles and the user's own, each searched in its index: one list, best first
    hits = [h for ix, dead in parts
            for h in _search_in(catalog, ix, dead, parsed, f, limit, near_misses=False)]
    if not hits:  # near misses only when no title anywhere matches every word
        hits = [h for ix, dead in parts for h in _search_in(catalog, ix, dead, parsed, f, limit)]
    if fold(parsed.text):
        hits.sort(key=lambda h: -h.score)
        return hits[:limit]
    # no words: the browse order, over both (its score is the place in it, as in one index)
    hits.sort(key=lambda h: (-_browse(h.title), h.title.id))
    n = max(1, len(catalog.titles))
    return [h._replace(score=round(1.0 - r / n, 4)) for r, h in enumerate(hits[:limit])]


def index_parts(catalog) -> list[tuple[SearchIndex, set[int]]]:
    """The indexes that together cover `catalog`, each with the idx it must never return.
    One, usually; over a compiled catalog with user titles on top, two: the shipped index from
    the compiled file (less the titles the user replaced) and a small one of the user's titles."""
    if not getattr(catalog, "overlay", None):
        return [(get_index(catalog), set())]
    from .indexcache import overlay_indexes

    return overlay_indexes(catalog, "search", INDEX_VERSION, SearchIndex, build_index, _fits)


def _search_in(catalog, ix: SearchIndex, dead: set[int], parsed: ParsedQuery, f: Filters,
               limit: int, *, near_misses: bool = True) -> list[Hit]:
    must, must_not, pred = _constraints(ix, f)
    if dead:
        must_not.append(dead)
    titles = catalog.titles

    neg_concepts = [_concepts(ix, w) for w in parsed.negated]
    for cs in neg_concepts:
        for c in cs:
            if c.required:
                must_not.append(set(c.scores))

    text = parsed.text
    if not fold(text):
        ranked = _default_list(ix, limit, must, must_not, pred)
        return [Hit(titles[ix.pos[i]], round(s, 4), ("default",)) for s, i in ranked]

    concepts = _concepts(ix, text)
    bonuses = _title_bonuses(ix, text)
    required = [c for c in concepts if c.required]
    # titles matching every required concept
    if required:
        order = sorted(required, key=lambda c: len(c.scores))
        full = set(order[0].scores)
        for c in order[1:]:
            full.intersection_update(c.scores)
            if not full:
                break
    else:
        full = set()
    full |= bonuses.keys()
    full = _apply(full, must, must_not, pred)
    cand = full
    partial: set[int] = set()
    if near_misses and not full and len(required) > 1:
        # every result matches every word; only when no title does are those strongly matching
        # all words but one listed (a typo, a word the catalog does not know), ranked below
        union: set[int] = set()
        strong = [{i for i, w in c.scores.items() if w >= STRONG} if not c.weak else set()
                  for c in required]
        for st in strong:
            if len(st) <= 60_000:
                union.update(st)
        need = len(required) - 1
        union = {i for i in union - full if sum(1 for s in strong if i in s) >= need}
        partial = _apply(union, must, must_not, pred)
        cand = full | partial

    prior = ix.prior
    score_dicts = [c.scores for c in concepts]
    nreq = len(required)
    req_dicts = [c.scores for c in required]
    scored: list[tuple[float, int]] = []
    for i in cand:
        s = PRIOR_W * prior[i]
        for d in score_dicts:
            v = d.get(i)
            if v is not None:
                s += v
        b = bonuses.get(i)
        if b is not None:
            s += b[0]
        elif i in partial:
            matched = sum(1 for d in req_dicts if i in d)
            s = PARTIAL_FACTOR * s * matched / (nreq + 1)
        scored.append((s, -i))
    top = heapq.nlargest(max(limit * 3, 50), scored)
    # re-rank the best by how closely the whole query spells the title
    from rapidfuzz import fuzz

    q = fold_title(text)
    full_q = fold(text)
    reranked: list[tuple[float, int, str]] = []
    for s, negi in top:
        i = -negi
        r = fuzz.ratio(q, ix.title_fold[i])
        o = ix.orig_fold[i]
        if o:
            r = max(r, fuzz.ratio(q, o))
        if r >= 75:
            s += B_FUZZY * (r - 75) / 25
        # "heat" means Heat, not The Heat: the title as typed, article and all (only a title
        # equal to the query once articles are dropped can be; no other row is read)
        if full_q and ix.title_fold[i] == q and fold(titles[ix.pos[i]].title) == full_q:
            s += B_SPELLED
        reranked.append((s, i, ""))
    reranked.sort(key=lambda x: (-x[0], x[1]))
    hits: list[Hit] = []
    for s, i, _ in reranked[:limit]:
        t = titles[ix.pos[i]]
        hits.append(Hit(t, round(s, 4), _matched(ix, t, i, concepts, bonuses)))
    return hits


def _matched(ix: SearchIndex, t: Title, i: int, concepts: list[_Concept], bonuses) -> tuple[str, ...]:
    """Short labels of what matched: "title", "cast: Jeon Jong-seo", "theme: revenge"..."""
    out: list[str] = []
    if i in bonuses:
        out.append("title")
    for c in concepts:
        src = c.best_source(i)
        if src is None:
            continue
        _, _, typ, key = src
        label = _label(ix, t, typ, key)
        if label and label not in out:
            out.append(label)
    return tuple(out)


def _label(ix: SearchIndex, t: Title, typ: str, key: str) -> str:
    if typ in ("title", "title~"):
        if t.original_title and key not in fold(t.title) and key in fold(t.original_title):
            return "original title"
        return "title"
    if typ in ("person", "person-token"):
        for role, names in (("director", t.directors), ("cast", t.cast), ("writer", t.writers),
                            ("music", t.composers)):
            for n in names:
                fn = fold(n)
                if fn == key or (typ == "person-token" and key in fn.split()):
                    return f"{role}: {n}"
        return ""
    if typ == "genre":
        return f"genre: {key}"
    if typ == "theme":
        return f"theme: {key}"
    if typ == "keyword":
        return f"about: {key}"
    if typ == "country":
        return f"country: {key}"
    if typ == "language":
        return f"language: {key}"
    if typ == "year":
        return f"year: {key}"
    if typ == "decade":
        return f"decade: {key}"
    if typ == "platform":
        return f"on {key}"
    if typ == "studio":
        return f"studio: {key}"
    if typ == "kind":
        return key
    return typ


def known_values(catalog) -> dict[str, list[str]]:
    """Every genre, theme, country, language and platform in the catalog, for filter pickers."""
    parts = [ix for ix, _ in index_parts(catalog)]
    return {
        "kinds": ["film", "series"],
        "genres": sorted({k for ix in parts for k in ix.genre_post}),
        "themes": sorted({k for ix in parts for k in ix.theme_post}),
        "countries": sorted({k for ix in parts for k in ix.country_post}),
        "languages": sorted({k for ix in parts for k in ix.lang_post}),
        "platforms": sorted({k for ix in parts for k in ix.platform_post}),
    }


_FILTER_WORDS = {"kind": ("kind", "kind"), "genre": ("genre", "genre"), "theme": ("theme", "theme"),
                 "country": ("country", "country"), "lang": ("lang", "language"),
                 "platform": ("on", "platform"), "person": ("with", "person")}


def unknown_filters(catalog, filters: Filters) -> tuple[list[str], list[str]]:
    """Filter values that name nothing in the catalog, one line each with the closest name
    ("genre:horrror: no genre is called 'horrror' (did you mean genre:Horror?)"): (those a title
    must have, so that nothing can match; negated ones, which leave nothing out)."""
    parts = [ix for ix, _ in index_parts(catalog)]
    must: list[str] = []
    must_not: list[str] = []
    for attr, typ, _ in _FIELD_TYPES:
        key, noun = _FILTER_WORDS[typ]
        for neg, out in (("", must), ("not_", must_not)):
            for v in getattr(filters, neg + attr):
                typed = f"{'-' if neg else ''}{key}:{_quote(v)}"
                if typ == "kind":
                    if _kind_value(v) is None:
                        out.append(f"{typed}: use kind:film or kind:series")
                elif not any(_filter_set(ix, typ, v) for ix in parts):
                    near = _closest_value(parts, typ, v)
                    out.append(f"{typed}: no {noun} is called {v!r}"
                               + (f" (did you mean {key}:{_quote(near)}?)" if near else ""))
    return must, must_not


def _closest_value(parts: list[SearchIndex], typ: str, value: str) -> str | None:
    from rapidfuzz import fuzz, process

    if typ == "person":
        names = {n: n for ix in parts for n in ix.person_names}
    else:
        attr = {"genre": "genre_post", "theme": "theme_post", "country": "country_post",
                "lang": "lang_post", "platform": "platform_post"}[typ]
        names = {k: fold(k) for ix in parts for k in getattr(ix, attr)}
    scorer = fuzz.WRatio if typ == "person" else fuzz.ratio  # "keanoo" is Keanu Reeves
    best = process.extractOne(fold(value)[:MAX_QUERY], names, scorer=scorer, score_cutoff=70)
    return best[2] if best else None


def with_filters(parsed: ParsedQuery, **changes) -> ParsedQuery:
    """A copy of a parsed query with some filter fields replaced (for the TUI)."""
    return replace(parsed, filters=replace(parsed.filters, **changes))


# ------------------------------------------------------------------ package attribute guard
# Importing this submodule sets the attribute `watchnext.search` to the module, shadowing the
# public function of the same name in watchnext/__init__.py. Making the module callable keeps
# `watchnext.search(catalog, query, limit=...)` working either way.
import sys as _sys  # noqa: E402
import types as _types  # noqa: E402


class _CallableModule(_types.ModuleType):
    def __call__(self, *args, **kwargs):
        return search(*args, **kwargs)


_sys.modules[__name__].__class__ = _CallableModule
