"""`watchnext stats`: what you watched, in numbers and bars (text or --json)."""

from __future__ import annotations

import argparse
import shutil

from .output import load_catalog, print_json


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "stats", help="your taste in numbers: titles per month and year, ratings, top genres...",
        description="Counts what your watchlist says you watched: titles per month and per "
                    "year, your ratings, the top genres, themes, countries, decades, directors "
                    "and actors, hours watched, and your ratings by genre.")
    p.add_argument("--json", dest="stats_json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)


def cmd_stats(args: argparse.Namespace) -> int:
    from ..stats import compute
    from ..stats.text import report
    from ..watchlist import Watchlist

    wl = Watchlist.open()
    wl.check_readable()
    cat = load_catalog()
    s = compute(wl.entries(), cat)
    if args.stats_json:
        print_json(s.to_json())
        return 0
    width = min(100, shutil.get_terminal_size((80, 24)).columns)
    print("\n".join(report(s, width)))
    return 0
