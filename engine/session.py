"""A game session: a simulation with its recording kept as it goes.

Front ends (terminal, window) drive a :class:`Session`: submit commands, advance time,
end the game. The session writes every command to the recording before returning, adds a
checkpoint digest every simulated minute, and can resume a game from its recording or fork
a new one from any moment of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import events as ev
from .commands import Command, DeclareResolved
from .durations import format_clock
from .errors import CommandError
from .recording import CHECKPOINT_INTERVAL, Recorder, Recording, read_recording, replay
from .scenario.loader import LoadedScenario
from .scoring import ScoreCard, score
from .simulation import Simulation


class Session:
    """One game in play; see the module docstring."""

    def __init__(self, sim: Simulation, recorder: Recorder | None = None) -> None:
        self.sim = sim
        self.recorder = recorder
        self._finished = False

    @classmethod
    def start(
        cls,
        scenario: LoadedScenario,
        seed: int,
        record: str | Path | None,
        reference: str,
        labels: dict[str, Any] | None = None,
        variant: str | None = None,
    ) -> Session:
        """A new game, recorded to ``record`` when given (``variant`` overrides the seed's pick)."""
        sim = Simulation(scenario, seed, variant=variant)
        recorder = Recorder.create(record, sim, reference, labels) if record else None
        return cls(sim, recorder)

    @classmethod
    def resume(cls, scenario: LoadedScenario, path: str | Path) -> Session:
        """Continue a game from its recording: replay its commands, keep appending to it."""
        recording = read_recording(path)
        result = replay(recording, scenario, until=recording.last_tick)
        if result.first_mismatch is not None:
            raise ValueError(
                f"{path}: the recording does not replay on this scenario "
                f"(first difference at tick {result.first_mismatch})"
            )
        return cls(result.sim, Recorder.append_to(path))

    @classmethod
    def fork(
        cls,
        scenario: LoadedScenario,
        parent: Recording,
        tick: int,
        record: str | Path,
        labels: dict[str, Any] | None = None,
    ) -> Session:
        """A new game taking over a recorded one at ``tick``: the same scenario, seed and
        variant, the parent's commands up to ``tick`` given again, recorded to ``record``
        under a header naming the parent (its file and the tick), so the new recording
        replays and verifies on its own. ``ValueError`` if the parent's game was over by then.
        """
        header = parent.header
        ended = parent.end["tick"] if parent.end is not None else None
        if ended is not None and tick >= int(ended):
            raise ValueError(f"the game was over at {format_clock(int(ended))}: fork from an earlier moment")
        inherited = {key: header[key] for key in ("player", "front_end") if key in header}
        origin = {"parent": {"file": str(Path(parent.path).resolve()), "tick": tick}}
        session = cls.start(
            scenario,
            int(header.get("seed", 1)),
            record,
            str(header.get("scenario", scenario.id)),
            {**inherited, **(labels or {}), **origin},
            variant=header.get("variant"),
        )
        try:
            for at, command, _ in parent.commands:
                if at > tick:
                    break
                session.advance(at - session.sim.tick)
                session.submit(command)
        except CommandError as exc:
            session.close()
            raise ValueError(f"{parent.path}: does not replay up to tick {tick}: {exc}") from None
        session.advance(tick - session.sim.tick)
        return session

    @property
    def path(self) -> Path | None:
        """Where the recording is written."""
        return self.recorder.path if self.recorder else None

    def submit(self, command: Command) -> list[ev.Event]:
        """Apply a command now and record it (raises ``CommandError`` for a nonsensical one)."""
        tick = self.sim.tick  # declaring the game over plays the world on: record when it was said
        out = self.sim.submit(command)
        if self.recorder:
            self.recorder.command(tick, command, self.sim.digest())
        if self.sim.ended:
            self._finish()
        return out

    def advance(self, ticks: int) -> list[ev.Event]:
        """Advance time, checkpointing every simulated minute; stops when the game ends."""
        out: list[ev.Event] = []
        for _ in range(max(ticks, 0)):
            if self.sim.ended:
                break
            out += self.sim.step()
            if self.recorder and self.sim.tick % CHECKPOINT_INTERVAL == 0 and not self.sim.ended:
                self.recorder.checkpoint(self.sim.tick, self.sim.digest())
        if self.sim.ended:
            self._finish()
        return out

    def declare_over(self, by: str = "player") -> list[ev.Event]:
        """End the game by declaring the incident over."""
        return self.submit(DeclareResolved(by=by))

    def score(self) -> ScoreCard:
        """The score card so far (final once the game has ended)."""
        return score(self.sim.model, self.sim.log)

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        if self.recorder:
            ended = self.sim.tick if self.sim.ended_at is None else self.sim.ended_at
            self.recorder.end(ended, self.sim.end_reason, self.sim.digest(), self.score().to_json())
            self.recorder.close()

    def close(self) -> None:
        """Leave an unfinished game: checkpoint the current tick and close the recording.

        Resuming replays up to the last tick the recording names, so without the checkpoint
        the time waited since the last command or whole-minute checkpoint would be lost.
        """
        if self.recorder and not self._finished:
            self.recorder.checkpoint(self.sim.tick, self.sim.digest())
            self.recorder.close()
            self._finished = True
