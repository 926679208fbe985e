"""The streaming platforms' title files (Netflix, Amazon Prime, Disney+, Hulu; same columns).

Each row becomes one record for its platform. For a series, `release_year` is the year of the
latest season on that platform, not its first-air year: it is kept as `last_year`, and `year`
is corrected later (curated series years, other sources). Descriptions are read to derive
themes and `based_on`; their sentences are never written out.
"""

from __future__ import annotations

import re
from pathlib import Path

from .common import COLOR_RX, add_all, clean_text, csv_rows, split_cell, split_people
from .vocab import Vocab, based_on_for_text

# source name -> (platform as shown, id prefix, file below the shared data folder)
PLATFORMS = {
    "netflix": ("Netflix", "nf", "netflix_titles.csv"),
    "amazon": ("Prime Video", "am", "streaming/amazon_prime_titles.csv"),
    "disney": ("Disney+", "dp", "streaming/disney_plus_titles.csv"),
    "hulu": ("Hulu", "hu", "streaming/hulu_titles.csv"),
}

# listed_in values of the Amazon, Disney+ and Hulu files -> (genres, themes). Netflix's own values
# are mapped in vocab/genres.toml. Shelves that say nothing about a title ("TV Shows",
# "International", "Special Interest") map to nothing.
OTHER_LABELS: dict[str, tuple[list[str], list[str]]] = {
    "Drama": (["Drama"], []), "Comedy": (["Comedy"], []), "Action": (["Action"], []),
    "Horror": (["Horror"], []), "Romance": (["Romance"], []), "Animation": (["Animation"], []),
    "Science Fiction": (["Science Fiction"], []), "Adventure": (["Adventure"], []),
    "Western": (["Western"], ["wild west"]), "Fantasy": (["Fantasy"], []),
    "Family": (["Family"], []), "Kids": (["Kids"], []), "Thriller": (["Thriller"], []),
    "Crime": (["Crime"], []), "Mystery": (["Mystery"], []), "Music": (["Music"], []),
    "Musical": (["Musical"], ["musical numbers"]), "Reality": (["Reality"], []),
    "Teen": (["Teen"], ["teenagers"]), "Documentary": (["Documentary"], []),
    "Documentaries": (["Documentary"], []), "Docuseries": (["Documentary"], []),
    "Anime": (["Anime", "Animation"], []), "Talk Show": (["Talk Show"], []),
    "Suspense": (["Thriller"], []), "Sports": (["Sport"], ["sports"]),
    "Unscripted": (["Reality"], []), "Young Adult Audience": (["Teen"], []),
    "Fitness": (["Documentary"], ["fitness"]), "Faith and Spirituality": ([], ["faith"]),
    "Military and War": (["War"], ["military"]), "Historical": (["History"], ["history"]),
    "History": (["History"], ["history"]),
    "Music Videos and Concerts": (["Music"], ["concert"]), "Concert Film": (["Music"], ["concert"]),
    "Talk Show and Variety": (["Talk Show"], []), "Late Night": (["Talk Show"], []),
    "Arthouse": ([], ["indie"]), "LGBTQ": ([], ["lgbtq"]), "LGBTQ+": ([], ["lgbtq"]),
    "Action-Adventure": (["Action", "Adventure"], []), "Animals & Nature": ([], ["animals", "nature"]),
    "Coming of Age": ([], ["coming of age"]), "Biographical": (["Biography"], ["life story"]),
    "Buddy": ([], ["friendship"]), "Anthology": ([], ["anthology"]),
    "Superhero": (["Action"], ["superheroes"]), "Game Show / Competition": (["Reality"], ["competition"]),
    "Game Shows": (["Reality"], ["competition"]), "Survival": ([], ["survival"]),
    "Parody": (["Comedy"], ["satire"]), "Lifestyle": (["Reality"], []),
    "Lifestyle & Culture": (["Reality"], []), "Health & Wellness": (["Reality"], []),
    "Medical": (["Drama"], ["doctors"]), "Dance": ([], ["dance"]),
    "Spy/Espionage": (["Thriller"], ["espionage"]), "Romantic Comedy": (["Romance", "Comedy"], []),
    "Soap Opera / Melodrama": (["Drama"], []), "Disaster": ([], ["disaster"]),
    "Police/Cop": (["Crime"], ["police"]), "Travel": ([], ["travel"]),
    "Sitcom": (["Comedy"], []), "Cooking & Food": (["Reality"], ["food"]),
    "Science & Technology": (["Documentary"], ["science"]), "Adult Animation": (["Animation"], []),
    "Cartoons": (["Animation"], []), "Classics": ([], ["classic"]),
    "Stand Up": (["Stand-Up Comedy"], ["comedy special"]), "Sketch Comedy": (["Comedy"], ["sketch comedy"]),
    "Variety": ([], []), "News": (["Documentary"], ["journalism"]),
}

