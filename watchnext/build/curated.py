"""Hand-written sources in catalog/sources/: curated records, series first-air years, and
alternative titles.

  curated*.toml      [[titles]]: a record with the id (or the title, year and kind) of a source
                     record enriches it (its fields win; its genres and themes come first;
                     remove_genres / remove_themes take wrong ones away); any other is a new
                     title (id wn-<slug>-<year>)
  series_years.toml  [[series]] title, first_year, optional last_year, optional platform_year
  aka.toml           [[aka]] title, kind, optional year, aka = [...]
  same-work.toml     [[same]] ids = [...]: records of two sources that are one work
  standing*.toml     [[titles]] id, tier: how widely known a title is (apply_standing)
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from pathlib import Path

from ..errors import CatalogError
from ..text import fold, fold_title, slug
from .common import add_all
from .workkeys import name_keys


def _load(path: Path, key: str) -> list[dict]:
    """The [[key]] tables of a hand-written file; a file that is not TOML is an error naming it."""
    with open(path, "rb") as fh:
        try:
            rows = tomllib.load(fh).get(key, [])
        except tomllib.TOMLDecodeError as exc:
            raise CatalogError(f"{path}: {exc}") from None
    return [dict(r) for r in rows if isinstance(r, dict)]


def curated_files(sources: Path) -> list[Path]:
    return sorted(Path(sources).glob("curated*.toml"))


class _Index:
    def __init__(self, records: list[dict]) -> None:
        self.by_id: dict[str, dict] = {}
        self.by_key: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for r in records:
            self.add(r)

    def add(self, r: dict) -> None:
        self.by_id[r["id"]] = r
        for old in r.get("old_ids", []):
            self.by_id.setdefault(old, r)
        for k in name_keys(r):
            self.by_key[(r["kind"], k)].append(r)

    def match(self, cur: dict) -> dict | None:
        if cur.get("id") in self.by_id:
            return self.by_id[cur["id"]]
        year, kind = cur["year"], cur["kind"]
        keys = [fold_title(cur["title"])]
        keys += [fold_title(a) for a in cur.get("aka", [])]
        if cur.get("original_title"):
            keys.append(fold_title(cur["original_title"]))
        mine = {fold(p) for p in [*cur.get("directors", []), *cur.get("creators", []), *cur.get("cast", [])]}
        for k in keys:
            for r in self.by_key.get((kind, k), []):
                theirs = {fold(p) for p in [*r.get("directors", []), *r.get("cast", [])]}
                if mine and theirs and not mine & theirs:
                    continue  # "The Good Wife" is not Taiwan's "A Good Wife"
                if kind == "film" and abs(r["year"] - year) <= 1:
                    return r
                if kind == "series" and year - 1 <= r["year"] and year <= r.get("last_year", r["year"]) + 1:
                    return r
        return None


# curated fields that take values away from the source record they enrich
_REMOVE = {"remove_genres": "genres", "remove_themes": "themes"}


def apply_curated(records: list[dict], files: list[Path]) -> tuple[list[dict], int, int]:
    idx = _Index(records)
    enriched = added = 0
    new: list[dict] = []
    entries = [cur for path in files for cur in _load(path, "titles")
               if all(k in cur for k in ("title", "year", "kind"))]
    # an entry naming the id of a title that another file writes (curated-people.toml gives
    # "wn-paranoia-agent-2004" a cast; curated-series.toml writes the series) comes after it:
    # it enriches that title and never becomes a second one
    written = {f"wn-{slug(c['title'])}-{c['year']}" for c in entries if "id" not in c}
    waits = [c.get("id") in written for c in entries]
    entries = [c for c, w in zip(entries, waits) if not w] + [c for c, w in zip(entries, waits) if w]
    for cur in entries:
        if "creators" in cur:  # a series' creators: shown and matched like directors
            add_all(cur.setdefault("directors", []), cur.pop("creators"))
        base = idx.match(cur)
        if base is None:
            for name in _REMOVE:  # nothing to take away from a new title
                cur.pop(name, None)
            cur.setdefault("id", f"wn-{slug(cur['title'])}-{cur['year']}")
            cur["sources"] = ["curated"]
            cur["_src"] = "curated"
            cur["_desc"] = bool(cur.get("synopsis"))
            if cur["kind"] == "series":
                cur.setdefault("last_year", cur["year"])
            new.append(cur)
            idx.add(cur)
            added += 1
            continue
        enriched += 1
        explicit = cur.get("id")
        if explicit and explicit != base["id"] and explicit not in base.get("old_ids", []):
            # a curated id shipped before wins; the source's id stays an alias
            base.setdefault("old_ids", []).insert(0, base["id"])
            base["id"] = explicit
            idx.by_id[explicit] = base
        for name, value in cur.items():
            if name == "id" or name in _REMOVE:
                continue
            if name in ("genres", "themes"):
                merged = list(value)
                add_all(merged, base.get(name, []))
                base[name] = merged
            elif name in ("aka", "platforms", "cast"):
                merged = list(value)
                add_all(merged, base.get(name, []))
                base[name] = merged
            elif name == "year" and base["kind"] == "series":
                base["last_year"] = max(base.get("last_year", base["year"]), value)
                base["year"] = value
            else:
                base[name] = value
        for name, field in _REMOVE.items():  # what a source got wrong ("Musical" on a biopic)
            wrong = set(cur.get(name, []))
            if wrong:
                base[field] = [x for x in base.get(field, []) if x not in wrong]
        base["sources"] = list(base.get("sources", []))
        add_all(base["sources"], ["curated"])
    by_id = idx.by_id
    for cur in new:  # links between curated titles
        for link, back in (("follows", "followed_by"), ("followed_by", "follows")):
            other = by_id.get(cur.get(link, ""))
            if other is not None:
                cur[link] = other["id"]
                if not other.get(back):
                    other[back] = cur["id"]
    return records + new, enriched, added


def series_spans(path: Path) -> dict[str, tuple[int, int]]:
    """Folded title -> (first, last) air years of the series_years rows that give both and
    name one show (no platform_year): the merge joins a title's platform rows within that run."""
    if not path.exists():
        return {}
    out: dict[str, tuple[int, int]] = {}
    for row in _load(path, "series"):
        first, last = row.get("first_year"), row.get("last_year")
        if (isinstance(row.get("title"), str) and isinstance(first, int) and isinstance(last, int)
                and "platform_year" not in row):
            out[fold_title(row["title"])] = (first, last)
    return out


