"""Recordings: JSON Lines written as the game goes, replayed and verified exactly (DESIGN §8).

Lines, in order:

* ``{"type": "header", ...}`` — format and engine versions, scenario reference and the
  SHA-256 of its source, seed, player, and any labels the front end adds;
* ``{"type": "command", "tick": T, "command": {...}, "digest": D}`` — a command given at
  tick T and the state digest right after it;
* ``{"type": "digest", "tick": T, "digest": D}`` — periodic checkpoints;
* ``{"type": "end", "tick": T, "reason": ..., "digest": D, "score": {...}}`` — the end.

Every line is flushed (and synced) when written, so a killed game loses no command. Scores
in a recording are never trusted: :func:`verify` re-simulates the commands and compares
every digest and the score, naming the first tick that differs.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .commands import Command
from .errors import Problem, ScenarioError
from .scenario.loader import LoadedScenario
from .simulation import Simulation
from .version import ENGINE_VERSION, RECORDING_FORMAT

CHECKPOINT_INTERVAL = 60


class RecordingError(ScenarioError):
    """A recording that cannot be read, with located problems."""


class Recorder:
    """Appends a game's lines to a JSON Lines file, flushing each one."""

    def __init__(self, path: str | Path, handle: IO[str]) -> None:
        self.path = Path(path)
        self._handle = handle

    @classmethod
    def create(
        cls, path: str | Path, sim: Simulation, reference: str, labels: dict[str, Any] | None = None
    ) -> Recorder:
        """Start a new recording with its header."""
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        recorder = cls(target, target.open("w", encoding="utf-8"))
        recorder._write(
            {
                "type": "header",
                "format": RECORDING_FORMAT,
                "engine": ENGINE_VERSION,
                "scenario": reference,
                "scenario_id": sim.scenario.id,
                "scenario_sha256": sim.scenario.sha256,
                "seed": sim.seed,
                **({"variant": sim.variant} if sim.variant else {}),
                **(labels or {}),
            }
        )
        return recorder

    @classmethod
    def append_to(cls, path: str | Path) -> Recorder:
        """Continue an existing recording (resume after a crash); a torn last line is cut off."""
        target = Path(path)
        text = target.read_text(encoding="utf-8")
        if text and not text.endswith("\n"):
            text = text[: text.rfind("\n") + 1]
            target.write_text(text, encoding="utf-8")
        return cls(target, target.open("a", encoding="utf-8"))

    def _write(self, line: dict[str, Any]) -> None:
        self._handle.write(json.dumps(line, sort_keys=True, separators=(",", ":")) + "\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def command(self, tick: int, command: Command, digest: str) -> None:
        """Record a command given at ``tick`` and the digest after it."""
        self._write({"type": "command", "tick": tick, "command": command.to_json(), "digest": digest})

    def checkpoint(self, tick: int, digest: str) -> None:
        """Record a periodic state digest."""
        self._write({"type": "digest", "tick": tick, "digest": digest})

    def end(self, tick: int, reason: str, digest: str, score: dict[str, Any]) -> None:
        """Record the end of the game and its score."""
        self._write({"type": "end", "tick": tick, "reason": reason, "digest": digest, "score": score})

    def close(self) -> None:
        """Close the file."""
        self._handle.close()


@dataclass
class Recording:
    """A recording read back from disk."""

    path: str
    header: dict[str, Any]
    commands: list[tuple[int, Command, str | None]] = field(default_factory=list)
    checkpoints: list[tuple[int, str]] = field(default_factory=list)
    end: dict[str, Any] | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """Whose game it is: the player the header names, else the file's name."""
        return str(self.header.get("player") or Path(self.path).stem)

    @property
    def last_tick(self) -> int:
        """The last tick the recording knows about (where a resumed game continues)."""
        ticks = [t for t, _, _ in self.commands] + [t for t, _ in self.checkpoints]
        if self.end:
            ticks.append(int(self.end["tick"]))
        return max(ticks, default=0)


def read_recording(path: str | Path) -> Recording:
    """Parse a recording; raises :class:`RecordingError` naming the bad line."""
    file = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
    except OSError as exc:
        raise RecordingError([Problem(file, 1, 1, f"cannot read recording: {exc.strerror}")]) from None
    except UnicodeDecodeError:
        raise RecordingError([Problem(file, 1, 1, "not a recording (not UTF-8 text)")]) from None
    recording: Recording | None = None
    for number, raw in enumerate(lines, start=1):
        torn = not raw.endswith("\n") and number == len(lines)
        try:
            line = json.loads(raw)
            if not isinstance(line, dict):
                raise ValueError("not an object")
        except ValueError as exc:
            if torn and recording is not None:
                recording.warnings.append(f"{file}:{number}: ignored a torn last line (the game was interrupted)")
                break
            raise RecordingError([Problem(file, number, 1, f"not a recording line: {exc}")]) from None
        kind = line.get("type")
        if number == 1:
            if kind != "header" or line.get("format") != RECORDING_FORMAT:
                raise RecordingError(
                    [Problem(file, 1, 1, f"not a warroom recording (no header of format {RECORDING_FORMAT})")]
                )
            recording = Recording(file, line)
            continue
        assert recording is not None
        try:
            if kind == "command":
                recording.commands.append((int(line["tick"]), Command.from_json(line["command"]), line.get("digest")))
            elif kind == "digest":
                recording.checkpoints.append((int(line["tick"]), str(line["digest"])))
            elif kind == "end":
                recording.end = line
            else:
                raise ValueError(f"unknown line type {kind!r}")
        except (KeyError, TypeError, ValueError) as exc:
            raise RecordingError([Problem(file, number, 1, f"malformed {kind} line: {exc}")]) from None
    if recording is None:
        raise RecordingError([Problem(file, 1, 1, "empty recording")])
    return recording


@dataclass
class ReplayResult:
    """The outcome of re-simulating a recording."""

    sim: Simulation
    first_mismatch: int | None
    message: str
    score: dict[str, Any]

    @property
    def ok(self) -> bool:
        """Whether every digest and the final score matched."""
        return self.first_mismatch is None and not self.message


def check_scenario(recording: Recording, scenario: LoadedScenario) -> str:
    """Why the scenario does not match the one the recording was made with ('' if it does)."""
    if recording.header.get("engine") != ENGINE_VERSION:
        return f"recorded with engine {recording.header.get('engine')}, this is {ENGINE_VERSION}"
    if recording.header.get("scenario_sha256") != scenario.sha256:
        return (
            f"the scenario {recording.header.get('scenario')} has changed since the recording was made "
            f"(sha256 {str(recording.header.get('scenario_sha256'))[:12]}… → {scenario.sha256[:12]}…)"
        )
    return ""


def replay(
    recording: Recording, scenario: LoadedScenario, *, until: int | None = None, stop_at_mismatch: bool = True
) -> ReplayResult:
    """Re-simulate a recording; compare digests as they come.

    ``until`` stops early (to resume a game or to look at a moment). The replay reports the
    first tick whose digest differs from the recorded one.
    """
    sim = Simulation(scenario, int(recording.header.get("seed", 1)), variant=recording.header.get("variant"))
    expected: dict[int, list[str]] = {}
    for tick, digest in recording.checkpoints:
        expected.setdefault(tick, []).append(digest)
    mismatch: int | None = None
    limit = recording.last_tick if until is None else min(until, recording.last_tick)

    def advance_to(tick: int) -> None:
        nonlocal mismatch
        while sim.tick < tick and not sim.ended:
            sim.step()
            for digest in expected.get(sim.tick, []):
                if mismatch is None and digest != sim.digest():
                    mismatch = sim.tick

    for tick, command, digest in recording.commands:
        if tick > limit or (mismatch is not None and stop_at_mismatch):
            break
        advance_to(tick)
        if sim.ended or sim.tick != tick:
            mismatch = mismatch if mismatch is not None else tick
            break
        try:
            sim.submit(command)
        except Exception:
            mismatch = mismatch if mismatch is not None else tick
            break
        if digest is not None and mismatch is None and digest != sim.digest():
            mismatch = tick
    if mismatch is None or not stop_at_mismatch:
        end = recording.end
        if end is not None and until is None:
            advance_to(int(end["tick"]))
            if mismatch is None and end.get("digest") != sim.digest():
                mismatch = sim.tick
        else:
            advance_to(limit)
    from .scoring import score

    card = score(sim.model, sim.log).to_json()
    message = ""
    if mismatch is None and recording.end is not None and until is None and recording.end.get("score") != card:
        message = "the recorded score differs from the recomputed one"
    return ReplayResult(sim, mismatch, message, card)


def verify(recording: Recording, scenario: LoadedScenario) -> ReplayResult:
    """Replay and compare everything; ``result.ok`` says whether the recording is genuine."""
    problem = check_scenario(recording, scenario)
    result = replay(recording, scenario)
    if problem:
        result.message = problem
    return result
