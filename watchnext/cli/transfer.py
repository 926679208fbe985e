"""`watchnext watchlist export` and `import`: the list written for Letterboxd, IMDb or as our
JSON/CSV, and read back from those (and Netflix, Trakt), with a progress line for a long one."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..watchlist import STATUSES, WatchlistError, atomic_write
from .output import load_catalog, open_watchlist


def add_transfer_parsers(ws) -> None:
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


def cmd_export(args: argparse.Namespace) -> int:
    from ..watchlist.formats import export_text, left_out_note

    if args.output is not None and not args.output.strip():
        raise WatchlistError(f"-o {args.output!r}: the file name is empty; give a file name "
                             "(or leave -o out to print to the screen)")
    wl = open_watchlist(write=False)
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

    # a dry run writes nothing: a read-only list is fine
    wl = open_watchlist(write=not args.dry_run)
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
