"""Fuzzing: generated user catalogs, watchlists, config files and import files (Letterboxd,
IMDb, our JSON), each run through the real CLI entry (`watchnext.cli.main`, in-process).

Whatever the file holds, a command ends with exit 0 or a clean non-zero (no traceback), a
message that says which file, the watchlist's bytes untouched when a change was refused (and
by a dry run), nothing lost when one was accepted, and no control character on stdout or
stderr. Bounded: the whole file runs in well under a minute."""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchnext import paths
from watchnext.cli import main
from watchnext.model import SCHEMA as FIELDS
from watchnext.watchlist import Watchlist

# WATCHNEXT_FUZZ_EXAMPLES=400 for a deeper run (about 4 minutes)
FUZZ = settings(max_examples=int(os.environ.get("WATCHNEXT_FUZZ_EXAMPLES", "40")), deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

# ------------------------------------------------------------------ values

NASTY = ["", " ", "\x1b[2J", "\x1b]0;pwned\x07", "\x9b31m", "[bold]x[/]", "[link=x]y[/link]",
         "inf", "-inf", "nan", "1e309", "1" + "0" * 400, "0", "-1", "4.5", "10", "½", "★★★",
         "tt0000001", "tt1234567", "2024-13-45", "2024-02-29", "2023-02-29", "S2E8", "s0e0",
         "Oldboy", "Parasite", "The Call", "Ballerina", "\ufeff", "a,b", '"', "\\", "\r\n",
         "x" * 300, "\u202e", "\x00", "é", "발레리나", "🎬"]


def texts(max_size: int = 12):
    """Text with controls, markup, odd numbers and titles that exist (but no lone surrogate:
    TOML, JSON-as-UTF-8 and CSV-as-UTF-8 cannot hold one)."""
    chars = st.characters(blacklist_categories=("Cs",))
    return st.one_of(st.sampled_from(NASTY), st.text(chars, max_size=max_size),
                     st.builds(lambda a, b: a + b, st.sampled_from(NASTY), st.sampled_from(NASTY)))


def scalars():
    return st.one_of(texts(), st.integers(), st.integers(-2**70, 2**70), st.booleans(),
                     st.floats(allow_nan=True, allow_infinity=True))


def values(depth: int = 2):
    if depth == 0:
        return scalars()
    inner = values(depth - 1)
    return st.one_of(scalars(), st.lists(inner, max_size=3),
                     st.dictionaries(st.sampled_from(["a", "id", "title", "x"]), inner, max_size=2))


@st.composite
def mutated(draw, text: str) -> str:
    """The text, or the text hand-edited badly: characters dropped, doubled or inserted."""
    for _ in range(draw(st.integers(0, 3))):
        if not text:
            break
        i = draw(st.integers(0, len(text) - 1))
        op = draw(st.sampled_from(["drop", "dup", "insert", "cut"]))
        if op == "drop":
            text = text[:i] + text[i + 1:]
        elif op == "dup":
            text = text[:i] + text[i] * 2 + text[i:]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(['"', "[", "]", "=", "\n", "{", ",", "\\",
                                                    "\x1b", "[[entries]]\n", "'''"])) + text[i:]
        else:
            text = text[:i]
    return text


def toml_doc(draw, doc: dict) -> str:
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):  # a value TOML cannot write: a hand-written file then
        text = "\n".join(f"{k} = {json.dumps(v, default=str)}" for k, v in doc.items())
    return draw(mutated(text)) if draw(st.booleans()) else text


# ------------------------------------------------------------------ checks

def _control(s: str) -> bool:
    return any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F
               or unicodedata.category(c) == "Cs" for c in s)


def run(capsys, argv: list[str], report: bool = False) -> tuple[int, str, str]:
    """One command, as a person runs it: it may fail, but only with a message (report=True:
    a report on stdout, like `catalog validate`, rather than an error line)."""
    try:
        rc = main(argv)
    except SystemExit as exit_:  # argparse: a usage message, exit 2
        rc = exit_.code
    cap = capsys.readouterr()
    assert rc in (0, 1, 2), (argv, rc, cap.err)
    assert "Traceback" not in cap.err, cap.err
    assert not _control(cap.out) and not _control(cap.err), (argv, cap.out[-300:], cap.err[-300:])
    if rc and not report:
        errors = [line for line in cap.err.splitlines() if line.startswith("watchnext: error:")]
        assert errors or "usage:" in cap.err, (argv, cap.err)
    return rc, cap.out, cap.err


