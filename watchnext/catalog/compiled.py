"""The compiled catalog: one SQLite file that is opened, not loaded.

The TOML files under catalog/ stay the source people read and edit; `watchnext catalog compile`
(run by the wheel build and by `make`'s install step) turns them into `catalog.sqlite` beside
them, so no run ever parses 57,000 records or builds an index:

    meta(key, value)      format, source key (names and sizes of the TOML files it was made
                          from), title count, people and theme aliases (JSON)
    titles(pos, data)     one row per title, its fields as a JSON array in Title's field order
    ids(id, pos)          every id and old id -> row
    names(key, pos)       every folded title / original title / aka -> row
    imdb(imdb, pos)
    blobs(name, data)     the search and similar indexes, one blob per field, as data only:
                          packed text (packed.py), raw little-endian arrays with a JSON
                          manifest (codec.py, similar/arrays.py); nothing names code;
                          "titles": every title column by column (columns.py), for the few
                          callers that read them all
    post(name, key, data) search postings, one row per key (a query reads the keys it asks for)

A command touches only the rows it shows: `show` reads one row, `search` reads its index and
the rows of its hits; the few callers that need every title read them column by column. Every read is validated (shape and types); a file that does not fit
(another version, other sources, damaged, not a SQLite file) is ignored and the TOML is read.
"""

from __future__ import annotations

import json
import os
import sqlite3
from itertools import chain
from pathlib import Path

from ..model import Title
from .columns import _FIELDS, _INT_POS, _LIST_POS, _N, pack_columns, unpack_columns

FORMAT = 7  # 7: no pickles: index fields as data (codec.py), every title in columns
FILE_NAME = "catalog.sqlite"


def source_files(shipped: Path) -> list[Path]:
    return sorted((shipped / "titles").glob("*.toml")) + sorted((shipped / "vocab").glob("*.toml"))


def sha256(data: bytes = b""):
    """hashlib.sha256, from CPython's own module when it has one: importing hashlib loads
    OpenSSL (~2-7 ms of every run, for the one digest a run makes). The same digests."""
    try:
        from _sha256 import sha256 as make  # (3.11)
    except ImportError:
        try:
            from _sha2 import sha256 as make  # (3.12 and later)
        except ImportError:
            from hashlib import sha256 as make
    return make(data)


def source_key(shipped: Path) -> str:
    """Names, sizes and times of the files a compiled catalog is made from: an edit compiles
    again. Inside an installed package only names and sizes count (a wheel install does not
    keep the times, and nobody edits site-packages)."""
    h = sha256(f"format {FORMAT}\n".encode())
    shipped = Path(shipped)
    # inside a package (…/watchnext/data/catalog, as the wheel ships it), whichever copy of
    # watchnext compiled it
    packaged = (shipped.name == "catalog" and shipped.parent.name == "data"
                and (shipped.parent.parent / "__init__.py").exists()
                and (shipped.parent.parent / "compiled.py").exists())
    checkout = not packaged
    for f in source_files(shipped):
        try:
            st = f.stat()
        except OSError:
            continue
        stamp = f"{st.st_mtime_ns}" if checkout else ""
        h.update(f"{f.parent.name}/{f.name}\0{st.st_size}\0{stamp}\n".encode())
    return h.hexdigest()[:24]


def _row(value) -> Title:
    """A Title from a stored row, or ValueError when the row is not what we wrote."""
    if type(value) is list and tuple(map(type, value)) == _JSIG:  # as written: one check
        lists = [value[i] for i in _LIST_AT]
        if set(map(type, chain.from_iterable(lists))) <= _STR:
            for i, v in zip(_LIST_AT, lists):
                value[i] = tuple(v)
            return tuple.__new__(Title, value)
    if not isinstance(value, (list, tuple)) or len(value) != _N:
        raise ValueError("bad row")
    out = list(value)
    for i, v in enumerate(out):
        if i in _LIST_POS:
            if not isinstance(v, (list, tuple)) or not all(isinstance(x, str) for x in v):
                raise ValueError(f"bad {_FIELDS[i]}")
            out[i] = tuple(v)
        elif i in _INT_POS:
            if not isinstance(v, int) or isinstance(v, bool):
                raise ValueError(f"bad {_FIELDS[i]}")
        elif not isinstance(v, str):
            raise ValueError(f"bad {_FIELDS[i]}")
    return tuple.__new__(Title, out)


_SIG = tuple(tuple if i in _LIST_POS else (int if i in _INT_POS else str) for i in range(_N))
_JSIG = tuple(list if t is tuple else t for t in _SIG)  # a row as JSON reads it
_STR = {str}
_LIST_AT = tuple(sorted(_LIST_POS))


