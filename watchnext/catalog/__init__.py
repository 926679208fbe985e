"""The catalog: every title we know, read from the shipped files and the user's own catalogs.

    cat = load_catalog()          # opened from the compiled catalog, not parsed (load.py)
    cat.get(id); cat.find(name, year); cat.resolve(name, year); cat.by_imdb("tt0114709")

The package, one module per concern:

    lookup.py   Catalog: by id, alias, title and year, IMDb id; "did you mean" (suggest)
    load.py     load_catalog: the compiled shipped catalog, the user's catalogs on top; the
                TOML parse; compiling it (with the indexes registered below)
    records.py  reading a titles file into records, validated: one problem line per bad one
    vocab.py    the people and theme aliases of the shipped vocabularies
    cache.py    the cache folder, used only when it is this user's own
    describe.py a title described for a person (`watchnext show`, the app's detail pane)

It imports no index: search/ and similar/ sit above it, and register the index a compiled
catalog stores for them (register_index, when they are imported, which `import watchnext` does).
`import watchnext` imports this file and lookup.py only; load.py is read on the first
load_catalog() (it is what a warm start needs least).
"""

from __future__ import annotations

from .lookup import MAX_NAME, Catalog, LazyTitles, title_keys, titles_named

__all__ = ["MAX_NAME", "Catalog", "LazyTitles", "load_catalog", "register_index", "title_keys",
           "titles_named"]

# the indexes a compiled catalog stores beside its titles: kind -> (what is said while it is
# built, blobs(catalog, postings) -> {name: bytes}, which may fill `postings`, a dict, with keyed
# postings stored as a table of their own). The catalog writes what they give (load.py).
INDEX_BUILDERS: dict = {}


def register_index(kind: str, what: str, blobs) -> None:
    INDEX_BUILDERS[kind] = (what, blobs)


def load_catalog(*args, **kwargs) -> Catalog:
    """See load.load_catalog."""
    from .load import load_catalog as _load

    return _load(*args, **kwargs)