def names_file(err: str, name: str) -> bool:
    return name in err.replace("\n", " ")


def wl_ids(path) -> list[str] | None:
    wl = Watchlist.open(path)
    return None if wl.read_only else [e.id for e in wl.entries()]


# ------------------------------------------------------------------ user catalogs

KNOWN_IDS = ["wn-oldboy-2003", "wn-parasite-2019", "u-1", "u-2", "u-3"]


def required(draw) -> dict:
    """id, title and year (what a catalog record and a watchlist entry both need), each
    usually there and usually sensible."""
    rec: dict = {}
    for name, good in (("id", st.sampled_from(KNOWN_IDS)), ("title", st.sampled_from(NASTY)),
                       ("year", st.integers(1870, 2030))):
        if draw(st.integers(0, 9)):
            rec[name] = draw(st.one_of(good, texts() if name != "year" else scalars()))
    return rec


@st.composite
def user_titles(draw):
    rec = required(draw)
    if draw(st.integers(0, 9)):
        rec["kind"] = draw(st.one_of(st.sampled_from(["film", "series"]), texts()))
    for name in draw(st.lists(st.sampled_from(sorted(FIELDS)), max_size=5)):
        typ = FIELDS[name][0]
        good = (st.lists(texts(), max_size=3) if typ is list else
                st.integers(0, 3000) if typ is int else texts())
        rec[name] = draw(st.one_of(good, values()))
    if draw(st.integers(0, 4)) == 0:
        rec[draw(st.sampled_from(["colour", "x", "titles"]))] = draw(values())
    return rec


@FUZZ
@given(data=st.data())
def test_fuzzed_user_catalogs(use_small_catalog, capsys, data):
    mine = paths.user_catalog_dir()
    mine.mkdir(parents=True, exist_ok=True)
    f = mine / "fuzz.toml"
    titles = data.draw(st.lists(user_titles(), max_size=4))
    doc: dict = {"titles": titles}
    if data.draw(st.integers(0, 5)) == 0:
        doc = {"titles": data.draw(values())}
    f.write_text(toml_doc(data.draw, doc), encoding="utf-8")

    rc, out, err = run(capsys, ["catalog", "validate", str(mine)], report=True)
    assert rc in (0, 1)
    if rc:
        assert names_file(out + err, "fuzz.toml"), out + err
    # a bad user file never stops the shipped catalog: search and show still answer
    rc, out, err = run(capsys, ["search", "oldboy", "--limit", "3"])
    assert rc == 0, err
    for line in err.splitlines():
        if "warning" in line:
            assert "fuzz.toml" in line, line
    run(capsys, ["show", "u-1"])
    run(capsys, ["similar", "--id", "u-1", "--limit", "3"])


# ------------------------------------------------------------------ watchlists

STATUS = ["want", "watching", "watched", "dropped"]


@st.composite
def entries(draw):
    e = required(draw)
    choices = {
        "status": st.one_of(st.sampled_from(STATUS), texts()),
        "added": st.one_of(st.just("2024-01-02"), texts()),
        "watched": st.one_of(st.just("2024-03-04"), texts()),
        "rating": st.one_of(st.sampled_from([0.5, 3, 4.5, 5]), scalars()),
        "note": texts(),
        "tags": st.one_of(st.lists(texts(), max_size=3), scalars()),
        "priority": st.one_of(st.integers(-3, 3), scalars()),
        "progress": st.one_of(st.just("S1E2"), texts()),
        "imdb": st.one_of(st.just("tt0364569"), texts()),
        "extra_field": values(),
    }
    for name in draw(st.lists(st.sampled_from(sorted(choices)), max_size=6, unique=True)):
        e[name] = draw(choices[name])
    return e


def watchlist_text(draw) -> str:
    doc: dict = {}
    if draw(st.integers(0, 5)):
        doc["version"] = draw(st.one_of(st.just(1), scalars()))
    doc["entries"] = draw(st.lists(entries(), max_size=4))
    if draw(st.integers(0, 6)) == 0:
        doc["entries"] = draw(values())
    return toml_doc(draw, doc)


