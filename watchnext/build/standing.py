"""How widely known a title is, written by hand (catalog/sources/standing-*.toml).

    [[titles]]
    id = "nf-s2467"       # the record's id (or an id it absorbed: old_ids)
    title = "Dark"        # for the reader; the id decides
    tier = 1              # 2 a household name, 1 well known to its genre's or country's fans

The sources say little about how well known a series is (no awards, one platform for a
platform's own show: Stranger Things and The Staircase are on Netflix alone), and nothing about a
recent film beyond awards; a person knows. The tier is one term of the notability score
(notability.py). An entry naming no record is reported (standing_unmatched), a bad tier is an
error naming the file and the entry.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..errors import CatalogError


def standing_files(sources: Path) -> list[Path]:
    return sorted(Path(sources).glob("standing*.toml"))


def apply_standing(records: list[dict], files: list[Path]) -> tuple[int, list[str]]:
    """Set rec["_standing"] (1 or 2, the highest written) on the records the files name;
    (how many were set, the ids that name no record)."""
    by_id: dict[str, dict] = {}
    for r in records:
        by_id[r["id"]] = r
        for old in r.get("old_ids", []):
            by_id.setdefault(old, r)
    done, unmatched = 0, []
    for path in files:
        with open(path, "rb") as fh:
            try:
                rows = tomllib.load(fh).get("titles", [])
            except tomllib.TOMLDecodeError as exc:
                raise CatalogError(f"{path}: {exc}") from None
        for n, row in enumerate(rows, 1):
            tier, tid = row.get("tier"), row.get("id")
            if tier not in (1, 2) or isinstance(tier, bool) or not isinstance(tid, str):
                raise CatalogError(f"{path}: [[titles]] entry {n}: needs an id and a tier of 1 or 2, "
                                   f"not id={tid!r} tier={tier!r}")
            rec = by_id.get(tid)
            if rec is None:
                unmatched.append(tid)
                continue
            if tier > rec.get("_standing", 0):
                rec["_standing"] = tier
                done += 1
    return done, unmatched
