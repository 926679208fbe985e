"""The caches and the compiled catalog are data: nothing in them runs, foreign ones are ignored."""

from __future__ import annotations

import os
import pickle
import sqlite3

import pytest

from watchnext import paths
from watchnext.catalog import codec
from watchnext.cli import main
from watchnext.loader import load_catalog


class _Boom:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_no_module_of_watchnext_reads_pickles():
    """Every file watchnext writes or reads is data: no module imports pickle (or a module
    that unpickles: shelve, marshal)."""
    import ast
    from pathlib import Path

    import watchnext

    users = []
    for f in Path(watchnext.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n.split(".")[0] in ("pickle", "_pickle", "shelve", "marshal", "dill") for n in names):
                users.append(str(f))
    assert users == []


def test_a_crafted_pickle_is_not_data_and_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    for data in (pickle.dumps(_Boom(marker)), pickle.dumps(SystemExit(7)),
                 codec.MAGIC + pickle.dumps(_Boom(marker))):
        with pytest.raises(ValueError):
            codec.decode(data)
    assert not marker.exists()


def test_crafted_index_caches_are_rebuilt_not_run(use_small_catalog, tmp_path, capsys):
    # a first search writes the index cache; replace every cached index by a crafted pickle,
    # then by a damaged copy of itself
    assert main(["search", "revenge", "--limit", "3"]) == 0
    first = capsys.readouterr().out
    cached = list(paths.cache_dir().glob("*.index"))
    assert cached
    good = {f: f.read_bytes() for f in cached}
    marker = tmp_path / "pwned"
    for f in cached:
        f.write_bytes(pickle.dumps(_Boom(marker)))
    assert main(["search", "revenge", "--limit", "3"]) == 0
    assert capsys.readouterr().out == first
    for f, data in good.items():
        f.write_bytes(data[: len(data) // 2])
    assert main(["search", "revenge", "--limit", "3"]) == 0
    assert capsys.readouterr().out == first
    assert not marker.exists()


def test_pickles_left_by_an_older_version_are_removed(use_small_catalog, capsys):
    d = paths.cache_dir()
    d.mkdir(parents=True, exist_ok=True)
    os.chmod(d, 0o700)
    old = d / "search-v12-0123abcd.pickle"
    old.write_bytes(pickle.dumps({"old": 1}))
    assert main(["search", "revenge", "--limit", "3"]) == 0
    assert not old.exists()
    # and when the catalog is compiled (make, the wheel build), with a compiled file that
    # needs no index cache at all
    from watchnext.loader import compile_shipped

    old = d / "similar-v17-0123abcd.pickle"
    old.write_bytes(pickle.dumps({"old": 1}))
    compile_shipped(paths.shipped_catalog_dir())
    assert not old.exists()


def test_a_compiled_catalog_with_crafted_blobs_is_refused(use_small_catalog, tmp_path, capsys):
    cat = load_catalog()
    store = cat._store
    assert store is not None
    marker = tmp_path / "pwned"
    con = sqlite3.connect(store.path)
    with con:
        con.execute("UPDATE blobs SET data = ? WHERE name LIKE 'search-%:prior' OR name = 'titles'",
                    (pickle.dumps(_Boom(marker)),))
        con.execute("UPDATE titles SET data = '[1, 2]' WHERE pos = 0")
    con.close()
    # refused with one line naming the file; no code runs
    assert main(["search", "revenge", "--limit", "3"]) == 1
    err = capsys.readouterr().err
    assert str(store.path) in err and "damaged" in err and len(err.strip().splitlines()) == 1
    assert not marker.exists()


def test_a_cache_folder_writable_by_others_is_ignored(use_small_catalog, capsys):
    d = paths.cache_dir()
    d.mkdir(parents=True, exist_ok=True)
    d.chmod(0o777)
    try:
        assert main(["search", "revenge", "--limit", "1"]) == 0
        err = capsys.readouterr().err
        assert "not a private folder" in err
        assert not list(d.glob("*.index")) and not (d / "catalog.sqlite").exists()
    finally:
        d.chmod(0o700)


def test_a_cache_that_cannot_be_written_leaves_no_temp_file_and_says_why(use_small_catalog, capsys):
    """A folder where the compiled catalog belongs (or a full disk): every run still answers,
    says once why it is slower, and leaves no partial file behind."""
    import os

    from watchnext import loader, paths
    from watchnext.catalog import compiled
    from watchnext.cli import main

    cache = paths.cache_dir()
    (cache / compiled.FILE_NAME).mkdir(parents=True)  # a folder in the file's place
    os.chmod(cache, 0o700)
    loader._warned.clear()
    for _ in range(2):
        assert main(["search", "ballerina", "--limit", "1"]) == 0
    err = capsys.readouterr().err
    assert err.count("cannot write the catalog cache") == 1
    assert not [p for p in cache.rglob("*") if p.name.endswith(".tmp")]