def write(path: Path, key: str, titles: list[Title], people: dict, themes: dict,
          problems: list[str], blobs: dict[str, bytes],
          postings: dict[str, dict[str, list[int]]] | None = None) -> None:
    """`postings`: field name -> {key: sorted idx list}, written as rows of `post` (a query
    reads the keys it asks for, not the whole field)."""
    from .lookup import title_keys

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.unlink(missing_ok=True)
        con = sqlite3.connect(tmp)
        # a private temporary file, replaced whole at the end: no journal, no syncs, and a page
        # cache large enough that the keyed tables do not thrash (rows go in in key order)
        con.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                          " PRAGMA cache_size = -262144;")
        with con:
            con.executescript("""
                CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
                CREATE TABLE titles(pos INTEGER PRIMARY KEY, data TEXT);
                CREATE TABLE ids(id TEXT PRIMARY KEY, pos INTEGER);
                CREATE TABLE names(key TEXT, pos INTEGER);
                CREATE TABLE imdb(imdb TEXT PRIMARY KEY, pos INTEGER);
                CREATE TABLE blobs(name TEXT PRIMARY KEY, data BLOB);
                CREATE TABLE post(name TEXT, key TEXT, data BLOB, PRIMARY KEY (name, key))
                    WITHOUT ROWID;
            """)
            meta = {"format": str(FORMAT), "source_key": key, "count": str(len(titles)),
                    "people": json.dumps(people, ensure_ascii=False),
                    "themes": json.dumps(themes, ensure_ascii=False),
                    "problems": json.dumps(problems, ensure_ascii=False)}
            con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            con.executemany("INSERT INTO titles VALUES (?, ?)",
                            ((p, json.dumps(list(t), ensure_ascii=False)) for p, t in enumerate(titles)))
            ids: dict[str, int] = {}
            for p, t in enumerate(titles):
                ids.setdefault(t.id, p)
            for p, t in enumerate(titles):
                for old in t.old_ids:
                    ids.setdefault(old, p)
            con.executemany("INSERT INTO ids VALUES (?, ?)", sorted(ids.items()))  # key order
            con.executemany("INSERT INTO names VALUES (?, ?)",
                            ((k, p) for p, t in enumerate(titles) for k in title_keys(t)))
            imdb: dict[str, int] = {}
            for p, t in enumerate(titles):
                if t.imdb:
                    imdb.setdefault(t.imdb, p)
            con.executemany("INSERT INTO imdb VALUES (?, ?)", sorted(imdb.items()))
            blobs = {"titles": pack_columns(titles), **blobs}
            con.executemany("INSERT INTO blobs VALUES (?, ?)", blobs.items())
            for name, table in sorted((postings or {}).items()):
                con.executemany("INSERT INTO post VALUES (?, ?, ?)",
                                ((name, k, _pack(table[k])) for k in sorted(table)))
            con.execute("CREATE INDEX names_key ON names(key)")
        con.execute("VACUUM")
        con.close()
        os.replace(tmp, path)
    finally:
        try:
            tmp.unlink()
        except OSError:
            pass


def _pack(idxs) -> bytes:
    from array import array

    return array("i", idxs).tobytes()


class StorePostings:
    """A search posting field read from the compiled file key by key (the interface of
    search.Postings): `get(key)` is one indexed SQL read, remembered (the last read, up to
    MEMO_BYTES of them: at a million titles a session's postings would otherwise all stay)."""

    __slots__ = ("_store", "_name", "_bound", "_memo", "_keys", "_bytes")
    MEMO_BYTES = 4 << 20  # per field

    def __init__(self, store: "Store", name: str, bound: int) -> None:
        self._store = store
        self._name = name
        self._bound = bound
        self._memo: dict = {}
        self._keys: list[str] | None = None
        self._bytes = 0

    def get(self, key, default=None):
        memo = self._memo
        if key in memo:
            v = memo[key]
            return default if v is None else v
        v = self._store.posting(self._name, key, self._bound) if isinstance(key, str) else None
        size = 0 if v is None else 4 * len(v)
        while memo and self._bytes + size > self.MEMO_BYTES:  # the oldest first
            old = memo.pop(next(iter(memo)))
            self._bytes -= 0 if old is None else 4 * len(old)
        memo[key] = v
        self._bytes += size
        return default if v is None else v

    def __getitem__(self, key):
        v = self.get(key)
        if v is None:
            raise KeyError(key)
        return v

    def size(self, key) -> int:
        v = self.get(key)
        return 0 if v is None else len(v)

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def keys(self) -> list[str]:
        if self._keys is None:
            self._keys = self._store.posting_keys(self._name)
        return self._keys

    def __iter__(self):
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self.keys())


