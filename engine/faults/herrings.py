"""Red herrings: signals that point the wrong way, with nothing broken behind them.

Real incidents are noisy: while one thing is broken, a nightly job pegs a database's CPU,
a bot scans for ``/wp-admin`` and raises the 4XX count, a cold-start wave lifts Lambda
duration. Responders who chase the loudest graph lose the time the real fault needed.

A red herring is a fault type marked ``harmless``. The simulation logs it as
:class:`~engine.events.RedHerringPlanted` rather than ``FaultInjected``, and it is never
*active* (nothing is broken), so recovery neither asks for it to be found nor resolved, the
solver does not chase it, and declaring the incident over while it shows costs nothing.
What chasing it costs is what chasing costs in real life: time, and whatever the change
made on it costs. The debrief names it, its innocent cause, and the changes the team made to it.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from ..durations import parse_duration
from ..registry import did_you_mean
from ..resources.base import StrictModel
from ..world import World
from .base import FAULTS, Fault, FaultType

BUSINESS_SOURCES = ("ok", "requests")  # what KPIs and availability count: an anomaly there would hurt


class TrailSpec(StrictModel):
    event: str = Field(description="the CloudTrail event name, e.g. StartQueryExecution")
    source: str = Field(description="the event source, e.g. athena.amazonaws.com")
    user: str = Field(description="who made the call, e.g. arn:aws:iam::123456789012:role/reporting-job")
    detail: str = ""


class AnomalyParams(StrictModel):
    metric: str = Field(description="the CloudWatch metric of the target that moves, e.g. CPUUtilization")
    factor: float = Field(1.0, ge=0, le=1000, description="the metric is multiplied by this")
    add: float = Field(
        0.0, ge=-1e9, le=1e9, description="then this is added (in the metric's unit, per second for counts)"
    )
    lasts: str | int = Field("20m", description="how long it shows (0: until the end)")
    cause: str = Field(description="what really moves the metric (revealed in the debrief)")
    trail: TrailSpec | None = Field(
        None, description="a CloudTrail record left when it starts (how a team can rule it out)"
    )

    @model_validator(mode="after")
    def _moves(self) -> AnomalyParams:
        if self.factor == 1.0 and self.add == 0.0:
            raise ValueError("the anomaly changes nothing: give 'factor' other than 1 or a non-zero 'add'")
        parse_duration(self.lasts)
        return self


@FAULTS.register
class MetricAnomaly(FaultType):
    """A red herring: one CloudWatch metric of a resource moves (scaled by ``factor``, raised
    by ``add``) for a while, for an innocent reason — a scheduled job, a scanner, a test.
    Alarms on it may fire; nothing is broken and no request fails because of it. It counts
    for nothing in recovery; the debrief reveals the cause and any change made to it."""

    id = "metric_anomaly"
    family = "red herring"
    targets = ("*",)
    Params = AnomalyParams
    harmless = True

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        rtype = world.nodes[target].type
        spec = rtype.metric(params["metric"])
        if spec is None:
            names = [m.name for m in rtype.metrics]
            hint = did_you_mean(params["metric"], names) or f"it publishes: {', '.join(names) or 'no metrics'}"
            return f"{target} ({rtype.id}) publishes no metric {params['metric']!r}; {hint}"
        if spec.source in BUSINESS_SOURCES:
            return (
                f"{params['metric']} counts the requests {target} serves, which availability and KPIs count too: "
                "a red herring there would hurt; use a real fault or a traffic change"
            )
        return None

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        spec = world.nodes[fault.target].type.metric(fault.params["metric"])
        anomaly = {"source": spec.source, "factor": fault.params["factor"], "add": fault.params["add"]}
        self._set(world, fault, anomaly)
        lasts = parse_duration(fault.params["lasts"])
        if lasts:
            sim.fault_timer(fault.key, lasts, "over")
        trail = fault.params["trail"]
        if trail:
            sim.record_trail(trail["event"], trail["source"], trail["user"], fault.target, trail["detail"])

    def on_timer(self, fault: Fault, sim: Any, tag: str) -> None:
        self._set(sim.world, fault, None)

    @staticmethod
    def _set(world: World, fault: Fault, anomaly: dict[str, Any] | None) -> None:
        """Start (or, with ``None``, end) this fault's anomaly among the target's."""
        current = world.nodes[fault.target].status.get("anomalies", {})
        anomalies = {k: v for k, v in current.items() if k != fault.key}
        if anomaly is not None:
            anomalies[fault.key] = anomaly
        world.set_status(fault.target, anomalies=anomalies)

    def active(self, fault: Fault, world: World) -> bool:
        return False  # nothing is broken

    def watch(self, fault: Fault, world: World) -> set[str]:
        return set()

    def evidence(self, fault: Fault, world: World) -> set[str]:
        return set()

    def explain(self, fault: Fault) -> str:
        p = fault.params
        change = f"×{p['factor']:g}" if p["factor"] != 1.0 else ""
        change += f"{p['add']:+g}" if p["add"] else ""
        return f"{p['metric']} on {fault.target} moved ({change}) because of {p['cause']}: harmless."
