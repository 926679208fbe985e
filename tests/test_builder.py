"""The catalog builder: merges, themes, based_on, curated records, reproducibility."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from rawdata import shared_data_dir
from watchnext.build import build_catalog
from watchnext.loader import load_catalog

ROOT = Path(__file__).resolve().parent.parent
RAW = Path(__file__).parent / "data" / "raw"
SHARED = shared_data_dir()


@pytest.fixture
def built(tmp_path):
    out = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog" / "vocab", out / "vocab")
    report = build_catalog(RAW / "netflix.csv", RAW / "wikidata", out, curated=RAW / "curated.toml")
    return out, report, load_catalog(out, use_cache=False, include_user=False)


def test_every_row_becomes_a_title_and_both_sources_merge(built):
    out, report, cat = built
    assert report["netflix"] == 4 and report["wikidata"] == 3 and report["merged"] == 1
    assert not cat.problems
    shared = cat.find("Shared Film")
    assert len(shared) == 1
    t = shared[0]
    assert t.id == "nf-s3" and t.imdb == "tt9000001" and t.wikidata == "Q9001"
    assert set(t.sources) == {"netflix", "wikidata"}
    assert t.runtime == 74 and t.platforms == ("Netflix",)


def test_sequel_links_follow_the_merge_and_name_a_franchise(built):
    _, _, cat = built
    first, second = cat.get("nf-s3"), cat.get("wd-Q9002")
    assert first.followed_by == "wd-Q9002" and second.follows == "nf-s3"
    assert first.franchise == second.franchise == "Shared Film"
    # the director's name is learned from the merged Netflix record
    assert second.directors == ("Eve Example",)


def test_genres_normalised_themes_derived_based_on(built):
    _, _, cat = built
    heist = cat.get("nf-s1")
    assert "Thriller" in heist.genres and "International Movies" not in heist.genres
    assert {"heist", "revenge", "friendship"} <= set(heist.themes)
    series = cat.get("nf-s2")
    assert series.kind == "series" and series.seasons == 2 and "Drama" in series.genres
    assert series.true_story
    assert "murder" in series.themes
    lonely = cat.get("wd-Q9003")
    assert "heist" in lonely.themes and lonely.true_story and lonely.studios == ("Example Studios",)
    assert cat.get("wd-Q9002").themes[:1] == ("time travel",)
    assert all(t.genres for t in cat.titles)


def test_shifted_rating_column_is_read_as_runtime(built):
    _, _, cat = built
    odd = cat.get("nf-s4")
    assert odd.runtime == 74 and odd.age_rating == ""


def test_curated_records_enrich_or_add(built):
    _, report, cat = built
    assert report["curated_enriched"] == 1 and report["curated_added"] == 1
    heist = cat.get("nf-s1")
    assert heist.original_title == "조용한 강도" and heist.synopsis.startswith("Written here")
    assert "curated" in heist.sources and "netflix" in heist.sources
    assert len(cat.find("The Quiet Heist")) == 1
    new = cat.find("Brand New Show")[0]
    assert new.id == "wn-brand-new-show-2024" and new.kind == "series"


def test_descriptions_are_never_shipped(built):
    out, _, _ = built
    text = "".join(p.read_text(encoding="utf-8") for p in (out / "titles").glob("*.toml"))
    assert "retired thieves" not in text and "fall in love" not in text


def test_rebuild_is_byte_for_byte(built, tmp_path):
    out, _, _ = built
    first = {p.name: p.read_bytes() for p in (out / "titles").glob("*.toml")}
    build_catalog(RAW / "netflix.csv", RAW / "wikidata", out, curated=RAW / "curated.toml")
    again = {p.name: p.read_bytes() for p in (out / "titles").glob("*.toml")}
    assert first == again


@pytest.mark.skipif(not (SHARED / "netflix_titles.csv").exists(), reason="raw sources not here")
def test_shipped_catalog_is_what_the_builder_makes(tmp_path):
    out = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog" / "vocab", out / "vocab")
    shutil.copytree(ROOT / "catalog" / "sources", out / "sources")
    build_catalog(SHARED / "netflix_titles.csv", SHARED / "wikidata-films", out)
    shipped = {p.name: p.read_bytes() for p in (ROOT / "catalog" / "titles").glob("*.toml")}
    rebuilt = {p.name: p.read_bytes() for p in (out / "titles").glob("*.toml")}
    assert shipped.keys() == rebuilt.keys()
    for name in shipped:
        assert shipped[name] == rebuilt[name], f"catalog/titles/{name} differs from a rebuild"
