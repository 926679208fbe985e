"""Ships catalog/ (titles, vocabularies, schema) inside the wheel as watchnext/data/catalog."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalog(build_py):
    def run(self):
        super().run()
        src = Path(__file__).parent / "catalog"
        dest = Path(self.build_lib) / "watchnext" / "data" / "catalog"
        if dest.exists():
            shutil.rmtree(dest)
        for sub in ("titles", "vocab"):
            shutil.copytree(src / sub, dest / sub)
        shutil.copy2(src / "README.md", dest / "README.md")


setup(cmdclass={"build_py": BuildWithCatalog})
