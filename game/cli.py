"""The ``warroom`` command line: argument parsing, dispatch and the exit-code contract.

Exit codes (DESIGN §10): 0 success, 1 a reported error (a bad scenario, a failed
verification), 2 misuse of the command line. Nothing ends in a traceback: located scenario
problems print one ``file:line:col: ...`` line each, refused commands and file errors one
clear line, and anything unexpected ``warroom: internal error: ...`` (with the traceback
only when ``WARROOM_DEBUG=1``).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from warroom.engine import ENGINE_VERSION, CommandError, ScenarioError

from .errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_MISUSE, Failure, Misuse
from .subcommands import SUBCOMMANDS
from .subcommands.parsing import add_modules

PROG = "warroom"


def version() -> str:
    """The installed distribution's version, with the engine's (recordings name the engine)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        release = dist_version(PROG)
    except PackageNotFoundError:
        release = "unknown"
    return f"{PROG} {release} (engine {ENGINE_VERSION})"


def build_parser() -> argparse.ArgumentParser:
    """The parser with one subparser per module in :data:`SUBCOMMANDS`."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Incident-response training: play, check and replay simulated AWS incidents.",
    )
    parser.add_argument("--version", action="version", version=version())
    add_modules(parser.add_subparsers(dest="command", metavar="COMMAND", required=True), SUBCOMMANDS)
    return parser


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def _silence_stdout() -> None:
    """Point standard output at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``warroom`` with ``argv`` (default: the process arguments); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error (argparse printed it)
        return exc.code if isinstance(exc.code, int) else EXIT_MISUSE
    try:
        return int(args.run(args))
    except ScenarioError as exc:
        for problem in exc.problems:
            _say(str(problem))
        return EXIT_FAILED
    except (Failure, CommandError) as exc:
        _say(f"{PROG}: {exc}")
        return EXIT_FAILED
    except Misuse as exc:
        _say(f"{PROG} {args.command}: {exc}")
        return EXIT_MISUSE
    except BrokenPipeError:  # the reader went away (``warroom catalog | head``): stop quietly
        _silence_stdout()
        return EXIT_FAILED
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"{PROG}: {where}{exc.strerror or exc}")
        return EXIT_FAILED
    except KeyboardInterrupt:
        _say(f"{PROG}: interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:
        if os.environ.get("WARROOM_DEBUG") == "1":
            traceback.print_exc()
        _say(f"{PROG}: internal error: {type(exc).__name__}: {exc}")
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
