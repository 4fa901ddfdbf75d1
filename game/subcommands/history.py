"""``warroom history``: the games kept in the history, newest first (a table, or JSON)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rich import box
from rich.table import Table
from warroom.engine import bundled_ids, did_you_mean, format_clock, format_duration

from ..console import make_console
from ..errors import EXIT_OK
from ..history import history_path, opened
from ..paths import recordings_dir
from ..played import PlayedGame

NAME = "history"
HELP = "list the games you have finished, newest first"
DESCRIPTION = """\
List the finished games kept in your history (every game played to its end, in the terminal
or the window, autopilot games included and marked), newest first: the scenario, seed and
variant, the scores, how long the incident ran and how long you played, who played, and
the recording ('warroom replay FILE' plays it back). 'warroom profile' sums them up."""
DEFAULT_LIMIT = 20


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``history``'s arguments."""
    parser.add_argument("--scenario", metavar="ID", help="only the games of this scenario")
    parser.add_argument(
        "--limit", type=_limit, default=DEFAULT_LIMIT, help=f"at most N games (default {DEFAULT_LIMIT})"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array instead of a table")


def _limit(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return int(text)


def run(args: argparse.Namespace) -> int:
    """Print the kept games."""
    with opened() as history:
        games = history.games(args.scenario, args.limit)
        kept = history.count(args.scenario)
    if args.json:
        print(json.dumps([g.to_json() for g in games], indent=2))
        return EXIT_OK
    console = make_console()
    if not games:
        console.print(_nothing(args.scenario))
        return EXIT_OK
    shown = f"{len(games)} of {kept}" if kept > len(games) else f"{kept}"
    table = Table(
        title=f"Your games, newest first ({shown}; kept in {history_path()})",
        title_justify="left",
        caption=f"Recordings without a folder are in {recordings_dir()}; 'warroom replay FILE' plays one back.",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
    )
    for column, justify, wraps in COLUMNS:
        table.add_column(column, justify=justify, no_wrap=not wraps, overflow="fold")
    for game in games:
        table.add_row(*row(game))
    console.print(table)
    return EXIT_OK


COLUMNS = (
    ("#", "right", False),
    ("when", "left", True),
    ("scenario", "left", False),
    ("seed", "left", True),
    ("total", "right", False),
    ("resolved", "left", False),
    ("ended", "right", False),
    ("played", "right", False),
    ("by", "left", True),
    ("recording", "left", True),
)
"""Heading, alignment, and whether a cell may wrap when the terminal is narrow (the scores per
dimension are in ``--json``)."""


def row(game: PlayedGame) -> list[str]:
    """One game as the table's cells (in :data:`COLUMNS` order)."""
    return [
        str(game.id),
        game.played_at.astimezone().strftime("%Y-%m-%d %H:%M"),
        game.scenario_id,
        f"{game.seed} ({game.variant})" if game.variant else str(game.seed),
        f"{game.total:.1f} {game.grade}",
        "yes" if game.resolved else "no",
        format_clock(game.ended_at),
        "" if game.wall_seconds is None else format_duration(round(game.wall_seconds)),
        "autopilot" if game.autopilot else game.player or "",
        _recording(game.recording),
    ]


def _recording(path: str | None) -> str:
    """A recording as the table names it: by file name when it is in the default folder."""
    if path is None:
        return ""
    where = Path(path)
    return where.name if where.parent == recordings_dir().resolve() else path


def _nothing(scenario: str | None) -> str:
    if scenario is None:
        return "No finished games yet: play one with 'warroom play'."
    hint = "" if scenario in bundled_ids() else did_you_mean(scenario, bundled_ids())
    return f"No finished games of {scenario} yet" + (f" ({hint})" if hint else ".")
