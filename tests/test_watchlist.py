"""The watchlist store: a readable TOML file that never loses a line.

The failure cases run for real: two processes writing at once, kill -9 in the middle of saves,
corrupt and unreadable files. XDG dirs point at tmp (tests/conftest.py's autouse fixture, and
`store_path` below checks it)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from watchnext import paths
from watchnext.model import Title
from watchnext.watchlist import (
    Entry,
    InvalidValue,
    Watchlist,
    WatchlistError,
    merge,
    parse_progress,
    parse_rating,
)

ROOT = Path(__file__).resolve().parent.parent

PARASITE = Title(id="wn-parasite-2019", title="Parasite", year=2019, kind="film",
                 imdb="tt6751668", runtime=132)
CALL = Title(id="nf-s1", title="The Call", year=2020, kind="film", imdb="tt10530176")
SQUID = Title(id="nf-s2", title="Squid Game", year=2021, kind="series", seasons=2)


@pytest.fixture
def store_path(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    p = paths.watchlist_file()
    assert str(p).startswith(str(tmp_path)), "tests must never touch the real watchlist"
    return p


def child_env(tmp_path: Path) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    return env


# ---------------------------------------------------------------------------------------------
# the file


def test_default_path_is_under_xdg_data_home(store_path, tmp_path):
    assert store_path == tmp_path / "data" / "watchnext" / "watchlist.toml"
    wl = Watchlist.open()
    assert wl.path == store_path
    assert wl.entries() == [] and not wl.read_only
    assert not store_path.exists(), "opening never creates the file"


def test_add_writes_a_file_a_person_can_read(store_path):
    wl = Watchlist.open()
    wl.add(PARASITE, tags=["korea", "with mum"], note="Bong's best?")
    wl.add(SQUID, status="watching", progress="S1E3")
    text = store_path.read_text()
    assert text.startswith("# watchnext watchlist")
    assert text.splitlines().count("[[entries]]") == 2
    assert 'title = "Parasite"' in text and "year = 2019" in text
    assert 'tags = ["korea", "with mum"]' in text
    assert 'progress = "S1E3"' in text
    doc = tomllib.loads(text)
    assert [e["id"] for e in doc["entries"]] == ["wn-parasite-2019", "nf-s2"]
    assert doc["entries"][0]["note"] == "Bong's best?"


def test_entry_fields_and_defaults(store_path):
    wl = Watchlist.open()
    e = wl.add(PARASITE)
    assert (e.id, e.title, e.year, e.status, e.imdb) == (
        "wn-parasite-2019", "Parasite", 2019, "want", "tt6751668")
    assert e.added == time.strftime("%Y-%m-%d") and e.watched == ""
    assert e.rating is None and e.tags == () and e.priority == 0 and e.progress == ""
    assert Watchlist.open().get(PARASITE.id) == e


def test_add_twice_does_not_duplicate(store_path):
    wl = Watchlist.open()
    first = wl.add(PARASITE, note="first")
    again = wl.add(PARASITE, note="second", status="watched")
    assert again == first
    assert [e.id for e in Watchlist.open().entries()] == [PARASITE.id]


def test_update_fields_and_watched_date(store_path):
    wl = Watchlist.open()
    wl.add(PARASITE)
    e = wl.update(PARASITE.id, status="watched", rating=4.5, note="wow", tags=["a", "b"],
                  priority=3)
    assert e.watched == time.strftime("%Y-%m-%d")
    assert (e.rating, e.note, e.tags, e.priority) == (4.5, "wow", ("a", "b"), 3)
    again = Watchlist.open().get(PARASITE.id)
    assert again == e


@pytest.mark.parametrize("fields, words", [
    ({"status": "seen"}, ["status", "seen", "want"]),
    ({"rating": 4.3}, ["rating", "4.3", "0.5"]),
    ({"rating": 6}, ["rating", "6"]),
    ({"progress": "episode eight"}, ["progress", "S2E8"]),
    ({"priority": "high"}, ["priority", "high"]),
    ({"tags": ["a,b"]}, ["tag", "comma"]),
    ({"watched": "31/12/2023"}, ["watched", "31/12/2023"]),
    ({"colour": "red"}, ["colour"]),
])
def test_bad_values_are_refused_and_nothing_is_written(store_path, fields, words):
    wl = Watchlist.open()
    wl.add(PARASITE)
    before = store_path.read_bytes()
    with pytest.raises(WatchlistError) as err:
        wl.update(PARASITE.id, **fields)
    for w in words:
        assert w in str(err.value)
    assert store_path.read_bytes() == before


def test_value_parsers():
    assert parse_rating("4.5") == 4.5
    assert parse_rating("9/10") == 4.5
    assert parse_rating("★★★½") == 3.5
    assert parse_rating("none") is None
    with pytest.raises(InvalidValue):
        parse_rating("great")
    assert parse_progress("s02e08") == "S2E8"
    assert parse_progress("S2 E8") == "S2E8"
    assert parse_progress("Season 3 Episode 1") == "S3E1"
    assert parse_progress("") == ""
    with pytest.raises(InvalidValue):
        parse_progress("S2")


def test_remove(store_path):
    wl = Watchlist.open()
    wl.add(PARASITE)
    wl.add(CALL)
    assert wl.remove(PARASITE.id).id == PARASITE.id
    assert [e.id for e in Watchlist.open().entries()] == [CALL.id]
    with pytest.raises(WatchlistError, match="not on the watchlist"):
        wl.remove(PARASITE.id)


def test_failed_transaction_saves_nothing(store_path):
    wl = Watchlist.open()
    wl.add(PARASITE)
    before = store_path.read_bytes()
    with pytest.raises(RuntimeError):
        with wl.transaction() as draft:
            draft.put(replace(draft.get(PARASITE.id), note="half done"))
            raise RuntimeError("boom")
    assert store_path.read_bytes() == before


def test_entries_sees_changes_made_by_someone_else(store_path):
    a, b = Watchlist.open(), Watchlist.open()
    a.add(PARASITE)
    assert [e.id for e in b.entries()] == [PARASITE.id]
    b.add(CALL)  # b re-reads under the lock: a's entry is kept
    a.update(PARASITE.id, note="from a")
    assert [(e.id, e.note) for e in Watchlist.open().entries()] == [
        (PARASITE.id, "from a"), (CALL.id, "")]


def test_hand_edits_survive_saves(store_path):
    store_path.parent.mkdir(parents=True)
    store_path.write_text(textwrap.dedent("""\
        # my list
        version = 1

        [[entries]]
        id = "nf-s1"
        title = "The Call"
        year = 2020
        status = "want"
        added = 2024-01-05   # a TOML date, typed by hand
        # ask Jin about this one
        mood = "rainy day"

        [[entries]]
        id = "wn-parasite-2019"
        title = "Parasite"
        year = 2019
        """))
    wl = Watchlist.open()
    assert wl.get("nf-s1").added == "2024-01-05"
    wl.update("wn-parasite-2019", rating=5)
    text = store_path.read_text()
    assert "# my list" in text and "# ask Jin about this one" in text
    assert 'mood = "rainy day"' in text
    wl.update("nf-s1", status="watched")
    doc = tomllib.loads(store_path.read_text())
    call = doc["entries"][0]
    assert call["mood"] == "rainy day", "fields this version does not know are kept"
    assert call["status"] == "watched" and doc["entries"][1]["rating"] == 5.0


@pytest.mark.parametrize("text", [
    # no header, a multi-line string holding a line that looks like a table header
    '[[entries]]\nid = "a"\ntitle = "A"\nyear = 2000\nnote = """line one\n[[entries]]\nline 3"""\n'
    '\n[[entries]]\nid = "b"\ntitle = "B"\nyear = 2001\n',
    # the entries written as an inline array, indented headers, CRLF line ends
    'version = 1\nentries = [{id = "a", title = "A", year = 2000, note = "line one\\n[[entries]]'
    '\\nline 3"}, {id = "b", title = "B", year = 2001}]\n',
    'version = 1\r\n  [[ entries ]]  # first\r\nid = "a"\r\ntitle = "A"\r\nyear = 2000\r\n'
    'note = "line one\\n[[entries]]\\nline 3"\r\n[[entries]]\r\nid = "b"\r\ntitle = "B"\r\n'
    'year = 2001\r\n',
])
def test_unusual_but_valid_files_are_read_and_saved_without_loss(store_path, text):
    store_path.parent.mkdir(parents=True)
    store_path.write_text(text, newline="")
    wl = Watchlist.open()
    assert not wl.read_only, wl.problem
    assert [(e.id, e.note) for e in wl.entries()] == [("a", "line one\n[[entries]]\nline 3"),
                                                      ("b", "")]
    wl.update("b", rating=3)
    wl.add(CALL)
    again = Watchlist.open()
    assert [(e.id, e.note, e.rating) for e in again.entries()] == [
        ("a", "line one\n[[entries]]\nline 3", None), ("b", "", 3.0), ("nf-s1", "", None)]


def test_entry_whose_title_left_the_catalog_is_kept(store_path):
    wl = Watchlist.open()
    wl.add(Title(id="gone-1", title="Left Us", year=1999, kind="film"))
    wl.add(PARASITE)
    # nothing in the store depends on the catalog: the entry stays, with its title and year
    e = Watchlist.open().get("gone-1")
    assert (e.title, e.year) == ("Left Us", 1999)


def test_merge_never_throws_away_what_the_person_set():
    mine = Entry(id="x", title="X", year=2000, status="want", added="2024-03-01",
                 note="mine", tags=("a",))
    theirs = Entry(id="x", title="X", year=2000, status="watched", added="2023-01-01",
                   watched="2023-01-01", rating=4.0, note="theirs", tags=("b", "A"))
    merged, changed = merge(mine, theirs)
    assert changed
    assert (merged.status, merged.rating, merged.note, merged.tags, merged.added) == (
        "watched", 4.0, "mine", ("a", "b"), "2023-01-01")
    again, changed = merge(merged, theirs)
    assert not changed and again == merged


# ---------------------------------------------------------------------------------------------
# corrupt and unreadable files: never rewritten


BAD_TOML = 'version = 1\n\n[[entries]\nid = "nf-s1"\ntitle = "The Call"\nyear = 2020\n'


def test_corrupt_file_is_read_only_and_never_rewritten(store_path):
    store_path.parent.mkdir(parents=True)
    store_path.write_text(BAD_TOML)
    before = store_path.read_bytes()
    wl = Watchlist.open()
    assert wl.read_only
    assert str(store_path) in wl.problem and "line 3" in wl.problem
    for write in (lambda: wl.add(PARASITE), lambda: wl.update("nf-s1", note="x"),
                  lambda: wl.remove("nf-s1")):
        with pytest.raises(WatchlistError) as err:
            write()
        assert str(store_path) in str(err.value) and "line 3" in str(err.value)
    assert store_path.read_bytes() == before
    # fixed by hand: writable again
    store_path.write_text(BAD_TOML.replace("[[entries]\n", "[[entries]]\n"))
    assert [e.id for e in wl.entries()] == ["nf-s1"] and not wl.read_only
    wl.add(PARASITE)
    assert len(Watchlist.open().entries()) == 2


@pytest.mark.parametrize("edit, line, words", [
    ('status = "wnat"', 10, ["status", "wnat"]),
    ("rating = 11", 10, ["rating", "11"]),
    ('progress = "two"', 10, ["progress"]),
    ('id = "nf-s1"', 7, ["already used", "entry at line 1"]),
])
def test_values_that_make_no_sense_name_the_line(store_path, edit, line, words):
    store_path.parent.mkdir(parents=True)
    base = ('[[entries]]\nid = "nf-s1"\ntitle = "The Call"\nyear = 2020\n\n'
            '[[entries]]\nid = "wn-parasite-2019"\ntitle = "Parasite"\nyear = 2019\n')
    if edit.startswith("id"):
        text = base.replace('id = "wn-parasite-2019"', edit)
    else:
        text = base + edit + "\n"
    store_path.write_text(text)
    wl = Watchlist.open()
    assert wl.read_only and f"line {line}" in wl.problem, wl.problem
    for w in words:
        assert w in wl.problem
    with pytest.raises(WatchlistError):
        wl.add(SQUID)
    assert store_path.read_text() == text


def test_newer_version_and_non_utf8_are_not_touched(store_path):
    store_path.parent.mkdir(parents=True)
    store_path.write_text("version = 2\n")
    wl = Watchlist.open()
    assert wl.read_only and "newer" in wl.problem
    store_path.write_bytes(b'version = 1\n\n[[entries]]\nid = "x"\ntitle = "Am\xe9lie"\nyear = 2001\n')
    wl = Watchlist.open()
    assert wl.read_only and "line 5" in wl.problem and "UTF-8" in wl.problem
    with pytest.raises(WatchlistError):
        wl.add(PARASITE)
    assert b"Am\xe9lie" in store_path.read_bytes()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(store_path):
    store_path.parent.mkdir(parents=True)
    store_path.write_text("version = 1\n")
    store_path.chmod(0)
    try:
        wl = Watchlist.open()
        assert wl.read_only and str(store_path) in wl.problem
        with pytest.raises(WatchlistError):
            wl.add(PARASITE)
    finally:
        store_path.chmod(0o644)
    assert store_path.read_text() == "version = 1\n"


# ---------------------------------------------------------------------------------------------
# for real: two processes, kill -9


WRITER = r"""
import os, sys, time
from watchnext.model import Title
from watchnext.watchlist import Watchlist
path, prefix, go, mode = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
wl = Watchlist.open(path)
while not os.path.exists(go):
    time.sleep(0.001)
