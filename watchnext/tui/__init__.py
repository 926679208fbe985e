"""The terminal app (the only package that imports textual). `watchnext` with no arguments
calls run_app(); everything else here is imported lazily so the CLI never pays for textual."""

from __future__ import annotations

import os

# Textual paints at most TEXTUAL_FPS frames a second (default 60): after a keystroke the new
# results wait for the next frame. 120 halves that wait; frames are only drawn when something
# changed, so an idle app costs nothing more.
PROCESS_ENV = {"TEXTUAL_FPS": "120"}


def prepare_process() -> None:
    """Process settings the app wants, set before textual is imported (a user's own
    environment wins)."""
    for key, value in PROCESS_ENV.items():
        os.environ.setdefault(key, value)


def run_app(**run_options) -> int:
    """Open the app on the shipped catalog and the user's watchlist; return an exit code.
    `run_options` go to App.run (the benchmarks run it headless)."""
    prepare_process()
    from .startup import Startup

    startup = Startup().start()  # the catalog opens while textual is imported
    from .app import make_app

    app = make_app(startup=startup)
    app.run(**run_options)
    return app.return_code or 0


__all__ = ["prepare_process", "run_app"]
