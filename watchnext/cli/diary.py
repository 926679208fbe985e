"""`watchnext watchlist log TITLE [--date D] [--rating R] [--episode S1E2]`: one watch into the
diary (watchlist/diary.py). A title not on the list yet is added; a watch after an earlier one
is a rewatch; the rating given is the one the title has now too."""

from __future__ import annotations

import argparse
import datetime as _dt
from dataclasses import replace

from ..errors import NotFound
from ..text import fold_title
from ..watchlist import Watchlist, WatchlistError, entry_for, parse_progress, progress_key, stars
from ..watchlist.diary import Watch, join
from .output import load_catalog, named_title


def add_log_parser(ws) -> None:
    g = ws.add_parser("log", help="record a watch in the diary (adds the title if needed)",
                      description="Record that you watched a title (today, or --date), with the "
                                  "rating you give it now. Every watch is kept: the first is a "
                                  "watch, the next ones rewatches.")
    g.add_argument("title", nargs="*", metavar="TITLE", help="the title you watched")
    g.add_argument("--year", type=int, help="its year, when several titles share the name")
    g.add_argument("--id", dest="title_id", metavar="ID", help="catalog id (or IMDb tt id)")
    g.add_argument("--date", metavar="D", help="when: YYYY-MM-DD, 'today' or 'yesterday' "
                                                "(default: today)")
    g.add_argument("--rating", metavar="R", help="your rating: 0.5 to 5 in halves (or 9/10)")
    g.add_argument("--episode", metavar="S1E2", help="a series: the episode you watched")
    g.set_defaults(func=cmd_log)


def _date(text: str | None) -> str:
    today = _dt.date.today()
    if text is None or text.strip().casefold() in ("", "today"):
        return today.isoformat()
    if text.strip().casefold() == "yesterday":
        return (today - _dt.timedelta(days=1)).isoformat()
    try:
        day = _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise WatchlistError(f"--date {text}: not a date like 2024-05-31") from None
    if day > today:
        raise WatchlistError(f"--date {text}: is in the future")
    return day.isoformat()


def cmd_log(args: argparse.Namespace) -> int:
    from ..watchlist import parse_rating

    wl = Watchlist.open()
    wl.check_writable()
    cat = load_catalog()
    date = _date(args.date)
    rating = parse_rating(args.rating) if args.rating is not None else None
    if args.rating is not None and rating is None:
        raise WatchlistError(f"--rating {args.rating}: ratings go from 0.5 to 5 in halves")
    try:
        title = named_title(cat, args.title, args.year, args.title_id)
        entry_id = title.id
    except NotFound:
        title = None
        entry_id = _left_the_catalog(wl, args)  # on the list, no longer in the catalog
    episode = parse_progress(args.episode) if args.episode else ""
    if episode and title is not None and title.kind != "series":
        raise WatchlistError(f"--episode: {title.label} is a {title.kind}")
    with wl.transaction() as draft:
        old = draft.get(entry_id)
        if old is None:
            old = entry_for(title, status="want")
        known = any((w.date, w.episode) == (date, episode) for w in old.watches)
        earlier = [w for w in old.watches if w.date and w.date < date
                   and (not episode or w.episode == episode)]
        new_watch = Watch(date=date, rating=rating, rewatch=bool(earlier), episode=episode)
        diary = join(old.watches, [new_watch])
        series = (title.kind == "series") if title is not None else bool(old.progress)
        status = old.status if series and old.status == "watched" else (
            "watching" if series else "watched")
        progress = old.progress
        if episode and progress_key(episode) > progress_key(progress):
            progress = episode
        new = replace(old, diary=diary, watched=old.watched or date, status=status,
                      rating=rating if rating is not None else old.rating, progress=progress)
        draft.put(new)
    n = len(new.watches)
    if known:
        print(f"{new.label}: a watch on {date}{' of ' + episode if episode else ''} is already "
              f"in the diary ({n} watch{'es' if n != 1 else ''})")
        return 0
    said = ["a rewatch" if new_watch.rewatch else "first watch"]
    if rating is not None:
        said.append(f"rated {rating:g} {stars(rating)}")
    if episode:
        said.append(episode)
    print(f"Logged {new.label} on {date} ({', '.join(said)}): {n} watch{'es' if n != 1 else ''} "
          "in the diary")
    return 0


def _left_the_catalog(wl: Watchlist, args) -> str:
    name = fold_title(" ".join(args.title))
    found = [e for e in wl.entries() if fold_title(e.title) == name
             and (args.year is None or e.year == args.year)]
    if len(found) != 1:
        raise NotFound(f"no title {' '.join(args.title)!r} in the catalog or on your watchlist")
    return found[0].id
