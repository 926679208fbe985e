"""More like this: rank the catalog by what titles share, and say why.

    recs = similar(catalog, title, limit=20)              # [Match(title, score, reasons)]
    recs = similar(catalog, [t1, t2, t3], limit=20)       # "For you": several liked titles
    recs = similar(catalog, title, kind="series", exclude_ids={"nf-s1"})
    score_pair(catalog, a, b)                             # one pair, same score and reasons

What counts, strongest first:
- sequels and prequels (direct links), then the rest of the franchise and title families
  ("Toy Story 3" for "Toy Story"), so a film's sequels sit at the top. Wikidata's "followed by"
  also chains whole filmographies (Toy Story -> A Bug's Life) and award winners: a link between
  titles sharing no word (and not checked by hand) counts far less and is not called a sequel;
- the same director, the leading cast (weighted by billing on both sides), writers, composers,
  small studios (Pixar, not Paramount); prolific people (a stand-up director, a voice actor in
  fifty cartoons) count less;
- themes weighted by rarity (inverse document frequency: sharing "human trafficking" counts far
  more than sharing "family"), saturating so that many shared themes never outweigh a person;
  themes often found together ("mafia" ~ "organized crime") count a little; a candidate with a
  very long theme list is damped so long lists do not win by chance;
- genres by rarity (a rare genre such as stand-up or anime counts as specific, "Drama" barely
  counts), countries and languages by rarity, era, same kind, audience (kids' titles are kept
  apart from adult ones, by rating or by genre), both based on a true story.

A candidate that shares nothing specific (no theme below 5% of the catalog, person, franchise,
small studio or rare genre) keeps only a fraction of its score, and era or kind alone barely
count: genre-only matches rank below, which is what keeps "Shrek -> Oppenheimer" out. Results
are deterministic (ties broken by id) and never include the input titles.

Speed: per-title features are sparse vectors (CSR arrays) with an inverted index feature ->
titles. A query finds candidates through its rarest features first, until a few percent of the
catalog are candidates; the common features only add to those candidates (set intersections, in
C); genres, countries and languages are bit masks. Candidates are then scored best-first and
scoring stops when the rest cannot reach the list (an exact bound). The index is built once per
catalog, kept on the Catalog object and cached on disk (paths.cache_dir(), keyed by
catalog.fingerprint).
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from dataclasses import dataclass, field
from typing import Iterable

from .model import Match, Title
from .text import fold, fold_title, link_words

__all__ = ["SimilarIndex", "get_index", "similar", "score_pair"]

INDEX_VERSION = 15
# "smooth": every title scored (similar_smooth.py, numpy), the default; "gated": candidates
# found through rare features first (the ranker before it, kept for comparison in benchmarks)
RANKER = "smooth"

# ------------------------------------------------------------------ weights
W_SEQUEL = 16.0        # direct sequel / prequel
W_FRANCHISE = 12.0     # same franchise, further along the chain
W_FAMILY = 8.0         # same title family ("Star Wars: ...")
W_WEAK_LINK = 5.0      # a Wikidata "followed by" between titles sharing no word (filmography order)
W_DIRECTOR = 7.0
W_CAST = 3.0           # lead with lead; times billing factors on both sides
W_WRITER = 2.5
W_COMPOSER = 1.2
W_KEYWORD = 0.5        # times idf: a telling word of the descriptions (build/keywords.py)
W_STUDIO = 0.45        # times idf
W_THEME = 0.75         # times idf
W_GENRE = 0.45         # times idf
W_COUNTRY = 0.35       # times idf
W_LANGUAGE = 0.3       # times idf
W_ERA = 1.0            # same year; fades to 0 at ERA_SPAN years apart
ERA_SPAN = 15
W_KIND = 0.8
W_TRUE = 0.8
W_PRIOR = 0.6
GENERIC_ONLY = 0.35    # share of the score kept when nothing specific is shared
ALONE = 0.3            # share of the era and kind bonus kept when not even a genre is shared
SPEC_MIN = 0.75        # how much specific overlap counts as "something specific"
RARE_GENRE_DF = 0.05   # genres on fewer titles than this share count as specific
FILL_MAX = 1500        # titles taken from one genre to fill a short candidate list
CAND_SHARE = 0.04      # rarest features first, until this share of the catalog are candidates
CAND_MIN = 1500
COMMON_DF = 0.05       # features on more titles than this share are not used to find candidates
PROLIFIC = 12          # people with more titles than this count less (sqrt(PROLIFIC / titles))
BILLING = (1.0, 0.85, 0.75, 0.65, 0.55, 0.45, 0.4, 0.35)
THEME_NORM_FROM = 5    # themes beyond this many damp a candidate's theme score
THEME_SAT = 6.0        # theme overlap saturates: many shared themes never outweigh a person
REL_MIN = 0.3          # related themes: co-occurrence cosine at least this ("mafia" ~ "organized crime")
REL_W = 0.6            # and count this share of the theme they stand in for
# audience: 1 preschool, 2 kids, 3 family, 4 teens, 5 adults (0 unknown)
AGE_GROUP = {
    "TV-Y": 1, "TV-Y7": 2, "TV-Y7-FV": 2, "G": 3, "TV-G": 3, "PG": 3, "TV-PG": 3,
    "PG-13": 4, "TV-14": 4, "R": 5, "NC-17": 5, "TV-MA": 5, "NR": 0, "UR": 0,
}
KIDS_ADULT_PENALTY = 4.0
AGE_GAP_PENALTY = (0.0, 0.0, 1.0, 2.5, 4.0)  # by distance between audience groups
KIDS_GENRES = {"Kids", "Children", "Family"}  # and Animation, unless anime or adult genres
ADULT_GENRES = {"Thriller", "Horror", "Crime", "War"}
GENRE_DISJOINT = 0.6   # no genre in common (a documentary and a thriller): specific overlap damped
BIG_STUDIO_DF = 30     # studios with more titles than this are not specific (Paramount, Warner)

_SEQUEL_MARK = re.compile(
    r"(?:\s+(?:\d{1,2}|[ivx]{1,4}|part \w+|chapter \w+|vol(?:ume)? \w+|season \w+|the movie"
    r"|the series|returns|reloaded|forever|again|begins|rising|resurrection|revolutions))+$")
_SPLIT = re.compile(r"\s*(?::|\s-\s|\s–\s)\s*")


# ------------------------------------------------------------------ the index

@dataclass
class SimilarIndex:
    ids: list[str]
    id_to_idx: dict[str, int]
    feat_names: list[str]   # fid -> "t:revenge", "d:lee chung hyun", "a:...", "f:...", ...
    feat_labels: list[str]  # fid -> display text ("revenge", "Lee Chung-hyun")
    n_theme_feats: int      # fids below this are themes
    theme_rel: dict         # theme fid -> [(related theme fid, cosine)]
    t_ptr: array            # per-title CSR: features of title i are t_fid[t_ptr[i]:t_ptr[i+1]]
    t_fid: array
    t_w: array
    p_ptr: array            # per-feature CSR: titles having feature f
    p_idx: array
    p_w: array
    common: bytes           # 1 if the feature is too common to find candidates with
    genre_names: list[str]
    genre_w: list[float]
    genre_rare: list[bool]
    genre_post: list[array]
    gmask: list[int]
    country_names: list[str]
    country_w: list[float]
    cmask: list[int]
    lang_w: list[float]
    lmask: list[int]
    years: array
    kinds: bytes
    age: bytes
    truth: bytes
    prior: array
    n_themes: array
    follows: array          # idx or -1
    followed_by: array
    fr_pos: array           # position in its franchise chain, or -1
    linked: dict            # idx -> idx of titles whose follows / followed_by point at it
    tfold: list             # folded titles (to tell real sequels from filmography chains)
    curated: bytes          # 1 if the record was written or checked by hand
    kids: bytes             # 1 if a kids/family title by genre or rating
    adult: bytes            # 1 if adult-rated, or unrated with adult genres (thriller, horror...)
    notability: array = field(default_factory=lambda: array("f"))  # 0-1, the catalog's notability
    lang_names: list = field(default_factory=list)  # language of each lmask bit
    fingerprint: str = ""
    _sets: dict = field(default_factory=dict, repr=False)

    def __getattr__(self, name):  # opened from the compiled catalog: a field loads when used
        from .indexcache import lazy_field

        return lazy_field(self, name)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_sets"] = {}
        return state

    def feats(self, i: int) -> dict[int, float]:
        a, b = self.t_ptr[i], self.t_ptr[i + 1]
        return dict(zip(self.t_fid[a:b], self.t_w[a:b]))


def _title_prior(t: Title) -> float:
    """0..1, a mild prior: how well known the title is (the catalog's notability), curated,
    streaming, richly described. Breaks near ties towards titles a person is likelier to want."""
    p = 0.5 * min(max(t.notability, 0), 100) / 100 + 0.15 * ("curated" in t.sources)
    p += 0.1 * bool(t.platforms) + 0.1 * bool(t.imdb or t.wikidata)
    rich = min(len(t.themes), 6) + min(len(t.cast), 4) + 2 * bool(t.directors or t.director_ids)
    return p + 0.15 * min(1.0, rich / 12)


def _family_stem(title: str) -> tuple[str, str] | None:
    """('star wars', 'Star Wars') for 'Star Wars: The Last Jedi' or 'Toy Story 2'; None for a
    title that carries no sequel mark or subtitle."""
    parts = _SPLIT.split(title.strip(), maxsplit=1)
    head = parts[0]
    fh = fold_title(head)
    stripped = _SEQUEL_MARK.sub("", fh).strip()
    if len(parts) == 1 and stripped == fh:
        return None
    if not stripped or (len(stripped) < 5 and " " not in stripped):
        return None
    words = head.split()
    display = " ".join(words[: max(1, len(stripped.split()) + (1 if fold(head) != fh else 0))])
    return stripped, display.strip(" :-")


class FeatureMaker:
    """A title's features and their weights (sqrt of the pair weight: a shared feature scores
    w_a * w_b), from the catalog's document frequencies. The index build and the overlay of
    user titles (similar_overlay) share it."""

    def __init__(self, n: int, names: list[str], labels: list[str], theme_df, person_df,
                 studio_df, qname: dict, stem_count, feat_id: dict | None = None,
                 keyword_df=None) -> None:
        self.n = n
        self.names, self.labels = names, labels
        self.feat_id = feat_id if feat_id is not None else {k: f for f, k in enumerate(names)}
        self.theme_df, self.person_df, self.studio_df = theme_df, person_df, studio_df
        self.qname, self.stem_count = qname, stem_count
        self.keyword_df = keyword_df if keyword_df is not None else {}

    def idf(self, df: int) -> float:
        return math.log((self.n + 1) / (df + 0.5))

    def damp(self, key: str) -> float:
        """Prolific people (a stand-up director, a dubbing voice) say less about taste."""
        df = self.person_df.get(key, 1)
        return 1.0 if df <= PROLIFIC else math.sqrt(PROLIFIC / df)

    def fid(self, key: str, label: str) -> int:
        f = self.feat_id.get(key)
        if f is None:
            f = self.feat_id[key] = len(self.names)
            self.names.append(key)
            self.labels.append(label)
        return f

    def row(self, t: Title, st: tuple[str, str] | None) -> list[tuple[int, float]]:
        """Title t's (fid, weight) pairs, sorted; `st` its title family stem, if any."""
        fs: dict[int, float] = {}
        fid, damp, idf = self.fid, self.damp, self.idf

        def put(f: int, w: float) -> None:
            if fs.get(f, 0.0) < w:
                fs[f] = w

        for th in dict.fromkeys(t.themes):
            put(fid("t:" + th, th), math.sqrt(W_THEME * idf(self.theme_df.get(th, 1))))
        dirs = set()
        for d in t.directors:
            key = fold(d)
            if key:
                dirs.add(key)
                put(fid("d:" + key, d), math.sqrt(W_DIRECTOR * damp(key)))
        for q in t.director_ids:
            name = self.qname.get(q)
            if name and fold(name) in dirs:
                continue
            if name:
                put(fid("d:" + fold(name), name), math.sqrt(W_DIRECTOR * damp(fold(name))))
            else:
                put(fid("q:" + q, ""), math.sqrt(W_DIRECTOR * damp(q)))
        for pos, a in enumerate(t.cast[: len(BILLING)]):
            key = fold(a)
            if key and key not in dirs:
                put(fid("a:" + key, a), math.sqrt(W_CAST * damp(key)) * BILLING[pos])
        for w in t.writers[:4]:
            if fold(w):
                put(fid("w:" + fold(w), w), math.sqrt(W_WRITER))
        for c in t.composers[:2]:
            if fold(c):
                put(fid("m:" + fold(c), c), math.sqrt(W_COMPOSER))
        for s in t.studios[:6]:
            df = self.studio_df.get(s, 1)
            if df >= 2:
                big = 1.0 if df <= BIG_STUDIO_DF else 0.3
                put(fid("s:" + fold(s), s), math.sqrt(W_STUDIO * idf(df) * big))
        for kw in t.keywords:
            df = self.keyword_df.get(kw, 1)
            if df >= 2:
                put(fid("k:" + kw, kw), math.sqrt(W_KEYWORD * idf(df)))
        if t.franchise:
            put(fid("f:" + fold(t.franchise), t.franchise), 1.0)  # scored by chain distance
        if st and st[0] in {fold(p) for p in (*t.cast[:3], *t.directors)}:
            st = None  # "Ali Wong: Baby Cobra": a comedian's name, not a franchise
        if st and self.stem_count.get(st[0], 0) >= 2:
            put(fid("x:" + st[0], st[1]), math.sqrt(W_FAMILY))
        return sorted(fs.items())


