"""Speed of search and "more like this", on the shipped catalog and on a synthetic 100,000-title
catalog made from it, against naive baselines timed in the same run.

    python benchmarks/bench_search.py [--json] [--quick]

- search: p95 over a fixed set of typed queries (titles, typos, people, genres, themes, filters);
  baseline: rapidfuzz.process.extract(query, all_titles, scorer=WRatio, limit=20), the naive
  fuzzy search. Limits: p95 <= 15 ms shipped, <= 50 ms at 100k, and ratio (ours p95 / naive p95)
  <= 1/3.
- similar: p95 over a fixed sample of titles (each the median of a few asks: the last scores
  are remembered), and over other titles each asked once (nothing remembered: what a person
  pays); baseline: scoring every title with Jellyfin's SimilarItemsHelper points in Python
  (what a naive "more like this" does). Limits: p95 <= 10 ms shipped, <= 50 ms at 100k.
- peak RSS of a fresh process with both indexes read in full (limit 150 MB, shipped catalog).
- index building is reported apart (built once per catalog, cached on disk with it), as is loading
  the cached indexes in a fresh process.

The synthetic catalog repeats every real title with a perturbed id, title (a sequel-like suffix)
and year (deterministic seed), keeping people, genres and themes: posting lists grow like a real
catalog 7x the size.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # (peak.py beside this file)
from peak import PEAK_MB  # noqa: E402

QUERIES = [
    # titles, typos, missing spaces, original titles, while typing
    "ballerina", "balerina", "squidgame", "squid game", "발레리나", "the call", "parasite",
    "stranger things", "strnager things", "money heist", "narcos", "the crown", "toy story",
    "john wick", "jon wick", "oldboy", "breaking bad", "the irishman", "inception", "interstel",
    "harry potter", "lord of the rings", "star wars", "the office", "black mirror", "dark",
    "spiderman", "avengers endgame", "pokemon", "naruto",
    # people
    "jun jong-seo", "keanu reeves", "scorsese", "tom hanks", "bong joon-ho", "shah rukh khan",
    "adam sandler", "kevin hart", "miyazaki",
    # genres, themes, countries, years, words combined
    "korean revenge", "heist", "time travel", "serial killer", "zombie", "true crime documentary",
    "japanese anime", "british comedy", "spanish thriller", "indian romance", "stand-up",
    "christmas", "ballerina 2023", "90s action", "world war ii", "space", "kids animals",
    # filters
    "true:yes war", "kind:series on:netflix japan", "genre:comedy year:2015..2020",
    "theme:revenge -country:united states", "country:france kind:film", "year:..1980 western",
    "genre:horror -kind:series", "", "kind:series", "on:netflix true:yes",
]

SUFFIXES = ["", " II", " Returns", " Redux", " Origins", " Legacy", " Reborn", " Rising",
            " Unbound", " Forever", " Zero"]


def synthetic_catalog(cat, n: int = 100_000, seed: int = 7):
    """`n` titles made from the real ones: copies with perturbed ids, titles and years."""
    from watchnext.catalog import Catalog

    rng = random.Random(seed)
    base = cat.titles
    out = []
    copy = 0
    while len(out) < n:
        sfx = SUFFIXES[copy % len(SUFFIXES)] + (f" {copy // len(SUFFIXES) + 1}" if copy >= len(SUFFIXES) else "")
        tag = "" if copy == 0 else f"~{copy}"
        for t in base:
            if len(out) >= n:
                break
            if copy == 0:
                out.append(t)
                continue
            year = min(2030, max(1900, t.year + rng.randint(-3, 3)))
            out.append(_replace(
                t, id=t.id + tag, title=t.title + sfx, year=year,
                original_title=(t.original_title + sfx) if t.original_title else "",
                follows=(t.follows + tag) if t.follows else "",
                followed_by=(t.followed_by + tag) if t.followed_by else ""))
        copy += 1
    return Catalog(titles=out, people_aliases=dict(cat.people_aliases),
                   theme_aliases=dict(cat.theme_aliases), fingerprint="")


def _replace(t, **changes):
    """A copy of a Title with some fields changed (a NamedTuple, or a dataclass before)."""
    return t._replace(**changes) if hasattr(t, "_replace") else replace(t, **changes)


def _p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def _time_each(fn, items, reps: int) -> list[float]:
    """Per item: the median of `reps` timings (ms)."""
    out = []
    for it in items:
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter()
            fn(it)
            ts.append((time.perf_counter() - t0) * 1000)
        out.append(statistics.median(ts))
    return out


def _row(name, ours, base, base_name, limit_ms, extra=None) -> dict:
    row = {"name": name, "median_ms": round(statistics.median(ours), 3),
           "p95_ms": round(_p95(ours), 3), "baseline": base_name,
           "baseline_median_ms": round(statistics.median(base), 3) if base else None,
           "baseline_p95_ms": round(_p95(base), 3) if base else None,
           "ratio": round(_p95(ours) / _p95(base), 3) if base else None,
           "limit_ms": limit_ms}
    row["ok"] = row["p95_ms"] <= limit_ms and (row["ratio"] is None or "search" not in name
                                               or row["ratio"] <= 1 / 3)
    if extra:
        row.update(extra)
    return row


def _jellyfin():
    spec = importlib.util.spec_from_file_location("bench_quality", Path(__file__).with_name("bench_quality.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.Jellyfin


def _bench_catalog(label: str, cat, quick: bool, search_limit: float, similar_limit: float) -> list[dict]:
    from rapidfuzz import fuzz, process

    import importlib

    S = importlib.import_module("watchnext.search")
    M = importlib.import_module("watchnext.similar")
    rows = []
    t0 = time.perf_counter()
    S.get_index(cat, use_cache=False)
    t_search = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    M.get_index(cat, use_cache=False)
    t_similar = (time.perf_counter() - t0) * 1000
    rows.append({"name": f"index build, search ({label})", "median_ms": round(t_search, 1),
                 "p95_ms": round(t_search, 1), "baseline": "", "limit_ms": None})
    rows.append({"name": f"index build, similar ({label})", "median_ms": round(t_similar, 1),
                 "p95_ms": round(t_similar, 1), "baseline": "", "limit_ms": None})

    reps = 3 if quick else 7
    titles = [t.title for t in cat.titles]
    for q in QUERIES[:5]:  # warm up
        S.search(cat, q)
    ours = _time_each(lambda q: S.search(cat, q, limit=20), QUERIES, reps)
    naive_qs = QUERIES if not quick else QUERIES[::3]
    naive = _time_each(lambda q: process.extract(q, titles, scorer=fuzz.WRatio, limit=20),
                       naive_qs, 1 if len(titles) > 50_000 or quick else 3)
    rows.append(_row(f"search ({label})", ours, naive, "rapidfuzz WRatio extract", search_limit,
                     {"queries": len(QUERIES)}))

    rng = random.Random(11)
    sample = rng.sample(range(len(cat.titles)), 60 if quick else 300)
    named = [p for p, t in enumerate(cat.titles) if t.title in (
        "Ballerina", "The Call", "Parasite", "Toy Story", "John Wick", "Squid Game", "Oldboy")]
    sample = named + sample
    ours = _time_each(lambda p: M.similar(cat, cat.titles[p], limit=20), sample, reps)
    Jellyfin = _jellyfin()
    jf = Jellyfin(cat)

    def naive_similar(p: int) -> list:
        scored = [(jf.score(p, j), j) for j in range(len(cat.titles)) if j != p]
        scored.sort(key=lambda x: (-x[0], x[1]))
        return scored[:20]

    base_items = sample[: (8 if len(cat.titles) > 50_000 else 30) if not quick else 5]
    naive = _time_each(naive_similar, base_items, 1)
    rows.append(_row(f"similar ({label})", ours, naive, "Jellyfin points, full scan", similar_limit,
                     {"queries": len(sample)}))
    # what a person pays asking for a title's picks the first time: no remembered scores
    ix = M.get_index(cat)

    def first_ask(p: int) -> None:
        ix._sets.pop("np_scores", None)
        M.similar(cat, cat.titles[p], limit=20)

    fresh = rng.sample(range(len(cat.titles)), 60 if quick else 300)
    ours = _time_each(first_ask, fresh, 1)
    rows.append(_row(f"similar, each title asked once ({label})", ours, naive,
                     "Jellyfin points, full scan", similar_limit, {"queries": len(fresh)}))
    return rows


CHILD = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import importlib
from watchnext.loader import load_catalog
cat = load_catalog()
S = importlib.import_module("watchnext.search"); M = importlib.import_module("watchnext.similar")
t0 = time.perf_counter(); S.get_index(cat); t1 = time.perf_counter(); M.get_index(cat); t2 = time.perf_counter()
S.search(cat, "korean revenge"); t3 = time.perf_counter()
print(json.dumps({"search_ms": (t1 - t0) * 1000, "similar_ms": (t2 - t1) * 1000, "first_query_ms": (t3 - t2) * 1000}))
"""


