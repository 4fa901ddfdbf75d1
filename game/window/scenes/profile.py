"""The player's profile: scores by DOP-C02 domain and by fault family, and what to play next.

It shows what ``warroom profile`` prints (both read :mod:`warroom.game.profile_stats`): a
table of the six exam domains, a table of the fault families met (weakest first; PgUp / PgDn
or the wheel scroll it), and the recommended scenarios with their reasons — a click or its
number opens one's briefing. A shows or leaves out autopilot games; Esc goes back to
the title or the picker, whichever opened it. A history that cannot be read is said, not a
crash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
from warroom.engine import DOMAINS, catalog

from ...history import HistoryError, read_games
from ...profile_stats import FIGURES, SUGGESTIONS, Profile, Tally, build_profile
from ..canvas import Canvas, Hotspot
from ..layout import inset, split_left, split_top
from ..scene import Scene
from ..table import Column, table, table_height
from ..theme import Palette
from ..widgets import Block, Scroll, ScrollInfo, button_height, footer, panel, scroll_view
from .picker import open_briefing

WHEEL_ROWS = 3
HINT = f"1-{SUGGESTIONS} or a click opens a suggestion · PgUp / PgDn scroll the families"
NUMBER_KEYS = tuple(pygame.K_1 + n for n in range(SUGGESTIONS))


def tally_rows(tallies: list[Tally]) -> list[tuple[str, ...]]:
    """A table row per tally: its label, then its figures."""
    return [(t.label, *t.cells()) for t in tallies]


def tally_columns(heading: str) -> list[Column]:
    """The columns of a tally table: the label, then the figures right-aligned."""
    return [Column(heading), *(Column(figure, "right") for figure in FIGURES)]


def suggestion_blocks(profile: Profile, p: Palette) -> list[Block]:
    """Each recommendation: its title (clickable), what it is, and why."""
    blocks: list[Block] = []
    for number, r in enumerate(profile.recommendations, start=1):
        blocks.append(Block(f"{number}. {r.title}", colour=p.accent, action="open", payload=r.scenario_id, after=0.25))
        blocks.append(Block(f"{r.difficulty} · {DOMAINS[r.domain]}", role="small", colour=p.muted, after=0.25))
        blocks.append(Block(r.reason, role="small", after=1.5))
    if not blocks:
        blocks.append(Block("You have played every bundled scenario: replay your weakest with another seed."))
    return blocks


class ProfileScene(Scene):
    """How the player is doing, and what to play next."""

    name = "profile"

    def startup(self, data: dict[str, Any]) -> None:
        self.back: str = data.get("back", "title")
        self.entries = catalog()
        self.problem = ""
        try:
            self.games = read_games()
        except HistoryError as exc:
            self.games, self.problem = [], f"Your history cannot be read: {exc}"
        self.autopilot = False
        self.profile = build_profile(self.games, self.entries)
        self.families = Scroll()
        self.suggestions = Scroll()

    # -- input ----------------------------------------------------------------------------
    def _info(self, name: str) -> ScrollInfo:
        return self.app.log.notes.get(name, ScrollInfo())

    def keys(self) -> dict[int, Callable[[], None]]:
        opens = {key: (lambda n=n: self.open_suggestion(n)) for n, key in enumerate(NUMBER_KEYS)}
        return opens | {
            pygame.K_ESCAPE: lambda: self.go(self.back),
            pygame.K_a: self.toggle_autopilot,
            pygame.K_PAGEDOWN: lambda: self.families.page(1, self._info("profile_families")),
            pygame.K_PAGEUP: lambda: self.families.page(-1, self._info("profile_families")),
        }

    def wheel(self, notches: int, pos: tuple[int, int]) -> None:
        area = self.app.log.notes.get("profile_families_area")
        if area is not None and area.collidepoint(pos):
            self.families.by(notches * WHEEL_ROWS, self._info("profile_families"))
        else:
            self.suggestions.by(notches * WHEEL_ROWS, self._info("profile_suggestions"))

    def clicked(self, spot: Hotspot, button: int) -> None:
        handlers: dict[str, Callable[[Any], None]] = {
            "open": lambda scenario_id: open_briefing(self, scenario_id, "profile"),
            "autopilot": lambda _: self.toggle_autopilot(),
            "back": lambda _: self.go(self.back),
        }
        handler = handlers.get(spot.action)
        if handler is not None:
            handler(spot.payload)

    def open_suggestion(self, index: int) -> None:
        """Open the briefing of recommendation ``index`` (from 0), if there is one."""
        if index < len(self.profile.recommendations):
            open_briefing(self, self.profile.recommendations[index].scenario_id, "profile")

    def toggle_autopilot(self) -> None:
        """Count autopilot games, or leave them out again."""
        self.autopilot = not self.autopilot
        self.profile = build_profile(self.games, self.entries, autopilot=self.autopilot)

    # -- drawing --------------------------------------------------------------------------
    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        canvas.surface.fill(p.background)
        area = inset(canvas.rect, theme.space(3))
        head, rest = split_top(area, canvas.line_height("heading"), theme.space(0.5))
        canvas.text("Your profile", head, role="heading", colour=p.accent, wrap_lines=False)
        note = self.problem or self.profile.describe()
        note_height = canvas.fit_lines(note, rest.width, "small") * canvas.line_height("small")
        line, rest = split_top(rest, note_height, theme.space(1.5))
        canvas.text(note, line, role="small", colour=p.alarm if self.problem else p.muted)
        body = pygame.Rect(rest.x, rest.y, rest.width, rest.height - button_height(canvas) - theme.space(1.5))
        left, right = split_left(body, body.width * 7 // 12, theme.space(1.5))
        self._draw_tables(canvas, left)
        inner = panel(canvas, right, "What to play next", "click one to open it")
        canvas.log.notes["profile_suggestions"] = scroll_view(
            canvas, inner, suggestion_blocks(self.profile, p), self.suggestions.offset
        )
        bottom = pygame.Rect(rest.x, body.bottom + theme.space(1.5), rest.width, button_height(canvas))
        switch = "Leave autopilot games out  [A]" if self.autopilot else "Count autopilot games  [A]"
        footer(canvas, bottom, [("Back  [Esc]", "back"), (switch, "autopilot")], HINT)

    def _draw_tables(self, canvas: Canvas, area: pygame.Rect) -> None:
        theme = canvas.theme
        chrome = canvas.line_height("body") + theme.space(4)
        domains = table_height(canvas, len(self.profile.domains)) + chrome
        top, bottom = split_top(area, domains, theme.space(1.5))
        inner = panel(canvas, top, "By DOP-C02 domain")
        table(canvas, inner, tally_columns("domain"), tally_rows(self.profile.domains), 0)
        inner = panel(canvas, bottom, "By fault family", "weakest first")
        canvas.log.notes["profile_families_area"] = bottom
        if not self.profile.families:
            canvas.text("No fault met yet.", inner, role="small", colour=theme.palette.muted)
            return
        rows = tally_rows(self.profile.families)
        canvas.log.notes["profile_families"] = table(canvas, inner, tally_columns("family"), rows, self.families.offset)
