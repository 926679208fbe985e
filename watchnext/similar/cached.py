"""get_index: the similarity index of a catalog, from memory, the compiled catalog or the disk
cache, else built (features.py); over a compiled catalog with user titles on top, the shipped
index with them added (overlay.py), never a rebuild."""

from __future__ import annotations

from .features import INDEX_VERSION, SimilarIndex, build_index


def _fits(ix: SimilarIndex, catalog) -> bool:
    return len(ix.ids) == len(catalog.titles) and all(
        t.id == tid for t, tid in zip(catalog.titles, ix.ids))


def get_index(catalog, *, use_cache: bool = True) -> SimilarIndex:
    """The similarity index of `catalog`: from memory, else from the disk cache, else built.
    Over a compiled catalog with user titles on top: the shipped index with them added
    (overlay.py), never a rebuild."""
    from ..catalog.indexcache import cached_index, extended_index

    if getattr(catalog, "overlay", None):
        from .overlay import extend

        return extended_index(catalog, "similar", INDEX_VERSION, SimilarIndex, build_index, _fits,
                              extend)

    return cached_index(catalog, "similar", INDEX_VERSION, SimilarIndex, build_index, _fits,
                        use_cache=use_cache)
