"""Judging a team's recording of a round: is it genuine, and was it played by the round's rules?

:func:`judge` reads a recording and answers with a :class:`Verdict`: accepted with its
:class:`RoundScore`, or rejected with a one-line reason. The rules come first — the header
must name this game-day file (title and sha256), a known team and an existing round, the
scenario file the round names (by sha256), the round's seed, variant, time limit and rules,
and the commands must hold no hint where hints are forbidden and exactly the facilitator's
injects, on time — then the game is re-simulated (:func:`~engine.recording.verify`): every
recorded digest and the score must match, so a tampered command or digest is caught. The
score is the re-simulated one, never the recording's. A game played at the projector (its
header carries ``CONSOLE_KEY``) may also hold cards the facilitator fired from the console.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..commands import DeclareResolved, PlayCard, RequestHint
from ..durations import format_clock
from ..recording import Recording, RecordingError, read_recording, verify
from ..registry import did_you_mean
from ..simulation import Simulation
from .loader import LoadedGameDay
from .rounds import FACILITATOR, PlannedRound
from .session import CONSOLE_KEY, HEADER_KEY


@dataclass(frozen=True)
class RoundScore:
    """What the standing needs of one team's accepted round."""

    team: str
    round: int
    total: float
    recovery: float
    cost: float
    compliance: float
    grade: str
    resolved: bool
    detected_at: int | None
    compliance_hits: int
    time_limit: int

    @classmethod
    def of(cls, team: str, planned: PlannedRound, card: dict[str, Any]) -> RoundScore:
        """The round score of a re-simulated game's score card (``ScoreCard.to_json()``)."""
        discovered = [f["discovered"] for f in card["faults"] if f["discovered"] is not None]
        hits = sum(1 for line in card["ledger"] if line["dimension"] == "compliance" and line["points"] < 0)
        return cls(
            team,
            planned.number,
            card["total"],
            card["recovery"],
            card["cost"],
            card["compliance"],
            card["grade"],
            card["resolved"],
            min(discovered, default=None),
            hits,
            planned.time_limit,
        )


@dataclass
class Verdict:
    """The judgement of one recording: ``reason`` is empty when it was accepted."""

    file: str
    team: str | None = None
    round: int | None = None
    reason: str = ""
    score: RoundScore | None = None
    recording: Recording | None = None
    sim: Simulation | None = None

    @property
    def accepted(self) -> bool:
        """Whether the recording counts for the standing."""
        return not self.reason


def judge(gameday: LoadedGameDay, path: str | Path) -> Verdict:
    """Judge one recording against ``gameday`` (see the module docstring)."""
    file = str(path)
    try:
        recording = read_recording(path)
    except RecordingError as exc:
        return Verdict(file, reason=exc.problems[0].message)
    block = recording.header.get(HEADER_KEY)
    if not isinstance(block, dict):
        return Verdict(file, reason="not a game-day recording (it was not played with 'warroom play --gameday')")
    team, number = block.get("team"), block.get("round")
    verdict = Verdict(file, team if isinstance(team, str) else None, number if isinstance(number, int) else None)
    verdict.recording = recording
    reason = _header(gameday, recording, block)
    if not reason:
        planned = gameday.round(int(number))
        reason = _rules(planned, recording, block) or _commands(planned, recording)
    if reason:
        verdict.reason = reason
        return verdict
    result = verify(recording, planned.scenario)
    if not result.ok:
        where = (
            f"the game differs from the recording at {format_clock(result.first_mismatch)}"
            if result.first_mismatch is not None
            else result.message
        )
        verdict.reason = f"fails verification: {where} (tampered, or recorded on another engine)"
        return verdict
    verdict.score = RoundScore.of(str(team), planned, result.score)
    verdict.sim = result.sim
    return verdict


def _header(gameday: LoadedGameDay, recording: Recording, block: dict[str, Any]) -> str:
    """Why the header does not belong to this game-day ('' if it does)."""
    if block.get("sha256") != gameday.sha256:
        return (
            f"recorded for another game-day file ({block.get('title')!r}, sha256 {str(block.get('sha256'))[:12]}…; "
            f"this one is {gameday.sha256[:12]}…)"
        )
    names = gameday.team_names()
    team = block.get("team")
    if team not in names:
        hint = did_you_mean(str(team), names)
        return f"unknown team {team!r}" + (f"; {hint}" if hint else f" (the teams: {', '.join(names)})")
    number = block.get("round")
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= len(gameday.rounds):
        return f"no round {number!r} in this game-day (it has {len(gameday.rounds)})"
    if recording.end is None:
        return "the game was not finished (resume it with 'warroom play --resume', then score it)"
    return ""


