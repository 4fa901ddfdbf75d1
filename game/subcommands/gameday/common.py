"""What the ``gameday`` actions share: the game-day file argument, and where its leaderboard is."""

from __future__ import annotations

import argparse
from pathlib import Path

from warroom.engine.gameday import LoadedGameDay, load_gameday

from ...gameday.leaderboard import leaderboard_path


def add_file(parser: argparse.ArgumentParser) -> None:
    """The game-day file argument."""
    parser.add_argument("file", metavar="FILE", help="the game-day file (gameday.yaml)")


def add_db(parser: argparse.ArgumentParser) -> None:
    """The leaderboard database option."""
    parser.add_argument(
        "--db", metavar="PATH", help="the leaderboard database (default: FILE's name + .leaderboard.sqlite3, beside it)"
    )


def load(args: argparse.Namespace) -> LoadedGameDay:
    """The game-day file named on the command line (a located error if it is not valid)."""
    return load_gameday(args.file)


def board_path(args: argparse.Namespace, gameday: LoadedGameDay) -> Path:
    """The leaderboard to use: ``--db``, else the game-day's own."""
    return Path(args.db) if args.db else leaderboard_path(args.file, gameday.sha256)
