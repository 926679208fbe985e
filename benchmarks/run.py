"""Run every benchmarks/bench_*.py and print one table (or, with --json, the figures).

    python benchmarks/run.py [--json] [--quick] [--only NAME]

Each bench module exposes run(quick=False) -> list[dict]. Speed rows carry median_ms, p95_ms,
a naive baseline measured in the same run and their ratio; quality rows carry their own figures.
Machines here are shared and noisy: compare ratios, not absolute times, between runs.
Each bench runs in a process of its own: run one after another in one process, the later
ones were timed over what the earlier ones left in memory (bench_search's similar, each title
asked once, p95 19.9 ms after the others in one process, 3.2 ms in a process of its own).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def fmt(v) -> str:
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 10 else f"{v:.1f}"
    return str(v)


def print_table(bench: str, rows: list[dict]) -> None:
    print(f"\n## {bench}")
    if not rows:
        return
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)
    widths = {c: max(len(c), *(len(fmt(r.get(c, ""))) for r in rows)) for c in cols}
    print("  ".join(c.ljust(widths[c]) for c in cols))
    print("  ".join("-" * widths[c] for c in cols))
    for r in rows:
        print("  ".join(fmt(r.get(c, "")).ljust(widths[c]) for c in cols))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true", help="fewer repetitions")
    ap.add_argument("--only", help="run only bench_NAME.py")
    args = ap.parse_args()
    results: dict[str, list[dict]] = {}
    failed = False
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if args.only and name != args.only:
            continue
        try:
            rows = _run_alone(path, args.quick)
        except Exception:  # one broken bench does not hide the others
            traceback.print_exc()
            rows, failed = [{"name": "FAILED"}], True
        results[name] = rows
        if not args.json:
            print_table(name, rows)
            sys.stdout.flush()
    if args.json:
        print(json.dumps(results, indent=2))
    return 1 if failed else 0


def _run_alone(path: Path, quick: bool) -> list[dict]:
    """path's run(quick) in a fresh interpreter; its rows back as JSON (its stderr passes through)."""
    p = subprocess.run([sys.executable, __file__, "--child", str(path)] + (["--quick"] if quick else []),
                       stdout=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"{path.name} exited {p.returncode}")
    return json.loads(p.stdout.splitlines()[-1])


def _child(path: Path, quick: bool) -> int:
    import contextlib

    with contextlib.redirect_stdout(sys.stderr):  # (a bench's own prints do not mix with the rows)
        rows = load(path).run(quick=quick)
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    if "--child" in sys.argv:
        sys.exit(_child(Path(sys.argv[sys.argv.index("--child") + 1]), "--quick" in sys.argv))
    sys.exit(main())
