"""The ``warroom`` subcommands, one module each.

Each module has ``NAME``, ``HELP`` (one line for the overview), optionally ``DESCRIPTION``,
``configure(parser)`` to declare its arguments and ``run(args) -> int`` returning the exit
code. :mod:`warroom.game.cli` builds the command line from :data:`SUBCOMMANDS`. A few
helper modules serve them: :mod:`.reference`, :mod:`.markdown` and :mod:`.schemafields` render
the Markdown reference (``catalog --markdown``); :mod:`.scaffold` and :mod:`.scaffold_text`
plan and write a new scenario (``new``).
"""

from __future__ import annotations

from . import (
    catalog,
    gameday,
    history,
    importing,
    lint,
    listing,
    new,
    play,
    profile,
    replay,
    report,
    schema,
    show,
    solve,
    suggest,
    validate,
)

SUBCOMMANDS = (
    listing,
    catalog,
    validate,
    lint,
    schema,
    importing,
    show,
    suggest,
    new,
    play,
    replay,
    report,
    solve,
    history,
    profile,
    gameday,
)
