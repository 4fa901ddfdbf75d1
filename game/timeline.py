"""A replayed game's timeline: what the team saw and, marked apart, what was really going on.

Every event reads as :func:`describe_event` words it; the truth events the engine keeps for
scoring — faults injected, found and resolved, the real service level, violations — are
marked apart, because only the debrief and replays show them.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from warroom.engine import Event, describe_event, format_clock


def timeline_lines(events: Iterable[Event]) -> list[Text]:
    """Stamped lines; truth events are marked ``(truth)`` and dimmed so they read apart."""
    lines = []
    for event in events:
        line = Text(f"[{format_clock(event.tick)}] ", style="dim")
        if event.visible:
            line.append(describe_event(event))
        else:
            line.append(f"(truth) {describe_event(event)}", style="italic dim")
        lines.append(line)
    return lines
