"""Sequels and title families, found when the index is built: a title's family stem ("Star
Wars: ...") and each title's position along its follows / followed-by chain."""

from __future__ import annotations

import re
from array import array

from ..model import Title
from ..text import fold, fold_title


_SEQUEL_MARK = re.compile(
    r"(?:\s+(?:\d{1,2}|[ivx]{1,4}|part \w+|chapter \w+|vol(?:ume)? \w+|season \w+|the movie"
    r"|the series|returns|reloaded|forever|again|begins|rising|resurrection|revolutions))+$")
_SPLIT = re.compile(r"\s*(?::|\s-\s|\s–\s)\s*")


def _family_stem(title: str) -> tuple[str, str] | None:
    """('star wars', 'Star Wars') for 'Star Wars: The Last Jedi' or 'Toy Story 2'; None for a
    title that carries no sequel mark or subtitle."""
    parts = _SPLIT.split(title.strip(), maxsplit=1)
    head = parts[0]
    fh = fold_title(head)
    stripped = _SEQUEL_MARK.sub("", fh).strip()
    if len(parts) == 1 and stripped == fh:
        return None
    if not stripped or (len(stripped) < 5 and " " not in stripped):
        return None
    words = head.split()
    display = " ".join(words[: max(1, len(stripped.split()) + (1 if fold(head) != fh else 0))])
    return stripped, display.strip(" :-")


def family_stems(titles: list[Title], known=frozenset()) -> dict[int, tuple[str, str]]:
    """Title families from names: "Toy Story 2" and "Toy Story" share the stem "toy story".
    `known` (anything `in` works with): stems found elsewhere (the shipped index, for user
    titles)."""
    stems: dict[int, tuple[str, str]] = {}
    for i, t in enumerate(titles):
        st = _family_stem(t.title)
        if st:
            stems[i] = st
    stem_set = {s for s, _ in stems.values()}
    for i, t in enumerate(titles):
        if i not in stems:
            ft = fold_title(t.title)
            if ft in stem_set or ft in known:
                stems[i] = (ft, t.title)
    return stems


def chain_positions(follows: array, followed_by: array) -> array:
    """Each title's position along its sequel chain (0: the first), -1 for a title with no link.

    A title's predecessor is the one it follows, else one whose followed_by names it; the
    position is the number of predecessors before it. Linear: every title is walked once and
    remembered (walking each title back to the start of its chain was quadratic: 20,000 user
    titles in one chain took 34 s). A cycle starts at the title where it was entered."""
    n = len(follows)
    prev = array("i", follows)
    for i in range(n):
        j = followed_by[i]
        if j >= 0 and prev[j] == -1 and j != i:
            prev[j] = i
    pos = array("i", [-1]) * n
    on_path = bytearray(n)
    for i in range(n):
        if pos[i] != -1 or (prev[i] == -1 and followed_by[i] == -1):
            continue
        path, cur = [], i
        while cur != -1 and pos[cur] == -1 and not on_path[cur]:
            on_path[cur] = 1
            path.append(cur)
            cur = prev[cur]
        if cur != -1 and pos[cur] == -1:  # a cycle: it starts where the walk entered it
            at = path.index(cur)
            for k, c in enumerate([cur, *reversed(path[at + 1:])]):
                pos[c] = k
            path = path[:at]
            k = 1
        else:  # the start of the chain (the last title walked), or a title already placed
            k = pos[cur] + 1 if cur != -1 else 0
        for c in reversed(path):
            pos[c] = k
            k += 1
        for c in path:
            on_path[c] = 0
    return pos
