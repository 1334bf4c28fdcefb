"""The ``spiegel`` command line.

Each group of sub-commands lives in ``spiegel_tui/commands/`` and registers itself through a
``register(subparsers)`` function; handlers take the parsed arguments and return an exit
code. Textual is imported only by ``run`` (and by ``spiegel`` without a command), so the
other commands start fast. Bad input is one line on stderr and exit code 2, no traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from spiegel_tui import __version__
from spiegel_tui.model.tomlfile import SessionError

COMMAND_MODULES = (
    "spiegel_tui.commands.sessions",  # new, formats, validate, note, check
    "spiegel_tui.commands.reports",  # export, series, actions
    "spiegel_tui.commands.git",  # init, commit, history, sync, purge, git-merge, git-diff
    "spiegel_tui.commands.console",  # run (and no command: the start screen)
    "spiegel_tui.commands.demo",  # demo
    "spiegel_tui.commands.serve",  # serve
)

COMMANDS = {
    **dict.fromkeys(("new", "formats", "validate", "note", "check"), COMMAND_MODULES[0]),
    **dict.fromkeys(("export", "series", "actions"), COMMAND_MODULES[1]),
    **dict.fromkeys(("init", "commit", "history", "sync", "purge", "git-merge", "git-diff"),
                    COMMAND_MODULES[2]),
    **dict.fromkeys(("run", "show"), COMMAND_MODULES[3]),
    "demo": COMMAND_MODULES[4],
    "serve": COMMAND_MODULES[5],
}
"""Which module registers each command: ``spiegel run`` imports only what ``run`` needs."""

EXIT_OK, EXIT_WARNINGS, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """Wrong arguments: reported as one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")


def _modules_for(argv: Sequence[str] | None) -> tuple[str, ...]:
    """The command's own module when the first word names one; every module otherwise
    (``--help``, no command, a typo: then the full list of commands is wanted)."""
    words = list(sys.argv[1:] if argv is None else argv)
    while words and words[0] == "--lang" and len(words) > 1:
        words = words[2:]
    if words and words[0].startswith("--lang="):
        words = words[1:]
    module = COMMANDS.get(words[0]) if words else None
    return (module,) if module else COMMAND_MODULES


def build_parser(argv: Sequence[str] | None = None, *, every: bool = True,
                 ) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="spiegel",
        description="Run mirror meetings (spiegelbijeenkomsten) from the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"spiegel {__version__}")
    parser.add_argument("--lang", choices=("nl", "en"), default=None,
                        help="language on screen (default: nl; the console: the session's)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES if every else _modules_for(argv):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue  # a command group not built yet
        module.register(sub)
    return parser


def settle_language(args: argparse.Namespace) -> argparse.Namespace:
    """``--lang`` defaults to Dutch; ``lang_given`` says whether it was typed (the console
    then shows a session in its own language)."""
    args.lang_given = args.lang is not None
    args.lang = args.lang or "nl"
    return args


def _flushed(code: int) -> int:
    """Flush stdout before exit, so that ``> /dev/full`` is one line and exit 2 rather than
    a complaint from the interpreter at shutdown."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        return code
    except OSError as error:
        print(f"stdout: cannot write: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(argv, every=False)
    try:
        args = settle_language(parser.parse_args(argv))
        handler = getattr(args, "handler", None)
        if handler is None:
            from spiegel_tui.commands.console import start_screen

            return start_screen(args)
        code = int(handler(args) or 0)
        return _flushed(code)
    except UsageError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    except SessionError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:  # > /dev/full: one line, no traceback
        print(f"{error.filename or 'stdout'}: cannot write: {error.strerror or error}",
              file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
