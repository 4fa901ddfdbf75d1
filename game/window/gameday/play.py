"""A team's game of a round on the projector: the play screen on the round's pinned game.

The game is the day's :class:`~warroom.engine.gameday.session.RoundSession`, so the
facilitator's scheduled injects fire on time and land in the recording, and the round's rules
hold (speed changes only where the round allows them; the scenario is played as a practice one
only then). Commands name the team. F2 arms the facilitator console and a second F2 opens it
(any other key disarms it), so a team does not open it by accident; the game is frozen while it
is open. Quitting from the pause menu goes back to the lobby with the game kept in its recording
(it resumes from there). When the game ends it is judged and written to the leaderboard, and the
next team's hand-over card — or, after the round's last team, the leaderboard — follows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
from warroom.engine import format_clock

from ..scenes.pause import Pause
from ..scenes.play import Play
from .day import ProjectorDay, Turn
from .turn import result_line

ARMED = "Facilitator console: press F2 again to open it (teams, eyes off the screen). Any other key cancels."


class RoundPause(Pause):
    """The pause menu of a game-day game: quitting goes back to the lobby, the game kept."""

    name = "gameday-pause"
    choices = (
        ("Resume  [Space]", "resume"),
        ("Settings  [S]", "settings"),
        ("End the incident  [E]", "end"),
        ("Back to the lobby  [Q]  (the game stays in its recording)", "quit"),
    )


class RoundPlay(Play):
    """One team's game of one round."""

    name = "gameday-play"

    def startup(self, data: dict[str, Any]) -> None:
        self.day: ProjectorDay = data["day"]
        self.turn: Turn = data["turn"]
        super().startup(data)
        self.state.player = self.turn.team
        members = tuple(self.day.members(self.turn.team))
        self.state.team = (self.turn.team, *members) if members else ()  # W: act as a member, or the team
        self.state.title = f"Team {self.turn.team} · round {self.turn.round} · {self.state.title}"
        self.armed = False

    def keys(self) -> dict[int, Callable[[], None]]:
        return {**super().keys(), pygame.K_F2: self.console}

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key != pygame.K_F2 and self.armed:
            self.armed = False
            self.state.notice = ""
            return
        super().handle_event(event)

    def console(self) -> None:
        """Arm the facilitator console; open it when it is armed."""
        if not self.armed:
            self.armed = True
            self.state.notice = ARMED
            return
        self.armed = False
        self.state.notice = ""
        self.state.paused = True
        self.push("gameday-console", session=self.state.session)

    def pause(self, **data: Any) -> None:
        self.state.paused = True
        self.push("gameday-pause", **data)

    def resumed(self, data: dict[str, Any]) -> None:
        self.state.paused = False
        if data.get("end"):
            self.state.end()
        elif data.get("quit"):
            stopped = format_clock(self.state.sim.tick)
            self.go(
                "gameday-lobby",
                day=self.day,
                notice=f"Team {self.turn.team}'s game of round {self.turn.round} stopped at {stopped}; it is kept in "
                f"{self.day.recording(self.turn)} and continues from there.",
            )

    def update(self, dt_ms: int) -> None:
        self.state.advance_wall(dt_ms)
        if self.state.over and not self.finished:
            self.finished = True
            self.state.close()
            self.next_scene()

    def next_scene(self) -> None:
        """Score the finished game, then the next team's card, or the round's leaderboard."""
        batch = self.day.score(self.turn)
        if batch.rejected:
            said = f"Team {self.turn.team}'s game was not accepted: {batch.rejected[0].reason}"
        else:
            score = batch.accepted[0].score
            said = result_line(self.turn.team, score.total, score.grade, self.day.par(self.turn.round))
        after = self.day.next_turn()
        if after is not None and after.round == self.turn.round:
            self.go("gameday-turn", day=self.day, turn=after, previous=said)
        else:
            self.go("gameday-leaderboard", day=self.day, round=self.turn.round, animate=True)
