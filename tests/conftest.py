"""Shared fixtures. Every test runs with XDG dirs in tmp: the real user's files are never touched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

SMALL_CATALOG = DATA / "catalog"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path, monkeypatch):
    """Point platformdirs (XDG on Linux) at tmp dirs for every test."""
    dirs = {}
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        d = tmp_path / "xdg" / var.lower()
        d.mkdir(parents=True)
        monkeypatch.setenv(var, str(d))
        dirs[var] = d
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return dirs


@pytest.fixture
def small_catalog_dir(tmp_path) -> Path:
    """A private copy of the small test catalog (tests may edit it)."""
    dest = tmp_path / "catalog"
    shutil.copytree(SMALL_CATALOG, dest)
    return dest


@pytest.fixture
def small_catalog(small_catalog_dir):
    from watchnext.loader import load_catalog

    return load_catalog(small_catalog_dir, use_cache=False)


@pytest.fixture
def use_small_catalog(small_catalog_dir, monkeypatch):
    """Make watchnext.load_catalog() (CLI, TUI) load the small test catalog."""
    monkeypatch.setenv("WATCHNEXT_CATALOG", str(small_catalog_dir))
    return small_catalog_dir


@pytest.fixture(scope="session")
def shipped_catalog():
    """The shipped catalog, parsed once per test run (no disk cache: session scope runs outside
    the per-test tmp XDG dirs)."""
    from watchnext import paths
    from watchnext.loader import load_catalog

    cat = load_catalog(paths.shipped_catalog_dir(), use_cache=False, include_user=False)
    cat.fingerprint = ""
    return cat
