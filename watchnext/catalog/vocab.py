"""The shipped vocabularies the catalog reads: people aliases (so that "jun jong-seo" finds
Jeon Jong-seo) and theme aliases, from <catalog>/vocab/."""

from __future__ import annotations

from pathlib import Path

from ..text import fold


def load_vocab(shipped: Path) -> tuple[dict[str, str], dict[str, list[str]], list[str]]:
    """People aliases (folded alias -> canonical) and theme aliases from <catalog>/vocab/."""
    people: dict[str, str] = {}
    themes: dict[str, list[str]] = {}
    problems: list[str] = []
    import tomllib

    vocab = shipped / "vocab"
    for fname, key in (("people.toml", "people"), ("themes.toml", "themes")):
        path = vocab / fname
        if not path.exists():
            continue
        try:
            with open(path, "rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as err:
            problems.append(f"{path}: {err}")
            continue
        except RecursionError:
            problems.append(f"{path}: nested too deeply to read; skipped")
            continue
        for row in data.get(key, []):
            name = row.get("name")
            if not isinstance(name, str):
                continue
            aliases = [a for a in row.get("aliases", []) if isinstance(a, str)]
            if key == "people":
                for alias in [name, *aliases]:
                    people[fold(alias)] = name
            else:
                themes[name] = aliases
    return people, themes, problems
