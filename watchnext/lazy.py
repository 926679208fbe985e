"""Names a package re-exports from its modules, each module imported on first use (PEP 562);
and LazyFields, the index classes' fields read from the compiled catalog on first use.

`import watchnext` imports the search and similar packages' __init__ only (their public
functions must be bound before a submodule import could shadow them); the modules behind the
other names (and what they import: dataclasses alone is ~30 ms) load when a name is asked for.
"""

from __future__ import annotations

import sys


def lazy_names(package: str, home: dict[str, str]):
    """(__getattr__, __dir__) for `package`, whose name N lives in module `package.home[N]`."""

    def __getattr__(name: str):
        where = home.get(name)
        if where is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        import importlib

        value = getattr(importlib.import_module(f"{package}.{where}"), name)
        setattr(sys.modules[package], name, value)  # asked once
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *home})

    return __getattr__, __dir__


class LazyFields:
    """Base of the search and similarity indexes. Opened from the compiled catalog
    (catalog.indexcache.from_store), an index holds a `_load_field` reader and each field is read when
    first used; `_sets` (query-time caches) is never pickled.

    A subclass's fields are its annotated names, in order (FIELDS, set here); DEFAULTS maps those
    with a default to a function making it. Built by keyword: SearchIndex(ids=..., ...). Plain
    classes, not dataclasses: `watchnext search` would import dataclasses (~5-15 ms a search)."""

    FIELDS: tuple = ()
    DEFAULTS: dict = {}

    def __init_subclass__(cls, **kw) -> None:
        super().__init_subclass__(**kw)
        cls.FIELDS = tuple(n for n in cls.__dict__.get("__annotations__", {})
                           if n not in ("FIELDS", "DEFAULTS"))

    def __init__(self, **fields) -> None:
        unknown = [n for n in fields if n not in self.FIELDS or n.startswith("_")]
        missing = [n for n in self.FIELDS if n not in fields and n not in self.DEFAULTS]
        if unknown or missing:
            raise TypeError(f"{type(self).__name__}: unknown fields {unknown}, missing {missing}")
        self.__dict__.update(fields)
        for n, make in self.DEFAULTS.items():
            if n not in fields:
                self.__dict__[n] = make()

    def __repr__(self) -> str:  # (reads no field)
        return f"{type(self).__name__}(fingerprint={self.__dict__.get('fingerprint')!r})"

    def __getattr__(self, name):
        load = self.__dict__.get("_load_field")
        if load is None or name.startswith("__"):
            raise AttributeError(name)
        value = self.__dict__[name] = load(name)
        return value

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_sets"] = {}
        return state
