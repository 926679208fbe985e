"""The "more like this" index: each title's features (people, themes, genres, studios,
countries, languages, keywords) as weighted bits and postings, its scalars (year, kind,
audience, prior), built once per catalog and cached (cached.py: get_index)."""

from __future__ import annotations

import math
from array import array
from ..lazy import LazyFields
from ..model import FORM_THEMES, Title
from ..text import fold, fold_title
from .sequels import chain_positions, family_stems
from .weights import (ADULT_GENRES, AGE_GROUP, BIG_STUDIO_DF, BILLING, COMMON_DF, KIDS_GENRES,
    PROLIFIC, RARE_GENRE_DF, REL_MIN, W_CAST, W_COMPOSER, W_COUNTRY, W_DIRECTOR, W_FAMILY, W_GENRE,
    W_KEYWORD, W_LANGUAGE, W_STUDIO, W_THEME, W_WRITER)


INDEX_VERSION = 18  # 18: curated means written here (written_here); 17: the smooth arrays stored raw


# ------------------------------------------------------------------ the index

class SimilarIndex(LazyFields):
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
    curated: bytes          # 1 if written by hand (written_here): its sequel links are trusted
    kids: bytes             # 1 if a kids/family title by genre or rating
    adult: bytes            # 1 if adult-rated, or unrated with adult genres (thriller, horror...)
    notability: array      # 0-1, the catalog's notability
    lang_names: list        # language of each lmask bit
    fingerprint: str
    _sets: dict             # query-time caches (never stored)

    DEFAULTS = {"notability": lambda: array("f"), "lang_names": list, "fingerprint": str,
                "_sets": dict}

    # stored packed in the compiled catalog (watchnext.packed): text fields as one block each,
    # id_to_idx as a binary search over the packed ids (no dict of 57,000 keys), bit masks as
    # their bit numbers
    PACKED = ("ids", "feat_names", "feat_labels", "tfold")
    LOOKUPS = {"id_to_idx": "ids"}
    MASKS = ("gmask", "cmask", "lmask")
    # read an item at a time (the seed's and its picks'): left in the compiled file, read where
    # asked, from catalog/stored.IN_PLACE_FROM titles
    IN_PLACE = ("gmask", "cmask", "lmask", "follows", "followed_by", "fr_pos")

    def __getattr__(self, name):
        # the four large CSR arrays of an index opened from a compiled catalog: read in chunks
        # where they are used (chunked.py), not whole
        if name in ("t_fid", "t_w", "p_idx", "p_w") and "_read_blob" in self.__dict__:
            got = self.__dict__.get("_chunks", {}).get(name)
            if got is None and not self.__dict__.get("_chunks_read"):
                self.__dict__["_chunks_read"] = True  # (once: reading the arrays asks again)
                from . import arrays

                A = arrays.stored(self)  # (reads the manifest, makes the chunk readers)
                got = self.__dict__.get("_chunks", {}).get(name) if A is not None else None
                if got is not None:
                    self._sets["np"] = A
            if got is not None:
                from .chunked import ChunkedField

                value = self.__dict__[name] = ChunkedField(got)
                return value
        return LazyFields.__getattr__(self, name)

    def extra_blobs(self, prefix: str) -> dict[str, bytes]:
        """The smooth ranker's arrays as raw blobs, for the compiled catalog, and the sorted
        orders of the feature names and folded titles (a user catalog's lookups:
        packed_overlay.py)."""
        from . import arrays, packed_overlay
        from .smooth import TYPE_SCALE

        return {**arrays.to_blobs(arrays.make(self, TYPE_SCALE), prefix),
                **packed_overlay.orders(self, prefix)}

    def feats(self, i: int) -> dict[int, float]:
        a, b = self.t_ptr[i], self.t_ptr[i + 1]
        return dict(zip(self.t_fid[a:b], self.t_w[a:b]))


def story_themes(t: Title) -> list[str]:
    """A title's themes without those saying what it is made from ("book adaptation"): two
    novel adaptations are no more alike for it, and a bare record is no richer."""
    return [th for th in t.themes if th not in FORM_THEMES]