def title_scalars(t: Title) -> tuple:
    """(year, prior, notability 0-1, theme count, kind code, age group, true story, kids, adult)."""
    ag = AGE_GROUP.get(t.age_rating.strip().upper(), 0)
    gs = set(t.genres)
    is_kids = ag in (1, 2) or (ag in (0, 1, 2, 3) and bool(
        gs & KIDS_GENRES or ("Animation" in gs and not gs & ADULT_GENRES and "Anime" not in gs)))
    adult = ag == 5 or (ag == 0 and not is_kids and bool(ADULT_GENRES & gs))
    return (t.year, _title_prior(t), min(max(t.notability, 0), 100) / 100, len(t.themes),
            1 if t.kind == "series" else 0, ag, 1 if t.true_story else 0,
            1 if is_kids else 0, 1 if adult else 0)


def family_stems(titles: list[Title], known=frozenset()) -> dict[int, tuple[str, str]]:
    """Title families from names: "Toy Story 2" and "Toy Story" share the stem "toy story".
    `known` (anything `in` works with): stems found elsewhere (the shipped index, for user
    titles)."""
    stems: dict[int, tuple[str, str]] = {}
    for i, t in enumerate(titles):
        st = _family_stem(t.title)
        if st:
            stems[i] = st
    stem_set = {s for s, _ in stems.values()}
    for i, t in enumerate(titles):
        if i not in stems:
            ft = fold_title(t.title)
            if ft in stem_set or ft in known:
                stems[i] = (ft, t.title)
    return stems


