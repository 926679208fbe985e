"""The old name of watchnext.catalog.indexcache (benchmarks import it so: this module is that
one)."""

import sys

from .catalog import indexcache as _indexcache

sys.modules[__name__] = _indexcache
