"""Import and export: Letterboxd, IMDb, our JSON/CSV. Real-looking export files, matched the way a
person would expect; round trips give back the same list."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from watchnext import paths
from watchnext.catalog import Catalog
from watchnext.watchlist.formats import Row, detect, export_text, read_import
from watchnext.watchlist.importer import run_import
from watchnext.watchlist.match import Matcher
from watchnext.model import Title
from watchnext.watchlist import Entry, Watchlist, WatchlistError


def make_catalog() -> Catalog:
    T = Title
    return Catalog(titles=[
        T(id="wn-parasite-2019", title="Parasite", original_title="기생충", year=2019,
          kind="film", imdb="tt6751668", runtime=132, genres=("Thriller", "Drama")),
        T(id="nf-s1", title="The Call", original_title="콜", year=2020, kind="film",
          imdb="tt10530176", runtime=112, genres=("Thriller",)),
        T(id="nf-s2", title="Squid Game", year=2021, kind="series", seasons=2,
          imdb="tt10919420"),
        T(id="wn-amelie-2001", title="Amélie", original_title="Le Fabuleux Destin d'Amélie Poulain",
          year=2001, kind="film", imdb="tt0211915"),
        T(id="wn-host-2006", title="The Host", original_title="괴물", year=2006, kind="film",
          imdb="tt0468492"),
        T(id="wn-host-2013", title="The Host", year=2013, kind="film", imdb="tt1517260"),
        T(id="wn-alone-a", title="Alone", year=2020, kind="film", directors=("John Hyams",)),
        T(id="wn-alone-b", title="Alone", year=2020, kind="film", directors=("Johnny Martin",)),
        T(id="wn-spiderverse", title="Spider-Man: Into the Spider-Verse", year=2018,
          kind="film", imdb="tt4633694"),
        T(id="wn-saw3", title="Saw III", year=2006, kind="film"),
        T(id="wn-crouching", title="Crouching Tiger, Hidden Dragon", year=2000, kind="film"),
        T(id="wn-handmaiden", title="The Handmaiden", original_title="아가씨", year=2016,
          kind="film"),
        T(id="wn-oldboy", title="Oldboy", year=2003, kind="film", imdb="tt0364569"),
        T(id="wn-dark", title="Dark", year=2017, kind="series", imdb="tt5753856"),
    ])


@pytest.fixture
def cat() -> Catalog:
    return make_catalog()


@pytest.fixture
def wl(tmp_path) -> Watchlist:
    p = paths.watchlist_file()
    assert str(p).startswith(str(tmp_path))
    return Watchlist.open()


LETTERBOXD_WATCHLIST = """\
Date,Name,Year,Letterboxd URI
2023-01-05,Amelie,2001,https://boxd.it/29ki
2023-01-06,"Call, The",2020,https://boxd.it/nvGm
2023-02-01,Parasite,2020,https://boxd.it/hTha
2023-02-02,The Host,2006,https://boxd.it/1Yqi
2023-02-03,Alone,2020,https://boxd.it/qUbk
2023-02-04,Spider-Man: Into the Spiderverse,2018,https://boxd.it/hWCe
2023-02-05,Saw II,2005,https://boxd.it/1X2W
2023-02-06,A Film That Does Not Exist,2019,https://boxd.it/zzzz
2023-02-07,Crouching Tiger Hidden Dragon,2000,https://boxd.it/1Wg6
2023-02-08,OLDBOY,2003,https://boxd.it/1Zm4
"""

LETTERBOXD_RATINGS = """\
Date,Name,Year,Letterboxd URI,Rating
2023-03-01,Parasite,2019,https://boxd.it/hTha,5
2023-03-02,Oldboy,2003,https://boxd.it/1Zm4,4.5
2023-03-03,The Handmaiden,2016,https://boxd.it/bSbg,great
"""

LETTERBOXD_DIARY = """\
Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date
2023-04-02,Amélie,2001,https://letterboxd.com/me/film/amelie/,4,,"paris, comfort",2023-04-01
"""

IMDB_RATINGS = """\
Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors
tt6751668,10,2023-05-01,Parasite,Gisaengchung,https://www.imdb.com/title/tt6751668/,Movie,8.5,132,2019,"Comedy, Drama, Thriller",950000,2019-05-30,Bong Joon Ho
tt5753856,9,2023-05-02,Dark,Dark,https://www.imdb.com/title/tt5753856/,TV Series,8.7,60,2017,"Crime, Drama, Mystery",450000,2017-12-01,
tt4016934,7,2023-05-03,The Handmaiden,Ah-ga-ssi,https://www.imdb.com/title/tt4016934/,Movie,8.1,145,2016,"Drama, Romance, Thriller",160000,2016-06-01,Park Chan-wook
tt0000999,6,2023-05-04,Some Unknown Film,Some Unknown Film,https://www.imdb.com/title/tt0000999/,Movie,6.0,90,2010,Drama,1000,2010-01-01,Nobody
tt0364569,11,2023-05-05,Oldboy,Oldeuboi,https://www.imdb.com/title/tt0364569/,Movie,8.3,120,2003,"Action, Drama",600000,2003-11-21,Park Chan-wook
"""

IMDB_LIST = """\
Position,Const,Created,Modified,Description,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors
1,tt0211915,2022-12-01,2022-12-01,for a rainy day,Amélie,https://www.imdb.com/title/tt0211915/,movie,8.3,122,2001,"Comedy, Romance",780000,2001-04-25,Jean-Pierre Jeunet
2,tt10919420,2022-12-02,2022-12-02,,Squid Game,https://www.imdb.com/title/tt10919420/,tvSeries,8.0,55,2021,"Action, Drama",500000,2021-09-17,
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding=encoding)
    return p


