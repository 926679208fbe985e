"""`watchnext search QUERY` and `watchnext similar TITLE`: the search box and "more like this"
from the shell, as aligned text or --json.

    watchnext search korean revenge [--limit N] [--json]
    watchnext search -genre:horror zombie       (a "-" word anywhere is a negation)
    watchnext similar Ballerina --year 2023 [--also "The Call"] [--films|--series]
                      [--not-on-watchlist] [--limit N] [--json]
    watchnext similar --id nf-s1644

JSON shapes:

    search  -> [{"id", "title", "original_title" (or null), "year", "kind", "score",
                 "genres": [...], "themes": [...], "countries": [...], "platforms": [...],
                 "matched": ["title", "cast: Jeon Jong-seo", "theme: revenge", ...]}, ...]
    similar -> {"for": [ids of the input titles],
                "results": [{"id", "title", "year", "kind", "score", "genres": [...],
                             "reasons": ["same director: Lee Chung-hyun", ...]}, ...]}

An unknown title prints "did you mean" suggestions and exits 1 (cli.py); an empty search
prints nothing on stdout ([] with --json) and exits 0; a filter value that names nothing in the
catalog (genre:horrror) is one line with the closest name, and exit 1.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import unicodedata

from ..model import Title

SEARCH_EPILOG = """\
query syntax (words combine; every word must match):
  balerina, squidgame, 발레리나      titles, with typos, missing spaces, original titles
  jun jong-seo, scorsese            people (any alias the catalog knows)
  korean revenge, heist 90s         countries/demonyms, genres, themes, years, decades
  genre:comedy  theme:"time travel"  country:france  lang:korean  with:"keanu reeves"
  year:2015  year:2015..2020  year:..1999  kind:series|film  on:netflix  true:yes|no
  -theme:revenge  -kind:series  -zombie   leave out what matches (anywhere in the query)
