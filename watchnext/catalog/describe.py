"""A title described for a person: the rows `watchnext show` prints and the app's detail pane
shows (below both the CLI and the TUI)."""

from __future__ import annotations

from ..model import Title


def describe(t: Title, cat=None) -> list[tuple[str, str]]:
    """(label, value) rows a person reads, every fact we have. Shared by `show` and the TUI's
    detail pane."""
    rows: list[tuple[str, str]] = []

    def add(label: str, value) -> None:
        if value in (None, "", 0, (), []):
            return
        rows.append((label, ", ".join(value) if isinstance(value, (tuple, list)) else str(value)))

    add("Original title", t.original_title)
    add("Also known as", t.aka[:6])
    add("Years" if t.kind == "series" and t.last_year else "Year", t.years)
    add("Kind", t.kind)
    add("Runtime", f"{t.runtime} min" if t.runtime else "")
    add("Seasons", t.seasons)
    add("Countries", t.countries)
    add("Languages", t.languages)
    add("Genres", t.genres)
    add("Themes", t.themes)
    if t.kind == "series":
        add("Created by", t.directors)
    else:
        add("Director" if len(t.directors) == 1 else "Directors", t.directors)
    add("Cast", t.cast[:12])
    add("Music", t.composers)
    add("Writers", t.writers)
    add("Studios", t.studios)
    add("Streams on", t.platforms)
    add("Age rating", t.age_rating)
    add("Based on", "a true story" if t.true_story else t.based_on)
    add("Franchise", t.franchise)
    if t.awards:
        shown = list(t.awards[:6])
        if len(t.awards) > 6:
            shown.append(f"and {len(t.awards) - 6} more")
        rows.append(("Awards", "; ".join(shown)))
    for label, link in (("Sequel of", t.follows), ("Followed by", t.followed_by)):
        other = cat.get(link) if (cat is not None and link) else None
        add(label, other.label if other else "")
    add("IMDb", t.imdb)
    add("Wikidata", t.wikidata)
    add("Id", t.id)
    return rows
