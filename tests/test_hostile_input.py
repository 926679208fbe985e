"""Input an attacker or a big library gives: a title or a query as long as a book, a sequel
chain of thousands of user titles. Each answers as it would for a short one, without the
cost growing with the size."""

from __future__ import annotations

import pytest

from watchnext import paths
from watchnext.cli import main
from watchnext.loader import load_catalog
from watchnext.similar import similar

LONG = "x" * 100_000


@pytest.mark.parametrize("argv", [
    ["show", LONG],
    ["similar", LONG],
    ["similar", "Oldboy", "--also", LONG],
    ["watchlist", "add", LONG],
])
def test_a_title_as_long_as_a_book_is_a_clear_not_found(use_small_catalog, capsys, argv):
    assert main(argv) == 1
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert lines[0].startswith("watchnext: error: no title 'xxxx")
    assert "the name has 100,000 characters; 'did you mean' compared its first 200" in lines[0]
    assert len(err) < 2_000  # the name is not printed back in full
    assert not paths.watchlist_file().exists()


def test_a_long_title_that_exists_is_still_found(use_small_catalog, capsys):
    assert main(["show", "Ballerina" + " " * 300, "--year", "2023"]) == 0
    assert "Ballerina" in capsys.readouterr().out


def test_a_query_as_long_as_a_book_is_cut_with_one_warning(use_small_catalog, capsys):
    assert main(["search", "oldboy " + LONG]) == 0
    cap = capsys.readouterr()
    assert cap.err.splitlines()[0] == ("watchnext: warning: the query has 100,007 characters: "
                                       "only its first 200 are searched")
    assert len(cap.err) < 1_000
    assert main(["search", "oldboy " + "x" * 300, "--json"]) == 0
    assert capsys.readouterr().out.startswith("[")  # JSON still comes out


def _chain_catalog(n: int, link: str) -> None:
    """n user titles in one franchise, each the sequel of the one before (by `follows`,
    `followed_by` or both)."""
    rows = []
    for k in range(n):
        links = ""
        if k and link in ("follows", "both"):
            links += f'follows = "u-saga-{k - 1}"\n'
        if k < n - 1 and link in ("followed_by", "both"):
            links += f'followed_by = "u-saga-{k + 1}"\n'
        rows.append(f'[[titles]]\nid = "u-saga-{k}"\ntitle = "Odyssey Part {k}"\nyear = '
                    f'{1950 + k % 70}\nkind = "film"\ngenres = ["Drama"]\nfranchise = "Odyssey"\n'
                    + links)
    mine = paths.user_catalog_dir()
    mine.mkdir(parents=True, exist_ok=True)
    (mine / "saga.toml").write_text("\n".join(rows), encoding="utf-8")


@pytest.mark.parametrize("link", ["follows", "followed_by", "both"])
def test_a_long_sequel_chain_ranks_by_distance_along_it(use_small_catalog, link):
    _chain_catalog(3000, link)
    cat = load_catalog()
    ids = [m.title.id for m in similar(cat, cat.get("u-saga-1500"), limit=6)]
    assert set(ids[:2]) == {"u-saga-1499", "u-saga-1501"}  # the sequel and the prequel
    assert set(ids[2:4]) == {"u-saga-1498", "u-saga-1502"}  # then one step further
    assert set(ids[4:6]) == {"u-saga-1497", "u-saga-1503"}


def test_chain_positions_count_from_the_first_title_and_survive_cycles():
    from array import array

    from watchnext.similar import chain_positions

    def pos(follows, followed_by=None):
        followed_by = followed_by or [-1] * len(follows)
        return list(chain_positions(array("i", follows), array("i", followed_by)))

    assert pos([-1, 0, 1, 2]) == [0, 1, 2, 3]
    assert pos([3, 2, -1, 2], [-1, 0, 1, -1]) == [2, 1, 0, 1]  # 2 -> (1 and 3); 1 -> 0
    assert pos([-1, -1, -1], [1, 2, -1]) == [0, 1, 2]
    assert pos([-1, -1]) == [-1, -1]  # no links: no position
    assert sorted(pos([2, 0, 1])) == [0, 1, 2]  # a cycle still gets one position each
    assert pos([0]) == [0]
