"""``warroom validate``: check scenario files; every problem as ``file:line:col: ...``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from warroom.engine import LoadedScenario, Problem, ScenarioError, load_scenario

from ..errors import EXIT_FAILED, EXIT_OK

NAME = "validate"
HELP = "check scenario files (errors as file:line:col)"
DESCRIPTION = """\
Load each scenario file as 'warroom play' would and report every problem, one per line, as
file:line:col: severity: message (field); hint. A folder means the .yaml files in it.
Exit 0 when every file is valid (warnings are printed but do not fail), 1 otherwise."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``validate``'s arguments."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or folders of them")


def files_in(argument: str) -> list[Path]:
    """The scenario files an argument names: the file itself, or a folder's ``*.yaml``/``*.yml``."""
    path = Path(argument)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [path]


def check(path: Path) -> tuple[list[Problem], LoadedScenario | None]:
    """Every problem of one file (errors and warnings) and the scenario (``None`` if it did not load)."""
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        return list(exc.problems), None
    return list(scenario.warnings), scenario


def report(paths: list[str], check_file: Callable[[Path], tuple[list[Problem], LoadedScenario | None]]) -> int:
    """Check each file a path names; problems to standard error, ``ok:`` lines to output; the exit code.

    A file fails when it does not load or has an error; warnings are printed but do not fail.
    """
    failed = False
    for argument in paths:
        files = files_in(argument)
        if not files:
            print(f"{argument}:1:1: error: no .yaml scenario files in this folder", file=sys.stderr)
            failed = True
        for path in files:
            problems, scenario = check_file(path)
            for problem in problems:
                print(str(problem), file=sys.stderr)
            if scenario is None or any(p.severity == "error" for p in problems):
                failed = True
            else:
                title = scenario.model.title
                print(f"ok: {path} ({title})" + (f", {len(problems)} warning(s)" if problems else ""))
    return EXIT_FAILED if failed else EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Validate every file."""
    return report(args.paths, check)
