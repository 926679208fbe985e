"""argparse subcommands: parse, call the domain, print text or --json. No textual import here
except when the TUI is opened (no subcommand)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Sequence

from .errors import Ambiguous, NotFound, WatchnextError


def _catalog(args: argparse.Namespace):
    from .catalog import load_catalog

    cat = load_catalog()
    for problem in cat.problems:
        print(f"watchnext: warning: {problem}", file=sys.stderr)
    return cat


def named_title(cat, words: Sequence[str], year: int | None = None, title_id: str | None = None):
    """The one title a command names: by --id (a catalog id, or an IMDb tt id), else by its
    words (and --year); NotFound / Ambiguous otherwise (printed by _run)."""
    if title_id is not None:
        tid = title_id.strip()
        t = (cat.get(tid) or (cat.by_imdb(tid) if tid.startswith("tt") else None)) if tid else None
        if t is None:
            raise NotFound(f"no title with id {title_id!r} in the catalog")
        return t
    name = " ".join(words).strip()
    if not name:
        raise WatchnextError("give a TITLE (and --year if several share the name) or --id ID")
    return cat.resolve(name, year)


def print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


# which module defines each command: a command line names one, and only its module is imported
# (the watchlist's alone costs ~30 ms of every `search`); --help or a typo imports them all
COMMANDS = {"catalog": "cli_catalog", "show": "cli_catalog", "search": "cli_search",
            "similar": "cli_search", "watchlist": "cli_watchlist"}


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


def report_lookup_error(err: WatchnextError) -> None:
    print(f"watchnext: error: {err}", file=sys.stderr)
    if isinstance(err, NotFound) and err.suggestions:
        print("did you mean:", file=sys.stderr)
        for t in err.suggestions:
            print(f"  {t.title} ({t.years}, {t.kind})  --id {t.id}", file=sys.stderr)
    if isinstance(err, Ambiguous) and err.candidates:
        print("candidates:", file=sys.stderr)
        for t in err.candidates:
            who = ", ".join(t.directors[:1]) or ", ".join(t.countries[:1])
            print(f"  {t.title} ({t.years}, {t.kind}{', ' + who if who else ''})  --id {t.id}",
                  file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv and argv[0] == "search":  # `-kind:series` in a query is a word, not an option
        from .cli_search import search_argv

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
            from .tui import run_app  # deferred: the CLI never pays for textual

            return run_app() or 0
        # a command that needs a subcommand (`watchnext catalog`): its help, on stderr, exit 2
        import contextlib

        with contextlib.redirect_stdout(sys.stderr), contextlib.suppress(SystemExit):
            parser.parse_args([args.command, "--help"])
        print(f"watchnext {args.command}: error: give a subcommand", file=sys.stderr)
        return 2
    from .text import VisibleWriter

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


if __name__ == "__main__":
    sys.exit(main())
