"""The theme patterns indexed by the word they must start with (used by vocab.Vocab).

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

try:  # Python 3.11+: the parser lives in re._parser (sre_parse is a deprecated alias)
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as _C  # type: ignore[no-redef]
    import sre_parse as _P  # type: ignore[no-redef]

KEY_LEN = 4
WORD = re.compile(r"\w+")
FLAGS = re.IGNORECASE


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
            if len(acc) > KEY_LEN or re.search(r"\w\W", acc):
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
        keys.add(word + "$" if complete and len(word) < KEY_LEN else word[:KEY_LEN])
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
        parsed = _P.parse(pattern, FLAGS)
    except Exception:  # noqa: BLE001 - any parser trouble just means "always run"
        return None
    return _start_keys(list(parsed.data))


class KeyPatterns:
    """The patterns that can match where a word with one index key starts, one regex per
    theme. `first` is all of them as one alternation with a named group per theme: one call
    rules them all out (the usual case), or names the first theme that matches; the themes
    after it are then tried one by one."""

    __slots__ = ("themes", "regexes", "first")

    def __init__(self, items: list[tuple[int, list[re.Pattern]]]) -> None:
        self.themes = [ti for ti, _ in items]
        self.regexes = [pats[0] if len(pats) == 1
                        else re.compile("|".join(f"(?:{p.pattern})" for p in pats), FLAGS)
                        for _, pats in items]
        alts = (f"(?P<t{k}>{rx.pattern})" for k, rx in enumerate(self.regexes))
        self.first = re.compile("|".join(alts), FLAGS)

    def matches(self, m: re.Match, text: str, pos: int, found: set[int]) -> None:
        # the outer named group closes last, so lastgroup names the alternative that matched
        k = int(m.lastgroup[1:]) if m.lastgroup else -1
        if k >= 0:
            found.add(self.themes[k])
        for j in range(k + 1, len(self.themes)):
            ti = self.themes[j]
            if ti not in found and self.regexes[j].match(text, pos):
                found.add(ti)
