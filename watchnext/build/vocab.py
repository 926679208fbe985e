"""Apply the hand-written vocabularies in catalog/vocab/ (genres, themes, people) to source data.

    vocab = Vocab.load(Path("catalog/vocab"))
    vocab.netflix_genres(["Dramas", "International Movies"], "film")   # (["Drama"], [])
    vocab.wikidata_category("Heist Film")                              # (["Crime"], ["heist"])
    vocab.themes_for_text("A widow seeks vengeance ...")               # ["revenge", "grief", ...]
    vocab.canonical_person("Jun Jong-seo")                             # "Jeon Jong-seo"

Stdlib only. Theme patterns are Python regexes matched case-insensitively; a pattern may turn
case sensitivity back on for a part with `(?-i:...)` (e.g. `(?-i:faith)` so that the name
"Faith" does not count). They are matched through an index by the word they must start with
(patterns.py: that is what makes it fast, and finds exactly what searching every pattern would).
Patterns are combined into alternations, so they must not use backreferences or named groups.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .patterns import FLAGS, KEY_LEN, WORD, KeyPatterns, pattern_keys

__all__ = ["Vocab", "based_on_for_text"]


# ---------------------------------------------------------------- based_on

_BASED_ON = [
    ("manga", re.compile(r"\bmanga\b(?! (?:artist|creator|writer|author|fan))|\banime adaptation", re.I)),
    ("webtoon", re.compile(r"\bweb ?toons?\b", re.I)),
    ("comic", re.compile(
        r"\b(?:based on|adapt\w* (?:of|from)|inspired by)\b[^.]{0,40}?\b(?:comics?\b|comic (?:book|strip)s?"
        r"|graphic novels?)|\bcomic[- ]book (?:hero|character|series|adaptation)", re.I)),
    ("true story", re.compile(
        r"\b(?:based on|inspired by|adapted from|drawn from|rooted in)\b[^.]{0,30}?"
        r"\b(?:true|real)(?:[- ]life)? (?:story|stories|events?|case|crime|account|incidents?|people)"
        r"|\b(?:based|inspired) (?:on|by) (?:the )?(?:life|lives|memoirs?|autobiography|experiences) of"
        r"|\btrue(?:[- ]life)? (?:story|stories|account|tale) (?:of|behind|from|about)\b"
        r"|\b(?:extraordinary|incredible|remarkable|shocking|harrowing|astonishing|gripping|inspiring|unbelievable) true (?:story|stories|tale)"
        r"|\b(?:a|this|the) true story\b|\btrue story\.|\bbased on fact\b|\bbased on a true\b"
        r"|\breal[- ]life (?:story|events?|case|figure|tragedy|inspiration|cartel|crime|thriller|saga)"
        r"|\bbiopic\b|\bbiographical (?:film|drama)\b|\btrue events\b"
        r"|\bbased on (?:the )?(?:\d{4} |real |actual )(?:events?|case|incident|accident|trial|murders?)", re.I)),
    ("novel", re.compile(
        r"\b(?:based on|adapt\w* (?:of|from)|inspired by)\b[^.]{0,60}?\b(?:novels?|novellas?|(?:best-?selling|bestselling|beloved|popular|prize-winning|award-winning|classic) books?|books? (?:series|by))\b"
        r"|\b(?:best-?selling|bestselling|acclaimed|classic|beloved|hit) novels?\b(?! ?(?:writer|author|novelist))(?=[^.]{0,40}\b(?:adapt|based|comes? to life|leaps?|brings?))"
        r"|\bnovels? (?:comes?|leaps?) to life|\bbrings?[^.]{0,40}\bnovels? to life", re.I)),
    ("short story", re.compile(
        r"\b(?:based on|adapt\w* (?:of|from)|inspired by)\b[^.]{0,60}?\bshort (?:story|stories|novel)\b", re.I)),
    ("play", re.compile(
        r"\b(?:based on|adapt\w* (?:of|from)|inspired by)\b[^.]{0,40}?\b(?:play|stage (?:play|musical)|broadway (?:play|musical|hit))\b", re.I)),
]


def based_on_for_text(text: str) -> str | None:
    """What a description says the title is based on: "true story", "novel", "comic", "manga",
    "webtoon", "short story", "play" - or None. Precise rather than eager: "true love" is not a true story."""
    if not text:
        return None
    for name, rx in _BASED_ON:
        if rx.search(text):
            return name
    return None


# ---------------------------------------------------------------- the vocabularies

def _load_toml(path: Path) -> dict:
    if not path.exists():
        return {}
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def _strs(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [v for v in (value or []) if isinstance(v, str)]


def _key(label: str) -> str:
    return " ".join(label.casefold().split())


def _add(lst: list[str], items) -> None:
    for x in items:
        if x and x not in lst:
            lst.append(x)


@dataclass
class Vocab:
    genre_names: list[str] = field(default_factory=list)
    theme_names: list[str] = field(default_factory=list)
    theme_aliases: dict[str, list[str]] = field(default_factory=dict)
    people_aliases: dict[str, str] = field(default_factory=dict)
    # label lookups (keys casefolded): source label -> genres / themes
    _nf_genres: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _nf_themes: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _nf_choose: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _nf_all: list[tuple[frozenset[str], str]] = field(default_factory=list, repr=False)
    _wd_genres: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _wd_themes: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _genre_rx: dict[str, re.Pattern] = field(default_factory=dict, repr=False)
    _theme_index: dict[str, int] = field(default_factory=dict, repr=False)
    _theme_pats: list[list[re.Pattern]] = field(default_factory=list, repr=False)
    # key (first letters of a word, or "word$") -> the patterns to try where such a word starts
    _index: dict[str, "KeyPatterns"] = field(default_factory=dict, repr=False)
    _always: list[tuple[int, re.Pattern]] = field(default_factory=list, repr=False)
    _pending: dict[str, list[tuple[int, re.Pattern]]] = field(default_factory=dict, repr=False)
    _word_keys: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _folded_people: dict[str, str] = field(default_factory=dict, repr=False)
    unindexed: list[str] = field(default_factory=list, repr=False)

    # ------------------------------------------------------------ loading

    @classmethod
    def load(cls, vocab_dir: Path) -> "Vocab":
        vocab_dir = Path(vocab_dir)
        v = cls()
        v._load_genres(_load_toml(vocab_dir / "genres.toml"))
        v._load_themes(_load_toml(vocab_dir / "themes.toml"))
        v._build_index()
        v._load_people(_load_toml(vocab_dir / "people.toml"))
        return v

    def _load_genres(self, data: dict) -> None:
        for row in data.get("genres", []):
            name = row.get("name")
            if not isinstance(name, str) or name in self.genre_names:
                continue
            self.genre_names.append(name)
            for label in _strs(row.get("netflix")):
                _add(self._nf_genres.setdefault(_key(label), []), [name])
            for label in _strs(row.get("wikidata")):
                _add(self._wd_genres.setdefault(_key(label), []), [name])
            pats = _strs(row.get("patterns"))
            if pats:
                self._genre_rx[name] = re.compile("|".join(f"(?:{p})" for p in pats), FLAGS)
        for label, names in (data.get("netflix_choose") or {}).items():
            self._nf_choose[_key(label)] = [n for n in _strs(names) if n in self.genre_names]

    def _load_themes(self, data: dict) -> None:
        for row in data.get("themes", []):
            name = row.get("name")
            if not isinstance(name, str) or name in self.theme_aliases:
                continue
            idx = len(self.theme_names)
            self.theme_names.append(name)
            self._theme_index[name] = idx
            self.theme_aliases[name] = _strs(row.get("aliases"))
            for label in _strs(row.get("wikidata")):
                _add(self._wd_themes.setdefault(_key(label), []), [name])
            for label in _strs(row.get("netflix")):
                _add(self._nf_themes.setdefault(_key(label), []), [name])
            for combo in row.get("netflix_all") or []:
                labels = frozenset(_key(x) for x in _strs(combo))
                if labels:
                    self._nf_all.append((labels, name))
            compiled = [re.compile(p, FLAGS) for p in _strs(row.get("patterns"))]
            self._theme_pats.append(compiled)
            for rx in compiled:
                keys = pattern_keys(rx.pattern)
                if keys is None:
                    self.unindexed.append(f"{name}: {rx.pattern}")
                    self._always.append((idx, rx))
                    continue
                for k in keys:
                    self._pending.setdefault(k, []).append((idx, rx))

    def _build_index(self) -> None:
        for key, items in self._pending.items():
            by_theme: dict[int, list[re.Pattern]] = {}
            for ti, rx in items:
                by_theme.setdefault(ti, []).append(rx)
            self._index[key] = KeyPatterns(sorted(by_theme.items()))
        self._pending = {}

    def _load_people(self, data: dict) -> None:
        for row in data.get("people", []):
            name = row.get("name")
            if not isinstance(name, str):
                continue
            for alias in [name, *_strs(row.get("aliases"))]:
                self.people_aliases.setdefault(alias, name)
                self._folded_people.setdefault(_fold_name(alias), name)

    # ------------------------------------------------------------ genres

    def netflix_genres(self, listed_in: list[str], kind: str,
                       text: str | None = None) -> tuple[list[str], list[str]]:
        """(genres, themes) for a Netflix row's listed_in values. `kind` is "film" or "series"
        (the Netflix values already say which; kept for callers and future use).

        With `text` (title + description), values that stand for several genres
        (netflix_choose in genres.toml, e.g. "Stand-Up Comedy & Talk Shows") keep only the
        genres whose patterns match, and a row whose listed_in gives no genre at all
        ("Movies", "TV Shows", "International Movies") gets the genres whose patterns match."""
        genres: list[str] = []
        themes: list[str] = []
        for label in listed_in:
            k = _key(label)
            _add(genres, self._nf_genres.get(k, []))
            _add(themes, self._nf_themes.get(k, []))
            choose = self._nf_choose.get(k)
            if choose:
                picked = [g for g in choose if text and g in self._genre_rx
                          and self._genre_rx[g].search(text)]
                _add(genres, picked or choose)
        if self._nf_all:
            have = {_key(label) for label in listed_in}
            _add(themes, [name for labels, name in self._nf_all if labels <= have])
            themes.sort(key=self._theme_order)
        if not genres and text:
            genres = self.genres_for_text(text)
        return genres, themes

    def _theme_order(self, name: str) -> int:
        return self._theme_index.get(name, len(self.theme_names))

    def genres_for_text(self, text: str) -> list[str]:
        """Genres whose (fallback) patterns match a description, in genres.toml order."""
        return [g for g in self.genre_names if g in self._genre_rx and self._genre_rx[g].search(text)]

    def wikidata_category(self, label: str) -> tuple[list[str], list[str]]:
        """(genres, themes) for one Wikidata category label (a genre or a main subject)."""
        if not label:
            return [], []
        k = _key(label)
        return list(self._wd_genres.get(k, [])), list(self._wd_themes.get(k, []))

    # ------------------------------------------------------------ themes

    def themes_for_text(self, text: str) -> list[str]:
        """Themes whose patterns match `text`, in themes.toml order, no duplicates."""
        if not text:
            return []
        found: set[int] = set()
        index = self._index
        cache = self._word_keys
        for m in WORD.finditer(text):
            w = m.group().lower()
            keys = cache.get(w)
            if keys is None:
                keys = self._keys_of(w)
            if not keys:
                continue
            pos = m.start()
            for key in keys:
                kp = index[key]
                hit = kp.first.match(text, pos)
                if hit is not None:
                    kp.matches(hit, text, pos, found)
        for ti, rx in self._always:
            if ti not in found and rx.search(text):
                found.add(ti)
        return [self.theme_names[i] for i in sorted(found)]

    def _keys_of(self, word: str) -> tuple[str, ...]:
        """The index keys a (lowercased) word can start: its first 1..4 letters, "word$"."""
        n = len(word)
        cand = [word[:i] for i in range(1, min(n, KEY_LEN) + 1)]
        if n < KEY_LEN:
            cand.append(word + "$")
        keys = tuple(k for k in cand if k in self._index)
        if len(self._word_keys) < 500_000:
            self._word_keys[word] = keys
        return keys

    def theme_matches(self, text: str) -> dict[str, list[str]]:
        """Debugging aid: theme -> the substrings that made it match."""
        out: dict[str, list[str]] = {}
        for name, pats in zip(self.theme_names, self._theme_pats):
            hits = [m.group(0) for rx in pats for m in rx.finditer(text)]
            if hits:
                out[name] = hits
        return out

    # ------------------------------------------------------------ people

    def canonical_person(self, name: str) -> str:
        """The canonical spelling of a person's name (the name itself when unknown)."""
        name = name.strip()
        hit = self.people_aliases.get(name)
        if hit:
            return hit
        return self._folded_people.get(_fold_name(name), name)


def _fold_name(name: str) -> str:
    """Case, accents, spacing and hyphen-insensitive form of a name ("Kim Ji-Hoon" = "kim ji hoon")."""
    import unicodedata

    s = unicodedata.normalize("NFKD", name.casefold())
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = re.sub(r"[\s\-‐.’'`]+", " ", s)
    return " ".join(s.split())
