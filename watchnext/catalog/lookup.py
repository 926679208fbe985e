"""The Catalog: every title, looked up by id, by title and year (with aliases and "did you mean"),
by IMDb id."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from ..errors import Ambiguous, NotFound
from ..model import Title
from ..text import fold, fold_title

MAX_NAME = 200  # "did you mean" compares this many characters of a name (the longest title: 126)


def title_keys(t: Title) -> tuple[str, ...]:
    """The folded names a title is found by: its title, its original title and its other
    titles (aka: "Money Heist", "Se7en")."""
    a = fold_title(t.title)
    if not t.original_title and not t.aka:
        return (a,)
    keys = [a]
    for other in (t.original_title, *t.aka):
        if other:
            b = fold_title(other)
            if b and b not in keys:
                keys.append(b)
    return tuple(keys)


class LazyTitles:
    """The titles of a compiled catalog as a sequence: `titles[p]` reads one row, iterating
    (or slicing) reads them all once.

    With an overlay (the user's own titles): a user title with a shipped id takes that title's
    place (`replaced`, position -> title); the others follow the shipped ones (`extra`)."""

    def __init__(self, store, replaced: dict[int, Title] | None = None,
                 extra: list[Title] | None = None) -> None:
        self._store = store
        self._all: list[Title] | None = None
        self.replaced = replaced or {}
        self.extra = extra or []

    def __len__(self) -> int:
        return self._store.count + len(self.extra)

    def __getitem__(self, p):
        if isinstance(p, slice) or self._all is not None:
            return self.load()[p]
        n = self._store.count
        if p < 0:
            p += n + len(self.extra)
        if p >= n:
            return self.extra[p - n]
        t = self.replaced.get(p)
        return t if t is not None else self._store.at(p)

    def __iter__(self):
        return iter(self.load())

    def load(self) -> list[Title]:
        if self._all is None:
            titles = self._store.all_titles()
            for p, t in self.replaced.items():
                titles[p] = t
            self._all = titles + self.extra
        return self._all


class Catalog:
    """Every title, with lookups. (A plain class, not a dataclass: importing dataclasses costs
    ~8 ms of every start, and a warm load has 100 ms in all.)

    Opened from a compiled catalog (`store`, see compiled.py), nothing is read until it
    is asked for: `get`, `find`, `by_imdb` and `titles[p]` read single rows; iterating
    `titles` reads them all once."""

    def __init__(
        self,
        titles: list[Title] | None = None,
        people_aliases: dict[str, str] | None = None,
        theme_aliases: dict[str, list[str]] | None = None,
        problems: list[str] | None = None,
        fingerprint: str = "",
        name_keys: list[tuple[str, ...]] | None = None,
        store=None,
        overlay: list[Title] | None = None,
    ) -> None:
        self._store = store
        # the user's titles over a compiled catalog: catalog position -> title, in their order
        self.overlay: list[tuple[int, Title]] = []
        if titles is None and overlay:
            titles = self._overlay(store, overlay)
        self.titles = titles if titles is not None else LazyTitles(store)
        # normalised alias -> canonical person name ("jun jong seo" -> "Jeon Jong-seo")
        self.people_aliases = people_aliases if people_aliases is not None else {}
        # theme name -> its aliases (search synonyms)
        self.theme_aliases = theme_aliases if theme_aliases is not None else {}
        # problems met while loading (bad user files...): one line each
        self.problems = problems if problems is not None else []
        # changes whenever the catalog files change (search/similar cache their indexes by it)
        self.fingerprint = fingerprint
        # folded lookup names of each title, in the order of `titles` (the cache stores them)
        self.name_keys = name_keys
        self._indexed = False
        if store is None:
            self._index()

    def _overlay(self, store, overlay: list[Title]) -> LazyTitles:
        replaced: dict[int, Title] = {}
        extra: list[Title] = []
        for t in overlay:
            p = store.pos_of_id(t.id)
            if p is not None and store.at(p).id == t.id:  # (an old id names a new record)
                replaced[p] = t
                self.overlay.append((p, t))
            else:
                self.overlay.append((store.count + len(extra), t))
                extra.append(t)
        self._user_pos = {t.id: p for p, t in self.overlay}
        self._user_imdb: dict[str, int] = {}
        self._user_names: dict[str, list[int]] = defaultdict(list)
        for p, t in self.overlay:
            if t.imdb:
                self._user_imdb.setdefault(t.imdb, p)
            for n in title_keys(t):
                self._user_names[n].append(p)
        return LazyTitles(store, replaced, extra)

    def __repr__(self) -> str:
        return f"Catalog({len(self.titles)} titles, fingerprint={self.fingerprint!r})"

    def _lookups(self) -> bool:
        """Whether lookups go through the in-memory dicts (else through the compiled file)."""
        if self._indexed:
            return True
        if self._store is not None and self.titles._all is None:
            return False
        self._index()
        return True

    def _index(self) -> None:
        self._indexed = True
        self._by_id: dict[str, Title] = {}
        self._by_imdb: dict[str, Title] = {}
        self._by_name: dict[str, list[Title]] = defaultdict(list)
        if self.name_keys is None or len(self.name_keys) != len(self.titles):
            self.name_keys = [title_keys(t) for t in self.titles]
        for t, names in zip(self.titles, self.name_keys):
            self._by_id[t.id] = t
            for old in t.old_ids:  # ids from before records merged still resolve
                self._by_id.setdefault(old, t)
            if t.imdb:
                self._by_imdb.setdefault(t.imdb, t)
            for n in names:
                self._by_name[n].append(t)

    def __len__(self) -> int:
        return len(self.titles)

    def __iter__(self):
        return iter(self.titles)

    def get(self, title_id: str) -> Title | None:
        if not self._lookups():
            p = self._user_pos.get(title_id) if self.overlay else None
            if p is None:
                p = self._store.pos_of_id(title_id)
            return None if p is None else self.titles[p]
        return self._by_id.get(title_id)

    def by_imdb(self, imdb_id: str) -> Title | None:
        if not self._lookups():
            imdb_id = imdb_id.strip()
            p = self._user_imdb.get(imdb_id) if self.overlay else None
            if p is None:
                p = self._store.pos_of_imdb(imdb_id)
                if p is not None and p in self.titles.replaced:
                    p = None  # the user's record of that title says otherwise
            return None if p is None else self.titles[p]
        return self._by_imdb.get(imdb_id.strip())

    def _named(self, key: str) -> list[Title]:
        if not self._lookups():
            ps = self._store.pos_named(key)
            if self.overlay:
                replaced = self.titles.replaced
                ps = sorted({p for p in ps if p not in replaced} | set(self._user_names.get(key, ())))
            return [self.titles[p] for p in ps]
        return self._by_name.get(key, [])

    def _name_keys(self) -> list[str]:
        if not self._lookups():
            keys = self._store.name_keys()
            return list(dict.fromkeys(keys + list(self._user_names))) if self.overlay else keys
        return list(self._by_name.keys())

    def find(self, name: str, year: int | None = None) -> list[Title]:
        """Titles whose title, original title or other title equals `name` (ignoring case,
        accents, punctuation and a leading article), optionally of that year (for a series, any
        year from its first to its latest season).

        The words as typed win: when some of them are spelt exactly so, article and all ("The
        Glory", "Heat"), only those are returned; the article-less match ("Glory", "The Heat")
        is a fallback. Order: the title's own name first, then the best known."""
        key = fold_title(name)
        found = self._named(key)
        if year is not None:
            found = [t for t in found if t.has_year(year)]
        if not found and key:
            found = self._before_colon(key, year)
        if len(found) > 1:
            typed = fold(name)
            exact = [t for t in found
                     if any(n and fold(n) == typed for n in (t.title, t.original_title, *t.aka))]
            if exact:
                found = exact
        if len(found) > 1:  # "The Office" names "The Office (U.S.)" as an aka: own names
            # first, then the best known (the one people mean most often heads "candidates:")
            found = sorted(found, key=lambda t: (fold_title(t.title) != key, -t.notability))
        return list(found)

    def _before_colon(self, key: str, year: int | None) -> list[Title]:
        """Titles a person names by the words before a colon ("Sunrise" 1927 is "Sunrise: A
        Song of Two Humans", "Borat" is "Borat: Cultural Learnings of ..."): a fallback when no
        title has that name."""
        found: list[Title] = []
        for k in self._name_keys():
            if not k.startswith(key + " "):
                continue
            for t in self._named(k):
                if t in found or (year is not None and not t.has_year(year)):
                    continue
                if any(n and ":" in n and fold_title(n.split(":", 1)[0]) == key
                       for n in (t.title, t.original_title, *t.aka)):
                    found.append(t)
        return sorted(found, key=lambda t: -t.notability)

    def canonical_person(self, name: str) -> str:
        return self.people_aliases.get(fold(name), name)

    def suggest(self, name: str, limit: int = 5) -> list[Title]:
        """'Did you mean' candidates for a title that is not found."""
        from rapidfuzz import fuzz, process

        keys = self._name_keys()
        picks = process.extract(fold_title(name[:MAX_NAME]), keys, scorer=fuzz.WRatio,
                                limit=limit * 2, score_cutoff=60)
        out: list[Title] = []
        for key, _score, _ in picks:
            for t in sorted(self._named(key), key=lambda t: -t.notability):  # best known first
                if t not in out:
                    out.append(t)
        return out[:limit]

    def resolve(self, name: str, year: int | None = None) -> Title:
        """The one title a person means by `name` (and `year`), or NotFound / Ambiguous.
        An id (e.g. 'nf-s1644') is accepted too."""
        by_id = self.get(name.strip())
        if by_id is not None:
            return by_id
        found = self.find(name, year)
        if len(found) == 1:
            return found[0]
        if not found:
            if len(name) > MAX_NAME:
                raise NotFound(f"no title {name[:40] + '…'!r} in the catalog (the name has "
                               f"{len(name):,} characters; 'did you mean' compared its first "
                               f"{MAX_NAME})", self.suggest(name))
            label = f"{name} ({year})" if year else name
            raise NotFound(f"no title {label!r} in the catalog", self.suggest(name))
        raise Ambiguous(
            f"{len(found)} titles are called {name!r}: add --year or use --id", found
        )


def titles_named(catalog: Catalog, names: Iterable[str]) -> list[Title]:
    return [t for n in names for t in catalog.find(n)]

