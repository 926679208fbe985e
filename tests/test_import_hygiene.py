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
