"""Build the shipped catalog from every raw source, reproducibly.

    watchnext catalog build [--data ../shared/data] [--out catalog]

Reads (each optional but Netflix; below the data folder): netflix_titles.csv,
streaming/{amazon_prime,disney_plus,hulu}_titles.csv, wikidata-films/, wikidata-languages/,
wikipedia-movies/, awards/oscars/oscars.tsv, awards/fckg/; and, in the catalog folder, vocab/
and sources/ (curated records, series first-air years, alternative titles). Writes
<out>/titles/*.toml. Descriptions and extracts are read to derive themes, people and
`based_on`; their sentences are never written out. Running it again gives the same bytes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

from ..errors import CatalogError
from ..catalog.load import progress
from ..text import fold, fold_title, link_words
from . import awards as _awards
from .common import add_all
from .curated import (apply_aka, apply_curated, apply_series_years, apply_standing, curated_files, same_works,
                      series_spans, standing_files)
from .merge import attach_ids, merge_all
from .notability import score_all
from .platforms import PLATFORMS, read_platform
from .keywords import derive_keywords
from .themes import check_vocab, fact_themes, series_themes, tidy_themes
from .vocab import Vocab
from .wikidata import read_languages, read_wikidata
from .wikipedia import read_wikipedia
from .write import write_catalog

_SUFFIX = re.compile(r"^(.*\S)\s*\((?:U\.?S\.?|U\.?K\.?|US|UK|\d{4}|TV Series|Series)\)$")
_PREFIX = re.compile(r"^(?:Marvel's|Marvel Studios'|Disney's|Tyler Perry's|DreamWorks'?|"
                     r"Dr\. Seuss'|Netflix's)\s+(.+)$")


def auto_aka(rec: dict) -> None:
    """Names people use that the title's own spelling implies: 'The Office (U.S.)' ->
    'The Office', "Marvel's Daredevil" -> 'Daredevil'."""
    for rx in (_SUFFIX, _PREFIX):
        m = rx.match(rec["title"])
        if m:
            aka = rec.setdefault("aka", [])
            if m.group(1) not in aka:
                aka.append(m.group(1))


_PEOPLE_FIELDS = ("directors", "cast", "writers")


def unify_people(records: list[dict], vocab) -> int:
    """One spelling per person across the catalog: names that differ only in case, accents,
    spacing, dots or hyphens ("W.S. Van Dyke" / "W. S. Van Dyke", "Reginald LeBorg" /
    "Reginald Le Borg") take the spelling most records use (a name of people.toml keeps its
    canonical one), so that "same director" and a search for the person find every title.
    Returns how many names were respelled."""
    from .vocab import _fold_name

    counts: Counter = Counter(p for r in records for f in _PEOPLE_FIELDS for p in r.get(f, []))
    canon = set(vocab.people_aliases.values())
    groups: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        groups[_fold_name(name).replace(" ", "")].append(name)
    best: dict[str, str] = {}
    for names in groups.values():
        if len(names) > 1:
            top = max(names, key=lambda x: (x in canon, counts[x], x))
            best.update({x: top for x in names if x != top})
    n = 0
    for r in records:
        for f in _PEOPLE_FIELDS:
            if any(p in best for p in r.get(f, [])):
                n += sum(p in best for p in r[f])
                r[f] = list(dict.fromkeys(best.get(p, p) for p in r[f]))
    return n


def name_directors(records: list[dict]) -> int:
    """Wikidata gives director ids, not names: learn each id's name from merged records where a
    film has one named director and one director id, then name every film with ids only."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for rec in records:
        ids, names = rec.get("director_ids", []), rec.get("directors", [])
        if len(ids) == 1 and len(names) == 1:
            votes[ids[0]][names[0]] += 1
    known = {q: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for q, c in votes.items()}
    n = 0
    for rec in records:
        if rec.get("directors"):
            continue
        names = [known[q] for q in rec.get("director_ids", []) if q in known]
        if names:
            rec["directors"] = names
            n += 1
    return n


