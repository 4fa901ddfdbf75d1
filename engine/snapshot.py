"""Snapshots: everything a player may know right now, and nothing they may not (DESIGN §4).

Dashboards (availability, error budget, KPIs) are computed the way a real dashboard is:
from what the resources report, aggregated over the last five minutes and a minute late.
Never from true health. The SLO dashboard is drawn from CloudWatch: while CloudWatch
withholds the entry points' metrics, it shows what it had before (or nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import events as ev
from .resources.common import metrics_blind
from .signals.metrics import integrate, published

if TYPE_CHECKING:
    from .simulation import Simulation

DASHBOARD_WINDOW = 300
DASHBOARD_DELAY = 60


@dataclass(frozen=True)
class AlarmView:
    id: str
    state: str
    since: int
    metric: str
    watches: str
    paging: bool


@dataclass(frozen=True)
class ActionView:
    number: int
    action: str
    target: str | None
    by: str
    started: int
    ends: int

    def progress(self, tick: int) -> float:
        """How far along the action is, 0–1."""
        span = max(self.ends - self.started, 1)
        return min(max((tick - self.started) / span, 0.0), 1.0)


@dataclass(frozen=True)
class KpiView:
    id: str
    name: str
    per_minute: float | None
    baseline: float


@dataclass(frozen=True)
class NodeView:
    id: str
    type: str
    label: str
    region: str
    az: str | None
    stack: str | None
    alarms: tuple[str, ...]
    position: tuple[float, float] | None


@dataclass(frozen=True)
class Snapshot:
    """The player's view of the game at one tick."""

    tick: int
    duration: int
    slo_target: float
    availability: float | None
    error_budget_left: float
    kpis: tuple[KpiView, ...]
    alarms: tuple[AlarmView, ...]
    in_flight: tuple[ActionView, ...]
    responders: int
    busy: int
    spent_cents: int
    compliance_findings: int
    declared: bool
    ended: bool
    hints_left: int
    nodes: tuple[NodeView, ...]
    edges: tuple[tuple[str, str, str], ...]
    feed: tuple[ev.Event, ...] = field(default=())

    @property
    def remaining(self) -> int:
        """Ticks left before the time limit."""
        return max(self.duration - self.tick, 0)


def _window(sim: Simulation) -> tuple[int, int]:
    end = sim.tick - DASHBOARD_DELAY
    return end - DASHBOARD_WINDOW, end


def _seen_until(node: Any, end: int, now: int) -> int:
    """How far the dashboard's CloudWatch data for ``node`` reaches (its metrics may be withheld)."""
    if not metrics_blind(node, now):
        return end
    gap = node.status["metrics_gap"]
    lag = gap.get("lag")
    return min(end, gap["from"] if lag is None else max(gap["from"], now - lag))


def observed_availability(sim: Simulation) -> float | None:
    """Availability as the SLO dashboard shows it (None while it has no data)."""
    start, end = _window(sim)
    requests = errors = 0.0
    for entry in sim.entry_nodes():
        node = sim.world.nodes[entry]
        seen = _seen_until(node, end, sim.tick)
        if seen > start:
            requests += integrate(node, "requests", start, seen)
            errors += integrate(node, "errors", start, seen)
    return None if requests <= 0 else 1.0 - errors / requests


def error_budget_left(sim: Simulation) -> float:
    """Percent of the SLO window's error budget left, from what the dashboard has seen."""
    target = sim.model.slo.target / 100.0
    budget = (1.0 - target) * sim.model.slo.window
    start = -3600
    end = sim.tick - DASHBOARD_DELAY
    bad = 0.0
    for entry in sim.entry_nodes():
        node = sim.world.nodes[entry]
        seen = _seen_until(node, end, sim.tick)
        requests = integrate(node, "requests", max(start, 0), seen) if seen > 0 else 0.0
        errors = integrate(node, "errors", max(start, 0), seen) if seen > 0 else 0.0
        if requests > 0:
            bad += errors / requests * max(seen, 0)
    return max(0.0, 100.0 * (1.0 - bad / budget)) if budget > 0 else 100.0


def _kpis(sim: Simulation) -> tuple[KpiView, ...]:
    start, end = _window(sim)
    views = []
    for kpi in sim.model.business.kpis:
        node = sim.world.nodes[kpi.node]
        total = integrate(node, kpi.measure, start, end) if end > start else 0.0
        views.append(KpiView(kpi.id, kpi.name, total / (DASHBOARD_WINDOW / 60.0), sim.kpi_baseline.get(kpi.id, 0.0)))
    return tuple(views)


