"""The catalog we ship: size, coverage and the facts people will check first."""

from __future__ import annotations

import pytest

from watchnext import paths
from watchnext.cli import main
from watchnext.loader import load_catalog


@pytest.fixture(scope="module")
def cat():
    return load_catalog(paths.shipped_catalog_dir(), use_cache=False, include_user=False)


def test_size_and_kinds(cat):
    assert not cat.problems
    assert len(cat.titles) >= 13_000
    assert sum(t.kind == "series" for t in cat.titles) >= 2_500
    assert len({t.id for t in cat.titles}) == len(cat.titles)


def test_every_title_has_a_genre_from_the_small_set(cat):
    genres = {g for t in cat.titles for g in t.genres}
    assert all(t.genres for t in cat.titles)
    assert "Drama" in genres and "Dramas" not in genres and "TV Dramas" not in genres
    assert "International Movies" not in genres
    assert len(genres) <= 32


def test_theme_coverage_targets(cat):
    two = sum(len(t.themes) >= 2 for t in cat.titles)
    assert two / len(cat.titles) >= 0.70
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
    calls = cat.find("The Call", 2020)
    assert len(calls) == 1
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


def test_cli_stats(capsys):
    assert main(["catalog", "stats", "--json"]) == 0
    import json

    st = json.loads(capsys.readouterr().out)
    assert st["titles"] >= 13_000 and st["kinds"]["series"] >= 2_500
