"""`watchnext watchlist ...` end to end, in-process, with a small catalog and XDG dirs in tmp."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest

import watchnext.catalog
from watchnext import paths
from watchnext.catalog import Catalog
from watchnext.cli import main
from watchnext.model import Title
from watchnext.watchlist import Entry, Watchlist


def small_catalog() -> Catalog:
    T = Title
    return Catalog(titles=[
        T(id="wn-parasite-2019", title="Parasite", year=2019, kind="film", imdb="tt6751668",
          runtime=132, genres=("Thriller", "Drama"), themes=("class",)),
        T(id="nf-s1", title="The Call", year=2020, kind="film", imdb="tt10530176", runtime=112,
          genres=("Thriller",), themes=("time travel",)),
        T(id="nf-s2", title="Squid Game", year=2021, kind="series", seasons=2, runtime=55,
          genres=("Drama",), themes=("class", "survival")),
        T(id="wn-amelie-2001", title="Amélie", year=2001, kind="film", imdb="tt0211915",
          runtime=122, genres=("Comedy", "Romance")),
        T(id="wn-host-2006", title="The Host", year=2006, kind="film", directors=("Bong Joon Ho",)),
        T(id="wn-host-2013", title="The Host", year=2013, kind="film",
          directors=("Andrew Niccol",)),
        T(id="wn-oldboy", title="Oldboy", year=2003, kind="film", imdb="tt0364569", runtime=120,
          genres=("Thriller",)),
    ], theme_aliases={"time travel": ["time loop"]})


@pytest.fixture(autouse=True)
def catalog(monkeypatch, tmp_path):
    # XDG dirs are in tmp (tests/conftest.py); make sure before anything is written
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert str(paths.watchlist_file()).startswith(str(tmp_path))
    cat = small_catalog()
    monkeypatch.setattr(watchnext.catalog, "load_catalog", lambda *a, **k: cat)
    return cat


@pytest.fixture
def run(capsys):
    def _run(*argv: str) -> tuple[int, str, str]:
        code = main(["watchlist", *argv])
        out, err = capsys.readouterr()
        return code, out, err
    return _run


def store() -> Path:
    return paths.watchlist_file()


def ids() -> list[str]:
    return [e.id for e in Watchlist.open().entries()]


# ---------------------------------------------------------------------------------------------


def test_empty_list_says_how_to_add(run):
    code, out, _ = run()
    assert code == 0 and "watchnext watchlist add TITLE" in out
    code, out, _ = run("--json")
    assert code == 0 and json.loads(out) == []


def test_add_set_list_remove(run):
    assert run("add", "parasite")[0] == 0
    code, out, _ = run("add", "the", "call", "--tag", "korea", "--priority", "2")
    assert code == 0 and "Added The Call (2020) [nf-s1]" in out
    assert run("add", "--id", "nf-s2")[0] == 0
    code, out, _ = run("set", "Parasite", "--status", "watched", "--rating", "4.5",
                       "--note", "the stairs!")
    assert code == 0
    assert "status want -> watched" in out and "rating none -> 4.5" in out
    code, out, _ = run("set", "squid game", "--progress", "s01e08")
    assert code == 0 and "progress none -> S1E8" in out and "status want -> watching" in out
    code, out, _ = run()
    lines = out.splitlines()
    assert lines[0].split() == ["TITLE", "YEAR", "STATUS", "RATING", "PROGRESS", "TAGS", "NOTE"]
    assert lines[1].split()[:4] == ["Parasite", "2019", "watched", "★★★★½"]
    assert "the stairs!" in lines[1]
    assert lines[3].split() == ["Squid", "Game", "2021", "watching", "S1E8"]
    # columns line up
    assert lines[0].index("YEAR") == lines[1].index("2019") == lines[3].index("2021")
    assert "3 titles: 1 want, 1 watching, 1 watched" in out
    code, out, _ = run("remove", "The Call")
    assert code == 0 and "Removed The Call (2020)" in out
    assert ids() == ["wn-parasite-2019", "nf-s2"]


def test_list_json_filters_and_sort(run):
    run("add", "Parasite", "--tag", "korea")
    run("add", "Oldboy", "--tag", "korea", "--priority", "5")
    run("add", "Amélie")
    run("set", "Oldboy", "--status", "watched", "--rating", "9/10")
    code, out, _ = run("--json")
    data = json.loads(out)
    for key in ("id", "title", "year", "status", "rating", "note", "tags", "progress", "added"):
        assert key in data[0]
    assert data[1]["rating"] == 4.5 and data[1]["tags"] == ["korea"]
    code, out, _ = run("--json", "--status", "want")
    assert [d["id"] for d in json.loads(out)] == ["wn-parasite-2019", "wn-amelie-2001"]
    code, out, _ = run("--json", "--tag", "KOREA")
    assert [d["id"] for d in json.loads(out)] == ["wn-parasite-2019", "wn-oldboy"]
    for how, first in (("priority", "wn-oldboy"), ("rating", "wn-oldboy"),
                       ("year", "wn-amelie-2001"), ("title", "wn-amelie-2001")):
        code, out, _ = run("--json", "--sort", how)
        assert json.loads(out)[0]["id"] == first
    code, out, _ = run("--status", "dropped")
    assert code == 0 and "No entry matches" in out


def test_titles_that_left_the_catalog_are_kept_and_marked(run):
    with Watchlist.open().transaction() as d:
        d.put(Entry(id="gone-1", title="Vanished Film", year=1999, added="2024-01-01"))
    run("add", "Parasite")
    code, out, _ = run()
    assert "Vanished Film (not in catalog)" in out
    data = json.loads(run("--json")[1])
    assert data[0]["in_catalog"] is False and data[1]["in_catalog"] is True
    code, out, _ = run("set", "vanished film", "--note", "find it on DVD")
    assert code == 0
    code, out, _ = run("remove", "--id", "gone-1")
    assert code == 0 and ids() == ["wn-parasite-2019"]


def test_add_ambiguous_not_found_and_twice(run):
    code, _, err = run("add", "The Host")
    assert code == 1 and "--id wn-host-2006" in err and "--id wn-host-2013" in err
    assert run("add", "The Host", "--year", "2013")[0] == 0
    code, _, err = run("add", "Parasit")
    assert code == 1 and "did you mean" in err and "Parasite (2019" in err
    code, out, _ = run("add", "the host", "--year", "2013")
    assert code == 0 and "already on your watchlist" in out
    assert ids() == ["wn-host-2013"]
    code, _, err = run("add")
    assert code == 1 and "TITLE" in err


@pytest.mark.parametrize("argv, words", [
    (["set", "Parasite", "--rating", "4.3"], ["rating 4.3", "0.5"]),
    (["set", "Parasite", "--rating", "lots"], ["rating 'lots'"]),
    (["set", "Parasite", "--progress", "S1E2"], ["Parasite (2019) is a film"]),
    (["set", "Squid Game", "--progress", "S3E1"], ["has 2 seasons"]),
    (["set", "Squid Game", "--progress", "eight"], ["progress 'eight'", "S2E8"]),
    (["set", "Oldboy", "--status", "watched"], ["Oldboy (2003) is not on your watchlist",
                                                "watchnext watchlist add --id wn-oldboy"]),
    (["set", "Parasite"], ["nothing to set"]),
    (["remove", "--id", "nope"], ["'nope' is not on your watchlist"]),
    (["set", "Parasite", "--tag", "a,b"], ["comma"]),
])
def test_bad_values_one_clear_line_and_nothing_changes(run, argv, words):
    run("add", "Parasite")
    run("add", "Squid Game")
    before = store().read_bytes()
    code, out, err = run(*argv)
    assert code == 1
    assert err.startswith("watchnext: error: ") and err.count("\n") == 1
    for w in words:
        assert w in err
    assert store().read_bytes() == before


# ---------------------------------------------------------------------------------------------
# pick


def test_pick(run):
    code, _, err = run("pick")
    assert code == 1 and "nothing to pick" in err
    for name in ("Parasite", "The Call", "Amélie", "Squid Game"):
        run("add", name)
    run("set", "Squid Game", "--status", "watched")
    code, out, _ = run("pick", "--seed", "3")
    assert code == 0 and out.startswith("Tonight: ")
    assert run("pick", "--seed", "3")[1] == out, "the same seed picks the same title"
    picked = {json.loads(run("pick", "--json", "--seed", str(s))[1])["id"] for s in range(40)}
    assert picked == {"wn-parasite-2019", "nf-s1", "wn-amelie-2001"}, "only 'want' titles"
    picked = {json.loads(run("pick", "--json", "--genre", "thriller", "--max-runtime", "120",
                             "--seed", str(s))[1])["id"] for s in range(20)}
    assert picked == {"nf-s1"}
    assert json.loads(run("pick", "--json", "--theme", "time loop")[1])["id"] == "nf-s1"
    code, _, err = run("pick", "--genre", "western")
    assert code == 1 and "genre 'western'" in err


def test_pick_favours_priority_and_waiting(run):
    with Watchlist.open().transaction() as d:
        d.put(Entry(id="wn-parasite-2019", title="Parasite", year=2019, added="2020-01-01"))
        d.put(Entry(id="nf-s1", title="The Call", year=2020, added="2099-01-01"))
        d.put(Entry(id="wn-oldboy", title="Oldboy", year=2003, added="2099-01-01", priority=3))
    counts = Counter(json.loads(run("pick", "--json", "--seed", str(s))[1])["id"]
                     for s in range(300))
    # waited years > new with priority 3 (x8) > new and no priority
    assert counts["wn-parasite-2019"] > counts["wn-oldboy"] > counts["nf-s1"] > 0


# ---------------------------------------------------------------------------------------------
# export / import


def test_export_stdout_file_and_no_silent_overwrite(run, tmp_path):
    run("add", "Parasite")
    run("add", "Squid Game")
    code, out, err = run("export", "--format", "imdb")
    assert code == 0 and out.startswith("Const,Your Rating,Date Rated,Title,URL,Title Type,Year")
    assert "tt6751668" in out and "1 entry without an IMDb id left out" in err
    target = tmp_path / "mine.csv"
    target.write_text("precious")
    code, _, err = run("export", "--format", "csv", "-o", str(target))
    assert code == 1 and "already exists" in err and "--force" in err
    assert target.read_text() == "precious"
    code, out, _ = run("export", "--format", "csv", "-o", str(target), "--force")
    assert code == 0 and "Exported 2 entries" in out
    assert target.read_text().startswith("id,title,year,status")
    code, _, err = run("export", "--format", "json", "-o", str(tmp_path / "no" / "dir.json"))
    assert code == 1 and "does not exist" in err


LETTERBOXD = """\
Date,Name,Year,Letterboxd URI
2023-01-05,Amelie,2001,https://boxd.it/29ki
2023-01-06,"Call, The",2020,https://boxd.it/nvGm
2023-02-01,Parasite,2020,https://boxd.it/hTha
2023-02-02,The Host,,https://boxd.it/1Yqi
2023-02-06,A Film That Does Not Exist,2019,https://boxd.it/zzzz
"""

IMDB = """\
Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors
tt0364569,8,2023-05-05,Oldboy,Oldeuboi,https://www.imdb.com/title/tt0364569/,Movie,8.3,120,2003,"Action, Drama",600000,2003-11-21,Park Chan-wook
tt6751668,10,2023-05-01,Parasite,Gisaengchung,https://www.imdb.com/title/tt6751668/,Movie,8.5,132,2019,"Drama, Thriller",950000,2019-05-30,Bong Joon Ho
"""


def test_import_letterboxd_then_imdb_like_a_person_expects(run, tmp_path):
    lb = tmp_path / "watchlist.csv"
    lb.write_text(LETTERBOXD)
    code, out, _ = run("import", str(lb), "--dry-run")
    assert code == 0 and "Dry run: nothing was changed" in out
    assert not store().exists()
    code, out, _ = run("import", str(lb))
    assert code == 0
    assert "matched: row 2: Amelie (2001) -> Amélie (2001) [wn-amelie-2001]: added" in out
    assert "matched: row 4: Parasite (2020) -> Parasite (2019) [wn-parasite-2019] " \
           "(year off by one): added" in out
    assert "ambiguous: row 5: The Host could be The Host (2006) [wn-host-2006]; " \
           "The Host (2013) [wn-host-2013]" in out
    assert "not found: row 6: 2023-02-06,A Film That Does Not Exist,2019,https://boxd.it/zzzz" \
        in out
    assert out.strip().splitlines()[-1] == (
        "5 rows (Letterboxd watchlist), 3 matched, 1 ambiguous, 1 not found; "
        "added 3, updated 0, 0 already there")
    code, out, _ = run("import", str(lb))
    assert "added 0, updated 0, 3 already there" in out
    assert ids() == ["wn-amelie-2001", "nf-s1", "wn-parasite-2019"]

    im = tmp_path / "ratings.csv"
    im.write_text(IMDB)
    code, out, _ = run("import", str(im))
    assert "added 1, updated 1, 0 already there" in out
    data = {d["id"]: d for d in json.loads(run("--json")[1])}
    assert (data["wn-parasite-2019"]["status"], data["wn-parasite-2019"]["rating"]) == (
        "watched", 5.0)
    assert (data["wn-oldboy"]["status"], data["wn-oldboy"]["rating"]) == ("watched", 4.0)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_cli_export_then_import_into_an_empty_list(run, tmp_path, monkeypatch, fmt):
    run("add", "Parasite", "--tag", "korea", "--note", "Bong, again")
    run("add", "Squid Game", "--priority", "3")
    run("set", "Squid Game", "--progress", "S2E1")
    run("set", "Parasite", "--status", "watched", "--rating", "5")
    before = json.loads(run("--json")[1])
    out = tmp_path / f"backup.{fmt}"
    assert run("export", "--format", fmt, "-o", str(out))[0] == 0
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "fresh"))
    assert json.loads(run("--json")[1]) == []
    assert run("import", str(out))[0] == 0
    assert json.loads(run("--json")[1]) == before


def test_import_bad_file_is_one_line(run, tmp_path):
    bad = tmp_path / "notes.csv"
    bad.write_text("shopping,list\nmilk,eggs\n")
    code, _, err = run("import", str(bad))
    assert code == 1 and err.count("\n") == 1 and str(bad) in err
    code, _, err = run("import", str(tmp_path / "missing.csv"))
    assert code == 1 and "no such file" in err


# ---------------------------------------------------------------------------------------------
# a corrupt watchlist: every command refuses, naming file and line; the bytes stay


CORRUPT = 'version = 1\n\n[[entries]\nid = "nf-s1"\ntitle = "The Call"\nyear = 2020\n'


@pytest.mark.parametrize("argv", [
    [], ["--json"], ["--status", "want"],
    ["add", "Parasite"], ["add", "--id", "wn-oldboy"],
    ["remove", "The Call"], ["remove", "--id", "nf-s1"],
    ["set", "The Call", "--rating", "4"],
    ["pick"],
    ["export", "--format", "json"], ["export", "--format", "letterboxd", "-o", "OUT"],
    ["import", "IN"], ["import", "IN", "--dry-run"],
])
def test_corrupt_watchlist_every_command_refuses(run, tmp_path, argv):
    store().parent.mkdir(parents=True, exist_ok=True)
    store().write_text(CORRUPT)
    before = store().read_bytes()
    src = tmp_path / "watchlist.csv"
    src.write_text(LETTERBOXD)
    argv = [str(tmp_path / "out.csv") if a == "OUT" else str(src) if a == "IN" else a
            for a in argv]
    code, out, err = run(*argv)
    assert code == 1
    assert str(store()) in err and "line 3" in err
    assert err.count("\n") == 1
    assert store().read_bytes() == before
    assert not (tmp_path / "out.csv").exists()
    assert sorted(p.name for p in store().parent.iterdir()
                  if p.name != "watchlist.toml.lock") == ["watchlist.toml"]


# ---------------------------------------------------------------------------------------------
# for real: separate processes, the real catalog loader (on the small test catalog)

ROOT = Path(__file__).resolve().parent.parent

CLI_WRITER = r"""
import os, sys, time
from watchnext.cli import main
ids, go = sys.argv[1].split(","), sys.argv[2]
while not os.path.exists(go):
    time.sleep(0.001)
