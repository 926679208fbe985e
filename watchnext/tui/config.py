"""The TUI's settings file: ``user_config_dir("watchnext")/config.toml``.

    theme = "gruvbox"            # a Textual theme name (chosen from the command palette)

    [keys]                       # binding id -> key(s), comma separated
    "watchlist.add" = "insert"
    "app.watchlist" = "w,ctrl+w"

Reading never fails: a file that does not parse, or holds a value that makes no sense, gives the
defaults and a list of problems (each naming the file, and the line when TOML reports it) that
the app shows as notifications. Writing (only the theme, when a person picks one) happens only
when the file parsed or did not exist, changes only the theme line, and is atomic (through a
symbolic link; never over a read-only file), so a person's file is never clobbered.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import WatchnextError
from ..watchlist import atomic_write, read_plain_file, toml_str

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
        data = read_plain_file(path)  # a FIFO in its place is refused, not waited on
    except FileNotFoundError:
        return cfg
    except OSError as err:
        cfg.problems.append(f"{path}: cannot read it ({err.strerror or err}); using defaults")
        cfg.writable = False
        return cfg
    except WatchnextError as err:
        cfg.problems.append(f"{err}; using defaults")
        cfg.writable = False
        return cfg
    try:
        doc = tomllib.loads(_decode(data))
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
    except ValueError:  # an integer past Python's 4300-digit limit
        cfg.problems.append(f"{path}: a number with thousands of digits; using defaults "
                            "(the file is left as it is)")
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

    Only the `theme = ...` line changes (or one is added at the top, after the leading
    comments): the person's comments, order and spacing stay as they are. Never writes a file
    that did not parse, a read-only file, or one whose edit would read back differently."""
    if not cfg.writable:
        return None
    path = cfg.path
    try:
        data = read_plain_file(path)
    except FileNotFoundError:
        data = b""
    except OSError as err:
        return f"{path}: cannot save the theme ({err.strerror or err})"
    except WatchnextError as err:
        return f"{err} (the theme was not saved)"
    try:
        text = _decode(data)
        doc = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
        return (f"{path}: changed since watchnext read it and no longer reads as TOML; "
                "the theme was not saved (the file is left as it is)")
    want = {**doc, "theme": theme}
    new = next((t for t in _theme_edits(text, theme) if _reads_as(t, want)), None)
    if new is None:
        return (f"{path}: cannot change its theme line without rewriting the file; "
                f"set theme = {toml_str(theme)} by hand")
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, (bom + new).encode("utf-8"))
    except OSError as err:
        return f"{path}: cannot save the theme ({err.strerror or err})"
    except WatchnextError as err:
        return f"{err} (the theme was not saved)"
    cfg.raw = want
    cfg.theme = theme
    return None


def _decode(data: bytes) -> str:
    return data.decode("utf-8-sig")  # a BOM (Windows Notepad) is fine


_THEME_LINE = re.compile(
    r"""^([ \t]*(?:theme|"theme"|'theme')[ \t]*=[ \t]*)"""
    r"""("(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*'|[^#\r\n]*?)([ \t]*(?:#[^\r\n]*)?)\r?$""",
    re.MULTILINE)


def _theme_edits(text: str, theme: str) -> Iterator[str]:
    """Candidate texts with the theme set, smallest edit first: each `theme = ...` line with its
    value replaced (its comment kept), else a new line after the comments that open the file
    (at the very top when those comments sit on a [table] header)."""
    value = toml_str(theme)
    for m in _THEME_LINE.finditer(text):
        yield text[:m.start(2)] + value + text[m.end(2):]
    nl = "\r\n" if "\r\n" in text else "\n"
    lead = re.match(r"(?:[ \t]*#[^\n]*(?:\n|$))*", text).end()
    if re.match(r"[ \t]*\[", text[lead:]):
        lead = 0
    head = text[:lead]
    if head and not head.endswith("\n"):
        head += nl
    yield head + f"theme = {value}{nl}" + text[lead:]


def _reads_as(text: str, want: dict) -> bool:
    try:
        return tomllib.loads(text) == want
    except (tomllib.TOMLDecodeError, RecursionError, ValueError):
        return False
