"""The leaderboard between rounds: the standing after a round, rows easing to their new places.

Each team's row starts where the standing put it before the round and eases to its new place
over a second while its points count up (:mod:`.motion`); the columns give each round's total
(a dash where a team has none; in brackets where best-of did not count it), with the par of
each round in its heading, and the points under the game-day's own standing rule and
tie-breakers (said under the table). Enter goes on to the next round's first team, or to the
podium after the last round; Esc goes back to the lobby.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
from warroom.engine.gameday.standing import TeamStanding

from ..canvas import Canvas
from ..layout import inset
from ..scene import Scene
from ..widgets import button_height, footer
from .day import ProjectorDay
from .frame import heading, points
from .motion import DURATION_MS, Move, moves


def round_cell(line: TeamStanding, number: int) -> str:
    """A team's total in round ``number``: a dash when it has none, in brackets when it did not count."""
    if number not in line.rounds:
        return "—"
    shown = points(line.rounds[number])
    return shown if number in line.counted else f"({shown})"


class Leaderboard(Scene):
    """The animated standing after a round."""

    name = "gameday-leaderboard"

    def startup(self, data: dict[str, Any]) -> None:
        self.day: ProjectorDay = data["day"]
        self.round: int = int(data["round"])
        self.after = self.day.standing(through=self.round)
        before = self.day.standing(through=self.round - 1) if data.get("animate") else self.after
        self.moves: list[Move] = moves(before, self.after)
        self.elapsed = 0 if data.get("animate") else DURATION_MS
        self.next = self.day.next_turn()

    @property
    def settled(self) -> bool:
        """Whether the rows have reached their places."""
        return self.elapsed >= DURATION_MS

    def actions(self) -> dict[str, Callable[[], None]]:
        return {"next": self.proceed, "lobby": lambda: self.go("gameday-lobby", day=self.day)}

    def bindings(self) -> dict[int, str]:
        return {pygame.K_RETURN: "next", pygame.K_KP_ENTER: "next", pygame.K_ESCAPE: "lobby"}

    def proceed(self) -> None:
        """The next round's first team, or the podium when every game has been played."""
        if self.next is None:
            self.go("gameday-podium", day=self.day)
        else:
            self.go("gameday-turn", day=self.day, turn=self.next)

    def update(self, dt_ms: int) -> None:
        self.elapsed = min(self.elapsed + dt_ms, DURATION_MS)

    # -- drawing ----------------------------------------------------------------------
    def columns(self) -> list[str]:
        """The headings: rank, team, each round played so far (with its par), resolved, points."""
        rounds = []
        for number in range(1, self.round + 1):
            par = self.day.par(number)
            rounds.append(f"R{number}" + (f" (par {points(par)})" if par is not None else ""))
        return ["#", "Team", *rounds, "Resolved", "Points"]

    def cells(self, line: TeamStanding, move: Move) -> list[str]:
        """One row's cells, the points as far as they have counted."""
        return [
            str(line.rank),
            line.team,
            *(round_cell(line, n) for n in range(1, self.round + 1)),
            f"{line.resolved}/{len(line.counted)}",
            points(move.points(self.elapsed)),
        ]

    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        canvas.surface.fill(p.background)
        rounds = len(self.day.gameday.rounds)
        planned = self.day.planned(self.round)
        body = heading(
            canvas, canvas.rect, f"Leaderboard after round {self.round} of {rounds}", planned.scenario.model.title
        )
        par = self.day.par(self.round)
        said = (f"Par for round {self.round}: {points(par)}. " if par is not None else "") + self.day.standing_rule()
        small = canvas.line_height("small")
        said_height = canvas.fit_lines(said, body.width, "small") * small
        foot = button_height(canvas)
        table = pygame.Rect(body.x, body.y, body.width, body.height - said_height - foot - theme.space(3))
        self.draw_rows(canvas, table)
        canvas.text(
            said,
            pygame.Rect(body.x, table.bottom + theme.space(), body.width, said_height),
            role="small",
            colour=p.muted,
        )
        label = f"Round {self.next.round}: team {self.next.team}  [Enter]" if self.next else "The podium  [Enter]"
        footer(
            canvas,
            pygame.Rect(body.x, body.bottom - foot, body.width, foot),
            [(label, "next"), ("Lobby  [Esc]", "lobby")],
        )

    def draw_rows(self, canvas: Canvas, rect: pygame.Rect) -> None:
        """The heading row, then every team's row at its place of the moment."""
        theme, p = canvas.theme, canvas.theme.palette
        titles = self.columns()
        lines = {line.team: line for line in self.after}
        rows = [(move, self.cells(lines[move.team], move)) for move in self.moves]
        head = canvas.line_height("small")
        room = rect.height - head - theme.space()
        role = next(
            (r for r in ("heading", "body", "small") if (canvas.line_height(r) + theme.space()) * len(rows) <= room),
            "small",
        )
        roomy = canvas.line_height(role) + theme.space(3)
        step = min(max(room // max(len(rows), 1), canvas.line_height(role) + theme.space()), roomy)
        gap = theme.space(3)
        final = [self.cells(lines[m.team], Move(m.team, 0, 0, m.points_after, m.points_after)) for m in self.moves]
        widths = [
            max([canvas.text_width(title, "small"), *(canvas.text_width(r[i], role) for r in final)]) + gap
            for i, title in enumerate(titles)
        ]
        widths[1] = max(rect.width - sum(w for i, w in enumerate(widths) if i != 1) - theme.space(2), theme.space(8))
        x0 = rect.x + theme.space()
        self.draw_cells(canvas, x0, rect.y, head, titles, widths, "small", p.muted)
        latest = pygame.Rect(x0 + sum(widths[: 1 + self.round]), rect.y, widths[1 + self.round], rect.height)
        pygame.draw.line(
            canvas.surface, p.accent, (latest.x + gap // 2, rect.y + head), (latest.right - gap // 2, rect.y + head), 2
        )
        top = rect.y + head + theme.space()
        fit = room // step
        # the rows that move furthest are drawn last, on top, so the room sees them pass
        for move, cells in sorted(rows, key=lambda r: abs(r[0].after - r[0].before)):
            place = move.position(self.elapsed)
            if place > fit - 1 + 1e-9:
                continue
            y = top + round(place * step)
            band = pygame.Rect(rect.x, y, rect.width, step - theme.space(0.5))
            leader = move.after == 0 and self.settled
            canvas.fill(band, p.panel, border=p.accent if leader else p.panel_edge)
            inner = inset(band, theme.space(0.25))
            colour = p.accent if leader else p.text
            self.draw_cells(
                canvas,
                x0,
                inner.centery - canvas.line_height(role) // 2,
                canvas.line_height(role),
                cells,
                widths,
                role,
                colour,
            )
        hidden = len(rows) - fit
        if hidden > 0 and self.settled:
            more = f"and {hidden} more team{'s' * (hidden != 1)}: see 'warroom gameday leaderboard'"
            canvas.text(
                more,
                pygame.Rect(rect.x, top + fit * step, rect.width, canvas.line_height("tiny")),
                role="tiny",
                colour=p.muted,
            )

    @staticmethod
    def draw_cells(
        canvas: Canvas, x: int, y: int, height: int, cells: list[str], widths: list[int], role: str, colour: Any
    ) -> None:
        """One row of cells; the team column left-aligned, the figures right-aligned."""
        gap = canvas.theme.space(3)
        for index, (text, width) in enumerate(zip(cells, widths, strict=True)):
            shown = canvas.ellipsize(text, width - gap, role)
            align = "left" if index == 1 else "right"
            where = (
                pygame.Rect(x, y, width - gap, height) if index == 1 else pygame.Rect(x, y, width - gap // 2, height)
            )
            if index == 1:
                where.x += gap // 2
            canvas.text(shown, where, role=role, colour=colour, align=align, wrap_lines=False)
            x += width
