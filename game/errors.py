"""The two ways a command fails on purpose, and the exit codes they map to (DESIGN §10).

Anything else that escapes a subcommand is a bug: :mod:`warroom.game.cli` reports it as an
internal error, without a traceback unless ``WARROOM_DEBUG=1``.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_MISUSE = 2
EXIT_INTERRUPTED = 130


class Failure(Exception):
    """A reported error (a bad file, a failed verification): one clear line, exit 1."""


class Misuse(Exception):
    """The command line was used wrongly (conflicting options, nothing to act on): exit 2."""
