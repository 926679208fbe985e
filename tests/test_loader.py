"""The loader: validation errors a person can act on, user catalogs, the cache."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from watchnext import paths
from watchnext.cli import main
from watchnext.loader import load_catalog, read_titles_file

GOOD = '''
[[titles]]
id = "u-1"
title = "My Home Movie"
year = 2021
kind = "film"
genres = ["Drama"]
'''


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_titles_have_fields_and_stable_order(small_catalog_dir):
    a = load_catalog(small_catalog_dir, use_cache=False)
    b = load_catalog(small_catalog_dir, use_cache=False)
    assert [t.id for t in a.titles] == [t.id for t in b.titles]
    t = a.get("wn-ballerina-2023")
    assert t.title == "Ballerina" and t.year == 2023 and t.kind == "film"
    assert t.directors == ("Lee Chung-hyun",)
    assert "revenge" in t.themes and t.based_on == "original" and not t.true_story


def test_three_ballerinas_are_told_apart(small_catalog):
    found = small_catalog.find("Ballerina")
    assert sorted(t.year for t in found) == [2016, 2023, 2025]
    assert small_catalog.find("ballerina", 2025)[0].directors == ("Len Wiseman",)
    assert small_catalog.resolve("Ballerina", 2023).id == "wn-ballerina-2023"


def test_a_title_is_found_by_the_words_before_its_colon(small_catalog):
    """"Sunrise" of 1927 is "Sunrise: A Song of Two Humans": when no title has the name asked
    for (of that year), the titles named so before a colon are; a title that has the name wins."""
    assert small_catalog.resolve("Lawmen").title == "Lawmen: Bass Reeves"
    assert small_catalog.resolve("John Wick", 2017).title == "John Wick: Chapter 2"
    assert small_catalog.resolve("John Wick").title == "John Wick"
    assert small_catalog.find("Lawmen", 1990) == []


def test_search_with_a_year_puts_that_years_title_first(small_catalog):
    """"john wick 2017": the 2017 John Wick film first, not John Wick (2014) of the exact name."""
    from watchnext.search import search

    top = search(small_catalog, "john wick 2017", limit=2)
    assert top[0].title.label == "John Wick: Chapter 2 (2017)"
    assert search(small_catalog, "john wick 2014", limit=1)[0].title.label == "John Wick (2014)"


def test_lookup_ignores_case_accents_and_article(small_catalog):
    assert small_catalog.resolve("call").id == "nf-s1644"
    assert small_catalog.resolve("AMELIE").id == "nf-s400"
    assert small_catalog.resolve("콜").id == "nf-s1644"
    assert small_catalog.by_imdb("tt0114709").title == "Toy Story"


@pytest.mark.parametrize(
    "body, expected",
    [
        ('[[titles]]\nid = "x"\nyear = 2020\nkind = "film"\n', "missing field 'title'"),
        ('[[titles]]\nid = "x"\ntitle = "X"\nyear = "2020"\nkind = "film"\n',
         "field 'year' should be an integer"),
        ('[[titles]]\nid = "x"\ntitle = "X"\nyear = 2020\nkind = "movie"\n',
         "field 'kind' is 'movie'"),
        ('[[titles]]\nid = "x"\ntitle = "X"\nyear = 2020\nkind = "film"\ncast = "Solo"\n',
         "field 'cast' should be a list of strings"),
    ],
)
def test_bad_record_names_file_record_and_field(tmp_path, body, expected):
    f = write(tmp_path / "bad.toml", body)
    res = read_titles_file(f)
    assert res.records == []
    assert len(res.problems) == 1
    assert str(f) in res.problems[0] and "record 1" in res.problems[0]
    assert expected in res.problems[0]


def test_syntax_error_names_line_and_good_files_still_load(small_catalog_dir, tmp_path):
    user = tmp_path / "user"
    write(user / "a-good.toml", GOOD)
    write(user / "b-broken.toml", '[[titles]]\nid = "u-2"\ntitle = "Oops\nyear = 2020\n')
    cat = load_catalog(small_catalog_dir, user, use_cache=False)
    assert cat.get("u-1") is not None
    assert cat.get("wn-ballerina-2023") is not None
    [problem] = cat.problems
    assert "b-broken.toml" in problem and "line 3" in problem


def test_duplicate_id_reported_first_kept(small_catalog_dir, tmp_path):
    user = tmp_path / "user"
    write(user / "a.toml", GOOD)
    write(user / "b.toml", GOOD.replace("My Home Movie", "Another"))
    cat = load_catalog(small_catalog_dir, user, use_cache=False)
    assert cat.get("u-1").title == "My Home Movie"
    assert any("duplicate id 'u-1'" in p and "b.toml" in p for p in cat.problems)


def test_user_catalog_loads_on_top_and_can_replace_shipped(small_catalog_dir):
    user = paths.user_catalog_dir()
    write(user / "mine.toml", GOOD + '''
[[titles]]
id = "nf-s1644"
title = "The Call"
year = 2020
kind = "film"
synopsis = "My own words."
''')
    cat = load_catalog(small_catalog_dir)
    assert cat.get("u-1").title == "My Home Movie"
    assert cat.get("nf-s1644").synopsis == "My own words."
    assert len([t for t in cat.titles if t.id == "nf-s1644"]) == 1


def test_cache_is_used_and_rebuilt_when_a_file_changes(small_catalog_dir):
    first = load_catalog(small_catalog_dir)
    cache_files = list(paths.cache_dir().glob("catalog.sqlite"))
    assert len(cache_files) == 1  # compiled once into the cache
    assert first._store is not None  # and opened from there, not loaded
    again = load_catalog(small_catalog_dir)
    assert [t.id for t in again.titles] == [t.id for t in first.titles]
    assert again.fingerprint == first.fingerprint
    # editing a shipped file invalidates it
    f = small_catalog_dir / "titles" / "small.toml"
    text = f.read_text(encoding="utf-8").replace('title = "Oldboy"', 'title = "Old Boy"')
    f.write_text(text, encoding="utf-8")
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    changed = load_catalog(small_catalog_dir)
    assert changed.get("wn-oldboy-2003").title == "Old Boy"
    # a new user file invalidates it too
    write(paths.user_catalog_dir() / "mine.toml", GOOD)
    assert load_catalog(small_catalog_dir).get("u-1") is not None


def test_unreadable_cache_is_ignored(small_catalog_dir):
    load_catalog(small_catalog_dir)
    [cache] = list(paths.cache_dir().glob("catalog.sqlite"))
    cache.write_bytes(b"not a sqlite file at all")
    cat = load_catalog(small_catalog_dir)
    assert cat.get("wn-ballerina-2023") is not None


def test_validate_cli_lists_every_problem_and_exits_nonzero(tmp_path, capsys):
    folder = tmp_path / "mine"
    write(folder / "one.toml", GOOD + '\n[[titles]]\nid = "u-9"\ntitle = "No Year"\nkind = "film"\n')
    write(folder / "two.toml", '[[titles]]\nid = "u-1"\ntitle = "Dup"\nyear = 1999\nkind = "series"\n')
    write(folder / "three.toml", "titles = [ oops")
    assert main(["catalog", "validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "one.toml: record 2 (id 'u-9'): missing field 'year'" in out
    assert "duplicate id 'u-1'" in out
    assert "three.toml: TOML syntax error" in out


def test_validate_cli_good_folder_exits_zero(tmp_path, capsys):
    write(tmp_path / "ok" / "one.toml", GOOD)
    assert main(["catalog", "validate", str(tmp_path / "ok")]) == 0


def test_show_cli_text_and_json(use_small_catalog, capsys):
    assert main(["show", "Ballerina", "--year", "2023"]) == 0
    out = capsys.readouterr().out
    for fact in ("Lee Chung-hyun", "Jeon Jong-seo", "GRAY", "South Korea", "revenge", "Netflix"):
        assert fact in out
    assert main(["show", "Ballerina", "--year", "2023", "--json"]) == 0
    import json

    d = json.loads(capsys.readouterr().out)
    assert d["id"] == "wn-ballerina-2023" and d["directors"] == ["Lee Chung-hyun"]
    assert d["true_story"] is False and d["based_on"] == "original"


def test_show_unknown_and_ambiguous(use_small_catalog, capsys):
    assert main(["show", "Balerina"]) == 1
    err = capsys.readouterr().err
    assert "did you mean" in err and "Ballerina (2023" in err
    assert main(["show", "Ballerina"]) == 1
    err = capsys.readouterr().err
    assert "3 titles" in err and "2016" in err and "2025" in err


def test_markup_in_titles_is_literal_in_cli(use_small_catalog, capsys):
    assert main(["show", "[bold]x[/]"]) == 0
    assert "[bold]x[/]" in capsys.readouterr().out


def test_validate_checks_genres_and_themes_against_the_vocabularies(tmp_path, capsys, monkeypatch):
    import shutil

    root = Path(__file__).resolve().parent.parent / "catalog"
    shipped = tmp_path / "shipped"
    shutil.copytree(root / "vocab", shipped / "vocab")
    bad = ('[[titles]]\nid = "x-1"\ntitle = "Odd"\nyear = 2020\nkind = "film"\n'
           'genres = ["Dramas"]\nthemes = ["revange", "friendship"]\n')
    write(shipped / "titles" / "one.toml", bad)
    monkeypatch.setenv("WATCHNEXT_CATALOG", str(shipped))
    # in a shipped file an unknown genre or theme is a problem (exit 1), with the nearest value
    assert main(["catalog", "validate"]) == 1
    out = capsys.readouterr().out
    assert "genre 'Dramas' is not in the vocabulary (did you mean 'Drama'?)" in out
    assert "theme 'revange' is not in the vocabulary (did you mean 'revenge'?)" in out
    assert "friendship" not in out
    # in a user's own file it is a warning: the file still validates
    write(tmp_path / "mine" / "one.toml", bad.replace("x-1", "u-1"))
    assert main(["catalog", "validate", str(tmp_path / "mine")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("warning: ") and "did you mean 'Drama'?" in out