def build_index(catalog) -> SimilarIndex:
    titles: list[Title] = list(catalog.titles)
    n = len(titles)
    ids = [t.id for t in titles]
    id_to_idx = {tid: i for i, tid in enumerate(ids)}

    # document frequencies
    from collections import Counter

    theme_df = Counter(th for t in titles for th in set(t.themes))
    genre_df = Counter(g for t in titles for g in set(t.genres))
    country_df = Counter(c for t in titles for c in set(t.countries))
    lang_df = Counter(la for t in titles for la in set(t.languages))
    studio_df = Counter(s for t in titles for s in set(t.studios))

    def idf(df: int) -> float:
        return math.log((n + 1) / (df + 0.5))

    person_df: Counter = Counter()
    for t in titles:
        person_df.update({fold(p) for p in (*t.directors, *t.cast[: len(BILLING)])})
        person_df.update(set(t.director_ids))

    # director ids -> names where learned (a title with one name and one id)
    qname: dict[str, str] = {}
    for t in titles:
        if len(t.director_ids) == 1 and len(t.directors) == 1:
            qname.setdefault(t.director_ids[0], t.directors[0])

    stems = family_stems(titles)
    stem_count = Counter(s for s, _ in stems.values())

    keyword_df = Counter(k for t in titles for k in set(t.keywords))
    maker = FeatureMaker(n, [], [], theme_df, person_df, studio_df, qname, stem_count,
                         keyword_df=keyword_df)
    # themes first: fids below n_theme_feats are themes
    for th in sorted(theme_df):
        maker.fid("t:" + th, th)
    n_theme_feats = len(maker.names)
    per_title = [maker.row(t, stems.get(i)) for i, t in enumerate(titles)]
    feat_id, feat_names, feat_labels = maker.feat_id, maker.names, maker.labels

    # related themes, by co-occurrence (cosine of the title sets)
    co: Counter = Counter()
    for t in titles:
        ths = sorted(set(t.themes))
        for x, a in enumerate(ths):
            for b in ths[x + 1:]:
                co[(a, b)] += 1
    rel_lists: dict[int, list[tuple[float, int]]] = {}
    for (a, b), c in co.items():
        if c < 3:
            continue
        cos = c / math.sqrt(theme_df[a] * theme_df[b])
        if cos >= REL_MIN:
            fa, fb = feat_id["t:" + a], feat_id["t:" + b]
            rel_lists.setdefault(fa, []).append((cos, fb))
            rel_lists.setdefault(fb, []).append((cos, fa))
    theme_rel = {f: [(r, round(c, 3)) for c, r in sorted(lst, reverse=True)[:3]]
                 for f, lst in rel_lists.items()}

    nf = len(feat_names)
    t_ptr = array("i", [0])
    t_fid = array("i")
    t_w = array("f")
    postings: list[list[tuple[int, float]]] = [[] for _ in range(nf)]
    for i, fs in enumerate(per_title):
        for f, w in fs:
            t_fid.append(f)
            t_w.append(w)
            postings[f].append((i, w))
        t_ptr.append(len(t_fid))
    p_ptr = array("i", [0])
    p_idx = array("i")
    p_w = array("f")
    cap = max(200, int(COMMON_DF * n))
    common = bytearray(nf)
    for f, post in enumerate(postings):
        for i, w in post:
            p_idx.append(i)
            p_w.append(w)
        p_ptr.append(len(p_idx))
        if len(post) > cap and not feat_names[f].startswith("f:"):
            common[f] = 1

    genre_names = sorted(genre_df, key=lambda g: (-genre_df[g], g))
    gpos = {g: k for k, g in enumerate(genre_names)}
    genre_w = [W_GENRE * idf(genre_df[g]) for g in genre_names]
    genre_rare = [genre_df[g] < RARE_GENRE_DF * n for g in genre_names]
    genre_lists: list[list[int]] = [[] for _ in genre_names]
    country_names = sorted(country_df, key=lambda c: (-country_df[c], c))
    cpos = {c: k for k, c in enumerate(country_names)}
    country_w = [W_COUNTRY * idf(country_df[c]) for c in country_names]
    lang_names = sorted(lang_df, key=lambda c: (-lang_df[c], c))
    lpos = {c: k for k, c in enumerate(lang_names)}
    lang_w = [W_LANGUAGE * idf(lang_df[c]) for c in lang_names]
    gmask, cmask, lmask = [], [], []
    years, prior, n_themes = array("h"), array("f"), array("h")
    notability = array("f")
    kinds, age, truth, kids, adult = bytearray(), bytearray(), bytearray(), bytearray(), bytearray()
    follows, followed_by = array("i"), array("i")
    for i, t in enumerate(titles):
        m = 0
        for g in t.genres:
            m |= 1 << gpos[g]
            genre_lists[gpos[g]].append(i)
        gmask.append(m)
        m = 0
        for c in t.countries:
            m |= 1 << cpos[c]
        cmask.append(m)
        m = 0
        for la in t.languages:
            m |= 1 << lpos[la]
        lmask.append(m)
        yr, pr, no, nt, kd, ag, tr, ki, ad = title_scalars(t)
        years.append(yr)
        prior.append(pr)
        notability.append(no)
        n_themes.append(nt)
        kinds.append(kd)
        age.append(ag)
        truth.append(tr)
        kids.append(ki)
        adult.append(ad)
        follows.append(id_to_idx.get(t.follows, -1) if t.follows else -1)
        followed_by.append(id_to_idx.get(t.followed_by, -1) if t.followed_by else -1)
    linked: dict[int, list[int]] = {}
    for j in range(n):
        for k in (follows[j], followed_by[j]):
            if k >= 0:
                linked.setdefault(k, []).append(j)
    fr_pos = chain_positions(follows, followed_by)
    return SimilarIndex(
        ids=ids, id_to_idx=id_to_idx, feat_names=feat_names, feat_labels=feat_labels,
        n_theme_feats=n_theme_feats, theme_rel=theme_rel, t_ptr=t_ptr, t_fid=t_fid, t_w=t_w, p_ptr=p_ptr,
        p_idx=p_idx, p_w=p_w, common=bytes(common), genre_names=genre_names, genre_w=genre_w,
        genre_rare=genre_rare,
        genre_post=[array("i", sorted(lst, key=lambda j: (-prior[j], j))) for lst in genre_lists],
        gmask=gmask,
        country_names=country_names, country_w=country_w, cmask=cmask, lang_w=lang_w,
        lmask=lmask, lang_names=lang_names, years=years, kinds=bytes(kinds), age=bytes(age), truth=bytes(truth),
        prior=prior, n_themes=n_themes, follows=follows, followed_by=followed_by, fr_pos=fr_pos,
        linked=linked, tfold=[fold_title(t.title) for t in titles], notability=notability,
        curated=bytes(1 if "curated" in t.sources else 0 for t in titles),
        kids=bytes(kids), adult=bytes(adult), fingerprint=getattr(catalog, "fingerprint", "") or "",
    )


