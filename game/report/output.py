"""What a format makes of a report, and writing it: the report's text, and any files beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Report


@dataclass(frozen=True)
class Output:
    """A rendered report: its text, and files to write beside it (by file name), such as charts."""

    text: str
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Format:
    """One report format: its file suffix and its renderer.

    ``render(report, stem)`` names any file it adds after ``stem`` (the report's file name
    without its suffix), so reports written to one folder do not overwrite each other's charts.
    """

    suffix: str
    render: Callable[[Report, str], Output]


def write(output: Output, path: Path) -> list[Path]:
    """Write the report to ``path`` and its files beside it; the paths written, the report first."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(output.text, encoding="utf-8")
    written = [path]
    for name, data in output.files.items():
        written.append(path.parent / name)
        written[-1].write_bytes(data)
    return written


def save(output: Output, path: Path) -> list[Path]:
    """:func:`write`, a file error reported as a :class:`~warroom.game.errors.Failure` naming the report."""
    from ..errors import Failure

    try:
        return write(output, path)
    except OSError as exc:
        raise Failure(f"cannot write the report {path}: {exc.strerror or exc}") from None
