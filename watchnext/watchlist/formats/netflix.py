"""Netflix viewing history (NetflixViewingHistory.csv from the account's Viewing activity page):
`Title,Date`, one row per film or episode watched, newest first, dates in the account's locale.

An episode's title is the series, a season, then the episode, joined by ': '. A series name
may hold ': ' itself, and so may an episode's:

    Stranger Things: Stranger Things 2: Chapter One: MADMAX      -> Stranger Things, S2E1
    Black Mirror: Season 3: Nosedive                            -> Black Mirror, season 3
    Narcos: Mexico: Season 1: Camelot                           -> Narcos: Mexico, season 1
    The Queen's Gambit: Limited Series: Openings                -> The Queen's Gambit, season 1
    Money Heist: Part 2: Episode 3                              -> Money Heist, S2E3
    Black Mirror: Bandersnatch                                  -> a film (else the series)

So the season part is what tells an episode: 'Season N', 'Part N', 'Volume N', 'Book N',
'Series N', 'Chapter N', 'Limited Series', or the series' name and a number. A title of two
parts is a film ('Mission: Impossible - Fallout', 'Star Wars: The Last Jedi'); when the catalog
has no such film, the importer tries its first part as a series ('Our Planet: Jungles'). The
episodes of a series roll up into one item (status watching,
progress: the furthest episode whose number the title gives, 'Chapter Two' or 'Episode 3');
a film watched twice is one item with a rewatch.

A series stays 'watching' even when every episode is in the history: the history never says
which episode is a series' last (The Queen's Gambit's are named, not numbered), and the
catalog knows how many seasons a series has, not how many episodes each one holds, so
'finished' would be a guess. The person marks it watched (s in the app, or `watchnext watchlist set
TITLE --status watched`); a later import leaves that status alone.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .dates import decide_order, parse_local
from ..values import WatchlistError
from .watches import History, Item, Watch, mark_rewatches, progress_of

_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUM = r"(\d{1,3}|" + "|".join(w for w in _WORDS if w != "zero") + r")"
_SEASON = re.compile(r"^(?:season|series|part|volume|vol\.|book|chapter|collection|"
                     r"temporada|staffel|saison)\s+" + _NUM + r"$", re.IGNORECASE)
_SEASON_ONE = re.compile(r"^(?:limited series|miniseries|mini-series|limited)$", re.IGNORECASE)
_EPISODE = re.compile(r"^(?:chapter|episode|ep\.?|part)\s+" + _NUM + r"\b", re.IGNORECASE)


def _number(text: str) -> int:
    text = text.casefold()
    return int(text) if text.isdigit() else _WORDS[text]


@functools.lru_cache(maxsize=4096)  # a history names the same episodes' series again and again
def split_title(title: str) -> tuple[str, int | None, int | None, str] | None:
    """(series, season or None, episode number or None, episode name) when the title names an
    episode with its season; None for anything else (a film, or a two-part title)."""
    parts = [p.strip() for p in title.split(": ")]
    for i in range(1, len(parts) - 1):
        series, marker = ": ".join(parts[:i]), parts[i]
        season = None
        m = _SEASON.match(marker)
        if m:
            season = _number(m.group(1))
        elif _SEASON_ONE.match(marker):
            season = 1
        else:  # "Stranger Things 2": the series' name and a number
            head, _, number = marker.rpartition(" ")
            if head.casefold() == series.casefold() and number.isdigit() and len(number) <= 3:
                season = int(number)
        if season is None:
            continue
        episode_name = ": ".join(parts[i + 1:])
        e = _EPISODE.match(episode_name)
        return series, season, (_number(e.group(1)) if e else None), episode_name
    return None


def looks_like(header: list[str], path: Path | None = None) -> bool:
    """Title,Date; or any two columns in a file named NetflixViewingHistory*.csv."""
    if path is not None and path.name.casefold().startswith("netflixviewinghistory") \
            and len(header) == 2:
        return True
    return [h.strip().casefold() for h in header[:2]] == ["title", "date"] and len(header) <= 3


def parse(path: Path, text: str, date_order: str | None = None) -> History:
    from .common import csv_records, raw_row

    records = list(csv_records(path, text))
    if not records:
        raise WatchlistError(f"{path}: is empty: nothing to import")
    header = records[0][1]
    if not looks_like(header, path):
        raise WatchlistError(f"{path}: line 1: header {raw_row(header)[:80]!r} is not a Netflix "
                             "viewing history (Title,Date)")
    rows = [(line, rec) for line, rec in records[1:]]
    note = ""
    if date_order is None:
        date_order, note = decide_order(rec[1] for _, rec in rows if len(rec) > 1)
    name = path.name
    series: dict[str, Item] = {}
    films: dict[str, Item] = {}
    items: list[Item] = []
    for line, rec in rows:
        title = rec[0].strip()
        where = f"{name} row {line}"
        when = rec[1].strip() if len(rec) > 1 else ""
        date = parse_local(when, date_order)
        warnings = [f"Date {when!r} is not a date, the watch is kept without one"] \
            if when and not date else []
        if not title:
            items.append(Item(where=where, raw=raw_row(rec), name="", problem="no title"))
            continue
        split = split_title(title)
        if split is None:
            item = films.get(title.casefold())
            if item is None:
                alt = title.split(": ")[0].strip() if ": " in title else ""
                item = films[title.casefold()] = Item(where=where, raw=raw_row(rec), name=title,
                                                      alt_name=alt, status="watched")
                items.append(item)
            item.watches.append(Watch(date=date))
            item.warnings += warnings
            continue
        show, season, episode, _ = split
        item = series.get(show.casefold())
        if item is None:
            item = series[show.casefold()] = Item(where=where, raw=show, name=show,
                                                  kind="series", status="watching")
            items.append(item)
        code = (f"S{season}" if season else "") + (f"E{episode}" if episode else "")
        item.watches.append(Watch(date=date, episode=code or "?"))
        item.warnings += warnings
    for item in items:
        if item.kind == "series":
            item.watches.sort(key=lambda w: w.date or "")
            item.progress = progress_of(item.watches)
            n = len(item.watches)
            item.raw = f"{item.name}: {n} episode{'s' if n != 1 else ''}"
        else:
            item.watches = mark_rewatches(item.watches)
        dates = [w.date for w in item.watches if w.date]
        item.added = min(dates, default="")
    return History(path=path, format="netflix", kind="Netflix viewing history", items=items,
                   rows=len(rows), notes=[note] if note else [])
