"""What a person pays: whole CLI commands in fresh processes, against `python -c pass` and
`python -c "import watchnext"` measured in the same run; a fresh install (empty cache), the run
after one title is added to a user catalog, peak RSS; and the compiled catalog against the
alternative it replaced (parsing the TOML files), opened the way users open it.

    python benchmarks/bench_cli.py [--quick] [--json]
    python benchmarks/bench_cli.py --search-x [--rounds N] [--compare CHECKOUT] [--json]

--search-x times only the #9 ratio, interleaved: each round runs `python -c pass`,
`python -c "import watchnext"` and `watchnext search x` once each (and, with --compare, the same
two watchnext commands from another copy of the package, e.g. `git archive HEAD watchnext`
unpacked somewhere, on the same compiled catalog): a busy moment costs every row alike.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # (peak.py beside this file)
from peak import PEAK_MB  # noqa: E402
WATCHNEXT = [sys.executable, "-m", "watchnext"]

RSS = r"""
import resource, runpy, sys
sys.argv = ["watchnext"] + sys.argv[1:]
try:
    runpy.run_module("watchnext", run_name="__main__")
except SystemExit:
    pass
sys.stderr.write("RSS %d\n" % peak_mb())
"""
RSS = PEAK_MB + RSS

PARSE = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
from watchnext import paths
from watchnext.loader import parse_catalog
t = time.perf_counter()
cat = parse_catalog(paths.shipped_catalog_dir(), None)
print(len(cat.titles))
"""


def _time(cmd: list[str], env: dict, reps: int, setup=None, cwd=ROOT) -> tuple[list[float], int]:
    out, rss = [], 0
    for _ in range(reps):
        if setup:
            setup()
        t = time.perf_counter()
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=cwd)
        out.append((time.perf_counter() - t) * 1000)
        if p.returncode != 0:
            raise RuntimeError(f"{cmd}: {p.stderr.strip()[-300:]}")
        for line in p.stderr.splitlines():
            if line.startswith("RSS "):
                rss = max(rss, int(line.split()[1]))
    return out, rss


def _stats(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return round(statistics.median(xs), 1), round(xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))], 1)


def run(quick: bool = False) -> list[dict]:
    reps = 3 if quick else 9
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, XDG_CACHE_HOME=str(tmp / "cache"), XDG_CONFIG_HOME=str(tmp / "config"),
                   XDG_DATA_HOME=str(tmp / "data"), PYTHONPATH=str(ROOT))
        env.pop("WATCHNEXT_CATALOG", None)
        # as installed: Python writes and reuses its bytecode (a sandbox may turn that off,
        # which makes every import compile its module again)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        passes, _ = _time([sys.executable, "-c", "pass"], env, reps)
        imports, _ = _time([sys.executable, "-c", "import watchnext"], env, reps)
        pm, _ = _stats(passes)
        im, _ = _stats(imports)

        def row(name, xs, rss=0, limit=None, vs="pass"):
            m, p = _stats(xs)
            base = pm if vs == "pass" else im
            r = {"name": name, "median_ms": m, "p95_ms": p,
                 "baseline": "python -c pass" if vs == "pass" else "python -c 'import watchnext'",
                 "baseline_median_ms": base, "ratio": round(m / base, 2)}
            if rss:
                r["rss_mb"] = rss
            if limit is not None:
                r["limit"] = limit
            rows.append(r)

        row("python -c 'import watchnext'", imports)
        _time(WATCHNEXT + ["search", "x"], env, 1)  # warm whatever the OS caches
        warm, rss = _time([sys.executable, "-c", RSS, "search", "ballerina"], env, reps)
        row("watchnext search ballerina (warm)", warm, rss)
        xs, _ = _time(WATCHNEXT + ["search", "x"], env, reps)
        row("watchnext search x (warm)", xs, limit="<= 4x import watchnext", vs="import")

        def empty_cache():
            shutil.rmtree(tmp / "cache", ignore_errors=True)

        fresh, _ = _time(WATCHNEXT + ["search", "ballerina"], env, reps, setup=empty_cache)
        row("watchnext search ballerina (fresh install: empty cache)", fresh,
            limit="<= 1.5x warm")
        rows[-1]["ratio_to_warm"] = round(_stats(fresh)[0] / _stats(warm)[0], 2)
        show, rss = _time([sys.executable, "-c", RSS, "show", "Heat", "--year", "1995"], env, reps)
        row("watchnext show Heat --year 1995", show, rss)
        sim, rss = _time([sys.executable, "-c", RSS, "similar", "Parasite", "--year", "2019"], env, reps)
        row("watchnext similar Parasite --year 2019", sim, rss)
        # one title added to a user catalog: the next command, then the one after
        mine = tmp / "config" / "watchnext" / "catalogs"
        mine.mkdir(parents=True, exist_ok=True)
        n = [0]

        def add_title():
            n[0] += 1
            (mine / "mine.toml").write_text(
                f'[[titles]]\nid = "u-{n[0]}"\ntitle = "My Film {n[0]}"\nyear = 2020\nkind = "film"\n',
                encoding="utf-8")

        after, _ = _time(WATCHNEXT + ["search", "ballerina"], env, reps, setup=add_title)
        row("watchnext search ballerina, first run after a user-catalog edit", after,
            limit="<= warm + 200 ms")
        rows[-1]["extra_ms_over_warm"] = round(_stats(after)[0] - _stats(warm)[0], 1)
        again, _ = _time(WATCHNEXT + ["search", "ballerina"], env, reps)
        row("watchnext search ballerina, with a user catalog (warm)", again)
        sim_after, _ = _time(WATCHNEXT + ["similar", "Parasite", "--year", "2019"], env, reps,
                             setup=add_title)
        row("watchnext similar Parasite, first run after a user-catalog edit", sim_after,
            limit="<= warm similar + 200 ms")
        rows[-1]["extra_ms_over_warm"] = round(_stats(sim_after)[0] - _stats(sim)[0], 1)
        shutil.rmtree(mine)
        # the alternative to the compiled file: parse the TOML every time
        parse, _ = _time([sys.executable, "-c", PARSE, str(ROOT)], env, 1 if quick else 3)
        row("alternative: parse the shipped TOML (what a run without the compiled file costs)", parse)
    return rows