def _title_prior(t: Title) -> float:
    """0..1, a mild prior: how well known the title is (the catalog's notability), curated,
    streaming, richly described. Breaks near ties towards titles a person is likelier to want."""
    p = 0.5 * min(max(t.notability, 0), 100) / 100 + 0.15 * ("curated" in t.sources)
    p += 0.1 * bool(t.platforms) + 0.1 * bool(t.imdb or t.wikidata)
    rich = min(len(story_themes(t)), 6) + min(len(t.cast), 4) + 2 * bool(t.directors or t.director_ids)
    return p + 0.15 * min(1.0, rich / 12)


def cached_fold():
    """fold(), remembering its answers (a build folds each person's name once, not once per
    credit: 2.7 million calls at 100,000 titles)."""
    memo: dict[str, str] = {}
    get = memo.get

    def folded(s: str) -> str:
        v = get(s)
        if v is None:
            v = memo[s] = fold(s)
        return v

    return folded


class FeatureMaker:
    """A title's features and their weights (sqrt of the pair weight: a shared feature scores
    w_a * w_b), from the catalog's document frequencies. The index build and the overlay of
    user titles (overlay.py) share it."""

    def __init__(self, n: int, names: list[str], labels: list[str], theme_df, person_df,
                 studio_df, qname: dict, stem_count, feat_id: dict | None = None,
                 keyword_df=None, folded=None) -> None:
        self.n = n
        self.fold = folded or cached_fold()  # people recur across titles: each folded once
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
        fid, damp, idf, fold = self.fid, self.damp, self.idf, self.fold

        def put(f: int, w: float) -> None:
            if fs.get(f, 0.0) < w:
                fs[f] = w

        for th in dict.fromkeys(story_themes(t)):
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


def written_here(t: Title) -> bool:
    """A record written by hand in catalog/sources (id wn-...), whose sequel links were written
    with it. A source record that a hand-written entry only corrects (genres, an age rating)
    keeps its source's links, and Wikidata's "followed by" also chains a studio's films: Toy
    Story -> A Bug's Life is no sequel because someone checked Toy Story's genres."""
    return "curated" in t.sources and t.id.startswith("wn-")


def title_scalars(t: Title) -> tuple:
    """(year, prior, notability 0-1, theme count, kind code, age group, true story, kids, adult)."""
    ag = AGE_GROUP.get(t.age_rating.strip().upper(), 0)
    gs = set(t.genres)
    is_kids = ag in (1, 2) or (ag in (0, 1, 2, 3) and bool(
        gs & KIDS_GENRES or ("Animation" in gs and not gs & ADULT_GENRES and "Anime" not in gs)))
    adult = ag == 5 or (ag == 0 and not is_kids and bool(ADULT_GENRES & gs))
    return (t.year, _title_prior(t), min(max(t.notability, 0), 100) / 100, len(story_themes(t)),
            1 if t.kind == "series" else 0, ag, 1 if t.true_story else 0,
            1 if is_kids else 0, 1 if adult else 0)


def build_index(catalog) -> SimilarIndex:
    titles: list[Title] = list(catalog.titles)
    n = len(titles)
    ids = [t.id for t in titles]
    id_to_idx = {tid: i for i, tid in enumerate(ids)}

    # document frequencies
    from collections import Counter

    theme_df = Counter(th for t in titles for th in set(story_themes(t)))
    genre_df = Counter(g for t in titles for g in set(t.genres))
    country_df = Counter(c for t in titles for c in set(t.countries))
    lang_df = Counter(la for t in titles for la in set(t.languages))
    studio_df = Counter(s for t in titles for s in set(t.studios))

    def idf(df: int) -> float:
        return math.log((n + 1) / (df + 0.5))

    folded = cached_fold()
    person_df: Counter = Counter()
    for t in titles:
        person_df.update({folded(p) for p in (*t.directors, *t.cast[: len(BILLING)])})
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
                         keyword_df=keyword_df, folded=folded)
    # themes first: fids below n_theme_feats are themes
    for th in sorted(theme_df):
        maker.fid("t:" + th, th)
    n_theme_feats = len(maker.names)
    per_title = [maker.row(t, stems.get(i)) for i, t in enumerate(titles)]
    feat_id, feat_names, feat_labels = maker.feat_id, maker.names, maker.labels

    # related themes, by co-occurrence (cosine of the title sets)
    co: Counter = Counter()
    for t in titles:
        ths = sorted(set(story_themes(t)))
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
        curated=bytes(1 if written_here(t) else 0 for t in titles),
        kids=bytes(kids), adult=bytes(adult), fingerprint=getattr(catalog, "fingerprint", "") or "",
    )
