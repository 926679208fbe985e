"""The domain never imports textual: the CLI stays fast and the layers stay apart."""

import subprocess
import sys


def test_domain_and_cli_do_not_import_textual():
    code = (
        "import sys, watchnext, watchnext.cli, watchnext.loader, watchnext.catalog\n"
        "import importlib\n"
        "for m in ('watchnext.search', 'watchnext.similar', 'watchnext.watchlist', 'watchnext.build'):\n"
        "    try: importlib.import_module(m)\n"
        "    except ImportError: pass\n"
        "watchnext.cli.build_parser()\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_a_command_imports_only_its_own_module():
    """`watchnext search` does not pay for the watchlist's and the catalog builder's modules
    (about 40 ms of every search); `--help` still lists every command."""
    code = (
        "import sys, watchnext.cli\n"
        "p = watchnext.cli.build_parser(['search', 'x'])\n"
        "print(','.join(sorted(m for m in ('watchnext.cli.watchlist', 'watchnext.watchlist',\n"
        "                                  'watchnext.cli.catalog', 'watchnext.stats') if m in sys.modules)))\n"
        "print(' '.join(watchnext.cli.build_parser([])._subparsers._group_actions[0].choices))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded, commands = out.stdout.splitlines()
    assert loaded == ""
    assert commands.split() == ["catalog", "show", "search", "similar", "watchlist", "stats"]


def test_a_search_does_not_import_dataclasses_or_hashlib(tmp_path):
    """`watchnext search x` (warm) imports neither dataclasses (inspect, dis, ast, tokenize: 5-16 ms)
    nor hashlib (OpenSSL: 2-7 ms): the search's Filters, ParsedQuery and SearchIndex are plain
    classes and the catalog's key is a digest from CPython's own sha256. (#9: a warm search
    within 4x `import watchnext`.) """
    code = (
        "import sys, io, contextlib, watchnext.cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    rc = watchnext.cli.main(['search', 'x'])\n"
        "print(rc, ','.join(m for m in ('dataclasses', 'hashlib', 'inspect') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0"], out.stdout + out.stderr
