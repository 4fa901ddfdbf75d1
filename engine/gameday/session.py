"""A team's game of a round: a recorded :class:`~engine.session.Session` that keeps the round's rules.

The session is started on the round as played (scenario, seed, variant, time limit), its
recording header names the game-day (title and the file's sha256), the round, the team and
the rules, and time never passes a facilitator inject: :meth:`RoundSession.advance` stops at
each one and deals the card as a recorded facilitator command, so the game replays exactly
and a judge can see every inject fired on time. Asking for a hint where the round forbids
it, or dealing a card by hand, is refused like any nonsensical command.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

from .. import events as ev
from ..commands import Command, PlayCard, RequestHint
from ..errors import CommandError
from ..recording import read_recording
from ..session import Session
from ..simulation import Simulation
from .loader import LoadedGameDay
from .rounds import FACILITATOR, HEADER_KEY, PlannedRound

CONSOLE_KEY = "facilitator_console"
"""A recording header label: the facilitator held a console during the game (projector mode), so
cards it fired by hand beside the schedule are part of the round (see :meth:`RoundSession.fire`)."""


def round_labels(gameday: LoadedGameDay, planned: PlannedRound, team: str) -> dict[str, Any]:
    """What a round's recording header says about the game-day it belongs to."""
    return {
        HEADER_KEY: {
            "title": gameday.title,
            "sha256": gameday.sha256,
            "round": planned.number,
            "team": team,
            "time_limit": planned.time_limit,
            "hints": planned.spec.hints,
            "speed_changes": planned.spec.speed_changes,
        }
    }


class RoundSession(Session):
    """A session that plays the round's facilitator injects on time and refuses what its rules forbid."""

    def __init__(self, sim: Simulation, recorder: Any, planned: PlannedRound, team: str, dealt: int = 0) -> None:
        super().__init__(sim, recorder)
        self.planned = planned
        self.team = team
        self._due = deque(planned.schedule()[dealt:])

    @classmethod
    def begin(
        cls,
        gameday: LoadedGameDay,
        planned: PlannedRound,
        team: str,
        record: str | Path,
        labels: dict[str, Any] | None = None,
    ) -> RoundSession:
        """Start ``team``'s game of ``planned``, recorded to ``record`` (cards due at 00:00 are dealt)."""
        base = Session.start(
            planned.scenario,
            planned.spec.seed,
            record,
            planned.reference,
            {**(labels or {}), **round_labels(gameday, planned, team)},
            variant=planned.spec.variant,
        )
        session = cls(base.sim, base.recorder, planned, team)
        session.advance(0)
        return session

    @classmethod
    def resume_round(cls, planned: PlannedRound, path: str | Path) -> RoundSession:
        """Continue a round's unfinished recording; the injects it already holds are not dealt again."""
        recording = read_recording(path)
        dealt = sum(1 for _, c, _ in recording.commands if isinstance(c, PlayCard) and c.by == FACILITATOR)
        team = str(recording.header.get(HEADER_KEY, {}).get("team", ""))
        base = Session.resume(planned.scenario, path)
        return cls(base.sim, base.recorder, planned, team, dealt)

    @property
    def next_inject(self) -> int | None:
        """The tick of the next facilitator inject, if one is still due."""
        return self._due[0][0] if self._due else None

    def submit(self, command: Command) -> list[ev.Event]:
        """Apply a team's command, unless the round forbids it (``CommandError`` says why)."""
        if isinstance(command, RequestHint) and not self.planned.hints_allowed:
            raise CommandError(f"hints are forbidden in round {self.planned.number} of this game-day")
        if isinstance(command, PlayCard):
            raise CommandError("in a game-day the facilitator's cards are dealt on schedule, not by the team")
        return super().submit(command)

    def fire(self, card: str) -> list[ev.Event]:
        """The facilitator plays a deck card now, from the projector's console: a recorded facilitator
        command, so it replays (begin the session with the ``CONSOLE_KEY`` label so the judge accepts it)."""
        return super().submit(PlayCard(card, by=FACILITATOR))

    def advance(self, ticks: int) -> list[ev.Event]:
        """Advance time, dealing each facilitator card at its tick on the way."""
        target = self.sim.tick + max(ticks, 0)
        out: list[ev.Event] = []
        while self._due and self._due[0][0] <= target and not self.sim.ended:
            at, card = self._due.popleft()
            out += super().advance(at - self.sim.tick)
            if not self.sim.ended:
                out += super().submit(card)
        return out + super().advance(target - self.sim.tick)
