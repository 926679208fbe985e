"""The catalog builder: merges across sources, stable ids, series years, aka, awards, themes,
based_on, curated records, reproducibility."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rawdata import shared_data_dir
from watchnext.build import build_catalog
from watchnext.errors import CatalogError
from watchnext.loader import load_catalog

ROOT = Path(__file__).resolve().parent.parent
RAW = Path(__file__).parent / "data" / "raw"
SHARED = shared_data_dir()


def _catalog_dir(tmp_path: Path) -> Path:
    out = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog" / "vocab", out / "vocab")
    shutil.copytree(RAW / "sources", out / "sources")
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = _catalog_dir(tmp_path_factory.mktemp("built"))
    report = build_catalog(out, RAW / "shared")
    return out, report, load_catalog(out, use_cache=False, include_user=False)


def test_one_record_per_work_across_sources(built):
    out, report, cat = built
    assert not cat.problems
    shared = [t for t in cat.find("Shared Film") if t.year == 2001]
    assert len(shared) == 1
    t = shared[0]
    assert t.id == "nf-s3" and t.imdb == "tt9000001" and t.wikidata == "Q9001"
    assert set(t.sources) == {"netflix", "wikidata", "wikipedia"}
    assert t.runtime == 74 and t.platforms == ("Netflix",)
    assert report["merged_pairs"]["netflix+wikipedia"] >= 1


def test_a_remake_and_a_namesake_stay_separate_works(built):
    _, _, cat = built
    years = sorted(t.year for t in cat.find("Shared Film"))
    assert years == [2001, 2009]  # the 2009 remake is its own record
    ballets = cat.find("Ballet")
    assert len(ballets) == 2 and {t.platforms for t in ballets} == {("Netflix",), ("Prime Video",)}


def test_a_series_on_two_platforms_is_one_record_with_its_first_air_year(built):
    _, _, cat = built
    (harbor,) = cat.find("Harbor Lights")
    assert harbor.kind == "series" and harbor.platforms == ("Netflix", "Hulu")
    assert harbor.year == 2016 and harbor.last_year == 2020 and harbor.years == "2016\u20132020"
    assert harbor.seasons == 4
    # any year from the first to the latest season finds it
    assert cat.find("Harbor Lights", 2017) == [harbor] and cat.find("Harbor Lights", 2015) == []


def test_ids_stay_stable_and_merged_ids_resolve(built):
    _, _, cat = built
    lonely = cat.get("wd-Q9003")
    assert lonely is not None and "Prime Video" in lonely.platforms
    assert cat.get("am-s2") is None or cat.get("am-s2") == lonely


def test_aka_finds_a_title(built):
    _, _, cat = built
    assert [t.id for t in cat.find("Quiet Heist: The Last Job")] == ["nf-s1"]


def test_awards_are_shown_and_raise_notability(built):
    _, _, cat = built
    t = cat.get("nf-s3")
    assert "Oscar: Best Picture (winner)" in t.awards
    assert "Oscar: Best Director, Eve Example (nominee)" in t.awards
    assert t.notability > cat.get("wd-Q9002").notability


def test_wikipedia_rows_people_genres_and_debris(built):
    _, _, cat = built
    (pie,) = cat.find("Pie Fight")
    assert pie.genres == ("Comedy",) and pie.directors == ("Roy Custard",)
    assert pie.countries == ("United States",) and pie.languages == ()  # a silent film
    assert cat.get("nf-s3").cast == ("Fay Example",)  # ")" and "(voice)" dropped
    # a television series a list page mentioned is not a film
    assert all(t.kind == "series" for t in cat.find("Harbor Lights"))


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
    assert series.kind == "series" and "Drama" in series.genres
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


def test_descriptions_and_extracts_are_never_shipped(built):
    out, _, _ = built
    text = "".join(p.read_text(encoding="utf-8") for p in (out / "titles").glob("*.toml"))
    assert "retired thieves" not in text and "fall in love" not in text
    assert "rainy Paris" not in text and "fishing town" not in text


def test_rebuild_is_byte_for_byte(built):
    out, _, _ = built
    first = {p.name: p.read_bytes() for p in (out / "titles").glob("*.toml")}
    build_catalog(out, RAW / "shared")
    again = {p.name: p.read_bytes() for p in (out / "titles").glob("*.toml")}
    assert first == again


def test_out_folder_without_vocab_or_sources_is_an_error(tmp_path):
    with pytest.raises(CatalogError, match="vocab"):
        build_catalog(tmp_path / "empty", RAW / "shared")
    assert not (tmp_path / "empty" / "titles").exists()


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "netflix_titles.csv").exists(), reason="raw sources not here")
def test_shipped_catalog_is_what_the_builder_makes(tmp_path):
    out = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog" / "vocab", out / "vocab")
    shutil.copytree(ROOT / "catalog" / "sources", out / "sources")
    build_catalog(out, SHARED)
    shipped = {p.name: p.read_bytes() for p in (ROOT / "catalog" / "titles").glob("*.toml")}
    rebuilt = {p.name: p.read_bytes() for p in (out / "titles").glob("*.toml")}
    assert shipped.keys() == rebuilt.keys()
    for name in shipped:
        assert shipped[name] == rebuilt[name], f"catalog/titles/{name} differs from a rebuild"


def test_facts_imply_era_and_studio_themes():
    from watchnext.build.themes import fact_themes

    recs = [
        {"id": "a", "kind": "film", "year": 1919, "countries": ["United States"], "themes": []},
        {"id": "b", "kind": "film", "year": 1931, "countries": ["United States"], "themes": ["war"]},
        {"id": "c", "kind": "film", "year": 1931, "countries": ["France"], "themes": []},
        {"id": "d", "kind": "film", "year": 1940, "countries": ["United States"],
         "studios": ["Republic Pictures"], "themes": ["wild west"]},
        {"id": "e", "kind": "film", "year": 1952, "countries": ["United States"],
         "studios": ["Republic Pictures"], "themes": [], "_noms": 7},  # an Oscar film is no B
        {"id": "f", "kind": "series", "year": 1920, "countries": ["United States"], "themes": []},
    ]
    counts = fact_themes(recs)
    got = {r["id"]: r["themes"] for r in recs}
    assert got["a"] == ["silent film", "black-and-white"]
    assert got["b"] == ["war", "pre-code", "black-and-white"]
    assert got["c"] == ["black-and-white"]  # the Production Code was Hollywood's; film stock was not
    assert got["d"] == ["wild west", "b-movie"]
    assert got["e"] == [] and got["f"] == []
    assert {k: n for k, n in counts.items() if n} == {"silent film": 1, "pre-code": 1, "b-movie": 1,
                                                      "black-and-white": 3}


def test_a_film_before_1935_is_black_and_white_unless_a_source_speaks_of_colour():
    from watchnext.build.common import COLOR_RX
    from watchnext.build.themes import fact_themes

    recs = [
        {"id": "plain", "kind": "film", "year": 1933, "title": "A Plain Picture", "themes": []},
        {"id": "tinted", "kind": "film", "year": 1925, "title": "Stage Struck", "themes": [],
         "_color": bool(COLOR_RX.search("The opening sequences were filmed in early two-color Technicolor."))},
        {"id": "listed", "kind": "film", "year": 1926, "title": "The Black Pirate", "themes": []},
        {"id": "later", "kind": "film", "year": 1939, "title": "Gone with the Wind", "themes": []},
    ]
    fact_themes(recs)
    got = {r["id"]: r["themes"] for r in recs}
    assert got["plain"] == ["black-and-white"]
    assert got["tinted"] == ["silent film"]  # its extract says Technicolor
    assert got["listed"] == ["silent film"]  # a two-colour feature whose extract may not say so
    assert got["later"] == []  # after 1935 only where a source says so



def test_wikipedia_extract_names_the_studio_once():
    from watchnext.build.wikipedia import studios_from

    text = ("Heading West is a 1946 American Western film directed by Ray Nazarro. "
            "The film was released on August 15, 1946, by Columbia Pictures. "
            "It was distributed by Warner Bros and produced by Fred Example.")
    assert studios_from(text) == ["Columbia Pictures", "Warner Bros."]  # a person is no studio


def test_a_silent_film_is_themed_so(built):
    _, _, cat = built
    (pie,) = cat.find("Pie Fight")
    assert "silent film" in pie.themes


def test_keywords_are_the_telling_nouns_of_the_descriptions():
    from watchnext.build.keywords import derive_keywords

    filler = [{"title": f"Filler {i}", "_text": f"A story of the {w}. The {w} who waits."}
              for i, w in enumerate(["orchard", "harbor", "meadow", "quarry", "canal", "mill"] * 40
                                    + ["lighthouse", "lighthouse"])]
    recs = [
        {"title": "Deep Down", "_text": "A submarine crew is trapped. The submarine, lost, drifts; "
                                        "Captain Vance desperately fights the lighthouse."},
        {"title": "Undersea", "_text": "The submarine of a shocking navy. A submarine and its crew."},
        {"title": "Silent Run", "_text": "Her submarine sinks. The submarine that saved them."},
        {"title": "The Lighthouse Keeper", "_text": "A keeper of the lighthouse, alone."},
        *filler,
    ]
    derive_keywords(recs)
    deep = recs[0]["keywords"]
    assert "submarine" in deep and "lighthouse" in deep
    assert not {"desperately", "fights", "vance", "shocking", "trapped"} & set(deep)
    assert "lighthouse" not in recs[3]["keywords"]  # its own title word
    assert all("_text" not in r for r in recs)  # the prose is never written out


def test_an_adjective_before_a_noun_is_not_a_keyword():
    """"a magical kingdom": the words after a determiner that never end the phrase describe
    something else; the noun they describe is the keyword."""
    from watchnext.build.keywords import derive_keywords

    filler = [{"title": f"Filler {i}", "_text": f"A story of the {w}. The {w} who waits."}
              for i, w in enumerate(["orchard", "harbor", "meadow", "quarry", "canal", "mill"] * 40)]
    recs = [{"title": f"Tale {i}", "_text": f"A magical kingdom falls. The magical kingdom of {w}, "
                                            f"a magical {w}, the magical sea, a magical tower and "
                                            f"the kingdom: it is magical."}
            for i, w in enumerate(["dawn", "dusk", "frost", "rain"])] + filler
    derive_keywords(recs)
    assert "kingdom" in recs[0]["keywords"]
    assert not any("magical" in r["keywords"] for r in recs)


def _read_wikipedia_rows(tmp_path, rows: list[dict]) -> list[dict]:
    """Records the Wikipedia reader makes of `rows` (a movies-*.json list), with the shipped vocab."""
    import json

    from watchnext.build.vocab import Vocab
    from watchnext.build.wikipedia import read_wikipedia

    folder = tmp_path / "wikipedia-movies"
    folder.mkdir()
    (folder / "movies-1910s.json").write_text(json.dumps(rows), encoding="utf-8")
    return read_wikipedia(folder, Vocab.load(Path(__file__).resolve().parent.parent / "catalog" / "vocab"))


def test_lost_films_and_serials_are_themed_from_the_extract(tmp_path):
    """What the credits part of a Wikipedia extract states (the film is lost, it is a serial)
    becomes a theme; a story in which someone is lost does not."""
    import json

    from watchnext.build.vocab import Vocab
    from watchnext.build.wikipedia import read_wikipedia

    rows = [
        {"title": "The Road North", "year": 1918, "cast": ["Ann Example"], "genres": ["Drama"],
         "href": "The_Road_North", "extract": "The Road North is a 1918 American silent drama "
         "film directed by Roy Custard. The film is now considered to be lost."},
        {"title": "Gold Coast", "year": 1922, "cast": [], "genres": [], "href": "Gold_Coast",
         "extract": "Gold Coast is a lost 1922 American silent Western film directed by Roy Custard."},
        {"title": "The Iron Claw", "year": 1941, "cast": [], "genres": [], "href": "The_Iron_Claw",
         "extract": "The Iron Claw is a 1941 Columbia 15-chapter film serial directed by Roy Custard."},
        {"title": "Sand", "year": 1950, "cast": [], "genres": ["Drama"], "href": "Sand",
         "extract": "Sand is a 1950 American drama film. A pilot is lost in the desert, and all "
         "hope is lost."},
    ]
    themes = {r["title"]: r["themes"] for r in _read_wikipedia_rows(tmp_path, rows)}
    assert "lost film" in themes["The Road North"] and "lost film" in themes["Gold Coast"]
    assert "film serial" in themes["The Iron Claw"]
    assert "lost film" not in themes["Sand"] and "film serial" not in themes["Sand"]


def test_shorts_tv_films_remakes_and_adaptations_are_themed_from_the_facts(tmp_path):
    """What a Wikipedia extract's credits say (a short, a television film, a remake, based on a
    novel or a play) becomes a theme, as a runtime of 40 minutes or less does; a story that
    mentions a novel or a short walk does not."""
    import json

    from watchnext.build.themes import fact_themes
    from watchnext.build.vocab import Vocab
    from watchnext.build.wikipedia import read_wikipedia

    rows = [
        {"title": "Barn Dance", "year": 1931, "cast": [], "genres": ["Comedy", "Short"],
         "href": "Barn_Dance", "extract": "Barn Dance is a 1931 American comedy directed by Roy Custard."},
        {"title": "Night Call", "year": 1996, "cast": [], "genres": ["Drama"], "href": "Night_Call",
         "extract": "Night Call is a 1996 American drama television film directed by Roy Custard. "
                    "It aired on CBS."},
        {"title": "The Lodger", "year": 1944, "cast": [], "genres": ["Thriller"], "href": "The_Lodger",
         "extract": "The Lodger is a 1944 American thriller film directed by Roy Custard. It is a "
                    "remake of the 1927 film. It is based on the 1913 novel by Marie Example."},
        {"title": "Footlights", "year": 1950, "cast": [], "genres": ["Drama"], "href": "Footlights",
         "extract": "Footlights is a 1950 American drama film based on the Broadway play by Ann Example."},
        {"title": "Foreign Legion", "year": 1939, "cast": [], "genres": ["Comedy"],
         "href": "Foreign_Legion", "extract": "Foreign Legion is a 1939 buddy comedy film. It is a "
         "partial remake of their short film Desert Hunks (1931). It was remade as a television film."},
        {"title": "Long Walk", "year": 1960, "cast": [], "genres": ["Drama"], "href": "Long_Walk",
         "extract": "Long Walk is a 1960 American drama film. A clerk who writes a novel takes a "
                    "short walk."},
    ]
    records = _read_wikipedia_rows(tmp_path, rows)
    records.append({"title": "Ten Minutes", "year": 2015, "kind": "film", "runtime": 12,
                    "themes": []})
    records.append({"title": "Shorts Night", "year": 2015, "kind": "film", "runtime": 95,
                    "themes": ["anthology", "short film"]})  # a feature of shorts is no short
    fact_themes(records)
    themes = {r["title"]: r["themes"] for r in records}
    assert "short film" in themes["Barn Dance"] and "short film" in themes["Ten Minutes"]
    assert "tv movie" in themes["Night Call"]
    assert themes["Shorts Night"] == ["anthology"]
    assert "remake" in themes["The Lodger"] and "book adaptation" in themes["The Lodger"]
    assert "stage adaptation" in themes["Footlights"]
    assert "remake" in themes["Foreign Legion"]  # what the film is, not the films it names
    assert not {"short film", "tv movie"} & set(themes["Foreign Legion"])
    assert not {"short film", "tv movie", "remake", "book adaptation",
                "stage adaptation"} & set(themes["Long Walk"])


def test_a_curated_record_takes_away_what_a_source_got_wrong(tmp_path):
    """remove_genres / remove_themes in catalog/sources/curated*.toml: a music biopic tagged
    Musical loses the genre; the curated genres still come first, the rest stay."""
    from watchnext.build.curated import apply_curated

    records = [{"id": "wd-Q1", "title": "Walk the Line", "year": 2005, "kind": "film",
                "genres": ["Musical", "Drama"], "themes": ["music", "royalty", "addiction"],
                "sources": ["wikidata"]}]
    path = tmp_path / "curated-fixes.toml"
    path.write_text('[[titles]]\nid = "wd-Q1"\ntitle = "Walk the Line"\nyear = 2005\n'
                    'kind = "film"\ngenres = ["Biography"]\nremove_genres = ["Musical"]\n'
                    'remove_themes = ["royalty"]\n\n'
                    '[[titles]]\ntitle = "New One"\nyear = 2020\nkind = "film"\n'
                    'remove_genres = ["Drama"]\n', encoding="utf-8")
    out, enriched, added = apply_curated(records, [path])
    (walk,) = [r for r in out if r["id"] == "wd-Q1"]
    assert walk["genres"] == ["Biography", "Drama"]
    assert walk["themes"] == ["music", "addiction"]
    assert (enriched, added) == (1, 1)
    (new,) = [r for r in out if r["title"] == "New One"]
    assert "remove_genres" not in new and "remove_genres" not in walk


def test_a_curated_entry_for_a_title_another_file_writes_enriches_it(tmp_path):
    """curated-people.toml (read first) gives "wn-paranoia-agent-2004" its cast; the series
    itself is written in curated-series.toml: one series, with the cast and the creator."""
    from watchnext.build.curated import apply_curated

    people = tmp_path / "curated-people.toml"
    people.write_text('[[titles]]\nid = "wn-paranoia-agent-2004"\ntitle = "Paranoia Agent"\n'
                      'year = 2004\nkind = "series"\ncast = ["Mamiko Noto"]\n', encoding="utf-8")
    series = tmp_path / "curated-series.toml"
    series.write_text('[[titles]]\ntitle = "Paranoia Agent"\nyear = 2004\nkind = "series"\n'
                      'creators = ["Satoshi Kon"]\ngenres = ["Anime"]\n', encoding="utf-8")
    out, enriched, added = apply_curated([], [people, series])
    (agent,) = [r for r in out if r["title"] == "Paranoia Agent"]
    assert agent["id"] == "wn-paranoia-agent-2004" and (enriched, added) == (1, 1)
    assert agent["cast"] == ["Mamiko Noto"] and agent["directors"] == ["Satoshi Kon"]


def test_platform_series_far_apart_in_year_merge_only_within_their_written_run():
    """A platform gives a series the year of its latest season (Netflix's Forensic Files says
    2011, Hulu's 1996, Hulu lists no cast): within the run series_years.toml writes down they
    are one work; a namesake outside that run, or a film, stays apart."""
    from watchnext.build.merge import merge_all

    def rec(id_, src, year, kind="series", cast=()):
        return {"id": id_, "_src": src, "title": "Forensic Files", "year": year, "kind": kind,
                "cast": list(cast), "sources": [src]}

    spans = {"forensic files": (1996, 2011)}
    records = [rec("nf-s5804", "netflix", 2011, cast=["Peter Thomas"]), rec("hu-s1586", "hulu", 1996),
               rec("am-s1", "amazon", 2020), rec("dp-s1", "disney", 1996, kind="film")]
    merged, pairs = merge_all(records, spans)
    by_id = {r["id"]: r for r in merged}
    assert by_id["nf-s5804"]["year"] == 1996 and by_id["nf-s5804"]["last_year"] == 2011
    assert by_id["nf-s5804"]["old_ids"] == ["hu-s1586"]  # the Hulu id still resolves
    assert {"am-s1", "dp-s1"} <= set(by_id) and pairs["hulu+netflix"] == 1
    merged, _ = merge_all(records)  # without a written run, years 15 apart are two works
    assert len(merged) == 4


def test_a_merged_title_takes_the_best_cased_spelling_a_source_gives():
    """The source order picks Amazon's "This is Us"; Hulu spells it "This Is Us", as the show
    does: the merged record says "This Is Us", and a title the sources spell differently (not
    only in case) keeps the first source's words."""
    from watchnext.build.merge import merge_all

    def rec(id_, src, title):
        return {"id": id_, "_src": src, "title": title, "year": 2016, "kind": "series",
                "sources": [src]}

    merged, _ = merge_all([rec("am-s9", "amazon", "This is Us"), rec("hu-s9", "hulu", "This Is Us")])
    assert [r["title"] for r in merged] == ["This Is Us"]
    merged, _ = merge_all([rec("am-s9", "amazon", "Buffy The Vampire Slayer"),
                           rec("hu-s9", "hulu", "Buffy the Vampire Slayer")])
    assert [r["title"] for r in merged] == ["Buffy the Vampire Slayer"]
    merged, _ = merge_all([rec("am-s9", "amazon", "This is Us"), rec("hu-s9", "hulu", "This Is Us!")])
    assert [r["title"] for r in merged] == ["This is Us"]  # other words: the first source's


def test_a_sequel_number_or_a_platform_qualifier_does_not_split_a_work():
    """"Men in Black III" (Wikidata) and "Men in Black 3" (Wikipedia), "Robin Hood (Silent)"
    (Amazon) and "Robin Hood": one work each, under the plain title (Wikipedia's spelling of
    the number), every id still resolving.
    A namesake of another year, or with other people, stays apart."""
    from watchnext.build.merge import merge_all

    def rec(id_, src, title, year, cast=()):
        return {"id": id_, "_src": src, "title": title, "year": year, "kind": "film",
                "cast": list(cast), "sources": [src]}

    records = [rec("wd-Q1", "wikidata", "Men in Black III", 2012),
               rec("wp-men-in-black-3", "wikipedia", "Men in Black 3", 2012, ["Will Smith"]),
               rec("am-s1", "amazon", "Robin Hood (Silent)", 1922, ["Douglas Fairbanks"]),
               rec("wp-robin-hood-1922", "wikipedia", "Robin Hood", 1922, ["Douglas Fairbanks"]),
               rec("wp-smokey-3", "wikipedia", "Smokey and the Bandit Part 3", 1983),
               rec("wd-Q2", "wikidata", "Smokey and the Bandit III", 1983),
               rec("am-s2", "amazon", "Robin Hood (Silent)", 1973, ["Brian Bedford"]),
               rec("wp-rocky-v", "wikipedia", "Rocky V", 1990, ["Sylvester Stallone"]),
               rec("wp-rocky-5", "wikipedia", "Rocky 5", 1990, ["Someone Else"])]
    merged, _ = merge_all(records)
    titles = sorted((r["title"], r["year"]) for r in merged)
    assert titles == [("Men in Black 3", 2012), ("Robin Hood", 1922), ("Robin Hood (Silent)", 1973),
                      ("Rocky 5", 1990), ("Rocky V", 1990), ("Smokey and the Bandit Part 3", 1983)]
    resolves = {r["id"] for r in merged} | {o for r in merged for o in r.get("old_ids", [])}
    assert {r["id"] for r in records} <= resolves


def test_only_an_article_apart_and_a_year_apart_with_no_people_is_two_works():
    """Amazon's "Unthinkable" (2020) and Hulu's "The Unthinkable" (2021), neither listing
    people: two films. Of the same year they are one ("Bride of Frankenstein", 1935, Wikidata's
    "The Bride of Frankenstein"), and people shared join them across a year."""
    from watchnext.build.merge import merge_all

    def rec(id_, src, title, year, directors=()):
        return {"id": id_, "_src": src, "title": title, "year": year, "kind": "film",
                "directors": list(directors), "sources": [src]}

    merged, _ = merge_all([rec("am-s1", "amazon", "Unthinkable", 2020),
                           rec("hu-s1", "hulu", "The Unthinkable", 2021)])
    assert len(merged) == 2
    merged, _ = merge_all([rec("wd-Q1", "wikidata", "The Bride of Frankenstein", 1935),
                           rec("wp-bride", "wikipedia", "Bride of Frankenstein", 1935, ["James Whale"])])
    assert len(merged) == 1
    merged, _ = merge_all([rec("am-s2", "amazon", "The Doorman", 2019, ["Ryuhei Kitamura"]),
                           rec("hu-s2", "hulu", "Doorman", 2020, ["Ryuhei Kitamura"])])
    assert len(merged) == 1


def test_a_saga_episode_number_spelt_three_ways_is_one_work():
    """Wikidata's "Star Wars: Episode I – The Phantom Menace", Disney+'s "Star Wars: The Phantom
    Menace (Episode I)" and Netflix's "Star Wars: Episode VIII: The Last Jedi" name their films
    as the others do without the episode number: one record each, every id resolving."""
    from watchnext.build.merge import merge_all

    def rec(id_, src, title, year, directors):
        return {"id": id_, "_src": src, "title": title, "year": year, "kind": "film",
                "directors": list(directors), "sources": [src]}

    records = [rec("wd-Q1", "wikidata", "Star Wars: Episode I \u2013 The Phantom Menace", 1999, ["George Lucas"]),
               rec("dp-s1", "disney", "Star Wars: The Phantom Menace (Episode I)", 1999, ["George Lucas"]),
               rec("wp-tlj", "wikipedia", "Star Wars: The Last Jedi", 2017, ["Rian Johnson"]),
               rec("nf-s1", "netflix", "Star Wars: Episode VIII: The Last Jedi", 2017, ["Rian Johnson"]),
               rec("dp-s2", "disney", "Star Wars: The Last Jedi (Episode VIII)", 2017, ["Rian Johnson"])]
    merged, _ = merge_all(records)
    assert len(merged) == 2
    resolves = {r["id"] for r in merged} | {o for r in merged for o in r.get("old_ids", [])}
    assert {r["id"] for r in records} <= resolves


def test_only_an_article_apart_one_animated_one_not_is_two_works():
    """Amazon's "The Perfect Blue" (1997, a British TV drama, Drama and Romance) is not Satoshi
    Kon's animated "Perfect Blue" (1997) when no people can be compared; a record without genres
    says nothing either way and still joins."""
    from watchnext.build.merge import merge_all

    def rec(id_, src, title, genres, directors=()):
        return {"id": id_, "_src": src, "title": title, "year": 1997, "kind": "film",
                "genres": list(genres), "directors": list(directors), "sources": [src]}

    merged, _ = merge_all([rec("am-s1", "amazon", "The Perfect Blue", ["Drama", "Romance"], ["Kieron J. Walsh"]),
                           rec("wd-Q1", "wikidata", "Perfect Blue", ["Animation", "Anime"])])
    assert len(merged) == 2
    merged, _ = merge_all([rec("am-s1", "amazon", "The Perfect Blue", ["Drama", "Romance"], ["Kieron J. Walsh"]),
                           rec("wd-Q1", "wikidata", "Perfect Blue", [])])
    assert len(merged) == 1


def test_a_source_listing_one_work_twice_gives_one_record():
    """Amazon lists "Angel and the Badman" and "Angel And The Badman" (1947, both with John
    Wayne): one work, best cased, both ids resolving. Two of one source with the same title
    and no person in common ("Veronica", 2017, two films) stay two."""
    from watchnext.build.merge import merge_all

    def rec(id_, title, year, cast):
        return {"id": id_, "_src": "amazon", "title": title, "year": year, "kind": "film",
                "cast": list(cast), "sources": ["amazon"]}

    merged, _ = merge_all([rec("am-s3257", "Angel and the Badman", 1947, ["John Wayne", "Gail Russell"]),
                           rec("am-s6700", "Angel And The Badman", 1947, ["John Wayne"]),
                           rec("am-s1", "Veronica", 2017, ["Sandra Escacena"]),
                           rec("am-s2", "Verónica", 2017, ["Olivia Molina"])])
    by_title = {r["title"]: r for r in merged}
    assert set(by_title) == {"Angel and the Badman", "Veronica", "Verónica"}
    assert by_title["Angel and the Badman"]["old_ids"] == ["am-s6700"]


def test_a_films_billing_or_series_name_says_its_themes():
    """Studio-era films known only by their credits get what the billing says (the shipped
    series-themes.toml): a Laurel and Hardy comedy is slapstick, a Gene Autry western has
    songs, a Charlie Chan picture is a murder mystery; a namesake out of the years or genres
    of the persona is left alone, and a film before 1911 is a short."""
    from watchnext.build.themes import fact_themes, series_themes
    from watchnext.build.vocab import Vocab

    root = Path(__file__).resolve().parent.parent / "catalog"
    known = set(Vocab.load(root / "vocab").theme_names)

    def film(i, title, year, genres, cast):
        return {"id": i, "title": title, "year": year, "kind": "film", "genres": genres,
                "cast": cast, "themes": []}

    recs = [film("lh", "Sons of the Desert", 1933, ["Comedy"], ["Stan Laurel", "Oliver Hardy"]),
            film("autry", "Tumbling Tumbleweeds", 1935, ["Western"], ["Gene Autry", "Smiley Burnette"]),
            film("autry-drama", "A Drama", 1935, ["Drama"], ["Gene Autry"]),
            film("chan", "Charlie Chan at the Opera", 1936, ["Mystery"], ["Warner Oland", "Boris Karloff"]),
            film("temple-grown", "Fort Apache", 1948, ["Western"], ["John Wayne", "Shirley Temple"]),
            film("temple", "Bright Eyes", 1934, ["Comedy"], ["Shirley Temple", "James Dunn"]),
            film("billed-low", "A Comedy", 1930, ["Comedy"], ["A Lead", "Someone", "Oliver Hardy"]),
            film("pair-alone", "Blondie?", 1960, ["Comedy"], ["Penny Singleton"]),
            film("early", "The Great Train Robbery", 1903, ["Western"], []),
            film("feature", "Traffic in Souls", 1913, ["Drama"], []),
            {"id": "series", "title": "Charlie Chan", "year": 1936, "kind": "series", "themes": []}]
    got = series_themes(recs, root / "sources" / "series-themes.toml", known)
    fact_themes(recs)
    themes = {r["id"]: r["themes"] for r in recs}
    assert "slapstick" in themes["lh"]
    assert {"singing", "country music"} <= set(themes["autry"])
    assert {"detective", "murder"} <= set(themes["chan"])
    assert "childhood" in themes["temple"]
    for left_alone in ("autry-drama", "temple-grown", "billed-low", "pair-alone", "series"):
        assert [t for t in themes[left_alone] if t != "black-and-white"] == [], left_alone
    assert got == 4
    assert "short film" in themes["early"] and "short film" not in themes["feature"]


def test_a_bad_series_themes_entry_is_an_error_naming_it(tmp_path):
    from watchnext.build.themes import series_themes

    path = tmp_path / "series-themes.toml"
    rec = [{"id": "x", "title": "X", "year": 1930, "kind": "film", "cast": ["A"], "themes": []}]
    path.write_text('[[people]]\nany = ["A"]\nthemes = ["slapstik"]\n')
    with pytest.raises(CatalogError, match=r"series-themes.toml: \[\[people\]\] entry 1: themes"):
        series_themes(rec, path, {"slapstick"})
    path.write_text("[[titles]]\npattern = '(unclosed'\nthemes = [\"slapstick\"]\n")
    with pytest.raises(CatalogError, match=r"\[\[titles\]\] entry 1: pattern"):
        series_themes(rec, path, {"slapstick"})
    assert rec[0]["themes"] == []


def test_a_wikipedia_extract_gives_this_films_director_not_another_films():
    """The director is the one of this film, with the whole name: not the director of another
    film the extract names (Disney's 1991 Beauty and the Beast was not Jean Cocteau's), and
    initials, particles and a sentence-first "Directed" are read."""
    from watchnext.build.wikipedia import directors_from

    beauty = ("Beauty and the Beast is a 1991 American animated musical film produced by Walt "
              "Disney Feature Animation. It is based on the 1756 fairy tale, while also containing "
              "ideas from the 1946 French film of the same name directed by Jean Cocteau. The film "
              "was directed by Gary Trousdale and Kirk Wise and produced by Don Hahn.")
    assert directors_from(beauty, 1991) == ["Gary Trousdale", "Kirk Wise"]
    remake = ("Fifty-Fifty is a 1925 American silent drama film starring Hope Hampton. Directed and "
              "produced by Henri Diamant-Berger, it is a remake of a 1916 film that was directed by "
              "Allan Dwan.")
    assert directors_from(remake, 1925) == ["Henri Diamant-Berger"]
    # the first sentence is about this film, whatever year the list gave it
    assert directors_from("Swerve is a 2011 Australian thriller film written and directed by "
                          "Craig Lahiff and starring Emma Booth.", 2013) == ["Craig Lahiff"]
    assert directors_from("Clarence is a 1922 comedy. It was directed by William C. deMille and "
                          "starred Wallace Reid.", 1922) == ["William C. deMille"]
    assert directors_from("Whispers is a 1920 silent drama film directed by William P.S. Earle "
                          "and starring Elaine Hammerstein.", 1920) == ["William P.S. Earle"]
    assert directors_from("Pootie Tang is a 2001 comedy film written and directed by Louis C.K. "
                          "It stars Lance Crouther.", 2001) == ["Louis C.K."]
    # who the director is, before the name, is not a name ("Hong Kong" directed three films)
    assert directors_from("Hard Target is a 1993 American action film directed by Hong Kong film "
                          "director John Woo in his U.S. debut.", 1993) == ["John Woo"]
    assert directors_from("Maximum Risk is a 1996 American action thriller film directed by Hong "
                          "Kong director Ringo Lam in his American debut.", 1996) == ["Ringo Lam"]


def test_a_platform_people_cell_holding_a_sentence_gives_no_names():
    """Hulu's director cell of The Nightingale is its description: no director named "Director
    Jennifer Kent (...) tells the sweeping tale..."; roles after names and Amazon's " | "
    separators are not part of the names."""
    from watchnext.build.common import split_people

    desc = ("Director Jennifer Kent (\"The Babadook\") tells the sweeping tale of a young woman's "
            "quest for revenge set in 1825.")
    assert split_people(desc, desc) == []
    assert split_people("Amy Schumer", "Amy Schumer talks about her pregnancy.") == ["Amy Schumer"]
    assert split_people("Pierce Brosnan (James Bond), Judi Dench (M), Pierce Brosnan") == [
        "Pierce Brosnan", "Judi Dench"]
    assert split_people("Shinba Tsuchiya | Ayane Sakura") == ["Shinba Tsuchiya", "Ayane Sakura"]
    assert split_people("Casting a light on the mistreatment of sea mammals, Lori Marino") == [
        "Lori Marino"]
    # a studio's handle is no person (Amazon's director and cast of Knight and Day)
    assert split_people("Tom Cruise, Cameron Diaz, 20TH_CENTURY_FOX") == ["Tom Cruise", "Cameron Diaz"]


def test_records_written_down_as_one_work_are_one_and_keep_their_ids(tmp_path):
    """Two sources' records of one film that the merge cannot join by itself (Disney+'s "Tim
    Burton's The Nightmare Before Christmas" and Wikidata's "The Nightmare Before Christmas";
    Amazon's "Sunset Boulevard" and Wikidata's "Sunset Blvd.") are one record when
    same-work.toml says so, and both ids still resolve; a title is one line."""
    from watchnext.build.curated import same_works
    from watchnext.build.merge import merge_all

    def rec(id_, src, title, year=1993, directors=()):
        return {"id": id_, "_src": src, "title": title, "year": year, "kind": "film",
                "directors": list(directors), "sources": [src]}

    records = [rec("dp-s1369", "disney", "Tim Burton’s The Nightmare Before Christmas", directors=["Henry Selick"]),
               rec("wd-Q322328", "wikidata", "The Nightmare Before Christmas"),
               rec("am-s5322", "amazon", "Sunset Boulevard", 1950),
               rec("wd-Q193570", "wikidata", "Sunset Blvd.", 1950),
               rec("am-s1", "amazon", "Another Film", 1950)]
    assert len(merge_all([dict(r) for r in records])[0]) == 5  # by itself: five works
    path = tmp_path / "same-work.toml"
    path.write_text('[[same]]\nids = ["dp-s1369", "wd-Q322328"]\n\n[[same]]\nids = ["am-s5322", "wd-Q193570"]\n')
    merged, pairs = merge_all(records, None, same_works(path))
    by_id = {r["id"]: r for r in merged}
    assert len(merged) == 3 and pairs["disney+wikidata"] == 1
    assert by_id["wd-Q322328"]["old_ids"] == ["dp-s1369"]
    assert by_id["wd-Q322328"]["directors"] == ["Henry Selick"]
    assert by_id["wd-Q193570"]["old_ids"] == ["am-s5322"]
    path.write_text('[[same]]\nids = "dp-s1369"\n')
    with pytest.raises(CatalogError, match=r"same-work.toml: \[\[same\]\] entry 1: ids"):
        same_works(path)



def test_one_person_is_spelled_one_way_across_the_catalog():
    """"W.S. Van Dyke" and "W. S. Van Dyke" (or "Reginald LeBorg" and "Reginald Le Borg") are
    one director: every record takes the spelling most records use, so that "same director"
    and a search for the person find all their titles; a name of people.toml keeps its own."""
    from watchnext.build.builder import unify_people
    from watchnext.build.vocab import Vocab

    vocab = Vocab.load(ROOT / "catalog" / "vocab")
    canon = next(iter(vocab.people_aliases.values()))
    recs = [{"directors": ["W. S. Van Dyke"]}, {"directors": ["W. S. Van Dyke"]},
            {"directors": ["W.S. Van Dyke"], "cast": ["Zasu Pitts", "ZaSu Pitts"]},
            {"cast": ["ZaSu Pitts"], "writers": ["Reginald LeBorg"]},
            {"directors": ["Reginald Le Borg"]}, {"directors": ["Reginald Le Borg"]},
            {"cast": [canon.upper()]}, {"cast": [canon.upper()]}, {"cast": [canon]},
            {"cast": ["W. Smith"]}, {"cast": ["Will Smith"]}]
    assert unify_people(recs, vocab) == 5
    assert {r["directors"][0] for r in recs if r.get("directors")} == {"W. S. Van Dyke", "Reginald Le Borg"}
    assert recs[2]["cast"] == ["ZaSu Pitts"] and recs[3]["writers"] == ["Reginald Le Borg"]
    assert recs[6]["cast"] == [canon]
    assert recs[9]["cast"] == ["W. Smith"] and recs[10]["cast"] == ["Will Smith"]


def test_a_name_written_family_name_first_is_the_same_person_when_records_are_compared():
    """Netflix's "Word of Honor" lists Zhang Zhehan and Gong Jun, Amazon's Zhehan Zhang and Jun
    Gong: one series. Two casts that share no one, in whatever order, stay two works."""
    from watchnext.build.merge import merge_all

    def rec(id_, src, cast):
        return {"id": id_, "_src": src, "title": "Word of Honor", "year": 2021, "kind": "series",
                "cast": list(cast), "sources": [src]}

    merged, _ = merge_all([rec("nf-s1", "netflix", ["Zhang Zhehan", "Gong Jun"]),
                           rec("am-s1", "amazon", ["Zhehan Zhang", "Jun Gong"])])
    assert len(merged) == 1 and merged[0]["cast"][0] == "Zhang Zhehan"
    merged, _ = merge_all([rec("nf-s1", "netflix", ["Zhang Zhehan", "Gong Jun"]),
                           rec("am-s1", "amazon", ["Zhang Wei", "Jun Li"])])
    assert len(merged) == 2


def test_a_final_season_written_by_hand_wins_and_an_exact_title_takes_its_row(tmp_path):
    """Hulu lists Elfen Lied (2004) in 2009: the run written by hand (2004) is its years, not
    2004-2009. The "Fruits Basket" row (2001) is the 2001 show's, not "Fruits Basket (2019)"'s,
    though the two titles fold alike; a row without a final year keeps the latest platform one."""
    from watchnext.build.curated import apply_series_years

    path = tmp_path / "series_years.toml"
    path.write_text('[[series]]\ntitle = "Elfen Lied"\nfirst_year = 2004\nlast_year = 2004\n\n'
                    '[[series]]\ntitle = "Fruits Basket"\nfirst_year = 2001\nlast_year = 2001\n\n'
                    '[[series]]\ntitle = "Fruits Basket (2019)"\nfirst_year = 2019\nlast_year = 2021\n\n'
                    '[[series]]\ntitle = "Heartland"\nfirst_year = 2007\n', encoding="utf-8")

    def rec(title, year, last=None):
        r = {"id": title, "_src": "hulu", "title": title, "year": year, "kind": "series"}
        if last:
            r["last_year"] = last
        return r

    elfen, fb, fb19, heart = (rec("Elfen Lied", 2004, 2009), rec("Fruits Basket", 2001),
                              rec("Fruits Basket (2019)", 2019, 2021), rec("Heartland", 2019))
    done, unmatched = apply_series_years([elfen, fb, fb19, heart], path)
    assert unmatched == [] and done == 4
    assert (elfen["year"], elfen["last_year"]) == (2004, 2004)
    assert (fb["year"], fb["last_year"]) == (2001, 2001)
    assert (fb19["year"], fb19["last_year"]) == (2019, 2021)
    assert (heart["year"], heart["last_year"]) == (2007, 2019)


def test_a_record_without_people_does_not_join_two_films_whose_people_are_strangers():
    """Hulu's "Gemini" (2018) lists no one: it may join Netflix's Gemini (P.K. Baaburaaj) or
    Wikipedia's (Aaron Katz), not both, for their directors and casts share no one. A middle
    initial is no stranger ("David Ellis" / "David R. Ellis"), and a pair written by hand
    joins whatever its people say."""
    from watchnext.build.merge import merge_all

    def rec(id_, src, title, year, directors=(), cast=()):
        return {"id": id_, "_src": src, "title": title, "year": year, "kind": "film",
                "directors": list(directors), "cast": list(cast), "sources": [src]}

    gemini = [rec("nf-s1", "netflix", "Gemini", 2018, ["P.K. Baaburaaj"], ["Esther Anil"]),
              rec("hu-s1", "hulu", "Gemini", 2018),
              rec("wp-gemini", "wikipedia", "Gemini", 2017, ["Aaron Katz"], ["Lola Kirke"])]
    merged, _ = merge_all(gemini)
    assert len(merged) == 2
    assert {tuple(m["directors"]) for m in merged} == {("P.K. Baaburaaj",), ("Aaron Katz",)}
    merged, _ = merge_all([rec("dp-s1", "disney", "Homeward Bound II", 1996, ["David R. Ellis"], ["Sally Field"]),
                           rec("wd-Q1", "wikidata", "Homeward Bound II", 1996),
                           rec("wp-hb", "wikipedia", "Homeward Bound II", 1996, ["David Ellis"], ["Robert Hays"])])
    assert len(merged) == 1
    merged, _ = merge_all([dict(r) for r in gemini], None, [("nf-s1", "wp-gemini")])
    assert len(merged) == 1


def test_a_title_written_down_as_well_known_stands_above_its_peers(tmp_path):
    """standing-*.toml names the hit series no source says is one (Stranger Things: one
    platform, no award data): its notability rises above an otherwise alike series'; an entry
    may name an id the record absorbed; one naming no record is reported; a bad tier is an
    error naming the file and the entry."""
    from watchnext.build.notability import score_all
    from watchnext.build.curated import apply_standing
    from watchnext.errors import CatalogError

    def rec(id_, title, old=()):
        return {"id": id_, "title": title, "year": 2016, "kind": "series", "sources": ["netflix"],
                "_src": "netflix", "seasons": 3, "genres": ["Drama"], "old_ids": list(old)}

    hit, peer, fan = rec("nf-s1", "Stranger Things"), rec("nf-s2", "Bitten"), rec("nf-s3", "The OA", ["hu-s9"])
    path = tmp_path / "standing-series.toml"
    path.write_text('[[titles]]\nid = "nf-s1"\ntier = 2\n\n[[titles]]\nid = "hu-s9"\ntier = 1\n\n'
                    '[[titles]]\nid = "nf-s404"\ntier = 1\n', encoding="utf-8")
    done, unmatched = apply_standing([hit, peer, fan], [path])
    assert (done, unmatched) == (2, ["nf-s404"])
    score_all([hit, peer, fan])
    assert hit["notability"] > fan["notability"] > peer["notability"]
    path.write_text('[[titles]]\nid = "nf-s1"\ntier = 3\n', encoding="utf-8")
    with pytest.raises(CatalogError, match=r"standing-series\.toml.*entry 1.*tier"):
        apply_standing([hit], [path])
