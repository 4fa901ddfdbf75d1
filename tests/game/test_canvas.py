"""The canvas's record of a frame: wrapped text, what was cut off, and text drawn over text."""

from __future__ import annotations

import pygame
import pytest
from warroom.game.window.canvas import Canvas
from warroom.game.window.theme import PALETTES, Theme


@pytest.fixture
def canvas() -> Canvas:
    pygame.font.init()
    return Canvas(pygame.Surface((400, 300)), Theme(PALETTES["colour-blind safe"]))


def test_text_wraps_to_its_width_and_reports_the_height_used(canvas: Canvas) -> None:
    step = canvas.line_height("body")
    used = canvas.text("an alarm went off in the night and nobody saw it", pygame.Rect(10, 10, 120, 10 * step))
    assert used == canvas.fit_lines("an alarm went off in the night and nobody saw it", 120) * step > step
    assert canvas.log.clipped == [] and canvas.log.overlaps == []


def test_text_that_does_not_fit_is_reported_clipped(canvas: Canvas) -> None:
    step = canvas.line_height("body")
    canvas.text("far too much text for one short line", pygame.Rect(0, 0, 80, step))
    assert [t.text for t in canvas.log.clipped] == ["far too much text for one short line"]


def test_text_drawn_over_text_is_an_overlap(canvas: Canvas) -> None:
    canvas.text("checkout-fn", pygame.Rect(10, 10, 200, 40))
    canvas.text("ALARM", pygame.Rect(40, 12, 200, 40))
    assert [(a.text, b.text) for a, b in canvas.log.overlaps] == [("checkout-fn", "ALARM")]


def test_rows_stacked_and_label_value_pairs_are_not_overlaps(canvas: Canvas) -> None:
    step = canvas.line_height("body")
    for row, (label, value) in enumerate([("Errors", "35"), ("Throttles", "0"), ("Duration", "182 ms")]):
        line = pygame.Rect(10, 10 + row * step, 300, step)
        canvas.text(label, line)
        canvas.text(value, line, align="right")
    canvas.text("", pygame.Rect(10, 10, 300, step))  # an empty text leaves no ink
    assert len(canvas.log.texts) == 7
    assert canvas.log.overlaps == []
