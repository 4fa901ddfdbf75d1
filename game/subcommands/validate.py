"""``warroom validate``: check scenario and architecture files; every problem as ``file:line:col: ...``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warroom.engine import (
    LoadedArchitecture,
    LoadedScenario,
    Problem,
    ScenarioError,
    is_architecture_file,
    load_architecture,
    load_scenario,
)

from ..errors import EXIT_FAILED, EXIT_OK

NAME = "validate"
HELP = "check scenario and architecture files (errors as file:line:col)"
DESCRIPTION = """\
Load each scenario file as 'warroom play' would and report every problem, one per line, as
file:line:col: severity: message (field); hint. A file with an architecture's shape (nodes:
and edges: at the top, no scenario fields) is checked as a shared architecture. A folder
means the .yaml files in it and in its architectures/ folder.
Exit 0 when every file is valid (warnings are printed but do not fail), 1 otherwise."""

SHARED_FOLDERS = ("architectures",)
"""Folders beside the scenarios holding files they share, checked with a folder's scenarios."""


@dataclass(frozen=True)
class FileKind:
    """A kind of file validate checks: how to load it, and what its ``ok:`` line says about it."""

    load: Callable[[Path], Any]
    label: Callable[[Any], str]


FILE_KINDS = {
    "scenario": FileKind(load_scenario, lambda scenario: scenario.model.title),
    "architecture": FileKind(load_architecture, lambda arch: f"architecture, {len(arch.spec.nodes)} nodes"),
}


@dataclass
class Checked:
    """What checking one file found: every problem, and what loaded (``None`` if it did not)."""

    problems: list[Problem]
    loaded: LoadedScenario | LoadedArchitecture | None = None
    label: str = ""

    @property
    def failed(self) -> bool:
        """Whether the file fails: it did not load, or has an error (warnings do not fail)."""
        return self.loaded is None or any(p.severity == "error" for p in self.problems)


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``validate``'s arguments."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario or architecture files, or folders of them")


def files_in(argument: str) -> list[Path]:
    """The files an argument names: the file itself, or a folder's ``*.yaml``/``*.yml`` and
    those of its shared folders (``architectures/``)."""
    path = Path(argument)
    if not path.is_dir():
        return [path]
    folders = [path, *(path / name for name in SHARED_FOLDERS)]
    return [
        p
        for folder in folders
        if folder.is_dir()
        for p in sorted(folder.iterdir())
        if p.suffix in (".yaml", ".yml") and p.is_file()
    ]


def check(path: Path) -> Checked:
    """Load one file as what its shape says it is (an architecture, else a scenario)."""
    kind = FILE_KINDS["architecture" if is_architecture_file(path) else "scenario"]
    try:
        loaded = kind.load(path)
    except ScenarioError as exc:
        return Checked(list(exc.problems))
    return Checked(list(loaded.warnings), loaded, kind.label(loaded))


def report(paths: list[str], check_file: Callable[[Path], Checked]) -> int:
    """Check each file a path names; problems to standard error, ``ok:`` lines to output; the exit code."""
    failed = False
    for argument in paths:
        files = files_in(argument)
        if not files:
            print(f"{argument}:1:1: error: no .yaml scenario files in this folder", file=sys.stderr)
            failed = True
        for path in files:
            checked = check_file(path)
            for problem in checked.problems:
                print(str(problem), file=sys.stderr)
            if checked.failed:
                failed = True
            else:
                warned = f", {len(checked.problems)} warning(s)" if checked.problems else ""
                print(f"ok: {path} ({checked.label}){warned}")
    return EXIT_FAILED if failed else EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Validate every file."""
    return report(args.paths, check)