RSS_CHILD = r"""
import importlib, json, random, resource, sys
sys.path.insert(0, sys.argv[1])
from watchnext.catalog.indexcache import materialize
from watchnext.loader import load_catalog
cat = load_catalog()
S = importlib.import_module("watchnext.search"); M = importlib.import_module("watchnext.similar")
materialize(S.get_index(cat)); materialize(M.get_index(cat))
for q in json.loads(sys.argv[2]):
    S.search(cat, q, limit=20)
for p in random.Random(5).sample(range(len(cat.titles)), 40):
    M.similar(cat, cat.titles[p], limit=20)
print(json.dumps({"rss_mb": peak_mb()}))
"""
RSS_CHILD = PEAK_MB + RSS_CHILD


def _rss_loaded() -> float | None:
    """Peak RSS (MB) of a fresh process with both indexes read in full (as the app's warm-up
    does), after every benchmark query and 40 "more like this"."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        out = subprocess.run([sys.executable, "-c", RSS_CHILD, str(ROOT), json.dumps(QUERIES)],
                             env=env, check=True, capture_output=True, text=True)
        return json.loads(out.stdout.strip().splitlines()[-1])["rss_mb"]
    except (subprocess.CalledProcessError, ValueError, IndexError):
        return None


def _cold_load() -> dict | None:
    """Index load from the disk cache in a fresh process (after one process built it)."""
    import shutil

    from watchnext import paths

    with tempfile.TemporaryDirectory() as tmp:
        snapshot = Path(tmp) / "catalog"  # a fixed copy: the catalog may be rebuilt meanwhile
        shutil.copytree(paths.shipped_catalog_dir(), snapshot)
        env = dict(os.environ, XDG_CACHE_HOME=str(Path(tmp) / "cache"),
                   XDG_CONFIG_HOME=str(Path(tmp) / "config"), WATCHNEXT_CATALOG=str(snapshot))
        try:
            subprocess.run([sys.executable, "-c", CHILD, str(ROOT)], env=env, check=True,
                           capture_output=True, text=True)  # builds and caches
            out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT)], env=env, check=True,
                                 capture_output=True, text=True)
            return json.loads(out.stdout)
        except (subprocess.CalledProcessError, ValueError):
            return None


def run(quick: bool = False) -> list[dict]:
    from watchnext.loader import load_catalog

    cat = load_catalog()
    rows = _bench_catalog(f"shipped, {len(cat.titles):,} titles", cat, quick, 15.0, 10.0)
    warm = _cold_load()
    if warm:
        rows.append({"name": "index load from disk cache, search (fresh process)",
                     "median_ms": round(warm["search_ms"], 1), "p95_ms": round(warm["search_ms"], 1),
                     "baseline": "", "limit_ms": None})
        rows.append({"name": "index load from disk cache, similar (fresh process)",
                     "median_ms": round(warm["similar_ms"], 1), "p95_ms": round(warm["similar_ms"], 1),
                     "baseline": "", "limit_ms": None})
    rss = _rss_loaded()
    if rss is not None:
        rows.append({"name": "peak RSS (MB), indexes loaded, fresh process", "median_ms": None,
                     "p95_ms": None, "value": round(rss, 1), "baseline": "", "limit_ms": None,
                     "limit": 150, "ok": rss <= 150})
    big = synthetic_catalog(cat, 100_000)
    rows += _bench_catalog("synthetic, 100,000 titles", big, quick, 50.0, 50.0)
    return rows


def _print(rows: list[dict]) -> None:
    cols = ["name", "median_ms", "p95_ms", "baseline", "baseline_median_ms", "baseline_p95_ms",
            "ratio", "limit_ms", "value", "limit", "ok"]

    def fmt(v):
        if v is None:
            return ""
        return f"{v:.2f}" if isinstance(v, float) else str(v)

    w = {c: max(len(c), *(len(fmt(r.get(c))) for r in rows)) for c in cols}
    print("  ".join(c.ljust(w[c]) for c in cols))
    print("  ".join("-" * w[c] for c in cols))
    for r in rows:
        print("  ".join(fmt(r.get(c)).ljust(w[c]) for c in cols))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    rows = run(quick=args.quick)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        _print(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
