"""A replayed game's timeline: what the team saw and, marked apart, what was really going on.

Visible events read as they did in the game (:func:`describe_event`); the truth events the
engine keeps for scoring — faults injected, found and resolved, the real service level,
violations — get their own sentences here, because only the debrief and replays show them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from warroom.engine import Event, describe_event, format_clock

_TRUTH: dict[str, Callable[[Any], str]] = {
    "FaultInjected": lambda e: f"fault {e.fault} injected ({e.fault_type} on {e.target}): {e.explanation}",
    "FaultDiscovered": lambda e: f"fault {e.fault} discovered ({e.how})",
    "FaultResolved": lambda e: f"fault {e.fault} resolved by {e.by}",
    "FaultReactivated": lambda e: f"fault {e.fault} became active ({e.by})",
    "ServiceLevelChanged": lambda e: f"true availability {e.availability * 100:.2f}%",
    "KpiChanged": lambda e: f"KPI {e.kpi} at {e.per_minute:.1f}/min",
    "SpendRateChanged": lambda e: f"infrastructure spend ${e.cents_per_hour / 100:,.2f}/h",
    "Charged": lambda e: f"charged ${e.cents / 100:,.2f}: {e.reason}",
    "ViolationOpened": lambda e: (
        f"violation {e.rule} on {e.resource}: {e.detail}" + (f" ({e.cause})" if e.cause else "")
    ),
    "ViolationClosed": lambda e: f"violation {e.rule} on {e.resource} closed",
    "ConductViolation": lambda e: f"conduct {e.rule}: {e.detail}",
    "WorkLost": lambda e: f"{e.units:g} units of work lost at {e.node}: {e.reason}",
    "WorkRecovered": lambda e: f"{e.units:g} units of work recovered at {e.node}: {e.reason}",
    "FirstSignal": lambda e: f"first signal of {e.fault}: {e.signal}",
}


def describe(event: Event) -> str:
    """One timeline sentence for any event, visible or not."""
    if event.visible:
        return describe_event(event)
    text = _TRUTH.get(type(event).__name__)
    return text(event) if text else type(event).__name__


def timeline_lines(events: Iterable[Event]) -> list[Text]:
    """Stamped lines; truth events are marked ``(truth)`` and dimmed so they read apart."""
    lines = []
    for event in events:
        line = Text(f"[{format_clock(event.tick)}] ", style="dim")
        if event.visible:
            line.append(describe(event))
        else:
            line.append(f"(truth) {describe(event)}", style="italic dim")
        lines.append(line)
    return lines
