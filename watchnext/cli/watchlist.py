"""`watchnext watchlist ...`: list, add, remove, set, pick, export, import.

Every handler opens the watchlist first: a corrupt file stops every command (list included) with
one line naming the file and the line, and the file is left exactly as it is."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import random
import sys
import time
import unicodedata
from pathlib import Path

from ..text import fold, fold_title
from ..watchlist import (
    SORTS,
    STATUSES,
    Entry,
    Watchlist,
    WatchlistError,
    atomic_write,
    check_progress,
    clean_tags,
    parse_progress,
    parse_rating,
    sort_entries,
    stars,
)
from .output import load_catalog

NOT_IN_CATALOG = "(not in catalog)"


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

    k = ws.add_parser("pick", help="what tonight? a random 'want' title, weighted by priority "
                                   "and by how long it has waited")
    k.add_argument("--genre", action="append", default=[], metavar="G")
    k.add_argument("--theme", action="append", default=[], metavar="T")
    k.add_argument("--max-runtime", type=int, metavar="MIN")
    k.add_argument("--seed", type=int, help="repeatable pick")
    k.add_argument("--json", action="store_true")
    k.set_defaults(func=cmd_pick)

    e = ws.add_parser("export", help="write the list for Letterboxd, IMDb, or as JSON/CSV")
    e.add_argument("--format", required=True, choices=("letterboxd", "imdb", "json", "csv"))
    e.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    e.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    e.add_argument("--status", choices=STATUSES, help="only entries with this status")
    e.set_defaults(func=cmd_export)

    i = ws.add_parser("import", help="read a Letterboxd, IMDb, Netflix or Trakt export, or our "
                                     "JSON/CSV",
                      description="FILE: a Letterboxd CSV or its whole export (zip or folder), "
                                  "an IMDb ratings or list CSV, NetflixViewingHistory.csv, a "
                                  "Trakt JSON export (file or folder), or our JSON/CSV.")
    i.add_argument("file", metavar="FILE")
    i.add_argument("--format", default="auto",
                   choices=("auto", "letterboxd", "imdb", "json", "csv", "netflix",
                            "letterboxd-export", "trakt"))
    i.add_argument("--date-order", choices=("day", "month"),
                   help="Netflix: whether its dates put the day or the month first (default: "
                        "told from the dates, and said when it cannot be)")
    i.add_argument("--status", choices=STATUSES,
                   help="status for every imported title (default: from the file)")
    i.add_argument("--dry-run", action="store_true", help="show what would happen, change nothing")
    i.set_defaults(func=cmd_import)

    from .diary import add_log_parser

    add_log_parser(ws)


# ---------------------------------------------------------------------------------------------
# helpers


def _open(write: bool = True) -> Watchlist:
    """The watchlist, checked first: a corrupt or unreadable file stops every command here,
    naming file and line (the file is not touched); a read-only one stops only the commands
    that would write it."""
    wl = Watchlist.open()
    if write:
        wl.check_writable()
    else:
        wl.check_readable()
    return wl




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


def _json_entry(e: Entry, cat) -> dict:
    d = e.to_dict()
    d["in_catalog"] = cat.get(e.id) is not None
    return d


# ---------------------------------------------------------------------------------------------
# handlers


def cmd_list(args: argparse.Namespace) -> int:
    wl = _open(write=False)
    cat = load_catalog()
    entries = wl.entries()
    if args.wl_status:
        entries = [e for e in entries if e.status == args.wl_status]
    for tag in args.wl_tag or []:
        entries = [e for e in entries if tag.casefold() in {t.casefold() for t in e.tags}]
    entries = sort_entries(entries, args.wl_sort)
    if args.wl_json:
        json.dump([_json_entry(e, cat) for e in entries], sys.stdout, ensure_ascii=False,
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
    wl = _open()
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
    wl = _open()
    cat = load_catalog()
    e = _entry_on_list(args, wl, cat)
    wl.remove(e.id)
    print(f"Removed {e.label} [{e.id}] from your watchlist.")
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    wl = _open()
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
    wl = _open(write=False)
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
        d = _json_entry(e, cat)
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


def cmd_export(args: argparse.Namespace) -> int:
    from ..watchlist.formats import export_text, left_out_note

    if args.output is not None and not args.output.strip():
        raise WatchlistError(f"-o {args.output!r}: the file name is empty; give a file name "
                             "(or leave -o out to print to the screen)")
    wl = _open(write=False)
    cat = load_catalog()
    entries = wl.entries()
    if args.status:
        entries = [e for e in entries if e.status == args.status]
    text, skipped = export_text(entries, cat, args.format)
    n = len(entries) - skipped
    if skipped:
        print(f"watchnext: note: {left_out_note(args.format, skipped)}", file=sys.stderr)
    if args.output is not None:
        out = Path(args.output)
        if out.is_dir():
            raise WatchlistError(f"{out}: is a folder; give a file name")
        if (out.exists() or out.is_symlink()) and not args.force:
            raise WatchlistError(f"{out}: already exists; use --force to overwrite it")
        if not out.parent.is_dir():
            raise WatchlistError(f"{out}: folder {out.parent} does not exist")
        atomic_write(out, text.encode("utf-8"))
        print(f"Exported {n} entr{'ies' if n != 1 else 'y'} to {out} ({args.format}).")
    else:
        sys.stdout.write(text)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from ..watchlist.formats import read_import
    from ..watchlist.importer import run_import

    wl = _open(write=not args.dry_run)  # a dry run writes nothing: a read-only list is fine
    order = {"day": "day first", "month": "month first"}.get(args.date_order or "")
    # a str: '' is refused, not read as '.'
    imported = read_import(args.file, args.format, date_order=order)
    cat = load_catalog()
    progress = ImportProgress(sys.stderr)
    try:
        report = run_import(wl, cat, imported, status=args.status, dry_run=args.dry_run,
                            progress=progress)
    finally:
        progress.close()
    for line in report.text_lines():
        print(line)
    return 0


class ImportProgress:
    """'matching rows: 12,000 of 100,000 (12%)' on stderr, for an import that takes a while: the
    first second shows nothing (a small import prints only its report); then a terminal gets one
    line rewritten in place (cleared at the end), a pipe or a log a line every 10 s."""

    DELAY, TTY_EVERY, LOG_EVERY = 1.0, 0.2, 10.0

    def __init__(self, stream, clock=time.monotonic):
        # the text is ours (no data in it): past the CLI's visible() boundary, so that the
        # carriage return works
        self.stream = getattr(stream, "_stream", stream)
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.clock = clock
        self.start = clock()
        self.last = self.start + self.DELAY - (self.TTY_EVERY if self.tty else self.LOG_EVERY)
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if (now - self.last < (self.TTY_EVERY if self.tty else self.LOG_EVERY) or done >= total
                or not done):  # "0 of 1": the catalog took its time, no row has
            return
        self.last = now
        text = f"matching rows: {done:,} of {total:,} ({100 * done // max(total, 1)}%)"
        if self.tty:
            self.stream.write(f"\r{text}\x1b[K")
        else:
            self.stream.write(f"watchnext: {text}\n")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown and self.tty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

