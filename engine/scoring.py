"""Scoring: a pure function of the scenario and the game's event log (DESIGN §7).

Three dimensions, each 0–100: **recovery** (detection, mitigation, resolution, error
budget, business KPI, hints), **cost** (revenue lost, extra infrastructure, action costs)
and **compliance** (state violations the player introduced or left open, and conduct).
Every point is a :class:`LedgerLine` with a tick and a reason.

Declaring the incident over does not stop the world: the simulation plays on to the time
limit with nobody acting (see ``Simulation.play_on``), and the score covers all of it. A
game interrupted before its end is judged as if the state it stopped in lasted until the
time limit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from . import events as ev
from .actions import ACTIONS
from .actions.base import is_player
from .compliance import CONDUCT_RULES, STATE_RULES
from .durations import format_clock
from .scenario.models import Scenario

DIMENSIONS = ("recovery", "cost", "compliance")
KPI_HEALTHY = 0.95
PRE_EXISTING = "present at the start"
GRADES = ((90, "A"), (80, "B"), (70, "C"), (60, "D"), (0, "F"))


@dataclass(frozen=True)
class LedgerLine:
    """One reason points were lost (negative) or won back (positive)."""

    tick: int
    dimension: str
    points: float
    reason: str

    def __str__(self) -> str:
        return f"{self.points:+.1f} {self.dimension} at {format_clock(self.tick)}: {self.reason}"


@dataclass
class FaultOutcome:
    """What happened to one fault, for the debrief."""

    key: str
    fault_type: str
    target: str
    explanation: str
    injected: int
    first_signal: int | None = None
    signal: str = ""
    discovered: int | None = None
    resolved: int | None = None
    active_at_end: bool = True


@dataclass
class ScoreCard:
    """The three scores, the total, the grade, the ledger and the facts behind them."""

    recovery: float
    cost: float
    compliance: float
    total: float
    grade: str
    ledger: list[LedgerLine]
    faults: list[FaultOutcome]
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def resolved(self) -> bool:
        """Whether every fault was resolved by the end."""
        return all(not f.active_at_end for f in self.faults)

    def to_json(self) -> dict[str, Any]:
        """The score card as JSON-able data (rounded, so replays compare exactly)."""
        return {
            "recovery": self.recovery,
            "cost": self.cost,
            "compliance": self.compliance,
            "total": self.total,
            "grade": self.grade,
            "resolved": self.resolved,
            "ledger": [asdict(line) for line in self.ledger],
            "faults": [asdict(f) for f in self.faults],
            "facts": self.facts,
        }


def _steps(
    events: Iterable[ev.Event], kind: type, value: str, key: str | None = None, key_value: str | None = None
) -> list[tuple[int, float]]:
    """The piecewise-constant series of one event field: ``[(tick, value), ...]``."""
    out: list[tuple[int, float]] = []
    for event in events:
        if isinstance(event, kind) and (key is None or getattr(event, key) == key_value):
            if out and out[-1][0] == event.tick:
                out[-1] = (event.tick, getattr(event, value))
            else:
                out.append((event.tick, getattr(event, value)))
    return out


def _integral(series: Sequence[tuple[int, float]], until: int, transform: Any = None) -> float:
    """∫ f(value) dt over ``[first tick, until)`` for a step series (value-seconds)."""
    total = 0.0
    for i, (tick, value) in enumerate(series):
        end = series[i + 1][0] if i + 1 < len(series) else until
        end = min(end, until)
        if end > tick:
            total += (transform(value) if transform else value) * (end - tick)
    return total


def kpi_shortfall(events: Sequence[ev.Event], kpi: str, baseline: float, until: int) -> float:
    """Units of a KPI not produced by ``until`` compared with its baseline rate (per minute)."""
    series = _steps(events, ev.KpiChanged, "per_minute", "kpi", kpi)
    return _integral(series, until, lambda rate: max(baseline - rate, 0.0)) / 60.0


def _grade(total: float) -> str:
    return next(letter for floor, letter in GRADES if total >= floor)


class _Ledger:
    def __init__(self) -> None:
        self.lines: list[LedgerLine] = []

    def add(self, tick: int, dimension: str, points: float, reason: str) -> None:
        if abs(points) >= 0.05:
            self.lines.append(LedgerLine(tick, dimension, round(points, 1), reason))

    def score(self, dimension: str) -> float:
        return round(min(100.0, max(0.0, 100.0 + sum(x.points for x in self.lines if x.dimension == dimension))), 1)


def score(scenario: Scenario, events: Sequence[ev.Event]) -> ScoreCard:
    """Score a finished (or interrupted) game from its event log."""
    end_event = next((e for e in events if isinstance(e, ev.GameEnded)), None)
    end = end_event.tick if end_event else max((e.tick for e in events), default=0)
    horizon = max(scenario.clock.duration, end)
    ledger = _Ledger()
    faults = _fault_outcomes(events)
    facts: dict[str, Any] = {
        "ended_at": end,
        "horizon": horizon,
        "end_reason": end_event.reason if end_event else "interrupted",
    }
    service = _steps(events, ev.ServiceLevelChanged, "availability")
    target = scenario.slo.target / 100.0
    _recovery(scenario, events, faults, service, target, end, horizon, ledger, facts, end_event)
    _cost(scenario, events, service, horizon, ledger, facts)
    _compliance(events, end, ledger, facts)
    herrings = red_herrings(events)
    if herrings:
        facts["red_herrings"] = herrings
    weights = scenario.scoring.weights
    parts = {d: ledger.score(d) for d in DIMENSIONS}
    weight_sum = weights.recovery + weights.cost + weights.compliance
    total = round(
        (parts["recovery"] * weights.recovery + parts["cost"] * weights.cost + parts["compliance"] * weights.compliance)
        / weight_sum,
        1,
    )
    ordered = sorted(ledger.lines, key=lambda line: (line.tick, DIMENSIONS.index(line.dimension), line.reason))
    return ScoreCard(
        parts["recovery"], parts["cost"], parts["compliance"], total, _grade(total), ordered, faults, facts
    )


def _fault_outcomes(events: Sequence[ev.Event]) -> list[FaultOutcome]:
    outcomes: dict[str, FaultOutcome] = {}
    for event in events:
        if isinstance(event, ev.FaultInjected):
            outcomes[event.fault] = FaultOutcome(
                event.fault, event.fault_type, event.target, event.explanation, event.tick
            )
        elif isinstance(event, ev.FirstSignal) and event.fault in outcomes:
            outcomes[event.fault].first_signal = event.tick
            outcomes[event.fault].signal = event.signal
        elif isinstance(event, ev.FaultDiscovered) and event.fault in outcomes:
            outcomes[event.fault].discovered = event.tick
        elif isinstance(event, ev.FaultResolved) and event.fault in outcomes:
            outcomes[event.fault].resolved = event.tick
            outcomes[event.fault].active_at_end = False
        elif isinstance(event, ev.FaultReactivated) and event.fault in outcomes:
            outcomes[event.fault].resolved = None
            outcomes[event.fault].active_at_end = True
    injected = {e.fault for e in events if isinstance(e, ev.FaultInjected)}  # the world plays on after a declaration
    return [outcomes[k] for k in sorted(outcomes) if k in injected]


def red_herrings(events: Sequence[ev.Event]) -> list[dict[str, Any]]:
    """Each red herring: what it was, and the changes the team made to its target from the
    moment it showed. Investigating it is how a team rules it out, and a change that resolved
    a real fault was no chase, so neither counts."""
    fixing = {e.action for e in events if isinstance(e, ev.FaultResolved) and e.action is not None}
    out = []
    for planted in (e for e in events if isinstance(e, ev.RedHerringPlanted)):
        changes = [
            f"{format_clock(e.tick)} {e.action}"
            for e in events
            if isinstance(e, ev.ActionStarted)
            and e.tick >= planted.tick
            and e.target == planted.target
            and is_player(e.by)
            and ACTIONS.get(e.action).family == "remediate"
            and e.number not in fixing
        ]
        out.append(
            {
                "key": planted.fault,
                "target": planted.target,
                "explanation": planted.explanation,
                "planted": planted.tick,
                "changes": changes,
            }
        )
    return out


def herring_story(herring: dict[str, Any]) -> tuple[str, str, str]:
    """A red herring for a debrief: its headline, what it really was, and what the team did to it."""
    headline = f"{herring['key']}: {herring['target']}, from {format_clock(herring['planted'])}"
    changes = herring["changes"]
    done = (
        f"changed anyway: {', '.join(changes)} (time and money spent on a signal that pointed the wrong way)"
        if changes
        else "left alone: nothing was changed on it"
    )
    return headline, herring["explanation"], done


def _impacted(
    service: list[tuple[int, float]],
    kpis: dict[str, list[tuple[int, float]]],
    baselines: dict[str, float],
    target: float,
) -> list[tuple[int, bool]]:
    """Step series of "users or the business are hurt right now"."""
    ticks = sorted({t for t, _ in service} | {t for s in kpis.values() for t, _ in s})
    availability = _sampled(service, ticks, 1.0)
    rates = {kpi: _sampled(series, ticks, baselines[kpi]) for kpi, series in kpis.items()}
    out: list[tuple[int, bool]] = []
    for index, tick in enumerate(ticks):
        hurt = availability[index] < target
        for kpi in kpis:
            hurt |= baselines[kpi] > 0 and rates[kpi][index] < baselines[kpi] * KPI_HEALTHY
        if not out or out[-1][1] != hurt:
            out.append((tick, hurt))
    return out


def _sampled(series: list[tuple[int, float]], ticks: list[int], default: float) -> list[float]:
    """The value of a step series (in tick order, as :func:`_steps` makes it) in force at each
    of ``ticks`` (ascending); ``default`` before its first step. One walk over both, not a
    search per tick: a game whose KPIs move every second has thousands of steps."""
    values: list[float] = []
    index, current = 0, default
    for tick in ticks:
        while index < len(series) and series[index][0] <= tick:
            current = series[index][1]
            index += 1
        values.append(current)
    return values


def _recovery(
    scenario: Scenario,
    events: Sequence[ev.Event],
    faults: list[FaultOutcome],
    service: list[tuple[int, float]],
    target: float,
    end: int,
    horizon: int,
    ledger: _Ledger,
    facts: dict[str, Any],
    end_event: ev.GameEnded | None,
) -> None:
    targets = scenario.scoring.targets
    for fault in faults:
        if fault.discovered is None:
            ledger.add(end, "recovery", -10, f"never found the cause: {fault.explanation}")
        else:
            late = fault.discovered - fault.injected - targets.detect
            if late > 0:
                ledger.add(
                    fault.discovered,
                    "recovery",
                    -min(10.0, late / 60.0),
                    f"found {fault.key} after {format_clock(fault.discovered - fault.injected)} "
                    f"(target {format_clock(targets.detect)})",
                )
        if not fault.active_at_end and fault.resolved is not None:
            late = fault.resolved - fault.injected - targets.resolve
            if late > 0:
                ledger.add(
                    fault.resolved,
                    "recovery",
                    -min(15.0, late / 120.0),
                    f"resolved {fault.key} after {format_clock(fault.resolved - fault.injected)} "
                    f"(target {format_clock(targets.resolve)})",
                )
    kpis = {k.id: _steps(events, ev.KpiChanged, "per_minute", "kpi", k.id) for k in scenario.business.kpis}
    baselines = {k: (s[0][1] if s else 0.0) for k, s in kpis.items()}
    impact = _impacted(service, kpis, baselines, target)
    hurt_at_end = bool(impact) and impact[-1][1]
    first_hurt = next((t for t, hurt in impact if hurt), None)
    if first_hurt is not None and not hurt_at_end:
        recovered = impact[-1][0]
        facts["mitigated_at"] = recovered
        late = recovered - first_hurt - targets.mitigate
        if late > 0:
            ledger.add(
                recovered,
                "recovery",
                -min(15.0, late / 60.0),
                f"users hurt for {format_clock(recovered - first_hurt)} before mitigation "
                f"(target {format_clock(targets.mitigate)})",
            )
    facts["impact_started"] = first_hurt
    if hurt_at_end:
        ledger.add(end, "recovery", -15, "users or the business were still hurt at the end")
    for fault in faults:
        if fault.active_at_end:
            ledger.add(end, "recovery", -15, f"{fault.key} not resolved: its root cause was still there")
    active_when_ended = _active_at(events, end)
    if end_event is not None and end_event.reason.startswith("declared") and active_when_ended:
        ledger.add(end, "recovery", -15, f"declared the incident over while {', '.join(active_when_ended)} was active")
    bad_minutes = _integral(service, horizon, lambda a: 1.0 - a) / 60.0
    budget = (1.0 - target) * scenario.slo.window / 60.0
    burn = 100.0 * bad_minutes / budget if budget > 0 else 0.0
    facts.update(bad_minutes=round(bad_minutes, 2), error_budget_burned_pct=round(burn, 2))
    if burn > 0:
        ledger.add(
            end,
            "recovery",
            -min(20.0, burn / 2.0),
            f"{bad_minutes:.1f} minutes of failed requests burned {burn:.1f}% of the "
            f"{scenario.slo.target:g}% error budget",
        )
    expected = sum(baselines.values()) * horizon / 60.0
    lost = _kpi_units_lost(events, kpis, baselines, horizon)
    facts.update(kpi_expected=round(expected, 1), kpi_lost=round(lost, 1), kpi_baselines=baselines)
    if expected > 0 and lost > 0:
        share = 100.0 * lost / expected
        ledger.add(
            end,
            "recovery",
            -min(20.0, share / 4.0),
            f"{lost:.0f} of {expected:.0f} expected {_kpi_names(scenario)} lost ({share:.1f}%)",
        )
    for hint in (e for e in events if isinstance(e, ev.HintShown)):
        ledger.add(hint.tick, "recovery", -hint.cost, "took a hint")


def _active_at(events: Sequence[ev.Event], tick: int) -> list[str]:
    """The faults active at ``tick``, by key."""
    active: dict[str, bool] = {}
    for event in events:
        if event.tick > tick:
            break
        if isinstance(event, ev.FaultInjected | ev.FaultReactivated):
            active[event.fault] = True
        elif isinstance(event, ev.FaultResolved):
            active[event.fault] = False
    return sorted(k for k, on in active.items() if on)


def _kpi_names(scenario: Scenario) -> str:
    return " / ".join(k.name.lower() for k in scenario.business.kpis)


def _kpi_units_lost(
    events: Sequence[ev.Event], kpis: dict[str, list[tuple[int, float]]], baselines: dict[str, float], horizon: int
) -> float:
    shortfall = sum(kpi_shortfall(events, k, baselines[k], horizon) for k in kpis)
    destroyed = sum(e.units for e in events if isinstance(e, ev.WorkLost))
    redone = sum(e.units for e in events if isinstance(e, ev.WorkRecovered))
    return max(shortfall + destroyed - redone, 0.0) if kpis else 0.0


def _cost(
    scenario: Scenario,
    events: Sequence[ev.Event],
    service: list[tuple[int, float]],
    horizon: int,
    ledger: _Ledger,
    facts: dict[str, Any],
) -> None:
    business = scenario.business
    minutes = scenario.clock.duration / 60.0
    dollars_per_point = scenario.scoring.dollars_per_point or max(business.revenue_per_minute * minutes / 100.0, 5.0)
    end = next((e.tick for e in events if isinstance(e, ev.GameEnded)), horizon)
    bad_minutes = _integral(service, horizon, lambda a: 1.0 - a) / 60.0
    revenue_lost = business.revenue_per_minute * bad_minutes
    kpis = {k.id: _steps(events, ev.KpiChanged, "per_minute", "kpi", k.id) for k in business.kpis}
    baselines = {k: (s[0][1] if s else 0.0) for k, s in kpis.items()}
    kpi_value = (
        sum(
            _kpi_units_lost(events, {k.id: kpis[k.id]}, {k.id: baselines[k.id]}, horizon) * k.value_cents
            for k in business.kpis
        )
        / 100.0
    )
    spend = _steps(events, ev.SpendRateChanged, "cents_per_hour")
    base_rate = spend[0][1] if spend else 0.0
    extra_infra = _integral(spend, horizon, lambda rate: max(rate - base_rate, 0.0)) / 3600.0 / 100.0
    infra_total = _integral(spend, horizon) / 3600.0 / 100.0
    charges = sum(e.cents for e in events if isinstance(e, ev.Charged)) / 100.0
    facts.update(
        revenue_lost=round(revenue_lost, 2),
        kpi_value_lost=round(kpi_value, 2),
        extra_infrastructure=round(extra_infra, 2),
        infrastructure=round(infra_total, 2),
        action_costs=round(charges, 2),
        dollars_per_point=round(dollars_per_point, 2),
    )
    for amount, reason in (
        (revenue_lost, "revenue lost to failed requests"),
        (kpi_value, f"value of {_kpi_names(scenario) or 'work'} not delivered"),
        (extra_infra, "infrastructure above the normal run rate"),
        (charges, "paid for by actions (support, egress, paging)"),
    ):
        if amount >= 0.01:
            ledger.add(end, "cost", -amount / dollars_per_point, f"${amount:,.2f} {reason}")


def _compliance(events: Sequence[ev.Event], end: int, ledger: _Ledger, facts: dict[str, Any]) -> None:
    severity = {r.id: r.severity for r in STATE_RULES} | {r.id: r.severity for r in CONDUCT_RULES}
    open_now: dict[tuple[str, str], ev.ViolationOpened] = {}
    introduced: set[tuple[str, str]] = set()
    for event in events:
        if isinstance(event, ev.ViolationOpened):
            key = (event.rule, event.resource)
            open_now[key] = event
            if event.by_player:
                introduced.add(key)
                ledger.add(
                    event.tick, "compliance", -severity[event.rule], f"{event.rule}: {event.detail} ({event.cause})"
                )
        elif isinstance(event, ev.ViolationClosed):
            key = (event.rule, event.resource)
            opened = open_now.pop(key, None)
            if opened is not None and opened.by_player and event.tick <= end:
                ledger.add(
                    event.tick,
                    "compliance",
                    severity[event.rule] / 2.0,
                    f"{event.rule}: fixed what was introduced ({event.resource})",
                )
    for _, opened in sorted(open_now.items()):
        if opened.cause == PRE_EXISTING:
            facts.setdefault("follow_ups", []).append(f"{opened.rule}: {opened.detail}")
        elif not opened.by_player:
            ledger.add(end, "compliance", -severity[opened.rule] / 2.0, f"{opened.rule} left open: {opened.detail}")
    charged: dict[str, float] = {}
    for event in events:
        if isinstance(event, ev.ConductViolation) and event.by_player:  # a teammate's or automation's is theirs
            cap = 2.0 * severity[event.rule]
            points = min(float(severity[event.rule]), cap - charged.get(event.rule, 0.0))
            charged[event.rule] = charged.get(event.rule, 0.0) + points
            if points > 0:
                ledger.add(event.tick, "compliance", -points, f"{event.rule}: {event.detail}")
    facts["violations_open_at_end"] = len(open_now)
