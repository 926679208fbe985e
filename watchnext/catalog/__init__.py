"""The catalog: every title we know, read from the shipped files and the user's own catalogs.

    cat = load_catalog()          # opened from the compiled catalog, not parsed (load.py)
    cat.get(id); cat.find(name, year); cat.resolve(name, year); cat.by_imdb("tt0114709")

The package, one module per concern:

    lookup.py   Catalog: by id, alias, title and year, IMDb id; "did you mean" (suggest)
    load.py     load_catalog: the compiled shipped catalog, the user's catalogs on top; the
                TOML parse; compiling it (with the indexes registered in indexes.py)
    records.py  reading a titles file into records, validated: one problem line per bad one
    vocab.py    the people and theme aliases of the shipped vocabularies
    cache.py    the cache folder, used only when it is this user's own
    indexes.py  the indexes a compiled catalog stores, registered by search/ and similar/

It imports no index: search/ and similar/ sit above it and register theirs (indexes.py).
`import watchnext` imports this file and lookup.py only; load.py is read on the first
load_catalog() (it is what a warm start needs least).
"""

from __future__ import annotations

from .lookup import MAX_NAME, Catalog, LazyTitles, title_keys, titles_named

__all__ = ["MAX_NAME", "Catalog", "LazyTitles", "load_catalog", "title_keys", "titles_named"]


def load_catalog(*args, **kwargs) -> Catalog:
    """See load.load_catalog."""
    from .load import load_catalog as _load

    return _load(*args, **kwargs)
