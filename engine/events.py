"""Events: what happened, in the past tense (DESIGN §12), as small frozen dataclasses.

``visible`` events are what a player could know (alarms, messages, tickets, action results);
the others are the truth the engine keeps for scoring and the debrief (faults injected and
resolved, the real availability, violations). The front ends only ever receive visible
events; scoring reads the whole log.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, ClassVar

EVENT_TYPES: dict[str, type[Event]] = {}


@dataclass(frozen=True)
class Event:
    """Base class: every event happens at a tick."""

    tick: int
    visible: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        EVENT_TYPES[cls.__name__] = cls

    def to_json(self) -> dict[str, Any]:
        """The event as a JSON-able dict tagged with its type name."""
        return {"event": type(self).__name__, **asdict(self)}

    @staticmethod
    def from_json(data: dict[str, Any]) -> Event:
        """Rebuild an event written by :meth:`to_json`."""
        cls = EVENT_TYPES[data["event"]]
        values = {f.name: data[f.name] for f in fields(cls) if f.name in data}
        for f in fields(cls):
            if f.name == "findings":
                values[f.name] = tuple(Finding(**x) for x in values.get(f.name, ()))
            elif isinstance(values.get(f.name), list):
                values[f.name] = tuple(values[f.name])
        return cls(**values)


@dataclass(frozen=True)
class Finding:
    """What an investigation showed: a title, the lines a console or CLI would print, and
    the evidence tokens it carries (matched against faults to decide discovery)."""

    title: str
    lines: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


# -- visible ------------------------------------------------------------------------------
@dataclass(frozen=True)
class AlarmStateChanged(Event):
    alarm: str
    old: str
    new: str
    reason: str
    paged: bool


@dataclass(frozen=True)
class MessageReceived(Event):
    sender: str
    channel: str
    text: str


@dataclass(frozen=True)
class TicketOpened(Event):
    ticket: str
    customer: str
    text: str


@dataclass(frozen=True)
class ActionStarted(Event):
    number: int
    action: str
    target: str | None
    params: dict[str, Any]
    ends_at: int
    by: str = "player"


@dataclass(frozen=True)
class ActionCompleted(Event):
    number: int
    action: str
    target: str | None
    summary: str
    findings: tuple[Finding, ...] = ()
    by: str = "player"


@dataclass(frozen=True)
class ActionFailed(Event):
    number: int
    action: str
    target: str | None
    reason: str
    by: str = "player"


@dataclass(frozen=True)
class ActionCancelled(Event):
    number: int
    action: str
    target: str | None


@dataclass(frozen=True)
class ActionRejected(Event):
    action: str
    target: str | None
    reason: str


@dataclass(frozen=True)
class DeploymentStatusChanged(Event):
    group: str
    deployment: str
    status: str
    detail: str


@dataclass(frozen=True)
class ConfigComplianceChanged(Event):
    config_rule: str
    resource: str
    compliance: str
    annotation: str


@dataclass(frozen=True)
class HintShown(Event):
    text: str
    cost: int


@dataclass(frozen=True)
class IncidentDeclared(Event):
    severity: str


@dataclass(frozen=True)
class GameEnded(Event):
    reason: str


# -- truth (not shown to the player until the debrief) ------------------------------------
@dataclass(frozen=True)
class CardPlayed(Event):
    """A facilitator played a card of the deck (its effects reach the team; the card does not)."""

    card: str
    title: str
    by: str
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class FaultInjected(Event):
    fault: str
    fault_type: str
    target: str
    explanation: str
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class RedHerringPlanted(Event):
    """A harmless fault began: signals that point the wrong way, with nothing broken behind them."""

    fault: str
    fault_type: str
    target: str
    explanation: str
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class FaultDiscovered(Event):
    fault: str
    how: str
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class FaultResolved(Event):
    """A fault stopped being active; ``action`` is the number of the action that did it, if one did."""

    fault: str
    by: str
    action: int | None = None
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class FaultReactivated(Event):
    fault: str
    by: str
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class ServiceLevelChanged(Event):
    availability: float
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class KpiChanged(Event):
    kpi: str
    per_minute: float
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class SpendRateChanged(Event):
    cents_per_hour: float
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class Charged(Event):
    cents: int
    reason: str
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class ViolationOpened(Event):
    rule: str
    resource: str
    detail: str
    by_player: bool
    cause: str = ""
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class ViolationClosed(Event):
    rule: str
    resource: str
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class ConductViolation(Event):
    """A policy broken by what someone did (not by the state it left)."""

    rule: str
    detail: str
    action: str
    by_player: bool
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class WorkLost(Event):
    """Units of business work destroyed outright (a purged queue, a restored snapshot)."""

    node: str
    units: float
    reason: str
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class WorkRecovered(Event):
    """Units of lost or stalled work redone (a redrive, an archive replay)."""

    node: str
    units: float
    reason: str
    visible: ClassVar[bool] = False


@dataclass(frozen=True)
class FirstSignal(Event):
    """The first moment a signal that could reveal a fault reached the team."""

    fault: str
    signal: str
    visible: ClassVar[bool] = False
