"""Drawing with a record: every text drawn and every clickable region, frame by frame.

Scenes draw through a :class:`Canvas`. It wraps text to the width it is given and notes in
the :class:`FrameLog` whether any text did not fit (``clipped``) and where its ink landed
(so texts drawn over each other show up as ``overlaps``), and it keeps the clickable regions
(*hotspots*) of the frame, so that a click is resolved against what the player actually saw.
Tests read the same log: they click hotspots by label and assert that no text was clipped or
overlapped at 1280×720 and 1920×1080.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pygame

from .theme import Colour, Theme

FONT_CACHE: dict[int, pygame.font.Font] = {}
SHADES: dict[tuple[tuple[int, int], int], pygame.Surface] = {}  # overlay backdrops by window size and alpha
# Characters pygame's bundled font lacks, and what stands in for them.
STAND_INS = str.maketrans(
    {
        "→": "->",
        "←": "<-",
        "✕": "x",
        "✓": "ok",
        "✗": "x",
        "↑": "^",
        "↓": "v",
        "≥": ">=",
        "≤": "<=",
        "•": "·",
        "−": "-",
        "≈": "~",
    }
)


def font(size: int) -> pygame.font.Font:
    """pygame's bundled font at ``size`` pixels (cached; the same on every machine)."""
    cached = FONT_CACHE.get(size)
    if cached is None:
        cached = FONT_CACHE[size] = pygame.font.Font(None, size)
    return cached


@dataclass(frozen=True)
class TextRecord:
    """One piece of text drawn: the room it was given, what, whether all of it fit, and where
    its lines actually landed (``ink``: empty when nothing visible was drawn)."""

    rect: pygame.Rect
    text: str
    clipped: bool
    ink: pygame.Rect


@dataclass(frozen=True)
class Hotspot:
    """A clickable region and what clicking it means to the scene."""

    rect: pygame.Rect
    action: str
    payload: Any = None
    label: str = ""


@dataclass
class FrameLog:
    """What one frame drew."""

    texts: list[TextRecord] = field(default_factory=list)
    hotspots: list[Hotspot] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)  # facts of the layout drawn (areas, scroll limits)

    def hit(self, pos: tuple[int, int]) -> Hotspot | None:
        """The topmost hotspot under ``pos`` (drawn last wins)."""
        for spot in reversed(self.hotspots):
            if spot.rect.collidepoint(pos):
                return spot
        return None

    def find(self, label: str) -> Hotspot | None:
        """The last hotspot whose label is ``label`` (tests click through this)."""
        return next((s for s in reversed(self.hotspots) if s.label == label), None)

    @property
    def clipped(self) -> list[TextRecord]:
        """Texts that did not fit where they were drawn."""
        return [t for t in self.texts if t.clipped]

    @property
    def overlaps(self) -> list[tuple[TextRecord, TextRecord]]:
        """Pairs of texts whose ink overlaps: one is drawn over the other."""
        inked = [t for t in self.texts if t.ink.width and t.ink.height]
        pairs = []
        for i, first in enumerate(inked):
            later = inked[i + 1 :]
            pairs += [(first, later[j]) for j in first.ink.collidelistall([t.ink for t in later])]
        return pairs


def wrap(text: str, face: pygame.font.Font, width: int) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (words longer than a line are split)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if face.size(candidate)[0] <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            rest = word
            while face.size(rest)[0] > width and len(rest) > 1:
                cut = len(rest)
                while cut > 1 and face.size(rest[:cut])[0] > width:
                    cut -= 1
                lines.append(rest[:cut])
                rest = rest[cut:]
            current = rest
        lines.append(current)
    return lines


