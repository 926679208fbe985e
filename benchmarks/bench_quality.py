"""Quality of "more like this": ours against two baselines, in the same harness.

    python benchmarks/bench_quality.py [--json] [--quick]

Dev sets (all resolved against the shipped catalog; pairs whose titles are missing are skipped):
- sequels: the Wikidata FOLLOWED_BY links (../shared/data/wikidata-films/movie_sequel.csv), both
  directions (a fan of a film wants its sequel, and the fan of a sequel its prequel);
- franchise: other members of the same franchise (franchises of 3 to 12 titles);
- director: other films by the same director (directors with 2 to 8 titles in the catalog);
- hard: benchmarks/devset/hard_pairs.toml, judged pairs of well-known titles, most sharing no
  person or franchise ("hard"); reported whole and in two fixed halves split by seed (seed_half):
  any weight is chosen on one half and judged on the other, in both directions;
- seeds: benchmarks/devset/seeds.toml, titles with the picks a fan expects in the top 20;
- judged: benchmarks/devset/pairs.toml, pairs judged by hand: "a fan of A wants B" (fan = true)
  or "does not" (fan = false), each with a one-line why.

Figures: recall@20 (share of the positive pairs whose B is in A's top 20), and pairwise AUC (the
chance that a positive B scores above a negative one for the same A; ties count half). For the
generated sets the negatives are random catalog titles (fixed seed); for the judged pairs they are
the pairs judged "does not". The sequel, franchise and director sets use facts our method reads
directly (sequel links, franchise, director), so ours is expected to do well there: the judged
pairs are the fairer test.

Baselines, on the same catalog fields:
- jellyfin: Jellyfin's SimilarItemsHelper scheme: +10 per shared genre and per shared tag (our
  themes), +5 same director, +3 per shared actor, +2 within 10 years and +2 more within 5, +10 same
  age rating; candidates of the same kind; ties in catalog order.
- tfidf: the usual tutorial: tf-idf cosine over genres, director, cast and a description (the
  title's words, plus the Netflix description when ../shared/data/netflix_titles.csv exists).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import sys
import time
import tomllib
import zlib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared" / "data"
SEQUELS_CSV = SHARED / "wikidata-films" / "movie_sequel.csv"
NETFLIX_CSV = SHARED / "netflix_titles.csv"
PAIRS = Path(__file__).resolve().parent / "devset" / "pairs.toml"
K = 20

_STOP = frozenset(
    "a an the and or of to in on at for with by from as is are was were be been it its his her "
    "their they he she this that these those who whom whose which what when where while after "
    "before into out up down over under about than then so but not no yet also only just more most "
    "one two new old own s t his him them there here all any each both few other some such can "
    "will would could should must may might do does did have has had i you we us our your my me".split())
_WORD = re.compile(r"\w+")


def _fold(s: str) -> str:
    from watchnext.text import fold

    return fold(s)


# ------------------------------------------------------------------ baselines

class Jellyfin:
    """Jellyfin's SimilarItemsHelper points, over all titles of the same kind."""

    name = "jellyfin"

    def __init__(self, cat) -> None:
        self.titles = cat.titles
        self.n = len(self.titles)
        self.genres = [frozenset(t.genres) for t in self.titles]
        self.tags = [frozenset(t.themes) for t in self.titles]
        self.dirs = [frozenset([_fold(d) for d in t.directors] + list(t.director_ids)) for t in self.titles]
        self.cast = [frozenset(_fold(a) for a in t.cast) for t in self.titles]
        self.year = [t.year for t in self.titles]
        self.rating = [t.age_rating for t in self.titles]
        self.kind = [t.kind for t in self.titles]
        post: dict[tuple[str, str], list[int]] = defaultdict(list)
        for j in range(self.n):
            for g in self.genres[j]:
                post[("g", g)].append(j)
            for g in self.tags[j]:
                post[("t", g)].append(j)
            for g in self.dirs[j]:
                post[("d", g)].append(j)
            for g in self.cast[j]:
                post[("a", g)].append(j)
            if self.rating[j]:
                post[("r", self.rating[j])].append(j)
        self.post = post
        self.by_year: dict[int, list[int]] = defaultdict(list)
        for j, y in enumerate(self.year):
            self.by_year[y].append(j)

    def score(self, i: int, j: int) -> float:
        p = 0.0
        if self.rating[i] and self.rating[i] == self.rating[j]:
            p += 10
        p += 10 * len(self.genres[i] & self.genres[j])
        p += 10 * len(self.tags[i] & self.tags[j])
        if self.dirs[i] & self.dirs[j]:
            p += 5
        p += 3 * len(self.cast[i] & self.cast[j])
        d = abs(self.year[i] - self.year[j])
        if d < 10:
            p += 2
        if d < 5:
            p += 2
        return p

    def rank(self, i: int, k: int = K) -> list[int]:
        acc: dict[int, float] = defaultdict(float)
        for key, w in ([(("g", g), 10) for g in self.genres[i]] + [(("t", g), 10) for g in self.tags[i]]
                       + [(("a", g), 3) for g in self.cast[i]]
                       + ([(("r", self.rating[i]), 10)] if self.rating[i] else [])):
            for j in self.post.get(key, ()):
                acc[j] += w
        dj: set[int] = set()
        for g in self.dirs[i]:
            dj.update(self.post.get(("d", g), ()))
        for j in dj:
            acc[j] += 5
        y = self.year[i]
        for j in list(acc):
            d = abs(self.year[j] - y)
            acc[j] += (2 if d < 10 else 0) + (2 if d < 5 else 0)
        if len(acc) < k * 2:  # titles sharing nothing but the era
            for yy in range(y - 9, y + 10):
                for j in self.by_year.get(yy, ()):
                    if j not in acc:
                        d = abs(yy - y)
                        acc[j] = 2 + (2 if d < 5 else 0)
        kind = self.kind[i]
        cands = [(s, j) for j, s in acc.items() if j != i and s > 2 and self.kind[j] == kind]
        cands.sort(key=lambda x: (-x[0], x[1]))
        return [j for _, j in cands[:k]]


