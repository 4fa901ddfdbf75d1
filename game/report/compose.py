"""Which document a report makes: a game's postmortem, or a game-day's combined report.

The Markdown and HTML formats render whatever :func:`compose` gives them, so both reports
share one set of block writers (a new kind of report adds its line to :data:`COMPOSERS`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .document import Block, document
from .gameday_document import gameday_document
from .gameday_model import GameDayReport
from .model import Report

AnyReport = Report | GameDayReport


def _postmortem(report: Report) -> tuple[str, list[Block]]:
    return f"Postmortem: {report.summary.title}", document(report)


def _gameday(report: GameDayReport) -> tuple[str, list[Block]]:
    return f"Game-day: {report.title}", gameday_document(report)


COMPOSERS: dict[type, Callable[[Any], tuple[str, list[Block]]]] = {Report: _postmortem, GameDayReport: _gameday}
"""Report model → its page title and blocks."""


def compose(report: AnyReport) -> tuple[str, list[Block]]:
    """The page title and the blocks of ``report``."""
    return COMPOSERS[type(report)](report)
