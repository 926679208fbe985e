"""Every on-disk location in one place (platformdirs honours XDG_* variables on Linux)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "watchnext"


def shipped_catalog_dir() -> Path:
    """$WATCHNEXT_CATALOG if set (tests, experiments); else the catalog that ships inside the package (copied there from catalog/ at build time),
    or the source tree's catalog/ when running from a checkout."""
    override = os.environ.get("WATCHNEXT_CATALOG")
    if override:
        return Path(override)
    here = Path(__file__).resolve().parent
    packaged = here / "data" / "catalog"
    if (packaged / "titles").is_dir():
        return packaged
    return here.parent / "catalog"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP))


def user_catalog_dir() -> Path:
    return config_dir() / "catalogs"


def config_file() -> Path:
    return config_dir() / "config.toml"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP))


def watchlist_file() -> Path:
    return data_dir() / "watchlist.toml"


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir(APP))
