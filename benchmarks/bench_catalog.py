"""Opening the catalog: the compiled file (open only, and reading every title from it), against
a plain tomllib parse of the same TOML files (the alternative it replaces); peak RSS, in a fresh
process each time. Reading every title (its column blob, catalog/columns.py) is also timed
against the alternative of parsing every JSON row of the titles table, in the same run. With a compiled catalog shipped, a first run (empty cache) costs the same
as any other. Garbage collection: the time Python's automatic collections take while a process
opens the catalog, searches and asks for more like this (gc.callbacks), and one full
gc.collect() after that, against the same in a process that only imports watchnext."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # (peak.py beside this file)
from peak import PEAK_MB  # noqa: E402

CHILD = r"""
import json, os, resource, sys, time, tomllib
from pathlib import Path
sys.path.insert(0, sys.argv[2])
mode = sys.argv[1]
t0 = time.perf_counter()
if mode == "tomllib":
    from watchnext import paths
    files = sorted((paths.shipped_catalog_dir() / "titles").glob("*.toml"))
    n = 0
    for f in files:
        with open(f, "rb") as fh:
            n += len(tomllib.load(fh)["titles"])
elif mode == "all":
    from watchnext.loader import load_catalog
    n = len(list(load_catalog().titles))
elif mode == "rows":  # the alternative to the column blob: every JSON row, parsed and checked
    from watchnext.catalog import compiled
    from watchnext.loader import load_catalog
    store = load_catalog()._store
    n = len([compiled._row(json.loads(d)) for (d,) in
             store.con.execute("SELECT data FROM titles ORDER BY pos")])
elif mode in ("gc", "gc-base"):  # automatic collections while working, then one full collect
    import gc
    spent, started = [0.0], [0.0]
    def _cb(phase, info):
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            spent[0] += time.perf_counter() - started[0]
    gc.callbacks.append(_cb)
    import watchnext
    n = 0
    if mode == "gc":
        from watchnext.loader import load_catalog
        from watchnext.search import search
        from watchnext.similar import similar
        cat = load_catalog()
        hits = search(cat, "ballerina")
        similar(cat, hits[0].title, limit=20)
        n = len(cat.titles)
    auto = spent[0] * 1000
    gc.callbacks.remove(_cb)
    t = time.perf_counter(); gc.collect(); full = (time.perf_counter() - t) * 1000
    print(json.dumps({"ms": auto, "full_ms": full, "n": n, "rss_mb": peak_mb()}))
    sys.exit(0)
else:
    from watchnext.loader import load_catalog
    n = len(load_catalog().titles)
ms = (time.perf_counter() - t0) * 1000
rss = peak_mb()
print(json.dumps({"ms": ms, "n": n, "rss_mb": rss}))
"""
CHILD = PEAK_MB + CHILD


def _child(mode: str, env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(ROOT)], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _stats(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return statistics.median(xs), xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def run(quick: bool = False) -> list[dict]:
    reps = 3 if quick else 7
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, XDG_CACHE_HOME=str(Path(tmp) / "cache"),
                   XDG_CONFIG_HOME=str(Path(tmp) / "config"))
        base, cold, warm, rss, full, rss_full, rows_ms = [], [], [], [], [], [], []
        gc_auto, gc_full, gcb_auto, gcb_full = [], [], [], []
        for _ in range(reps):
            base.append(_child("tomllib", env)["ms"])
            for f in (Path(tmp) / "cache").rglob("*"):
                if f.is_file():
                    f.unlink()
            c = _child("load", env)
            cold.append(c["ms"])
            w = _child("load", env)
            warm.append(w["ms"])
            rss.append(w["rss_mb"])
            a = _child("all", env)
            full.append(a["ms"])
            rss_full.append(a["rss_mb"])
            rows_ms.append(_child("rows", env)["ms"])
            g, gb = _child("gc", env), _child("gc-base", env)
            gc_auto.append(g["ms"]); gc_full.append(g["full_ms"])
            gcb_auto.append(gb["ms"]); gcb_full.append(gb["full_ms"])
        n = w["n"]
    bm, bp = _stats(base)
    rows = []
    for name, xs, limit in (("open, first run (empty cache)", cold, None),
                            ("open, warm", warm, 100.0),
                            ("open and read every title", full, None)):
        m, p = _stats(xs)
        rows.append({"name": f"{name}, {n:,} titles", "median_ms": m, "p95_ms": p,
                     "baseline": "tomllib parse of the same files", "baseline_median_ms": bm,
                     "ratio": m / bm, "limit_ms": limit or "", "limit_ratio": 0.25 if limit else ""})
    m, p = _stats(full)
    rm, rp = _stats(rows_ms)
    rows.append({"name": f"read every title: columns vs JSON rows, {n:,} titles", "median_ms": m,
                 "p95_ms": p, "baseline": "every JSON row of the titles table",
                 "baseline_median_ms": rm, "ratio": m / rm})
    for name, xs, bs in (("garbage collection, automatic, while opening + search + similar",
                          gc_auto, gcb_auto),
                         ("one full gc.collect() after open + search + similar", gc_full, gcb_full)):
        m, p = _stats(xs)
        b, _ = _stats(bs)
        rows.append({"name": name, "median_ms": m, "p95_ms": p,
                     "baseline": "the same, after `import watchnext` only", "baseline_median_ms": b,
                     "ratio": m / b if b else ""})
    rows.append({"name": "peak RSS after open (MB)", "median_ms": "", "p95_ms": "",
                 "value": round(statistics.median(rss), 1), "limit": 150})
    rows.append({"name": "peak RSS with every title read (MB)", "median_ms": "", "p95_ms": "",
                 "value": round(statistics.median(rss_full), 1), "limit": 150})
    return rows


if __name__ == "__main__":
    rows = run(quick="--quick" in sys.argv)
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print(r)