class TfIdf:
    """tf-idf cosine over genres, director, cast and description words."""

    name = "tfidf"

    def __init__(self, cat, descriptions: dict[str, str]) -> None:
        self.titles = cat.titles
        docs: list[dict[str, float]] = []
        df: dict[str, int] = defaultdict(int)
        for t in self.titles:
            tf: dict[str, float] = defaultdict(float)
            for g in t.genres:
                tf["g:" + _fold(g)] += 1
            for d in t.directors:
                tf["d:" + _fold(d)] += 1
            for d in t.director_ids:
                tf["q:" + d] += 1
            for a in t.cast:
                tf["a:" + _fold(a)] += 1
            text = f"{t.title} {descriptions.get(t.id, '')}"
            for w in _WORD.findall(text.lower()):
                if w not in _STOP and len(w) > 1 and not w.isdigit():
                    tf["w:" + w] += 1
            docs.append(tf)
            for term in tf:
                df[term] += 1
        n = len(docs)
        idf = {term: math.log((1 + n) / (1 + c)) + 1 for term, c in df.items()}
        self.vecs: list[dict[str, float]] = []
        self.post: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for j, tf in enumerate(docs):
            v = {term: c * idf[term] for term, c in tf.items()}
            norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
            v = {term: x / norm for term, x in v.items()}
            self.vecs.append(v)
            for term, x in v.items():
                self.post[term].append((j, x))

    def score(self, i: int, j: int) -> float:
        a, b = self.vecs[i], self.vecs[j]
        if len(a) > len(b):
            a, b = b, a
        return sum(x * b.get(term, 0.0) for term, x in a.items())

    def rank(self, i: int, k: int = K) -> list[int]:
        acc: dict[int, float] = defaultdict(float)
        for term, x in self.vecs[i].items():
            for j, y in self.post[term]:
                acc[j] += x * y
        acc.pop(i, None)
        return [j for j, _ in sorted(acc.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]


class Ours:
    name = "ours"
    ranker = "smooth"

    def __init__(self, cat) -> None:
        from watchnext.similar import get_index, score_pair, similar

        import importlib

        self._mod = importlib.import_module("watchnext.similar")
        self.cat = cat
        self._similar, self._pair = similar, score_pair
        get_index(cat)
        self.pos = {t.id: p for p, t in enumerate(cat.titles)}

    def score(self, i: int, j: int) -> float:
        self._mod.RANKER = self.ranker
        return self._pair(self.cat, self.cat.titles[i], self.cat.titles[j]).score

    def rank(self, i: int, k: int = K) -> list[int]:
        self._mod.RANKER = self.ranker
        return [self.pos[m.title.id] for m in self._similar(self.cat, self.cat.titles[i], limit=k)]


class OursGated(Ours):
    """The ranker before the smooth score (candidates through rare features, then gated)."""
    name = "gated"
    ranker = "gated"


def netflix_descriptions() -> dict[str, str]:
    if not NETFLIX_CSV.exists():
        return {}
    with open(NETFLIX_CSV, newline="", encoding="utf-8") as fh:
        return {f"nf-{r['show_id'].strip()}": r["description"] for r in csv.DictReader(fh)}


# ------------------------------------------------------------------ dev sets

def _by_wikidata(cat) -> dict[str, int]:
    out: dict[str, int] = {}
    for p, t in enumerate(cat.titles):
        if t.wikidata:
            out.setdefault(t.wikidata, p)
        if t.id.startswith("wd-"):
            out.setdefault(t.id[3:], p)
    return out


def sequel_pairs(cat) -> list[tuple[int, int]]:
    if not SEQUELS_CSV.exists():
        return []
    qmap = _by_wikidata(cat)
    out = []
    with open(SEQUELS_CSV, newline="", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            a = qmap.get(r[":START_ID"].rsplit("/", 1)[-1])
            b = qmap.get(r[":END_ID"].rsplit("/", 1)[-1])
            if a is not None and b is not None and a != b:
                out += [(a, b), (b, a)]
    return sorted(set(out))


def franchise_pairs(cat) -> list[tuple[int, int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for p, t in enumerate(cat.titles):
        if t.franchise:
            groups[t.franchise].append(p)
    out = []
    for members in groups.values():
        if 3 <= len(members) <= 12:
            out += [(a, b) for a in members for b in members if a != b]
    return out


def director_pairs(cat) -> list[tuple[int, int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for p, t in enumerate(cat.titles):
        if t.kind != "film":
            continue
        keys = {_fold(d) for d in t.directors} or set(t.director_ids)
        for d in keys:
            groups[d].append(p)
    out = []
    for members in groups.values():
        if 2 <= len(members) <= 8:
            out += [(a, b) for a in members for b in members if a != b]
    return sorted(set(out))


def judged_pairs(cat) -> tuple[list[tuple[int, int, bool, str]], list[str]]:
    """(a, b, fan, why) for every pair of pairs.toml whose titles are in the catalog."""
    if not PAIRS.exists():
        return [], [f"{PAIRS} missing"]
    with open(PAIRS, "rb") as fh:
        data = tomllib.load(fh)
    pos = {t.id: p for p, t in enumerate(cat.titles)}
    out, missing = [], []

    def find(ref: dict | str) -> int | None:
        if isinstance(ref, str):
            ref = {"id": ref} if "-" in ref and ref.split("-")[0] in ("nf", "wd", "wn") else {"title": ref}
        if ref.get("id") in pos:
            return pos[ref["id"]]
        found = cat.find(ref.get("title", ""), ref.get("year"))
        if ref.get("kind"):
            found = [t for t in found if t.kind == ref["kind"]]
        return pos[found[0].id] if found else None

    for row in data.get("pairs", []):
        a = find({"title": row["a"], "year": row.get("a_year"), "id": row.get("a_id")})
        b = find({"title": row["b"], "year": row.get("b_year"), "id": row.get("b_id")})
        if a is None or b is None:
            missing.append(f"{row['a']} -> {row['b']}")
            continue
        out.append((a, b, bool(row["fan"]), row.get("why", "")))
    return out, missing


HARD = Path(__file__).resolve().parent / "devset" / "hard_pairs.toml"
SEEDS = Path(__file__).resolve().parent / "devset" / "seeds.toml"


def _finder(cat):
    pos = {t.id: p for p, t in enumerate(cat.titles)}

    def find(title: str, year: int | None) -> int | None:
        found = cat.find(title, year) if year else cat.find(title)
        if not found and year:  # a film's year may be one off between sources
            found = [t for t in cat.find(title) if abs(t.year - year) <= 1]
        return pos[found[0].id] if found else None

    return find


def seed_half(seed: str, year: int | None) -> str:
    """The fixed half ("A" or "B") of the hard pairs a seed's pairs belong to: a hash of the
    seed as the dev set names it (title and year), not of anything the ranker sees. Weights are
    chosen on one half and reported on the other (both directions)."""
    return "AB"[zlib.crc32(f"{seed} ({year or ''})".encode()) & 1]


def hard_pairs(cat) -> tuple[list[tuple[int, int, bool, str, str]], int]:
    """(a, b, want, kind, half) of devset/hard_pairs.toml, judged before the ranker ran on
    them; half: seed_half of the pair's seed."""
    if not HARD.exists():
        return [], 0
    with open(HARD, "rb") as fh:
        rows = tomllib.load(fh).get("pairs", [])
    find = _finder(cat)
    out, missing = [], 0
    for r in rows:
        a, b = find(r["seed"], r.get("seed_year")), find(r["other"], r.get("other_year"))
        if a is None or b is None or a == b:
            missing += 1
            continue
        out.append((a, b, bool(r["want"]), r.get("kind", "hard"),
                    seed_half(r["seed"], r.get("seed_year"))))
    return out, missing


def seed_lists(cat) -> list[tuple[int, list[int], str]]:
    if not SEEDS.exists():
        return []
    with open(SEEDS, "rb") as fh:
        rows = tomllib.load(fh).get("seeds", [])
    find = _finder(cat)
    out = []
    for r in rows:
        a = find(r["title"], r.get("year"))
        years = r.get("expect_years") or [None] * len(r.get("expect", []))
        want = [find(t, y) for t, y in zip(r.get("expect", []), years)]
        want = [w for w in want if w is not None and w != a]
        if a is not None and want:
            out.append((a, want, r["title"]))
    return out


# ------------------------------------------------------------------ measures

def recall_at_k(method, pairs: list[tuple[int, int]], cache: dict) -> float:
    if not pairs:
        return float("nan")
    hit = 0
    for a, b in pairs:
        top = cache.get(a)
        if top is None:
            top = cache[a] = set(method.rank(a, K))
        hit += b in top
    return hit / len(pairs)


def auc(method, groups: dict[int, tuple[list[int], list[int]]]) -> float:
    """Mean over anchors of P(score(pos) > score(neg)); ties count half."""
    vals = []
    for a, (pos, neg) in groups.items():
        if not pos or not neg:
            continue
        ps = [method.score(a, b) for b in pos]
        ns = [method.score(a, b) for b in neg]
        tot = sum((p > n) + 0.5 * (p == n) for p in ps for n in ns)
        vals.append(tot / (len(ps) * len(ns)))
    return sum(vals) / len(vals) if vals else float("nan")


def random_negatives(cat, pairs: list[tuple[int, int]], per_anchor: int, seed: int) -> dict:
    rng = random.Random(seed)
    n = len(cat.titles)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for a, b in pairs:
        groups.setdefault(a, ([], []))[0].append(b)
    for a, (pos, neg) in groups.items():
        taken = set(pos) | {a}
        while len(neg) < per_anchor:
            j = rng.randrange(n)
            if j not in taken:
                neg.append(j)
                taken.add(j)
    return groups


def _sample(pairs: list, n: int, seed: int) -> list:
    if len(pairs) <= n:
        return pairs
    return sorted(random.Random(seed).sample(pairs, n))


def run(quick: bool = False, catalog=None) -> list[dict]:
    from watchnext.loader import load_catalog

    cat = catalog if catalog is not None else load_catalog()
    t0 = time.perf_counter()
    methods = [Ours(cat), OursGated(cat), Jellyfin(cat), TfIdf(cat, netflix_descriptions())]
    setup_s = time.perf_counter() - t0
    cap = 300 if quick else 3000
    sets = {
        "sequels": _sample(sequel_pairs(cat), cap, 1),
        "franchise": _sample(franchise_pairs(cat), cap, 2),
        "director": _sample(director_pairs(cat), cap, 3),
    }
    judged, missing = judged_pairs(cat)
    sets["judged fans"] = [(a, b) for a, b, fan, _ in judged if fan]
    caches = {m.name: {} for m in methods}
    rows: list[dict] = []
    for name, pairs in sets.items():
        row = {"name": f"recall@{K} {name}", "pairs": len(pairs)}
        for m in methods:
            row[m.name] = round(recall_at_k(m, pairs, caches[m.name]), 4)
        rows.append(row)
    for name in ("sequels", "franchise", "director"):
        groups = random_negatives(cat, _sample(sets[name], 150 if quick else 600, 4), 5, 5)
        row = {"name": f"AUC {name} vs random", "pairs": sum(len(p) for p, _ in groups.values())}
        for m in methods:
            row[m.name] = round(auc(m, groups), 4)
        rows.append(row)
    jg: dict[int, tuple[list[int], list[int]]] = {}
    for a, b, fan, _ in judged:
        jg.setdefault(a, ([], []))[0 if fan else 1].append(b)
    row = {"name": "AUC judged pairs (fan vs not)", "pairs": len(judged)}
    for m in methods:
        row[m.name] = round(auc(m, jg), 4)
    rows.append(row)
    # a global view of the judged pairs: every fan pair against every "not" pair
    row = {"name": "AUC judged pairs (global)", "pairs": len(judged)}
    for m in methods:
        ps = [m.score(a, b) for a, b, fan, _ in judged if fan]
        ns = [m.score(a, b) for a, b, fan, _ in judged if not fan]
        # scores of different methods live on different scales; within a method it is fair
        tot = sum((p > n) + 0.5 * (p == n) for p in ps for n in ns)
        row[m.name] = round(tot / max(1, len(ps) * len(ns)), 4)
    rows.append(row)
    hard, hard_missing = hard_pairs(cat)
    for label, sel in (("hard", lambda k, h: k == "hard"), ("easy", lambda k, h: k != "hard"),
                       ("hard half A", lambda k, h: k == "hard" and h == "A"),
                       ("hard half B", lambda k, h: k == "hard" and h == "B")):
        chosen = [(a, b, w) for a, b, w, k, h in hard if sel(k, h)]
        if not chosen:
            continue
        groups: dict[int, tuple[list[int], list[int]]] = {}
        for a, b, w in chosen:
            groups.setdefault(a, ([], []))[0 if w else 1].append(b)
        row = {"name": f"AUC hard_pairs.toml {label} (want vs not)", "pairs": len(chosen)}
        for m in methods:
            row[m.name] = round(auc(m, groups), 4)
        rows.append(row)
        fans = [(a, b) for a, b, w in chosen if w]
        row = {"name": f"recall@{K} hard_pairs.toml {label} wanted", "pairs": len(fans)}
        for m in methods:
            row[m.name] = round(recall_at_k(m, fans, caches[m.name]), 4)
        rows.append(row)
    seeds = seed_lists(cat)
    if seeds:
        row = {"name": f"seeds.toml: expected picks in the top {K}", "pairs": sum(len(w) for _, w, _ in seeds)}
        for m in methods:
            got = 0
            for a, want, _ in seeds:
                top = set(caches[m.name].get(a) or m.rank(a))
                caches[m.name][a] = list(top)
                got += sum(w in top for w in want)
            row[m.name] = round(got / max(1, row["pairs"]), 4)
        rows.append(row)
        for a, want, title in seeds:  # hits per seed, every method
            row = {"name": f"  seed {title}: hits in the top {K}", "pairs": len(want)}
            for m in methods:
                top = caches[m.name].get(a) or set(m.rank(a))
                row[m.name] = sum(w in top for w in want)
            rows.append(row)
    rows.append({"name": "hard_pairs.toml pairs missing from the catalog", "pairs": hard_missing})
    rows.append({"name": "judged pairs missing from the catalog", "pairs": len(missing),
                 "ours": "", "jellyfin": "", "tfidf": ""})
    rows.append({"name": "setup (indexes of the three methods)", "pairs": "",
                 "ours": "", "jellyfin": "", "tfidf": "", "seconds": round(setup_s, 2)})
    return rows


def _print(rows: list[dict]) -> None:
    cols: list[str] = []
    for r in rows:
        for k in r:
            if k not in cols:
                cols.append(k)

    def fmt(v):
        return f"{v:.3f}" if isinstance(v, float) else str(v)

    w = {c: max(len(c), *(len(fmt(r.get(c, ""))) for r in rows)) for c in cols}
    print("  ".join(c.ljust(w[c]) for c in cols))
    print("  ".join("-" * w[c] for c in cols))
    for r in rows:
        print("  ".join(fmt(r.get(c, "")).ljust(w[c]) for c in cols))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--missing", action="store_true", help="list judged pairs not in the catalog")
    args = ap.parse_args()
    if args.missing:
        from watchnext.loader import load_catalog

        for m in judged_pairs(load_catalog())[1]:
            print(m)
        return 0
    rows = run(quick=args.quick)
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        _print(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
