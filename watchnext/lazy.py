"""Names a package re-exports from its modules, each module imported on first use (PEP 562).

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
