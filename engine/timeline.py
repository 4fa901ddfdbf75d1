"""Seeking in a recorded game: the state at any tick, fast, for a replay viewer.

A :class:`Timeline` replays a recording once, from the first tick to the last the game
reached (through the run-out after the incident was declared over, to the time limit), and
keeps a checkpoint of the simulation every ``every`` ticks. The state at a tick is then the
nearest checkpoint at or before it, restored and advanced the remaining ticks with the
recorded commands; moving forward from the last tick asked
for just advances the same copy (unless a checkpoint is much nearer), so playing back and
scrubbing forward cost one tick per tick, and a step back costs one fork and at most
``every`` ticks.

A checkpoint is the simulation pickled, sharing the scenario like :meth:`Simulation.fork`
does: a few tens of kilobytes, about a millisecond to write or restore, and wholly its own
(a fork shares the history it never edits with its parent; a checkpoint shares nothing).
A checkpoint at tick T holds the state *before* the commands given at T; :meth:`at` answers
the state *after* them (what the player saw once they had acted). Checkpoints are never
handed out, so nothing a caller does to a state can change the timeline. While replaying,
the digests the recording holds are compared (:attr:`Timeline.mismatch` names the first
tick that differs); a command the engine refuses is skipped, the same way on every seek.
"""

from __future__ import annotations

import bisect
import io
import pickle
from collections import defaultdict
from typing import Any

from .commands import Command, DeclareResolved
from .errors import CommandError
from .recording import Recording
from .scenario.loader import LoadedScenario
from .simulation import Simulation

CHECKPOINT_EVERY = 60


class _Pickler(pickle.Pickler):
    """Pickles a simulation but for its scenario, which checkpoints share."""

    def __init__(self, file: io.BytesIO, sim: Simulation) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._shared = {id(sim.scenario): "scenario", id(sim.model): "model"}

    def persistent_id(self, obj: Any) -> str | None:
        return self._shared.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, shared: dict[str, Any]) -> None:
        super().__init__(file)
        self._shared = shared

    def persistent_load(self, pid: str) -> Any:
        return self._shared[pid]


class Timeline:
    """A recording replayed once, with checkpoints to seek from; see the module docstring."""

    def __init__(self, recording: Recording, scenario: LoadedScenario, every: int = CHECKPOINT_EVERY) -> None:
        self.recording = recording
        self.every = max(int(every), 1)
        self._commands: dict[int, list[Command]] = defaultdict(list)
        for tick, command, _ in recording.commands:
            self._commands[tick].append(command)
        self._digests: dict[int, set[str]] = defaultdict(set)
        for tick, digest in recording.checkpoints:
            self._digests[tick].add(digest)
        self.mismatch: int | None = None
        sim = Simulation(scenario, int(recording.header.get("seed", 1)), variant=recording.header.get("variant"))
        self._limit = sim.duration if recording.end is not None else recording.last_tick
        self._shared = {"scenario": sim.scenario, "model": sim.model}
        self._checkpoints: dict[int, bytes] = {}
        self._ticks: list[int] = []
        while True:
            if sim.tick % self.every == 0:
                self._checkpoints[sim.tick] = self._freeze(sim)
                self._ticks.append(sim.tick)
            self._check(sim)
            self._apply(sim)
            if not self._more(sim, self._limit):
                break
            self._step(sim)
        self.final = sim  # the whole game: its log holds every event, truth included
        self.end = sim.tick
        self._cursor: Simulation | None = None

    # -- checkpoints ----------------------------------------------------------------------
    @staticmethod
    def _freeze(sim: Simulation) -> bytes:
        buffer = io.BytesIO()
        _Pickler(buffer, sim).dump(sim)
        return buffer.getvalue()

    def _thaw(self, tick: int) -> Simulation:
        sim: Simulation = _Unpickler(io.BytesIO(self._checkpoints[tick]), self._shared).load()
        return sim

    # -- replaying ------------------------------------------------------------------------
    def _check(self, sim: Simulation) -> None:
        expected = self._digests.get(sim.tick)
        if expected and self.mismatch is None and sim.digest() not in expected:
            self.mismatch = sim.tick

    def _apply(self, sim: Simulation) -> None:
        """Give the commands recorded at the current tick."""
        for command in self._commands.get(sim.tick, ()):
            try:
                if isinstance(command, DeclareResolved):
                    sim.end_play(command)  # the run-out is played a tick at a time, like the rest
                else:
                    sim.submit(command)
            except CommandError:
                self.mismatch = sim.tick if self.mismatch is None else self.mismatch

    @staticmethod
    def _more(sim: Simulation, until: int) -> bool:
        return sim.tick < min(until, sim.duration)

    @staticmethod
    def _step(sim: Simulation) -> None:
        if sim.ended:
            sim.play_on(sim.tick + 1)
        else:
            sim.step()

    def _forward(self, sim: Simulation, until: int) -> None:
        while self._more(sim, until):
            self._step(sim)
            self._apply(sim)

    # -- seeking --------------------------------------------------------------------------
    @property
    def checkpoints(self) -> list[int]:
        """The ticks a checkpoint is kept at."""
        return list(self._ticks)

    def at(self, tick: int) -> Simulation:
        """The game at ``tick`` (clamped to the timeline), after the commands given then.

        The simulation returned is the timeline's cursor: read it, and ask again rather than
        keep it, because the next call moves it."""
        tick = min(max(int(tick), 0), self.end)
        base = self._ticks[bisect.bisect_right(self._ticks, tick) - 1]
        cursor = self._cursor
        # stepping on from the cursor beats restoring a checkpoint unless the cursor is a checkpoint's span behind
        if cursor is None or not tick - self.every - (tick - base) <= cursor.tick <= tick:
            cursor = self._thaw(base)
            self._apply(cursor)
            self._cursor = cursor
        self._forward(cursor, tick)
        return cursor
