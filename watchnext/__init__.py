"""watchnext: decide what to watch next, in a terminal.

Public API (stable; the CLI, the TUI and tests use it):

    import watchnext
    cat = watchnext.load_catalog()
    hits = watchnext.search(cat, "korean revenge", limit=20)   # [Hit(title, score, matched)]
    recs = watchnext.similar(cat, title, limit=20)             # [Match(title, score, reasons)]
"""

from __future__ import annotations

__version__ = "0.1.0"

from .catalog import Catalog, load_catalog
from .model import Hit, Match, Title
# the functions: the packages watchnext.search and watchnext.similar stay importable by name
# (importlib.import_module, `from watchnext.search import ...`); see their __init__.py
from .search import search
from .similar import similar


__all__ = ["Catalog", "Hit", "Match", "Title", "load_catalog", "search", "similar", "__version__"]
