"""The command palette (ctrl+p): every action of the screen it was opened from (the keys in the
footer, the help screen and more), each named with its key. Themes come from Textual's own
system commands."""

from __future__ import annotations

from functools import partial
from typing import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider


class WatchnextCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = self.screen
        app = self.app
        seen: set[tuple[int, str]] = set()
        out: list[tuple[str, Callable[[], object], str]] = []
        for key, active in screen.active_bindings.items():
            b = active.binding
            if not b.description or not b.action or not active.enabled:
                continue
            marker = (id(active.node), b.action)
            if marker in seen:
                continue
            seen.add(marker)
            name = f"{_group(b.id)}{b.description}"
            help_text = f"{app.get_key_display(b)} · {b.tooltip or b.description}"
            out.append((name, partial(app.run_action, b.action, active.node), help_text))
        # screens and panels a person may want without knowing their key
        wn = app
        for name, action, help_text in (
            ("Go: Browse and search", "search", "The start screen"),
            ("Go: Watchlist", "watchlist", "Entries with status, rating, progress"),
            ("Go: For you", "for_you", "Picks from what you liked"),
            ("Go: Stats", "stats", "Your taste in charts"),
            ("Help: Keys", "help", "Every key and its binding id"),
        ):
            if not any(n == name for n, _, _ in out) and hasattr(screen, f"action_{action}"):
                out.append((name, partial(wn.run_action, action, screen), help_text))
        return sorted(out, key=lambda c: c[0])

    async def discover(self) -> Hits:
        for name, runnable, help_text in self._commands():
            yield DiscoveryHit(name, runnable, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, runnable, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), runnable, help=help_text)


def _group(binding_id: str | None) -> str:
    prefix = (binding_id or "").split(".", 1)[0]
    return {"watchlist": "Watchlist: ", "app": "App: ", "browse": "Browse: ", "title": "Title: ",
            "list": "List: ", "search": "Search: ", "table": "List: "}.get(prefix, "")
