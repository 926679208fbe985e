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
from .search import search  # the function: the package watchnext.search stays importable by name


def similar(catalog: Catalog, title, limit: int = 20, **kwargs) -> list[Match]:
    from .similar import similar as _similar

    return _similar(catalog, title, limit=limit, **kwargs)


__all__ = ["Catalog", "Hit", "Match", "Title", "load_catalog", "search", "similar", "__version__"]
