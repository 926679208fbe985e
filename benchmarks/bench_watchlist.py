"""Watchlist add/set on a 5,000-entry list, save included (lock, re-read check, atomic write with
fsync), against a naive save (tomli_w.dumps of the whole list and a plain write: no lock, no
fsync) measured in the same run. Limit: 30 ms per add/set.

    python benchmarks/bench_watchlist.py [--quick]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import tomli_w  # noqa: E402

from watchnext.model import Title  # noqa: E402
from watchnext.watchlist import Entry, Watchlist  # noqa: E402

N = 5000
LIMIT_MS = 30.0
STATUSES = ("want", "watching", "watched", "dropped")


def _entries(n: int) -> list[Entry]:
    rnd = random.Random(5)
    out = []
    for i in range(n):
        status = STATUSES[i % 4]
        out.append(Entry(
            id=f"wn-title-{i:05d}", title=f"Some Film Title Number {i}", year=1950 + i % 75,
            status=status, added=f"20{10 + i % 14}-0{1 + i % 9}-1{i % 10}",
            watched="2024-02-03" if status == "watched" else "",
            rating=rnd.choice([None, 3.5, 4.0, 4.5]) if status == "watched" else None,
            note="a note a person wrote" if i % 3 == 0 else "",
            tags=("korea", "with mum") if i % 5 == 0 else (), priority=i % 4,
            progress="S2E8" if status == "watching" else "",
            imdb=f"tt{1000000 + i}"))
    return out


def _stats(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return statistics.median(xs), xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def _time(fn, reps: int) -> list[float]:
    out = []
    for i in range(reps):
        t0 = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _row(name: str, ms: list[float], base: list[float] | None, limit: float | None) -> dict:
    med, p95 = _stats(ms)
    row = {"name": name, "median_ms": round(med, 2), "p95_ms": round(p95, 2)}
    if base is not None:
        bmed, _ = _stats(base)
        row.update(baseline="naive rewrite without lock/fsync", baseline_median_ms=round(bmed, 2),
                   ratio=round(med / bmed, 2) if bmed else None)
    if limit is not None:
        row["limit_ms"] = limit
        row["ok"] = p95 <= limit
    return row


def run(quick: bool = False) -> list[dict]:
    reps = 15 if quick else 60
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "watchlist.toml"
        wl = Watchlist.open(path)
        with wl.transaction() as d:
            for e in _entries(N):
                d.put(e)
        size_kb = path.stat().st_size / 1024

        # naive baseline: whole-list dump + plain write, no lock, no fsync, no re-read
        naive_entries = [e.to_toml_dict() for e in wl.entries()]
        naive_path = Path(tmp) / "naive.toml"

        def naive(i):
            naive_entries[i % N]["note"] = f"naive {i}"
            with open(naive_path, "w", encoding="utf-8") as fh:
                fh.write(tomli_w.dumps({"entries": naive_entries}))

        base = _time(naive, max(5, reps // 4))

        # a long-lived watchlist (the TUI, or a script): add and set
        n0 = len(wl)
        add = _time(lambda i: wl.add(Title(id=f"new-{i}", title=f"New {i}", year=2024,
                                           kind="film")), reps)
        rows.append(_row(f"watchlist add ({n0:,} entries)", add, base, LIMIT_MS))
        ids = [e.id for e in wl.entries()]
        rnd = random.Random(1)
        set_ = _time(lambda i: wl.update(rnd.choice(ids), rating=rnd.choice([3.0, 4.0, 4.5]),
                                         note=f"set {i}"), reps)
        rows.append(_row(f"watchlist set ({len(ids):,} entries)", set_, base, LIMIT_MS))

        # two processes' worth of writers taking turns: each save first re-reads the other's
        other = Watchlist.open(path)
        turns = _time(lambda i: (wl if i % 2 else other).update(
            ids[i], note=f"turn {i}"), reps)
        rows.append(_row("watchlist set after another writer saved (re-read + save)", turns,
                         base, LIMIT_MS))

        # what one CLI call pays: open (full parse of the file) + add
        cold = _time(lambda i: Watchlist.open(path).add(
            Title(id=f"cold-{i}", title=f"Cold {i}", year=2024, kind="film")),
            max(3, reps // 10))
        rows.append(_row("watchlist open + add (one CLI call, file parsed cold)", cold, base,
                         None))
        rows.append({"name": "watchlist file size", "entries": len(Watchlist.open(path)),
                     "kb": round(size_kb)})
    return rows


if __name__ == "__main__":
    rows = run(quick="--quick" in sys.argv)
    cols: list[str] = []
    for r in rows:
        cols += [k for k in r if k not in cols]
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) for c in cols}
    print("  ".join(c.ljust(widths[c]) for c in cols))
    for r in rows:
        print("  ".join(str(r.get(c, "")).ljust(widths[c]) for c in cols))
