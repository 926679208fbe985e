"""`watchnext watchlist pick`: what tonight? A random 'want' title, weighted by priority and by
how long it has waited, filtered by genre, theme and runtime."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import random
import sys

from ..text import fold
from ..watchlist import Entry, WatchlistError
from .output import NOT_IN_CATALOG, entry_json, load_catalog, open_watchlist


def add_pick_parser(ws) -> None:
    k = ws.add_parser("pick", help="what tonight? a random 'want' title, weighted by priority "
                                   "and by how long it has waited")
    k.add_argument("--genre", action="append", default=[], metavar="G")
    k.add_argument("--theme", action="append", default=[], metavar="T")
    k.add_argument("--max-runtime", type=int, metavar="MIN")
    k.add_argument("--seed", type=int, help="repeatable pick")
    k.add_argument("--json", action="store_true")
    k.set_defaults(func=cmd_pick)


def pick_weight(e: Entry, today: _dt.date) -> float:
    """Priority doubles the odds per point (capped at +/-5); waiting adds one 'share' per 60
    days on the list (capped at two years)."""
    try:
        days = (today - _dt.date.fromisoformat(e.added)).days if e.added else 0
    except ValueError:
        days = 0
    days = min(max(days, 0), 730)
    return 2.0 ** max(-5, min(5, e.priority)) * (1 + days / 60)


def cmd_pick(args: argparse.Namespace) -> int:
    wl = open_watchlist(write=False)
    cat = load_catalog()
    want = [e for e in wl.entries() if e.status == "want"]
    if not want:
        raise WatchlistError("nothing to pick: no title on your watchlist has status 'want' "
                             "(add one: watchnext watchlist add TITLE)")
    genres = [fold(g) for g in args.genre]
    themes = [fold(t) for t in args.theme]
    aliases = {fold(name): {fold(a) for a in al} | {fold(name)}
               for name, al in getattr(cat, "theme_aliases", {}).items()}
    pool = []
    unknown: list[str] = []  # titles left out because the catalog cannot say (no runtime...)
    for e in want:
        t = cat.get(e.id)
        if genres or themes or args.max_runtime is not None:
            if t is None:
                unknown.append(f"{e.label} {NOT_IN_CATALOG}")
                continue
            tg = {fold(g) for g in t.genres}
            if any(g not in tg for g in genres):
                continue
            tt = set()
            for th in t.themes:
                tt |= aliases.get(fold(th), {fold(th)})
            if any(th not in tt for th in themes):
                continue
            if args.max_runtime is not None and not t.runtime:
                unknown.append(f"{t.label} (runtime unknown)")
                continue
            if args.max_runtime is not None and t.runtime > args.max_runtime:
                continue
        pool.append((e, t))
    skipped = ""
    if unknown:
        skipped = (f"{len(unknown)} left out, the catalog cannot tell: {'; '.join(unknown[:3])}"
                   + ("; ..." if len(unknown) > 3 else ""))
    if not pool:
        asked = [f"genre {g!r}" for g in args.genre] + [f"theme {t!r}" for t in args.theme]
        if args.max_runtime is not None:
            asked.append(f"at most {args.max_runtime} min")
        raise WatchlistError(f"none of the {len(want)} 'want' titles on your watchlist fits "
                             f"{', '.join(asked)}" + (f" ({skipped})" if skipped else ""))
    today = _dt.date.today()
    rng = random.Random(args.seed)
    e, t = rng.choices(pool, weights=[pick_weight(x, today) for x, _ in pool])[0]
    if args.json:
        d = entry_json(e, cat)
        d["candidates"] = len(pool)
        d["left_out_unknown"] = len(unknown)
        if t is not None:
            d.update(kind=t.kind, runtime=t.runtime, genres=list(t.genres))
        json.dump(d, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    bits = []
    if t is not None:
        bits.append(t.kind)
        if t.runtime:
            bits.append(f"{t.runtime} min")
        if t.genres:
            bits.append(", ".join(t.genres[:3]))
    else:
        bits.append(NOT_IN_CATALOG)
    print(f"Tonight: {e.label}" + (f" — {'; '.join(bits)}" if bits else ""))
    why = []
    if e.added:
        try:
            days = (today - _dt.date.fromisoformat(e.added)).days
            why.append(f"on your list since {e.added} ({days} day{'s' if days != 1 else ''})")
        except ValueError:
            pass
    if e.priority:
        why.append(f"priority {e.priority}")
    if e.note:
        why.append(f"note: {e.note}")
    if why:
        print("  " + "; ".join(why))
    print(f"  picked among {len(pool)} title{'s' if len(pool) != 1 else ''}; id {e.id}")
    if skipped:
        print(f"  {skipped}")
    return 0
