"""Rich consoles for the command line: colour on a terminal, plain text everywhere else.

Markup and emoji codes are off, because the text printed is mostly someone else's (scenario
messages, log lines, ``[slack]`` channel tags) and must appear exactly as written. Output that
is not a terminal gets no escape codes and a fixed width, so scripts and tests see stable text.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from rich.console import Console

PLAIN_WIDTH = 120


def make_console(stream: TextIO | None = None) -> Console:
    """A console writing to ``stream`` (default: standard output, looked up at print time)."""
    target = stream if stream is not None else sys.stdout
    terminal = _is_terminal(target)
    return Console(
        file=stream,
        markup=False,
        emoji=False,
        highlight=False,
        width=None if terminal or "COLUMNS" in os.environ else PLAIN_WIDTH,
        no_color=not terminal or None,
    )


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def money(cents: float) -> str:
    """Cents as dollars: ``123456`` → ``$1,234.56``."""
    return f"${cents / 100:,.2f}"


def reflow(text: str) -> str:
    """Join the hard-wrapped lines of YAML block text into paragraphs, so the console can wrap them.

    Blank lines separate paragraphs; lines that start with a list marker or indentation keep
    their own line.
    """
    paragraphs = []
    for block in text.strip().split("\n\n"):
        lines: list[str] = []
        for raw in block.splitlines():
            keep = raw[:1].isspace() or raw.lstrip().startswith(("- ", "* ", "• "))
            if lines and not keep:
                lines[-1] = f"{lines[-1]} {raw.strip()}"
            else:
                lines.append(raw.rstrip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)
