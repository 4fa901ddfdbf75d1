"""The player's profile: scores by DOP-C02 domain, task statement and fault family, and what to
play next.

It shows what ``warroom profile`` prints (both read :mod:`warroom.game.profile_stats`): a
table of the six exam domains and under it one of the task statements (those the library
trains, unplayed ones at zero); the recommended scenarios with their reasons (a click or its
number opens one's briefing) and under them a table of the fault families met, weakest
first. The wheel, or PgUp / PgDn, scrolls the table under the pointer. A shows or leaves out
autopilot games; Esc goes back to the title or the picker, whichever opened it. A history
that cannot be read is said, not a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
from warroom.engine import DOMAINS, catalog

from ...history import HistoryError, read_games
from ...profile_stats import FIGURES, SUGGESTIONS, Profile, Tally, build_profile, library_tasks
from ..canvas import Canvas, Hotspot
from ..layout import inset, split_left, split_top
from ..scene import Scene
from ..table import Column, table, table_height
from ..theme import Palette
from ..widgets import (
    Block,
    Pane,
    Scroll,
    blocks_height,
    button_height,
    footer,
    pane_at,
    panel,
    scroll_view,
    wheel_scroll,
)
from .picker import open_briefing

HINT = f"1-{SUGGESTIONS} or a click opens a suggestion · PgUp / PgDn or the wheel scroll the table under the pointer"
FAMILY_ROWS = 5  # the fault family table shows at least this many rows; the suggestions take the rest
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
        self.tasks_of = library_tasks(self.entries)
        self.problem = ""
        try:
            self.games = read_games()
        except HistoryError as exc:
            self.games, self.problem = [], f"Your history cannot be read: {exc}"
        self.autopilot = False
        self.profile = build_profile(self.games, self.entries, tasks_of=self.tasks_of)
        self.tasks = Pane(Scroll(), "profile_tasks", "profile_tasks_area")
        self.families = Pane(Scroll(), "profile_families", "profile_families_area")
        self.suggestions = Pane(Scroll(), "profile_suggestions", "profile_suggestions_area")

    # -- input ----------------------------------------------------------------------------
    def keys(self) -> dict[int, Callable[[], None]]:
        opens = {key: (lambda n=n: self.open_suggestion(n)) for n, key in enumerate(NUMBER_KEYS)}
        return opens | {
            pygame.K_ESCAPE: lambda: self.go(self.back),
            pygame.K_a: self.toggle_autopilot,
            pygame.K_PAGEDOWN: lambda: self._page(1),
            pygame.K_PAGEUP: lambda: self._page(-1),
        }

    def _page(self, pages: int) -> None:
        """Page the table under the pointer (the families when it is over none)."""
        notes = self.app.log.notes
        pane_at(notes, pygame.mouse.get_pos(), [self.tasks, self.suggestions, self.families]).page(notes, pages)

    def wheel(self, notches: int, pos: tuple[int, int]) -> None:
        wheel_scroll(self.app.log.notes, pos, notches, [self.tasks, self.families, self.suggestions])

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
        self.profile = build_profile(self.games, self.entries, autopilot=self.autopilot, tasks_of=self.tasks_of)

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
        blocks = suggestion_blocks(self.profile, p)
        natural = (
            blocks_height(canvas, blocks, right.width - theme.space(3)) + canvas.line_height("body") + theme.space(4)
        )
        families = table_height(canvas, FAMILY_ROWS) + canvas.line_height("body") + theme.space(4)
        top, bottom = split_top(right, min(natural, right.height - families), theme.space(1.5))
        inner = panel(canvas, top, "What to play next", "click one to open it")
        canvas.log.notes[self.suggestions.area] = top
        canvas.log.notes[self.suggestions.info] = scroll_view(canvas, inner, blocks, self.suggestions.scroll.offset)
        titles = ("By fault family", "family")
        self._draw_tallies(canvas, bottom, self.families, titles, self.profile.families, "weakest first")
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
        self._draw_tallies(
            canvas, bottom, self.tasks, ("By DOP-C02 task statement", "task statement"), self.profile.tasks
        )

    @staticmethod
    def _draw_tallies(
        canvas: Canvas, area: pygame.Rect, pane: Pane, titles: tuple[str, str], tallies: list[Tally], hint: str = ""
    ) -> None:
        """A panel titled ``titles[0]`` holding a scrolling table of ``tallies`` headed ``titles[1]``."""
        inner = panel(canvas, area, titles[0], hint)
        canvas.log.notes[pane.area] = area
        if not tallies:
            canvas.text("Nothing played yet.", inner, role="small", colour=canvas.theme.palette.muted)
            return
        columns = tally_columns(titles[1])
        canvas.log.notes[pane.info] = table(canvas, inner, columns, tally_rows(tallies), pane.scroll.offset)