def outcomes(report) -> dict[str, tuple[str, str | None]]:
    return {ln.row.name or ln.row.imdb: (ln.outcome, ln.entry.id if ln.entry else None)
            for ln in report.lines}


# ---------------------------------------------------------------------------------------------
# Letterboxd


def test_letterboxd_watchlist_matches_like_a_person_would(tmp_path, wl, cat):
    f = read_import(write(tmp_path, "watchlist.csv", LETTERBOXD_WATCHLIST))
    assert (f.format, f.kind) == ("letterboxd", "Letterboxd watchlist")
    report = run_import(wl, cat, f)
    got = outcomes(report)
    assert got["Amelie"] == ("matched", "wn-amelie-2001")  # accents
    assert got["Call, The"] == ("matched", "nf-s1")  # leading article, moved to the end
    assert got["Parasite"] == ("matched", "wn-parasite-2019")  # year off by one
    assert got["The Host"] == ("matched", "wn-host-2006")  # the year picks the right one
    assert got["Alone"][0] == "ambiguous"  # two films called Alone in 2020: not guessed
    assert got["Spider-Man: Into the Spiderverse"] == ("matched", "wn-spiderverse")  # close
    assert got["Saw II"][0] == "not found"  # Saw III is close, but not the same film
    assert got["A Film That Does Not Exist"][0] == "not found"
    assert got["Crouching Tiger Hidden Dragon"] == ("matched", "wn-crouching")
    assert got["OLDBOY"] == ("matched", "wn-oldboy")
    entries = {e.id: e for e in wl.entries()}
    assert len(entries) == 7
    assert all(e.status == "want" for e in entries.values())
    assert entries["nf-s1"].added == "2023-01-06"
    p = entries["wn-parasite-2019"]
    assert (p.title, p.year) == ("Parasite", 2019)

    text = "\n".join(report.text_lines())
    assert ("matched: row 4: Parasite (2020) -> Parasite (2019) [wn-parasite-2019] "
            "(year off by one): added") in text
    assert ("ambiguous: row 6: Alone (2020) could be Alone (2020) [wn-alone-a]; "
            "Alone (2020) [wn-alone-b]") in text
    assert "not found: row 9: 2023-02-06,A Film That Does Not Exist,2019,https://boxd.it/zzzz" \
        in text
    assert text.splitlines()[-1].startswith(
        "10 rows (Letterboxd watchlist), 7 matched, 1 ambiguous, 2 not found; added 7")


def test_import_twice_adds_nothing_the_second_time(tmp_path, wl, cat):
    path = write(tmp_path, "watchlist.csv", LETTERBOXD_WATCHLIST)
    run_import(wl, cat, read_import(path))
    before = wl.path.read_bytes()
    report = run_import(wl, cat, read_import(path))
    assert report.count(action="added") == 0 and report.count(action="updated") == 0
    assert report.count(action="already on the list") == 7
    assert wl.path.read_bytes() == before