def chain_positions(follows: array, followed_by: array) -> array:
    """Each title's position along its sequel chain (0: the first), -1 for a title with no link.

    A title's predecessor is the one it follows, else one whose followed_by names it; the
    position is the number of predecessors before it. Linear: every title is walked once and
    remembered (walking each title back to the start of its chain was quadratic: 20,000 user
    titles in one chain took 34 s). A cycle starts at the title where it was entered."""
    n = len(follows)
    prev = array("i", follows)
    for i in range(n):
        j = followed_by[i]
        if j >= 0 and prev[j] == -1 and j != i:
            prev[j] = i
    pos = array("i", [-1]) * n
    on_path = bytearray(n)
    for i in range(n):
        if pos[i] != -1 or (prev[i] == -1 and followed_by[i] == -1):
            continue
        path, cur = [], i
        while cur != -1 and pos[cur] == -1 and not on_path[cur]:
            on_path[cur] = 1
            path.append(cur)
            cur = prev[cur]
        if cur != -1 and pos[cur] == -1:  # a cycle: it starts where the walk entered it
            at = path.index(cur)
            for k, c in enumerate([cur, *reversed(path[at + 1:])]):
                pos[c] = k
            path = path[:at]
            k = 1
        else:  # the start of the chain (the last title walked), or a title already placed
            k = pos[cur] + 1 if cur != -1 else 0
        for c in reversed(path):
            pos[c] = k
            k += 1
        for c in path:
            on_path[c] = 0
    return pos


# ------------------------------------------------------------------ index cache

def _fits(ix: SimilarIndex, catalog) -> bool:
    return len(ix.ids) == len(catalog.titles) and all(
        t.id == tid for t, tid in zip(catalog.titles, ix.ids))


def get_index(catalog, *, use_cache: bool = True) -> SimilarIndex:
    """The similarity index of `catalog`: from memory, else from the disk cache, else built.
    Over a compiled catalog with user titles on top: the shipped index with them added
    (similar_overlay), never a rebuild."""
    from .indexcache import cached_index, extended_index

    if getattr(catalog, "overlay", None):
        from .similar_overlay import extend

        return extended_index(catalog, "similar", INDEX_VERSION, SimilarIndex, build_index, _fits,
                              extend)

    return cached_index(catalog, "similar", INDEX_VERSION, SimilarIndex, build_index, _fits,
                        use_cache=use_cache)


# ------------------------------------------------------------------ scoring

