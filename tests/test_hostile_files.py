"""Issue #11, items 4, 5, 6, 10, 12 and 13: hostile values and odd files around the watchlist,
its imports and exports, and the app's config.toml.

Every test runs the CLI in-process on a tiny catalog, with XDG dirs in tmp (tests/conftest.py):
it checks what a person sees (the exit code, one line naming the file, line or value at fault)
and that a refused write left the watchlist's bytes as they were."""

from __future__ import annotations

import io
import json
import os
import random
import signal
import stat
from pathlib import Path

import pytest
from rapidfuzz import fuzz

import watchnext.catalog
from watchnext import paths
from watchnext.catalog import Catalog
from watchnext.cli import main
from watchnext.cli.transfer import ImportProgress
from watchnext.watchlist.formats import ImportFile, Row, read_import
from watchnext.watchlist.importer import run_import
from watchnext.watchlist.match import _Pool
from watchnext.model import Title
from watchnext.tui.config import load_config, save_theme
from watchnext.watchlist import Watchlist

ENTRY = 'version = 1\n\n[[entries]]\nid = "wn-oldboy"\ntitle = "Oldboy"\nyear = 2003\n'


@pytest.fixture(autouse=True)
def catalog(monkeypatch):
    assert "xdg" in str(paths.watchlist_file()), "tests must never touch the real watchlist"
    cat = Catalog(titles=[
        Title(id="wn-oldboy", title="Oldboy", year=2003, kind="film", imdb="tt0364569"),
        Title(id="wn-parasite", title="Parasite", year=2019, kind="film", imdb="tt6751668"),
        Title(id="wn-amelie", title="Amélie", year=2001, kind="film", imdb="tt0211915"),
    ])
    monkeypatch.setattr(watchnext.catalog, "load_catalog", lambda *a, **k: cat)
    return cat


@pytest.fixture
def run(capsys):
    def _run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return _run


@pytest.fixture
def store() -> Path:
    p = paths.watchlist_file()
    p.parent.mkdir(parents=True, exist_ok=True)
    return p


