"""The catalog we ship: size, coverage and the facts people will check first."""

from __future__ import annotations

import pytest

from watchnext import paths
from watchnext.cli import main
from watchnext.loader import load_catalog
from watchnext.search import search


@pytest.fixture
def cat(shipped_catalog):
    return shipped_catalog


def test_size_and_kinds(cat):
    assert not cat.problems
    assert len(cat.titles) >= 45_000
    assert sum(t.kind == "series" for t in cat.titles) >= 6_000
    assert len({t.id for t in cat.titles}) == len(cat.titles)
    every_platform = {p for t in cat.titles for p in t.platforms}
    assert {"Netflix", "Prime Video", "Disney+", "Hulu"} <= every_platform


def test_bare_records_are_filled(cat):
    films = [t for t in cat.titles if t.kind == "film"]
    assert sum(bool(t.directors) for t in films) >= 0.75 * len(films)
    assert sum(bool(t.cast) for t in films) >= 0.75 * len(films)
    for name, year, director in (("Psycho", 1960, "Alfred Hitchcock"), ("Titanic", 1997, "James Cameron"),
                                 ("Toy Story", 1995, "John Lasseter")):
        (t,) = cat.find(name, year)
        assert director in t.directors, (name, t.directors)
    wiki = [t for t in films if t.sources == ("wikipedia",)]
    assert wiki and all(t.countries for t in wiki)


def _famous():
    import tomllib
    from pathlib import Path

    with open(Path(__file__).parent / "data" / "famous_titles.toml", "rb") as fh:
        data = tomllib.load(fh)
    return [("film", r["title"], r["year"]) for r in data["films"]] + [
        ("series", r["title"], r["year"]) for r in data["series"]]


def test_famous_titles_are_found_with_the_right_year(cat):
    """tests/data/famous_titles.toml: well-known titles written down from general knowledge
    (not from the catalog). A film's year may be one off (festival vs release), as imports allow;
    a series matches any year from its first to its latest season."""
    famous = _famous()
    assert sum(k == "film" for k, _, _ in famous) >= 300 and sum(k == "series" for k, _, _ in famous) >= 100
    missed = []
    for kind, name, year in famous:
        found = [t for t in cat.find(name) if t.kind == kind]
        ok = any(t.has_year(year) or (kind == "film" and abs(t.year - year) <= 1) for t in found)
        if not ok:
            missed.append(f"{name} ({year})")
    assert len(missed) <= 0.05 * len(famous), f"{len(missed)} missed: {missed}"


def test_series_carry_their_first_air_year(cat):
    for name, first in (("Breaking Bad", 2008), ("Stranger Things", 2016), ("The Crown", 2016),
                        ("Black Mirror", 2011), ("Friends", 1994), ("Dark", 2017)):
        found = [t for t in cat.find(name) if t.kind == "series" and t.year == first]
        assert len(found) == 1, (name, [(t.year, t.last_year) for t in cat.find(name)])
        assert found[0].last_year > first and found[0].years.startswith(f"{first}\u2013")
    assert cat.resolve("Dark", 2017).kind == "series"


def _shipped_ids(name: str) -> list[list[str]]:
    import gzip
    from pathlib import Path

    path = Path(__file__).parent / "data" / name
    raw = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
    return [line.split("\t") for line in raw.decode("utf-8").split("\n")
            if line and not line.startswith("#")]


# ids v2 shipped under another work's name, by a wrong merge since undone: the id is the
# source's own work again (Wikidata's Q114115 is Henry V, 1989, tt0097499; the awards graph
# had given its id to Wikipedia's Henry & June, 1990)
SHIPPED_WRONG = {"wd-Q114115": "Henry V"}


@pytest.mark.parametrize("name, count", [("shipped_ids_v1.tsv", 13_224),
                                         ("shipped_ids_v2.tsv.gz", 56_975)])
