"""``warroom gameday run``: projector mode — the whole game-day facilitated on one screen."""

from __future__ import annotations

import argparse
from pathlib import Path

from ...errors import EXIT_OK, Failure
from .common import add_db, add_file, board_path, load

NAME = "run"
HELP = "run the game-day on one screen (projector mode): lobby, rounds team by team, leaderboard, podium"
DESCRIPTION = """\
Open the window on the game-day's lobby (its teams and rounds), then play each round team by
team on the round's pinned scenario, seed and rules, with a hand-over card between teams, the
animated leaderboard after each round and the podium at the end. The facilitator's scheduled
injects fire on time; F2 pressed twice during a game opens the facilitator console (the truth
of every resource, and the deck: a card played from it is recorded). Each game is recorded in
the output folder (default: FILE's name + -recordings, beside it) and, when it ends, judged and
written to the leaderboard exactly as 'warroom gameday score' does. Run it again to carry on:
a game quit midway resumes from its recording."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``gameday run``'s arguments."""
    add_file(parser)
    parser.add_argument(
        "--out", metavar="DIR", help="where the games are recorded (default: FILE's name + -recordings, beside it)"
    )
    add_db(parser)


def recordings_folder(args: argparse.Namespace) -> Path:
    """Where the games are recorded: ``--out``, else a folder beside the game-day file."""
    source = Path(args.file)
    return Path(args.out) if args.out else source.with_name(f"{source.stem}-recordings")


def run(args: argparse.Namespace) -> int:
    """Open the projector window until it is closed."""
    from ...window import display_problem

    gameday = load(args)
    problem = display_problem()
    if problem is not None:
        raise Failure(f"projector mode needs a window: {problem}; teams can play with 'warroom play --gameday'")
    from ...window.app import App
    from ...window.gameday.day import ProjectorDay

    day = ProjectorDay(gameday, Path(args.file), recordings_folder(args), board_path(args, gameday))
    day.check_folder()
    App("gameday-lobby", {"day": day}).run()
    return EXIT_OK
