"""The ``warroom`` subcommands, one module each.

Each module has ``NAME``, ``HELP`` (one line for the overview), optionally ``DESCRIPTION``,
``configure(parser)`` to declare its arguments and ``run(args) -> int`` returning the exit
code. :mod:`warroom.game.cli` builds the command line from :data:`SUBCOMMANDS`.
"""

from __future__ import annotations

from . import catalog, lint, listing, play, replay, schema, solve, validate

SUBCOMMANDS = (listing, catalog, validate, lint, schema, play, replay, solve)
