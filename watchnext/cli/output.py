"""What every command module shares: the catalog (its problems printed as warnings), the one
title a command names, the watchlist opened and checked, JSON on stdout and lookup errors on
stderr. The command modules import
these from here, never from the package (`cli/__init__` imports the command modules)."""

from __future__ import annotations

import json
import sys
from typing import Sequence

from ..errors import Ambiguous, NotFound, WatchnextError


def load_catalog():
    """The catalog, each of its problems printed on stderr as a warning."""
    from .. import catalog

    cat = catalog.load_catalog()
    for problem in cat.problems:
        print(f"watchnext: warning: {problem}", file=sys.stderr)
    return cat


NOT_IN_CATALOG = "(not in catalog)"


def open_watchlist(write: bool = True):
    """The watchlist, checked first: a corrupt or unreadable file stops every command here,
    naming file and line (the file is not touched); a read-only one stops only the commands
    that would write it."""
    from ..watchlist import Watchlist  # (here: `search` does not pay for the watchlist)

    wl = Watchlist.open()
    if write:
        wl.check_writable()
    else:
        wl.check_readable()
    return wl


def entry_json(e, cat) -> dict:
    """A watchlist entry as `--json` prints it: every field, and whether the catalog has it."""
    d = e.to_dict()
    d["in_catalog"] = cat.get(e.id) is not None
    return d


def named_title(cat, words: Sequence[str], year: int | None = None, title_id: str | None = None):
    """The one title a command names: by --id (a catalog id, or an IMDb tt id), else by its
    words (and --year); NotFound / Ambiguous otherwise (printed by report_lookup_error)."""
    if title_id is not None:
        tid = title_id.strip()
        t = (cat.get(tid) or (cat.by_imdb(tid) if tid.startswith("tt") else None)) if tid else None
        if t is None:
            raise NotFound(f"no title with id {title_id!r} in the catalog")
        return t
    name = " ".join(words).strip()
    if not name:
        raise WatchnextError("give a TITLE (and --year if several share the name) or --id ID")
    return cat.resolve(name, year)


def print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def report_lookup_error(err: WatchnextError) -> None:
    print(f"watchnext: error: {err}", file=sys.stderr)
    if isinstance(err, NotFound) and err.suggestions:
        print("did you mean:", file=sys.stderr)
        for t in err.suggestions:
            print(f"  {t.title} ({t.years}, {t.kind})  --id {t.id}", file=sys.stderr)
    if isinstance(err, Ambiguous) and err.candidates:
        print("candidates:", file=sys.stderr)
        for t in err.candidates:
            who = ", ".join(t.directors[:1]) or ", ".join(t.countries[:1])
            print(f"  {t.title} ({t.years}, {t.kind}{', ' + who if who else ''})  --id {t.id}",
                  file=sys.stderr)
