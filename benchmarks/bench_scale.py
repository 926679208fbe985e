"""How the compiled catalog grows: synthetic catalogs of 100,000 and 1,000,000 titles made from
the real one (bench_search.synthetic_catalog), compiled the way the shipped one is (indexes
built in; the TOML parse is left out: a synthetic catalog has no TOML), then opened the way a
user opens it, in a fresh process: open plus the first search, search and similar p50/p95,
peak RSS. The shipped catalog is the first row; ratios are against it, measured in the same run.

    python benchmarks/bench_scale.py [--quick] [--json] [--sizes 100000,1000000] [--search-only]
                                     [--keep DIR]

--search-only compiles the synthetic catalogs with the search index alone and measures search
alone (the similar index at 1M takes most of the compile time and memory; it has its own rows).
--keep DIR keeps each compiled synthetic catalog in DIR and reuses it on the next run when its
stamp (formats and index versions, size, mode) still fits: a 1M run then skips the minutes of
compiling (compile_s is then the time of the run that compiled it, read from the stamp). The
stamp holds the shipped catalog's source key, which in a checkout holds its files' times: two
worktrees sharing one DIR compile in turn (give each its own DIR).

Each row's rss_stages is the peak RSS (MB) after each step of the child: open (the catalog
opened, nothing read), first_search, searches, first_similar, similars.

Targets (issue 9), at 1M: open + first search under 1.5 s, search p95 <= 50 ms, similar p95
<= 100 ms, RSS <= 300 MB; compiling 1M titles under 10 minutes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # (peak.py beside this file)
from peak import PEAK_MB  # noqa: E402

CHILD = r"""
import importlib, json, random, resource, sys, time
sys.path.insert(0, sys.argv[1])
t0 = time.perf_counter()
from watchnext.loader import load_catalog
S = importlib.import_module("watchnext.search"); M = importlib.import_module("watchnext.similar")
cat = load_catalog(sys.argv[2], include_user=False)
stages = {"open": peak_mb()}
S.search(cat, "ballerina")
first = (time.perf_counter() - t0) * 1000
stages["first_search"] = peak_mb()
queries = json.loads(sys.argv[3])
def each(fn, items):
    out = []
    for x in items:
        t = time.perf_counter(); fn(x); out.append((time.perf_counter() - t) * 1000)
    return sorted(out)
search = each(lambda q: S.search(cat, q, limit=20), queries * 2)
stages["searches"] = peak_mb()
n = len(cat.titles)
rng = random.Random(3)
if sys.argv[5] == "1":  # search only
    sim_first, sim = 0.0, [0.0]
else:
    t = time.perf_counter(); M.similar(cat, cat.titles[0], limit=20); sim_first = (time.perf_counter() - t) * 1000
    stages["first_similar"] = peak_mb()
    sim = each(lambda p: M.similar(cat, cat.titles[p], limit=20), rng.sample(range(n), int(sys.argv[4])))
    stages["similars"] = peak_mb()
p = lambda xs, q: round(xs[min(len(xs) - 1, round(q * (len(xs) - 1)))], 1)
print(json.dumps({"n": n, "open_first_search_ms": round(first, 1),
                  "search_p50_ms": p(search, 0.5), "search_p95_ms": p(search, 0.95),
                  "similar_first_ms": round(sim_first, 1),
                  "similar_p50_ms": p(sim, 0.5), "similar_p95_ms": p(sim, 0.95),
                  "rss_mb": peak_mb(), "rss_stages": stages}))
