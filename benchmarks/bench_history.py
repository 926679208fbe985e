"""Histories (issue 14) on the shipped catalog, each against a naive baseline in the same run:

  * reading a 5,000-row Netflix viewing history (episodes rolled up, dates decided per file)
    against csv.reader over the same text (no roll-up, no dates);
  * the whole dry-run import of it (matching included) against one catalog.find per row;
  * stats over a 5,000-entry watchlist against one pass that only looks each title up;
  * For you on 40 watched, rated titles (a similar() per liked title, weighted) against the
    one many-seed similar() call it replaced.

    python benchmarks/bench_history.py [--quick]
"""

from __future__ import annotations

import csv
import io
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

from bench_watchlist import _stats, _time  # noqa: E402 - the same timing helpers

from watchnext.catalog import load_catalog  # noqa: E402
from watchnext.watchlist import Entry, Watchlist  # noqa: E402

ROWS = 5000


def _row(name: str, ms: list[float], base: list[float], baseline: str) -> dict:
    med, p95 = _stats(ms)
    bmed, _ = _stats(base)
    return {"name": name, "median_ms": round(med, 1), "p95_ms": round(p95, 1),
            "baseline": baseline, "baseline_median_ms": round(bmed, 1),
            "ratio": round(med / bmed, 2) if bmed else None}


def _netflix(cat, rnd: random.Random) -> str:
    series = [t for t in cat.titles if t.kind == "series" and "netflix" in t.sources][:300]
    films = [t for t in cat.titles if t.kind == "film" and "netflix" in t.sources][:500]
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writerow(["Title", "Date"])
    for n in range(ROWS):
        day = f"{1 + n % 12}/{1 + n % 28}/{20 + n % 5}"
        if n % 3:
            t = rnd.choice(series)
            w.writerow([f"{t.title}: Season {1 + n % 3}: Episode {1 + n % 10}", day])
        else:
            w.writerow([rnd.choice(films).title, day])
    return buf.getvalue()


def run(quick: bool = False) -> list[dict]:
    from watchnext.foryou import for_you, liked, titles_of
    from watchnext.similar import similar
    from watchnext.stats import compute
    from watchnext.watchlist.formats import read_import
    from watchnext.watchlist.importer import run_import

    reps = 3 if quick else 10
    cat = load_catalog(include_user=False)
    rnd = random.Random(14)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "NetflixViewingHistory.csv"
        text = _netflix(cat, rnd)
        f.write_text(text, encoding="utf-8")
        base = _time(lambda i: list(csv.reader(io.StringIO(text))), reps)
        ours = _time(lambda i: read_import(f), reps)
        rows.append(_row(f"read a Netflix history ({ROWS:,} rows)", ours, base, "csv.reader"))
        wl = Watchlist.open(Path(tmp) / "watchlist.toml")
        imported = read_import(f)
        names = [r[0].split(": ")[0] for r in csv.reader(io.StringIO(text))][1:]

        def naive(i):
            for name in names:
                cat.find(name)

        base = _time(naive, max(1, reps // 3))
        ours = _time(lambda i: run_import(wl, cat, imported, dry_run=True), max(1, reps // 3))
        rows.append(_row("import it, dry run (match every title)", ours, base,
                         "catalog.find per row"))
    picks = rnd.sample(list(cat.titles), ROWS)
    entries = [Entry(id=t.id, title=t.title, year=t.year, status="watched",
                     rating=rnd.choice([None, 2.0, 3.5, 4.0, 5.0]),
                     watched=f"202{n % 5}-0{1 + n % 9}-1{n % 10}") for n, t in enumerate(picks)]
    base = _time(lambda i: [cat.get(e.id) for e in entries], reps)
    ours = _time(lambda i: compute(entries, cat), reps)
    rows.append(_row(f"stats of {ROWS:,} watched titles", ours, base, "look each title up"))
    mine = [e for e in entries if e.rating is not None][:40]
    similar(cat, titles_of(cat, liked(mine)), 40)  # the index, built or read once
    base = _time(lambda i: similar(cat, titles_of(cat, liked(mine)), 40,
                                   exclude_ids=[e.id for e in mine]), reps)
    ours = _time(lambda i: for_you(cat, mine, 40), reps)
    rows.append(_row("For you, 40 rated titles (a similar() per liked title)", ours, base,
                     "one many-seed similar()"))
    return rows


if __name__ == "__main__":
    from run import print_table

    print_table("history", run(quick="--quick" in sys.argv))
