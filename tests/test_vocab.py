"""The shipped vocabularies (catalog/vocab/*.toml) and the code that applies them."""

from __future__ import annotations

import re
import time
import tomllib
from pathlib import Path

import pytest
from rawdata import shared_data_dir

from watchnext.build.vocab import Vocab, based_on_for_text

VOCAB_DIR = Path(__file__).resolve().parent.parent / "catalog" / "vocab"
NETFLIX_CSV = shared_data_dir() / "netflix_titles.csv"

REQUIRED_GENRES = {
    "Action", "Adventure", "Animation", "Anime", "Biography", "Comedy", "Crime", "Documentary",
    "Drama", "Family", "Fantasy", "History", "Horror", "Kids", "Music", "Musical", "Mystery",
    "Reality", "Romance", "Science Fiction", "Sport", "Stand-Up Comedy", "Thriller", "War",
    "Western", "Teen", "Talk Show",
}
CURATED_THEMES = [
    "revenge", "friendship", "grief", "human trafficking", "drug trafficking", "serial killer",
    "heist", "coming of age", "time travel", "assassin", "organized crime", "corruption",
    "class inequality", "family", "survival", "monsters", "zombies", "post-apocalyptic",
    "dystopia", "police", "detective", "murder", "kidnapping", "prison", "war", "politics",
    "religion", "cult", "supernatural", "ghosts", "demons", "bullying", "school", "martial arts",
    "gangsters", "betrayal", "identity", "obsession", "loneliness", "marriage", "romance",
    "bodyguard", "sexual violence",
]


@pytest.fixture(scope="module")
def vocab() -> Vocab:
    return Vocab.load(VOCAB_DIR)


@pytest.fixture(scope="module")
def raw() -> dict[str, dict]:
    return {name: tomllib.loads((VOCAB_DIR / f"{name}.toml").read_text(encoding="utf-8"))
            for name in ("genres", "themes", "people")}


# ---------------------------------------------------------------- loading

def test_vocab_loads(vocab):
    assert REQUIRED_GENRES <= set(vocab.genre_names)
    assert len(vocab.genre_names) <= len(REQUIRED_GENRES) + 3
    assert 250 <= len(vocab.theme_names) <= 400
    assert len(set(vocab.people_aliases.values())) >= 60
    for theme in CURATED_THEMES:
        assert theme in vocab.theme_names, theme


def test_every_pattern_compiles(raw):
    for section, key in (("themes", "themes"), ("genres", "genres")):
        for row in raw[section][key]:
            for pattern in row.get("patterns", []):
                # a regex written in a "basic" TOML string would have turned \b into a backspace
                assert not re.search(r"[\x00-\x1f]", pattern), (row["name"], pattern)
                re.compile(pattern, re.IGNORECASE)


def test_patterns_are_indexed(vocab):
    """Every theme pattern starts at a word with a literal, so the fast matcher can index it."""
    assert vocab.unindexed == []


def test_no_theme_name_duplicated(raw):
    names = [row["name"] for row in raw["themes"]["themes"]]
    assert len(names) == len(set(names))
    assert all(n == n.lower().strip() and n for n in names)


def test_no_alias_of_two_themes(raw):
    owner: dict[str, str] = {}
    for row in raw["themes"]["themes"]:
        for word in [row["name"], *row.get("aliases", [])]:
            key = word.casefold()
            assert owner.setdefault(key, row["name"]) == row["name"], (
                f"{word!r} belongs to both {owner[key]!r} and {row['name']!r}")


def test_no_alias_of_two_people(raw):
    owner: dict[str, str] = {}
    for row in raw["people"]["people"]:
        for word in [row["name"], *row.get("aliases", [])]:
            assert owner.setdefault(word, row["name"]) == row["name"], word


def test_genre_names_in_genres_toml_only(raw):
    names = [row["name"] for row in raw["genres"]["genres"]]
    assert len(names) == len(set(names))
    for label, choices in raw["genres"].get("netflix_choose", {}).items():
        assert set(choices) <= set(names), label


# ---------------------------------------------------------------- themes

def test_a_description_that_says_black_and_white_themes_it_so(vocab):
    assert "black-and-white" in vocab.themes_for_text("A noir thriller shot in stunning black-and-white.")
    assert "black-and-white" in vocab.themes_for_text("It is a 1947 American black-and-white film noir.")
    # a story about black and white people, or in writing, is not the film stock
    assert "black-and-white" not in vocab.themes_for_text("A story of black and white families in 1960s Alabama.")
    assert "black-and-white" not in vocab.themes_for_text("He wants the deal in black and white.")