# shelves that give a genre only when nothing else does (Amazon's "Special Interest" is yoga
# lessons, lectures and documentaries)
FALLBACK_LABELS = {"Special Interest": "Documentary", "Arts": "Documentary"}

_ANIMATED = re.compile(r"\b(?:animated|animation|cartoons?|anime)\b", re.I)

_LANG_BY_GENRE = {"Korean TV Shows": "Korean", "Spanish-Language TV Shows": "Spanish",
                  "British TV Shows": "English", "Anime Series": "Japanese",
                  "Anime Features": "Japanese", "Anime": "Japanese"}


def _genres(source: str, listed: list[str], kind: str, text: str, vocab: Vocab):
    if source == "netflix":
        return vocab.netflix_genres(listed, kind, text=text)
    genres: list[str] = []
    themes: list[str] = []
    for label in listed:
        g, t = OTHER_LABELS.get(label, ([], []))
        add_all(genres, g)
        add_all(themes, [x for x in t if x in vocab.theme_aliases])
    if not genres:
        genres = vocab.genres_for_text(text)
    if not genres:
        add_all(genres, [FALLBACK_LABELS[x] for x in listed if x in FALLBACK_LABELS])
    return genres, themes


def read_platform(path: Path, source: str, vocab: Vocab) -> list[dict]:
    platform, prefix, _ = PLATFORMS[source]
    out: list[dict] = []
    for row in csv_rows(path):
        kind = "series" if row["type"].strip() == "TV Show" else "film"
        title = clean_text(row["title"])
        try:
            year = int(row["release_year"])
        except (TypeError, ValueError):
            continue
        if not title:
            continue
        rec: dict = {"id": f"{prefix}-{row['show_id'].strip()}", "title": title,
                     "year": year, "kind": kind, "_src": source}
        if kind == "series":
            rec["last_year"] = year
        duration, rating = clean_text(row["duration"]), clean_text(row["rating"])
        if re.fullmatch(r"\d+ (?:min|Seasons?)", rating):  # a few rows have it shifted
            duration, rating = duration or rating, ""
        m = re.match(r"(\d+)\s*(min|Season)", duration)
        if m:
            rec["runtime" if m.group(2) == "min" else "seasons"] = int(m.group(1))
        listed = split_cell(row["listed_in"])
        desc = clean_text(row["description"])
        text = f"{title}. {desc}"
        genres, themes = _genres(source, listed, kind, text, vocab)
        if "Animation" not in genres and _ANIMATED.search(desc):
            genres.append("Animation")  # the shelf said "Kids" or "Comedy"; the description says more
        add_all(themes, vocab.themes_for_text(text))
        langs = [_LANG_BY_GENRE[g] for g in listed if g in _LANG_BY_GENRE]
        rec.update(
            countries=split_cell(row["country"]),
            languages=list(dict.fromkeys(langs)),
            genres=genres,
            themes=themes,
            directors=[vocab.canonical_person(p) for p in split_people(row["director"], row["description"])],
            cast=[vocab.canonical_person(p) for p in split_people(row["cast"], row["description"])],
            platforms=[platform],
            age_rating=rating if source != "amazon" else "",
            based_on=based_on_for_text(desc) or "",
            sources=[source],
        )
        rec["_desc"] = bool(desc)
        rec["_text"] = desc  # for keywords (build/keywords.py); never written out
        rec["_color"] = bool(COLOR_RX.search(desc))
        out.append(rec)
    return out
