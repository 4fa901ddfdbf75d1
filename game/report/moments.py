"""The decisive moments of a re-simulated game, and who made them: the command that first
discovered a fault, the remediations the team chose (and the faults each resolved), the
commands that cost compliance points, and the declaration. Read from the event log (the
engine numbers the action that resolved each fault, and names each violation's cause
``action #N``), attributed through :func:`~.build.action_records`."""

from __future__ import annotations

import re
from collections.abc import Sequence

from warroom.engine import ACTIONS, Event, format_clock, is_player
from warroom.engine import events as ev
from warroom.engine.scoring import PRE_EXISTING

from .build import action_records
from .gameday_model import Decisive, Moments
from .model import ActionRecord

_NUMBER = re.compile(r"#(\d+)")


def _numbered(text: str, actions: dict[int, ActionRecord]) -> ActionRecord | None:
    found = _NUMBER.search(text)
    return actions.get(int(found.group(1))) if found else None


def _decisive(tick: int, action: ActionRecord, what: str) -> Decisive:
    return Decisive(tick=tick, by=action.by, action=action.action, target=action.target, what=what)


def moments(log: Sequence[Event]) -> Moments:
    """The decisive moments of a game (see the module docstring)."""
    actions = {a.number: a for a in action_records(log)}
    detection: Decisive | None = None
    detected_at: int | None = None
    resolved_by: dict[str, int] = {}  # fault → the action number that resolved it (while it stays resolved)
    hits: list[Decisive] = []
    declared: Decisive | None = None
    for e in log:
        if isinstance(e, ev.FaultDiscovered) and detected_at is None:
            detected_at = e.tick
            found = _numbered(e.how, actions)
            detection = _decisive(e.tick, found, f"discovered {e.fault}") if found else None
        elif isinstance(e, ev.FaultResolved):
            if e.action is not None and e.action in actions:
                resolved_by[e.fault] = e.action
        elif isinstance(e, ev.FaultReactivated):
            resolved_by.pop(e.fault, None)
        elif isinstance(e, ev.ViolationOpened) and e.by_player and e.cause != PRE_EXISTING:
            cause = _numbered(e.cause, actions)
            if cause is not None:
                hits.append(_decisive(e.tick, cause, f"{e.rule} on {e.resource}"))
        elif isinstance(e, ev.ConductViolation) and e.by_player:
            started = next((a for a in actions.values() if a.started == e.tick and a.action == e.action), None)
            who = started.by if started else "the team"
            hits.append(Decisive(tick=e.tick, by=who, action=e.action or "(at the end)", what=e.rule))
        elif isinstance(e, ev.GameEnded) and e.reason.startswith("declared") and declared is None:
            declared = Decisive(tick=e.tick, by=_declarer(e.reason), action="declare over", what=e.reason)
    responders = list(dict.fromkeys(a.by for a in actions.values() if is_player(a.by)))
    return Moments(
        detected_at=detected_at,
        detection=detection,
        changes=_changes(actions, resolved_by),
        hits=hits,
        declared=declared,
        responders=responders,
    )


def _changes(actions: dict[int, ActionRecord], resolved_by: dict[str, int]) -> list[Decisive]:
    """The team's remediations, in order, each with the faults it resolved (else how it ended)."""
    changes = []
    for action in actions.values():
        if not is_player(action.by) or action.action not in ACTIONS or ACTIONS.get(action.action).family != "remediate":
            continue
        faults = sorted(fault for fault, number in resolved_by.items() if number == action.number)
        what = f"resolved {', '.join(faults)}" if faults else action.outcome
        changes.append(_decisive(action.started, action, what))
    return changes


def _declarer(reason: str) -> str:
    return reason.rsplit(" by ", 1)[1] if " by " in reason else "the team"


def in_time_order(found: Moments) -> list[Decisive]:
    """Every decisive moment of a game, earliest first: who found it, who changed what, who cost
    compliance points, who declared it over — the debrief's "who did what"."""
    candidates = [found.detection, *found.changes, *found.hits, found.declared]
    return sorted((m for m in candidates if m is not None), key=lambda m: m.tick)


def describe(decisive: Decisive) -> str:
    """``12:30 Ana: pipeline_revert shop-pipeline (resolved bad-release)``."""
    target = f" {decisive.target}" if decisive.target else ""
    return f"{format_clock(decisive.tick)} {decisive.by}: {decisive.action}{target} ({decisive.what})"
