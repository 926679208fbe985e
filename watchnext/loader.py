"""The old name of watchnext.catalog.load (`from watchnext.loader import load_catalog` keeps
working: this module is that one)."""

import sys

from .catalog import load as _load

sys.modules[__name__] = _load