class _Query:
    """Everything about one input title that scoring a candidate needs."""

    __slots__ = ("i", "adult", "feats", "rel", "gbits", "cbits", "lbits", "gmemo", "cmemo", "lmemo", "year", "kind", "age", "truth",
                 "kids", "fr", "fr_pos", "follows", "followed_by", "common")

    def __init__(self, ix: SimilarIndex, i: int) -> None:
        self.i = i
        self.feats = ix.feats(i)
        # themes often found with the title's themes count a little too
        self.rel: dict[int, float] = {}
        for f, wq in self.feats.items():
            for r, c in ix.theme_rel.get(f, ()):
                if r not in self.feats:
                    v = wq * c * REL_W
                    if v > self.rel.get(r, 0.0):
                        self.rel[r] = v
        self.gmemo = _memo(ix.gmask[i], lambda b: (ix.genre_w[b], ix.genre_w[b] if ix.genre_rare[b] else 0.0))
        self.cmemo = _memo(ix.cmask[i], lambda b: (ix.country_w[b], 0.0))
        self.lmemo = _memo(ix.lmask[i], lambda b: (ix.lang_w[b], 0.0))
        self.gbits = ix.gmask[i]
        self.cbits = ix.cmask[i]
        self.lbits = ix.lmask[i]
        self.year = ix.years[i]
        self.kind = ix.kinds[i]
        self.age = ix.age[i]
        self.truth = ix.truth[i]
        self.kids = ix.kids[i]
        self.adult = ix.adult[i]
        self.fr = next((f for f in self.feats if ix.feat_names[f].startswith("f:")), -1)
        self.fr_pos = ix.fr_pos[i]
        self.follows = ix.follows[i]
        self.followed_by = ix.followed_by[i]


def _memo(mask: int, weight) -> dict[int, tuple[float, float]]:
    """Sum of weights for every subset of the bits of `mask` (at most 2**10 subsets)."""
    bits = []
    b = 0
    m = mask
    while m:
        if m & 1:
            bits.append(b)
        m >>= 1
        b += 1
    bits = bits[:10]
    memo = {0: (0.0, 0.0)}
    for b in bits:
        w, r = weight(b)
        for k, (a, c) in list(memo.items()):
            memo[k | (1 << b)] = (a + w, c + r)
    return memo


def _mask_score(memo: dict, qmask: int, cmask: int) -> tuple[float, float]:
    v = memo.get(qmask & cmask)
    if v is None:  # more than 10 bits: rare, compute directly
        return 0.0, 0.0
    return v


def _direct(ix: SimilarIndex, q: _Query, j: int) -> bool:
    return q.follows == j or q.followed_by == j or ix.follows[j] == q.i or ix.followed_by[j] == q.i


def strong_link(ix: SimilarIndex, i: int, j: int) -> bool:
    """A sequel / franchise link between i and j that a person would recognise: the titles share
    a word ("Toy Story" / "Toy Story 2", "Alien" / "Aliens"), or one record is hand-curated.
    Wikidata's "followed by" also chains studio filmographies (Toy Story -> A Bug's Life) and
    award winners: such links still count, but much less, and are not called sequels."""
    if ix.curated[i] or ix.curated[j]:
        return True
    return bool(link_words(ix.tfold[i]) & link_words(ix.tfold[j]))


def _link_bonus(ix: SimilarIndex, q: _Query, j: int, cfeats_has_fr: bool) -> float:
    strong = strong_link(ix, q.i, j)
    if _direct(ix, q, j):
        return W_SEQUEL if strong else W_WEAK_LINK
    if q.fr >= 0 and cfeats_has_fr:
        pj = ix.fr_pos[j]
        if q.fr_pos >= 0 and pj >= 0:
            w = max(W_FAMILY, W_FRANCHISE - 0.6 * (abs(pj - q.fr_pos) - 1))
        else:
            w = W_FRANCHISE - 1.0
        return w if strong else W_WEAK_LINK * 0.6
    return 0.0


def _finish(ix: SimilarIndex, q: _Query, j: int, theme: float, other: float,
            common_theme: float = 0.0) -> float:
    """The full score of candidate j, given its overlap: specific themes, other specific
    features (people, links, studios), and very common themes ("family", "romance": they add
    to the score but are not enough, alone, to count as sharing something specific)."""
    gate = theme + other
    theme += common_theme
    nt = ix.n_themes[j]
    if nt > THEME_NORM_FROM:
        theme /= math.sqrt(nt / THEME_NORM_FROM)
    if theme > 0.0:
        theme = THEME_SAT * (1.0 - math.exp(-theme / THEME_SAT))
    shared_g = q.gbits & ix.gmask[j]
    g, grare = q.gmemo.get(shared_g, (0.0, 0.0))
    if not shared_g and q.gbits and ix.gmask[j]:
        theme *= GENRE_DISJOINT  # shared themes mean less across genres (a documentary, a thriller)
    spec = theme + other + grare
    gen = g - grare
    c = q.cmemo.get(ix.cmask[j] & q.cbits, (0.0, 0.0))[0]
    la = q.lmemo.get(ix.lmask[j] & q.lbits, (0.0, 0.0))[0]
    gen += c + la
    # era and kind say little about two titles that share nothing else
    alone = 1.0 if (shared_g or gate + grare >= SPEC_MIN) else ALONE
    dy = abs(ix.years[j] - q.year)
    if dy < ERA_SPAN:
        gen += W_ERA * (1.0 - dy / ERA_SPAN) * alone
    if ix.kinds[j] == q.kind:
        gen += W_KIND * alone
    if q.truth and ix.truth[j]:
        gen += W_TRUE
    gen += W_PRIOR * ix.prior[j]
    # audience: keep kids' titles and adult ones apart
    a, b = q.age, ix.age[j]
    if (q.kids and ix.adult[j]) or (q.adult and ix.kids[j]):
        gen -= KIDS_ADULT_PENALTY  # a kids' title and an adult one (by rating or by genre)
    elif a and b:
        gen += 0.4 if a == b else -AGE_GAP_PENALTY[abs(a - b)]
    if q.kids and ix.kids[j]:
        gen += 0.8
    if gate + grare < SPEC_MIN:
        return GENERIC_ONLY * (spec + gen) if spec + gen > 0 else spec + gen
    return spec + gen


def links_of(ix: SimilarIndex, i: int, q: "_Query | None" = None) -> dict[int, float]:
    """Sequel, franchise and title-family bonuses of title i's linked titles."""
    q = q if q is not None else _Query(ix, i)
    p_ptr, p_idx = ix.p_ptr, ix.p_idx
    links: dict[int, float] = {}
    for f in q.feats:
        name = ix.feat_names[f]
        if name.startswith("f:"):
            for j in p_idx[p_ptr[f]:p_ptr[f + 1]]:
                links[j] = _link_bonus(ix, q, j, True)
    for j in (q.follows, q.followed_by, *ix.linked.get(i, ())):
        if j >= 0:
            links[j] = _link_bonus(ix, q, j, False)
    for f in q.feats:
        if ix.feat_names[f].startswith("x:"):
            for j in p_idx[p_ptr[f]:p_ptr[f + 1]]:
                if links.get(j, 0.0) < W_FAMILY:
                    links[j] = W_FAMILY
    links.pop(i, None)
    return links


