"""`watchnext catalog build|stats|validate|path` and `watchnext show`."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from .. import catalog as _catalog
from .. import paths


def add_parsers(sub) -> None:
    cat = sub.add_parser("catalog", help="build, check and describe the catalog")
    csub = cat.add_subparsers(dest="catalog_command", metavar="SUBCOMMAND")

    b = csub.add_parser("build", help="derive catalog/titles/ from the raw sources")
    b.add_argument("--data", type=Path, default=None,
                   help="the raw sources folder (default: $WATCHNEXT_SHARED_DATA or ../shared/data)")
    b.add_argument("--netflix", type=Path, help="netflix_titles.csv (default: in --data)")
    b.add_argument("--wikidata", type=Path, help="the wikidata-films/ folder (default: in --data)")
    b.add_argument("--out", type=Path, default=Path("catalog"),
                   help="catalog folder holding vocab/ and sources/ (default: ./catalog)")
    b.set_defaults(func=cmd_build)

    c = csub.add_parser("compile", help="compile the shipped TOML into the catalog file the app opens")
    c.add_argument("--catalog", type=Path, default=None,
                   help="catalog folder (default: the shipped one)")
    c.add_argument("--out", type=Path, default=None,
                   help="where to write it (default: catalog.sqlite in the catalog folder)")
    c.set_defaults(func=cmd_compile)

    s = csub.add_parser("stats", help="counts by kind, genre, source; theme coverage")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)

    v = csub.add_parser("validate", help="list every problem in catalog files; non-zero exit if any")
    v.add_argument("path", nargs="?", type=Path,
                   help="a .toml file or a folder of them (default: shipped + your catalogs)")
    v.set_defaults(func=cmd_validate)

    p = csub.add_parser("path", help="where the catalogs, cache, config and watchlist live")
    p.set_defaults(func=cmd_path)

    sh = sub.add_parser("show", help="everything known about a title")
    sh.add_argument("title", nargs="*", help="title (or id)")
    sh.add_argument("--year", type=int, help="the title's year, when several share its name")
    sh.add_argument("--id", dest="title_id", metavar="ID",
                    help="the title's id, or its IMDb id (instead of its name)")
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(func=cmd_show)


def cmd_build(args) -> int:
    from ..build import build_catalog
    from ..errors import CatalogError

    import os

    data = args.data
    if data is None and args.netflix is None:
        env = os.environ.get("WATCHNEXT_SHARED_DATA")
        data = Path(env) if env else Path("..") / "shared" / "data"
    for p in (data, args.netflix, args.wikidata):
        if p is not None and not p.exists():
            raise CatalogError(f"{p}: no such file or folder")
    report = build_catalog(args.out, data, netflix=args.netflix, wikidata=args.wikidata)
    for k, v in report.items():
        if isinstance(v, float):
            v = f"{v:.1%}"
        elif isinstance(v, list):
            v = f"{len(v)}" + (f" (first: {'; '.join(map(str, v[:3]))})" if v else "")
        print(f"{k:32} {v}")
    return 0


def cmd_compile(args) -> int:
    import time

    from ..catalog.load import compile_shipped, progress

    shipped = args.catalog or paths.shipped_catalog_dir()
    if not (shipped / "titles").is_dir():
        from ..errors import CatalogError

        raise CatalogError(f"{shipped}: no titles/ folder here: not a catalog folder")
    start = time.perf_counter()
    out = compile_shipped(shipped, args.out, report=progress)
    progress("")
    print(f"compiled {out} ({out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s")
    return 0


def cmd_path(args) -> int:
    for label, p in (("shipped catalog", paths.shipped_catalog_dir()),
                     ("your catalogs", paths.user_catalog_dir()),
                     ("config", paths.config_file()),
                     ("watchlist", paths.watchlist_file()),
                     ("cache", paths.cache_dir())):
        print(f"{label:16} {p}")
    return 0


def stats(cat) -> dict:
    kinds = Counter(t.kind for t in cat.titles)
    genres = Counter(g for t in cat.titles for g in t.genres)
    themes = Counter(th for t in cat.titles for th in t.themes)
    sources = Counter(s for t in cat.titles for s in t.sources)
    platforms = Counter(p for t in cat.titles for p in t.platforms)
    pairs: Counter = Counter()
    for t in cat.titles:
        src = sorted(set(t.sources) - {"curated"})
        for i, a in enumerate(src):
            for b in src[i + 1:]:
                pairs[f"{a}+{b}"] += 1
    films = [t for t in cat.titles if t.kind == "film"] or []
    nf = len(films) or 1
    n = len(cat.titles) or 1
    return {
        "titles": len(cat.titles),
        "kinds": dict(kinds.most_common()),
        "sources": dict(sources.most_common()),
        "genres": dict(genres.most_common()),
        "themes_distinct": len(themes),
        "top_themes": dict(themes.most_common(25)),
        "with_genre": sum(bool(t.genres) for t in cat.titles),
        "with_1_theme": sum(len(t.themes) >= 1 for t in cat.titles),
        "with_2_themes": sum(len(t.themes) >= 2 for t in cat.titles),
        "two_themes_share": round(sum(len(t.themes) >= 2 for t in cat.titles) / n, 4),
        "true_story": sum(t.true_story for t in cat.titles),
        "platforms": dict(platforms.most_common()),
        "merged_by_source_pair": dict(sorted(pairs.items(), key=lambda kv: -kv[1])),
        "films_with_director": round(sum(bool(t.directors) for t in films) / nf, 4),
        "films_with_cast": round(sum(bool(t.cast) for t in films) / nf, 4),
        "series_with_years": sum(bool(t.last_year) for t in cat.titles if t.kind == "series"),
        "with_aka": sum(bool(t.aka) for t in cat.titles),
        "with_awards": sum(bool(t.awards) for t in cat.titles),
        "with_director": sum(bool(t.directors) for t in cat.titles),
        "with_imdb": sum(bool(t.imdb) for t in cat.titles),
        "with_synopsis": sum(bool(t.synopsis) for t in cat.titles),
        "problems": len(cat.problems),
    }


def cmd_stats(args) -> int:
    cat = _catalog.load_catalog()
    st = stats(cat)
    if args.json:
        print(json.dumps(st, ensure_ascii=False, indent=2))
        return 0
    n = st["titles"] or 1
    print(f"{st['titles']:,} titles: " + ", ".join(f"{v:,} {k}" for k, v in st["kinds"].items()))
    print("sources:  " + ", ".join(f"{k} {v:,}" for k, v in st["sources"].items()))
    print("streams on: " + ", ".join(f"{k} {v:,}" for k, v in st["platforms"].items()))
    print("one record from several sources (titles listed by both):")
    for k, v in st["merged_by_source_pair"].items():
        print(f"  {k:24} {v:6,}")
    print(f"films with a director: {st['films_with_director']:.1%}, with cast: "
          f"{st['films_with_cast']:.1%}; series with first and latest year: "
          f"{st['series_with_years']:,}; with other titles: {st['with_aka']:,}; "
          f"with awards: {st['with_awards']:,}")
    print(f"genres:   every title has one: {st['with_genre'] == st['titles']} "
          f"({st['with_genre']:,}/{st['titles']:,})")
    for g, c in st["genres"].items():
        print(f"  {g:20} {c:6,}")
    print(f"themes:   {st['themes_distinct']} distinct; titles with 1+: {st['with_1_theme'] / n:.1%}, "
          f"2+: {st['with_2_themes'] / n:.1%}")
    print("  top: " + ", ".join(f"{k} {v}" for k, v in list(st["top_themes"].items())[:15]))
    print(f"based on a true story: {st['true_story']:,}   with director: {st['with_director']:,}   "
          f"with IMDb id: {st['with_imdb']:,}   with our synopsis: {st['with_synopsis']:,}")
    if st["problems"]:
        print(f"problems while loading: {st['problems']} (see `watchnext catalog validate`)")
    return 0


def _vocab_names(shipped: Path) -> tuple[set[str], set[str]]:
    import tomllib

    out = []
    for fname, key in (("genres.toml", "genres"), ("themes.toml", "themes")):
        try:
            with open(shipped / "vocab" / fname, "rb") as fh:
                rows = tomllib.load(fh).get(key, [])
        except (OSError, ValueError):
            rows = []
        out.append({r["name"] for r in rows if isinstance(r, dict) and isinstance(r.get("name"), str)})
    return out[0], out[1]


def vocab_problems(rec: dict, where: str, genres: set[str], themes: set[str]) -> list[str]:
    """Genres and themes a record uses that the vocabularies do not know, each with the
    nearest known value."""
    from rapidfuzz import process

    out = []
    for field, known in (("genres", genres), ("themes", themes)):
        if not known:
            continue
        for value in rec.get(field, []):
            if value in known:
                continue
            near = process.extractOne(value, sorted(known))
            hint = f" (did you mean {near[0]!r}?)" if near and near[1] >= 60 else ""
            out.append(f"{where}: {field[:-1]} {value!r} is not in the vocabulary{hint}")
    return out


def cmd_validate(args) -> int:
    from ..catalog.records import _where, catalog_files, read_titles_file

    shipped_dir = paths.shipped_catalog_dir()
    genres, themes = _vocab_names(shipped_dir)
    if args.path is not None:
        target: Path = args.path
        if not target.exists():
            print(f"watchnext: error: {target}: no such file or folder", file=sys.stderr)
            return 1
        if (target / "titles").is_dir():  # a catalog folder: its titles, against its vocabularies
            files = sorted((target / "titles").glob("*.toml"))
            if (target / "vocab").is_dir():
                genres, themes = _vocab_names(target)
        else:
            files = sorted(target.rglob("*.toml")) if target.is_dir() else [target]
        ship_dir = (shipped_dir / "titles").resolve()
        layers = [(f, f.resolve().parent == ship_dir) for f in files]
    else:
        ship, mine = catalog_files(shipped_dir, paths.user_catalog_dir())
        layers = [(f, True) for f in ship] + [(f, False) for f in mine]
    problems: list[str] = []
    warnings: list[str] = []
    count = 0
    seen: dict[tuple[bool, str], Path] = {}
    for f, is_shipped in layers:
        res = read_titles_file(f)
        problems += res.problems
        for i, rec in res.numbered():
            where = _where(f, i, rec)
            key = (is_shipped, rec["id"])
            if key in seen:
                problems.append(f"{where}: duplicate id {rec['id']!r} (first in {seen[key]})")
            seen.setdefault(key, f)
            found = vocab_problems(rec, where, genres, themes)
            if is_shipped:
                problems += found
            else:
                warnings += [f"warning: {w}" for w in found]
        count += len(res.records)
    for p in problems + warnings:
        print(p)
    print(f"{count:,} valid titles, {len(problems)} problem{'s' if len(problems) != 1 else ''}"
          + (f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""),
          file=sys.stderr)
    return 1 if problems else 0


def cmd_show(args) -> int:
    from ..catalog.describe import describe
    from .output import named_title

    cat = _catalog.load_catalog()
    t = named_title(cat, args.title, args.year, args.title_id)
    if args.json:
        d = t.to_dict()
        print(json.dumps(d, ensure_ascii=False, indent=2))
        return 0
    head = f"{t.title} ({t.years})"
    print(head)
    print("=" * min(78, len(head)))
    width = max(len(label) for label, _ in describe(t, cat))
    for label, value in describe(t, cat):
        print(f"{label:>{width}}  {value}")
    if t.synopsis:
        print()
        import textwrap

        print(textwrap.fill(t.synopsis, 78))
    return 0
