"""What the team has learned about each resource: the findings its investigations returned.

The play scene learns as events arrive; the replay viewer learns from the log up to the
moment shown. Both keep the last few per resource, which the diagram marks with a magnifier
and the panel lists under *What we know*.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from warroom.engine import Event, Finding
from warroom.engine import events as ev

KEPT = 5


@dataclass(frozen=True)
class Learned:
    """Findings an investigation returned about a resource, and when."""

    tick: int
    action: str
    findings: tuple[Finding, ...]


def learn(learned: dict[str, list[Learned]], events: Iterable[Event]) -> dict[str, list[Learned]]:
    """Add the findings of completed investigations among ``events`` (keeping the last few per resource)."""
    for event in events:
        if isinstance(event, ev.ActionCompleted) and event.target and event.findings:
            notes = learned.setdefault(event.target, [])
            notes.append(Learned(event.tick, event.action, event.findings))
            del notes[:-KEPT]
    return learned
