"""The README runs as written: every `watchnext ...` line of its shell examples, in order, against
the test catalog (with the titles the examples name, tests/data/more_titles.toml), exits as it
should; its Python example runs; its quick start names make targets that exist; its counts are
the shipped catalog's."""

from __future__ import annotations

import os
import re
import shlex
import shutil
from pathlib import Path

import pytest

from test_cli import more_catalog  # noqa: F401 - a fixture
from watchnext.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

# lines (whole) that do not run here, and why
NOT_HERE = {
    ("watchnext",): "opens the terminal app: tests/tui",
}
# lines whose exit code is not 0 here, and why
EXIT = {
    ("watchnext", "catalog", "build"): (1, "needs the raw sources (../shared/data): not in tests"),
}

LETTERBOXD_WATCHLIST = """\
Date,Name,Year,Letterboxd URI
2023-01-05,Parasite,2019,https://boxd.it/hTha
2023-01-06,Squid Game,2021,https://boxd.it/xxxx
"""


def blocks(lang: str) -> list[str]:
    """The README's fenced blocks of that language ("" for none)."""
    fenced = re.findall(r"^```(\w*)\n(.*?)^```$", README.read_text(encoding="utf-8"), re.M | re.S)
    return [text for kind, text in fenced if kind == lang]


def shell_lines(prog: str) -> list[tuple[str, list[str]]]:
    """(line, argv) for each line of the README's sh blocks that runs `prog`; `[OPTIONAL]`
    placeholders and comments left out, ~ expanded."""
    out = []
    for block in blocks("sh"):
        for line in block.splitlines():
            argv = [os.path.expanduser(a) for a in shlex.split(line, comments=True)
                    if not re.fullmatch(r"\[.*\]", a)]
            if argv and argv[0] == prog:
                out.append((line.split("  #")[0].strip(), argv))
    return out


def _rule(table: dict, argv: list[str]):
    for n in range(len(argv), 0, -1):
        if tuple(argv[:n]) in table:
            return table[tuple(argv[:n])]
    return None


@pytest.fixture
def readme_home(tmp_path, monkeypatch):
    """~/Downloads/watchlist.csv to import, and a working folder to export into."""
    downloads = Path(os.path.expanduser("~/Downloads"))
    assert str(downloads).startswith(str(tmp_path))  # conftest: HOME is a tmp dir
    downloads.mkdir(parents=True)
    (downloads / "watchlist.csv").write_text(LETTERBOXD_WATCHLIST, encoding="utf-8")
    history = Path(__file__).parent / "data" / "history"  # the histories the README imports
    shutil.copy(history / "NetflixViewingHistory.csv", downloads)
    shutil.copy(history / "letterboxd-someone-2024-04-01-10-12-utc.zip",
                downloads / "letterboxd-export.zip")
    shutil.copytree(history / "trakt", downloads / "trakt")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # `export -o letterboxd.csv` writes here


@pytest.fixture
def readme_env(more_catalog, readme_home):
    # the README test's catalog has the themes it uses in its vocabulary, so that `catalog
    # validate` passes (the shared test catalog does not: other tests rely on that)
    import tomllib

    themes = {th for f in (more_catalog / "titles").glob("*.toml")
              for t in tomllib.loads(f.read_text(encoding="utf-8"))["titles"]
              for th in t.get("themes", [])}
    vocab = more_catalog / "vocab" / "themes.toml"
    known = {t["name"] for t in tomllib.loads(vocab.read_text(encoding="utf-8"))["themes"]}
    with vocab.open("a", encoding="utf-8") as fh:
        for th in sorted(themes - known):
            fh.write(f'\n[[themes]]\nname = "{th}"\n')
    return more_catalog


def test_the_readme_has_shell_examples():
    lines = [line for line, _ in shell_lines("watchnext")]
    assert len(lines) > 20
    assert 'watchnext watchlist set "The Glory" --progress S1E8 --status watching' in lines


def test_every_readme_command_line_runs_as_written(readme_env, capsys):
    run_readme(capsys)


