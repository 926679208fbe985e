"""Importing histories into the watchlist (issue 14): the realistic files of tests/data/history/
matched against the shipped catalog's titles of those names, the report a person reads, the
diary each entry keeps, and the diary's round trip through export and import (Letterboxd, our
JSON and CSV)."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchnext.catalog import Catalog, title_keys
from watchnext.cli import main
from watchnext.text import fold_title
from watchnext.watchlist import Entry, Watchlist, WatchlistError
from watchnext.watchlist.diary import Watch
from watchnext.watchlist.formats import export_text, read_import
from watchnext.watchlist.importer import run_import

HISTORY = Path(__file__).parent / "data" / "history"
LB_ZIP = HISTORY / "letterboxd-someone-2024-04-01-10-12-utc.zip"

# every name the files use (and the series a Netflix episode belongs to)
NAMES = ["Stranger Things", "The Irishman", "Glass Onion: A Knives Out Mystery", "Is It Cake?",
         "Narcos: Mexico", "Black Mirror: Bandersnatch", "Black Mirror", "BoJack Horseman",
         "Dark", "Squid Game", "Bird Box", "The Queen's Gambit", "Money Heist", "Roma",
         "The Crown", "Marriage Story", "Parasite", "Burning", "Oldboy", "Mad Max: Fury Road",
         "Aftersun", "Spider-Man: Into the Spider-Verse", "Heat", "The Thing", "Zodiac",
         "Decision to Leave", "Past Lives", "The Worst Person in the World", "The Handmaiden",
         "Memories of Murder", "Don't Look Up", "Se7en", "Our Planet",
         "Mission: Impossible - Fallout"]


@pytest.fixture(scope="module")
def cat():
    """The shipped catalog's titles of those names (all of them: the Dark film beside the
    series, both Parasites...), so matching meets the real ambiguities, fast."""
    import watchnext

    shipped = watchnext.load_catalog(include_user=False)
    keys = {fold_title(n) for n in NAMES}
    titles = [t for t in shipped.titles if keys & set(title_keys(t))]
    return Catalog(titles=titles)


@pytest.fixture
def wl(tmp_path):
    return Watchlist.open(tmp_path / "watchlist.toml")


def imported(wl, cat, path, **kw):
    report = run_import(wl, cat, read_import(path, **{k: v for k, v in kw.items()
                                                      if k in ("fmt", "date_order")}),
                        dry_run=kw.get("dry_run", False))
    return report, {e.id: e for e in wl.entries()}


def test_netflix_us(wl, cat):
    report, got = imported(wl, cat, HISTORY / "NetflixViewingHistory.csv")
    assert report.summary().startswith(
        "19 rows (Netflix viewing history: 13 titles), 12 matched, 0 ambiguous, 1 not found")
    lines = report.text_lines()
    assert "not in the catalog: Is It Cake?" in lines
    st = got["nf-s3686"]  # Stranger Things
    assert (st.status, st.progress) == ("watching", "S3E1")
    assert [(w.date, w.episode) for w in st.diary] == [
        ("2021-01-30", "S2E1"), ("2021-01-31", "S2E2"), ("2021-02-14", "S3E1")]
    assert got["nf-s2328"].title == "Dark"  # the series, not the 2018 film called Dark
    assert "am-s6094" not in got
    assert "nf-s4254" in got and "nf-s3775" in got  # Bandersnatch (a film) and Black Mirror
    assert got["nf-s110"].progress == "S1E2"  # Money Heist is La casa de papel here
    irishman = got["nf-s3228"]
    assert irishman.status == "watched" and irishman.watched == "2021-02-13"
    assert [(w.date, w.rewatch) for w in irishman.diary] == [("2020-12-26", False),
                                                             ("2021-02-13", True)]
    assert got["nf-s2922"].title == "Narcos: Mexico"


def test_netflix_series_seen_to_the_end_stays_watching_until_the_person_says(wl, cat):
    """Every episode of The Queen's Gambit (a limited series) is in the history, but nothing
    says which one is the last: it is imported as watching; marked watched by the person, a
    second import of the same history leaves it watched."""
    _, got = imported(wl, cat, HISTORY / "NetflixViewingHistory.csv")
    qg = next(e for e in got.values() if e.title == "The Queen's Gambit")
    assert qg.status == "watching"
    assert [w.date for w in qg.diary] == ["2020-12-20", "2020-12-21"]  # each episode a watch
    wl.update(qg.id, status="watched")
    imported(wl, cat, HISTORY / "NetflixViewingHistory.csv")
    assert wl.get(qg.id).status == "watched"


def test_netflix_dry_run_writes_nothing(wl, cat):
    report, got = imported(wl, cat, HISTORY / "NetflixViewingHistory.csv", dry_run=True)
    assert got == {} and not wl.path.exists()
    assert report.summary().endswith("Dry run: nothing was changed")


def test_netflix_day_first_then_again(wl, cat):
    imported(wl, cat, HISTORY / "NetflixViewingHistory.csv")
    report, got = imported(wl, cat, HISTORY / "NetflixViewingHistory_en-GB.csv")
    bm = got["nf-s3775"]  # Black Mirror: Nosedive on 24/01 (US file) and 05/01 (UK file)
    assert [w.date for w in bm.diary] == ["2021-01-05", "2021-01-24", "2021-01-25"]
    assert got["nf-s4307"].watched == "2021-01-14"  # Roma, 14/01/2021
    before = wl.path.read_bytes()
    report, _ = imported(wl, cat, HISTORY / "NetflixViewingHistory_en-GB.csv")
    assert wl.path.read_bytes() == before  # nothing twice
    assert "already there" in report.summary() and "added 0, updated 0" in report.summary()


@pytest.mark.parametrize("where", [HISTORY / "letterboxd-export", LB_ZIP], ids=["folder", "zip"])
def test_letterboxd_full_export(wl, cat, where):
    report, got = imported(wl, cat, where)
    assert report.summary().startswith("35 rows (Letterboxd export: 15 titles), 14 matched")
    assert "not in the catalog: The Shimmering Lighthouse of Ostrava (2020)" in \
        report.text_lines()
    parasite = got["wn-parasite-2019"]
    assert [(w.date, w.rating, w.rewatch) for w in parasite.diary] == [
        ("2023-01-07", 5.0, False), ("2024-01-13", 4.5, True)]
    assert (parasite.rating, parasite.watched) == (4.5, "2024-01-13")
    assert "Korean nights" in parasite.tags and parasite.note.startswith("Second time")
    assert got["wn-past-lives-2023"].status == "want"
    assert got["wd-Q20444585"].tags == ("Korean nights",)  # The Handmaiden, from the list
    assert got["wn-aftersun-2022" if "wn-aftersun-2022" in got else "wp-aftersun"].rating == 2


def test_trakt(wl, cat):
    report, got = imported(wl, cat, HISTORY / "trakt")
    assert report.summary().startswith("12 rows (Trakt export: 7 titles), 6 matched")
    irishman = got["nf-s3228"]
    assert irishman.rating == 3.5 and [w.rewatch for w in irishman.diary] == [False, True]
    st = got["nf-s3686"]
    assert (st.status, st.progress, st.rating) == ("watching", "S1E2", 4.0)
    assert got["nf-s2328"].status == "want"  # Dark, on the watchlist
    assert got["nf-s3170"].note == "Sam says it is the one"


def test_imdb_watchlist_list_export(wl, cat):
    report, got = imported(wl, cat, HISTORY / "imdb-watchlist.csv")
    assert report.summary().startswith("5 rows (IMDb list), 4 matched, 0 ambiguous, 1 not found")
    assert got["wn-parasite-2019"].status == "want"
    seven = next(e for e in got.values() if e.imdb == "tt0114369")
    assert (seven.status, seven.rating) == ("watched", 4.5)  # rated 9 on IMDb
    assert got["nf-s2328"].status == "want"  # Dark: the series (Title Type)


def test_format_option_and_bad_files(cat, tmp_path):
    f = tmp_path / "history.csv"
    f.write_text('Title,Date\n"Roma","03/02/2021"\n')
    got = read_import(f)  # told by its header
    assert got.format == "netflix" and "03/02/2021" in got.notes[0]
    assert read_import(f, date_order="month first").rows[0].watched == "2021-03-02"
    with pytest.raises(WatchlistError, match="not a Letterboxd or Trakt export"):
        read_import(tmp_path)
    with pytest.raises(WatchlistError, match="should be one of"):
        read_import(f, fmt="myspace")


def diary_list(wl, cat):
    with wl.transaction() as draft:
        for tid, diary, rating in [
            ("wn-parasite-2019", (Watch("2023-01-07", 5.0), Watch("2024-01-13", 4.5, True)), 4.5),
            ("nf-s3228", (Watch("2020-12-26"), Watch("2021-02-13", None, True)), 3.5),
            ("wd-Q42198", (), None),
        ]:
            t = cat.get(tid)
            draft.put(Entry(id=t.id, title=t.title, year=t.year, status="watched", imdb=t.imdb,
                            added="2020-01-01", rating=rating, diary=diary,
                            watched="" if diary else "2024-03-09"))
        t = cat.get("nf-s3686")
        draft.put(Entry(id=t.id, title=t.title, year=t.year, status="watching", added="2020-01-01",
                        progress="S1E2", diary=(Watch("2021-01-30", episode="S1E1"),
                                                Watch("2021-01-31", episode="S1E2"))))
    return {e.id: e for e in wl.entries()}


@pytest.mark.parametrize("fmt", ["letterboxd", "json", "csv"])
def test_the_diary_round_trips(tmp_path, wl, cat, fmt):
    original = diary_list(wl, cat)
    text, _ = export_text(list(original.values()), cat, fmt)
    out = tmp_path / f"export.{'json' if fmt == 'json' else 'csv'}"
    out.write_text(text)
    other = Watchlist.open(tmp_path / "other.toml")
    run_import(other, cat, read_import(out))
    got = {e.id: e for e in other.entries()}
    for tid in ("wn-parasite-2019", "nf-s3228"):
        assert [(w.date, w.rewatch) for w in got[tid].diary] == \
            [(w.date, w.rewatch) for w in original[tid].diary]
        assert got[tid].rating == original[tid].rating
    assert got["wn-parasite-2019"].diary[0].rating == 5.0  # the rating given then
    assert got["wd-Q42198"].watched == "2024-03-09" and got["wd-Q42198"].diary == ()
    if fmt == "letterboxd":
        assert "nf-s3686" not in got  # Letterboxd has no series
    else:
        assert got == original  # our own formats: exactly the same list
    before = other.path.read_bytes()
    run_import(other, cat, read_import(out))
    assert other.path.read_bytes() == before


def test_old_files_and_hand_written_diaries_load(tmp_path):
    f = tmp_path / "watchlist.toml"
    f.write_text('version = 1\n\n[[entries]]\nid = "a"\ntitle = "A"\nyear = 2000\n'
                 'status = "watched"\nwatched = "2024-02-10"\n\n'
                 '[[entries]]\nid = "b"\ntitle = "B"\nyear = 2001\nstatus = "watched"\n'
                 'watched = ["2023-01-01", 2024-05-06, {date = "2024-06-01", rewatch = true}]\n')
    wl = Watchlist.open(f)
    a, b = wl.entries()
    assert (a.watched, a.diary) == ("2024-02-10", ())
    assert [w.date for w in b.diary] == ["2023-01-01", "2024-05-06", "2024-06-01"]
    assert b.watched == "2024-06-01" and b.diary[-1].rewatch
    f.write_text('version = 1\n\n[[entries]]\nid = "b"\ntitle = "B"\nyear = 2001\n'
                 'watched = [{date = "2024-06-01", rating = 7}]\n')
    wl = Watchlist.open(f)
    assert wl.read_only and "line 7" in wl.problem and "watched item 1: rating 7" in wl.problem


def test_log_command(use_small_catalog, capsys):
    from watchnext import paths

    assert main(["watchlist", "log", "Oldboy", "--date", "2023-05-01", "--rating", "4"]) == 0
    assert "first watch, rated 4" in capsys.readouterr().out
    assert main(["watchlist", "log", "Oldboy", "--date", "2024-05-01", "--rating", "4.5"]) == 0
    assert "a rewatch, rated 4.5" in capsys.readouterr().out
    assert main(["watchlist", "log", "Oldboy", "--date", "2024-05-01"]) == 0
    assert "already in the diary" in capsys.readouterr().out
    e = Watchlist.open(paths.watchlist_file()).get("wn-oldboy-2003")
    assert (e.status, e.rating, e.watched) == ("watched", 4.5, "2024-05-01")
    assert [(w.date, w.rating, w.rewatch) for w in e.diary] == [("2023-05-01", 4.0, False),
                                                               ("2024-05-01", 4.5, True)]
    text = paths.watchlist_file().read_text()
    assert '{date = "2024-05-01", rating = 4.5, rewatch = true},' in text
    assert main(["watchlist", "log", "Squid Game", "--episode", "S1E3", "--date",
                 "2024-06-01"]) == 0
    e = Watchlist.open(paths.watchlist_file()).get("nf-s100")
    assert (e.status, e.progress) == ("watching", "S1E3")
    assert e.diary == (Watch("2024-06-01", episode="S1E3"),)
    capsys.readouterr()
    assert main(["watchlist", "log", "Oldboy", "--date", "31/05/2024"]) == 1
    assert "not a date like 2024-05-31" in capsys.readouterr().err
    assert main(["watchlist", "log", "Oldboy", "--episode", "S1E1"]) == 1
    assert "is a film" in capsys.readouterr().err
    assert main(["watchlist", "log", "Oldboy", "--rating", "9"]) == 1


def test_a_date_alone_is_no_second_watch(wl, cat, tmp_path):
    t = cat.get("nf-s4307")  # Roma
    wl.add(t, status="watched", watched="2021-01-14", added="2021-01-01")
    ratings = tmp_path / "ratings.csv"  # IMDb: Date Rated is when it was rated, not a watch
    ratings.write_text("Const,Your Rating,Date Rated,Title,Year,Title Type\n"
                       "tt6155172,9,2023-05-01,Roma,2018,Movie\n")
    report = run_import(wl, cat, read_import(ratings))
    roma = wl.get("nf-s4307")
    assert (roma.watched, roma.diary) == ("2021-01-14", ())
    assert "kept your watched 2021-01-14; the file says 2023-05-01" in report.text_lines()[0]
    run_import(wl, cat, read_import(HISTORY / "trakt"))  # Trakt: a watch on 2024-04-20
    assert [w.date for w in wl.get("nf-s4307").watches] == ["2021-01-14", "2024-04-20"]


def test_import_command_says_what_date_order_it_assumed(use_small_catalog, tmp_path, capsys):
    f = tmp_path / "NetflixViewingHistory.csv"
    f.write_text('Title,Date\n"Parasite","03/02/2021"\n')
    assert main(["watchlist", "import", str(f), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("note: no date says whether the day or the month comes first")
    assert "1 rows (Netflix viewing history)" in out
    assert main(["watchlist", "import", str(f), "--date-order", "month"]) == 0
    out = capsys.readouterr().out
    assert "note:" not in out
    from watchnext import paths

    assert Watchlist.open(paths.watchlist_file()).get("wn-parasite-2019").watched == "2021-03-02"


def test_a_two_part_title_is_a_film_else_its_series(wl, cat, tmp_path):
    f = tmp_path / "NetflixViewingHistory.csv"
    f.write_text('Title,Date\n"Our Planet: Jungles","1/5/21"\n"Our Planet: One Planet","1/4/21"\n'
                 '"Black Mirror: Bandersnatch","1/6/21"\n')
    report, got = imported(wl, cat, f)
    assert [w.date for w in got["nf-s3939"].watches] == ["2021-01-04", "2021-01-05"]
    assert "(as the series Our Planet)" in report.text_lines()[1]
    assert "nf-s4254" in got and "nf-s3775" not in got  # Bandersnatch is a film of its own