def same_works(path: Path) -> list[tuple[str, ...]]:
    """The id groups of same-work.toml: records of two sources that are one work. A bad entry
    is an error naming the file and the entry."""
    if not path.exists():
        return []
    out: list[tuple[str, ...]] = []
    for n, row in enumerate(_load(path, "same"), 1):
        ids = row.get("ids")
        if not (isinstance(ids, list) and len(ids) >= 2 and all(isinstance(x, str) and x for x in ids)):
            raise CatalogError(f"{path}: [[same]] entry {n}: ids must be a list of two or more ids, not {ids!r}")
        out.append(tuple(ids))
    return out


def apply_series_years(records: list[dict], path: Path) -> tuple[int, list[str]]:
    """First-air years written by hand; the platforms' latest-season year stays as last_year."""
    if not path.exists():
        return 0, []
    by_title: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        if r["kind"] == "series":
            by_title[fold_title(r["title"])].append(r)
            for a in r.get("aka", []):
                by_title[fold_title(a)].append(r)
    done = 0
    unmatched: list[str] = []
    for row in _load(path, "series"):
        first = row.get("first_year")
        if not isinstance(first, int) or not isinstance(row.get("title"), str):
            continue
        cands = by_title.get(fold_title(row["title"]), [])
        if "platform_year" in row:
            cands = [r for r in cands if row["platform_year"] in (r["year"], r.get("last_year"))]
        # a curated series (the 2024 "Avatar: The Last Airbender") has its own, written year
        cands = [r for r in cands if first <= r.get("last_year", r["year"]) + 1
                 and r.get("_src") != "curated"]
        # a title written exactly wins over one that is only alike: the "Fruits Basket" row
        # (2001) is not Hulu's "Fruits Basket (2019)"
        exact = [r for r in cands if fold(r["title"]) == fold(row["title"])]
        cands = exact or cands
        last = row.get("last_year")
        if not cands:
            unmatched.append(row["title"])
        for r in {id(r): r for r in cands}.values():
            # a final season's year written by hand is a fact; a platform's later year is the
            # year it listed the show (Hulu's Elfen Lied, 2004, says 2009)
            r["last_year"] = last if isinstance(last, int) and last >= first \
                else max(r.get("last_year", r["year"]), first)
            r["year"] = first
            r["_first_year_known"] = True
            r["_hand_listed"] = True
            done += 1
    return done, unmatched


def apply_aka(records: list[dict], path: Path) -> tuple[int, list[str]]:
    if not path.exists():
        return 0, []
    idx: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in records:
        idx[(r["kind"], fold_title(r["title"]))].append(r)
    done = 0
    unmatched: list[str] = []
    for row in _load(path, "aka"):
        title, kind = row.get("title"), row.get("kind", "film")
        names = [a for a in row.get("aka", []) if isinstance(a, str)]
        if not isinstance(title, str) or not names:
            continue
        cands = idx.get((kind, fold_title(title)), [])
        if "year" in row:
            y = row["year"]
            cands = [r for r in cands if r["year"] - 1 <= y <= r.get("last_year", r["year"]) + 1
                     or y in r.get("_years", ())]
        if not cands:
            unmatched.append(title)
            continue
        for r in cands:
            r["_hand_listed"] = True
            have = r.setdefault("aka", [])
            for a in names:
                if fold_title(a) != fold_title(r["title"]) and a not in have:
                    have.append(a)
            done += 1
    return done, unmatched


def standing_files(sources: Path) -> list[Path]:
    return sorted(Path(sources).glob("standing*.toml"))


def apply_standing(records: list[dict], files: list[Path]) -> tuple[int, list[str]]:
    """How widely known a title is, written by hand (standing-*.toml: id, title for the reader,
    tier 2 a household name or 1 well known to its genre's or country's fans): rec["_standing"],
    the highest tier written, a term of the notability score. The sources say little about how
    well known a series is (one platform for a platform's own hit, no awards) or a recent film
    without awards; a person knows. (How many were set, the ids that name no record); a bad
    tier is an error naming the file and the entry."""
    by_id: dict[str, dict] = {}
    for r in records:
        by_id[r["id"]] = r
        for old in r.get("old_ids", []):
            by_id.setdefault(old, r)
    done, unmatched = 0, []
    for path in files:
        for n, row in enumerate(_load(path, "titles"), 1):
            tier, tid = row.get("tier"), row.get("id")
            if tier not in (1, 2) or isinstance(tier, bool) or not isinstance(tid, str):
                raise CatalogError(f"{path}: [[titles]] entry {n}: needs an id and a tier of 1 or 2, "
                                   f"not id={tid!r} tier={tier!r}")
            rec = by_id.get(tid)
            if rec is None:
                unmatched.append(tid)
            elif tier > rec.get("_standing", 0):
                rec["_standing"] = tier
                done += 1
    return done, unmatched
