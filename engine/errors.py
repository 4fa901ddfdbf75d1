"""Errors the engine reports to people: located problems in files, and refused commands.

A :class:`ScenarioError` carries one :class:`Problem` per thing wrong, each located as
``file:line:col`` with the field path, what was expected and a hint; the CLI prints them one
per line and exits 1 (never a traceback).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, located for an editor to jump to."""

    file: str
    line: int
    col: int
    message: str
    path: str = ""
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = f" ({self.path})" if self.path else ""
        hint = f"; {self.hint}" if self.hint else ""
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}{where}{hint}"


class ScenarioError(Exception):
    """A scenario (or architecture, or recording) that cannot be loaded, with every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.col, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class CommandError(Exception):
    """A command the engine refuses (an unknown action, a game already over, ...)."""