def _rules(planned: PlannedRound, recording: Recording, block: dict[str, Any]) -> str:
    """Why the game was not played on the round's pinned scenario, seed, variant, time limit and rules."""
    header = recording.header
    n = planned.number
    scenario = planned.scenario
    if header.get("scenario_id") != scenario.id:
        return f"played {header.get('scenario_id')}; round {n} is {scenario.id}"
    if header.get("scenario_sha256") != scenario.sha256:
        return (
            f"played on a scenario file that differs from the one round {n} names "
            f"(sha256 {str(header.get('scenario_sha256'))[:12]}…, expected {scenario.sha256[:12]}…)"
        )
    if header.get("seed") != planned.spec.seed:
        return f"played on seed {header.get('seed')}; round {n} pins seed {planned.spec.seed}"
    if header.get("variant") != planned.variant:
        return f"played variant {header.get('variant') or 'none'}; round {n} plays {planned.variant or 'none'}"
    if block.get("time_limit") != planned.time_limit:
        played = block.get("time_limit")
        shown = format_clock(played) if isinstance(played, int) else repr(played)
        return f"played with a {shown} time limit; round {n} has {format_clock(planned.time_limit)}"
    for rule, what in (("speed_changes", "speed changes"), ("hints", "hints")):
        played, pinned = block.get(rule), getattr(planned.spec, rule)
        if played != pinned:
            return f"played with {what} {played}; round {n} {'forbids' if pinned == 'forbidden' else 'allows'} them"
    return ""


def _commands(planned: PlannedRound, recording: Recording) -> str:
    """Why the commands break the round's rules: a forbidden hint, or facilitator injects not as scheduled."""
    n = planned.number
    if not planned.hints_allowed:
        asked = next((tick for tick, c, _ in recording.commands if isinstance(c, RequestHint)), None)
        if asked is not None:
            return f"asked for a hint at {format_clock(asked)}; round {n} forbids hints"
    end = next((t for t, c, _ in recording.commands if isinstance(c, DeclareResolved)), None)
    ended = end if end is not None else int(recording.end["tick"]) if recording.end else recording.last_tick
    expected = [(at, card.card) for at, card in planned.schedule() if at <= ended]
    cards = [(tick, c) for tick, c, _ in recording.commands if isinstance(c, PlayCard)]
    if recording.header.get(CONSOLE_KEY) is True:
        cards = _scheduled_only(expected, cards)
    played = [(tick, c.card if c.by == FACILITATOR else f"{c.card} (by {c.by})") for tick, c in cards]
    return _compare_injects(n, expected, played)


def _scheduled_only(expected: list[tuple[int, str]], cards: list[tuple[int, PlayCard]]) -> list[tuple[int, PlayCard]]:
    """The cards played less those the facilitator fired from the projector's console: a facilitator
    card that is not the schedule's next inject, on time. A team's card, and every scheduled one, stay judged."""
    due = list(expected)
    kept = []
    for tick, card in cards:
        if due and (tick, card.card) == due[0] and card.by == FACILITATOR:
            due.pop(0)
            kept.append((tick, card))
        elif card.by != FACILITATOR:
            kept.append((tick, card))
    return kept


def _compare_injects(n: int, expected: list[tuple[int, str]], played: list[tuple[int, str]]) -> str:
    for (due, card), (at, dealt) in zip(expected, played, strict=False):
        if card != dealt:
            return f"round {n}'s inject {card!r} due at {format_clock(due)} is missing ({dealt!r} was played instead)"
        if due != at:
            return f"round {n}'s inject {card!r} was moved from {format_clock(due)} to {format_clock(at)}"
    if len(expected) > len(played):
        due, card = expected[len(played)]
        return f"round {n}'s inject {card!r} due at {format_clock(due)} is missing"
    if len(played) > len(expected):
        at, card = played[len(expected)]
        return f"a card {card!r} was played at {format_clock(at)} that round {n} does not schedule"
    return ""


def judge_each(gameday: LoadedGameDay, paths: Iterable[str | Path]) -> Iterator[Verdict]:
    """Judge every recording, one at a time (a caller keeps only what it needs of each); a second
    accepted game of the same team and round is rejected as a duplicate of the first."""
    kept: dict[tuple[str, int], str] = {}
    for path in paths:
        verdict = judge(gameday, path)
        if verdict.accepted:
            key = (str(verdict.team), int(verdict.round or 0))
            if key in kept:
                verdict.reason = f"duplicate: team {key[0]}'s round {key[1]} is already scored from {kept[key]}"
                verdict.score = None
            else:
                kept[key] = verdict.file
        yield verdict
