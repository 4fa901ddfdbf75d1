"""Resolution-independent layout: rectangles cut from the window by proportion and spacing."""

from __future__ import annotations

import pygame


def inset(rect: pygame.Rect, pad: int) -> pygame.Rect:
    """``rect`` shrunk by ``pad`` on every side."""
    return pygame.Rect(rect.x + pad, rect.y + pad, max(rect.width - 2 * pad, 0), max(rect.height - 2 * pad, 0))


def split_top(rect: pygame.Rect, height: int, gap: int = 0) -> tuple[pygame.Rect, pygame.Rect]:
    """A band of ``height`` at the top, and the rest below it (after ``gap``)."""
    height = min(height, rect.height)
    top = pygame.Rect(rect.x, rect.y, rect.width, height)
    rest = pygame.Rect(rect.x, rect.y + height + gap, rect.width, max(rect.height - height - gap, 0))
    return top, rest


def split_left(rect: pygame.Rect, width: int, gap: int = 0) -> tuple[pygame.Rect, pygame.Rect]:
    """A column of ``width`` on the left, and the rest to its right (after ``gap``)."""
    width = min(width, rect.width)
    left = pygame.Rect(rect.x, rect.y, width, rect.height)
    rest = pygame.Rect(rect.x + width + gap, rect.y, max(rect.width - width - gap, 0), rect.height)
    return left, rest


def columns(rect: pygame.Rect, count: int, gap: int) -> list[pygame.Rect]:
    """``count`` equal columns across ``rect``."""
    width = (rect.width - gap * (count - 1)) // max(count, 1)
    return [pygame.Rect(rect.x + i * (width + gap), rect.y, width, rect.height) for i in range(count)]


def rows(rect: pygame.Rect, count: int, gap: int) -> list[pygame.Rect]:
    """``count`` equal rows down ``rect``."""
    height = (rect.height - gap * (count - 1)) // max(count, 1)
    return [pygame.Rect(rect.x, rect.y + i * (height + gap), rect.width, height) for i in range(count)]


def centred(rect: pygame.Rect, width: int, height: int) -> pygame.Rect:
    """A ``width`` × ``height`` rectangle centred in ``rect`` (no larger than it)."""
    width, height = min(width, rect.width), min(height, rect.height)
    return pygame.Rect(rect.centerx - width // 2, rect.centery - height // 2, width, height)
