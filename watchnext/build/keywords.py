"""Keywords: the few telling words of a title's descriptions, shipped where the prose is not.

A description says what a title is about in words the theme vocabulary does not have
("submarine", "hacker", "heist" is a theme but "vault" is not). For each record, the words of
its descriptions (platform descriptions, the story sentences of its Wikipedia extract, a
curated synopsis) are weighed by tf-idf over every description in the build; its `MAX_KEYWORDS`
best words that at least `MIN_DF` other descriptions share and at most `MAX_DF_SHARE` of them use
become `keywords`. Only nouns count, told by use: words the descriptions mostly write after a
determiner ("a submarine", "the nuclear submarine"), not ending like an adverb, a participle or
an adjective ("-ly", "-ing", "-ous"...); only words written in lower case (a capitalised
word is a name, a place or a sentence's first word); plurals fold into their singular, and a
title's own words are left out (they are already its title). More like this counts shared keywords as evidence; they are
single derived words, never a sentence.
"""

from __future__ import annotations

import math
import re
from collections import Counter

MAX_KEYWORDS = 6
MIN_DF = 3
MAX_DF_SHARE = 0.006
_WORD = re.compile(r"(?<![\w'-])[a-z][a-z-]{3,}[a-z](?![\w'-])")
# words any plot summary uses, frequent or not: they say nothing about the title
STOP = frozenset("""
about above across after again against along already also although always among another
anyone anything around away back because become becomes becoming been before begin begins
behind being below beneath best better between beyond both bring brings came cannot caught
chance change changes come comes coming could days decide decides despite does doing done
down during each either else enough even ever every everything face faces fact find finds
first follow follows former from full gets getting give given gives goes going gone good
great have having help helps here herself himself however inside into itself just keep
keeps know known last later learn learns least leave leaves left less life like little
live lives long look looking looks lose loses lost made make makes making many meet meets
might more most much must myself near need needs never next nothing often once only onto
other others otherwise over own part past people perhaps place plan plans quickly rather
real really right same seem seems sets several should show shows since some someone
something soon still such take takes taking tells than that their them themselves then
there these they thing things this those though three through throughout time times
together told toward towards tries trying turn turns under unless until upon very want
wants well were what whatever when where whether which while whole whose will with within
without work works world would year years young your along amid amidst aboard onward
film films movie movies series documentary story stories tale season episode episodes
star stars starring features featuring follow-up sequel prequel remake version adaptation
based directed written produced released character characters role roles actor actress
person thing element topic course choice kind sort type side matter issue point idea case
reason moment beginning start rest message result version number group member members
shown context narration subject credit credits debut genre script screenplay cameo compilation
chronicle creator program premiere release footage novelette novella title effort account
process present reveal reveals threaten threatens survive loves forever earlier wrong middle
hidden desperate fourth fifth sixth seventh eighth ninth tenth seven eight nine twelve twenty
hundred thousand million dozen survives public hands outside similar grows common piece
theme question event state figure style feeling consequence
""".split())


def _singular(w: str, known: Counter) -> str:
    if w.endswith("ies") and len(w) > 5 and w[:-3] + "y" in known:
        return w[:-3] + "y"
    if w.endswith("es") and len(w) > 5 and w[:-2] in known:
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 4 and w[:-1] in known:
        return w[:-1]
    return w


# a noun follows a determiner, perhaps after a modifier or two: "a submarine", "the nuclear
# submarine", "her submarine captain"; adverbs, participles and most adjectives are told by their
# endings
_DET = frozenset("a an the his her their its this that our my your one every no each".split())
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'-]*|[.,;:!?()]")
_NOT_NOUN = re.compile(r"(?:ly|ing|ed|ous|ful|ive|ible|able|less|est|ish)$")
NOUN_SHARE = 0.4  # a keyword follows a determiner in at least this share of its uses
# and ends a noun phrase ("the submarine.", "a nuclear submarine of") in at least this share: an
# adjective ("a sinister plot", "a magical world") almost never does
HEAD_SHARE = 0.2
_AFTER_HEAD = frozenset("of and or who which that is are was in to with from for at on by as "
                        "but into after when while".split())


def _nouns(texts: list[str]) -> set[str]:
    """The words the descriptions use as nouns often enough: keywords are things and places,
    not "shocking" or "desperately"."""
    near: Counter = Counter()
    uses: Counter = Counter()
    heads: Counter = Counter()
    for text in texts:
        toks = _TOKEN.findall(text)
        for k, w in enumerate(toks):
            if not w.islower() or _NOT_NOUN.search(w):
                continue
            uses[w] += 1
            nxt = toks[k + 1] if k + 1 < len(toks) else "."
            if not nxt[0].isalpha() or nxt.lower() in _AFTER_HEAD:
                heads[w] += 1
            for d in (1, 2, 3):
                if k - d < 0:
                    break
                prev = toks[k - d]
                if prev.lower() in _DET:
                    near[w] += 1
                    break
                if not prev.islower():
                    break
    return {w for w, c in near.items()
            if c >= 2 and c >= NOUN_SHARE * uses[w] and heads[w] >= HEAD_SHARE * uses[w]}


def derive_keywords(records: list[dict]) -> dict[str, int]:
    """Set `keywords` on every record from its `_text` (removed: never written out)."""
    texts = [f"{r.pop('_text', '') or ''} {r.get('synopsis', '') or ''}" for r in records]
    nouns = _nouns(texts)
    words_of: list[list[str]] = []
    seen: Counter = Counter()
    for text in texts:
        ws = [w for w in _WORD.findall(text) if w not in STOP]
        words_of.append(ws)
        seen.update(ws)
    df: Counter = Counter()
    docs: list[Counter] = []
    for r, ws in zip(records, words_of):
        own = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]+", r.get("title", ""))}
        tf = Counter(w for w in (_singular(w, seen) for w in ws if w in nouns)
                     if w not in own and w not in STOP)
        docs.append(tf)
        df.update(tf.keys())
    n = sum(1 for tf in docs if tf)
    hi = max(MIN_DF + 1, int(MAX_DF_SHARE * n))
    with_kw = 0
    for r, tf in zip(records, docs):
        scored = [(c * math.log(n / df[w]), w) for w, c in tf.items() if MIN_DF <= df[w] <= hi]
        scored.sort(key=lambda x: (-x[0], x[1]))
        r["keywords"] = [w for _, w in scored[:MAX_KEYWORDS]]
        with_kw += bool(r["keywords"])
    return {"descriptions": n, "with_keywords": with_kw, "max_df": hi}
