"""Ships catalog/ (titles, vocabularies, schema) inside the wheel as watchnext/data/catalog,
compiled (catalog.sqlite: the file the app opens, see catalog/README.md)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalog(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # `pip install -e .` (make): the app reads ./catalog itself
            return
        src = Path(__file__).parent / "catalog"
        dest = Path(self.build_lib) / "watchnext" / "data" / "catalog"
        if dest.exists():
            shutil.rmtree(dest)
        for sub in ("titles", "vocab"):
            shutil.copytree(src / sub, dest / sub)
        shutil.copy2(src / "README.md", dest / "README.md")
        # compile it once here, so that no install ever parses the TOML on its first run
        env = dict(os.environ, PYTHONPATH=str(Path(self.build_lib).resolve()))
        done = subprocess.run([sys.executable, "-m", "watchnext", "catalog", "compile",
                               "--catalog", str(dest)], env=env)
        if done.returncode != 0:  # the app still works: it compiles into the cache on first run
            print("warning: could not compile the catalog; the first run will", file=sys.stderr)


setup(cmdclass={"build_py": BuildWithCatalog})