def _rank_one(ix: SimilarIndex, i: int, skip: set[int], want_kind: int | None,
              pool: int) -> list[tuple[float, int]]:
    """The best `pool` candidates for title i, as (score, idx), best first; ties by id."""
    if RANKER == "smooth":
        from . import similar_smooth

        direct = {j for j in (ix.follows[i], ix.followed_by[i], *ix.linked.get(i, ())) if j >= 0}
        return similar_smooth.rank_one(ix, i, skip, want_kind, pool,
                                       lambda k: links_of(ix, k), direct)
    q = _Query(ix, i)
    acc_t: dict[int, float] = {}
    acc_o: dict[int, float] = {}
    p_ptr, p_idx, p_w, common = ix.p_ptr, ix.p_idx, ix.p_w, ix.common
    nt = ix.n_theme_feats
    # features find candidates rarest first; once there are enough candidates, the more common
    # features ("family", "friendship", a prolific actor) only add to the scores of those found
    feats: list[tuple[int, int, float]] = []
    for f, wq in q.feats.items():
        if not ix.feat_names[f].startswith(("f:", "x:")):  # links: links_of
            feats.append((p_ptr[f + 1] - p_ptr[f], f, wq))
    for f, wq in q.rel.items():
        if not common[f]:
            feats.append((p_ptr[f + 1] - p_ptr[f], f, wq))
    feats.sort()
    late: dict[int, tuple[float, bool]] = {}  # fid -> (query weight, is a theme)
    budget = max(CAND_MIN, int(CAND_SHARE * len(ix.ids)))
    found = 0
    for df, f, wq in feats:
        if common[f] or found >= budget or (found and found + df > budget * 1.5):
            late[f] = (wq, f < nt)
            continue
        acc = acc_t if f < nt else acc_o
        get = acc.get
        a, b = p_ptr[f], p_ptr[f + 1]
        for j, w in zip(p_idx[a:b], p_w[a:b]):
            acc[j] = get(j, 0.0) + wq * w
        found = len(acc_t) + len(acc_o)
    links = links_of(ix, i, q)
    cands = set(acc_t)
    cands.update(acc_o)
    cands.update(links)
    kinds = ix.kinds
    if want_kind is not None:
        cands = {j for j in cands if kinds[j] == want_kind}
    cands.difference_update(skip)
    cands.discard(i)

    # the common features, for the candidates found (set intersections run in C)
    acc_c: dict[int, float] = {}  # very common themes
    for f, (wq, is_theme) in late.items():
        a, b = p_ptr[f], p_ptr[f + 1]
        hits = cands.intersection(p_idx[a:b])
        if not hits:
            continue
        acc = (acc_c if common[f] else acc_t) if is_theme else acc_o
        get = acc.get
        if is_theme:  # a theme weighs the same in every title
            w = wq * p_w[a]
            for j in hits:
                acc[j] = get(j, 0.0) + w
        else:
            ws = dict(zip(p_idx[a:b], p_w[a:b]))
            for j in hits:
                acc[j] = get(j, 0.0) + wq * ws[j]
    t_ptr, t_fid, t_w = ix.t_ptr, ix.t_fid, ix.t_w

    def score(j: int, scan: bool = False) -> float:
        th = acc_t.get(j, 0.0)
        ot = acc_o.get(j, 0.0) + links.get(j, 0.0)
        ct = acc_c.get(j, 0.0)
        if scan and late:  # a title found by its genre: look up its common features
            a, b = t_ptr[j], t_ptr[j + 1]
            for f, w in zip(t_fid[a:b], t_w[a:b]):
                hit = late.get(f)
                if hit is not None:
                    if not hit[1]:
                        ot += hit[0] * w
                    elif common[f]:
                        ct += hit[0] * w
                    else:
                        th += hit[0] * w
        return _finish(ix, q, j, th, ot, ct)

    # best-first with a bound: a candidate's generic part (genres, country, era...) is at most
    # `most`, so once the specific overlap of the rest cannot reach the pool, stop scoring
    gall, grare_all = q.gmemo.get(q.gbits, (0.0, 0.0))
    most = _generic_max(q) - gall  # the genres are counted exactly in `quick`
    gmemo, gbits, gmask = q.gmemo, q.gbits, ix.gmask
    nog = (0.0, 0.0)
    quick = [(min(acc_t.get(j, 0.0) + acc_c.get(j, 0.0), THEME_SAT) + acc_o.get(j, 0.0)
              + links.get(j, 0.0) + gmemo.get(gbits & gmask[j], nog)[0], j) for j in cands]
    quick.sort(reverse=True)
    out: list[tuple[float, int]] = []
    heap: list[float] = []  # the best `pool` scores so far (a min-heap)
    for v, j in quick:
        if len(heap) >= pool:
            bound = v + most if v + grare_all >= SPEC_MIN else GENERIC_ONLY * (v + most)
            if bound < heap[0]:
                break
        sc = score(j)
        out.append((sc, j))
        if len(heap) < pool:
            heapq.heappush(heap, sc)
        elif sc > heap[0]:
            heapq.heapreplace(heap, sc)
    # titles sharing only genres (and what is common): rare genres count as specific, and all
    # genres fill a short list. Visited only when they could still make the list.
    gbits = sorted((b for b in range(len(ix.genre_names)) if q.gbits >> b & 1),
                   key=lambda b: -ix.genre_w[b])
    if gbits:
        kth = heapq.nlargest(pool, out)[-1][0] if len(out) >= pool else float("-inf")
        if _generic_bound(ix, q, late) > kth:
            seen = cands | skip
            seen.add(i)
            for b in gbits:
                if not ix.genre_rare[b] and len(out) >= pool * 2:
                    break
                post = ix.genre_post[b]
                for j in (post[:FILL_MAX] if len(post) > FILL_MAX else post):
                    if j in seen or (want_kind is not None and kinds[j] != want_kind):
                        continue
                    seen.add(j)
                    out.append((score(j, True), j))
    ids = ix.ids
    return heapq.nsmallest(pool, out, key=lambda x: (-x[0], ids[x[1]]))


def _generic_max(q: _Query) -> float:
    """The most the non-specific part of a score can add (an upper bound, no gating)."""
    g, _ = q.gmemo.get(q.gbits, (0.0, 0.0))
    c = q.cmemo.get(q.cbits, (0.0, 0.0))[0]
    la = q.lmemo.get(q.lbits, (0.0, 0.0))[0]
    return (g + c + la + W_ERA + W_KIND + (W_TRUE if q.truth else 0.0) + W_PRIOR + 0.4
            + (0.8 if q.kids else 0.0) + 1e-9)


