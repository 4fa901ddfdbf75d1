"""``warroom lint``: everything ``validate`` checks, then whether each scenario is fair."""

from __future__ import annotations

import argparse
from pathlib import Path

from warroom.engine import LoadedScenario
from warroom.engine.lint import lint

from ..errors import Misuse
from .validate import Checked, check, report

NAME = "lint"
HELP = "validate scenario files, then check they are fair (winnable, not won by waiting, ...)"
DESCRIPTION = """\
Load each scenario file as 'warroom validate' does, then play it to check what a reader
cannot see: every variant is winnable within the time limit (its stored par, or a search);
doing nothing does not win; the winning plan without its fixes does not score as resolved;
every conditional inject and message can fire; the briefing, runbook, hints and debrief
name only actions that exist; par is stored and fresh (a warning).

An architecture file is validated as 'warroom validate' does, and not played (it has no
incident). Problems print as file:line:col: severity: message (field); hint. A folder means
the .yaml files in it and in its architectures/ folder. Exit 0 when no file has an error
(warnings do not fail), 1 otherwise."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``lint``'s arguments."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario or architecture files, or folders of them")
    parser.add_argument(
        "--budget", type=float, default=60.0, metavar="SECONDS", help="search time per variant without fresh par"
    )


def run(args: argparse.Namespace) -> int:
    """Lint every file."""
    if args.budget <= 0:
        raise Misuse("--budget must be a positive number of seconds")

    def check_file(path: Path) -> Checked:
        checked = check(path)
        if isinstance(checked.loaded, LoadedScenario):  # an architecture is only validated: it has no game
            checked.problems += lint(checked.loaded, args.budget)
        return checked

    return report(args.paths, check_file)
