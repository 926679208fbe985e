"""Read pickles as data: only an allow-list of plain types can be named by a pickle.

A pickle can name any importable callable and call it while loading: a crafted cache file
runs code (`os.system`, `sys.exit`...). `loads` refuses every global that is not on the
list below (plain containers, arrays, and watchnext's own index and record classes, whose
construction only stores fields), so a foreign or crafted file raises UnsafePickle instead
of running anything. What loads is still checked by its caller (shape and types).
"""

from __future__ import annotations

import io
import pickle

ALLOWED = {
    ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "dict"), ("builtins", "list"),
    ("builtins", "tuple"), ("builtins", "bytearray"), ("builtins", "object"),
    ("array", "array"), ("array", "_array_reconstructor"),
    ("copyreg", "_reconstructor"),
    ("collections", "defaultdict"), ("collections", "OrderedDict"),
    ("watchnext.model", "Title"),
    ("watchnext.search.index", "SearchIndex"), ("watchnext.search.index", "Postings"),
    ("watchnext.similar.features", "SimilarIndex"),
}


class UnsafePickle(pickle.UnpicklingError):
    pass


class _Restricted(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in ALLOWED:
            raise UnsafePickle(f"refused to load {module}.{name}: not plain data")
        return super().find_class(module, name)


def loads(data: bytes):
    return _Restricted(io.BytesIO(data)).load()


def load(fh):
    return _Restricted(fh).load()


def dumps(obj) -> bytes:
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
