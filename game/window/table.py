"""A table of text for the window: a header row, then rows of cells in columns.

The first column takes the width the others leave (its cells are shortened with "…" when
even that is too little); every other column is as wide as its widest cell. Like the scroll
view in :mod:`.widgets`, it draws only whole rows from a row offset and returns what the frame
measured (:class:`~.widgets.ScrollInfo`), so a scene scrolls it with a :class:`~.widgets.Scroll`
and nothing is ever clipped; a scroll bar shows when rows are out of view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame

from .canvas import Canvas
from .widgets import ScrollInfo, scroll_bar


@dataclass(frozen=True)
class Column:
    """A column: its heading and how its cells line up (``left`` or ``right``)."""

    title: str
    align: str = "left"


def table_height(canvas: Canvas, rows: int, role: str = "small") -> int:
    """The height a table of ``rows`` rows (and its header) needs to show them all."""
    return canvas.line_height("tiny") + canvas.theme.space(0.5) + rows * canvas.line_height(role)


def _widths(
    canvas: Canvas, columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int, role: str
) -> list[int]:
    gap = canvas.theme.space(2)
    rest = [
        max([canvas.text_width(c.title, "tiny"), *(canvas.text_width(r[i], role) for r in rows)]) + gap
        for i, c in enumerate(columns)
        if i
    ]
    return [max(width - sum(rest), 0), *rest]


def table(
    canvas: Canvas,
    rect: pygame.Rect,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    offset: int,
    role: str = "small",
) -> ScrollInfo:
    """Draw the header and the rows that fit from ``offset`` on; what was measured, for scrolling."""
    theme, p = canvas.theme, canvas.theme.palette
    head = canvas.line_height("tiny")
    line = canvas.line_height(role)
    top = rect.y + head + theme.space(0.5)
    room = max(rect.bottom - top, 0)
    fit = room // line
    hidden = max(len(rows) - fit, 0)
    offset = min(max(offset, 0), hidden)
    width = rect.width
    if hidden:
        bar = theme.space(1)
        width -= bar + theme.space(0.5)
        scroll_bar(canvas, pygame.Rect(rect.right - bar, top, bar, fit * line), offset, hidden, len(rows))
    widths = _widths(canvas, columns, rows, width, role)
    cells = [(tuple(c.title for c in columns), rect.y, head, "tiny", p.muted)]
    cells += [(row, top + n * line, line, role, p.text) for n, row in enumerate(rows[offset : offset + fit])]
    for texts, y, height, face, colour in cells:
        x = rect.x
        for text, column, width in zip(texts, columns, widths, strict=True):
            shown = canvas.ellipsize(text, width, face)
            where = pygame.Rect(x, y, width, height)
            canvas.text(shown, where, role=face, colour=colour, align=column.align, wrap_lines=False)
            x += width
    drawn = min(fit, len(rows) - offset)
    return ScrollInfo(hidden=hidden, shown=drawn, heights=(line,) * len(rows), room=room)
