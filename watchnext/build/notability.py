"""How well known a title is, from the data alone: a score 0-100 stored in each record.

    notability = 100 * (3.0 * wins + 2.0 * nominations + 1.5 * sources + 1.0 * qrank
                        + 1.0 * completeness + 1.0 * curated + 0.7 * seasons
                        + 0.5 * hand_listed + 1.0 * standing) / 12.7

  wins, nominations  award wins (capped at 5) and nominations (capped at 10) in every award
                     we have (Oscars, BAFTA, Golden Globes, SAG, DGA, PGA), each scaled to 0-1
  sources            how many sources list the work beyond the first (platforms, Wikipedia,
                     Wikidata), capped at 3, scaled to 0-1
  qrank              for titles with a Wikidata id: 1 - its Q-number's rank among the titles of
                     the same year (famous works got their Wikidata items first), else 0
  completeness       the share of the facts a person looks for that the record has (director
                     or creator, cast, countries, languages, runtime or seasons, genres, two
                     themes about its story (not "short film" or "book adaptation": themes.py),
                     an IMDb id, a synopsis)
  curated            1 for records written here (we write the well-known titles no source has)
  seasons            series: seasons beyond the first (capped at 4), scaled to 0-1: a show that
                     was renewed again and again is one people watched
  hand_listed        1 when a hand-written source names the title (a first-air year or an aka
                     in catalog/sources/: we write those for the titles people look for)
  standing           how widely known it is, written by hand (curated.apply_standing): 2 a
                     household name, 1 well known to its genre's or country's fans, else 0; the only
                     term that sees a platform's own hit series (Stranger Things is on one
                     platform, has no award data and three seasons) or a recent film without
                     awards (Us, 2019)

It breaks search ties ("heat" -> Heat 1995 first) and is a mild prior in "more like this".
"""

from __future__ import annotations

from collections import defaultdict

from ..model import FORM_THEMES


def _about(themes: list[str]) -> list[str]:
    """The themes that say what a title is about, not what it is made from ("book adaptation")."""
    return [t for t in themes if t not in FORM_THEMES]


def completeness(rec: dict) -> float:
    checks = (bool(rec.get("directors")), bool(rec.get("cast")), bool(rec.get("countries")),
              bool(rec.get("languages")), bool(rec.get("runtime") or rec.get("seasons")),
              bool(rec.get("genres")), len(_about(rec.get("themes", []))) >= 2, bool(rec.get("imdb")),
              bool(rec.get("synopsis")))
    return sum(checks) / len(checks)


def _qnum(q: str) -> int | None:
    return int(q[1:]) if q and q[0] == "Q" and q[1:].isdigit() else None


def score_all(records: list[dict]) -> None:
    by_year: dict[int, list[tuple[int, dict]]] = defaultdict(list)
    for r in records:
        q = _qnum(r.get("wikidata", ""))
        if q is not None:
            by_year[r["year"]].append((q, r))
    qrank: dict[int, float] = {}
    for items in by_year.values():
        items.sort(key=lambda x: x[0])
        n = len(items)
        for i, (_, r) in enumerate(items):
            qrank[id(r)] = 1.0 - i / n if n > 1 else 0.5
    for r in records:
        wins = r.get("_wins", 0)
        noms = r.get("_noms", 0)
        srcs = len({s for s in r.get("sources", []) if s != "curated"})
        raw = (3.0 * min(wins, 5) / 5 + 2.0 * min(noms, 10) / 10
               + 1.5 * min(max(srcs - 1, 0), 3) / 3 + 1.0 * qrank.get(id(r), 0.0)
               + 1.0 * completeness(r) + 1.0 * ("curated" in r.get("sources", [])
                                                 and r.get("_src") == "curated")
               + 0.7 * (min(max(r.get("seasons", 0) - 1, 0), 4) / 4 if r["kind"] == "series" else 0)
               + 0.5 * bool(r.get("_hand_listed")) + 1.0 * r.get("_standing", 0))
        r["notability"] = max(1, round(100 * raw / 12.7))
