"""The game behind the play screen: a recorded session, wall time turned into ticks, and what
the player has learned so far (findings per resource).

Only the engine's public API is used: commands go in through the session, snapshots and
visible events come out.
"""

from __future__ import annotations

from typing import Any

from warroom.engine import (
    CancelAction,
    CommandError,
    Event,
    LoadedScenario,
    RequestHint,
    Session,
    Snapshot,
    StartAction,
    snapshot,
)
from warroom.engine import events as ev
from warroom.engine.solver import Step

from ..sound import Sounds
from .learned import Learned, learn

URGENT = 300
CUES: dict[type[Event], str] = {
    ev.MessageReceived: "message",
    ev.TicketOpened: "message",
    ev.ActionCompleted: "done",
}


class PlayState:
    """One game being played in the window."""

    def __init__(
        self,
        session: Session,
        scenario: LoadedScenario,
        sounds: Sounds,
        *,
        speed: int = 1,
        player: str = "player",
        team: tuple[str, ...] = (),
        autopilot: list[Step] | None = None,
    ) -> None:
        self.session = session
        self.autopilot = list(autopilot or [])  # steps still to make, in order
        self.scenario = scenario
        self.title = scenario.model.title
        self.sounds = sounds
        self.player = player
        self.team = team
        self.paused = False
        self.speed = speed if scenario.model.clock.practice else 1
        self.learned: dict[str, list[Learned]] = {}
        self.notice = ""
        self.played_ms = 0  # wall time spent playing, pauses excluded (the history keeps it)
        self._carry = 0.0
        self._snap: tuple[tuple[int, int], Snapshot] | None = None
        self._urgent_played = False

    @property
    def sim(self) -> Any:
        """The simulation (read-only for the window: it only reads its state)."""
        return self.session.sim

    @property
    def over(self) -> bool:
        """Whether the game has ended."""
        return bool(self.session.sim.ended)

    def snapshot(self) -> Snapshot:
        """What the player can see now (recomputed only when something happened)."""
        key = (self.sim.tick, len(self.sim.log))
        if self._snap is None or self._snap[0] != key:
            self._snap = (key, snapshot(self.sim))
        return self._snap[1]

    def advance_wall(self, dt_ms: int) -> list[Event]:
        """Let ``dt_ms`` of wall time pass (nothing happens while paused: a true freeze)."""
        if self.paused or self.over:
            return []
        self.played_ms += dt_ms
        self._carry += dt_ms / 1000.0 * self.speed * self.scenario.model.clock.speed
        ticks = int(self._carry)
        self._carry -= ticks
        events: list[Event] = []
        while ticks > 0 and not self.over:
            self._pilot()
            step = min(ticks, self.autopilot[0].tick - self.sim.tick) if self.autopilot else ticks
            events += self.session.advance(max(step, 1))
            ticks -= max(step, 1)
        self._absorb(events)
        self._pilot()
        return events

    def _pilot(self) -> None:
        """Make the autopilot's steps that are due (moves, or declaring the incident over)."""
        while self.autopilot and self.autopilot[0].tick <= self.sim.tick and not self.over:
            step = self.autopilot.pop(0)
            if step.move is None:
                self.end()
            else:
                self.start(step.move.action, step.move.target, dict(step.move.params))

    def start(self, action: str, target: str | None, params: dict[str, Any]) -> str:
        """Start an action; '' when it started, otherwise what the engine said."""
        try:
            events = self.session.submit(StartAction(action, target, params, by=self.player))
        except CommandError as exc:
            self.notice = str(exc)
            return self.notice
        self._absorb(events)
        rejected = [e for e in events if isinstance(e, ev.ActionRejected)]
        self.notice = rejected[0].reason if rejected else ""
        return self.notice

    def request_hint(self) -> None:
        """Reveal the scenario's next hint: it lands in the feed; a refusal becomes the notice."""
        try:
            events = self.session.submit(RequestHint(by=self.player))
        except CommandError as exc:
            self.notice = str(exc)
            return
        self._absorb(events)
        shown = [e for e in events if isinstance(e, ev.HintShown)]
        self.notice = f"Hint (-{shown[0].cost} points): {shown[0].text}" if shown else ""

    def cancel(self, number: int) -> None:
        """Cancel an action in flight."""
        try:
            self._absorb(self.session.submit(CancelAction(number, by=self.player)))
        except CommandError as exc:
            self.notice = str(exc)

    def end(self) -> None:
        """Declare the incident over."""
        if not self.over:
            self._absorb(self.session.declare_over(self.player))

    def _absorb(self, events: list[Event]) -> None:
        learn(self.learned, events)
        for event in events:
            if isinstance(event, ev.AlarmStateChanged) and event.new == "ALARM":
                self.sounds.play("alarm")
            elif type(event) in CUES:
                self.sounds.play(CUES[type(event)])
        if not self._urgent_played and self.sim.duration - self.sim.tick <= URGENT:
            self._urgent_played = True
            self.sounds.play("urgent")

    def close(self) -> None:
        """Leave the game: an unfinished one is checkpointed in its recording."""
        self.session.close()