def test_dry_run_changes_nothing(tmp_path, wl, cat):
    wl.add(cat.get("nf-s1"))
    before = wl.path.read_bytes()
    report = run_import(wl, cat, read_import(write(tmp_path, "watchlist.csv",
                                                   LETTERBOXD_WATCHLIST)), dry_run=True)
    assert wl.path.read_bytes() == before
    assert report.count(action="added") == 6
    lines = report.text_lines()
    assert "would be added" in "\n".join(lines)
    assert lines[-1].endswith("Dry run: nothing was changed")


def test_letterboxd_ratings_and_diary_mark_watched_and_keep_ratings(tmp_path, wl, cat):
    wl.add(cat.get("wn-parasite-2019"), note="Bong!")  # already on the list, as want
    report = run_import(wl, cat, read_import(write(tmp_path, "ratings.csv", LETTERBOXD_RATINGS)))
    p = wl.get("wn-parasite-2019")
    assert (p.status, p.rating, p.watched, p.note) == ("watched", 5.0, "2023-03-01", "Bong!")
    o = wl.get("wn-oldboy")
    assert (o.status, o.rating) == ("watched", 4.5)
    bad = [ln for ln in report.lines if ln.outcome == "invalid"]
    assert len(bad) == 1 and "great" in bad[0].row.problem
    assert "unreadable: row 4: rating 'great'" in "\n".join(report.text_lines())
    assert wl.get("wn-handmaiden") is None

    run_import(wl, cat, read_import(write(tmp_path, "diary.csv", LETTERBOXD_DIARY)))
    a = wl.get("wn-amelie-2001")
    assert (a.status, a.rating, a.watched, a.tags) == ("watched", 4.0, "2023-04-01",
                                                       ("paris", "comfort"))


def test_letterboxd_list_export(tmp_path, wl, cat):
    text = ("Letterboxd list export v7\nDate,Name,Tags,URL,Description\n"
            "2023-01-01,Korea,,https://letterboxd.com/me/list/korea/,\n\n"
            "Position,Name,Year,URL,Description\n"
            "1,Oldboy,2003,https://boxd.it/1Zm4,the hallway fight\n")
    f = read_import(write(tmp_path, "korea.csv", text))
    assert f.kind == "Letterboxd list"
    run_import(wl, cat, f)
    assert (wl.get("wn-oldboy").status, wl.get("wn-oldboy").note) == ("want", "the hallway fight")


# ---------------------------------------------------------------------------------------------
# IMDb


def test_imdb_ratings(tmp_path, wl, cat):
    f = read_import(write(tmp_path, "ratings.csv", IMDB_RATINGS))
    assert (f.format, f.kind) == ("imdb", "IMDb ratings")
    report = run_import(wl, cat, f)
    got = outcomes(report)
    assert got["Parasite"] == ("matched", "wn-parasite-2019")
    assert got["Dark"] == ("matched", "wn-dark")
    assert got["The Handmaiden"] == ("matched", "wn-handmaiden")  # no IMDb id in the catalog
    assert got["Some Unknown Film"][0] == "not found"
    assert got["Oldboy"][0] == "invalid"  # Your Rating 11
    p, d, h = wl.get("wn-parasite-2019"), wl.get("wn-dark"), wl.get("wn-handmaiden")
    assert (p.rating, d.rating, h.rating) == (5.0, 4.5, 3.5)  # IMDb 10, 9, 7 halved
    assert (p.status, p.watched) == ("watched", "2023-05-01")
    assert h.imdb == "tt4016934", "the IMDb id from the file is kept for later exports"
    assert "Your Rating '11'" in "\n".join(report.text_lines())


def test_imdb_list_export_is_a_watchlist(tmp_path, wl, cat):
    f = read_import(write(tmp_path, "WATCHLIST.csv", IMDB_LIST))
    assert f.kind == "IMDb list"
    run_import(wl, cat, f)
    a, s = wl.get("wn-amelie-2001"), wl.get("nf-s2")
    assert (a.status, a.added, a.note) == ("want", "2022-12-01", "for a rainy day")
    assert s.status == "want"


def test_imdb_windows_1252_and_bom(tmp_path, wl, cat):
    p = tmp_path / "list.csv"
    p.write_bytes(IMDB_LIST.replace("tt0211915", "tt9990001").encode("cp1252"))
    f = read_import(p)
    assert f.rows[0].name == "Amélie"
    p.write_bytes(b"\xef\xbb\xbf" + IMDB_LIST.encode("utf-8"))
    assert read_import(p).format == "imdb"


# ---------------------------------------------------------------------------------------------
# matcher details


