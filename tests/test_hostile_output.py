"""Catalog and user text is data: no control character from it reaches the terminal."""

from __future__ import annotations

import json

from watchnext import paths
from watchnext.cli import main
from watchnext.text import visible

EVIL = "Evil\x1b]0;pwned\x07 \x1b[2J\u009b31m\ud800 Title"


def test_visible_escapes_every_control_character():
    out = visible(EVIL + "\n\tok")
    assert "\x1b" not in out and "\x07" not in out and "\u009b" not in out and "\ud800" not in out
    assert "\\x1b]0;pwned\\x07" in out and "\\x9b" in out and "\\ud800" in out
    assert out.endswith("\n\tok") and visible("plain [bold]x[/]") == "plain [bold]x[/]"


def test_cli_output_never_carries_control_characters(use_small_catalog, capsys):
    mine = paths.user_catalog_dir()
    mine.mkdir(parents=True, exist_ok=True)
    title = EVIL.replace("\ud800", "")  # TOML cannot hold a lone surrogate
    (mine / "evil.toml").write_text(
        '[[titles]]\nid = "u-evil"\ntitle = ' + json.dumps(title)
        + '\nyear = 2020\nkind = "film"\ngenres = ["Drama"]\ncast = ["Bad\\u001b[2JActor"]\n',
        encoding="utf-8")
    for argv in (["show", "u-evil"],
                 ["search", "evil", "--limit", "3"], ["search", "evil", "--json"],
                 ["show", "Evil pwned Titl"]):
        main(argv)
        cap = capsys.readouterr()
        for stream in (cap.out, cap.err):
            assert not any(ord(c) < 32 and c not in "\n\t" or 0x7f <= ord(c) <= 0x9f for c in stream), argv
    main(["show", "u-evil"])
    assert "\\x1b[2J" in capsys.readouterr().out


DEEP = "x = " + "[" * 600 + "]" * 600 + "\n"


def test_a_deeply_nested_user_catalog_is_skipped_and_the_rest_loads(use_small_catalog, capsys):
    mine = paths.user_catalog_dir()
    mine.mkdir(parents=True, exist_ok=True)
    (mine / "deep.toml").write_text(DEEP, encoding="utf-8")
    assert main(["show", "wn-ballerina-2023"]) == 0  # the shipped catalog still loads
    assert "Ballerina" in capsys.readouterr().out
    assert main(["catalog", "validate", str(mine)]) == 1
    cap = capsys.readouterr()
    assert "deep.toml: nested too deeply" in cap.out and "Traceback" not in cap.err


def test_a_deeply_nested_watchlist_is_refused_and_left_as_it_is(use_small_catalog, capsys):
    f = paths.watchlist_file()
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_text(DEEP, encoding="utf-8")
    before = f.read_bytes()
    assert main(["watchlist"]) == 1
    assert main(["watchlist", "add", "wn-ballerina-2023"]) == 1
    err = capsys.readouterr().err
    assert str(f) in err and "nested too deeply" in err and "Traceback" not in err
    assert f.read_bytes() == before


def test_a_deeply_nested_config_falls_back_to_defaults():
    from watchnext.tui import config

    p = paths.config_file()
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(DEEP, encoding="utf-8")
    cfg = config.load_config(p)
    assert any("nested too deeply" in x for x in cfg.problems)
    assert p.read_text(encoding="utf-8") == DEEP


def test_control_characters_in_a_user_catalog_are_flagged_and_shown_escaped(use_small_catalog, capsys):
    from watchnext.loader import load_catalog

    mine = paths.user_catalog_dir()
    mine.mkdir(parents=True, exist_ok=True)
    (mine / "evil.toml").write_text(
        '[[titles]]\nid = "u-evil"\ntitle = "A\\u001b[2JB"\nyear = 2020\nkind = "film"\n'
        'cast = ["C\\u009bD"]\n', encoding="utf-8")
    t = load_catalog().get("u-evil")
    # what every screen (CLI, app) gets is already safe: no control character left in it
    assert t.title == "A\\x1b[2JB" and t.cast == ("C\\x9bD",)
    assert main(["catalog", "validate", str(mine)]) == 1
    out = capsys.readouterr().out
    assert "field 'title' holds control characters" in out and "field 'cast'" in out