def one_error(err: str, *words: str) -> None:
    """stderr is one line 'watchnext: error: ...' holding every word, and no traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("watchnext: error: "), err
    assert "Traceback" not in err
    for w in words:
        assert w in lines[0], (w, lines[0])


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8", errors="surrogatepass")
    return p


def ids() -> list[str]:
    return [e.id for e in Watchlist.open().entries()]


class Blocked(BaseException):
    """Not an OSError (which the code under test may catch): it ends the test."""


@pytest.fixture
def no_hang():
    """Fail (instead of blocking the run forever) when the test takes over 10 s."""
    def alarm(*_):
        raise Blocked("blocked for 10 s")
    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, 10, 1)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, old)


# ---------------------------------------------------------------------------------------------
# 4. values that crashed


@pytest.mark.parametrize("digits, words", [(400, ["line 7", "rating", "0.5 to 5"]),
                                           (5000, ["line 7", "thousands of digits"])])
def test_a_huge_rating_is_one_line_naming_the_line(run, store, digits, words):
    text = ENTRY + "rating = 1" + "0" * digits + "\n"
    store.write_text(text)
    for argv in (["watchlist"], ["watchlist", "set", "--id", "wn-oldboy", "--note", "x"]):
        code, out, err = run(*argv)
        assert code == 1 and out == ""
        one_error(err, str(store), *words)
        assert len(err) < 400  # the value is cut, not printed in full
    assert store.read_text() == text


def test_imdb_ratings_inf_nan_1e309_are_unreadable_rows_the_others_import(run, store, tmp_path):
    f = write(tmp_path, "ratings.csv",
              "Const,Your Rating,Title,Year\n"
              "tt0364569,inf,Oldboy,2003\ntt0364569,nan,Oldboy,2003\n"
              "tt0364569,1e309,Oldboy,2003\ntt6751668,9,Parasite,2019\n")
    code, out, err = run("watchlist", "import", str(f))
    assert code == 0 and err == ""
    for line, value in ((2, "inf"), (3, "nan"), (4, "1e309")):
        assert f"unreadable: row {line}: Your Rating '{value}'" in out
    assert ids() == ["wn-parasite"]


@pytest.mark.parametrize("shape", ["list", "object"])
def test_a_json_row_nested_1000_deep_is_rejected_the_others_import(run, store, tmp_path, shape):
    deep = "[" * 1000 + "]" * 1000
    huge = '{"id": "x", "title": "X", "year": 1' + "0" * 5000 + "}"
    rows = f'{deep}, {huge}, {{"id": "wn-amelie", "title": "Amélie", "year": 2001}}'
    text = f"[{rows}]" if shape == "list" else \
        f'{{"format": "watchnext-watchlist", "junk": {deep}, "entries": [{rows}]}}'
    code, out, err = run("watchlist", "import", str(write(tmp_path, "deep.json", text)))
    assert code == 0 and "Traceback" not in err
    assert "unreadable: row 1: nested too deeply" in out
    assert "unreadable: row 2: a number with thousands of digits" in out
    assert ids() == ["wn-amelie"]


def test_a_lone_surrogate_in_a_json_title_is_rejected_the_others_import(run, store, tmp_path):
    f = write(tmp_path, "s.json", json.dumps([
        {"id": "wn-x", "title": "\ud800 Bad", "year": 2000},
        {"id": "wn-oldboy", "title": "Oldboy", "year": 2003, "tags": ["ok", "\udcff"]},
        {"id": "wn-parasite", "title": "Parasite", "year": 2019}]))
    code, out, err = run("watchlist", "import", str(f))
    assert code == 0 and "Traceback" not in err
    assert "unreadable: row 1: title" in out and "lone surrogate" in out
    assert "unreadable: row 2: tag" in out
    assert ids() == ["wn-parasite"]
    store.read_bytes().decode("utf-8")  # the file is still UTF-8


def test_a_lone_surrogate_from_the_command_line_is_one_line(run, store):
    store.write_text(ENTRY)
    # what Python makes of an argument that is not UTF-8 (surrogateescape)
    code, out, err = run("watchlist", "set", "--id", "wn-oldboy", "--note", "a\udcffb")
    assert code == 1
    one_error(err, "note", "lone surrogate")
    assert store.read_text() == ENTRY


def test_json_extra_holding_a_known_field_rejects_only_that_row(run, store, tmp_path):
    f = write(tmp_path, "x.json", json.dumps({"format": "watchnext-watchlist", "entries": [
        {"id": "wn-oldboy", "title": "Oldboy", "year": 2003, "extra": {"rating": 3}},
        {"id": "wn-parasite", "title": "Parasite", "year": 2019, "extra": {"mood": "dark"}},
        {"id": "wn-amelie", "title": "Amélie", "year": 2001, "extra": {"x": None}}]}))
    code, out, err = run("watchlist", "import", str(f))
    assert code == 0, err
    assert "unreadable: row 1: 'extra' holds 'rating'" in out
    assert "warning: row 3: 'extra' fields that TOML cannot hold, ignored" in out
    assert ids() == ["wn-parasite", "wn-amelie"]
    assert 'mood = "dark"' in store.read_text()


def test_odd_unknown_fields_in_the_watchlist_do_not_break_a_save(run, store):
    # NaN reads back as another NaN, and an inline table is written back as a sub-table
    store.write_text(ENTRY + "odd = nan\nmeta = {a = 1}\nlast = 2\n")
    code, _, err = run("watchlist", "set", "--id", "wn-oldboy", "--note", "hi")
    assert code == 0, err
    text = store.read_text()
    assert 'note = "hi"' in text and "odd = nan" in text and "[entries.meta]" in text
    # nested far too deep for tomli-w to write: refused, in one line, nothing written
    deep = ENTRY + "odd = " + "[" * 400 + "]" * 400 + "\n"
    store.write_text(deep)
    code, _, err = run("watchlist", "set", "--id", "wn-oldboy", "--note", "hi")
    assert code == 1
    one_error(err, str(store), "nested too deeply")
    assert store.read_text() == deep


# ---------------------------------------------------------------------------------------------
# 5. symbolic links


def test_a_symlinked_watchlist_is_written_through_its_link(run, store, tmp_path):
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "watchlist.toml"
    real.write_text(ENTRY)
    real.chmod(0o640)
    store.symlink_to(real)
    code, _, err = run("watchlist", "add", "--id", "wn-parasite")
    assert code == 0, err
    assert store.is_symlink() and store.resolve() == real
    assert "wn-parasite" in real.read_text() and ENTRY in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in dotfiles.iterdir()) == ["watchlist.toml"]  # no temp, no lock


def test_a_dangling_watchlist_link_is_refused(run, store, tmp_path):
    target = tmp_path / "gone" / "watchlist.toml"
    store.symlink_to(target)
    code, out, err = run("watchlist")
    assert code == 0 and "empty" in out
    code, _, err = run("watchlist", "add", "--id", "wn-parasite")
    assert code == 1
    one_error(err, str(store), "symbolic link", str(target), "does not exist")
    assert store.is_symlink() and not target.exists()


def test_export_through_a_link_and_to_a_dangling_link(run, store, tmp_path):
    store.write_text(ENTRY)
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "out.csv"
    link.symlink_to(real)
    code, _, err = run("watchlist", "export", "--format", "csv", "-o", str(link))
    assert code == 1
    one_error(err, "already exists")
    assert run("watchlist", "export", "--format", "csv", "-o", str(link), "--force")[0] == 0
    assert link.is_symlink() and "wn-oldboy" in real.read_text()

    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere" / "x.csv")
    code, _, err = run("watchlist", "export", "--format", "csv", "-o", str(dangling))
    assert code == 1
    one_error(err, "already exists")
    code, _, err = run("watchlist", "export", "--format", "csv", "-o", str(dangling), "--force")
    assert code == 1
    one_error(err, str(dangling), "does not exist")
    assert dangling.is_symlink()


# ---------------------------------------------------------------------------------------------
# 6. not a plain file; read-only


def test_a_fifo_in_place_of_the_watchlist_is_refused_not_waited_on(run, store, no_hang):
    os.mkfifo(store)
    for argv in (["watchlist"], ["watchlist", "add", "--id", "wn-oldboy"]):
        code, _, err = run(*argv)
        assert code == 1
        one_error(err, str(store), "FIFO", "not a plain file")
    assert stat.S_ISFIFO(os.lstat(store).st_mode)


def test_a_fifo_as_import_file_or_config_is_refused(run, store, tmp_path, no_hang):
    fifo = tmp_path / "export.csv"
    os.mkfifo(fifo)
    code, _, err = run("watchlist", "import", str(fifo))
    assert code == 1
    one_error(err, str(fifo), "FIFO")
    cfg = load_config(fifo)
    assert cfg.theme is None and not cfg.writable and "FIFO" in cfg.problems[0]


def test_a_read_only_watchlist_is_honoured(run, store, tmp_path):
    store.write_text(ENTRY)
    store.chmod(0o444)
    f = write(tmp_path, "lb.csv", "Name,Year\nParasite,2019\n")
    for argv in (["add", "--id", "wn-parasite"], ["set", "--id", "wn-oldboy", "--note", "x"],
                 ["remove", "--id", "wn-oldboy"], ["import", str(f)]):
        code, _, err = run("watchlist", *argv)
        assert code == 1, argv
        one_error(err, str(store), "read-only")
    assert store.read_text() == ENTRY and stat.S_IMODE(store.stat().st_mode) == 0o444
    # reading is fine: list, export, and a dry run
    assert run("watchlist")[0] == 0
    assert "wn-oldboy" in run("watchlist", "export", "--format", "csv")[1]
    code, out, err = run("watchlist", "import", "--dry-run", str(f))
    assert code == 0 and "would add 1" in out, err
    wl = Watchlist.open()
    assert wl.read_only and "read-only" in wl.problem  # what the app's banner shows


def test_a_dry_run_takes_no_lock_and_writes_nothing(run, store, tmp_path):
    store.write_text(ENTRY)
    folder = store.parent
    before = sorted(p.name for p in folder.iterdir())
    f = write(tmp_path, "lb.csv", "Name,Year\nParasite,2019\n")
    folder.chmod(0o555)  # a read-only folder: taking the lock there fails (but for root)
    try:
        code, out, err = run("watchlist", "import", "--dry-run", str(f))
    finally:
        folder.chmod(0o755)
    assert code == 0 and "would add 1" in out, err
    assert sorted(p.name for p in folder.iterdir()) == before  # no lock file, no temp file
    assert store.read_text() == ENTRY


async def test_the_app_shows_the_read_only_banner_for_a_chmod_444_watchlist(small_catalog,
                                                                         store):
    from watchnext.tui.app import make_app

    store.write_text(ENTRY)
    store.chmod(0o444)
    app = make_app(small_catalog, store, paths.config_file(), cursor_blink=False,
                   watch_files=False, tune_gc=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        banner = app.screen.query_one(".banner")
        assert banner.display
        await pilot.press("down", "a")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(n.severity == "error" for n in app._notifications)
    assert store.read_text() == ENTRY


# ---------------------------------------------------------------------------------------------
# 10. long imports: progress, and a fast unmatched path


def test_run_import_reports_progress(store, catalog):
    rows = [Row(line=n + 2, raw=f"Nothing {n}", name=f"Nothing Like It {n}", year=2000)
            for n in range(450)]
    calls = []
    run_import(Watchlist.open(), catalog, ImportFile(Path("x.csv"), "letterboxd", "test", rows),
               dry_run=True, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(0, 450), (200, 450), (400, 450), (450, 450)]


@pytest.mark.parametrize("tty", [False, True])
def test_import_progress_line_only_for_a_long_import(tty):
    class Stream(io.StringIO):
        def isatty(self):
            return tty

    now = [0.0]
    stream = Stream()
    progress = ImportProgress(stream, clock=lambda: now[0])
    progress(0, 1000)
    now[0] = 0.5
    progress(200, 1000)
    assert stream.getvalue() == ""  # a short import prints nothing but its report
    now[0] = 1.5
    progress(400, 1000)
    now[0] = 1.6
    progress(600, 1000)  # too soon after the last line
    progress.close()
    if tty:
        assert stream.getvalue() == "\rmatching rows: 400 of 1,000 (40%)\x1b[K\r\x1b[K"
    else:
        assert stream.getvalue() == "watchnext: matching rows: 400 of 1,000 (40%)\n"


def test_the_fuzzy_pool_finds_exactly_what_scoring_every_key_finds():
    rng = random.Random(11)
    words = ["the", "night", "of", "a", "house", "lost", "river", "king", "blue", "2",
             "über", "東京", "love", "dark"]
    keys = [" ".join(rng.choice(words) for _ in range(rng.randint(1, 5))) for _ in range(3000)]
    titles = [Title(id=f"t{n}", title=k, year=2000, kind="film") for n, k in enumerate(keys)]
    pool = _Pool(list(zip(keys, titles)))
    for _ in range(200):
        q = rng.choice(keys)
        i = rng.randrange(len(q) + 1)
        q = q[:i] + rng.choice(["", "x", "e", " "]) + q[i + 1:]
        for threshold in (90.0, 94.0):
            want = [(k, t.id) for k, t in zip(keys, titles)
                    if fuzz.ratio(q, k, score_cutoff=threshold)]
            assert [(k, t.id) for k, _, t in pool.close(q, threshold)] == want


# ---------------------------------------------------------------------------------------------
# 12. config.toml: the theme line only; a BOM


def test_picking_a_theme_changes_only_the_theme_line(tmp_path):
    p = tmp_path / "config.toml"
    text = ('# my settings\ntheme = "nord"   # the blue one\n\n'
            '[keys]\n# add with +\n"watchlist.add" = "plus"\n')
    p.write_text(text)
    assert save_theme(load_config(p), "dracula") is None
    assert p.read_text() == text.replace('"nord"', '"dracula"')
    assert load_config(p).theme == "dracula" and load_config(p).keys == {"watchlist.add": "plus"}


def test_a_theme_is_added_after_the_opening_comments(tmp_path):
    p = tmp_path / "config.toml"
    text = '# my settings\n\n[keys]\n"watchlist.add" = "plus"\n'
    p.write_text(text)
    assert save_theme(load_config(p), "gruvbox") is None
    assert p.read_text() == text.replace("# my settings\n", '# my settings\ntheme = "gruvbox"\n')
    missing = tmp_path / "new" / "config.toml"
    assert save_theme(load_config(missing), "nord") is None
    assert missing.read_text() == 'theme = "nord"\n'


def test_a_config_with_a_bom_is_read_and_keeps_its_bom(tmp_path):
    p = tmp_path / "config.toml"
    text = '\ufefftheme = "nord"\r\n[keys]\r\n"app.watchlist" = "w"\r\n'
    p.write_bytes(text.encode())
    cfg = load_config(p)
    assert cfg.problems == [] and cfg.theme == "nord" and cfg.keys == {"app.watchlist": "w"}
    assert save_theme(cfg, "dracula") is None
    assert p.read_bytes() == text.replace("nord", "dracula").encode()


def test_a_read_only_or_linked_config(tmp_path):
    p = tmp_path / "config.toml"
    p.write_text('theme = "nord"\n')
    p.chmod(0o444)
    problem = save_theme(load_config(p), "dracula")
    assert problem and "read-only" in problem and str(p) in problem
    assert p.read_text() == 'theme = "nord"\n'
    p.chmod(0o644)
    link = tmp_path / "link.toml"
    link.symlink_to(p)
    assert save_theme(load_config(link), "dracula") is None
    assert link.is_symlink() and p.read_text() == 'theme = "dracula"\n'


# ---------------------------------------------------------------------------------------------
# 13. smaller


def test_a_version_that_is_not_a_number_is_invalid_not_newer(run, store):
    store.write_text(ENTRY.replace("version = 1", 'version = "1"'))
    code, _, err = run("watchlist")
    assert code == 1
    one_error(err, str(store), "line 1", "version = '1' is not valid")
    assert "newer" not in err


def test_a_tag_error_points_at_the_tags_line(run, store):
    store.write_text(ENTRY + 'status = "want"\ntags = ["a", 3]\n')
    code, _, err = run("watchlist")
    assert code == 1
    one_error(err, f"{store}: line 8:", "tag 3")


def test_empty_file_names_are_errors(run, store):
    store.write_text(ENTRY)
    code, out, err = run("watchlist", "export", "--format", "csv", "-o", "")
    assert code == 1 and out == ""
    one_error(err, "-o ''", "file name is empty")
    code, out, err = run("watchlist", "import", "")
    assert code == 1
    one_error(err, "file name is empty")
    assert "folder" not in err
    assert store.read_text() == ENTRY


def test_catalog_without_a_subcommand_prints_usage_and_exits_2(run):
    code, out, err = run("catalog")
    assert code == 2 and out == ""
    assert "usage: watchnext catalog" in err and "give a subcommand" in err


def test_a_letterboxd_title_year_csv_imports(run, store, tmp_path):
    f = write(tmp_path, "films.csv", "Title,Year\nParasite,2019\nAmelie,2001\n")
    assert read_import(f).kind == "Letterboxd import format"
    code, out, err = run("watchlist", "import", str(f))
    assert code == 0, err
    assert ids() == ["wn-parasite", "wn-amelie"]
