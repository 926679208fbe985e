"""The terminal app's speed, on the shipped catalog (`watchnext.load_catalog()`; honours
$WATCHNEXT_CATALOG), with a warm cache:

- start: from process start to the first screen with results. A fresh process runs the real app
  (make_app(), as `watchnext` does) headless and reports when the results list is filled; the
  parent times spawn -> report. Baseline: the same for an empty Textual app (its first frame),
  in the same run: what any Textual app pays.
- keystroke: from a key press in the search box (Pilot) to the new results in the list, over
  ~50 keystrokes typing real queries (and deleting). Baseline: a naive search, rapidfuzz WRatio
  over every title name, run synchronously for the same queries (no UI at all).

    python benchmarks/bench_tui.py [--quick] [--json]
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

START_LIMIT_MS = 1000.0
KEY_LIMIT_MS = 50.0

# The real app, headless: report once the first results are on screen.
APP_CHILD = r"""
import asyncio, sys
sys.path.insert(0, sys.argv[1])
from watchnext.tui import run_app

async def pilot(p):
    app = p.app
    screen = app.screen
    painted = []
    refresh = screen._compositor_refresh

    def counted_refresh():  # note each repaint of the screen
        refresh()
        painted.append(getattr(screen, "searches", 0))

    screen._compositor_refresh = counted_refresh
    # the first repaint once results are in the list
    while not painted or painted[-1] == 0:
        await asyncio.sleep(0.0005)
    n = screen.query_one("#results").option_count
    print(f"READY {n}", flush=True)
    app.exit()

run_app(headless=True, size=(120, 40), auto_pilot=pilot)
"""

# Baseline: an empty Textual app's first frame.
EMPTY_CHILD = r"""
from textual.app import App
from textual.widgets import Static

class Empty(App):
    def compose(self):
        yield Static("hello")

async def pilot(p):
    await p.pause()
    print("READY 0", flush=True)
    p.app.exit()