for i in range(50):
    if mode == "fresh":          # like one CLI call per add
        wl = Watchlist.open(path)
    wl.add(Title(id=f"{prefix}-{i}", title=f"{prefix} title {i}", year=2000 + i, kind="film"))
print("done", flush=True)
"""


def test_two_processes_adding_at_once_lose_nothing(tmp_path):
    path = tmp_path / "data" / "watchnext" / "watchlist.toml"
    # a list that is already big enough for saves to take a little while
    wl = Watchlist.open(path)
    with wl.transaction() as d:
        for i in range(1000):
            d.put(Entry(id=f"old-{i}", title=f"Old {i}", year=1990, added="2024-01-01"))
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), prefix, str(go), mode],
                              env=child_env(tmp_path), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
             for prefix, mode in (("a", "fresh"), ("b", "kept"))]
    time.sleep(0.3)
    go.touch()
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    ids = [e.id for e in Watchlist.open(path).entries()]
    assert len(ids) == 1100 == len(set(ids))
    assert {f"a-{i}" for i in range(50)} <= set(ids)
    assert {f"b-{i}" for i in range(50)} <= set(ids)
    tomllib.loads(path.read_text())


SAVER = r"""
import sys
from dataclasses import replace
from watchnext.watchlist import Watchlist
wl = Watchlist.open(sys.argv[1])
gen = int(sys.argv[2])
print("ready", flush=True)
while True:
    gen += 1
    with wl.transaction() as d:          # every entry changes: a full rewrite each time
        for e in d.entries():
            d.put(replace(e, note=f"gen {gen}"))
    print(gen, flush=True)