def test_matcher_kind_and_original_title(cat):
    m = Matcher(cat)
    assert m.match(Row(line=2, raw="", name="Gisaengchung", original="기생충", year=2019)).title.id \
        == "wn-parasite-2019"
    assert m.match(Row(line=2, raw="", name="The Host")).outcome == "ambiguous"
    assert m.match(Row(line=2, raw="", name="the host", year=2013)).title.id == "wn-host-2013"
    assert m.match(Row(line=2, raw="", name="Parasite", year=2017)).outcome == "not found"
    assert m.match(Row(line=2, raw="", name="x", imdb="tt0364569")).title.id == "wn-oldboy"


# ---------------------------------------------------------------------------------------------
# bad files


@pytest.mark.parametrize("content, words", [
    (b"", ["empty"]),
    (b"\x00\x01\x02binary", ["binary"]),
    (b"foo,bar\n1,2\n", ["line 1", "not a Letterboxd, IMDb or watchnext export"]),
    (b'{"entries": [1, 2', ["line 1", "not valid JSON"]),
])
def test_bad_import_files_say_what_is_wrong(tmp_path, content, words):
    p = tmp_path / "x.csv"
    p.write_bytes(content)
    with pytest.raises(WatchlistError) as err:
        read_import(p)
    for w in words:
        assert w in str(err.value)
    assert str(p) in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(WatchlistError, match="no such file"):
        read_import(tmp_path / "nope.csv")


def test_forced_format_names_the_missing_column(tmp_path):
    p = write(tmp_path, "w.csv", LETTERBOXD_WATCHLIST)
    with pytest.raises(WatchlistError, match="no 'const' column"):
        read_import(p, "imdb")


def test_detect():
    assert detect(Path("a"), "Const,Your Rating,Title\n") == "imdb"
    assert detect(Path("a"), "Date,Name,Year,Letterboxd URI\n") == "letterboxd"
    assert detect(Path("a"), "Title,Year,imdbID,Rating,WatchedDate,Tags,Review\n") == "letterboxd"
    assert detect(Path("a"), "id,title,year,status\n") == "csv"
    assert detect(Path("a"), '  {"entries": []}') == "json"


# ---------------------------------------------------------------------------------------------
# export, and round trips


def full_list(wl: Watchlist, cat: Catalog) -> list[Entry]:
    with wl.transaction() as d:
        d.put(Entry(id="wn-parasite-2019", title="Parasite", year=2019, status="watched",
                    added="2023-01-02", watched="2023-02-03", rating=4.5,
                    note='loved it, "really"\nsecond line', tags=("korea", "with mum"),
                    priority=2, imdb="tt6751668"))
        d.put(Entry(id="nf-s2", title="Squid Game", year=2021, status="watching",
                    added="2023-03-04", progress="S1E8", tags=("binge",), imdb="tt10919420"))
        d.put(Entry(id="wn-amelie-2001", title="Amélie", year=2001, status="want",
                    added="2023-05-06", priority=-1, imdb="tt0211915"))
        d.put(Entry(id="gone-42", title="Left the Catalog", year=1999, status="dropped",
                    added="2022-01-01", note="kept anyway"))
        d.put(Entry(id="wn-oldboy", title="Oldboy", year=2003, status="watched",
                    added="2022-02-02", watched="", rating=0.5))
    return wl.entries()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_into_an_empty_list_gives_the_same_list(tmp_path, wl, cat, fmt):
    original = full_list(wl, cat)
    text, skipped = export_text(original, cat, fmt)
    assert skipped == 0
    out = write(tmp_path, f"export.{fmt}", text)
    other = Watchlist.open(tmp_path / "other" / "watchlist.toml")
    report = run_import(other, cat, read_import(out))
    assert other.entries() == original
    assert report.count("kept") == 1  # the entry whose title left the catalog
    # and once more: nothing changes
    before = other.path.read_bytes()
    run_import(other, cat, read_import(out))
    assert other.path.read_bytes() == before


def test_letterboxd_export_format_and_round_trip(tmp_path, wl, cat):
    original = full_list(wl, cat)
    text, left_out = export_text(original, cat, "letterboxd")
    assert left_out == 1  # Squid Game: Letterboxd has no series
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["Title", "Year", "imdbID", "Rating", "WatchedDate", "Rewatch", "Tags",
                             "Review"]
    assert rows[0]["Title"] == "Parasite" and rows[0]["Rating"] == "4.5"
    assert rows[0]["Tags"] == "korea, with mum" and rows[0]["WatchedDate"] == "2023-02-03"
    other = Watchlist.open(tmp_path / "other" / "watchlist.toml")
    run_import(other, cat, read_import(write(tmp_path, "lb.csv", text)))
    got = {e.id: e for e in other.entries()}
    assert set(got) == {"wn-parasite-2019", "wn-amelie-2001", "wn-oldboy"}
    assert (got["wn-parasite-2019"].rating, got["wn-parasite-2019"].watched,
            got["wn-parasite-2019"].tags) == (4.5, "2023-02-03", ("korea", "with mum"))
    assert got["wn-oldboy"].rating == 0.5 and got["wn-amelie-2001"].status == "want"


