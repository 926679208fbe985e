"""One record per work: merge the records of every source that describe the same film or series.

Pairs of records are candidates when they share a folded title (or original title) and a kind,
or an IMDb or Wikidata id. A pair is compatible when:
  - their ids do not disagree (two different IMDb ids or QIDs are two works);
  - films: the years are at most one apart; series: the platforms give the year of their
    latest season, so years may differ more when people are shared (else at most 3 apart);
  - where both list comparable people (both a cast, or both directors), they share one.
Compatible pairs are joined strongest first (same id, then shared people, then the same year),
and never so that one cluster holds two records of the same source: two "Ballerina"s of one
file stay two works, and a remake (another year, other people) is not its original.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

from ..text import fold, fold_title
from .common import add_all
from .workkeys import QUALIFIER, drawn, forms_differ, name_keys, people_sets, twins

# the id a merged record keeps: ids shipped before come first (watchlists store them)
ID_ORDER = ("netflix", "wikidata", "curated", "amazon", "disney", "hulu", "wikipedia")
# whose title, runtime, age rating... wins
TITLE_ORDER = ("netflix", "wikipedia", "wikidata", "disney", "amazon", "hulu")
YEAR_ORDER = ("wikidata", "wikipedia", "netflix", "disney", "amazon", "hulu")
LIST_ORDER = ("netflix", "disney", "amazon", "hulu", "wikipedia", "wikidata")


_FACT_GENRES = {"Animation", "Anime", "Documentary", "Biography", "History", "War", "Western",
                "Musical", "Music", "Sport"}


_TWINS = (-0.5, 0, 0)  # a pair's tier: joined first, though of one source
_WRITTEN = (-1, 0, 0)  # written by hand (same-work.toml): joined before any other


def _loose(people: set[str]) -> set[str]:
    """Names without their initials ("david ellis r" -> "david ellis"; people_sets' names have
    their words in order)."""
    return {" ".join(w for w in p.split() if len(w) > 1) or p for p in people}


class _Clusters:
    """Groups of records joined pair by pair. Two groups of one source never join, nor two whose
    people are strangers: directors on both sides and none shared, and no one of the cast shared
    where both list a cast (a platform row without people joined Netflix's Indian "Gemini" and
    would have joined Aaron Katz's too)."""

    def __init__(self, records: list[dict], people: list[tuple[set[str], set[str]]]) -> None:
        self.parent = list(range(len(records)))
        self.srcs = [{r["_src"]} for r in records]
        self.dirs = [_loose(d) for d, _ in people]
        self.cast = [_loose(c) for _, c in people]

    def strangers(self, ra: int, rb: int) -> bool:
        da, db, ca, cb = self.dirs[ra], self.dirs[rb], self.cast[ra], self.cast[rb]
        if not (da and db) or da & db:
            return False
        return not (ca and cb) or not ca & cb

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, twins: bool = False, written: bool = False) -> bool:
        """Join a's group and b's; twins: of one source, written: by hand (same-work.toml)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or (self.srcs[ra] & self.srcs[rb] and not twins) \
                or (not written and self.strangers(ra, rb)):
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.srcs[ra] |= self.srcs[rb]
        self.dirs[ra] |= self.dirs[rb]
        self.cast[ra] |= self.cast[rb]
        return True


def _pair(a: dict, b: dict, pa, pb, spans: dict | None = None) -> tuple | None:
    """(tier, year gap, -shared) for a compatible pair, None when they are two works.

    spans: folded series title -> (first, last) air years written by hand
    (sources/series_years.toml): two series of that title whose platform years both fall in
    that run are one work, however far apart (a platform's year is its latest season)."""
    if a["_src"] == b["_src"] or a["kind"] != b["kind"]:
        return None
    for idf in ("imdb", "wikidata"):
        if a.get(idf) and b.get(idf):
            if a[idf] != b[idf]:
                return None
            return (0, 0, 0)
    gap = abs(a["year"] - b["year"])
    (da, ca), (db, cb) = pa, pb
    shared = len(da & db) + len(ca & cb) + len(da & cb) + len(ca & db)
    comparable = (ca and cb) or (da and db)
    if comparable and not shared:
        return None
    if gap and not comparable and fold(a["title"]) != fold(b["title"]) \
            and fold_title(a["title"]) == fold_title(b["title"]):
        # only "The" tells the titles apart, no people to compare, and the years differ:
        # Amazon's "Unthinkable" (2020) and Hulu's "The Unthinkable" (2021) are two films
        return None
    if not comparable and fold(a["title"]) != fold(b["title"]) \
            and fold_title(a["title"]) == fold_title(b["title"]) \
            and {drawn(a), drawn(b)} == {True, False}:
        # only "The" tells them apart, no people to compare, one animated and one not:
        # Amazon's "The Perfect Blue" (a 1997 British TV drama) is not Satoshi Kon's Perfect Blue
        return None
    if gap and not comparable and forms_differ(a, b):
        # no people to compare, a year apart, animated or documentary on one side only and no
        # genre in common: Amazon's NOVA "Apollo 13" (1994) is not Ron Howard's (1995), Hulu's
        # documentary "Alive" (2019) not Netflix's "#Alive" (2020)
        return None
    if a["kind"] == "film":
        if gap > 1:
            return None
    elif gap > (15 if shared else 3):
        span = (spans or {}).get(fold_title(a["title"]))
        if not (span and fold_title(a["title"]) == fold_title(b["title"])
                and all(span[0] <= r["year"] <= span[1] for r in (a, b))):
            return None
    if shared:
        return (1, gap, -shared)
    return (2 + min(gap, 3), gap, 0)


def attach_ids(records: list[dict], graph: list[dict]) -> int:
    """IMDb ids and QIDs from the awards graph's film list, before the merge (so that "Star
    Wars" of Wikipedia meets Wikidata's "Star Wars: Episode IV - A New Hope" by id), where
    exactly one film there has the record's title and year (films only). The graph has some
    wrong ids (its "Seven" (1995) carries The Magnificent Seven's): an id that a Wikidata
    record of another year already holds is not taken."""
    by_key: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for g in graph:
        if g.get("title") and g.get("year"):
            by_key[(fold_title(g["title"]), g["year"])].append(g)
    year_of: dict[str, int] = {}
    names_of: dict[str, set[str]] = {}
    for r in records:
        if r["_src"] == "wikidata":
            for idf in ("imdb", "wikidata"):
                if r.get(idf):
                    year_of[r[idf]] = r["year"]
                    names_of[r[idf]] = name_keys(r)
    n = 0
    for rec in records:
        if rec["kind"] != "film" or rec.get("imdb") or rec["_src"] == "wikidata":
            continue
        cands = by_key.get((fold_title(rec["title"]), rec["year"]), [])
        if len(cands) != 1:
            continue
        g = cands[0]
        ids = [x for x in (g.get("imdb"), g.get("qid")) if x]
        if any(x in year_of and (abs(year_of[x] - rec["year"]) > 1
                                 or (year_of[x] != rec["year"] and not names_of[x] & name_keys(rec)))
               for x in ids):
            continue  # the graph's id is another film's (its "Hustle & Flow" has Kung Fu Hustle's)
        if g.get("imdb"):
            rec["imdb"] = g["imdb"]
        if g.get("qid") and not rec.get("wikidata"):
            rec["wikidata"] = g["qid"]
        n += 1
    return n


def cluster(records: list[dict], spans: dict | None = None,
            same: list[tuple[str, ...]] | None = None) -> list[list[dict]]:
    """Groups of records that are one work. `same`: groups of ids written by hand
    (sources/same-work.toml), joined before any other pair."""
    people = [people_sets(r) for r in records]
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, rec in enumerate(records):
        for k in name_keys(rec):
            blocks[(rec["kind"], k)].append(i)
        for idf in ("imdb", "wikidata"):
            if rec.get(idf):
                blocks[(idf, rec[idf])].append(i)
    pairs: dict[tuple[int, int], tuple] = {}
    for members in blocks.values():
        if len(members) < 2:
            continue
        for i, j in combinations(sorted(set(members)), 2):
            if (i, j) in pairs:
                continue
            p = _pair(records[i], records[j], people[i], people[j], spans)
            if p is not None:
                pairs[(i, j)] = p
            elif twins(records[i], records[j], people[i], people[j]):
                pairs[(i, j)] = _TWINS
    at = {r["id"]: i for i, r in enumerate(records)}
    for ids in same or []:
        found = sorted(at[x] for x in ids if x in at)
        for i, j in combinations(found, 2):
            pairs[(i, j)] = _WRITTEN
    uf = _Clusters(records, people)
    for (i, j), p in sorted(pairs.items(), key=lambda kv: (kv[1], kv[0])):
        uf.union(i, j, twins=p == _TWINS, written=p == _WRITTEN)
    groups: dict[int, list[dict]] = defaultdict(list)
    for i, rec in enumerate(records):
        groups[uf.find(i)].append(rec)
    return [groups[k] for k in sorted(groups)]


# words English titles keep in lower case inside a title (articles, conjunctions, short prepositions)
_SMALL = {"a", "an", "the", "and", "but", "or", "nor", "for", "of", "in", "on", "at", "to", "by",
          "as", "vs", "vs.", "from", "with", "into", "upon", "per", "via", "n", "'n'", "en", "de", "la",
          "le", "ka", "ki", "ke"}


def _casing_faults(title: str) -> int:
    """How many words break title case ("This is Us": 1, "Buffy The Vampire Slayer": 1)."""
    words = title.split()
    faults = 0
    for i, w in enumerate(words):
        if not w[:1].isalpha():
            continue
        inner = 0 < i < len(words) - 1 and not words[i - 1].endswith((":", "-", "!", "?"))
        if w.lower() in _SMALL and inner:
            faults += w[0].isupper()
        else:
            faults += w[0].islower()
    return faults


def _best_casing(titles: list[str]) -> str:
    """The first source's title, in the best-cased spelling any source gives of the same
    words: TITLE_ORDER puts Amazon's "This is Us" before Hulu's "This Is Us"."""
    same = [t for t in titles if t.casefold() == titles[0].casefold()]
    return min(same, key=_casing_faults)  # min keeps the first of equals: the source order


def _by(order: tuple[str, ...], members: list[dict]) -> list[dict]:
    rank = {s: i for i, s in enumerate(order)}
    return sorted(members, key=lambda r: (rank.get(r["_src"], 99), r["id"]))


def combine(members: list[dict]) -> dict:
    """One record from a cluster's members."""
    years = sorted({y for m in members for y in (m["year"], m.get("last_year", m["year"]))})
    if len(members) == 1:
        rec = dict(members[0])
        rec["_members"] = [members[0]["id"]]
        rec["_years"] = years
        return rec
    first = _by(ID_ORDER, members)[0]
    rec: dict = {"id": first["id"], "kind": first["kind"], "_src": first["_src"]}
    titled = _by(TITLE_ORDER, members)
    rec["title"] = _best_casing([m["title"] for m in titled])
    plain = QUALIFIER.sub("", rec["title"])
    if plain != rec["title"] and any(m["title"] == plain for m in members):
        rec["title"] = plain  # "The Twilight Zone", not Netflix's "... (Original Series)"
    aka: list[str] = []
    main = fold_title(rec["title"])
    for m in titled:
        for name in [m["title"], *m.get("aka", [])]:
            if fold_title(name) != main and name not in aka:
                aka.append(name)
    for m in titled:
        if m.get("original_title"):
            rec["original_title"] = m["original_title"]
            break
    if rec["kind"] == "film":
        rec["year"] = _by(YEAR_ORDER, members)[0]["year"]
    else:
        rec["year"] = min(m["year"] for m in members)
        rec["last_year"] = max(m.get("last_year", m["year"]) for m in members)
    ordered = _by(LIST_ORDER, members)
    # Wikidata's genres are the loosest ("horror film" on Memento): where another source gives
    # genres, a genre only Wikidata gives is kept only if it states a form or a fact
    others_g = {g for m in members if m["_src"] != "wikidata" for g in m.get("genres", [])}
    if others_g:
        for m in members:
            if m["_src"] == "wikidata":
                m["genres"] = [g for g in m.get("genres", []) if g in others_g or g in _FACT_GENRES]
    for name in ("directors", "cast", "genres", "themes", "platforms", "countries",
                 "languages", "director_ids", "studios", "composers", "writers"):
        vals: list[str] = []
        for m in ordered:
            if name == "countries" and vals and m["_src"] == "wikipedia":
                continue  # Wikipedia's "United States" is a default, platforms know better
            if name == "languages" and vals and m["_src"] == "wikipedia":
                continue
            add_all(vals, m.get(name, []))
        if name == "directors":  # same person, two spellings ("Bong Joon Ho", "Bong Joon-ho")
            seen: set[str] = set()
            vals = [v for v in vals if not (fold(v).replace(" ", "") in seen
                                            or seen.add(fold(v).replace(" ", "")))]
        rec[name] = vals
    for name in ("runtime", "age_rating", "based_on"):
        for m in titled:
            if m.get(name):
                rec[name] = m[name]
                break
    rec["seasons"] = max((m.get("seasons", 0) for m in members), default=0)
    for name in ("imdb", "wikidata", "follows", "followed_by", "franchise"):
        for m in _by(("wikidata", "wikipedia", *TITLE_ORDER), members):
            if m.get(name):
                rec[name] = m[name]
                break
    rec["aka"] = aka
    rec["sources"] = sorted({s for m in members for s in m.get("sources", [m["_src"]])},
                            key=lambda s: ID_ORDER.index(s) if s in ID_ORDER else 99)
    rec["_desc"] = any(m.get("_desc") for m in members)
    rec["_text"] = " ".join(m["_text"] for m in members if m.get("_text"))
    rec["_color"] = any(m.get("_color") for m in members)
    rec["_years"] = years
    rec["_members"] = [m["id"] for m in _by(ID_ORDER, members)]
    # every member's id stays an alias: ids shipped apart before a rule joined them ("Men in
    # Black 3" of Wikipedia, Amazon's second "Angel And The Badman", Disney+'s "Star Wars: The
    # Empire Strikes Back (Episode V)") keep resolving, to the work they named
    rec["old_ids"] = [m["id"] for m in _by(ID_ORDER, members) if m["id"] != rec["id"]]
    return rec


def merge_all(records: list[dict], spans: dict | None = None,
              same: list[tuple[str, ...]] | None = None) -> tuple[list[dict], Counter]:
    """Merged records (sequel links renamed to the surviving ids) and merge counts per pair of
    sources ("netflix+wikipedia": n)."""
    groups = cluster(records, spans, same)
    merged = [combine(g) for g in groups]
    renamed = {mid: rec["id"] for rec in merged for mid in rec["_members"]}
    for rec in merged:
        for link in ("follows", "followed_by"):
            if rec.get(link) in renamed:
                rec[link] = renamed[rec[link]]
    pairs: Counter = Counter()
    for g in groups:
        srcs = sorted({m["_src"] for m in g})
        for a, b in combinations(srcs, 2):
            pairs[f"{a}+{b}"] += 1
    return merged, pairs
