"""`watchnext watchlist ...`: list, add, remove, set (pick.py: pick; transfer.py: export,
import; diary.py: log).

Every handler opens the watchlist first: a corrupt file stops every command (list included) with
one line naming the file and the line, and the file is left exactly as it is."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata

from ..text import fold, fold_title
from ..watchlist import (
    SORTS,
    STATUSES,
    Entry,
    Watchlist,
    WatchlistError,
    check_progress,
    clean_tags,
    parse_progress,
    parse_rating,
    sort_entries,
    stars,
)
from .output import NOT_IN_CATALOG, entry_json, load_catalog, open_watchlist


def add_parsers(sub) -> None:
    p = sub.add_parser(
        "watchlist", help="your watchlist: list, add, remove, set, pick, export, import",
        description="With no action, lists your watchlist. The file is "
                    "user_data_dir/watchnext/watchlist.toml (see `watchnext catalog path`).")
    p.add_argument("--status", dest="wl_status", choices=STATUSES, help="only this status")
    p.add_argument("--tag", dest="wl_tag", action="append", metavar="T",
                   help="only entries with this tag (repeat: all of them)")
    p.add_argument("--sort", dest="wl_sort", choices=list(SORTS), default="added",
                   help="order: " + "; ".join(f"{k} ({label.lower()})"
                                              for k, (label, _) in SORTS.items())
                   + " (default: added)")
    p.add_argument("--json", dest="wl_json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_list)
    ws = p.add_subparsers(dest="wl_action", metavar="ACTION")

    def target(q, verb):
        q.add_argument("title", nargs="*", metavar="TITLE", help=f"the title to {verb}")
        q.add_argument("--year", type=int, help="its year, when several titles share the name")
        q.add_argument("--id", dest="title_id", metavar="ID", help="catalog id (or IMDb tt id)")

    a = ws.add_parser("add", help="put a title on the list")
    target(a, "add")
    a.add_argument("--status", choices=STATUSES, default="want")
    a.add_argument("--tag", action="append", default=[], metavar="T")
    a.add_argument("--priority", type=int, default=0, metavar="N")
    a.add_argument("--note", default="", metavar="TEXT")
    a.set_defaults(func=cmd_add)

    r = ws.add_parser("remove", help="take a title off the list")
    target(r, "remove")
    r.set_defaults(func=cmd_remove)

    s = ws.add_parser("set", help="change status, rating, note, progress, priority, tags")
    target(s, "change")
    s.add_argument("--status", choices=STATUSES)
    s.add_argument("--rating", metavar="R",
                   help="0.5 to 5 in halves (4.5), or 1-10 as 9/10; 'none' clears it")
    s.add_argument("--note", metavar="TEXT", help="'' clears it")
    s.add_argument("--progress", metavar="S2E8", help="series: season and episode; '' clears it")
    s.add_argument("--priority", type=int, metavar="N", help="higher comes first in pick")
    s.add_argument("--tag", action="append", default=[], metavar="T", help="add a tag")
    s.add_argument("--untag", action="append", default=[], metavar="T", help="remove a tag")
    s.set_defaults(func=cmd_set)
    from .diary import add_log_parser
    from .pick import add_pick_parser
    from .transfer import add_transfer_parsers

    add_pick_parser(ws)
    add_transfer_parsers(ws)
    add_log_parser(ws)


# ---------------------------------------------------------------------------------------------
# helpers
def _name(args) -> str:
    return " ".join(args.title).strip()


def _title_to_add(args, cat):
    from .output import named_title

    return named_title(cat, args.title, args.year, args.title_id)


def _entry_on_list(args, wl: Watchlist, cat) -> Entry:
    """The watchlist entry the person names: by --id, else by title (+year) among the entries
    (so titles that left the catalog can still be named), else through the catalog."""
    if args.title_id:
        tid = args.title_id.strip()
        e = wl.get(tid)
        if e is None and tid.startswith("tt"):
            e = next((x for x in wl.entries() if x.imdb == tid), None)
        if e is None:
            raise WatchlistError(f"id {tid!r} is not on your watchlist")
        return e
    name = _name(args)
    if not name:
        raise WatchlistError("give a TITLE (and --year if needed) or --id ID")
    key, typed = fold_title(name), fold(name)
    # entries named so; those spelt exactly so, article and all (as catalog.find)
    found, spelt = [], []
    for e in wl.entries():
        t = cat.get(e.id)
        names = [e.title] + ([t.title, t.original_title] if t is not None else [])
        if (key in {fold_title(n) for n in names if n}
                and (args.year is None or e.year == args.year)):
            found.append(e)
            if typed in {fold(n) for n in names if n}:
                spelt.append(e)
    if not spelt:  # through the catalog: other names ("Money Heist"), and the exact spelling
        in_catalog = cat.find(name, args.year)
        on_list = [e for e in (wl.get(t.id) for t in in_catalog) if e is not None]
        label = f"{name} ({args.year})" if args.year else name
        if on_list:
            found = on_list
        elif found and any(typed in {fold(n) for n in (t.title, t.original_title, *t.aka) if n}
                           for t in in_catalog):  # "Glory" is a title; "The Glory" is listed
            listed = "; ".join(f"{e.label} --id {e.id}" for e in found)
            raise WatchlistError(f"{label!r} is not on your watchlist (on it: {listed})")
        elif not found and len(in_catalog) == 1:
            t = in_catalog[0]
            raise WatchlistError(f"{t.label} is not on your watchlist "
                                 f"(add it: watchnext watchlist add --id {t.id})")
        elif not found:
            raise WatchlistError(f"{label!r} is not on your watchlist")
    found = spelt or found
    if len(found) == 1:
        return found[0]
    listed = "; ".join(f"{e.label} --id {e.id}" for e in found)
    raise WatchlistError(f"{len(found)} entries on your watchlist are called {name!r}: "
                         f"{listed}")


def _cells(s: str) -> int:
    n = 0
    for ch in s:
        if unicodedata.combining(ch):
            continue
        n += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return n


def _fit(s: str, width: int) -> str:
    if _cells(s) <= width:
        return s
    out, n = "", 0
    for ch in s:
        w = _cells(ch)
        if n + w > width - 1:
            break
        out, n = out + ch, n + w
    return out + "…"


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - _cells(s))

# ---------------------------------------------------------------------------------------------
# handlers


def cmd_list(args: argparse.Namespace) -> int:
    wl = open_watchlist(write=False)
    cat = load_catalog()
    entries = wl.entries()
    if args.wl_status:
        entries = [e for e in entries if e.status == args.wl_status]
    for tag in args.wl_tag or []:
        entries = [e for e in entries if tag.casefold() in {t.casefold() for t in e.tags}]
    entries = sort_entries(entries, args.wl_sort)
    if args.wl_json:
        json.dump([entry_json(e, cat) for e in entries], sys.stdout, ensure_ascii=False,
                  indent=2)
        sys.stdout.write("\n")
        return 0
    if not entries:
        if len(wl):
            print("No entry matches.")
        else:
            print("Your watchlist is empty: add a title with  watchnext watchlist add TITLE")
        return 0
    head = ("TITLE", "YEAR", "STATUS", "RATING", "PROGRESS", "TAGS", "NOTE")
    rows = []
    for e in entries:
        title = e.title if cat.get(e.id) is not None else f"{e.title} {NOT_IN_CATALOG}"
        rows.append((_fit(title, 48), str(e.year or ""), e.status, stars(e.rating), e.progress,
                     _fit(", ".join(e.tags), 24), _fit(" ".join(e.note.split()), 40)))
    widths = [max(_cells(r[i]) for r in rows + [head]) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip())
    counts = {s: sum(1 for e in entries if e.status == s) for s in STATUSES}
    print(f"\n{len(entries)} title{'s' if len(entries) != 1 else ''}: "
          + ", ".join(f"{n} {s}" for s, n in counts.items() if n))
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    wl = open_watchlist()
    cat = load_catalog()
    t = _title_to_add(args, cat)
    existing = wl.get(t.id)
    entry = wl.add(t, status=args.status, tags=clean_tags(args.tag), priority=args.priority,
                   note=args.note)
    if existing is not None:
        print(f"{entry.label} is already on your watchlist ({entry.status}); change it with "
              f"watchnext watchlist set --id {entry.id} ...")
        return 0
    print(f"Added {entry.label} [{entry.id}] to your watchlist ({entry.status}).")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    wl = open_watchlist()
    cat = load_catalog()
    e = _entry_on_list(args, wl, cat)
    wl.remove(e.id)
    print(f"Removed {e.label} [{e.id}] from your watchlist.")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    wl = open_watchlist()
    cat = load_catalog()
    e = _entry_on_list(args, wl, cat)
    fields: dict = {}
    if args.status is not None:
        fields["status"] = args.status
    if args.rating is not None:
        fields["rating"] = _rating_option(args.rating)
    if args.note is not None:
        fields["note"] = args.note
    if args.priority is not None:
        fields["priority"] = args.priority
    if args.progress is not None:
        progress = parse_progress(args.progress)
        try:
            check_progress(cat.get(e.id), progress)
        except WatchlistError as err:
            raise WatchlistError(f"--progress {args.progress}: {err}") from None
        fields["progress"] = progress
        if progress and "status" not in fields and e.status == "want":
            fields["status"] = "watching"
    if args.tag or args.untag:
        drop = {t.casefold() for t in args.untag}
        fields["tags"] = clean_tags([t for t in e.tags + clean_tags(args.tag)
                                     if t.casefold() not in drop])
    if not fields:
        raise WatchlistError("nothing to set: give --status, --rating, --note, --progress, "
                             "--priority, --tag or --untag")
    from ..watchlist.importer import MERGED_FIELDS, field_text

    new = wl.update(e.id, **fields)
    changes = [f"{n} {field_text(n, getattr(e, n))} -> {field_text(n, getattr(new, n))}"
               for n in MERGED_FIELDS if getattr(e, n) != getattr(new, n)]
    print(f"{new.label}: " + ("; ".join(changes) if changes else "nothing changed"))
    return 0


def _rating_option(text: str) -> float | None:
    """--rating: 0.5 to 5 (or 9/10...); clearing is said in words (none), never a 0 typed by
    mistake."""
    if text.strip().casefold() in ("none", "clear", ""):
        return None
    value = parse_rating(text)
    if value is None:  # '0', '-': "no rating" in an import file, not on the command line
        raise WatchlistError(f"--rating {text}: ratings go from 0.5 to 5 in halves (or 1-10 as "
                             "9/10); --rating none clears the rating")
    return value
