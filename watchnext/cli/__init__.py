"""argparse subcommands: parse, call the domain, print text or --json. No textual import here
except when the TUI is opened (no subcommand).

One module per command group (catalog.py: catalog, show; search.py: search, similar;
watchlist.py: watchlist, with pick.py, transfer.py (export, import) and diary.py (log) for its
actions; stats.py: stats), each with its add_parsers(sub); output.py holds what they share."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from ..errors import Ambiguous, NotFound, WatchnextError
from .output import report_lookup_error

# which module defines each command: a command line names one, and only its module is imported
# (the watchlist's alone costs ~30 ms of every `search`); --help or a typo imports them all
COMMANDS = {"catalog": "catalog", "show": "catalog", "search": "search", "similar": "search",
            "watchlist": "watchlist", "stats": "stats"}


class _Version(argparse.Action):
    """--version: the installed version (read only when asked: importlib.metadata is slow)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser, namespace, values, option_string=None):
        from importlib import metadata

        try:
            version = metadata.version("watchnext")
        except metadata.PackageNotFoundError:  # run from a checkout without installing
            version = "unknown (not installed)"
        print(f"watchnext {version}")
        parser.exit()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="watchnext",
        description="Decide what to watch next. With no command, opens the terminal app.",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    only = COMMANDS.get(argv[0]) if argv else None
    names = [only] if only else list(dict.fromkeys(COMMANDS.values()))
    for name in names:
        importlib.import_module(f"{__package__}.{name}").add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "search":  # `-kind:series` in a query is a word, not an option
        from .search import search_argv

        argv = [argv[0], *search_argv(list(argv[1:]))]
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if args.command is None:
            if not (sys.stdin.isatty() and sys.stdout.isatty()):
                # cron, a pipe, a redirect: the app would write escape codes and wait for keys
                print("watchnext: the app needs a terminal (stdin and stdout); "
                      "run a command instead:", file=sys.stderr)
                parser.print_help(sys.stderr)
                return 2
            from ..tui import run_app  # deferred: the CLI never pays for textual

            return run_app() or 0
        # a command that needs a subcommand (`watchnext catalog`): its help, on stderr, exit 2
        import contextlib

        with contextlib.redirect_stdout(sys.stderr), contextlib.suppress(SystemExit):
            parser.parse_args([args.command, "--help"])
        print(f"watchnext {args.command}: error: give a subcommand", file=sys.stderr)
        return 2
    from ..text import VisibleWriter

    out, err_stream = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleWriter(out), VisibleWriter(err_stream)
    try:
        return _run(args)
    finally:
        sys.stdout, sys.stderr = out, err_stream


def _run(args) -> int:
    try:
        return args.func(args) or 0
    except (NotFound, Ambiguous) as err:
        report_lookup_error(err)
        return 1
    except WatchnextError as err:
        print(f"watchnext: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