"""


def _check_generation(path: Path, n: int) -> int:
    doc = tomllib.loads(path.read_text())  # always parses
    notes = {e.get("note", "gen 0") for e in doc["entries"]}
    assert len(doc["entries"]) == n
    assert [e["id"] for e in doc["entries"]] == [f"t-{i}" for i in range(n)]
    assert len(notes) == 1, f"a mix of two saves: {sorted(notes)[:3]}"
    return int(notes.pop().split()[1])


def test_kill_9_in_the_middle_of_saves_leaves_old_or_new(tmp_path):
    path = tmp_path / "watchlist.toml"
    n = 2000
    wl = Watchlist.open(path)
    with wl.transaction() as d:
        for i in range(n):
            d.put(Entry(id=f"t-{i}", title=f"Title number {i}", year=1950 + i % 70,
                        added="2024-01-01", tags=("x", "y"), note="gen 0"))
    rnd = random.Random(7)
    gen = 0
    for _ in range(8):
        p = subprocess.Popen([sys.executable, "-c", SAVER, str(path), str(gen)],
                             env=child_env(tmp_path), stdout=subprocess.PIPE, text=True)
        assert p.stdout.readline().strip() == "ready"
        time.sleep(rnd.uniform(0.05, 0.6))
        p.send_signal(signal.SIGKILL)
        out = p.stdout.read()
        p.wait()
        p.stdout.close()
        done = [int(x) for x in out.split()]
        last_reported = done[-1] if done else gen
        on_disk = _check_generation(path, n)
        # the save that was cut may or may not have reached os.replace: old or new, nothing else
        assert on_disk in (last_reported, last_reported + 1)
        gen = on_disk
    # the next save works and sweeps away temp files left by the killed saves
    Watchlist.open(path).update("t-0", note="after")
    assert not list(tmp_path.glob(".watchlist.toml.*.tmp"))
    assert Watchlist.open(path).get("t-0").note == "after"


HOOKED_SAVE = r"""
import os, sys, time
from dataclasses import replace
from watchnext.watchlist import Watchlist
path, gen, moment = sys.argv[1], int(sys.argv[2]), sys.argv[3]
real_fdopen, real_replace = os.fdopen, os.replace