def test_revenge_and_war(vocab):
    assert "revenge" in vocab.themes_for_text("A young woman seeks vengeance for her friend.")
    assert "war" not in vocab.themes_for_text("An award-winning chef opens a restaurant.")
    assert "war" in vocab.themes_for_text("A medic is sent to the front lines of the war.")


@pytest.mark.parametrize("text, theme", [
    ("Two brothers plan a daring bank heist.", "heist"),
    ("A detective hunts a serial killer who leaves riddles.", "serial killer"),
    ("A coming-of-age story about three teens in Lagos.", "coming of age"),
    ("A physicist travels back in time to save his wife.", "time travel"),
    ("A mother fights a ring of human traffickers.", "human trafficking"),
    ("A drug lord rises in Medellín.", "drug trafficking"),
    ("After the outbreak, survivors battle zombies.", "zombies"),
    ("A teen is bullied by classmates at her new school.", "bullying"),
    ("A retired bodyguard must protect a pop star.", "bodyguard"),
    ("A grieving widow tries to move on.", "grief"),
])
def test_themes_fire(vocab, text, theme):
    assert theme in vocab.themes_for_text(text)


@pytest.mark.parametrize("text, theme", [
    ("A ghostwriter finishes a politician's memoir.", "ghosts"),
    ("Faith Hill sings her hits in Nashville.", "faith"),
    ("Grace and Frankie start a business.", "religion"),
    ("They fall in love and find true love.", "true story"),
    ("The cult classic returns.", "cult"),
    ("His drug trafficking empire grows.", "human trafficking"),
])
def test_themes_do_not_fire(vocab, text, theme):
    assert theme not in vocab.themes_for_text(text)


def test_themes_ordered_and_unique(vocab):
    text = "A widow seeks revenge on the mafia boss who murdered her husband and kidnapped her son."
    got = vocab.themes_for_text(text)
    assert len(got) == len(set(got))
    assert got == sorted(got, key=vocab.theme_names.index)
    assert {"revenge", "grief", "murder", "kidnapping", "mafia"} <= set(got)
    assert vocab.themes_for_text("") == []


def test_index_agrees_with_plain_search(vocab):
    """The indexed matcher finds exactly what searching every pattern would find."""
    texts = [
        "Dramas. A teen K-pop idol and his best friend's sister fall for each other at a séance.",
        "In 1940s Paris, a Nazi officer and a forger play cat-and-mouse over a stolen painting.",
        "A.I. tech: the sentient robot and an ex-con team up on a road trip to Mars.",
        "Comedian Ali Wong riffs on marriage, motherhood and dating apps in this stand-up special.",
        "Día de los Muertos: the T. rex escapes and a São Paulo cop goes undercover.",
    ]
    for text in texts:
        plain = [n for n, pats in zip(vocab.theme_names, vocab._theme_pats)
                 if any(p.search(text) for p in pats)]
        assert vocab.themes_for_text(text) == plain, text


