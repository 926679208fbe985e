"""Where the raw (unshipped) sources are, for the tests that rebuild from them."""

from __future__ import annotations

import os
from pathlib import Path


def shared_data_dir() -> Path:
    """The raw sources (not shipped): $WATCHNEXT_SHARED_DATA, else ../shared/data beside the
    checkout, else /work/shared/data. Tests that need them skip when none exists."""
    for cand in (os.environ.get("WATCHNEXT_SHARED_DATA"),
                 Path(__file__).resolve().parents[2] / "shared" / "data", "/work/shared/data"):
        if cand and (Path(cand) / "netflix_titles.csv").exists():
            return Path(cand)
    return Path("/nonexistent")
