"""Wikipedia's lists of American films (wikipedia-movie-data, MIT): title, year, cast, genres.

The `extract` (the article's opening paragraph, CC BY-SA prose) is build input only: the
director's name, the countries and the language a person would read in its first sentence,
and themes and `based_on`, are derived from it; none of its sentences is ever written out.
Rows that are television series are left out (a list page mentioned them; their year is not a
release year). `href` (the article) identifies a work: a film listed twice becomes one record.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

from ..text import slug
from .common import COLOR_RX, add_all, clean_text, studio_name
from .vocab import Vocab, based_on_for_text

GENRES: dict[str, tuple[list[str], list[str]]] = {
    "Drama": (["Drama"], []), "Comedy": (["Comedy"], []), "Silent": ([], ["silent film"]),
    "Western": (["Western"], ["wild west"]), "Romance": (["Romance"], ["romance"]),
    "Crime": (["Crime"], []), "Action": (["Action"], []), "Thriller": (["Thriller"], []),
    "Musical": (["Musical"], ["musical numbers", "music"]), "Adventure": (["Adventure"], []),
    "Horror": (["Horror"], []), "War": (["War"], ["war"]),
    "Science Fiction": (["Science Fiction"], []), "Mystery": (["Mystery"], ["investigation"]),
    "Noir": (["Crime"], ["noir"]), "Short": ([], ["short film"]), "Animated": (["Animation"], []),
    "Fantasy": (["Fantasy"], []), "Biography": (["Biography"], ["life story", "true story"]),
    "Historical": (["History"], ["history"]), "Documentary": (["Documentary"], []),
    "Sports": (["Sport"], ["sports"]), "Sport": (["Sport"], ["sports"]),
    "Family": (["Family"], []), "Independent": ([], ["indie"]),
    "Supernatural": ([], ["supernatural"]), "Erotic": ([], ["sexuality"]),
    "Slasher": (["Horror"], ["slasher"]), "Superhero": (["Action"], ["superheroes"]),
    "Spy": (["Thriller"], ["espionage"]), "Teen": (["Teen"], ["teenagers"]),
    "Satire": (["Comedy"], ["satire"]), "Suspense": (["Thriller"], []),
    "Political": (["Drama"], ["politics"]), "Martial Arts": (["Action"], ["martial arts"]),
    "Disaster": (["Action"], ["disaster"]), "Legal": (["Drama"], ["courtroom"]),
    "Performance": (["Music"], ["concert"]), "Live Action": ([], []),
    "Dance": ([], ["dance"]), "Found Footage": (["Horror"], ["found footage"]),
}

# demonyms of a first sentence ("is a 1995 British-American film") -> countries
DEMONYMS = {
    "American": "United States", "British": "United Kingdom", "English": "United Kingdom",
    "Scottish": "United Kingdom", "Welsh": "United Kingdom", "Canadian": "Canada",
    "French": "France", "German": "Germany", "West German": "Germany", "Italian": "Italy",
    "Australian": "Australia", "Japanese": "Japan", "Mexican": "Mexico", "Spanish": "Spain",
    "Irish": "Ireland", "Chinese": "China", "Hong Kong": "Hong Kong", "Indian": "India",
    "New Zealand": "New Zealand", "South Korean": "South Korea", "Korean": "South Korea",
    "Danish": "Denmark", "Swedish": "Sweden", "Norwegian": "Norway", "Belgian": "Belgium",
    "Dutch": "Netherlands", "Czech": "Czech Republic", "Hungarian": "Hungary", "Polish": "Poland",
    "Russian": "Russia", "Soviet": "Soviet Union", "Swiss": "Switzerland", "Austrian": "Austria",
    "South African": "South Africa", "Brazilian": "Brazil", "Argentine": "Argentina",
    "Argentinian": "Argentina", "Israeli": "Israel", "Greek": "Greece", "Finnish": "Finland",
    "Icelandic": "Iceland", "Taiwanese": "Taiwan", "Thai": "Thailand", "Filipino": "Philippines",
    "Luxembourgish": "Luxembourg", "Chilean": "Chile", "Colombian": "Colombia",
    "Emirati": "United Arab Emirates", "Turkish": "Turkey", "Romanian": "Romania",
    "Bulgarian": "Bulgaria", "Maltese": "Malta", "Moroccan": "Morocco", "Egyptian": "Egypt",
    "Nigerian": "Nigeria", "Iranian": "Iran", "Portuguese": "Portugal", "Puerto Rican": "Puerto Rico",
}
_DEMONYM_RX = re.compile(r"\b(" + "|".join(sorted(map(re.escape, DEMONYMS), key=len, reverse=True)) + r")\b")
# genre words of a first sentence ("is a 1923 American silent comedy short film"), for rows
# that list no genre
FIRST_SENTENCE_GENRES = {
    "comedy": "Comedy", "comedic": "Comedy", "drama": "Drama", "dramatic": "Drama",
    "western": "Western", "horror": "Horror", "thriller": "Thriller", "crime": "Crime",
    "documentary": "Documentary", "musical": "Musical", "animated": "Animation",
    "animation": "Animation", "science fiction": "Science Fiction", "sci-fi": "Science Fiction",
    "adventure": "Adventure", "action": "Action", "romantic": "Romance", "romance": "Romance",
    "war": "War", "mystery": "Mystery", "fantasy": "Fantasy", "biographical": "Biography",
    "family": "Family", "serial": "Adventure", "sports": "Sport", "historical": "History",
    "superhero": "Action", "martial arts": "Action", "exploitation": "Thriller",
    "christmas": "Family", "satirical": "Comedy", "slapstick": "Comedy", "melodrama": "Drama",
    "noir": "Crime", "spy": "Thriller", "teen": "Teen", "concert": "Music", "dance": "Music",
    "educational": "Documentary", "actuality": "Documentary", "propaganda": "Documentary",
    "newsreel": "Documentary", "experimental": "Drama", "erotic": "Drama", "biopic": "Biography",
}
_FACT_THEMES = {"lost film", "film serial", "remake", "black-and-white"}
# what the first sentence says the film is ("a 1931 American short comedy film", "a 1996 drama
# television film"): later sentences name other films ("a remake of their short film Beau Hunks")
_FIRST_SENTENCE_THEMES = {"short film", "tv movie"}
_FS_GENRE_RX = re.compile(r"\b(" + "|".join(sorted(map(re.escape, FIRST_SENTENCE_GENRES), key=len, reverse=True)) + r")\b", re.I)

_SERIES_RX = re.compile(r"\b(?:television|TV|web|streaming) (?:series|show|sitcom|miniseries)\b|"
                        r"\bminiseries\b|\b(?:game|talk|reality|variety) show\b")
_LANG_RX = re.compile(r"\b([A-Z][a-z]+)-language\b")
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b(?:Jr|Sr|Dr|Mr|St|Mt|Ms|vs))(?<!Mrs)\.\s+(?=[A-Z\"(])")

# a person's name after "directed by": capitalised words, initials, particles
_NAME_TOKEN = re.compile(r"(?:(?:[A-Z]\.){2,}|[A-Z][\w'’\-]*\.?|(?:de|van|von|di|du|la|le|mc|mac)[A-Z][\w'’\-]*"
                         r"|(?:de|del|della|der|van|von|da|di|du|la|le|dos|bin|al)(?=\s+[A-Z]))")
# "directed by", "directed and produced by", "written, directed, and produced by" (Nope)
_DIRECTED = re.compile(r"\b(?:(?:[Cc]o-)?(?:d|D)irected(?:,?\s+(?:and\s+)?(?:co-)?(?:produced|written|"
                       r"edited|scored|photographed))*,?|with\s+direction)\s+by\s+")
_STOP_WORDS = {"The", "It", "This", "He", "She", "They", "In", "A", "An", "His", "Her", "Its",
               "Based", "Written", "Produced", "Starring", "Universal", "Paramount", "Warner",
               "Columbia", "Metro", "MGM", "RKO", "Fox", "Disney", "Pictures", "Studios",
               "Company", "Films", "Film", "Productions", "Corporation", "Bros", "Bros.",
               "Orion", "Lionsgate", "Netflix", "Amazon", "HBO", "New", "United", "Artists"}


# Sentences about a film's release and reception say nothing of what it is about: they are left
# out. In the others, the words of its making ("the film stars", "music by", "written by",
# "computer-animated") are blanked, so that themes come from the story alone: a film whose extract
# says "the film stars" is not about celebrities, "music by" does not make it about music.
_RECEPTION = re.compile(
    r"\b(?:released|re-released|premier\w*|box office|grossed|budget|nominat\w*|academy awards?|"
    r"oscars?|golden globes?|critic\w*|reviews?|reviewed|acclaim\w*|festivals?|screened|principal "
    r"photography|filming|filmed|rated|copyright|lost film|preserved|registry|library of "
    r"congress|considered|regarded|ranked|distributed|distribution|debut(?:ed)?|sequel|prequel|"
    r"remake|franchise|trilogy|installment|entry|spin-?off|credited|uncredited|archive|print)\b", re.I)
_MAKING = re.compile(
    r"\b(?:the film |it |and )?(?:co-)?star(?:s|red|ring)\b|\b(?:film|movie|screen|tv|television) stars?\b|"
    r"\b(?:written|directed|produced|co-written|co-directed|co-produced|edited|narrated|"
    r"scored|composed|photographed|animated|choreographed|adapted|distributed|released) "
    r"(?:and (?:directed|produced|written) )?by\b|\b(?:music|score|songs?|lyrics|screenplay|story|"
    r"cinematography|photography|editing|choreography|script) (?:by|was|were|is)\b|"
    r"\b(?:screen)?writers?\b|\bwriter-director\b|\bcinematograph\w*|\bcomputer-animated\b|"
    r"\bstudios?\b|\bpictures\b|\bproductions?\b|\bproducers?\b|\bvoices?\b|\bvoiced\b|"
    r"\bsoundtrack\b|\bmusical score\b|\bcast\b|\bensemble\b", re.I)


# credits with their names: "starring Al Pacino, Robert De Niro and Val Kilmer", "directed by
# Michael Mann": the names are not the story ("Noel", "Rex Beach", "King")
_NAMES = r"(?:[A-Z][\w.'\-]*\.?\s?){1,4}"
_CREDIT = re.compile(
    r"\b(?:(?:co-)?starr(?:ing|ed)|(?:the film |it )?(?:co-)?stars|(?:written|directed|produced|"
    r"co-written|co-directed|co-produced|edited|narrated|scored|composed|photographed|created|"
    r"adapted|distributed|released|developed)(?: and (?:directed|produced|written))? by|features|"
    r"featuring|with)\s+" + _NAMES + r"(?:,\s*(?:and\s+)?" + _NAMES + r"|\s*\band\s+" + _NAMES + r")*")


def story_text(extract: str) -> str:
    """The words of an extract that say what the film is about."""
    sentences = _SENTENCE_END.split(extract)
    keep = [x for x in sentences if not _RECEPTION.search(x)]
    return _MAKING.sub(" ", _CREDIT.sub(" ", " ".join(keep)))


# "It was released on June 21, 1920, by Universal Film Manufacturing Company."
_RELEASED_BY = re.compile(
    r"\b(?:released|distributed|produced)\b[^.]{0,60}?\bby (?:the )?"
    r"((?:[A-Z][\w&'.-]*)(?: (?:[A-Z0-9][\w&'.-]*|of|and))*)")
_COMPANY_END = re.compile(r"(?:Pictures|Films?|Studios|Corporation|Company|Productions|Releasing|"
                          r"Distributing|Entertainment|Mayer|Bros|Bros\.|Fox|Artists|International|"
                          r"Features|Classics)$")


def studios_from(extract: str) -> list[str]:
    """The companies an extract says released, distributed or produced the film."""
    out: list[str] = []
    for m in _RELEASED_BY.finditer(extract):
        names = re.sub(r"(?: and| of)+$", "", m.group(1).split(". ")[0]).split(" and ")
        for name in names:  # "Touchstone Pictures and Mandeville Films"; not "Charles Band's ..."
            name = name.rstrip(".")
            if _COMPANY_END.search(name) and not re.search(r"'s | of [A-Z]", name):
                add_all(out, [studio_name(name)])
    return out


def first_sentence(text: str) -> str:
    parts = _SENTENCE_END.split(text, maxsplit=1)
    return parts[0] if parts else text


def _one_name(text: str) -> tuple[str, str]:
    """(name at the start of text, rest). Stops at a sentence end or a non-name word."""
    tokens: list[str] = []
    pos = 0
    while True:
        m = _NAME_TOKEN.match(text, pos)
        if not m:
            break
        tok = m.group(0)
        if tokens and tok in _STOP_WORDS:  # "directed by Louis C.K. It stars": a new sentence
            break
        is_initial = bool(re.fullmatch(r"(?:[A-Z]\.)+", tok)) or tok in ("Jr.", "Sr.", "St.")
        if tok.endswith(".") and not is_initial:  # "... directed by Frank Powell. It was"
            tokens.append(tok[:-1])
            pos = m.end()
            break
        tokens.append(tok)
        pos = m.end()
        ws = re.match(r"[ \t]+", text[pos:])
        if not ws or len(tokens) >= 5:
            break
        pos += ws.end()
    while tokens and tokens[-1].islower():  # a particle, not "deMille"
        tokens.pop()
    name = " ".join(tokens).strip()
    return name, text[pos:]


_OTHER_FILM = re.compile(r"\b(1[89]\d\d|20\d\d)\b(?:\s+\w+){0,4}\s+(?:film|movie|version|original)\b")


def _directed_by(extract: str, year: int | None):
    """The first "directed by" that is about this film: in the first sentence, or in a later one
    whose clause names no other year's film ("ideas from the 1946 French film of the same name
    directed by Jean Cocteau", in the extract of Disney's 1991 Beauty and the Beast)."""
    first_end = extract.find(". ")
    for m in _DIRECTED.finditer(extract):
        if first_end < 0 or m.start() < first_end:  # the first sentence is about this film
            return m
        clause = extract[max(extract.rfind(c, 0, m.start()) for c in ".,;(") + 1:m.start()]
        other = _OTHER_FILM.search(clause)
        if year is None or other is None or abs(int(other.group(1)) - year) <= 1:
            return m
    return None


