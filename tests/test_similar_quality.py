"""More like this, quality rules a fan would notice (the smooth ranker, smooth.py; reasons.py):
a shared country or language is weak evidence alone, reasons are never filler."""

from __future__ import annotations

from watchnext.catalog import Catalog
from watchnext.model import Title
from watchnext.similar import score_pair, similar


def _catalog() -> Catalog:
    T = Title
    kr = dict(countries=("South Korea",), languages=("Korean",))
    us = dict(countries=("United States",), languages=("English",))
    titles = [
        T(id="seed", title="Night Hunt", year=2020, kind="film", genres=("Thriller", "Crime"), **kr),
        T(id="kr-thriller", title="Cold Trail", year=2020, kind="film", genres=("Thriller", "Crime"), **kr),
        T(id="us-thriller", title="Cold Case", year=2020, kind="film", genres=("Thriller", "Crime"), **us),
        T(id="kr-romance", title="Spring Letters", year=2020, kind="film", genres=("Romance", "Comedy"), **kr),
        T(id="us-romance", title="Summer Letters", year=2020, kind="film", genres=("Romance", "Comedy"), **us),
    ]
    for k in range(12):  # the rest of the catalog: other countries, other genres
        titles.append(T(id=f"fill-{k}", title=f"Filler {k}", year=1990 + k, kind="film",
                        genres=(("Drama",), ("Western",), ("Documentary",))[k % 3],
                        countries=(("United States",), ("France",), ("Japan",))[k % 3]))
    return Catalog(titles=titles)


def test_a_shared_country_counts_less_when_no_genre_is_shared():
    """A Korean thriller's fan: being Korean lifts another Korean thriller more than it lifts a
    Korean romantic comedy ("Korean 2020s" lists are not what the fan asked for)."""
    cat = _catalog()

    def lift(same_country: str, other_country: str) -> float:
        return score_pair(cat, "seed", same_country).score - score_pair(cat, "seed", other_country).score

    same_genres = lift("kr-thriller", "us-thriller")
    other_genres = lift("kr-romance", "us-romance")
    assert same_genres > 0 and other_genres >= 0
    assert other_genres < 0.5 * same_genres
    top = [m.title.id for m in similar(cat, "seed", limit=3)]
    assert top[:2] == ["kr-thriller", "us-thriller"]
