"""The indexes a compiled catalog stores beside its titles, registered by the packages that own
them (search/ and similar/ register theirs when imported, which `import watchnext` does): the
catalog writes what they give and knows nothing of what is in it.

    register("search", "building the search index", blobs)   # blobs(catalog, postings)
"""

from __future__ import annotations

from collections.abc import Callable

# kind -> (what is said while it is built, blobs(catalog, postings) -> {name: bytes}); blobs may
# fill `postings` (a dict) with keyed postings, stored as a table of their own
BUILDERS: dict[str, tuple[str, Callable]] = {}


def register(kind: str, what: str, blobs: Callable) -> None:
    BUILDERS[kind] = (what, blobs)