class Store:
    """An open compiled catalog. Reads are small and validated; `None` / ValueError for what
    does not fit."""

    def __init__(self, con: sqlite3.Connection, path: Path, key: str, count: int, meta: dict):
        self.con = con
        self.path = path
        self.key = key
        self.count = count
        self.meta = meta
        self._rows: dict[int, Title] = {}

    def _damaged(self, what: str):
        from ..errors import CatalogError

        return CatalogError(f"{self.path}: the compiled catalog is damaged ({what}); delete it "
                            "and it is made again from the catalog files")

    def at(self, pos: int) -> Title:
        t = self._rows.get(pos)
        if t is None:
            try:
                r = self.con.execute("SELECT data FROM titles WHERE pos = ?", (pos,)).fetchone()
                if r is None:
                    raise IndexError(pos)
                t = self._rows[pos] = _row(json.loads(r[0]))
            except (ValueError, TypeError, sqlite3.Error, RecursionError) as err:
                raise self._damaged(f"row {pos}: {err}") from None
        return t

    def prefetch(self, positions) -> None:
        """Read the rows of these positions not read yet, in one query (a list of picks shown
        together); a row that does not fit is left for at() to report."""
        rows = self._rows
        want = sorted({p for p in positions if type(p) is int and 0 <= p < self.count}
                      - rows.keys())
        if not want:
            return
        try:
            marks = ",".join("?" * len(want))
            got = self.con.execute(f"SELECT pos, data FROM titles WHERE pos IN ({marks})",
                                   want).fetchall()
        except sqlite3.Error:
            return
        for pos, data in got:
            try:
                rows[pos] = _row(json.loads(data))
            except (ValueError, TypeError, RecursionError):
                pass

    def pos_of_id(self, tid: str) -> int | None:
        r = self.con.execute("SELECT pos FROM ids WHERE id = ?", (tid,)).fetchone()
        return r[0] if r else None

    def pos_of_imdb(self, imdb: str) -> int | None:
        r = self.con.execute("SELECT pos FROM imdb WHERE imdb = ?", (imdb,)).fetchone()
        return r[0] if r else None

    def pos_named(self, key: str) -> list[int]:
        return [r[0] for r in self.con.execute(
            "SELECT pos FROM names WHERE key = ? ORDER BY pos", (key,))]

    def name_keys(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT DISTINCT key FROM names")]

    def blob(self, name: str) -> bytes | None:
        r = self.con.execute("SELECT data FROM blobs WHERE name = ?", (name,)).fetchone()
        return r[0] if r and isinstance(r[0], bytes) else None

    def open_blob(self, name: str):
        """The blob `name` opened to be read in place (a sqlite3.Blob: slices read from the
        file, nothing kept), or None."""
        try:
            r = self.con.execute("SELECT rowid FROM blobs WHERE name = ? AND typeof(data) = 'blob'",
                                 (name,)).fetchone()
            return None if r is None else self.con.blobopen("blobs", "data", r[0], readonly=True)
        except sqlite3.Error:
            return None

    def posting(self, name: str, key: str, bound: int):
        """The idx array of one posting key (each below `bound`), or None."""
        from array import array

        try:
            r = self.con.execute("SELECT data FROM post WHERE name = ? AND key = ?",
                                 (name, key)).fetchone()
        except sqlite3.Error as err:
            raise self._damaged(f"{name}: {err}") from None
        if r is None:
            return None
        data = r[0]
        if not isinstance(data, bytes) or len(data) % 4:
            raise self._damaged(f"{name}[{key!r}]: not an index list")
        a = array("i")
        a.frombytes(data)
        if a and (min(a) < 0 or max(a) >= bound):
            raise self._damaged(f"{name}[{key!r}]: an index out of range")
        return a

    def posting_keys(self, name: str) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT key FROM post WHERE name = ?", (name,))]

    def all_titles(self) -> list[Title]:
        """Every title, in position order, from the column blob (pack_columns)."""
        import gc

        enabled = gc.isenabled()
        gc.disable()
        try:
            data = self.blob("titles")
            if data is None:
                raise ValueError("no titles blob")
            return unpack_columns(data, self.count)
        except (ValueError, TypeError, sqlite3.Error, RecursionError, MemoryError) as err:
            raise self._damaged(str(err)) from None
        finally:
            if enabled:
                gc.enable()


def open_store(path: Path, key: str) -> Store | None:
    """The compiled catalog at `path` if it was made from these sources, else None."""
    path = Path(path)
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
        meta = dict(con.execute("SELECT key, value FROM meta"))
        if meta.get("format") != str(FORMAT) or meta.get("source_key") != key:
            con.close()
            return None
        count = int(meta.get("count", "-1"))
        if count < 0:
            return None
        return Store(con, path, key, count, meta)
    except (sqlite3.Error, ValueError, OSError):
        return None