@pytest.mark.skipif(not NETFLIX_CSV.exists(), reason="raw Netflix data not available")
def test_netflix_descriptions_fast_and_covered(vocab):
    import csv

    with open(NETFLIX_CSV, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    texts = [f"{r['title'].strip()}. {r['description']}" for r in rows]
    vocab.themes_for_text(texts[0])
    start = time.process_time()
    found = [vocab.themes_for_text(t) for t in texts]
    assert time.process_time() - start < 3.0  # about half a second on a laptop
    two = 0
    for row, themes in zip(rows, found):
        listed = [x.strip() for x in row["listed_in"].split(",")]
        _, extra = vocab.netflix_genres(listed, "film")
        two += len(set(themes) | set(extra)) >= 2
    assert two / len(rows) >= 0.90


# ---------------------------------------------------------------- genres

def test_drama_mappings(vocab):
    assert vocab.netflix_genres(["Dramas"], "film")[0] == ["Drama"]
    assert vocab.netflix_genres(["TV Dramas"], "series")[0] == ["Drama"]
    assert vocab.wikidata_category("Drama Film")[0] == ["Drama"]
    assert vocab.wikidata_category("drama film")[0] == ["Drama"]


@pytest.mark.parametrize("label", [
    "International Movies", "International TV Shows", "Movies", "TV Shows", "Independent Movies",
    "Classic Movies", "British TV Shows", "Korean TV Shows", "Spanish-Language TV Shows",
])
def test_not_genres(vocab, label):
    assert vocab.netflix_genres([label], "film")[0] == []


def test_netflix_values(vocab):
    genres, themes = vocab.netflix_genres(
        ["Action & Adventure", "International Movies", "LGBTQ Movies"], "film")
    assert genres == ["Action", "Adventure"]
    assert themes == ["lgbtq"]
    assert vocab.netflix_genres(["Independent Movies"], "film")[1] == ["indie"]
    assert "true crime" in vocab.netflix_genres(["Crime TV Shows", "Docuseries"], "series")[1]
    assert "true crime" not in vocab.netflix_genres(["Crime TV Shows"], "series")[1]


def test_netflix_choose_and_fallback(vocab):
    talk = "Host David Letterman sits down with global figures for in-depth conversations."
    standup = "Comedian Ali Wong takes the stage for her second stand-up special."
    label = ["Stand-Up Comedy & Talk Shows"]
    assert vocab.netflix_genres(label, "series", text=talk)[0] == ["Talk Show"]
    assert vocab.netflix_genres(label, "series", text=standup)[0] == ["Stand-Up Comedy"]
    assert set(vocab.netflix_genres(label, "series")[0]) == {"Stand-Up Comedy", "Talk Show"}
    # listed_in gives no genre: the description decides
    doc = "This documentary follows a crew of scientists to Antarctica."
    assert vocab.netflix_genres(["Movies"], "film", text=doc)[0] == ["Documentary"]
    assert vocab.netflix_genres(["Movies"], "film")[0] == []


def test_wikidata_categories(vocab):
    assert vocab.wikidata_category("Heist Film") == (["Crime"], ["heist"])
    genres, themes = vocab.wikidata_category("Vampire Film")
    assert genres == ["Horror"] and "vampires" in themes
    assert "coming of age" in vocab.wikidata_category("Coming-Of-Age Story")[1]
    assert vocab.wikidata_category("Biographical Film")[0] == ["Biography"]
    assert vocab.wikidata_category("Docudrama")[0] == ["Drama"]
    assert "world war ii" in vocab.wikidata_category("World War Ii")[1]
    assert vocab.wikidata_category("") == ([], [])
    assert vocab.wikidata_category("No Such Category") == ([], [])


# ---------------------------------------------------------------- people

def test_people_aliases(vocab):
    assert vocab.canonical_person("Jun Jong-seo") == "Jeon Jong-seo"
    assert vocab.canonical_person("전종서") == "Jeon Jong-seo"
    assert vocab.canonical_person("Bong Joon Ho") == "Bong Joon-ho"
    assert vocab.canonical_person("Gianna Jun") == "Jun Ji-hyun"
    assert vocab.canonical_person("Doona Bae") == "Bae Doona"
    assert vocab.canonical_person("Beat Takeshi") == "Takeshi Kitano"
    # folded forms (case, hyphens, accents) of a known name
    assert vocab.canonical_person("park hae soo") == "Park Hae-soo"
    assert vocab.canonical_person("Kentaro Itō") == "Kentaro Ito"
    assert vocab.canonical_person("Someone Unknown") == "Someone Unknown"
    assert vocab.people_aliases["Jun Jong-seo"] == "Jeon Jong-seo"


# ---------------------------------------------------------------- based_on

@pytest.mark.parametrize("text, expected", [
    ("They fall for each other and find true love.", None),
    ("A true love story set in Paris.", None),
    ("Based on a true story, a nurse uncovers a hospital scandal.", "true story"),
    ("Inspired by real events, this drama follows a rescue.", "true story"),
    ("This biopic traces the life of a singer.", "true story"),
    ("Based on the life of Ip Man, the martial arts master.", "true story"),
    ("Based on the bestselling novel by Elena Ferrante.", "novel"),
    ("An adaptation of the classic novel by Richard Adams.", "novel"),
    ("Based on the popular comic book, a hero rises.", "comic"),
    ("In this adaptation of a popular webtoon, a student fights back.", "webtoon"),
    ("Based on the hit manga series.", "manga"),
    ("A manga artist goes on a journey.", None),
    ("A comedy about a comic book store owner.", None),
])
def test_based_on(text, expected):
    assert based_on_for_text(text) == expected