def _generic_bound(ix: SimilarIndex, q: _Query, late: dict) -> float:
    """The most a candidate found by no rare feature can score (genres, common features...)."""
    g, grare = q.gmemo.get(q.gbits, (0.0, 0.0))
    c = q.cmemo.get(q.cbits, (0.0, 0.0))[0]
    la = q.lmemo.get(q.lbits, (0.0, 0.0))[0]
    top = math.sqrt(max(W_DIRECTOR, W_CAST, W_WRITER, W_COMPOSER, W_FAMILY))
    th = ot = 0.0
    for f, (wq, is_theme) in late.items():
        if is_theme:
            th += wq * ix.p_w[ix.p_ptr[f]]  # a theme weighs the same in every title
        else:
            ot += wq * top
    spec = grare + min(th, THEME_SAT) + ot
    gen = (g - grare) + c + la + W_ERA + W_KIND + W_TRUE + W_PRIOR + 0.4 + 0.8
    return spec + gen if spec >= SPEC_MIN else GENERIC_ONLY * (spec + gen)


def _pair(ix: SimilarIndex, q: _Query, j: int) -> tuple[float, float, float]:
    """(specific theme, other specific, common theme) overlap of candidate j, computed directly."""
    th = ot = ct = 0.0
    a, b = ix.t_ptr[j], ix.t_ptr[j + 1]
    has_fr = has_family = False
    for f, w in zip(ix.t_fid[a:b], ix.t_w[a:b]):
        wq = q.feats.get(f)
        if wq is None:
            wr = q.rel.get(f)
            if wr is not None and not ix.common[f]:
                th += wr * w
            continue
        name = ix.feat_names[f]
        if name.startswith("f:"):
            has_fr = True
            continue
        if name.startswith("x:"):
            has_family = True
            continue
        if f < ix.n_theme_feats:
            if ix.common[f]:
                ct += wq * w
            else:
                th += wq * w
        else:
            ot += wq * w
    link = _link_bonus(ix, q, j, has_fr) if (has_fr or _direct(ix, q, j)) else 0.0
    if has_family:
        link = max(link, W_FAMILY)
    return th, ot + link, ct


# ------------------------------------------------------------------ reasons

def _decade(y: int) -> str:
    return f"{y - y % 10}s"


def reasons_for(ix: SimilarIndex, catalog, i: int, j: int, max_reasons: int = 5,
                q: "_Query | None" = None) -> list[str]:
    """Why title j is like title i, strongest first, in words a person reads (`q`: title i's
    query, when the caller has it for several j)."""
    titles = catalog.titles
    qt, ct = titles[i], titles[j]
    q = q if q is not None and q.i == i else _Query(ix, i)
    out: list[tuple[float, str]] = []
    strong = strong_link(ix, i, j)
    if strong and (ix.follows[j] == i or ix.followed_by[i] == j):
        out.append((100, f"sequel of {qt.title}"))
    elif strong and (ix.followed_by[j] == i or ix.follows[i] == j):
        out.append((100, f"followed by {qt.title}"))
    # (a filmography chain, "listed after X in Wikidata", scores a little but is no reason)
    shared: dict[str, list[tuple[float, str]]] = {}
    a, b = ix.t_ptr[j], ix.t_ptr[j + 1]
    for f, w in zip(ix.t_fid[a:b], ix.t_w[a:b]):
        wq = q.feats.get(f)
        if wq is None:
            wr = q.rel.get(f)
            if wr is not None and not ix.common[f]:
                shared.setdefault("R", []).append((wr * w, ix.feat_labels[f]))
            continue
        name = ix.feat_names[f]
        shared.setdefault(name[0], []).append((wq * w, ix.feat_labels[f]))
    if "f" in shared and not out and strong:
        out.append((90, f"same franchise: {shared['f'][0][1]}"))
    if "x" in shared and not out:
        out.append((80, f"same franchise: {shared['x'][0][1]}"))
    if "d" in shared or "q" in shared:
        names = [lab for _, lab in sorted(shared.get("d", []), key=lambda x: (-x[0], x[1])) if lab]
        if not names:  # shared by Wikidata id: the name is on the titles
            names = [d for d in ct.directors if d in qt.directors] or list(ct.directors[:1] or qt.directors[:1])
        out.append((W_DIRECTOR, f"same director: {', '.join(names[:2])}" if names else "same director"))
    if "a" in shared:
        people = sorted(shared["a"], key=lambda x: (-x[0], x[1]))
        out.append((sum(w for w, _ in people), "also stars " + ", ".join(lab for _, lab in people[:2])))
    directors = {lab for _, lab in shared.get("d", [])}
    writers = [p for p in sorted(shared.get("w", []), key=lambda x: (-x[0], x[1])) if p[1] not in directors]
    if writers:
        out.append((W_WRITER, "same writer: " + ", ".join(lab for _, lab in writers[:2])))
    # the era is said with what is shared ("themes: grief, family · 2020s"), not alone
    dy = abs(qt.year - ct.year)
    era = f" · {_decade(ct.year)}" if dy <= 4 and _decade(qt.year) == _decade(ct.year) else ""
    described = False
    if "t" in shared:
        themes = sorted(shared["t"], key=lambda x: (-x[0], x[1]))
        out.append((sum(w for w, _ in themes), "themes: " + ", ".join(lab for _, lab in themes[:3]) + era))
        described = True
    if "R" in shared:
        rel = sorted(shared["R"], key=lambda x: (-x[0], x[1]))
        out.append((sum(w for w, _ in rel), "related themes: " + ", ".join(lab for _, lab in rel[:2])))
    if "k" in shared:
        words = sorted(shared["k"], key=lambda x: (-x[0], x[1]))
        out.append((sum(w for w, _ in words), "also about: " + ", ".join(lab for _, lab in words[:3])))
    if "s" in shared:
        studios = sorted(shared["s"], key=lambda x: (-x[0], x[1]))
        out.append((studios[0][0], "same studio: " + ", ".join(lab for _, lab in studios[:2])))
    if "m" in shared:
        out.append((W_COMPOSER, "music by " + shared["m"][0][1] + " too"))
    # genres: only when telling (a rare one, or nothing more specific to say)
    common_g = q.gbits & ix.gmask[j]
    gnames = [ix.genre_names[k] for k in range(len(ix.genre_names)) if common_g >> k & 1]
    rare = [g for g in gnames if ix.genre_rare[ix.genre_names.index(g)]]
    if gnames and (rare or len(out) < 2):
        g3 = gnames[-3:][::-1]
        label = "both " + (", ".join(g3[:-1]) + " and " + g3[-1] if len(g3) > 1 else g3[0])
        label += "" if described else era
        described = described or bool(era)
        out.append((sum(ix.genre_w[ix.genre_names.index(g)] for g in rare) if rare else 0.5, label))
    # country / language when it says something (not the most common countries)
    cm, cshared = ix.cmask[i] & ix.cmask[j], []
    while cm:  # the shared country bits
        k = (cm & -cm).bit_length() - 1
        cshared.append(ix.country_names[k])
        cm &= cm - 1
    cshared = [c for c in cshared if ix.country_w[ix.country_names.index(c)] >= W_COUNTRY * 2.0]
    if cshared:
        out.append((0.9, "also from " + " and ".join(cshared[:2])))
    if qt.true_story and ct.true_story:
        out.append((W_TRUE, "also based on a true story"))
    if q.kids and ix.kids[j]:
        out.append((0.6, "also for kids"))
    if era and not described and not out:  # nothing else to say
        out.append((0.3, f"also from the {_decade(ct.year)}"))
    out.sort(key=lambda x: -x[0])
    return [text for _, text in out[:max_reasons]]


