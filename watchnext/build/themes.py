"""Themes after the merge: facts a record's year, country and studio imply, and the tidy-up.

Most themes come from descriptions (vocab.themes_for_text) and from the sources' category
labels. A few follow from facts alone, whatever the description says (or when there is none,
as for most films of the studio era):

- "silent film": every film before 1927 (sound features began with The Jazz Singer, 1927);
  the Wikipedia reader also marks the 1927-1929 films whose article calls them silent.
- "pre-code": American films of 1930-1933, made before the Production Code was enforced
  (July 1934); 1929 and 1934 films only where a source says so (the vocabulary's pattern).
- "short film": films of 40 minutes or less (the Academy's line), and those a source calls one.
- "book adaptation" / "stage adaptation": what a record's `based_on` says (a novel, literature
  or a short story; a play), so that "based on a book" finds them as a theme does.
- "b-movie": films released by the Poverty Row studios (Republic, Monogram, PRC...) before
  1960, and by the exploitation houses (American International, Crown International, Troma),
  unless an award names them.
- "black-and-white": every film before 1935 (Becky Sharp, 1935, was the first feature in
  three-strip Technicolor), unless a source's text speaks of colour (a Technicolor sequence,
  hand-colored prints: common.COLOR_RX) or it is one of the two-colour features of COLOR_FEATURES;
  later films where a source says so ("shot in black-and-white", the vocabulary's pattern).
- "short film" also for every film before 1911: the American features (four reels and more)
  began in 1912; before that a film was a one- or two-reeler.

And from the billing or the series name (sources/series-themes.toml, `series_themes`): a
Laurel and Hardy comedy is slapstick, a Gene Autry western has songs, a Charlie Chan picture
is a murder mystery.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ..errors import CatalogError
from ..model import FORM_THEMES
from ..text import fold_title

SILENT_BEFORE = 1927
PRE_CODE_YEARS = range(1930, 1934)
POVERTY_ROW = {
    "Republic Pictures", "Monogram Pictures", "Producers Releasing Corporation", "PRC Pictures",
    "Grand National Pictures", "Grand National Films", "Mascot Pictures", "Chesterfield Pictures",
    "Invincible Pictures", "Tiffany Pictures", "Tiffany Productions", "Majestic Pictures",
    "Puritan Pictures", "Victory Pictures", "Lippert Pictures", "Screen Guild Productions",
    "Allied Artists", "Allied Artists Pictures", "Allied Artists Pictures Corporation",
    "Astor Pictures", "Mayfair Pictures", "Ambassador Pictures", "Spectrum Pictures",
    "Syndicate Pictures", "Reliable Pictures", "Supreme Pictures", "Resolute Pictures",
    "Sono Art-World Wide Pictures", "Eagle-Lion Films", "Film Classics",
}
BLACK_AND_WHITE_BEFORE = 1935
# features of 1922-1934 made wholly or largely in two-colour Technicolor or Multicolor, whose
# extracts may not say so (text.fold_title, year)
COLOR_FEATURES = {
    ("toll of the sea", 1922), ("wanderer of the wasteland", 1924), ("black pirate", 1926),
    ("viking", 1928), ("on with the show", 1929), ("gold diggers of broadway", 1929),
    ("sally", 1929), ("show of shows", 1929), ("vagabond king", 1930),
    ("king of jazz", 1930), ("whoopee", 1930), ("song of the west", 1930),
    ("under a texas moon", 1930), ("golden dawn", 1930), ("bride of the regiment", 1930),
    ("mamba", 1930), ("viennese nights", 1930), ("song of the flame", 1930),
    ("rogue song", 1930), ("hold everything", 1930), ("follow thru", 1930),
    ("sweet kitty bellairs", 1930), ("life of the party", 1930), ("kiss me again", 1931),
    ("fifty million frenchmen", 1931), ("manhattan parade", 1931), ("runaround", 1931),
    ("doctor x", 1932), ("mystery of the wax museum", 1933), ("la cucaracha", 1934),
}
SHORT_MAX_MINUTES = 40
FEATURES_FROM = 1911  # the first American features are of 1912
ADAPTATION = {"novel": "book adaptation", "literature": "book adaptation",
              "short story": "book adaptation", "play": "stage adaptation", "remake": "remake"}
EXPLOITATION = {"American International Pictures", "Crown International Pictures",
                "Troma Entertainment", "New World Pictures", "Cannon Films"}


def _add(rec: dict, theme: str) -> bool:
    themes = rec.setdefault("themes", [])
    if theme in themes:
        return False
    themes.append(theme)
    return True


def fact_themes(records: list[dict]) -> dict[str, int]:
    """Add the themes the facts imply (module doc); returns how many records got each."""
    counts = {"silent film": 0, "pre-code": 0, "black-and-white": 0, "b-movie": 0, "short film": 0,
              "book adaptation": 0, "stage adaptation": 0, "remake": 0}
    for r in records:
        adapted = ADAPTATION.get(r.get("based_on") or "")
        if adapted:
            counts[adapted] += _add(r, adapted)
        if r.get("kind") != "film" or not isinstance(r.get("year"), int):
            continue
        year = r["year"]
        if year < SILENT_BEFORE:
            counts["silent film"] += _add(r, "silent film")
        if year < FEATURES_FROM:
            counts["short film"] += _add(r, "short film")
        if year in PRE_CODE_YEARS and "United States" in r.get("countries", []):
            counts["pre-code"] += _add(r, "pre-code")
        if (year < BLACK_AND_WHITE_BEFORE and not r.get("_color")
                and (fold_title(r.get("title", "")), year) not in COLOR_FEATURES):
            counts["black-and-white"] += _add(r, "black-and-white")
        runtime = r.get("runtime")
        if isinstance(runtime, int) and 0 < runtime <= SHORT_MAX_MINUTES:
            counts["short film"] += _add(r, "short film")
        elif isinstance(runtime, int) and runtime > SHORT_MAX_MINUTES and "short film" in r.get("themes", []):
            r["themes"].remove("short film")  # a feature that a description calls a short
        studios = set(r.get("studios", []))
        if not r.get("_noms") and ((year < 1960 and studios & POVERTY_ROW) or studios & EXPLOITATION):
            counts["b-movie"] += _add(r, "b-movie")
    return counts


def _rules(path: Path, known: set[str]) -> tuple[list[dict], list[dict]]:
    """The [[people]] and [[titles]] of series-themes.toml, checked: a bad entry is an error
    naming the file and the entry, not a silently dropped theme."""
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    people, titles = [], []
    for key, out in (("people", people), ("titles", titles)):
        for n, e in enumerate(data.get(key, []), 1):
            where = f"{path}: [[{key}]] entry {n}"
            themes = e.get("themes")
            if not themes or not all(isinstance(t, str) and t in known for t in themes):
                raise CatalogError(f"{where}: themes {themes!r} are not all in vocab/themes.toml")
            years = e.get("years", [0, 9999])
            if not (isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years)):
                raise CatalogError(f"{where}: years must be [first, last], not {years!r}")
            rule = {"themes": list(themes), "years": range(years[0], years[1] + 1),
                    "genres": set(e.get("genres", []))}
            if key == "people":
                names = e.get("any") or e.get("all")
                if not names or not all(isinstance(x, str) for x in names):
                    raise CatalogError(f"{where}: needs `any` or `all`, a list of names")
                rule.update(names=set(names), all="all" in e, billed=int(e.get("billed", 2)))
            else:
                try:
                    rule["rx"] = re.compile(e["pattern"], re.I)
                except (KeyError, TypeError, re.error) as err:
                    raise CatalogError(f"{where}: pattern: {err}") from None
            out.append(rule)
    return people, titles


def series_themes(records: list[dict], path: Path, known: set[str]) -> int:
    """Add the themes a film's billing or series name implies (series-themes.toml); returns
    how many films got at least one."""
    path = Path(path)
    if not path.exists():
        return 0
    people, titles = _rules(path, known)
    got = 0
    for r in records:
        if r.get("kind") != "film" or not isinstance(r.get("year"), int):
            continue
        year, genres, cast = r["year"], set(r.get("genres", [])), r.get("cast", [])
        added = False
        for rule in people:
            if year not in rule["years"] or (rule["genres"] and not rule["genres"] & genres):
                continue
            top = set(cast[:rule["billed"]])
            if (rule["names"] <= top) if rule["all"] else (rule["names"] & top):
                for t in rule["themes"]:
                    added |= _add(r, t)
        for rule in titles:
            if year in rule["years"] and (not rule["genres"] or rule["genres"] & genres) \
                    and rule["rx"].search(r.get("title", "")):
                for t in rule["themes"]:
                    added |= _add(r, t)
        got += added
    return got


# a stand-up set or a talk show jokes about zombies and aliens: it is not about them
_FICTION_THEMES = {"zombies", "vampires", "werewolves", "aliens", "alien invasion", "ghosts",
                   "haunted house", "demons", "possession", "witches", "monsters", "giant monsters",
                   "dragons", "mermaids", "dinosaurs", "time travel", "time loop", "superheroes",
                   "superpowers", "magic", "slasher", "serial killer", "murder", "heist",
                   "post-apocalyptic", "dystopia", "space"}
MAX_THEMES = 10


def tidy_themes(records: list[dict]) -> None:
    for r in records:
        themes = r.get("themes", [])
        if set(r.get("genres", [])) & {"Stand-Up Comedy", "Talk Show"}:
            themes = [t for t in themes if t not in _FICTION_THEMES]
        # what a title is made as or from ("short film", "book adaptation") goes after what it
        # is about, and is the first to go when a record has too many themes
        themes = [t for t in themes if t not in FORM_THEMES] + [t for t in themes if t in FORM_THEMES]
        r["themes"] = themes[:MAX_THEMES]


def check_vocab(records: list[dict], vocab) -> list[str]:
    """Genres and themes not in the vocabularies are dropped, each named in the report."""
    problems: list[str] = []
    genres, themes = set(vocab.genre_names), set(vocab.theme_aliases)
    for r in records:
        for name, known in (("genres", genres), ("themes", themes)):
            bad = [x for x in r.get(name, []) if x not in known]
            if bad:
                problems.append(f"{r['id']} {r['title']}: unknown {name} {bad} (dropped)")
                r[name] = [x for x in r[name] if x in known]
    return problems