_WHO_IS = re.compile(r"^\s*(?:[A-Z][\w'-]*\s+){1,3}(?:film\s+)?(?:director|filmmaker)\s+(?=[A-Z])")


def directors_from(extract: str, year: int | None = None) -> list[str]:
    m = _directed_by(extract, year)
    if not m:
        return []
    # "directed by Hong Kong film director John Woo": the words before the name say who he is
    rest = _WHO_IS.sub("", extract[m.end():], count=1)
    names: list[str] = []
    for _ in range(3):
        name, rest = _one_name(rest)
        words = name.split()
        if not (2 <= len(words) <= 5) or words[0] in _STOP_WORDS or words[-1] in _STOP_WORDS:
            break
        if any(w.rstrip(".") in _STOP_WORDS for w in words[1:]):
            break
        if re.fullmatch(r"[A-Z]\.", words[-1]):  # "William C." of "William C. deMille": cut short
            break
        names.append(name.replace(" ,", ","))
        nxt = re.match(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)", rest)
        if not nxt:
            break
        rest = rest[nxt.end():]
    return names


_CAST_DEBRIS = re.compile(r"^[\W\d_]*$|\(|\)|^(?:voice|voices|narrator|uncredited|cameo|himself|herself)$", re.I)


def clean_cast(cast: list) -> list[str]:
    out: list[str] = []
    for c in cast or []:
        if not isinstance(c, str):
            continue
        c = clean_text(c).strip(" ,;:")
        if len(c) < 3 or _CAST_DEBRIS.search(c) or not re.search(r"[A-Za-z]", c):
            continue
        if len(c.split()) > 5 or c.lower().startswith(("and ", "with ", "the ")):
            continue
        if c not in out:
            out.append(c)
    return out


