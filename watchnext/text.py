"""Text normalisation shared by the catalog, search, similar and the watchlist importers."""

from __future__ import annotations

import re
import unicodedata

_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")
_ARTICLES = ("the ", "a ", "an ", "le ", "la ", "les ", "el ", "los ", "las ", "il ", "der ", "die ", "das ")


def fold(text: str) -> str:
    """Lowercase, strip accents (but keep Hangul, kana, CJK), punctuation to spaces, one space."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text)
    text = text.replace("&", " and ").replace("'", "").replace("\u2019", "")
    text = _PUNCT.sub(" ", text).replace("_", " ")
    return _SPACE.sub(" ", text).strip()


def fold_title(text: str) -> str:
    """fold() and drop one leading article: 'The Call' and 'call' compare equal."""
    t = fold(text)
    for art in _ARTICLES:
        if t.startswith(art) and len(t) > len(art):
            return t[len(art):]
    return t


def compact(text: str) -> str:
    """fold() with no spaces at all: 'Squid Game' -> 'squidgame'."""
    return fold(text).replace(" ", "")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).encode("ascii", "ignore").decode()).strip("-") or "x"


_LINK_STOP = frozenset("the a an of and in on to for with by at from part chapter vol volume movie "
                       "film returns return story saga episode ii iii iv".split())


def link_words(folded_title: str) -> set[str]:
    """The words that tell a real sequel from a filmography chain: "toy story 2" and "toy
    story" share "toy"; "aliens" counts as "alien". Numbers, short words and sequel words
    ("part", "returns", "chapter") do not count."""
    out = set()
    for w in folded_title.split():
        if w in _LINK_STOP or w.isdigit() or len(w) < 3:
            continue
        out.add(w[:-1] if len(w) > 4 and w.endswith("s") else w)
    return out


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def has_control(text: str) -> bool:
    return bool(_CONTROL.search(text))


def visible(text: str) -> str:
    """Text as data, safe to print on a terminal: every C0/C1 control character (but newline
    and tab) and every lone surrogate becomes a visible escape ("\\x1b", "\\ud800"), so that
    nothing from a catalog, a watchlist or an import file can move the cursor, retitle the
    terminal or wipe the screen."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


class VisibleWriter:
    """A text stream that writes through `visible()`: the CLI's one output boundary."""

    def __init__(self, stream) -> None:
        self._stream = stream

    def write(self, s: str) -> int:
        return self._stream.write(visible(s))

    def __getattr__(self, name):
        return getattr(self._stream, name)
