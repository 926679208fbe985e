"""Stats as text: horizontal bars drawn with block characters (eighths of a cell), each with
its number beside it. `watchnext stats` prints report(); the app's charts use bar() too."""

from __future__ import annotations

from . import Stats

EIGHTHS = " ▏▎▍▌▋▊▉"
MONTHS = 12  # the per-month chart shows the latest months (the JSON has them all)
BAR_MAX = 40  # cells


def bar(value: float, top: float, width: int) -> str:
    """A bar `width` cells long for `top`, `value` long in eighths of a cell; a value above
    zero always shows (▏)."""
    if top <= 0 or value <= 0 or width <= 0:
        return ""
    eighths = max(1, round(value / top * width * 8))
    full, part = divmod(min(eighths, width * 8), 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def stars_label(rating: float) -> str:
    return "★" * int(rating) + ("½" if rating % 1 else "")


def rows(pairs: list[tuple[str, float]], width: int, fmt: str = "{:g}",
         top: float | None = None) -> list[str]:
    """'label  12 █████▌' lines, labels padded to the longest, bars scaled to `top` (default:
    the largest value) and at most BAR_MAX cells long."""
    if not pairs:
        return []
    label_w = min(max(len(label) for label, _ in pairs), 28)
    num_w = max(len(fmt.format(v)) for _, v in pairs)
    bar_w = min(BAR_MAX, max(4, width - label_w - num_w - 4))
    top = top if top is not None else max(v for _, v in pairs)
    out = []
    for label, v in pairs:
        label = label if len(label) <= label_w else label[:label_w - 1] + "…"
        out.append(f"  {label:<{label_w}} {fmt.format(v):>{num_w}} {bar(v, top, bar_w)}".rstrip())
    return out


def summary(s: Stats) -> list[str]:
    if not s.titles:
        return ["Nothing watched yet: mark titles watched (watchnext watchlist set TITLE "
                "--status watched), log a watch (watchnext watchlist log TITLE) or import your "
                "history (watchnext watchlist import FILE)."]
    out = [f"Watched: {s.titles} titles ({s.films} films, {s.series} series); "
           f"{s.watches} watches, {s.rewatches} rewatches, {s.episodes} episodes"]
    hours = f"Hours watched: {s.hours:g}"
    if s.no_runtime:
        hours += f" ({s.no_runtime} watches with no runtime in the catalog not counted)"
    out.append(hours)
    if s.rated:
        out.append(f"Rated: {s.rated} titles, mean {s.mean_rating:g}")
    if s.undated:
        out.append(f"{s.undated} titles watched on no known date (not in the charts by date)")
    return out


def report(s: Stats, width: int = 80) -> list[str]:
    """The whole text report."""
    out = summary(s)
    if not s.titles:
        return out
    months = list(s.per_month.items())[-MONTHS:]
    if months:
        out += ["", f"Titles per month (the latest {len(months)})"]
        out += rows(months, width)
        out += ["", "Titles per year"] + rows(list(s.per_year.items()), width)
    if s.rated:
        out += ["", "Ratings"]
        out += rows([(stars_label(r), n) for r, n in s.ratings.items()], width)
    names = {"genres": "genres", "themes": "themes", "countries": "countries",
             "decades": "decades", "directors": "directors", "actors": "actors"}
    for key, label in names.items():
        if s.top.get(key):
            out += ["", f"Top {label}"] + rows(s.top[key], width)
    if s.by_genre:
        out += ["", f"Ratings by genre (your mean {s.mean_rating:g})"]
        out += rows([(f"{g} ({n} rated)", m) for g, n, m in s.by_genre], width, "{:.2f}", top=5)
    return out
