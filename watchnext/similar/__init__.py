"""More like this: rank the catalog by what titles share, and say why.

    recs = similar(catalog, title, limit=20)              # [Match(title, score, reasons)]
    recs = similar(catalog, [t1, t2, t3], limit=20)       # "For you": several liked titles
    recs = similar(catalog, title, kind="series", exclude_ids={"nf-s1"})
    score_pair(catalog, a, b)                             # one pair, same score and reasons

What counts, strongest first:
- sequels and prequels (direct links), then the rest of the franchise and title families
  ("Toy Story 3" for "Toy Story"), so a film's sequels sit at the top. Wikidata's "followed by"
  also chains whole filmographies (Toy Story -> A Bug's Life) and award winners: a link between
  titles sharing no word (and not checked by hand) counts far less and is not called a sequel;
- the same director, the leading cast (weighted by billing on both sides), writers, composers,
  small studios (Pixar, not Paramount); prolific people (a stand-up director, a voice actor in
  fifty cartoons) count less;
- themes weighted by rarity (inverse document frequency: sharing "human trafficking" counts far
  more than sharing "family"), saturating so that many shared themes never outweigh a person;
  themes often found together ("mafia" ~ "organized crime") count a little; a candidate with a
  very long theme list is damped so long lists do not win by chance;
- genres by rarity (a rare genre such as stand-up or anime counts as specific, "Drama" barely
  counts), countries and languages by rarity, era, same kind, audience (kids' titles are kept
  apart from adult ones, by rating or by genre), both based on a true story.

A candidate that shares nothing specific (no theme below 5% of the catalog, person, franchise,
small studio or rare genre) keeps only a fraction of its score, and era or kind alone barely
count: genre-only matches rank below, which is what keeps "Shrek -> Oppenheimer" out. Results
are deterministic (ties broken by id) and never include the input titles.

Speed: per-title features are sparse vectors (CSR arrays) with an inverted index feature ->
titles. A query finds candidates through its rarest features first, until a few percent of the
catalog are candidates; the common features only add to those candidates (set intersections, in
C); genres, countries and languages are bit masks. Candidates are then scored best-first and
scoring stops when the rest cannot reach the list (an exact bound). The index is built once per
catalog, kept on the Catalog object and cached on disk (paths.cache_dir(), keyed by
catalog.fingerprint).

The package, one module per concern:

    features.py  the index: each title's features and scalars, build_index
    cached.py    get_index: the index of a catalog (memory, compiled catalog, disk cache)
    sequels.py   sequels and title families, found at build time
    score.py     the gated ranker's score and candidates; the links (sequel, franchise, family)
    smooth.py    the smooth ranker (numpy): every title scored, the default
    reasons.py   why a pick is like the title
    rank.py      similar() and score_pair()
    overlay.py   the shipped index with the user's titles on top, without a rebuild
    weights.py   every weight and threshold

`import watchnext` imports this file only (the package-level `watchnext.similar` is the
function below, imported by watchnext/__init__.py before anything could shadow it); the other
names are read from their modules when first asked for (lazy.py).
"""

from __future__ import annotations

from ..catalog import register_index
from ..lazy import lazy_names

# "smooth": every title scored (smooth.py, numpy), the default; "gated": candidates found
# through rare features first (the ranker before it, kept for comparison in benchmarks, which
# set this attribute: score.ranker() reads it at each call)
RANKER = "smooth"

# the public names and the module that defines each (read on first use: see above)
_HOME = {
    "SimilarIndex": "features", "build_index": "features", "get_index": "cached",
    "INDEX_VERSION": "features", "score_pair": "rank", "chain_positions": "sequels",
}

__all__ = ["SimilarIndex", "get_index", "similar", "score_pair"]


def similar(catalog, title_or_titles, limit: int = 20, *, kind: str | None = None,
            exclude_ids=()):
    """Titles a fan of the given title(s) wants next, best first, each with its reasons:
    [Match(title, score, reasons)] (rank.py)."""
    from .rank import similar as _similar

    return _similar(catalog, title_or_titles, limit, kind=kind, exclude_ids=exclude_ids)


def _stored(catalog, postings: dict) -> dict[str, bytes]:
    """The index as the compiled catalog stores it (catalog.register_index)."""
    from ..catalog.indexcache import field_blobs
    from .features import INDEX_VERSION, build_index

    return field_blobs("similar", INDEX_VERSION, build_index(catalog))


register_index("similar", "building the more-like-this index", _stored)

__getattr__, __dir__ = lazy_names(__name__, _HOME)
