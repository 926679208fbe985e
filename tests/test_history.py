"""Reading viewing histories (watchnext/watchlist/formats/: history.py and its readers):
Netflix, the Letterboxd full export (folder and zip) and Trakt's JSON, on realistic files in
tests/data/history/. Records only: matching and the watchlist are tests/test_history_import.py."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from watchnext.watchlist.formats.history import detect, read_history
from watchnext.watchlist.formats.dates import DAY_FIRST, MONTH_FIRST, decide_order, parse_local
from watchnext.watchlist.formats.netflix import split_title
from watchnext.watchlist import WatchlistError

HISTORY = Path(__file__).parent / "data" / "history"
LB_ZIP = HISTORY / "letterboxd-someone-2024-04-01-10-12-utc.zip"


def by_name(history):
    return {i.label: i for i in history.items}


# -- Netflix -----------------------------------------------------------------------------------


@pytest.mark.parametrize("title, want", [
    ("Stranger Things: Stranger Things 2: Chapter One: MADMAX", ("Stranger Things", 2, 1)),
    ("Stranger Things: Stranger Things 3: Chapter One: Suzie, Do You Copy?",
     ("Stranger Things", 3, 1)),
    ("Black Mirror: Season 3: Nosedive", ("Black Mirror", 3, None)),
    ("Narcos: Mexico: Season 1: Camelot", ("Narcos: Mexico", 1, None)),
    ("BoJack Horseman: Season 1: BoJack Horseman: The BoJack Horseman Story, Chapter One",
     ("BoJack Horseman", 1, None)),
    ("The Queen's Gambit: Limited Series: Openings", ("The Queen's Gambit", 1, None)),
    ("Money Heist: Part 2: Episode 3", ("Money Heist", 2, 3)),
])
def test_netflix_episode_titles(title, want):
    series, season, episode, _ = split_title(title)
    assert (series, season, episode) == want


@pytest.mark.parametrize("title", ["Black Mirror: Bandersnatch",
                                   "Glass Onion: A Knives Out Mystery", "The Irishman",
                                   "Mission: Impossible - Fallout"])
def test_netflix_film_titles_are_not_episodes(title):
    assert split_title(title) is None


def test_netflix_us_dates_roll_up_series():
    h = read_history(HISTORY / "NetflixViewingHistory.csv")
    assert (h.format, h.rows, h.notes) == ("netflix", 19, [])  # 1/24/21 settles month first
    items = by_name(h)
    st = items["Stranger Things"]
    assert (st.kind, st.status, st.progress, st.episodes) == ("series", "watching", "S3E1", 3)
    assert [w.date for w in st.watches] == ["2021-01-30", "2021-01-31", "2021-02-14"]
    assert items["Narcos: Mexico"].kind == "series"  # a colon in the series' name
    bm = items["Black Mirror"]
    assert (bm.episodes, bm.progress) == (2, "")  # the titles do not number the episodes
    assert items["Black Mirror: Bandersnatch"].kind == ""  # a film, Black Mirror the fallback
    assert items["Black Mirror: Bandersnatch"].alt_name == "Black Mirror"
    irishman = items["The Irishman"]
    assert [(w.date, w.rewatch) for w in irishman.watches] == [("2020-12-26", False),
                                                               ("2021-02-13", True)]
    assert items["Money Heist"].progress == "S1E2"
    assert items["Squid Game"].watches[0].date == "2021-01-09"  # 1/9/21 read month first
    assert "Is It Cake?" in items  # not in the catalog: still read (the import reports it)


def test_netflix_day_first_file():
    h = read_history(HISTORY / "NetflixViewingHistory_en-GB.csv")
    assert h.notes == []  # 24/01/2021 and 14/01/2021 settle day first
    items = by_name(h)
    assert items["Money Heist"].watches[0].date == "2021-02-03"  # 03/02/2021: 3 February
    assert items["Marriage Story"].watches[0].date == "2021-01-02"
    assert [w.date for w in items["The Crown"].watches] == ["2021-01-24", "2021-01-25"]


def test_netflix_ambiguous_dates_say_what_was_assumed(tmp_path):
    f = tmp_path / "NetflixViewingHistory.csv"
    f.write_text('Title,Date\n"Roma","03/02/2021"\n"Bird Box","05/01/2021"\n')
    h = read_history(f)
    assert h.items[0].watches[0].date == "2021-02-03"
    assert len(h.notes) == 1 and "03/02/2021" in h.notes[0] and "day first" in h.notes[0]
    h = read_history(f, date_order=MONTH_FIRST)
    assert h.items[0].watches[0].date == "2021-03-02"
    f.write_text('Title,Date\n"Roma","3/2/21"\n')
    assert "month first" in read_history(f).notes[0]


def test_netflix_bad_rows_never_crash(tmp_path):
    f = tmp_path / "NetflixViewingHistory.csv"
    f.write_text('Title,Date\n"Roma","yesterday"\n"","1/2/21"\n"Bird Box"\n')
    items = read_history(f).items
    assert items[0].watches[0].date == "" and "yesterday" in items[0].warnings[0]
    assert items[1].problem == "no title"
    assert items[2].name == "Bird Box"
    f.write_text("")
    with pytest.raises(WatchlistError, match="empty"):
        read_history(f, fmt="netflix")


def test_dates():
    assert decide_order(["1/24/21", "2/3/21"]) == (MONTH_FIRST, "")
    assert decide_order(["24.01.2021"]) == (DAY_FIRST, "")
    assert parse_local("24.01.21", DAY_FIRST) == "2021-01-24"
    assert parse_local("2021-01-24", DAY_FIRST) == "2021-01-24"
    assert parse_local("31/02/2021", DAY_FIRST) == ""


# -- Letterboxd export -------------------------------------------------------------------------


@pytest.mark.parametrize("where", [HISTORY / "letterboxd-export", LB_ZIP], ids=["folder", "zip"])
def test_letterboxd_export(where):
    assert detect(where) == "letterboxd-export"
    h = read_history(where)
    items = by_name(h)
    parasite = items["Parasite (2019)"]
    assert [(w.date, w.rating, w.rewatch) for w in parasite.watches] == [
        ("2023-01-07", 5.0, False), ("2024-01-13", 4.5, True)]
    assert parasite.rating == 4.5  # ratings.csv: the rating it has now
    assert parasite.tags == ("korea", "with mum", "Korean nights")  # diary tags, then the list
    assert parasite.note.startswith("Second time, with mum") and '"genuinely"' in parasite.note
    assert parasite.added == "2023-01-08"
    assert items["Aftersun (2022)"].note == "Everyone loves it; it left me cold."
    assert len(items["Aftersun (2022)"].watches) == 1  # the review is of the diary entry
    assert items["Zodiac (2007)"].watches[0].date == "2022-08-01"  # watched.csv, no diary
    assert items["Past Lives (2023)"].status == "want"
    assert items["The Handmaiden (2016)"].tags == ("Korean nights",)
    assert items["Spider-Man: Into the Spider-Verse (2018)"].rating == 3.5
    assert "The Shimmering Lighthouse of Ostrava (2020)" in items


def test_letterboxd_zip_that_is_not_one(tmp_path):
    bad = tmp_path / "letterboxd.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(WatchlistError, match="letterboxd.zip"):
        read_history(bad, fmt="letterboxd-export")
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("a.csv", "x,y\n")
    assert detect(other) is None
    with pytest.raises(WatchlistError, match="not a Letterboxd export"):
        read_history(other, fmt="letterboxd-export")


# -- Trakt -------------------------------------------------------------------------------------


def test_trakt_folder():
    h = read_history(HISTORY / "trakt")
    assert (h.format, h.rows) == ("trakt", 12)
    items = by_name(h)
    irishman = items["The Irishman (2019)"]
    assert irishman.imdb == "tt1302006" and irishman.rating == 3.5  # 7/10
    assert [(w.date, w.rewatch) for w in irishman.watches] == [("2023-12-24", False),
                                                               ("2024-03-02", True)]
    st = items["Stranger Things (2016)"]
    assert (st.kind, st.status, st.progress, st.rating) == ("series", "watching", "S1E2", 4.0)
    assert items["Marriage Story (2019)"].status == "want"
    assert items["Marriage Story (2019)"].note == "Sam says it is the one"
    assert items["Dark (2017)"].kind == "series"


def test_trakt_combined_file_and_bad_items(tmp_path):
    f = tmp_path / "trakt.json"
    f.write_text(json.dumps({"history": [
        {"watched_at": "2024-01-01T10:00:00Z", "type": "movie",
         "movie": {"title": "Roma", "year": 2018, "ids": {"imdb": "tt6155172"}}},
        {"watched_at": "2024-01-01T10:00:00Z", "type": "movie", "movie": {}},
        "nonsense"],
        "ratings": [{"rated_at": "2024-01-02T00:00:00Z", "rating": 11, "type": "movie",
                     "movie": {"title": "Roma", "year": 2018, "ids": {"imdb": "tt6155172"}}},
                    {"rated_at": "2024-01-02T00:00:00Z", "rating": 6, "type": "episode",
                     "show": {"title": "Dark", "year": 2017}, "episode": {"season": 1}}]}))
    h = read_history(f)
    roma = h.items[0]
    assert roma.rating is None and "11" in roma.warnings[0]
    assert [i.problem for i in h.items[1:3]] == ["no movie or show title in it",
                                                 "expected an object, got str"]
    assert "1 episode or season ratings left out" in h.notes[0]
    f.write_text("[{\"watched_at\": ")
    with pytest.raises(WatchlistError, match="trakt.json: line 1"):
        read_history(f, fmt="trakt")


def test_not_a_history(tmp_path):
    assert detect(HISTORY / "imdb-watchlist.csv") is None
    with pytest.raises(WatchlistError, match="not a Netflix"):
        read_history(HISTORY / "imdb-watchlist.csv")
    with pytest.raises(WatchlistError, match="no such file"):
        read_history(tmp_path / "missing.csv", fmt="netflix")


def test_hostile_history_files(tmp_path, monkeypatch):
    import os

    from watchnext.watchlist.formats import letterboxd_export

    binary = tmp_path / "NetflixViewingHistory.csv"
    binary.write_bytes(b"Title,Date\n\x00\x01\x02")
    with pytest.raises(WatchlistError, match="binary file"):
        read_history(binary, fmt="netflix")
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    with pytest.raises(WatchlistError, match="FIFO"):
        read_history(fifo, fmt="netflix")  # refused, never waited on
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("watched.csv", "Date,Name,Year,Letterboxd URI\n" + "x" * 5000)
        zf.writestr("diary.csv", "Date,Name,Year,Letterboxd URI\n")
    monkeypatch.setattr(letterboxd_export, "MAX_MEMBER", 1000)
    with pytest.raises(WatchlistError, match="bytes once unpacked"):
        read_history(big)
    deep = tmp_path / "trakt.json"
    deep.write_text("[" * 100000 + "]" * 100000)
    with pytest.raises(WatchlistError, match="trakt.json"):
        read_history(deep, fmt="trakt")


def test_netflix_two_part_titles_are_films_first(tmp_path):
    f = tmp_path / "NetflixViewingHistory.csv"
    f.write_text('Title,Date\n"Mission: Impossible - Fallout","1/2/21"\n'
                 '"Mission: Impossible - Dead Reckoning","1/3/21"\n'
                 '"Our Planet: One Planet","1/4/21"\n"Our Planet: Jungles","1/5/21"\n')
    items = by_name(read_history(f))
    assert items["Mission: Impossible - Fallout"].kind == ""  # not a series called Mission
    assert items["Our Planet: Jungles"].alt_name == "Our Planet"  # the series, if no such film


def test_netflix_told_by_its_name_too(tmp_path):
    f = tmp_path / "NetflixViewingHistory (1).csv"
    f.write_text('Titel,Datum\n"Roma","24.01.21"\n')  # a header in German
    assert detect(f) == "netflix"
    assert read_history(f).items[0].watches[0].date == "2021-01-24"
    other = tmp_path / "films.csv"
    other.write_text('Titel,Datum\n"Roma","24.01.21"\n')
    assert detect(other) is None


def test_trakt_watched_summary_counts_its_plays(tmp_path):
    f = tmp_path / "watched-movies.json"
    f.write_text(json.dumps([{"plays": 3, "last_watched_at": "2024-02-01T20:00:00.000Z",
                              "last_updated_at": "2024-02-01T20:00:00.000Z",
                              "movie": {"title": "Roma", "year": 2018,
                                        "ids": {"imdb": "tt6155172"}}}]))
    (roma,) = read_history(f).items
    assert [(w.date, w.rewatch) for w in roma.watches] == [("", False), ("", True),
                                                           ("2024-02-01", True)]