@FUZZ
@given(data=st.data())
def test_fuzzed_watchlists(use_small_catalog, capsys, data):
    wl = paths.watchlist_file()
    wl.parent.mkdir(parents=True, exist_ok=True)
    wl.write_text(watchlist_text(data.draw), encoding="utf-8")
    before = wl.read_bytes()
    ids = wl_ids(wl)

    rc, out, err = run(capsys, ["watchlist"])
    assert (rc == 0) == (ids is not None), err
    if rc:
        assert names_file(err, str(wl)), err
    run(capsys, ["watchlist", "--json"])
    run(capsys, ["watchlist", "export", "--format", data.draw(
        st.sampled_from(["json", "csv", "letterboxd", "imdb"]))])
    assert wl.read_bytes() == before  # reading never writes

    change = data.draw(st.sampled_from([
        ["watchlist", "add", "--id", "wn-oldboy-2003", "--note", "ok \x1b[2J"],
        ["watchlist", "set", "wn-parasite-2019", "--rating", "4"],
        ["watchlist", "remove", "--id", "wn-parasite-2019"],
        ["watchlist", "set", "wn-oldboy-2003", "--tag", "night"],
    ]))
    rc, out, err = run(capsys, change)
    if rc:
        assert wl.read_bytes() == before, (change, err)  # refused: untouched
        if ids is None:
            assert names_file(err, str(wl)), err
    else:
        after = wl_ids(wl)
        assert after is not None, "a save left a watchlist that does not read back"
        kept = [i for i in ids if not (change[1] == "remove" and i == "wn-parasite-2019")]
        assert set(kept) <= set(after), (ids, after)  # nothing else lost


# ------------------------------------------------------------------ config files

@st.composite
def config_text(draw) -> str:
    doc: dict = {}
    if draw(st.integers(0, 3)):
        doc["theme"] = draw(st.one_of(st.sampled_from(["gruvbox", "nord", "textual-dark"]),
                                      scalars()))
    if draw(st.booleans()):
        doc["keys"] = draw(st.one_of(
            st.dictionaries(st.one_of(st.sampled_from(["watchlist.add", "app.quit", "x.y"]),
                                      texts()),
                            st.one_of(st.sampled_from(["plus", "a,b", "ctrl+w"]), scalars()),
                            max_size=3),
            values()))
    if draw(st.integers(0, 4)) == 0:
        doc[draw(texts())] = draw(values())
    text = toml_doc(draw, doc)
    if draw(st.integers(0, 5)) == 0:
        text = "# my settings\n" + text
    if draw(st.integers(0, 8)) == 0:
        text = "\ufeff" + text
    return text


@FUZZ
@given(text=config_text())
def test_fuzzed_config_files(text):
    from watchnext.tui.config import load_config, save_theme

    p = paths.config_file()
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    before = p.read_bytes()
    cfg = load_config(p)  # never raises
    for problem in cfg.problems:
        assert str(p) in problem and "\n" not in problem.strip(), problem
    assert p.read_bytes() == before
    if not cfg.writable:
        assert save_theme(cfg, "nord") is None or p.read_bytes() == before
        assert p.read_bytes() == before  # a file we could not read is never rewritten
    else:
        problem = save_theme(cfg, "nord")
        if problem is None:
            again = load_config(p)
            assert again.theme == "nord", (text, p.read_text(encoding="utf-8"))


