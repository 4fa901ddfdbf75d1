"""``warroom gameday leaderboard``: the standing from the leaderboard, as a table or CSV."""

from __future__ import annotations

import argparse
import csv
import sys

from ...console import make_console
from ...errors import EXIT_OK
from ...gameday.leaderboard import opened
from ...gameday.standing import header, rows, standing_table, team_standings
from .common import add_db, add_file, board_path, load

NAME = "leaderboard"
HELP = "show the game-day's standing (or print it as CSV)"
DESCRIPTION = """\
Show the standing of the games scored so far: each team's points, its total in every round
(a dash where it has no accepted game; in brackets where the round did not count for
best-of), rounds resolved, detection time and compliance hits (the tie-breakers' figures),
and the recordings that were rejected, with why."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``gameday leaderboard``'s arguments."""
    add_file(parser)
    add_db(parser)
    parser.add_argument("--csv", action="store_true", help="print the standing as CSV instead of a table")


def run(args: argparse.Namespace) -> int:
    """Print the standing."""
    gameday = load(args)
    path = board_path(args, gameday)
    with opened(gameday, path) as board:
        results = board.results()
        rejections = board.rejections()
    lines = team_standings(gameday, results)
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(header(gameday))
        writer.writerows(rows(gameday, lines))
        return EXIT_OK
    console = make_console()
    console.print(standing_table(gameday, lines))
    for rejection in rejections:
        console.print(f"rejected {rejection.file}: {rejection.reason}", soft_wrap=True)
    if not results:
        console.print(f"No games scored yet: 'warroom gameday score {args.file} RECORDING...' adds them.")
    return EXIT_OK
