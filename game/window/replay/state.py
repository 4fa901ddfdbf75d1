"""A recorded game being watched: the moment shown, play/pause and speed, the truth toggle,
and what the team had learned by then.

The moment is a tick on a :class:`~warroom.engine.Timeline`; wall time moves it while playing
(1× is one simulated second a second, up to 32×). Everything shown is read from the
timeline's state at that tick, so scrubbing back and forth shows exactly what the player saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from warroom.engine import (
    LoadedScenario,
    MetricSeries,
    NodeTruth,
    Recording,
    ScoreCard,
    Snapshot,
    Timeline,
    node_metrics,
    score,
    snapshot,
    truth,
)

from ..chart import Marker, chart_markers
from ..play.learned import Learned, learn
from .cues import CueTrack

SPEEDS = (1, 2, 4, 8, 16, 32)


@dataclass
class Game:
    """One recorded game on its timeline, with its final score and marked moments."""

    name: str
    recording: Recording
    timeline: Timeline
    card: ScoreCard = field(init=False)
    markers: list[Marker] = field(init=False)
    cues: CueTrack = field(init=False)

    def __post_init__(self) -> None:
        final = self.timeline.final
        self.card = score(final.model, final.log)
        self.markers = chart_markers(self.card, final.log)
        self.cues = CueTrack(final.log, self.ended_at, final.duration)

    @property
    def ended_at(self) -> int:
        """When the team's game ended: the incident declared over, else the time limit."""
        final = self.timeline.final
        return final.duration if final.ended_at is None else final.ended_at

    @classmethod
    def of(cls, recording: Recording, scenario: LoadedScenario) -> Game:
        """A recording put on a timeline, named by its player (or its file)."""
        return cls(recording.name, recording, Timeline(recording, scenario))


class ReplayState:
    """The game on screen at the moment shown (it satisfies the play screen's ``ScreenState``)."""

    def __init__(self, game: Game, scenario: LoadedScenario) -> None:
        self.game = game
        self.scenario = scenario
        self.title = f"Replay: {game.name} — {scenario.model.title}"
        self.player = ""  # nobody can act in a replay
        self.team: tuple[str, ...] = ()
        self.tick = 0
        self.playing = False
        self.speed = 1
        self.show_truth = False
        self._carry = 0.0
        self._cache: dict[str, tuple[int, Any]] = {}

    # -- what ScreenState asks ------------------------------------------------------------
    @property
    def paused(self) -> bool:
        """Whether the replay is stopped (the top bar says so)."""
        return not self.playing

    @property
    def sim(self) -> Any:
        """The game at the moment shown (read only)."""
        return self.game.timeline.at(self.tick)

    def _cached(self, name: str, make: Any) -> Any:
        held = self._cache.get(name)
        if held is None or held[0] != self.tick:
            held = self._cache[name] = (self.tick, make())
        return held[1]

    def snapshot(self) -> Snapshot:
        """What the player could see at the moment shown."""
        return self._cached("snapshot", lambda: snapshot(self.sim))

    @property
    def learned(self) -> dict[str, list[Learned]]:
        """The findings the team had by the moment shown."""
        return self._cached("learned", lambda: learn({}, (e for e in self.sim.log if e.visible)))

    def metrics(self, node_id: str) -> tuple[MetricSeries, ...]:
        """A resource's published metrics, as the team could graph them at the moment shown."""
        return self._cached(f"metrics:{node_id}", lambda: node_metrics(self.sim, node_id))

    def truth(self) -> dict[str, NodeTruth] | None:
        """How every resource really was at the moment shown, when the truth is asked for."""
        return self._cached("truth", lambda: truth(self.sim)) if self.show_truth else None

    # -- moving in time -------------------------------------------------------------------
    @property
    def end(self) -> int:
        """The last tick of the replay."""
        return self.game.timeline.end

    def seek(self, tick: int) -> None:
        """Show the moment ``tick`` (clamped to the replay)."""
        self.tick = min(max(int(tick), 0), self.end)
        self._carry = 0.0

    def toggle_play(self) -> None:
        """Play or pause (playing from the end starts again from the beginning)."""
        if not self.playing and self.tick >= self.end:
            self.seek(0)
        self.playing = not self.playing

    def change_speed(self, step: int) -> None:
        """Faster or slower, between 1× and 32×."""
        index = SPEEDS.index(self.speed) if self.speed in SPEEDS else 0
        self.speed = SPEEDS[min(max(index + step, 0), len(SPEEDS) - 1)]

    def advance_wall(self, dt_ms: int) -> None:
        """Let ``dt_ms`` of wall time pass: while playing, the moment moves at the speed chosen."""
        if not self.playing:
            return
        self._carry += dt_ms / 1000.0 * self.speed
        ticks = int(self._carry)
        self._carry -= ticks
        if ticks:
            self.tick = min(self.tick + ticks, self.end)
        if self.tick >= self.end:
            self.playing = False

    def moments(self) -> list[int]:
        """The ticks worth jumping to: every marked moment and every event the team saw."""
        seen = {e.tick for e in self.game.timeline.final.log if e.visible}
        return sorted(seen | {m.tick for m in self.game.markers})