def test_every_id_shipped_before_still_resolves_to_the_same_work(cat, name, count):
    """v1: the Netflix and Wikidata catalog before it took in every source; v2: the catalog of
    every source as shipped before records of two sources were joined by hand (same-work.toml)."""
    from watchnext.build.workkeys import title_key
    from watchnext.text import fold_title

    rows = _shipped_ids(name)
    assert len(rows) == count
    wrong = []
    for tid, title, year, kind in rows:
        if name.startswith("shipped_ids_v2") and tid in SHIPPED_WRONG:
            assert cat.get(tid).title == SHIPPED_WRONG[tid]  # the source's own work again
            continue
        t = cat.get(tid)
        names = {f(" ".join(n.split())) for n in (t.title, t.original_title, *t.aka) if n
                 for f in (fold_title, title_key)} if t else set()
        # a sequel's number spelled another way is the same name ("Pet Sematary II" / "2")
        if t is None or not {fold_title(title), title_key(title)} & names or t.kind != kind:
            wrong.append((tid, title, year, t and t.label))
    assert not wrong, wrong[:20]


def test_every_genre_and_theme_is_in_the_vocabularies(cat):
    from watchnext import paths
    from watchnext.build.vocab import Vocab

    vocab = Vocab.load(paths.shipped_catalog_dir() / "vocab")
    assert {g for t in cat.titles for g in t.genres} <= set(vocab.genre_names)
    unknown = {th for t in cat.titles for th in t.themes} - set(vocab.theme_aliases)
    assert not unknown


def test_names_people_use_find_the_title(cat):
    assert cat.resolve("Money Heist", 2017).kind == "series"
    assert cat.resolve("Se7en", 1995).year == 1995
    office = cat.find("The Office", 2005)
    assert office and office[0].kind == "series" and "United States" in office[0].countries


def test_every_title_has_a_genre_from_the_small_set(cat):
    genres = {g for t in cat.titles for g in t.genres}
    # a handful of 1900s actualities and bare platform rows say nothing of their genre
    assert sum(not t.genres for t in cat.titles) <= 0.015 * len(cat.titles)
    assert all(t.genres for t in cat.titles if "netflix" in t.sources or "curated" in t.sources)
    assert "Drama" in genres and "Dramas" not in genres and "TV Dramas" not in genres
    assert "International Movies" not in genres
    assert len(genres) <= 32


def test_theme_coverage_targets(cat):
    two = sum(len(t.themes) >= 2 for t in cat.titles)
    assert two / len(cat.titles) >= 0.85  # the catalog issue's target
    netflix = [t for t in cat.titles if "netflix" in t.sources]
    assert sum(len(t.themes) >= 2 for t in netflix) / len(netflix) >= 0.90


def test_ballerina_2023(cat):
    t = cat.resolve("Ballerina", 2023)
    assert t.kind == "film" and "Netflix" in t.platforms and t.countries == ("South Korea",)
    assert t.directors == ("Lee Chung-hyun",)
    assert t.cast[:3] == ("Jeon Jong-seo", "Kim Ji-hoon", "Park Yu-rim")
    assert "GRAY" in t.composers
    assert {"Action", "Thriller"} <= set(t.genres)
    assert {"revenge", "friendship", "grief", "human trafficking", "drug trafficking"} <= set(t.themes)
    assert t.based_on == "original" and not t.true_story
    assert t.synopsis


def test_three_ballerinas_and_one_call(cat):
    assert len(cat.find("Ballerina")) >= 3
    calls = [t for t in cat.find("The Call", 2020) if "South Korea" in t.countries]
    assert len(calls) == 1  # an American "The Call" of 2020 is another work
    call = calls[0]
    assert "netflix" in call.sources and "curated" in call.sources
    assert "Lee Chung-hyun" in call.directors