def read_wikipedia(folder: Path, vocab: Vocab) -> list[dict]:
    by_href: dict[str, dict] = {}
    out: list[dict] = []
    for path in sorted(Path(folder).glob("movies-*.json")):
        with open(path, encoding="utf-8") as fh:
            rows = json.load(fh)
        for row in rows:
            title = clean_text(row.get("title") or "").replace("\n", " ")
            year = row.get("year")
            if not title or not isinstance(year, int) or re.match(r"untitled\b", title, re.I):
                continue  # "Untitled Ghostbusters sequel": a list's placeholder, not a title
            extract = clean_text(row.get("extract") or "")
            first = first_sentence(extract)
            if _SERIES_RX.search(first):
                continue
            href = unquote(row.get("href") or "") or f"{title}_{year}"
            cast = [vocab.canonical_person(c) for c in clean_cast(row.get("cast"))]
            same = by_href.get(href)
            if same is not None and abs(same["year"] - year) <= 1:  # listed again: one work
                add_all(same["cast"], cast)
                continue
            if same is not None:  # a link reused for another film ("No_Time_to_Die", 1958/2021)
                href = f"{href}#{year}"
            genres: list[str] = []
            themes: list[str] = []
            labels = [g for g in row.get("genres") or [] if isinstance(g, str)]
            for label in labels:
                g, t = GENRES.get(label, ([], []))
                add_all(genres, g)
                add_all(themes, [x for x in t if x in vocab.theme_aliases])
            # the comedy shorts of the silent and studio eras (Keystone, Hal Roach) are slapstick
            if "Comedy" in genres and year < 1950 and ("Short" in labels or re.search(r"\bshort\b", first)):
                add_all(themes, ["slapstick"] if "slapstick" in vocab.theme_aliases else [])
            text = f"{title}. {story_text(extract)}"
            if not genres and extract:
                head = first.split(" film")[0] if " film" in first else first[:200]
                for w in _FS_GENRE_RX.findall(head):
                    add_all(genres, [FIRST_SENTENCE_GENRES[w.lower()]])
            if not genres and extract:
                genres = vocab.genres_for_text(text)
            # the story's themes; what the film is made as comes from its credits, below
            add_all(themes, [t for t in vocab.themes_for_text(text) if t not in _FIRST_SENTENCE_THEMES])
            countries: list[str] = []
            head = first.split(" film")[0] if " film" in first else first[:200]
            for d in _DEMONYM_RX.findall(head):
                add_all(countries, [DEMONYMS[d]])
            if not countries:
                countries = ["United States"]
            langs = [l for l in _LANG_RX.findall(first) if l != "English"]
            silent = "Silent" in labels or re.search(r"\bsilent\b", first, re.I)
            if silent and "silent film" in vocab.theme_aliases:
                add_all(themes, ["silent film"])
            # facts the credits part of an extract states ("It is presumed lost", "a 1921 film
            # serial"), which story_text leaves out
            add_all(themes, [t for t in vocab.themes_for_text(extract) if t in _FACT_THEMES])
            add_all(themes, [t for t in vocab.themes_for_text(first) if t in _FIRST_SENTENCE_THEMES])
            if not langs and not silent and year >= 1929 and countries == ["United States"]:
                langs = ["English"]
            elif langs and "English" in _LANG_RX.findall(first):
                langs.insert(0, "English")
            rec = {
                "id": f"wp-{slug(href)[:80]}", "title": title, "year": year, "kind": "film",
                "_src": "wikipedia", "_href": href,
                "countries": countries, "languages": langs, "genres": genres, "themes": themes,
                "directors": [vocab.canonical_person(d) for d in directors_from(extract, year)],
                "cast": cast, "based_on": based_on_for_text(extract) or "",
                "studios": studios_from(extract),
                "sources": ["wikipedia"], "_desc": bool(extract),
                "_text": story_text(extract),  # for keywords; never written out
                "_color": bool(COLOR_RX.search(extract)),
            }
            by_href[href] = rec
            out.append(rec)
    seen: dict[str, int] = {}
    for rec in out:  # distinct hrefs can slug alike: keep ids unique
        n = seen.get(rec["id"], 0)
        seen[rec["id"]] = n + 1
        if n:
            rec["id"] = f"{rec['id']}-{n + 1}"
    return out