def snapshot(sim: Simulation, feed_limit: int = 200) -> Snapshot:
    """What the player can see at the simulation's current tick."""
    world = sim.world
    alarms = []
    alarm_of: dict[str, list[str]] = {}
    for node in world.of_type("cloudwatch_alarm"):
        watched = world.related(node.id, "monitors")
        alarms.append(
            AlarmView(
                node.id,
                node.status.get("state", "INSUFFICIENT_DATA"),
                node.status.get("since", 0),
                node.config["metric"],
                watched[0] if watched else "",
                bool(node.config["actions_enabled"] and node.config["alarm_actions"]),
            )
        )
        for target in watched:
            alarm_of.setdefault(target, []).append(node.id)
    findings = sum(
        1
        for rule in world.of_type("config_rule")
        for r in rule.status["results"].values()
        if r["compliance"] == "NON_COMPLIANT"
    )
    charges = sum(e.cents for e in sim.log if isinstance(e, ev.Charged))
    nodes = tuple(
        NodeView(n.id, n.type.id, n.label, n.region, n.az, n.stack, tuple(alarm_of.get(n.id, [])), n.position)
        for n in (world.nodes[i] for i in sorted(world.nodes))
    )
    edges = tuple(sorted((a, b, k) for a, b, k in world.graph.edges(data="kind")))
    visible = [e for e in sim.log if e.visible]
    return Snapshot(
        tick=sim.tick,
        duration=sim.duration,
        slo_target=sim.model.slo.target,
        availability=observed_availability(sim),
        error_budget_left=error_budget_left(sim),
        kpis=_kpis(sim),
        alarms=tuple(alarms),
        in_flight=tuple(
            ActionView(a.number, a.action, a.target, a.by, a.started, a.ends)
            for a in sorted(sim.inflight.values(), key=lambda a: a.number)
        ),
        responders=sim.responders,
        busy=sim.busy(),
        spent_cents=int(sim.spent_cents()) + charges,
        compliance_findings=findings,
        declared=sim.declared,
        ended=sim.ended,
        hints_left=max(len(sim.model.hints) - sim.hints_taken, 0),
        nodes=nodes,
        edges=edges,
        feed=tuple(visible[-feed_limit:]),
    )


@dataclass(frozen=True)
class MetricSeries:
    """One CloudWatch metric of a resource as a dashboard shows it (``None``: no datapoint)."""

    name: str
    namespace: str
    statistic: str
    unit: str
    period: int
    points: tuple[float | None, ...]


def node_metrics(sim: Simulation, node_id: str, periods: int = 15) -> tuple[MetricSeries, ...]:
    """The published datapoints of every metric a resource emits (the last ``periods``).

    Only what CloudWatch would show by now: metric delay, publication rules and noise
    included — the same numbers an alarm or ``view_metrics`` reads.
    """
    node = sim.world.nodes[node_id]
    series = []
    for spec in node.type.metrics:
        points = published(node, spec, None, sim.tick, periods, sim.streams)
        series.append(
            MetricSeries(
                spec.name, spec.namespace, spec.statistic, spec.unit, spec.period, tuple(p.value for p in points)
            )
        )
    return tuple(series)


def describe_event(event: ev.Event) -> str:
    """One sentence for an event: a feed line for a visible one, the truth for the others
    (which only debriefs and replays show)."""
    text = _DESCRIBE.get(type(event).__name__)
    return text(event) if text else type(event).__name__


_DESCRIBE: dict[str, Any] = {
    "AlarmStateChanged": lambda e: (
        f"ALARM {e.alarm}: {e.old} → {e.new}" + (" (paged)" if e.paged else "") + f" — {e.reason}"
    ),
    "MessageReceived": lambda e: f"[{e.channel}] {e.sender}: {e.text}",
    "CardPlayed": lambda e: f"{e.by} played the card {e.card!r}: {e.title}",
    "TicketOpened": lambda e: f"ticket {e.ticket} from {e.customer}: {e.text}",
    "ActionStarted": lambda e: f"#{e.number} {e.by} started {e.action}" + (f" {e.target}" if e.target else ""),
    "ActionCompleted": lambda e: f"#{e.number} {e.action} done: {e.summary}",
    "ActionFailed": lambda e: f"#{e.number} {e.action} FAILED: {e.reason}",
    "ActionCancelled": lambda e: f"#{e.number} {e.action} cancelled",
    "ActionRejected": lambda e: f"{e.action} rejected: {e.reason}",
    "DeploymentStatusChanged": lambda e: f"deployment {e.deployment} ({e.group}) {e.status}: {e.detail}",
    "ConfigComplianceChanged": lambda e: (
        f"AWS Config {e.config_rule}: {e.resource} {e.compliance}" + (f" — {e.annotation}" if e.annotation else "")
    ),
    "HintShown": lambda e: f"hint (−{e.cost}): {e.text}",
    "IncidentDeclared": lambda e: f"incident declared ({e.severity})",
    "GameEnded": lambda e: f"game over: {e.reason}",
    # truth: only debriefs and replays show these
    "FaultInjected": lambda e: f"fault {e.fault} injected ({e.fault_type} on {e.target}): {e.explanation}",
    "RedHerringPlanted": lambda e: f"red herring {e.fault} planted ({e.fault_type} on {e.target}): {e.explanation}",
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
