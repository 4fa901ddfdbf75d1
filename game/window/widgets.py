"""Small pieces the screens share: a panel, toggle chips, a row of buttons, and a scroll view of
wrapped text whose blocks can be clicked.

None of them keeps state. A scene holds its :class:`Scroll` offsets; the scroll view returns
what the frame measured (:class:`ScrollInfo`), the scene keeps that in ``canvas.log.notes``,
and its key and wheel handlers read it back from the last frame to clamp and follow — so
``draw`` never changes state and the layout is computed from the window every frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pygame

from .canvas import STAND_INS, Canvas, font, wrap
from .layout import inset
from .theme import Colour


# -- panel ---------------------------------------------------------------------------------
def panel(canvas: Canvas, rect: pygame.Rect, title: str = "", hint: str = "", *, focused: bool = False) -> pygame.Rect:
    """A framed panel with an optional title (and a muted hint after it); the area inside, below the title.

    A ``focused`` panel (the one the keys scroll) has a thicker frame in the selection colour.
    """
    theme, p = canvas.theme, canvas.theme.palette
    canvas.fill(rect, p.panel, border=p.panel_edge)
    if focused:
        pygame.draw.rect(canvas.surface, p.selected, rect, width=2, border_radius=6)
    body = inset(rect, theme.space(1.5))
    if not title:
        return body
    height = canvas.line_height("body")
    width = min(canvas.text_width(title) + 1, body.width)
    canvas.text(canvas.ellipsize(title, width), pygame.Rect(body.x, body.y, width, height), wrap_lines=False)
    room = body.width - width - theme.space(2)
    if hint and room > theme.space(4):
        hint = canvas.ellipsize(hint, room, "tiny")
        small = canvas.line_height("tiny")
        where = pygame.Rect(body.right - room, body.y + height - small, room, small)
        canvas.text(hint, where, role="tiny", colour=p.muted, align="right", wrap_lines=False)
    return pygame.Rect(
        body.x, body.y + height + theme.space(), body.width, max(body.height - height - theme.space(), 0)
    )


# -- chips ---------------------------------------------------------------------------------
def _chip_rects(canvas: Canvas, labels: Sequence[str], rect: pygame.Rect, role: str) -> list[pygame.Rect]:
    theme = canvas.theme
    height = canvas.line_height(role) + theme.space()
    gap = theme.space()
    x, y = rect.x, rect.y
    rects = []
    for label in labels:
        width = min(canvas.text_width(label, role) + theme.space(3), rect.width)
        if x > rect.x and x + width > rect.right:
            x, y = rect.x, y + height + gap
        rects.append(pygame.Rect(x, y, width, height))
        x += width + gap
    return rects


def chips_width(canvas: Canvas, labels: Sequence[str], role: str = "small") -> int:
    """The width :func:`chips` needs to lay ``labels`` out on one row."""
    theme = canvas.theme
    return sum(canvas.text_width(label, role) + theme.space(3) for label in labels) + theme.space() * (len(labels) - 1)


def chips_height(canvas: Canvas, labels: Sequence[str], width: int, role: str = "small") -> int:
    """The height :func:`chips` needs for ``labels`` at ``width``."""
    rects = _chip_rects(canvas, labels, pygame.Rect(0, 0, width, 0), role)
    return rects[-1].bottom if rects else 0


def chips(
    canvas: Canvas,
    rect: pygame.Rect,
    options: Sequence[tuple[str, Any]],
    active: Any,
    action: str,
    role: str = "small",
) -> int:
    """Toggle chips ``(label, value)`` flowing over rows; the active one is filled. The height used.

    Clicking a chip gives a hotspot with ``action`` and the chip's value.
    """
    p = canvas.theme.palette
    labels = [label for label, _ in options]
    rects = _chip_rects(canvas, labels, rect, role)
    for (label, value), box in zip(options, rects, strict=True):
        on = value == active
        canvas.fill(box, p.selected if on else p.button, border=p.text if on else p.panel_edge, radius=box.height // 2)
        inner = pygame.Rect(
            box.x + 2, box.centery - canvas.line_height(role) // 2, box.width - 4, canvas.line_height(role)
        )
        text = canvas.ellipsize(label, inner.width, role)
        canvas.text(
            text, inner, role=role, colour=p.background if on else p.button_text, align="center", wrap_lines=False
        )
        canvas.hotspot(box, action, value, label)
    return rects[-1].bottom - rect.y if rects else 0


# -- buttons -------------------------------------------------------------------------------
def button_row(canvas: Canvas, rect: pygame.Rect, buttons: Sequence[tuple[str, str]], *, align: str = "left") -> int:
    """Buttons ``(label, action)`` side by side in ``rect``, sized to their labels; the width used."""
    theme = canvas.theme
    widths = [canvas.text_width(label) + theme.space(4) for label, _ in buttons]
    used = sum(widths) + theme.space(1.5) * (len(buttons) - 1)
    x = rect.right - used if align == "right" else rect.x
    for (label, action), width in zip(buttons, widths, strict=True):
        canvas.button(pygame.Rect(x, rect.y, width, rect.height), label, action)
        x += width + theme.space(1.5)
    return used


def button_height(canvas: Canvas) -> int:
    """The height of a row of buttons."""
    return canvas.line_height("body") + canvas.theme.space(1.5)


def footer(canvas: Canvas, rect: pygame.Rect, buttons: Sequence[tuple[str, str]], hint: str = "") -> None:
    """A screen's bottom row: its buttons (each naming its key), then a muted hint on the other keys."""
    theme = canvas.theme
    used = button_row(canvas, rect, buttons) + theme.space(3)
    room = rect.width - used
    if not hint or room <= theme.space(4):
        return
    line = canvas.line_height("small")
    where = pygame.Rect(rect.x + used, rect.centery - line // 2, room, line)
    hint = canvas.ellipsize(hint, room, "small")
    canvas.text(hint, where, role="small", colour=theme.palette.muted, wrap_lines=False)


# -- scroll view ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Block:
    """A paragraph in a scroll view; clickable when it has an ``action``."""

    text: str
    role: str = "body"
    colour: Colour | None = None
    action: str = ""
    payload: Any = None
    highlight: bool = False
    indent: float = 0.0  # in spacing units
    after: float = 0.5  # space below it, in spacing units


@dataclass(frozen=True)
class ScrollInfo:
    """What one frame of a scroll view measured: how far it can scroll, how much it showed."""

    hidden: int = 0  # rows that can scroll out of view (the largest useful offset)
    shown: int = 0  # rows drawn at the current offset
    spans: tuple[tuple[int, int], ...] = ()  # first and last row of each block
    heights: tuple[int, ...] = ()  # every row's height
    room: int = 0  # the height of the view


@dataclass
class Scroll:
    """A scroll position, in rows (lines of text and the gaps between blocks)."""

    offset: int = 0

    def by(self, rows: int, info: ScrollInfo) -> None:
        """Scroll ``rows`` down (negative: up), within what the last frame could show."""
        self.offset = min(max(min(self.offset, info.hidden) + rows, 0), info.hidden)

    def page(self, pages: int, info: ScrollInfo) -> None:
        """Scroll by whole windows (keeping a line of context)."""
        self.by(pages * max(info.shown - 1, 1), info)

    def reveal(self, block: int, info: ScrollInfo) -> None:
        """Scroll just enough that ``block`` is in view."""
        if not 0 <= block < len(info.spans):
            return
        first, last = info.spans[block]
        offset = min(self.offset, info.hidden)
        if first < offset:
            self.offset = first
            return
        used = sum(info.heights[offset : last + 1])
        while used > info.room and offset < first:
            used -= info.heights[offset]
            offset += 1
        self.offset = offset


WHEEL_ROWS = 3
"""Rows a notch of the mouse wheel scrolls."""


@dataclass(frozen=True)
class Pane:
    """A part of a scene that scrolls: its :class:`Scroll`, and the notes of the last frame that
    hold its :class:`ScrollInfo` (``info``) and the rectangle it was drawn in (``area``)."""

    scroll: Scroll
    info: str
    area: str

    def measured(self, notes: dict[str, Any]) -> ScrollInfo:
        """What the last frame measured of the pane (nothing, before it was drawn)."""
        return notes.get(self.info, ScrollInfo())

    def page(self, notes: dict[str, Any], pages: int) -> None:
        """Scroll by whole windows (PgUp / PgDn)."""
        self.scroll.page(pages, self.measured(notes))


def pane_at(notes: dict[str, Any], pos: tuple[int, int], panes: Sequence[Pane]) -> Pane:
    """The pane the last frame drew under ``pos`` — the last of ``panes`` (the scene's main one)
    when ``pos`` is over none of them."""
    return next((pane for pane in panes if _holds(notes.get(pane.area), pos)), panes[-1])


def wheel_scroll(notes: dict[str, Any], pos: tuple[int, int], notches: int, panes: Sequence[Pane]) -> None:
    """Scroll the pane under the pointer (see :func:`pane_at`) by :data:`WHEEL_ROWS` a notch."""
    under = pane_at(notes, pos, panes)
    under.scroll.by(notches * WHEEL_ROWS, under.measured(notes))


def _holds(area: pygame.Rect | None, pos: tuple[int, int]) -> bool:
    return area is not None and bool(area.collidepoint(pos))


@dataclass(frozen=True)
class _Row:
    block: int
    text: str | None  # None: the gap after a block
    height: int


def _rows(canvas: Canvas, blocks: Sequence[Block], width: int) -> list[_Row]:
    rows: list[_Row] = []
    for index, block in enumerate(blocks):
        face = font(canvas.theme.size(block.role))
        indent = canvas.theme.space(block.indent) if block.indent else 0
        for line in wrap(block.text.translate(STAND_INS), face, max(width - indent, 1)):
            rows.append(_Row(index, line, face.get_linesize()))
        if block.after:
            rows.append(_Row(index, None, canvas.theme.space(block.after)))
    return rows


def _text_width(canvas: Canvas, width: int) -> int:
    """The width left for text in a scroll view of ``width`` (the rest is its scroll bar)."""
    return width - canvas.theme.space(1) - canvas.theme.space(0.5)


def blocks_height(canvas: Canvas, blocks: Sequence[Block], width: int) -> int:
    """The height a :func:`scroll_view` of ``width`` needs to show ``blocks`` without scrolling."""
    return sum(row.height for row in _rows(canvas, blocks, _text_width(canvas, width)))


def _hidden(rows: Sequence[_Row], height: int) -> int:
    """The smallest offset from which every remaining row fits in ``height``."""
    room = height
    for index in range(len(rows) - 1, -1, -1):
        room -= rows[index].height
        if room < 0:
            return index + 1
    return 0


def scroll_view(canvas: Canvas, rect: pygame.Rect, blocks: Sequence[Block], offset: int) -> ScrollInfo:
    """Draw the rows of ``blocks`` that fit in ``rect`` from ``offset`` on, with a scroll bar when needed.

    Only whole lines are drawn, so nothing is clipped; what is out of view is scrolled, not lost.
    """
    theme, p = canvas.theme, canvas.theme.palette
    bar = theme.space(1)
    width = _text_width(canvas, rect.width)
    rows = _rows(canvas, blocks, width)
    hidden = _hidden(rows, rect.height)
    offset = min(max(offset, 0), hidden)
    spans: dict[int, tuple[int, int]] = {}
    for number, row in enumerate(rows):
        if row.text is not None:
            spans[row.block] = (spans.get(row.block, (number, number))[0], number)
    y, shown = rect.y, 0
    areas: dict[int, pygame.Rect] = {}
    for row in rows[offset:]:
        if y + row.height > rect.bottom:
            break
        block = blocks[row.block]
        if row.text is not None:
            indent = theme.space(block.indent) if block.indent else 0
            line = pygame.Rect(rect.x + indent, y, width - indent, row.height)
            area = areas.get(row.block)
            areas[row.block] = line.union(area) if area else pygame.Rect(line)
            if block.highlight:
                canvas.fill(pygame.Rect(rect.x, y, width, row.height), p.group, radius=0)
            canvas.text(row.text, line, role=block.role, colour=block.colour, wrap_lines=False)
        y += row.height
        shown += 1
    for index, area in areas.items():
        block = blocks[index]
        if block.highlight:
            pygame.draw.rect(canvas.surface, p.selected, pygame.Rect(rect.x, area.y, theme.space(0.5), area.height))
        if block.action:
            canvas.hotspot(pygame.Rect(rect.x, area.y, width, area.height), block.action, block.payload, block.text)
    if hidden:
        scroll_bar(canvas, pygame.Rect(rect.right - bar, rect.y, bar, rect.height), offset, hidden, len(rows))
    spans_by_block = tuple(spans.get(i, (0, 0)) for i in range(len(blocks)))
    return ScrollInfo(hidden, shown, spans_by_block, tuple(row.height for row in rows), rect.height)


def scroll_bar(canvas: Canvas, track: pygame.Rect, offset: int, hidden: int, total: int) -> None:
    """A scroll bar in ``track``: where the ``total - hidden`` rows shown from ``offset`` sit among ``total``."""
    p = canvas.theme.palette
    canvas.fill(track, p.group, radius=track.width // 2)
    length = max(track.height * (total - hidden) // max(total, 1), track.width * 2)
    top = track.y + (track.height - length) * offset // max(hidden, 1)
    canvas.fill(pygame.Rect(track.x, top, track.width, length), p.muted, radius=track.width // 2)