@pytest.mark.parametrize("name, year", [
    ("Lawmen: Bass Reeves", 2023), ("The Gilded Age", 2022), ("Kill Boksoon", 2023),
    ("Carter", 2022), ("The Villainess", 2017), ("The Glory", 2022), ("Sweet Home", 2020),
    ("Parasite", 2019), ("Hellbound", 2021), ("Mask Girl", 2023), ("Burning", 2018),
    ("Killers of the Flower Moon", 2023), ("Oldboy", 2003), ("Lady Vengeance", 2005),
])
def test_curated_titles_present_with_synopsis(cat, name, year):
    found = cat.find(name, year)
    assert len(found) == 1, f"{name} ({year}): {found}"
    assert found[0].synopsis


def test_true_stories(cat):
    assert cat.resolve("Lawmen: Bass Reeves").true_story
    assert cat.resolve("Killers of the Flower Moon").true_story
    assert sum(t.true_story for t in cat.titles) > 300


def test_cli_stats(cat, capsys, monkeypatch):
    monkeypatch.setattr("watchnext.loader.load_catalog", lambda *a, **k: cat)  # parsed once
    assert main(["catalog", "stats", "--json"]) == 0
    import json

    st = json.loads(capsys.readouterr().out)
    assert st["titles"] >= 45_000 and st["kinds"]["series"] >= 6_000
    assert st["merged_by_source_pair"]["netflix+wikipedia"] > 500
    assert st["films_with_director"] >= 0.75 and st["films_with_cast"] >= 0.75
    assert main(["catalog", "stats"]) == 0
    text = capsys.readouterr().out
    assert "amazon+wikipedia" in text and "Prime Video" in text


def test_imports_match_the_years_and_spellings_people_use(cat, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("watchnext.loader.load_catalog", lambda *a, **k: cat)
    f = tmp_path / "watchlist.csv"
    f.write_text("Date,Name,Year,Letterboxd URI\n2024-01-02,Stranger Things,2016,\n"
                 "2024-01-02,Se7en,1995,\n2024-01-02,Money Heist,2017,\n", encoding="utf-8")
    assert main(["watchlist", "import", str(f), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "3 matched" in out and "0 not found" in out, out


def test_a_title_is_one_line(cat):
    """Netflix's "The Memphis Belle: A Story of a\nFlying Fortress" and Amazon's "Tremors 5:
    Bloodline" with two spaces: one space between the words of every title."""
    assert not [t.id for t in cat.titles
                if any("\n" in n or "  " in n for n in (t.title, t.original_title, *t.aka))]


def test_an_age_rating_is_a_rating(cat):
    """Some platform rows carry the duration in the rating column: "1 Season" is no age
    rating, and the title says none rather than that."""
    import re

    assert not [t.id for t in cat.titles if re.fullmatch(r"\d+ (?:min|Seasons?)", t.age_rating)]


def test_a_saga_on_a_platform_is_the_same_film(cat):
    """Disney+ names the Star Wars films "Star Wars: The Empire Strikes Back (Episode V)" and
    Netflix "Star Wars: Episode VIII: The Last Jedi": each film is one record, streaming where
    the platforms say, and Satoshi Kon's Perfect Blue is not Amazon's British TV drama."""
    for name, year in (("Star Wars", 1977), ("The Empire Strikes Back", 1980),
                       ("Star Wars: Episode I – The Phantom Menace", 1999),
                       ("Star Wars: The Last Jedi", 2017), ("Star Wars: The Rise of Skywalker", 2019)):
        hits = [h.title for h in search(cat, f"{name} {year}", limit=5) if h.title.year == year
                and "Star Wars" in " ".join((h.title.title, *h.title.aka))]
        assert len(hits) == 1 and "Disney+" in hits[0].platforms, (name, [t.id for t in hits])
    (kon,) = [t for t in cat.find("Perfect Blue", 1997) if "Animation" in t.genres]
    assert kon.directors == ("Satoshi Kon",) and "Prime Video" not in kon.platforms
