"""Why a pick is like the title: the reasons a person would name ('same director: ...',
'also about: submarine'), strongest first: with the smooth ranker (the default), in the order of
what each one added to this pick's score (smooth.pair_terms), so the first reason is the term
that counted most for it; with the gated ranker, in the order of the fixed weights."""

from __future__ import annotations

from .features import SimilarIndex
from .score import _Query, family_ok, links_of, ranker, strong_link
from .weights import BIG_STUDIO_DF, W_COMPOSER, W_COUNTRY, W_DIRECTOR, W_TRUE, W_WRITER


# ------------------------------------------------------------------ reasons

def _decade(y: int) -> str:
    return f"{y - y % 10}s"


def reasons_for(ix: SimilarIndex, catalog, i: int, j: int, max_reasons: int = 5,
                q: "_Query | None" = None) -> list[str]:
    """Why title j is like title i, strongest first, in words a person reads (`q`: title i's
    query, when the caller has it for several j)."""
    titles = catalog.titles
    qt, ct = titles[i], titles[j]
    q = q if q is not None and q.i == i else _Query(ix, i)
    out: list[tuple[float, str]] = []  # (fixed weight, text)
    said: dict[str, tuple[str, ...]] = {}  # text -> the score terms it stands for
    strong = strong_link(ix, i, j)
    if strong and (ix.follows[j] == i or ix.followed_by[i] == j):
        out.append((100, f"sequel of {qt.title}"))
    elif strong and (ix.followed_by[j] == i or ix.follows[i] == j):
        out.append((100, f"followed by {qt.title}"))
    if out:
        said[out[0][1]] = ("link",)
    # (a filmography chain, "listed after X in Wikidata", scores a little but is no reason)
    shared: dict[str, list[tuple[float, str]]] = {}
    a, b = ix.t_ptr[j], ix.t_ptr[j + 1]
    for f, w in zip(ix.t_fid[a:b], ix.t_w[a:b]):
        wq = q.feats.get(f)
        if wq is None:
            wr = q.rel.get(f)
            if wr is not None and not ix.common[f]:
                shared.setdefault("R", []).append((wr * w, ix.feat_labels[f]))
            continue
        name = ix.feat_names[f]
        if name[0] == "s":  # (studios: how many titles share it, to leave the majors out)
            shared.setdefault("s", []).append((wq * w, ix.feat_labels[f],
                                               ix.p_ptr[f + 1] - ix.p_ptr[f]))
            continue
        shared.setdefault(name[0], []).append((wq * w, ix.feat_labels[f]))

    def add(weight: float, text: str, *terms: str) -> None:
        out.append((weight, text))
        said[text] = terms

    if "f" in shared and not out and strong:
        add(90, f"same franchise: {shared['f'][0][1]}", "link")
    if "x" in shared and not out and family_ok(ix, i, j):
        add(80, f"same franchise: {shared['x'][0][1]}", "link")
    if "d" in shared or "q" in shared:
        names = [lab for _, lab in sorted(shared.get("d", []), key=lambda x: (-x[0], x[1])) if lab]
        if not names:  # shared by Wikidata id: the name is on the titles
            names = [d for d in ct.directors if d in qt.directors] or list(ct.directors[:1] or qt.directors[:1])
        if names:  # (a director with no name known anywhere is no reason a person can read)
            add(W_DIRECTOR, f"same director: {', '.join(names[:2])}", "d", "q")
    if "a" in shared:
        people = sorted(shared["a"], key=lambda x: (-x[0], x[1]))
        add(sum(w for w, _ in people), "also stars " + ", ".join(lab for _, lab in people[:2]), "a")
    directors = {lab for _, lab in shared.get("d", [])}
    writers = [p for p in sorted(shared.get("w", []), key=lambda x: (-x[0], x[1])) if p[1] not in directors]
    if writers:
        add(W_WRITER, "same writer: " + ", ".join(lab for _, lab in writers[:2]), "w")
    # the era is said with what is shared ("themes: grief, family · 2020s"), not alone
    dy = abs(qt.year - ct.year)
    era = f" · {_decade(ct.year)}" if dy <= 4 and _decade(qt.year) == _decade(ct.year) else ""
    described = False
    if "t" in shared:
        themes = sorted(shared["t"], key=lambda x: (-x[0], x[1]))
        add(sum(w for w, _ in themes), "themes: " + ", ".join(lab for _, lab in themes[:3]) + era, "theme")
        described = True
    if "R" in shared:
        rel = sorted(shared["R"], key=lambda x: (-x[0], x[1]))
        add(sum(w for w, _ in rel), "related themes: " + ", ".join(lab for _, lab in rel[:2]))
    if "k" in shared:
        words = sorted(shared["k"], key=lambda x: (-x[0], x[1]))
        add(sum(w for w, _ in words), "also about: " + ", ".join(lab for _, lab in words[:3]), "k")
    # a studio only when it says something: a small one (Pixar, Studio Ghibli), never the
    # majors every other title shares ("same studio: Paramount Pictures" is filler)
    studios = sorted((x for x in shared.get("s", []) if x[2] <= BIG_STUDIO_DF),
                     key=lambda x: (-x[0], x[1]))
    if studios:
        names: list[str] = []
        for _, lab, _ in studios:  # "Pixar", not "Pixar, Pixar Animation Studios"
            if not any(lab.startswith(o) or o.startswith(lab) for o in names):
                names.append(lab)
        add(studios[0][0], "same studio: " + ", ".join(names[:2]), "s")
    if "m" in shared:
        add(W_COMPOSER, "music by " + shared["m"][0][1] + " too", "m")
    # genres: only when telling (a rare one, or nothing more specific to say and at least two
    # shared: "both Drama" alone is filler)
    common_g = q.gbits & ix.gmask[j]
    gnames = [ix.genre_names[k] for k in range(len(ix.genre_names)) if common_g >> k & 1]
    rare = [g for g in gnames if ix.genre_rare[ix.genre_names.index(g)]]
    said_g: list[str] = []
    if gnames and (rare or (len(out) < 2 and len(gnames) >= 2)):
        g3 = said_g = gnames[-3:][::-1]
        label = "both " + (", ".join(g3[:-1]) + " and " + g3[-1] if len(g3) > 1 else g3[0])
        label += "" if described else era
        described = described or bool(era)
        add(sum(ix.genre_w[ix.genre_names.index(g)] for g in rare) if rare else 0.5, label, "genre")
    # country / language when it says something (not the most common countries)
    cm, cshared = ix.cmask[i] & ix.cmask[j], []
    while cm:  # the shared country bits
        k = (cm & -cm).bit_length() - 1
        cshared.append(ix.country_names[k])
        cm &= cm - 1
    cshared = [c for c in cshared if ix.country_w[ix.country_names.index(c)] >= W_COUNTRY * 2.0]
    if cshared:
        add(0.9, "also from " + " and ".join(cshared[:2]), "country")
    said_t = {lab for _, lab in sorted(shared.get("t", []), key=lambda x: (-x[0], x[1]))[:3]}
    if qt.true_story and ct.true_story and "true story" not in said_t:
        add(W_TRUE, "also based on a true story", "truth")
    if q.kids and ix.kids[j] and not any(g in said_g for g in ("Kids", "Family")):
        add(0.6, "also for kids", "kids")  # (unless the genres said it: "both Kids")
    # (the era alone, "also from the 2010s", is no reason either)
    if ranker() == "smooth":  # what each reason added to this pick's score, most first
        from . import smooth

        if q.links is None:
            q.links = links_of(ix, i, q)
        terms = smooth.pair_terms(ix, i, j, q.links)
        # (related themes are no term of the smooth score: they come last)
        out.sort(key=lambda x: (-sum(terms.get(k, 0.0) for k in said[x[1]]), -x[0]))
    else:
        out.sort(key=lambda x: -x[0])
    return [text for _, text in out[:max_reasons]]