a query that spells a title puts it first; when no title matches every word, those matching
all words but one are listed. An empty query lists curated, richly described, recent titles
(filters apply). A filter value the catalog does not know is an error naming the closest one."""


def add_parsers(sub) -> None:
    s = sub.add_parser("search", help="find titles by title, person, genre, theme, country, year...",
                       epilog=SEARCH_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    s.add_argument("query", nargs="*", help="words and filters (quote filters with spaces)")
    s.add_argument("--limit", "-n", type=_positive, default=20, help="how many results (default 20)")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    s.set_defaults(func=cmd_search)

    m = sub.add_parser("similar", help="more like this: titles a fan of TITLE wants next, and why")
    m.add_argument("title", nargs="*", help="title (or id)")
    m.add_argument("--year", type=int, help="the title's year, when several share its name")
    m.add_argument("--id", dest="title_id", metavar="ID",
                   help="the title's id, or its IMDb id (instead of its name)")
    m.add_argument("--also", action="append", default=[], metavar="TITLE",
                   help="another liked title (repeatable): recommend for all of them at once")
    m.add_argument("--limit", "-n", type=_positive, default=20, help="how many results (default 20)")
    kind = m.add_mutually_exclusive_group()
    kind.add_argument("--films", dest="kind", action="store_const", const="film", help="films only")
    kind.add_argument("--series", dest="kind", action="store_const", const="series",
                      help="series only")
    m.add_argument("--not-on-watchlist", action="store_true",
                   help="leave out titles already on your watchlist")
    m.add_argument("--json", action="store_true", help="print JSON instead of a table")
    m.set_defaults(func=cmd_similar)


SEARCH_OPTIONS = ("--limit", "-n", "--json", "--help", "-h")
_TAKES_VALUE = ("--limit", "-n")


def search_argv(argv: list[str]) -> list[str]:
    """`search`'s arguments with every query word after a "--": a word starting with "-" is a
    negation (`-kind:series`, `-zombie`), not an option, wherever it is; the options (--limit,
    -n, --json, --help, or a prefix of one, as argparse takes them) are options wherever they
    are, "--" included, and so is any other "--word" (a mistyped option is an error, not a
    query word)."""
    opts: list[str] = []
    words: list[str] = []
    it = iter(argv)
    for a in it:
        if a == "--":
            continue
        name = a.split("=", 1)[0]
        if name.startswith("--") and len(name) > 2:
            full = [o for o in SEARCH_OPTIONS if o.startswith(name)]
            name = full[0] if len(full) == 1 else name
        if name in SEARCH_OPTIONS or name.startswith("--"):  # --limt: argparse says so
            opts.append(a)
            if name in _TAKES_VALUE and "=" not in a:
                opts.extend(list(itertools.islice(it, 1)))  # its value (argparse checks it)
        elif a[:2] == "-n" and a[2:].isdigit():  # -n5
            opts.append(a)
        else:
            words.append(a)
    return opts + (["--", *words] if words else [])


def _positive(v: str) -> int:
    try:
        n = int(v)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{v!r} is not a number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("should be at least 1")
    return n


def _load():
    from .output import load_catalog

    return load_catalog()


# ------------------------------------------------------------------ text layout

def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _fit(s: str, n: int) -> str:
    """`s` cut to n terminal columns (with an ellipsis) and padded to exactly n."""
    s = " ".join(s.split())
    if _width(s) > n:
        out, w = [], 0
        for ch in s:
            cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            if w + cw > n - 1:
                break
            out.append(ch)
            w += cw
        s = "".join(out) + "…"
    return s + " " * (n - _width(s))


def _genres(t: Title) -> str:
    return ", ".join(t.genres[:3])


def _row(rank: int, t: Title, rank_w: int, title_w: int, genre_w: int = 0) -> str:
    genres = _fit(_genres(t), genre_w) if genre_w else _genres(t)
    line = f"{rank:>{rank_w}}  {_fit(t.title, title_w)}  {t.year}  {t.kind:<6}  {genres}"
    return line if genre_w else line.rstrip()


# ------------------------------------------------------------------ search

def hit_json(h) -> dict:
    t = h.title
    return {"id": t.id, "title": t.title, "original_title": t.original_title or None,
            "year": t.year, "kind": t.kind, "score": h.score, "genres": list(t.genres),
            "themes": list(t.themes), "countries": list(t.countries),
            "platforms": list(t.platforms), "matched": list(h.matched)}


def cmd_search(args) -> int:
    from .output import print_json
    from ..search import MAX_QUERY, parse_query, search, unknown_filters

    query = " ".join(args.query)
    parsed = parse_query(query)
    for problem in parsed.problems:
        print(f"watchnext: warning: {problem}", file=sys.stderr)
    query = query[:MAX_QUERY]
    cat = _load()
    errors, warnings = unknown_filters(cat, parsed.filters)
    for problem in warnings:  # a negated value that names nothing leaves nothing out
        print(f"watchnext: warning: {problem}", file=sys.stderr)
    if errors:  # a value a title must have names nothing: no title could match
        for problem in errors:
            print(f"watchnext: error: {problem}", file=sys.stderr)
        return 1
    hits = search(cat, query, limit=args.limit)
    if args.json:
        print_json([hit_json(h) for h in hits])
        return 0
    if not hits:
        print(f"no titles match {query!r}", file=sys.stderr)
        near = cat.suggest(parsed.text) if parsed.text.strip() else []
        if near:  # a title misspelt past what search forgives
            print("did you mean: " + "; ".join(t.label for t in near[:3]), file=sys.stderr)
        return 0
    rank_w = len(str(len(hits)))
    title_w = min(44, max(_width(h.title.title) for h in hits))
    genre_w = min(30, max(_width(_genres(h.title)) for h in hits))
    for n, h in enumerate(hits, 1):
        why = ", ".join(m for m in h.matched if m not in ("default",))
        line = _row(n, h.title, rank_w, title_w, genre_w if why else 0)
        print(f"{line}  [{why}]" if why else line)
    return 0


# ------------------------------------------------------------------ similar

def _watchlist_ids() -> set[str]:
    """Ids on the user's watchlist (empty when the watchlist module or file is missing)."""
    try:
        from ..watchlist import Watchlist  # written alongside; optional here
    except ImportError:
        return set()
    try:
        entries = Watchlist.open().entries()
    except Exception as err:  # noqa: BLE001 - a broken watchlist must not stop recommendations
        print(f"watchnext: warning: cannot read the watchlist: {err}", file=sys.stderr)
        return set()
    out: set[str] = set()
    for e in entries:
        tid = (e.get("id") or e.get("title_id")) if isinstance(e, dict) else (
            getattr(e, "id", None) or getattr(e, "title_id", None))
        if isinstance(tid, str):
            out.add(tid)
    return out


def match_json(m) -> dict:
    t = m.title
    return {"id": t.id, "title": t.title, "year": t.year, "kind": t.kind, "score": m.score,
            "genres": list(t.genres), "reasons": list(m.reasons)}


def cmd_similar(args) -> int:
    from .output import print_json
    from ..similar import similar

    from .output import named_title

    if not args.title and not args.title_id:
        print("watchnext: error: name a title (or give --id)", file=sys.stderr)
        return 2
    cat = _load()
    inputs = [named_title(cat, args.title, args.year, args.title_id)]
    for name in args.also:
        t = cat.resolve(name)
        if t not in inputs:
            inputs.append(t)
    exclude = _watchlist_ids() if args.not_on_watchlist else set()
    recs = similar(cat, inputs if len(inputs) > 1 else inputs[0], limit=args.limit,
                   kind=args.kind, exclude_ids=exclude)
    if args.json:
        print_json({"for": [t.id for t in inputs], "results": [match_json(m) for m in recs]})
        return 0
    names = " + ".join(f"{t.title} ({t.year}, {t.kind})" for t in inputs)
    print(f"More like {names}:")
    if not recs:
        print("  nothing close enough in the catalog")
        return 0
    rank_w = len(str(len(recs)))
    title_w = min(44, max(_width(m.title.title) for m in recs))
    pad = " " * (rank_w + 2)
    for n, m in enumerate(recs, 1):
        print(_row(n, m.title, rank_w, title_w))
        if m.reasons:
            print(f"{pad}  " + " · ".join(m.reasons))
    return 0
