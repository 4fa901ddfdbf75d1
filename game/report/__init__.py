"""Postmortem reports of recorded games (``warroom report``).

:func:`~.build.build_report` re-simulates a recording into a :class:`~.model.Report`; each
format renders it: Markdown and HTML lay out the same :func:`~.document.document`, with the
chart (:mod:`.charts`) beside it or embedded; JSON is the model itself; JUnit XML turns the
game-day into test results. Importing this package is light: a format's module (and pygame,
which draws the chart) loads when the format is used, so the command line starts fast.
"""

from __future__ import annotations

import importlib
import os

from .output import Format, Output, save, write

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # as the window does: no banner on standard output

FORMATS: dict[str, str] = {"md": "markdown", "html": "html", "json": "json_format", "junit": "junit"}
"""Each format's name on the command line → the module that renders it (its ``FORMAT``)."""


def load_format(name: str) -> Format:
    """The format called ``name``, its module imported now."""
    return importlib.import_module(f"{__name__}.{FORMATS[name]}").FORMAT


__all__ = ["FORMATS", "Format", "Output", "load_format", "save", "write"]
