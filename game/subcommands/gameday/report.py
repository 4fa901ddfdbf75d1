"""``warroom gameday report``: the combined report of a game-day, as Markdown or HTML."""

from __future__ import annotations

import argparse
from pathlib import Path

from ...errors import EXIT_OK
from ...gameday.leaderboard import opened
from ...report import load_format, save
from .common import add_db, add_file, board_path, load

NAME = "report"
HELP = "write the game-day's combined report (standing, rounds beside par, who did what)"
DESCRIPTION = """\
Write the combined report of the games scored so far: the standing; per round the pinned
scenario, seed and rules, each team's scores side by side with par, the moments that
separated them (when each team found the fault and who found it, the fix it chose and who
made it, its compliance hits) and every decisive command with the responder who gave it;
and the recordings that were rejected. Formats: md (Markdown), html (one self-contained page)."""
FORMATS = ("md", "html")


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``gameday report``'s arguments."""
    add_file(parser)
    parser.add_argument("--format", choices=FORMATS, default="md", help="the report's format (default: md)")
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="where to write it (default: FILE's name + -report, here)"
    )
    add_db(parser)


def run(args: argparse.Namespace) -> int:
    """Build the report from the leaderboard and write it."""
    from ...report.gameday_build import build_gameday_report  # replays par: loaded only when a report is made

    gameday = load(args)
    with opened(gameday, board_path(args, gameday)) as board:
        report = build_gameday_report(gameday, board.results(), board.rejections())
    chosen = load_format(args.format)
    out = Path(args.output or f"{Path(args.file).stem}-report{chosen.suffix}")
    for path in save(chosen.render(report, out.stem), out):
        print(path)
    return EXIT_OK