for i in ids:                      # one CLI command per title, as a person would type them
    assert main(["watchlist", "add", "--id", i]) == 0
"""


def test_two_cli_processes_adding_at_once_lose_nothing(tmp_path):
    import os
    import subprocess
    import sys

    from watchnext.loader import load_catalog

    small = ROOT / "tests" / "data" / "catalog"
    all_ids = [t.id for t in load_catalog(small, use_cache=False).titles]
    assert len(all_ids) >= 10
    env = dict(os.environ, PYTHONPATH=str(ROOT), WATCHNEXT_CATALOG=str(small),
               XDG_DATA_HOME=str(tmp_path / "d"), XDG_CONFIG_HOME=str(tmp_path / "c"),
               XDG_CACHE_HOME=str(tmp_path / "k"))
    go = tmp_path / "go"
    halves = [all_ids[0::2], all_ids[1::2]]
    procs = [subprocess.Popen([sys.executable, "-c", CLI_WRITER, ",".join(h), str(go)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for h in halves]
    time.sleep(0.5)
    go.touch()
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    out = subprocess.run([sys.executable, "-m", "watchnext", "watchlist", "--json"], env=env,
                         capture_output=True, text=True, check=True).stdout
    got = [d["id"] for d in json.loads(out)]
    assert sorted(got) == sorted(all_ids)


def test_import_progress_says_nothing_before_the_first_row():
    # a slow catalog load before row 0 printed "matching rows: 0 of 1 (0%)" on a pipe
    import io

    from watchnext.cli.transfer import ImportProgress

    now = [0.0]
    out = io.StringIO()
    progress = ImportProgress(out, clock=lambda: now[0])
    now[0] = 30.0
    progress(0, 1)
    assert out.getvalue() == ""
    progress(200, 1000)
    assert out.getvalue() == "watchnext: matching rows: 200 of 1,000 (20%)\n"
