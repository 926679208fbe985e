"""The TUI's settings file: ``user_config_dir("watchnext")/config.toml``.

    theme = "gruvbox"            # a Textual theme name (chosen from the command palette)

    [keys]                       # binding id -> key(s), comma separated
    "watchlist.add" = "plus"
    "app.watchlist" = "w,ctrl+w"

Reading never fails: a file that does not parse, or holds a value that makes no sense, gives the
defaults and a list of problems (each naming the file, and the line when TOML reports it) that
the app shows as notifications. Writing (only the theme, when a person picks one) happens only
when the file parsed or did not exist, and is atomic, so a person's file is never clobbered.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

_TOML_POS = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_KNOWN_TOP = ("theme", "keys")


@dataclass
class Config:
    path: Path
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # True when the file parsed or does not exist: only then may we write it back
    writable: bool = True
    # the parsed document (kept so a write keeps every table a person put in it)
    raw: dict = field(default_factory=dict)


def load_config(path: Path) -> Config:
    """Read `path` (a missing file is fine: defaults). Never raises."""
    path = Path(path)
    cfg = Config(path=path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return cfg
    except OSError as err:
        cfg.problems.append(f"{path}: cannot read it ({err.strerror or err}); using defaults")
        cfg.writable = False
        return cfg
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        cfg.problems.append(f"{path}: not UTF-8 text; using defaults (the file is left as it is)")
        cfg.writable = False
        return cfg
    except RecursionError:
        cfg.problems.append(f"{path}: nested too deeply to read; using defaults "
                            "(the file is left as it is)")
        cfg.writable = False
        return cfg
    except tomllib.TOMLDecodeError as err:
        msg = str(err)
        m = _TOML_POS.search(msg)
        where = f"{path}, line {m.group(1)}" if m else str(path)
        msg = _TOML_POS.sub("", msg)
        cfg.problems.append(f"{where}: {msg}; using defaults (the file is left as it is)")
        cfg.writable = False
        return cfg
    cfg.raw = doc
    theme = doc.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme.strip():
            cfg.theme = theme.strip()
        else:
            cfg.problems.append(f"{path}: theme should be a theme name in quotes, "
                                f"like theme = \"nord\"")
    keys = doc.get("keys", {})
    if not isinstance(keys, dict):
        cfg.problems.append(f"{path}: [keys] should be a table of binding id = \"key\"")
        keys = {}
    for binding_id, value in keys.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = ",".join(value)
        if not isinstance(value, str) or not value.strip():
            cfg.problems.append(f"{path}: keys.{binding_id} should be a key like \"ctrl+w\"")
            continue
        cfg.keys[str(binding_id)] = ",".join(k.strip() for k in value.split(",") if k.strip())
    return cfg


def save_theme(cfg: Config, theme: str) -> str | None:
    """Remember `theme` in the file. Returns a problem message, or None when saved.
    Never writes a file that did not parse."""
    if not cfg.writable:
        return None
    doc = dict(cfg.raw)
    doc["theme"] = theme
    try:
        atomic_write_text(cfg.path, tomli_w.dumps(doc))
    except OSError as err:
        return f"{cfg.path}: cannot save the theme ({err.strerror or err})"
    cfg.raw = doc
    cfg.theme = theme
    return None


def atomic_write_text(path: Path, text: str) -> None:
    """Temp file in the same folder, write, flush, fsync, os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