"""
CHILD = PEAK_MB + CHILD


def _measure(catalog_dir: Path, env: dict, quick: bool, search_only: bool = False) -> dict:
    from bench_search import QUERIES

    p = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(catalog_dir),
                        json.dumps(QUERIES), "10" if quick else "40", "1" if search_only else "0"],
                       env=env, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip()[-400:])
    return json.loads(p.stdout.strip().splitlines()[-1])


def _stamp(n: int, search_only: bool) -> str:
    """What a kept synthetic catalog must match to be reused (--keep)."""
    from watchnext.catalog import compiled
    from watchnext.search.index import INDEX_VERSION as SEARCH
    from watchnext.similar import arrays
    from watchnext.similar.features import INDEX_VERSION as SIMILAR

    return json.dumps({"format": compiled.FORMAT, "search": SEARCH, "similar": SIMILAR,
                       "arrays": arrays.VERSION, "n": n, "search_only": search_only,
                       "shipped": compiled.source_key(_shipped())})


def _shipped() -> Path:
    from watchnext import paths

    return paths.shipped_catalog_dir()


def _kept(n: int, keep: Path, search_only: bool) -> tuple[Path, float, float] | None:
    """A synthetic catalog compiled by an earlier run with --keep, if it still fits."""
    from watchnext.catalog import compiled

    d = keep / f"catalog-{n}{'-search' if search_only else ''}"
    try:
        stamp = json.loads((d / "stamp.json").read_text())
    except (OSError, ValueError):
        return None
    f = d / compiled.FILE_NAME
    if stamp.get("stamp") != _stamp(n, search_only) or not f.is_file():
        return None
    return d, stamp["compile_s"], f.stat().st_size / 1e6


def _compile_synthetic(cat, n: int, where: Path, search_only: bool = False,
                       keep: bool = False) -> tuple[Path, float, float]:
    import shutil

    from bench_search import synthetic_catalog

    from watchnext import paths
    from watchnext.catalog import compiled
    from watchnext.loader import compile_catalog

    d = where / f"catalog-{n}{'-search' if keep and search_only else ''}"
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(paths.shipped_catalog_dir() / "vocab", d / "vocab")
    (d / "titles").mkdir()  # no TOML: the compiled file is all there is
    big = synthetic_catalog(cat, n)
    key = compiled.source_key(d)
    big.fingerprint = key
    t = time.perf_counter()
    if search_only:
        from watchnext.search import _stored

        postings: dict = {}
        blobs = _stored(big, postings)
        compiled.write(d / compiled.FILE_NAME, key, list(big.titles), big.people_aliases,
                       big.theme_aliases, [], blobs, postings)
    else:
        compile_catalog(big, d / compiled.FILE_NAME, key)
    secs = time.perf_counter() - t
    if keep:
        (d / "stamp.json").write_text(json.dumps({"stamp": _stamp(n, search_only),
                                                  "compile_s": round(secs, 1)}))
    return d, secs, (d / compiled.FILE_NAME).stat().st_size / 1e6


def run(quick: bool = False, sizes: list[int] | None = None, search_only: bool = False,
        keep: Path | None = None) -> list[dict]:
    sys.path.insert(0, str(Path(__file__).parent))
    from watchnext import paths
    from watchnext.catalog import compiled
    from watchnext.loader import load_catalog

    sizes = sizes or ([100_000] if quick else [100_000, 1_000_000])
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, XDG_CACHE_HOME=str(tmp / "cache"), XDG_CONFIG_HOME=str(tmp / "config"),
                   XDG_DATA_HOME=str(tmp / "data"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        shipped = paths.shipped_catalog_dir()
        base = _measure(shipped, env, quick, search_only)
        size = (shipped / compiled.FILE_NAME).stat().st_size / 1e6
        rows.append({"name": f"shipped ({base['n']:,} titles)", "file_mb": round(size, 1), **base})
        cat = None
        for n in sizes:
            kept = _kept(n, keep, search_only) if keep is not None else None
            if kept is None:
                if cat is None:
                    cat = load_catalog(shipped, include_user=False, use_cache=False)
                    cat.titles.load() if hasattr(cat.titles, "load") else None
                d, secs, mb = _compile_synthetic(cat, n, keep or tmp, search_only, keep is not None)
            else:
                d, secs, mb = kept
            got = _measure(d, env, quick, search_only)
            row = {"name": f"synthetic ({n:,} titles)", "compile_s": round(secs, 1),
                   "file_mb": round(mb, 1), **got,
                   "ratio_open_first_search": round(got["open_first_search_ms"] / base["open_first_search_ms"], 2),
                   "ratio_search_p95": round(got["search_p95_ms"] / max(0.1, base["search_p95_ms"]), 2),
                   "ratio_similar_p95": round(got["similar_p95_ms"] / max(0.1, base["similar_p95_ms"]), 2)}
            if search_only:
                row["name"] += ", search index only"
            if kept is not None:
                row["name"] += ", kept"
            if n >= 1_000_000:
                row["limits"] = ("open+first search < 1500 ms, search p95 <= 50 ms, similar p95 <= 100 ms, "
                                 "RSS <= 300 MB, compile < 600 s")
            rows.append(row)
            if keep is None:
                import shutil

                shutil.rmtree(d, ignore_errors=True)
    return rows


if __name__ == "__main__":
    sizes = None
    if "--sizes" in sys.argv:
        sizes = [int(x) for x in sys.argv[sys.argv.index("--sizes") + 1].split(",")]
    keep = Path(sys.argv[sys.argv.index("--keep") + 1]).resolve() if "--keep" in sys.argv else None
    rows = run(quick="--quick" in sys.argv, sizes=sizes, search_only="--search-only" in sys.argv,
               keep=keep)
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print("  ".join(f"{k}={v}" for k, v in r.items()))
