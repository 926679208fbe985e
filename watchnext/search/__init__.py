"""Search: one query box that finds titles by anything a person types.

    hits = search(catalog, "korean revenge", limit=20)     # [Hit(title, score, matched)]

What a query can hold (words combine: every word must match something, best matches first;
only when no title matches every word are those matching all words but one listed, below):

- a title, with typos or missing spaces: ``balerina``, ``squidgame``, ``the cal``; an original
  title: ``발레리나``; a query that spells a title, article and all, puts it first ("heat" is
  Heat, then The Heat); with a year (``ballerina 2023``), that year's title first and the others
  of that name after it;
- people, by any alias the catalog knows: ``jun jong-seo``, ``keanu reeves``, ``scorsese``;
- genres, themes (and their aliases), countries and demonyms (``korean``, ``british``),
  languages, years (``2023``) and decades (``90s``), ``series`` / ``film``, ``netflix``;
- filters: ``genre:comedy``, ``theme:"time travel"`` (or ``theme:time-travel``), ``country:france``,
  ``lang:korean``, ``year:2015``, ``year:2015..2020`` (also ``..1999``, ``2010..``), ``kind:series``
  (``kind:film``), ``on:netflix``, ``true:yes`` (based on a true story; ``true:no``),
  ``with:"keanu reeves"`` (a person). Several values after one key: ``country:france,spain``.
  Genres, themes and people must all match; kinds, countries, languages and platforms any one.
- negation with ``-``: ``-theme:revenge``, ``-genre:horror``, ``-kind:series``, ``-zombie``.

An empty query (or one made of filters only) lists useful titles: curated, richly described and
recent titles first.

The index is built once per catalog, kept on the Catalog object and cached on disk (in
paths.cache_dir(), keyed by catalog.fingerprint) so that a fresh process does not rebuild it.

The package, one module per concern:

    query.py     the words of a query and its parsing (Filters, ParsedQuery, parse_query)
    index.py     the postings index: SearchIndex, build_index, get_index (cached), index_parts
    concepts.py  what each query word can mean in the index, with its weight
    filters.py   filters as sets of titles, the empty-query list, unknown_filters
    rank.py      search(): score, order, near misses, the matched labels
    weights.py   every weight of the score

`import watchnext` imports this file only (the package-level `watchnext.search` is the
function below, imported by watchnext/__init__.py before anything could shadow it); the other
names are read from their modules when first asked for (lazy.py), so a command that does
not search does not pay for them (dataclasses alone is ~30 ms).
"""

from __future__ import annotations

from ..catalog import register_index
from ..lazy import lazy_names

# the public names and the module that defines each (read on first use: see above)
_HOME = {
    "Filters": "query", "ParsedQuery": "query", "parse_query": "query", "MAX_QUERY": "query",
    "with_filters": "query",
    "SearchIndex": "index", "Postings": "index", "build_index": "index", "get_index": "index",
    "index_parts": "index", "INDEX_VERSION": "index",
    "known_values": "filters", "unknown_filters": "filters",
}

__all__ = ["Filters", "ParsedQuery", "SearchIndex", "get_index", "index_parts", "parse_query",
           "search"]


def search(catalog, query: str, limit: int = 20, *, filters=None):
    """The titles matching `query`, best first: [Hit(title, score, matched)] (rank.py)."""
    from .rank import search as _search

    return _search(catalog, query, limit, filters=filters)


def _stored(catalog, postings: dict) -> dict[str, bytes]:
    """The index as the compiled catalog stores it (catalog.register_index)."""
    from ..catalog.indexcache import field_blobs
    from .index import INDEX_VERSION, build_index

    return field_blobs("search", INDEX_VERSION, build_index(catalog), postings)


register_index("search", "building the search index", _stored)

__getattr__, __dir__ = lazy_names(__name__, _HOME)
