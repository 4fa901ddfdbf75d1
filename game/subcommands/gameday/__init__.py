"""``warroom gameday``: facilitate a game-day — scaffold and check its file, score the teams'
recordings into its leaderboard, show the standing, and write the combined report.

Each action is a module of this package with ``NAME``, ``HELP``, ``configure(parser)`` and
``run(args)``, like the top-level subcommands; :data:`ACTIONS` lists them in help order.
"""

from __future__ import annotations

import argparse

from ..parsing import add_modules
from . import init, leaderboard, report, score, validate
from . import run as projector

NAME = "gameday"
HELP = "run a game-day: several teams play the same rounds, scored into a leaderboard"
DESCRIPTION = """\
A game-day file (gameday.yaml) names the teams, the rounds they all play (a scenario pinned
to a seed, variant, time limit and rules, with the facilitator's injects at fixed times) and
how the standing is made. Teams play with 'warroom play --gameday FILE --team NAME --round N';
the facilitator scores their recordings, shows the leaderboard and writes the report."""

ACTIONS = (init, validate, projector, score, leaderboard, report)


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare one sub-subcommand per module in :data:`ACTIONS`."""
    add_modules(parser.add_subparsers(dest="action", metavar="ACTION", required=True), ACTIONS, "gameday_run")


def run(args: argparse.Namespace) -> int:
    """Run the chosen action."""
    return int(args.gameday_run(args))