def hold():
    print("hook", flush=True)
    time.sleep(60)          # the parent kills us here

class HalfWriter:
    def __init__(self, f): self.f = f
    def __enter__(self): return self
    def __exit__(self, *exc): return self.f.__exit__(*exc)
    def __getattr__(self, name): return getattr(self.f, name)
    def write(self, data):
        self.f.write(data[: len(data) // 2]); self.f.flush(); os.fsync(self.f.fileno()); hold()

if moment == "half-written":
    os.fdopen = lambda *a, **k: HalfWriter(real_fdopen(*a, **k))
elif moment == "before-replace":
    os.replace = lambda *a: hold()
elif moment == "after-replace":
    os.replace = lambda *a: (real_replace(*a), hold())
wl = Watchlist.open(path)
with wl.transaction() as d:
    for e in d.entries():
        d.put(replace(e, note=f"gen {gen + 1}"))
"""


@pytest.mark.parametrize("moment, expect", [
    ("half-written", "old"), ("before-replace", "old"), ("after-replace", "new")])
def test_kill_9_at_each_step_of_a_save(tmp_path, moment, expect):
    """SIGKILL exactly while the temp file is half written, before os.replace, after it."""
    path = tmp_path / "watchlist.toml"
    n = 300
    wl = Watchlist.open(path)
    with wl.transaction() as d:
        for i in range(n):
            d.put(Entry(id=f"t-{i}", title=f"Title number {i}", year=2000, note="gen 0"))
    before = path.read_bytes()
    p = subprocess.Popen([sys.executable, "-c", HOOKED_SAVE, str(path), "0", moment],
                         env=child_env(tmp_path), stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "hook"
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()
        p.stdout.close()
    gen = _check_generation(path, n)
    if expect == "old":
        assert gen == 0 and path.read_bytes() == before
        assert list(tmp_path.glob(".watchlist.toml.*.tmp")), "the cut save left its temp file"
    else:
        assert gen == 1
    wl = Watchlist.open(path)
    assert not wl.read_only
    wl.update("t-1", note="next")
    assert not list(tmp_path.glob(".watchlist.toml.*.tmp"))
