"""Apply the hand-written vocabularies in catalog/vocab/ (genres, themes, people) to source data.

    vocab = Vocab.load(Path("catalog/vocab"))
    vocab.netflix_genres(["Dramas", "International Movies"], "film")   # (["Drama"], [])
    vocab.wikidata_category("Heist Film")                              # (["Crime"], ["heist"])
    vocab.themes_for_text("A widow seeks vengeance ...")               # ["revenge", "grief", ...]
    vocab.canonical_person("Jun Jong-seo")                             # "Jeon Jong-seo"

Stdlib only. Theme patterns are Python regexes matched case-insensitively; a pattern may turn
case sensitivity back on for a part with `(?-i:...)` (e.g. `(?-i:faith)` so that the name
"Faith" does not count).

Speed: searching ~300 themes' regexes in every description costs seconds for the 8,807 Netflix
rows, and one big alternation is slower still. So every pattern is indexed by the word it must
start with: its first (up to) four letters ("veng" for `\\bvengeance`), or "the$" for a short
word the pattern spells out in full ("the ripper"). For each word of a text, the patterns
indexed under that word's prefixes are tried *at that word* - first all of them as one
alternation (one regex call rules them out), then, on a hit, theme by theme. This finds exactly
what searching every pattern would (see tests/test_vocab.py) in about half a second for all
Netflix rows. A pattern that cannot be indexed (it does not start at a word boundary with a
literal) is searched in full for every text and listed in `Vocab.unindexed`.

Patterns are combined into alternations, so they must not use backreferences or named groups.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

try:  # Python 3.11+: the parser lives in re._parser (sre_parse is a deprecated alias)
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

__all__ = ["Vocab", "based_on_for_text"]

_KEY_LEN = 4
_WORD = re.compile(r"\w+")
_FLAGS = re.IGNORECASE


# ---------------------------------------------------------------- pattern index

_MAX_HEADS = 96
_END = "\x00"  # the pattern ends here: what follows is unknown


def _heads(seq: list, depth: int = 0) -> set[str] | None:
    """The literal texts a match of `seq` can begin with, as far as the pattern fixes them.

    Expands literals, small character classes ([eé]), optional bits (-?), groups and
    alternations; stops at anything else (then the text ends with _END). A word boundary
    after some text ends the text with a space. None: too many, or nothing literal at all."""
    if depth > 12:
        return None
    out: set[str] = set()

    def walk(items: list, i: int, acc: str) -> bool:
        if len(out) > _MAX_HEADS:
            return False
        while i < len(items):
            if len(acc) > _KEY_LEN or re.search(r"\w\W", acc):
                out.add(acc)
                return True
            op, av = items[i]
            if op is _C.LITERAL:
                acc += chr(av)
                i += 1
            elif op is _C.AT:
                if av is _C.AT_BOUNDARY and acc:
                    acc += " "
                elif av not in (_C.AT_BOUNDARY, _C.AT_BEGINNING):
                    out.add(acc + _END)
                    return True
                i += 1
            elif op in (_C.ASSERT, _C.ASSERT_NOT):
                i += 1  # zero-width; only narrows matches
            elif op is _C.IN:
                chars = [chr(a) for o, a in av if o is _C.LITERAL]
                if len(chars) != len(av) or len(chars) > 4:
                    out.add(acc + _END)
                    return True
                return all(walk(items, i + 1, acc + c) for c in chars)
            elif op is _C.SUBPATTERN:
                return walk(list(av[-1].data) + list(items[i + 1:]), 0, acc)
            elif op is _C.BRANCH:
                rest = list(items[i + 1:])
                return all(walk(list(b.data) + rest, 0, acc) for b in av[1])
            elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) and av[1] == 1 and av[0] in (0, 1):
                rest = list(items[i + 1:])
                ok = walk(list(av[2].data) + rest, 0, acc)
                return ok and (av[0] == 1 or walk(rest, 0, acc))
            else:
                out.add(acc + _END)
                return True
        out.add(acc + _END)
        return True

    if not walk(seq, 0, ""):
        return None
    return out if len(out) <= _MAX_HEADS else None


def _start_keys(seq: list) -> set[str] | None:
    """Index keys of a pattern: for a match that must begin at a word start with a literal,
    the first <=4 letters of that word ("veng"), or "the$" when a shorter word is complete."""
    i = 0
    bounded = False
    while i < len(seq) and seq[i][0] in (_C.AT, _C.ASSERT, _C.ASSERT_NOT):
        if seq[i][0] is _C.AT:
            if seq[i][1] is _C.AT_BOUNDARY:
                bounded = True
            elif seq[i][1] is not _C.AT_BEGINNING:
                return None
        i += 1
    heads = _heads(list(seq[i:]))
    if not heads:
        return None
    keys: set[str] = set()
    for head in heads:
        m = re.match(r"\w+", head)
        if not m:
            return None  # may start with a non-word character: cannot index
        word = m.group(0).lower()
        complete = m.end() < len(head) and head[m.end()] != _END
        if not bounded and not _boundary_first(seq):
            return None
        keys.add(word + "$" if complete and len(word) < _KEY_LEN else word[:_KEY_LEN])
    return keys


def _boundary_first(seq: list) -> bool:
    """True if every match starts at a word boundary (a leading \\b, possibly inside groups)."""
    if not seq:
        return False
    op, av = seq[0]
    if op is _C.AT:
        return av is _C.AT_BOUNDARY or (av is _C.AT_BEGINNING)
    if op in (_C.ASSERT, _C.ASSERT_NOT):
        return _boundary_first(list(seq[1:]))
    if op is _C.SUBPATTERN:
        return _boundary_first(list(av[-1].data))
    if op is _C.BRANCH:
        return all(_boundary_first(list(b.data)) for b in av[1])
    return False


def pattern_keys(pattern: str) -> set[str] | None:
    """Index keys of one pattern (None = cannot be indexed, must always be run)."""
    try:
        parsed = _P.parse(pattern, _FLAGS)
    except Exception:  # noqa: BLE001 - any parser trouble just means "always run"
        return None
    return _start_keys(list(parsed.data))


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
    ("play", re.compile(
        r"\b(?:based on|adapt\w* (?:of|from)|inspired by)\b[^.]{0,40}?\b(?:play|stage (?:play|musical)|broadway (?:play|musical|hit))\b", re.I)),
]


def based_on_for_text(text: str) -> str | None:
    """What a description says the title is based on: "true story", "novel", "comic", "manga",
    "webtoon", "play" - or None. Precise rather than eager: "true love" is not a true story."""
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


class _KeyPatterns:
    """The patterns that can match where a word with one index key starts, one regex per
    theme. `first` is all of them as one alternation with a named group per theme: one call
    rules them all out (the usual case), or names the first theme that matches; the themes
    after it are then tried one by one."""

    __slots__ = ("themes", "regexes", "first")

    def __init__(self, items: list[tuple[int, list[re.Pattern]]]) -> None:
        self.themes = [ti for ti, _ in items]
        self.regexes = [pats[0] if len(pats) == 1
                        else re.compile("|".join(f"(?:{p.pattern})" for p in pats), _FLAGS)
                        for _, pats in items]
        alts = (f"(?P<t{k}>{rx.pattern})" for k, rx in enumerate(self.regexes))
        self.first = re.compile("|".join(alts), _FLAGS)

    def matches(self, m: re.Match, text: str, pos: int, found: set[int]) -> None:
        # the outer named group closes last, so lastgroup names the alternative that matched
        k = int(m.lastgroup[1:]) if m.lastgroup else -1
        if k >= 0:
            found.add(self.themes[k])
        for j in range(k + 1, len(self.themes)):
            ti = self.themes[j]
            if ti not in found and self.regexes[j].match(text, pos):
                found.add(ti)


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
    _index: dict[str, "_KeyPatterns"] = field(default_factory=dict, repr=False)
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
                self._genre_rx[name] = re.compile("|".join(f"(?:{p})" for p in pats), _FLAGS)
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
            compiled = [re.compile(p, _FLAGS) for p in _strs(row.get("patterns"))]
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
            self._index[key] = _KeyPatterns(sorted(by_theme.items()))
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
        for m in _WORD.finditer(text):
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
        cand = [word[:i] for i in range(1, min(n, _KEY_LEN) + 1)]
        if n < _KEY_LEN:
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