@pytest.mark.slow
def test_every_readme_command_line_runs_on_the_shipped_catalog(readme_home, capsys):
    # the names the README uses mean one title in the real catalog too (three films are called
    # Ballerina, two Parasite); rebuilding the shipped catalog is left out
    run_readme(capsys, leave_out={("watchnext", "catalog", "build"),
                                  ("watchnext", "catalog", "compile")})


def run_readme(capsys, leave_out=frozenset()) -> None:
    wrong = []
    ran = 0
    for line, argv in shell_lines("watchnext"):
        if tuple(argv) in NOT_HERE or tuple(argv[:3]) in leave_out:
            continue
        want = (_rule(EXIT, argv) or (0, ""))[0]
        try:
            code = main(argv[1:])
        except SystemExit as exit_:  # argparse
            code = exit_.code
        _, err = capsys.readouterr()
        ran += 1
        if code != want:
            wrong.append(f"{line}\n    exit {code}, expected {want}: {err.strip()[:300]}")
        elif want:
            assert len(err.strip().splitlines()) == 1, f"{line}: one line, not {err!r}"
    assert not wrong, "README lines that do not run as written:\n" + "\n".join(wrong)
    assert ran > 20


def test_the_readme_python_example_runs(use_small_catalog):
    DATA = Path(__file__).parent / "data"  # (not `from conftest`: tests/tui has one too)
    import shutil

    shutil.copy(DATA / "more_titles.toml", use_small_catalog / "titles" / "more_titles.toml")
    (code,) = blocks("python")
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102 - our own README
    assert scope["hits"] and scope["recs"]
    assert all(m.title.kind == "film" and m.title.id != "nf-s1644" for m in scope["recs"])


def test_the_quick_start_make_targets_exist():
    quick = [argv for _, argv in shell_lines("make")]
    assert ["make", "run"] in quick and ["make", "test"] in quick
    targets = set(re.findall(r"^([a-z]+):", (ROOT / "Makefile").read_text(), re.M))
    assert {argv[1] for argv in quick} <= targets


@pytest.mark.slow
def test_the_readme_and_changelog_counts_are_the_shipped_catalogs():
    from watchnext.loader import load_catalog

    cat = load_catalog(include_user=False)
    films = sum(t.kind == "film" for t in cat.titles)
    series = len(cat.titles) - films
    text = README.read_text(encoding="utf-8")
    m = re.search(r"About ([\d,]+) titles \(([\d,]+) films, ([\d,]+) series\)", text)
    assert m, "the README's catalog counts"
    for said, real in zip(m.groups(), (len(cat.titles), films, series)):
        said = int(said.replace(",", ""))
        assert abs(said - real) <= 0.05 * real, (said, real)
    log = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    m = re.search(r"([\d,]+) titles \(([\d,]+) films, ([\d,]+) series\)", log)
    assert m and [int(g.replace(",", "")) for g in m.groups()] == [len(cat.titles), films, series]


def test_the_readme_json_shapes_are_what_the_commands_print(more_catalog, capsys):
    import json

    (example,) = blocks("json")
    assert main(["watchlist", "add", "Parasite", "--year", "2019"]) == 0
    capsys.readouterr()
    assert main(["watchlist", "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)[0]) == set(json.loads(example)[0])
    (shapes,) = [b for b in blocks("") if b.startswith("search  --json")]
    said = {cmd: re.findall(r'"(\w+)"', text)
            for cmd, text in re.findall(r"^(\w+) +--json -> (.*?)(?=^\w|\Z)", shapes, re.M | re.S)}
    assert main(["search", "ballerina", "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)[0]) == set(said["search"])
    assert main(["similar", "Parasite", "--year", "2019", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert set(got) == {"for", "results"}
    assert set(got["results"][0]) == set(said["similar"]) - {"for", "results"}
    assert main(["show", "Parasite", "--year", "2019", "--json"]) == 0
    assert "true_story" in json.loads(capsys.readouterr().out)
