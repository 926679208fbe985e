"""The search index: postings (word -> titles) for titles, people, genres, themes, countries,
languages, platforms, keywords and years, built once per catalog and cached
(catalog/indexcache.py); index_parts for a catalog with the user's titles on top."""

from __future__ import annotations

from array import array

from ..catalog import codec as _codec
from ..lazy import LazyFields
from ..model import Title
from ..text import fold, fold_title
from .query import DEMONYMS, GENRE_SYNONYMS, KIND_WORDS, _plural_forms


INDEX_VERSION = 13  # 13: stored as data (catalog/codec.py), no pickles


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


class Postings:
    """key -> sorted idx array, stored as one flat array (catalog/codec.py stores the keys, the
    offsets and the data as they are)."""

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

    @classmethod
    def from_arrays(cls, keys: list, offs: array, data: array) -> "Postings":
        """Postings from their stored parts; ValueError unless they fit together (offsets from 0
        to the end of data, ascending, one per key and one more; no key twice)."""
        if (len(offs) != len(keys) + 1 or offs[0] != 0 or offs[-1] != len(data)
                or offs != array(offs.typecode, sorted(offs)) or (data and min(data) < 0)):
            raise ValueError("postings that do not fit together")
        self = cls.__new__(cls)
        self.index = {k: n for n, k in enumerate(keys)}
        if len(self.index) != len(keys):
            raise ValueError("a posting key twice")
        self.offs, self.data = offs, data
        return self


_codec.register("P", Postings.from_arrays)  # (how the stored postings are read back)


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


class SearchIndex(LazyFields):
    """Everything search needs, in title-rank order (idx 0 = the title with the highest prior).
    Its fields are the annotated names below (LazyFields)."""

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
    fingerprint: str
    # query-time caches (never stored)
    _sets: dict

    DEFAULTS = {"fingerprint": str, "_sets": dict}

    # stored as packed text and read back as PackedStrings (catalog/packed.py) when they hold
    # at least PACK_MIN strings: a str is made when one is asked for (a million ids as str
    # objects cost ~60 MB; packed ~20 MB). Shorter ones are JSON lists (codec.py), read in one
    # C pass: checking packed offsets costs more than the memory saved below that size
    PACKED = ("ids", "title_fold", "orig_fold", "person_names", "person_tok_sorted",
              "title_sorted", "compact_sorted", "vocab_sorted")
    PACK_MIN = 200_000
    # read an item at a time (a hit's position; the first titles of the default list): left in
    # the compiled file, read where asked, from catalog/stored.IN_PLACE_FROM titles
    IN_PLACE = ("pos", "browse_order")

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
    from ..catalog.indexcache import cached_index

    return cached_index(catalog, "search", INDEX_VERSION, SearchIndex, build_index, _fits,
                        use_cache=use_cache)


def index_parts(catalog) -> list[tuple[SearchIndex, set[int]]]:
    """The indexes that together cover `catalog`, each with the idx it must never return.
    One, usually; over a compiled catalog with user titles on top, two: the shipped index from
    the compiled file (less the titles the user replaced) and a small one of the user's titles."""
    if not getattr(catalog, "overlay", None):
        return [(get_index(catalog), set())]
    from ..catalog.indexcache import overlay_indexes

    return overlay_indexes(catalog, "search", INDEX_VERSION, SearchIndex, build_index, _fits)
