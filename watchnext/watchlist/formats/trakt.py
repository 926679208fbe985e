"""Trakt's JSON export: its history, ratings and watchlist, as the API's /sync endpoints give
them (a folder of files, such as watched-history.json, ratings-movies.json, ratings-shows.json,
watchlist-movies.json, watchlist-shows.json; or one of them; or one file holding
{"history": [...], "ratings": [...], "watchlist": [...]}).

    history    {"watched_at": "2024-04-14T20:01:40.000Z", "type": "episode",
                "episode": {"season": 1, "number": 2, ...}, "show": {"title", "year", "ids"}}
    ratings    {"rated_at": ..., "rating": 8, "type": "movie" | "show", "movie" | "show": {...}}
    watchlist  {"listed_at": ..., "notes": "...", "type": "movie" | "show", ...}
    watched    {"plays": 2, "last_watched_at": ..., "movie" | "show": {...}} (a summary)

A film or show is known by its ids ("imdb": "tt..." first), else by title and year. Films: a
watch per history item (later ones are rewatches); shows: one item, a watch per episode,
progress the furthest episode. Trakt rates 1-10: halved (8 -> 4). Episode and season ratings
are not a title's rating: they are left out (and counted in the report).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..values import WatchlistError
from .watches import History, Item, Watch, iso_date, mark_rewatches, progress_of

MAX_FILE = 256 * 1024 * 1024


def looks_like(data: Any) -> bool:
    """Whether parsed JSON is Trakt's: a list of items with a movie/show/episode, or the
    combined {"history": [...], ...} object."""
    if isinstance(data, dict):
        return any(isinstance(data.get(k), list) for k in ("history", "ratings", "watchlist")) \
            and all(looks_like(v) for k, v in data.items()
                    if k in ("history", "ratings", "watchlist") and v)
    if isinstance(data, list):
        first = next((x for x in data if isinstance(x, dict)), None)
        return first is not None and any(k in first for k in ("movie", "show", "episode")) \
            and any(k in first for k in ("watched_at", "rated_at", "listed_at", "plays",
                                         "last_watched_at"))
    return False


def _load(path: Path) -> Any:
    from .common import read_text

    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise WatchlistError(f"{path}: line {err.lineno}, column {err.colno}: not valid JSON "
                             f"({err.msg})") from None
    except RecursionError:
        raise WatchlistError(f"{path}: nested too deeply to read") from None


def files_of(path: Path) -> list[tuple[str, Any]]:
    """[(file name, parsed JSON)] of the Trakt files at `path` (a file or a folder)."""
    if path.is_dir():
        out = []
        for f in sorted(path.glob("*.json")):
            data = _load(f)
            if looks_like(data):
                out.append((f.name, data))
        if not out:
            raise WatchlistError(f"{path}: no Trakt export file (history, ratings or "
                                 "watchlist JSON) in this folder")
        return out
    data = _load(path)
    if not looks_like(data):
        raise WatchlistError(f"{path}: not a Trakt export (a list of history, ratings or "
                             "watchlist items)")
    return [(path.name, data)]


def _ids_key(kind: str, obj: dict) -> tuple:
    ids = obj.get("ids") if isinstance(obj.get("ids"), dict) else {}
    for k in ("imdb", "trakt", "tmdb", "tvdb", "slug"):
        if ids.get(k):
            return (kind, k, str(ids[k]))
    return (kind, "title", str(obj.get("title", "")).casefold(), obj.get("year"))


def parse(path: Path) -> History:
    from ..values import InvalidValue, parse_rating

    items: dict[tuple, Item] = {}
    order: list[Item] = []
    read = skipped = 0
    for fname, data in files_of(path):
        if isinstance(data, dict):
            parts = [(k, data.get(k) or []) for k in ("history", "ratings", "watchlist")]
        else:
            parts = [("", data)]
        for section, entries in parts:
            for n, raw in enumerate(entries, 1):
                read += 1
                where = f"{fname} {section + ' ' if section else ''}item {n}"
                if not isinstance(raw, dict):
                    order.append(Item(where=where, raw=_short(raw), name="",
                                      problem=f"expected an object, got {type(raw).__name__}"))
                    continue
                kind = "series" if ("show" in raw or raw.get("type") in ("show", "episode",
                                                                           "season")) else "film"
                obj = raw.get("show") if kind == "series" else raw.get("movie")
                if not isinstance(obj, dict) or not str(obj.get("title") or "").strip():
                    order.append(Item(where=where, raw=_short(raw), name="",
                                      problem="no movie or show title in it"))
                    continue
                key = _ids_key(kind, obj)
                item = items.get(key)
                if item is None:
                    ids = obj.get("ids") if isinstance(obj.get("ids"), dict) else {}
                    year = obj.get("year") if isinstance(obj.get("year"), int) else None
                    imdb = ids.get("imdb") if isinstance(ids.get("imdb"), str) else ""
                    item = items[key] = Item(where=where, raw=_short(raw),
                                             name=str(obj["title"]).strip(), year=year,
                                             imdb=imdb, kind=kind, status="want")
                    order.append(item)
                skipped += _apply(item, raw, kind, parse_rating, InvalidValue, where)
    for item in order:
        if item.kind == "series":
            item.watches.sort(key=lambda w: w.date or "")
            item.progress = progress_of(item.watches)
        else:
            item.watches = mark_rewatches(item.watches)
        dates = [w.date for w in item.watches if w.date]
        if dates and (not item.added or min(dates) < item.added):
            item.added = min(dates)
    notes = [f"{skipped} episode or season ratings left out (a rating here is a title's)"] \
        if skipped else []
    return History(path=path, format="trakt", kind="Trakt export", items=order, rows=read,
                   notes=notes)


def _apply(item: Item, raw: dict, kind: str, parse_rating, InvalidValue, where: str) -> int:
    """Fold one history/ratings/watchlist item into `item`; 1 when it was an episode or season
    rating (left out), else 0."""
    watched_at = iso_date(str(raw.get("watched_at") or raw.get("last_watched_at") or ""))
    if "watched_at" in raw or "plays" in raw:
        item.status = "watching" if kind == "series" else "watched"
        episode = raw.get("episode") if isinstance(raw.get("episode"), dict) else None
        if episode is not None:
            s, e = episode.get("season"), episode.get("number")
            code = f"S{s}E{e}" if isinstance(s, int) and isinstance(e, int) and s > 0 \
                and e > 0 else "?"
            item.watches.append(Watch(date=watched_at, episode=code))
        elif kind == "film":
            plays = raw.get("plays") if "watched_at" not in raw else 1
            plays = plays if isinstance(plays, int) and not isinstance(plays, bool) else 1
            if "watched_at" in raw or not item.watches:
                # a summary knows the last play's date only: the others are undated watches
                item.watches += [Watch()] * (max(1, min(plays, 1000)) - 1)
                item.watches.append(Watch(date=watched_at))
    if "rated_at" in raw:
        if raw.get("type") in ("episode", "season"):
            return 1
        value = raw.get("rating")
        try:
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
                raise InvalidValue(f"rating {value!r} should be a whole number from 1 to 10")
            item.rating = parse_rating(f"{value}/10")
        except InvalidValue as err:
            item.warnings.append(f"{where}: {err}; ignored")
        if item.status == "want":
            item.status = "watched"
        rated = iso_date(str(raw.get("rated_at") or ""))
        if rated and (not item.added or rated < item.added):
            item.added = rated
    if "listed_at" in raw:
        listed = iso_date(str(raw.get("listed_at") or ""))
        if listed and (not item.added or listed < item.added):
            item.added = listed
        notes = raw.get("notes")
        if isinstance(notes, str) and notes.strip() and not item.note:
            item.note = notes.strip()
    return 0


def _short(raw: Any) -> str:
    text = json.dumps(raw, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "..."
