"""``warroom gameday score``: judge the teams' recordings, write them to the leaderboard, show the standing."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ...console import make_console
from ...errors import EXIT_FAILED, EXIT_OK
from ...gameday.leaderboard import opened
from ...gameday.scoring import judge_batch, score_into
from ...gameday.standing import standing_table, team_standings
from .common import add_db, add_file, board_path, load

NAME = "score"
HELP = "re-simulate the teams' recordings and write the standing to the leaderboard"
DESCRIPTION = """\
Judge each recording against the game-day: it must name this game-day file, a known team and
round, the scenario file, seed, variant, time limit and rules the round pins, hold no hint
where hints are forbidden and exactly the facilitator's injects on time — and it is
re-simulated, so a changed command or digest is caught. Each rejected recording gets a
one-line reason. The accepted games (one per team and round) are written to the
leaderboard in one transaction, and the standing is printed.
Exit 0 when every recording was accepted, 1 when any was rejected (the rest still count)."""
PROGRESS_FROM = 4
"""A progress bar is shown (on a terminal) from this many recordings."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``gameday score``'s arguments."""
    add_file(parser)
    parser.add_argument("recordings", nargs="+", metavar="RECORDING", help="the teams' recordings (.jsonl)")
    add_db(parser)


def run(args: argparse.Namespace) -> int:
    """Judge, write, and print the standing."""
    gameday = load(args)
    path = board_path(args, gameday)
    progress = Progress(
        TextColumn("scoring"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
        disable=len(args.recordings) < PROGRESS_FROM,
    )
    with progress:
        task = progress.add_task("", total=len(args.recordings))
        batch = judge_batch(
            gameday,
            args.recordings,
            lambda v: progress.update(task, advance=1, description=Path(v.file).name),
        )
    with opened(gameday, path) as board:
        written = score_into(board, batch)
        results = board.results()
    console = make_console()
    for rejection in written.rejected:
        console.print(f"rejected {rejection.file}: {rejection.reason}", soft_wrap=True)
    console.print(
        f"accepted {len(written.accepted)} of {len(args.recordings)} recording(s); leaderboard: {path}", soft_wrap=True
    )
    console.print(standing_table(gameday, team_standings(gameday, results)))
    return EXIT_FAILED if written.rejected else EXIT_OK
