"""The lobby: the game-day on the projector before (or between) its games.

It shows the title and description, every team with its members, every round (its scenario,
pinned seed and rules, and the teams that have played it, with their totals), and how the
standing is made. Enter (or the button) starts the day — or continues it at the next game not
on the leaderboard, resuming that game's recording if it was quit midway (a finished game not
yet scored is scored when the lobby opens, and one that is not accepted is said, with why); L
shows the standing so far; Esc closes the window (nothing is lost: everything played is in the recordings and the
leaderboard).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pygame

from ..canvas import Canvas
from ..layout import columns, split_top
from ..scene import Scene
from ..widgets import Block, Scroll, ScrollInfo, button_height, footer, panel, scroll_view
from .day import ProjectorDay, Turn
from .frame import heading, points, round_rules, round_title


class Lobby(Scene):
    """The game-day's lobby."""

    name = "gameday-lobby"

    def startup(self, data: dict[str, Any]) -> None:
        self.day: ProjectorDay = data["day"]
        refused = [f"{Path(r.file).name} was not accepted: {r.reason}." for r in self.day.settle()]
        self.notice = " ".join([str(data.get("notice", "")), *refused]).strip()
        self.scored = self.day.scored()
        self.next = self.day.next_turn()
        self.scrolls = {"teams": Scroll(), "rounds": Scroll()}

    def actions(self) -> dict[str, Callable[[], None]]:
        return {"start": self.start, "standing": self.standing, "quit": self.quit}

    def bindings(self) -> dict[int, str]:
        return {
            pygame.K_RETURN: "start",
            pygame.K_KP_ENTER: "start",
            pygame.K_l: "standing",
            pygame.K_ESCAPE: "quit",
            pygame.K_q: "quit",
        }

    def keys(self) -> dict[int, Callable[[], None]]:
        return {
            **super().keys(),
            pygame.K_PAGEDOWN: lambda: self.scroll_all(5),
            pygame.K_PAGEUP: lambda: self.scroll_all(-5),
        }

    def start(self) -> None:
        """The next game's hand-over card, or the podium when every game is on the leaderboard."""
        if self.next is None:
            self.go("gameday-podium", day=self.day)
        else:
            self.go("gameday-turn", day=self.day, turn=self.next)

    def standing(self) -> None:
        """The standing so far (after the last round every team has played)."""
        if self.scored:
            last = max(turn.round for turn in self.scored)
            self.go("gameday-leaderboard", day=self.day, round=last, animate=False)

    def quit(self) -> None:
        """Close the window (the day goes on from here next time)."""
        self.app.running = False

    def scroll_all(self, rows: int) -> None:
        """Scroll both lists (each no further than it can)."""
        for name, scroll in self.scrolls.items():
            scroll.by(rows, self.app.log.notes.get(name, ScrollInfo()))

    def wheel(self, notches: int, pos: tuple[int, int]) -> None:
        for name, scroll in self.scrolls.items():
            if self.app.log.notes.get(f"{name}_area", pygame.Rect(0, 0, 0, 0)).collidepoint(pos):
                scroll.by(notches * 2, self.app.log.notes.get(name, ScrollInfo()))

    # -- drawing ----------------------------------------------------------------------
    def start_label(self) -> str:
        """What Enter does now."""
        if self.next is None:
            return "The podium  [Enter]"
        if not self.scored and self.day.unfinished(self.next) is None:
            return "Start the game-day  [Enter]"
        return f"Continue: round {self.next.round}, team {self.next.team}  [Enter]"

    def team_blocks(self) -> list[Block]:
        """Each team and its members."""
        p = self.app.theme.palette
        blocks = []
        for team in self.day.gameday.model.teams:
            blocks.append(Block(team.name, role="heading", colour=p.accent, after=0))
            blocks.append(Block(", ".join(team.members) or "(no members listed)", colour=p.muted, after=1.5))
        return blocks

    def round_blocks(self) -> list[Block]:
        """Each round: its scenario, its pins and rules, and who has played it."""
        p = self.app.theme.palette
        blocks = []
        for planned in self.day.gameday.rounds:
            turns = [Turn(planned.number, team) for team in self.day.gameday.team_names()]
            played = [f"{t.team} {points(self.scored[t].score.total)}" for t in turns if t in self.scored]
            blocks.append(Block(round_title(planned), role="heading", colour=p.text, after=0.25))
            blocks.append(Block(round_rules(planned), colour=p.muted, after=0.25))
            progress = f"Played: {' · '.join(played)}" if played else "Not played yet"
            blocks.append(Block(progress, role="small", colour=p.ok if played else p.muted, after=1.5))
        return blocks

    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        canvas.surface.fill(p.background)
        model = self.day.gameday.model
        teams, rounds = len(model.teams), len(model.rounds)
        kicker = f"Game-day · {teams} team{'s' * (teams != 1)} · {rounds} round{'s' * (rounds != 1)}"
        body = heading(canvas, canvas.rect, kicker, model.title)
        if model.description:
            body.y += canvas.text(
                model.description,
                pygame.Rect(body.x, body.y, body.width, canvas.line_height("body") * 2),
                colour=p.text,
            )
            body.y += theme.space()
        foot_height = button_height(canvas)
        rule_height = canvas.fit_lines(self.day.standing_rule(), body.width, "small") * canvas.line_height("small")
        notice_height = (
            canvas.fit_lines(self.notice, body.width, "small") * canvas.line_height("small") if self.notice else 0
        )
        below = rule_height + notice_height + foot_height + theme.space(3)
        lists, rest = split_top(body, max(body.height - below, 0), theme.space(2))
        left, right = columns(lists, 2, theme.space(2))
        left.width = lists.width * 2 // 5 - theme.space()
        right.x, right.width = left.right + theme.space(2), lists.right - left.right - theme.space(2)
        for name, rect, title, blocks in (
            ("teams", left, "Teams", self.team_blocks()),
            ("rounds", right, "Rounds", self.round_blocks()),
        ):
            inner = panel(canvas, rect, title)
            canvas.log.notes[name] = scroll_view(canvas, inner, blocks, self.scrolls[name].offset)
            canvas.log.notes[f"{name}_area"] = rect
        y = rest.y
        y += canvas.text(
            self.day.standing_rule(), pygame.Rect(rest.x, y, rest.width, rule_height), role="small", colour=p.muted
        )
        if self.notice:
            y += canvas.text(
                self.notice, pygame.Rect(rest.x, y, rest.width, notice_height), role="small", colour=p.warning
            )
        buttons = [(self.start_label(), "start")]
        if self.scored:
            buttons.append(("Standing  [L]", "standing"))
        buttons.append(("Close  [Esc]", "quit"))
        footer(
            canvas,
            pygame.Rect(rest.x, rest.bottom - foot_height, rest.width, foot_height),
            buttons,
            "During a round: F2 twice opens the facilitator console",
        )