def franchises(records: list[dict]) -> None:
    """Sequel chains become franchises named after their earliest title. A link counts only
    between titles that share a word ("Toy Story" -> "Toy Story 2", "Alien" -> "Aliens"):
    Wikidata's "followed by" also chains a studio's filmography (Toy Story -> A Bug's Life),
    and that is no franchise."""
    def real(a: dict, b: dict | None) -> bool:
        if b is None:
            return False
        # the rule "more like this" uses to call a link a sequel (watchnext.text.link_words)
        return bool(link_words(fold_title(a["title"])) & link_words(fold_title(b["title"])))

    by_id = {r["id"]: r for r in records}
    for rec in records:
        for old in rec.get("old_ids", []):
            by_id.setdefault(old, rec)
    done: set[str] = set()
    for rec in records:
        if rec["id"] in done or rec.get("franchise") or not (rec.get("follows") or rec.get("followed_by")):
            continue
        seen, cur = set(), rec
        while (cur.get("follows") in by_id and cur["id"] not in seen
               and real(cur, by_id[cur["follows"]])):  # walk to the first
            seen.add(cur["id"])
            cur = by_id[cur["follows"]]
        first, seen, chain = cur, set(), []
        while cur is not None and cur["id"] not in seen:
            seen.add(cur["id"])
            chain.append(cur)
            nxt = by_id.get(cur.get("followed_by", ""))
            cur = nxt if real(cur, nxt) else None
        if len(chain) < 2:
            continue
        name = first["title"].split(":")[0].strip()
        for member in chain:
            member.setdefault("franchise", name)
            done.add(member["id"])


def attach_awards(records: list[dict], films: list[dict]) -> int:
    by_imdb: dict[str, dict] = {}
    by_qid: dict[str, dict] = {}
    by_key: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for r in records:
        if r.get("imdb"):
            by_imdb.setdefault(r["imdb"], r)
        if r.get("wikidata"):
            by_qid.setdefault(r["wikidata"], r)
        if r["kind"] == "film":
            for k in {fold_title(r["title"]), *(fold_title(a) for a in r.get("aka", []))}:
                by_key[(k, r["year"])].append(r)
    entries: dict[int, list] = defaultdict(list)
    target: dict[int, dict] = {}
    def same_work(rec: dict | None, f: dict) -> bool:
        if rec is None or not f.get("title"):
            return rec is not None
        names = {fold_title(rec["title"]), *(fold_title(a) for a in rec.get("aka", []))}
        if rec.get("original_title"):
            names.add(fold_title(rec["original_title"]))
        return fold_title(f["title"]) in names or abs(rec["year"] - (f.get("year") or rec["year"])) <= 1

    for f in films:
        rec = by_imdb.get(f.get("imdb") or "") or by_qid.get(f.get("qid") or "")
        if not same_work(rec, f):  # a wrong id in the source: fall back to title and year
            rec = None
        if rec is None and f.get("title") and f.get("year"):
            k = fold_title(f["title"])
            cands = by_key.get((k, f["year"]), []) or (
                by_key.get((k, f["year"] - 1), []) + by_key.get((k, f["year"] + 1), []))
            if len(cands) == 1:
                rec = cands[0]
        if rec is None:
            continue
        entries[id(rec)].extend(f["entries"])
        target[id(rec)] = rec
        if f.get("imdb") and not rec.get("imdb") and f["imdb"] not in by_imdb:
            rec["imdb"] = f["imdb"]
            by_imdb[f["imdb"]] = rec
    for key, rec in target.items():
        es = entries[key]
        rec["awards"] = _awards.award_lines(es)
        cats = {(a, c, p) for a, c, _, p in es}
        rec["_noms"] = len(cats)
        rec["_wins"] = len({(a, c, p) for a, c, w, p in es if w})
        if not rec.get("directors"):  # Best Director nominees name the director
            names = [p for a, c, _, p in es if p and re.search(r"direct", c, re.I)]
            add_all(rec.setdefault("directors", []), sorted(set(names), key=names.index))
    return len(target)


def _require(out_dir: Path) -> None:
    for sub in ("vocab", "sources"):
        if not (out_dir / sub).is_dir():
            raise CatalogError(f"{out_dir}: no {sub}/ folder here: --out must be a catalog folder "
                               "holding vocab/ and sources/ (e.g. the project's catalog/)")


