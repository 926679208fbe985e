"""The catalog builder: derives catalog/titles/*.toml from the raw sources, reproducibly."""

from .builder import build_catalog

__all__ = ["build_catalog"]
