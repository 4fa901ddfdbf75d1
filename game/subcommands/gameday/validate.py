"""``warroom gameday validate``: check a game-day file; every problem as ``file:line:col: ...``."""

from __future__ import annotations

import argparse

from warroom.engine import format_clock

from ...console import make_console
from ...errors import EXIT_OK
from .common import add_file, load

NAME = "validate"
HELP = "check a game-day file (errors as file:line:col)"
DESCRIPTION = """\
Load the game-day file and every scenario its rounds name, and report each problem as
file:line:col: error: message (field); hint — unknown fields, duplicate teams, scenarios that
do not exist or do not load, variants and deck cards that are not there, injects after the
time limit. When it is valid, print its rounds as every team will play them."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``gameday validate``'s arguments."""
    add_file(parser)


def run(args: argparse.Namespace) -> int:
    """Check the file (problems raise, and the command line prints them one per line)."""
    gameday = load(args)
    console = make_console()
    console.print(
        f"ok: {args.file}: {gameday.title} — {len(gameday.model.teams)} teams, {len(gameday.rounds)} rounds",
        soft_wrap=True,
    )
    for planned in gameday.rounds:
        console.print(f"  {planned.describe()}", soft_wrap=True)
        for tick, card in planned.schedule():
            console.print(f"    {format_clock(tick)} the facilitator plays {card.card}")
    return EXIT_OK