def search_x(rounds: int = 15, compare: str | None = None) -> list[dict]:
    """Warm `watchnext search x` against `import watchnext`, interleaved round by round."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, XDG_CACHE_HOME=str(tmp / "cache"), XDG_CONFIG_HOME=str(tmp / "config"),
                   XDG_DATA_HOME=str(tmp / "data"), PYTHONPATH=str(ROOT),
                   WATCHNEXT_CATALOG=str(ROOT / "catalog"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cmds = [("python -c pass", [sys.executable, "-c", "pass"], env, ROOT),
                ("python -c 'import watchnext'", [sys.executable, "-c", "import watchnext"], env, ROOT),
                ("watchnext search x (warm)", WATCHNEXT + ["search", "x"], env, ROOT)]
        if compare:  # (run from there: -m and -c put the working directory first on sys.path)
            there = Path(compare).resolve()
            other = dict(env, PYTHONPATH=str(there))
            cmds += [("compare: python -c 'import watchnext'",
                      [sys.executable, "-c", "import watchnext"], other, there),
                     ("compare: watchnext search x (warm)", WATCHNEXT + ["search", "x"], other, there)]
        for _, cmd, e, cwd in cmds:  # bytecode written, the OS's caches warm
            _time(cmd, e, 2, cwd=cwd)
        times: dict[str, list[float]] = {name: [] for name, *_ in cmds}
        for _ in range(rounds):
            for name, cmd, e, cwd in cmds:
                times[name] += _time(cmd, e, 1, cwd=cwd)[0]
    rows = []
    for name, *_ in cmds:
        m, p = _stats(times[name])
        base = "compare: python -c 'import watchnext'" if name.startswith("compare:") else \
            "python -c 'import watchnext'"
        r = {"name": name, "median_ms": m, "p95_ms": p}
        if "search" in name:
            bm = _stats(times[base])[0]
            r.update(baseline=base, baseline_median_ms=bm, ratio=round(m / bm, 2),
                     limit="<= 4x import watchnext")
            # the ratio round by round (each search against the import run just before it)
            per = sorted(a / b for a, b in zip(times[name], times[base]))
            r["ratio_p50_p95_by_round"] = [round(statistics.median(per), 2),
                                           round(per[min(len(per) - 1, round(0.95 * (len(per) - 1)))], 2)]
        rows.append(r)
    return rows


def _arg(name: str, default=None):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


if __name__ == "__main__":
    if "--search-x" in sys.argv:
        rows = search_x(int(_arg("--rounds", 15)), _arg("--compare"))
    else:
        rows = run(quick="--quick" in sys.argv)
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=2))
    else:
        cols = [c for c in ("name", "median_ms", "p95_ms", "baseline", "baseline_median_ms", "ratio",
                            "rss_mb", "limit", "ratio_to_warm", "extra_ms_over_warm",
                            "ratio_p50_p95_by_round")]
        for r in rows:
            print("  ".join(f"{c}={r[c]}" for c in cols if c in r))