def test_imdb_export_only_titles_with_an_imdb_id(tmp_path, wl, cat):
    original = full_list(wl, cat)
    text, skipped = export_text(original, cat, "imdb")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert skipped == 1  # "Left the Catalog" has no IMDb id
    assert [r["Const"] for r in rows] == ["tt6751668", "tt10919420", "tt0211915", "tt0364569"]
    assert rows[0]["Your Rating"] == "9" and rows[3]["Your Rating"] == "1"
    assert rows[1]["Title Type"] == "TV Series"
    other = Watchlist.open(tmp_path / "other" / "watchlist.toml")
    run_import(other, cat, read_import(write(tmp_path, "imdb.csv", text)))
    assert other.get("wn-parasite-2019").rating == 4.5
    assert other.get("wn-amelie-2001").status == "want"


def test_json_export_shape(wl, cat):
    text, _ = export_text(full_list(wl, cat), cat, "json")
    doc = json.loads(text)
    assert doc["format"] == "watchnext-watchlist"
    first = doc["entries"][0]
    for key in ("id", "title", "year", "status", "rating", "note", "tags", "progress", "added"):
        assert key in first


# ---------------------------------------------------------------------------------------------
# what an import did to entries already on the list (issue 12, item 19)


def test_an_updated_row_says_what_changed_and_what_was_kept(tmp_path, wl, cat):
    wl.add(cat.get("wn-parasite-2019"))  # want, no rating
    oldboy = wl.add(cat.get("wn-oldboy"))
    wl.update(oldboy.id, status="watched", rating=4.5)
    report = run_import(wl, cat, read_import(write(tmp_path, "imdb.csv", IMDB_RATINGS)))
    lines = {ln.row.name: ln for ln in report.lines}
    parasite, old = lines["Parasite"], lines["Oldboy"]
    assert parasite.action == "updated"
    assert "status want -> watched" in parasite.changes
    assert "rating none -> 5 ★★★★★" in parasite.changes
    # IMDb's 11 is refused as a row; a 10/10 against a 4.5 already there is kept, and said so
    wl.update(oldboy.id, rating=4.5)
    again = run_import(wl, cat, read_import(write(tmp_path, "imdb2.csv", IMDB_RATINGS.replace(
        "tt0364569,11", "tt0364569,10"))))
    old = {ln.row.name: ln for ln in again.lines}["Oldboy"]
    assert "kept your rating 4.5 ★★★★½; the file says 5 ★★★★★" in old.changes
    line = next(x for x in again.text_lines() if x.startswith("matched: row 6:"))
    assert "updated (kept your rating 4.5 ★★★★½; the file says 5 ★★★★★" in line
    assert wl.get(oldboy.id).rating == 4.5


def test_a_status_behind_yours_is_no_conflict(tmp_path, wl, cat):
    e = wl.add(cat.get("wn-parasite-2019"))
    wl.update(e.id, status="watched")
    report = run_import(wl, cat, read_import(write(tmp_path, "watchlist.csv",
                                                   LETTERBOXD_WATCHLIST)))
    line = next(ln for ln in report.lines if ln.entry and ln.entry.id == e.id)
    assert not any("status" in change for change in line.changes)


def test_letterboxd_export_leaves_series_out_and_says_so(use_small_catalog, capsys):
    from watchnext.cli import main

    assert main(["watchlist", "add", "Squid Game"]) == 0
    assert main(["watchlist", "add", "Parasite"]) == 0
    capsys.readouterr()
    assert main(["watchlist", "export", "--format", "letterboxd"]) == 0
    out, err = capsys.readouterr()
    assert "Parasite" in out and "Squid Game" not in out
    assert err.strip() == "watchnext: note: 1 series left out (Letterboxd has films only)"
    assert main(["watchlist", "export", "--format", "csv"]) == 0
    assert "Squid Game" in capsys.readouterr().out  # our own formats keep everything
