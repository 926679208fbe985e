"""The import-linter contracts of pyproject.toml ([tool.importlinter]: the layers, the builder
used by the CLI only, Textual only in the app), kept by the code as it is."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = lint_imports(config_filename=os.fspath(ROOT / "pyproject.toml"), no_cache=True,
                            no_logo=True)
    report = out.getvalue()
    assert "Contracts: 5 kept, 0 broken." in report, report
    assert code == 0
