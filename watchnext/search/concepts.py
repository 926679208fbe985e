"""What each word of a query can mean in the index (a title word, a prefix, a typo, a person,
a genre, a theme, a year...): the concepts a title must match, each with its weight, and the
whole-query title bonuses."""

from __future__ import annotations

import bisect
import re
from array import array
from typing import Iterable

from ..text import fold, fold_title
from .index import SearchIndex
from .query import STOPWORDS, _decade, _singular
from .weights import (B_COMPACT, B_EXACT, B_EXACT_SANS_YEAR, B_PREFIX, W_COUNTRY, W_DECADE,
    W_GENRE, W_KEYWORD, W_KIND, W_LANGUAGE, W_OTHER_NAME, W_PERSON_LEAD, W_PERSON_OTHER,
    W_PERSON_TOKEN_LEAD, W_PERSON_TOKEN_OTHER, W_PLATFORM, W_THEME, W_TITLE, W_TITLE_FUZZY,
    W_TITLE_PREFIX, W_YEAR)


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

    def dense(self, n: int):
        """(weights, present) over a big index's n titles, as numpy arrays: the weight `scores`
        gives each title (its best source's; 0.0 where absent) and whether it has one."""
        import numpy as np

        v = np.zeros(n, dtype=np.float64)
        has = np.zeros(n, dtype=bool)
        for w, arr, _, _ in sorted(self.sources, key=lambda s: s[0]):  # (the best one last)
            a = (np.frombuffer(arr, dtype=np.int32) if getattr(arr, "itemsize", 0) == 4
                 else np.asarray(arr, dtype=np.intp))
            v[a] = w
            has[a] = True
        return v, has

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
        arr = ix.title_exact.get(rest)
        if arr is not None:  # "sunrise 1927": Sunrise (2014) is a near miss, not the answer
            asked = {int(y) for y in years}
            give([i for i in arr if ix.years[i] in asked], B_EXACT_SANS_YEAR, "title")
            give([i for i in arr if ix.years[i] not in asked], B_PREFIX + 0.6, "title")
        if len(rest) >= 2:  # "sunrise 1927": Sunrise: A Song of Two Humans, of that year
            asked = {int(y) for y in years}
            for t in _prefix_words(ix.title_sorted, rest, cap=80):
                give([i for i in ix.title_exact[t] if ix.years[i] in asked],
                     B_PREFIX + 0.6 * len(rest) / len(t), "title")
    if len(q) >= 2:
        for t in _prefix_words(ix.title_sorted, q, cap=80):
            give(ix.title_exact[t], B_PREFIX + 0.6 * len(q) / len(t), "title")
    if len(qc) >= 4 and qc != q:
        for t in _prefix_words(ix.compact_sorted, qc, cap=40):
            give(ix.title_compact[t], B_PREFIX + 0.5 * len(qc) / len(t), "title")
    return out