# ------------------------------------------------------------------ public API

def _to_idx(ix: SimilarIndex, catalog, item) -> int:
    if isinstance(item, Title):
        i = ix.id_to_idx.get(item.id)
        if i is None:
            from .errors import NotFound

            raise NotFound(f"{item.label} is not in this catalog")
        return i
    if isinstance(item, str):
        i = ix.id_to_idx.get(item.strip())
        if i is not None:
            return i
        return ix.id_to_idx[catalog.resolve(item).id]  # a name: NotFound / Ambiguous propagate
    raise TypeError(f"expected a Title, an id or a list of them, got {type(item).__name__}")


def _kind_code(kind: str | None) -> int | None:
    if not kind:
        return None
    k = fold(kind)
    if k in ("series", "show", "shows", "tv", "serie"):
        return 1
    if k in ("film", "films", "movie", "movies"):
        return 0
    raise ValueError(f"kind should be 'film' or 'series', not {kind!r}")


def similar(catalog, title_or_titles, limit: int = 20, *, kind: str | None = None,
            exclude_ids: Iterable[str] = ()) -> list[Match]:
    """Titles a fan of the given title(s) wants next, best first, each with its reasons.

    `title_or_titles`: a Title, an id (or a name, resolved by the catalog), or a list of them.
    `kind`: "film" or "series" to keep only those. `exclude_ids`: ids to leave out (e.g. the
    titles already on the watchlist). Never returns the input titles."""
    ix = get_index(catalog)
    if isinstance(title_or_titles, (Title, str)):  # (a Title is a NamedTuple: test it first)
        items = [title_or_titles]
    else:
        items = list(title_or_titles)
    inputs = list(dict.fromkeys(_to_idx(ix, catalog, it) for it in items))
    limit = max(0, int(limit))
    if not inputs or limit == 0:
        return []
    skip = set(inputs)
    for tid in exclude_ids or ():
        j = ix.id_to_idx.get(tid)
        if j is not None:
            skip.add(j)
    want = _kind_code(kind)
    titles = catalog.titles
    if len(inputs) == 1:
        i = inputs[0]
        ranked = _rank_one(ix, i, skip, want, limit)
        q = _Query(ix, i)
        return [Match(titles[j], round(s, 4), tuple(reasons_for(ix, catalog, i, j, q=q)))
                for s, j in ranked]
    # several titles: each votes with its normalised scores; a title liked through several
    # inputs rises. Reasons come from the input it is most like.
    pool = max(limit * 3, 60)
    total: dict[int, float] = {}
    best_from: dict[int, tuple[float, int]] = {}
    for i in inputs:
        ranked = _rank_one(ix, i, skip, want, pool)
        if not ranked:
            continue
        # each list scaled from its last pick (0) to its first (1): lists weigh the same
        top, floor = ranked[0][0], min(0.0, ranked[-1][0]) if RANKER != "smooth" else ranked[-1][0]
        span = (top - floor) or 1.0
        for s, j in ranked:
            v = max(0.0, (s - floor) / span)
            total[j] = total.get(j, 0.0) + v
            if v > best_from.get(j, (-1.0, -1))[0]:
                best_from[j] = (v, i)
    n = len(inputs)
    ids = ix.ids
    ranked_all = sorted(total.items(), key=lambda x: (-x[1], ids[x[0]]))[:limit]
    out: list[Match] = []
    for j, s in ranked_all:
        i = best_from[j][1]
        because = [f"because you liked {titles[i].title}"]
        out.append(Match(titles[j], round(s / n, 4),
                         tuple(because + reasons_for(ix, catalog, i, j, max_reasons=4))))
    return out


def score_pair(catalog, a, b) -> Match:
    """How much a fan of `a` wants `b` (the score `similar` would give), with the reasons."""
    ix = get_index(catalog)
    i, j = _to_idx(ix, catalog, a), _to_idx(ix, catalog, b)
    if RANKER == "smooth":
        from . import similar_smooth

        s = float(similar_smooth.scores(ix, i, lambda k: links_of(ix, k))[j])
        return Match(catalog.titles[j], round(s, 4), tuple(reasons_for(ix, catalog, i, j)))
    q = _Query(ix, i)
    s = _finish(ix, q, j, *_pair(ix, q, j))
    return Match(catalog.titles[j], round(s, 4), tuple(reasons_for(ix, catalog, i, j)))


# ------------------------------------------------------------------ package attribute guard
# Importing this submodule sets the attribute `watchnext.similar` to the module, shadowing the
# public function of the same name in watchnext/__init__.py. Making the module callable keeps
# `watchnext.similar(catalog, title, limit=...)` working either way.
import sys as _sys  # noqa: E402
import types as _types  # noqa: E402


class _CallableModule(_types.ModuleType):
    def __call__(self, *args, **kwargs):
        return similar(*args, **kwargs)


_sys.modules[__name__].__class__ = _CallableModule