Empty().run(headless=True, size=(120, 40), auto_pilot=pilot)
"""

QUERIES = ["korean revenge", "stranger things", "time travel", "keanu", "90s comedy"]


def _stats(xs: list[float]) -> tuple[float, float]:
    xs = sorted(xs)
    return statistics.median(xs), xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]


def _spawn(code: str, env: dict) -> float:
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(ROOT)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    ms = (time.perf_counter() - t0) * 1000
    _, err = proc.communicate(timeout=30)
    if not line.startswith("READY"):
        raise RuntimeError(f"the app did not start: {err[-2000:]}")
    if code is APP_CHILD and int(line.split()[1]) == 0:
        raise RuntimeError("the first screen had no results")
    return ms


def bench_start(reps: int, env: dict) -> dict:
    _spawn(APP_CHILD, env)  # warm the catalog and index caches, and the OS file cache
    ours = [_spawn(APP_CHILD, env) for _ in range(reps)]
    base = [_spawn(EMPTY_CHILD, env) for _ in range(reps)]
    m, p = _stats(ours)
    bm, _ = _stats(base)
    return {"name": "start -> first screen with results", "median_ms": m, "p95_ms": p,
            "baseline": "empty Textual app, first frame", "baseline_median_ms": bm,
            "ratio": m / bm, "limit_ms": START_LIMIT_MS}


def _keystrokes(quick: bool) -> list[tuple[str, str]]:
    """(key, box value after it) for typing each query then deleting part of it."""
    keys: list[tuple[str, str]] = []
    value = ""
    for q in QUERIES[: 2 if quick else len(QUERIES)]:
        for ch in q:
            value += ch
            keys.append(("space" if ch == " " else ch, value))
        for _ in range(min(4, len(q))):
            value = value[:-1]
            keys.append(("backspace", value))
        while value:
            value = value[:-1]
            keys.append(("backspace", value))
            if len(keys) % 7 == 0:
                break
        if value:
            keys.append(("ctrl+u", ""))  # clear the box (Input: delete to start)
            value = ""
    return keys


def _key_event(key: str):
    """The Key event a terminal driver sends for `key` (as Pilot builds it)."""
    from textual import events

    char = {"space": " ", "backspace": "\x7f", "ctrl+u": "\x15"}.get(key, key)
    return events.Key(key, char)


async def _measure_keys(catalog, keys: list[tuple[str, str]], tmp: Path) -> list[float]:
    """Pilot runs the app; each key goes in through the driver, as a terminal's would (Pilot's
    own press() also waits ~40 ms for the app to go idle, which would swamp the figure). The
    time is taken when the new results are in the list AND the screen has been repainted."""
    from watchnext.tui.app import make_app
    from watchnext.tui.screens.browse import SearchBox

    app = make_app(catalog, tmp / "watchlist.toml", tmp / "config.toml", cursor_blink=False,
                   watch_files=False)
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        box = screen.query_one(SearchBox)
        screen.set_focus(box)  # typing into the search box (focus starts on the list, where
        await pilot.pause()    # some letters are commands)
        paints: list[float] = []
        refresh = screen._compositor_refresh

        def counted_refresh() -> None:  # note each repaint of the screen
            refresh()
            paints.append(time.perf_counter())

        screen._compositor_refresh = counted_refresh  # type: ignore[method-assign]
        for key, expected in keys:
            event = _key_event(key)
            event.set_sender(app)
            t0 = time.perf_counter()
            app._driver.send_message(event)
            deadline = t0 + 5
            while box.value != expected or screen.shown_query != expected:
                await asyncio.sleep(0.0002)
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"no results for {expected!r} after key {key!r}")
            shown = time.perf_counter()
            # then the repaint that puts them on screen (none when the rows did not change:
            # then the last repaint since the key, e.g. the search box's, is the end)
            while not paints or paints[-1] < shown:
                await asyncio.sleep(0.0002)
                if time.perf_counter() > shown + 0.25:
                    break
            after = [p for p in paints if p >= shown]
            since_key = [p for p in paints if p >= t0]
            end = after[0] if after else max([shown, *since_key])
            times.append((end - t0) * 1000)
            await pilot.pause()  # let the highlighted title's detail settle before the next key
    return times


def _naive(catalog, keys: list[tuple[str, str]]) -> list[float]:
    from rapidfuzz import fuzz, process

    names = [t.title for t in catalog.titles]
    times = []
    for _, value in keys:
        t0 = time.perf_counter()
        if value.strip():
            process.extract(value, names, scorer=fuzz.WRatio, limit=50)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def bench_keys(quick: bool) -> dict:
    from watchnext.tui import prepare_process

    prepare_process()  # as run_app does, before textual is imported
    import watchnext

    catalog = watchnext.load_catalog()
    keys = _keystrokes(quick)
    with tempfile.TemporaryDirectory() as tmp:
        ours = asyncio.run(_measure_keys(catalog, keys, Path(tmp)))
    base = _naive(catalog, keys)
    m, p = _stats(ours)
    bm, _ = _stats(base)
    return {"name": f"keystroke -> results ({len(keys)} keys, {len(catalog):,} titles)",
            "median_ms": m, "p95_ms": p,
            "baseline": "naive rapidfuzz WRatio over all titles, sync, no UI",
            "baseline_median_ms": bm, "ratio": m / bm if bm else float("inf"),
            "limit_ms": KEY_LIMIT_MS}


def run(quick: bool = False) -> list[dict]:
    env = dict(os.environ)
    env.setdefault("TEXTUAL_ANIMATIONS", "none")
    rows = [bench_start(3 if quick else 7, env), bench_keys(quick)]
    return rows


if __name__ == "__main__":
    rows = run(quick="--quick" in sys.argv)
    if "--json" in sys.argv:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print(f"{r['name']:58} median {r['median_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  "
                  f"baseline {r['baseline_median_ms']:7.1f} ms  ratio {r['ratio']:.2f}  "
                  f"limit {r['limit_ms']:.0f} ms")