async def test_the_app_starts_with_hostile_configs(small_catalog):
    """The app reads its config at start (the fuzzed ones above go through load_config; these
    few through the pilot): it starts, says what is wrong, and leaves the file alone."""
    from watchnext.tui.app import make_app

    wl_path, config_path = paths.watchlist_file(), paths.config_file()
    for text in ('[keys]\n"watchlist.add" = 5\n', 'theme = "\x1b[2J"\n', "keys = [[[[1]]]]\n",
                 '\ufefftheme = "nord"\n[keys]\n"x.y" = "a"\n[keys.z]\n', "theme = \n"):
        config_path.parent.mkdir(parents=True, exist_ok=True)
        config_path.write_text(text, encoding="utf-8")
        app = make_app(small_catalog, wl_path, config_path, cursor_blink=False,
                       watch_files=False, tune_gc=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert app.is_running
            shown = " ".join(str(n.message) for n in app._notifications)
            assert not _control(shown)
        assert config_path.read_text(encoding="utf-8") == text


# ------------------------------------------------------------------ import files

LB_COLS = ["Date", "Name", "Title", "Year", "Letterboxd URI", "imdbID", "Rating", "Rating10",
           "Tags", "Watched Date", "WatchedDate", "Review", "Colour"]
IMDB_COLS = ["Const", "Your Rating", "Date Rated", "Title", "Original Title", "URL",
             "Title Type", "Year", "Created", "Position", "Description"]


@st.composite
def csv_text(draw, columns: list[str]) -> str:
    header = draw(st.lists(st.sampled_from(columns), min_size=1, max_size=7, unique=True))
    if "Name" not in header and "Title" not in header and draw(st.booleans()):
        header.insert(0, "Name" if columns is LB_COLS else "Title")
    cell = st.one_of(texts(), st.sampled_from(["2019", "2003", "tt6751668", "tt0364569",
                                                "movie", "tvSeries", "2024-01-02", "4.5", "8"]))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=len(header) + 1), max_size=5))
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    text = buf.getvalue()
    return draw(mutated(text)) if draw(st.integers(0, 3)) == 0 else text


@st.composite
def json_text(draw) -> str:
    rows = draw(st.lists(st.one_of(entries(), values()), max_size=5))
    doc = rows if draw(st.integers(0, 5)) else draw(values())
    if draw(st.integers(0, 8)) == 0:
        doc = [{"id": "wn-oldboy-2003", "title": "Oldboy", "year": 2003,
                "extra": draw(st.dictionaries(st.sampled_from(["rating", "status", "x"]),
                                              values(), max_size=2))}]
    if draw(st.integers(0, 10)) == 0:
        text = "[" * 1500 + "]" * 1500
    else:
        text = json.dumps(doc, ensure_ascii=draw(st.booleans()), allow_nan=True, default=str)
    return draw(mutated(text)) if draw(st.integers(0, 3)) == 0 else text


IMPORTS = {"letterboxd.csv": csv_text(LB_COLS), "imdb.csv": csv_text(IMDB_COLS),
           "watchlist.json": json_text()}

START = ('version = 1\n\n[[entries]]\nid = "wn-parasite-2019"\ntitle = "Parasite"\nyear = 2019\n'
         'status = "watched"\nadded = "2024-01-02"\nrating = 5.0\n')


@FUZZ
@given(data=st.data())
def test_fuzzed_import_files(use_small_catalog, capsys, tmp_path, data):
    name = data.draw(st.sampled_from(sorted(IMPORTS)))
    src = tmp_path / name
    src.write_text(data.draw(IMPORTS[name]), encoding="utf-8")
    wl = paths.watchlist_file()
    wl.parent.mkdir(parents=True, exist_ok=True)
    wl.write_text(START, encoding="utf-8")
    before = wl.read_bytes()
    fmt = data.draw(st.sampled_from(["auto", "auto", {"letterboxd.csv": "letterboxd",
                                                       "imdb.csv": "imdb",
                                                       "watchlist.json": "json"}[name]]))

    rc, out, err = run(capsys, ["watchlist", "import", str(src), "--format", fmt, "--dry-run"])
    assert wl.read_bytes() == before  # a dry run writes nothing
    if rc:
        assert names_file(err, name), err
    rc, out, err = run(capsys, ["watchlist", "import", str(src), "--format", fmt])
    if rc:
        assert wl.read_bytes() == before, err
        assert names_file(err, name) or names_file(err, str(wl)), err
    else:
        after = wl_ids(wl)
        assert after is not None and "wn-parasite-2019" in after
        run(capsys, ["watchlist"])


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_an_import_file_that_is_not_text_is_refused_by_name(use_small_catalog, capsys, tmp_path,
                                                           name):
    src = tmp_path / name
    src.write_bytes(b"\xff\xfe\x00bad\x80\x1b[2J" * 10)
    wl = paths.watchlist_file()
    wl.parent.mkdir(parents=True, exist_ok=True)
    wl.write_text(START, encoding="utf-8")
    before = wl.read_bytes()
    rc, out, err = run(capsys, ["watchlist", "import", str(src)])
    assert rc == 1 and names_file(err, name) and wl.read_bytes() == before