def build_catalog(out_dir: Path, data: Path | None = None, *, netflix: Path | None = None,
                  wikidata: Path | None = None, vocab_dir: Path | None = None,
                  sources_dir: Path | None = None) -> dict:
    """Derive out_dir/titles/*.toml; returns figures for the build report."""
    out_dir = Path(out_dir)
    data = Path(data) if data is not None else None
    if vocab_dir is None or sources_dir is None:
        _require(out_dir)
    vocab = Vocab.load(Path(vocab_dir) if vocab_dir else out_dir / "vocab")
    sources = Path(sources_dir) if sources_dir else out_dir / "sources"
    netflix = Path(netflix) if netflix else (data / "netflix_titles.csv" if data else None)
    if netflix is None or not netflix.exists():
        raise CatalogError(f"{netflix}: no such file (the Netflix titles CSV)")
    report: dict = {}
    records: list[dict] = []
    progress("reading the platform files")
    for source, (_, _, rel) in PLATFORMS.items():
        path = netflix if source == "netflix" else (data / rel if data else None)
        if path is None or not path.exists():
            continue
        rows = read_platform(path, source, vocab)
        report[source] = len(rows)
        records += rows
    wd_dir = Path(wikidata) if wikidata else (data / "wikidata-films" if data else None)
    if wd_dir is not None and (wd_dir / "movies.csv").exists():
        progress("reading Wikidata")
        rows = read_wikidata(wd_dir, vocab)
        report["wikidata"] = len(rows)
        records += rows
    if data is not None and (data / "wikipedia-movies").is_dir():
        progress("reading Wikipedia's film lists")
        rows = read_wikipedia(data / "wikipedia-movies", vocab)
        report["wikipedia"] = len(rows)
        records += rows
    award_films, graph = _awards.read_awards(data) if data is not None else ([], [])
    report["ids_from_awards_graph"] = attach_ids(records, graph)
    progress("merging")
    for rec in records:
        # one space between words: a title is one line ("The Memphis Belle: A Story of a\nFlying
        # Fortress", "Tremors 5:  Bloodline" in the platform files)
        for key in ("title", "original_title"):
            if isinstance(rec.get(key), str):
                rec[key] = " ".join(rec[key].split())
        rec["aka"] = [" ".join(a.split()) for a in rec.get("aka", [])]
        auto_aka(rec)
    same = same_works(sources / "same-work.toml")
    known = {r["id"] for r in records}
    report["same_work_unmatched"] = [x for ids in same for x in ids if x not in known]
    merged, pairs = merge_all(records, series_spans(sources / "series_years.toml"), same)
    report["merged_pairs"] = dict(sorted(pairs.items()))
    if data is not None and (data / "wikidata-languages").is_dir():
        langs = read_languages(data / "wikidata-languages")
        for rec in merged:
            got = langs.get(rec.get("wikidata", ""))
            if got:
                rec["languages"] = list(got) + [x for x in rec.get("languages", []) if x not in got]
    report["directors_named_from_ids"] = name_directors(merged)
    files = curated_files(sources)
    merged, report["curated_enriched"], report["curated_added"] = apply_curated(merged, files)
    report["series_years"], unmatched_years = apply_series_years(merged, sources / "series_years.toml")
    report["series_years_unmatched"] = unmatched_years
    report["aka"], unmatched_aka = apply_aka(merged, sources / "aka.toml")
    report["aka_unmatched"] = unmatched_aka
    report["standing"], report["standing_unmatched"] = apply_standing(merged, standing_files(sources))
    report["people_respelled"] = unify_people(merged, vocab)
    report["with_awards"] = attach_awards(merged, award_films)
    franchises(merged)
    report["series_themes"] = series_themes(merged, sources / "series-themes.toml", set(vocab.theme_names))
    report["fact_themes"] = fact_themes(merged)
    report["keywords"] = derive_keywords(merged)
    report["vocab_problems"] = check_vocab(merged, vocab)
    tidy_themes(merged)
    for rec in merged:  # aka never repeats the title or the original title
        keys = {fold_title(rec["title"]), fold_title(rec.get("original_title", "") or "")}
        rec["aka"] = [a for a in dict.fromkeys(rec.get("aka", [])) if fold_title(a) not in keys]
        if rec["kind"] == "series" and rec.get("last_year", 0) <= rec["year"]:
            rec.pop("last_year", None)
    score_all(merged)
    progress("writing")
    counts = write_catalog(merged, out_dir)
    progress("")
    films = [r for r in merged if r["kind"] == "film"]
    with_desc = [r for r in merged if r.get("_desc")]
    report.update({
        "titles": len(merged),
        "films": len(films),
        "series": len(merged) - len(films),
        "files": counts,
        "films_with_director": round(sum(bool(r.get("directors")) for r in films) / max(1, len(films)), 4),
        "films_with_cast": round(sum(bool(r.get("cast")) for r in films) / max(1, len(films)), 4),
        "two_themes_with_description": round(sum(len(r.get("themes", [])) >= 2 for r in with_desc)
                                             / max(1, len(with_desc)), 4),
        "two_themes_all": round(sum(len(r.get("themes", [])) >= 2 for r in merged) / max(1, len(merged)), 4),
        "no_genre": sum(not r.get("genres") for r in merged),
    })
    return report