class Canvas:
    """A surface, a theme and the frame's log."""

    def __init__(self, surface: pygame.Surface, theme: Theme) -> None:
        self.surface = surface
        self.theme = theme
        self.log = FrameLog()

    @property
    def rect(self) -> pygame.Rect:
        """The whole window."""
        return self.surface.get_rect()

    def fill(self, rect: pygame.Rect, colour: Colour, *, border: Colour | None = None, radius: int = 6) -> None:
        """A filled (optionally outlined) rounded rectangle."""
        pygame.draw.rect(self.surface, colour, rect, border_radius=radius)
        if border is not None:
            pygame.draw.rect(self.surface, border, rect, width=1, border_radius=radius)

    def shade(self, alpha: int = 170) -> None:
        """Darken the whole frame drawn so far (an overlay's backdrop)."""
        veil = SHADES.get((self.rect.size, alpha))
        if veil is None:
            veil = SHADES[(self.rect.size, alpha)] = pygame.Surface(self.rect.size, pygame.SRCALPHA)
            veil.fill((0, 0, 0, alpha))
        self.surface.blit(veil, (0, 0))

    def line_height(self, role: str) -> int:
        """Height of one line of text in ``role``."""
        return font(self.theme.size(role)).get_linesize()

    def text_width(self, text: str, role: str = "body") -> int:
        """Width of ``text`` on one line."""
        return font(self.theme.size(role)).size(text.translate(STAND_INS))[0]

    def text(
        self,
        text: str,
        rect: pygame.Rect,
        *,
        role: str = "body",
        colour: Colour | None = None,
        align: str = "left",
        wrap_lines: bool = True,
    ) -> int:
        """Draw ``text`` inside ``rect`` (wrapped unless told not to); return the height used.

        What does not fit in ``rect`` is not drawn and the record says ``clipped``.
        """
        face = font(self.theme.size(role))
        colour = colour or self.theme.palette.text
        text = text.translate(STAND_INS)
        lines = wrap(text, face, rect.width) if wrap_lines else [text]
        step = face.get_linesize()
        clipped = False
        y = rect.y
        ink: list[pygame.Rect] = []
        for line in lines:
            if y + step > rect.bottom + 1:
                clipped = True
                break
            image = face.render(line, True, colour)
            if image.get_width() > rect.width:
                clipped = True
            x = {
                "left": rect.x,
                "center": rect.centerx - image.get_width() // 2,
                "right": rect.right - image.get_width(),
            }[align]
            drawn = self.surface.blit(image, (x, y), area=pygame.Rect(0, 0, rect.width, step))
            if line.strip():
                ink.append(drawn)
            y += step
        used = y - rect.y
        inked = ink[0].unionall(ink[1:]) if ink else pygame.Rect(rect.topleft, (0, 0))
        self.log.texts.append(TextRecord(pygame.Rect(rect.x, rect.y, rect.width, max(used, 1)), text, clipped, inked))
        return used

    def ellipsize(self, text: str, width: int, role: str = "body") -> str:
        """``text`` shortened with "…" to fit ``width`` on one line (a deliberate abbreviation)."""
        face = font(self.theme.size(role))
        text = text.translate(STAND_INS)
        if face.size(text)[0] <= width:
            return text
        while text and face.size(text + "…")[0] > width:
            text = text[:-1]
        return text + "…" if text else ""

    def flow(self, items: list[tuple[str, Colour]], rect: pygame.Rect, role: str = "body", gap: int = 16) -> int:
        """Lay short items left to right, wrapping to a new row when one would not fit; the height used."""
        step = self.line_height(role)
        x, y = rect.x, rect.y
        for text, colour in items:
            width = min(self.text_width(text, role), rect.width)
            if x > rect.x and x + width > rect.right:
                x, y = rect.x, y + step
            self.text(
                self.ellipsize(text, rect.width, role),
                pygame.Rect(x, y, width + 1, step),
                role=role,
                colour=colour,
                wrap_lines=False,
            )
            x += width + gap
        return y + step - rect.y

    def flow_height(self, items: list[tuple[str, Colour]], width: int, role: str = "body", gap: int = 16) -> int:
        """The height :meth:`flow` would use."""
        step = self.line_height(role)
        x, rows = 0, 1
        for text, _ in items:
            item = min(self.text_width(text, role), width)
            if x > 0 and x + item > width:
                x, rows = 0, rows + 1
            x += item + gap
        return rows * step

    def fit_lines(self, text: str, width: int, role: str = "body") -> int:
        """How many lines ``text`` takes at ``width``."""
        return len(wrap(text.translate(STAND_INS), font(self.theme.size(role)), width))

    def hotspot(self, rect: pygame.Rect, action: str, payload: Any = None, label: str = "") -> None:
        """Make ``rect`` clickable for this frame."""
        self.log.hotspots.append(Hotspot(pygame.Rect(rect), action, payload, label))

    def button(
        self,
        rect: pygame.Rect,
        label: str,
        action: str,
        payload: Any = None,
        *,
        active: bool = True,
        highlight: bool = False,
        role: str = "body",
    ) -> None:
        """A labelled button (a hotspot when active)."""
        p = self.theme.palette
        self.fill(rect, p.selected if highlight else p.button, border=p.panel_edge)
        height = self.line_height(role)
        inner = pygame.Rect(rect.x + 4, rect.centery - height // 2, rect.width - 8, height)
        colour = p.background if highlight else p.button_text if active else p.muted
        self.text(label, inner, role=role, colour=colour, align="center", wrap_lines=False)
        if active:
            self.hotspot(rect, action, payload, label)
