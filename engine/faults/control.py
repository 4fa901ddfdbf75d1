"""AWS-side faults that take the tools away: monitoring that shares fate with a failing
dependency, and control planes that fail while data planes keep serving.

Both are AWS's to fix and both end when AWS recovers, in its own time. What the team can do
is see through them — logs and direct checks instead of dashboards, CloudTrail and failed
API calls instead of alarms — keep what runs running (static stability), communicate, and
not make it worse: restart nothing all at once, recycle nothing you cannot replace.

The state they break lives where the rest of the engine reads it: a ``metrics_gap`` in the
status of every node of the Region (CloudWatch withholds their datapoints, alarms see
missing data, target tracking goes blind), the ``control_plane`` pool of the world (API
calls fail with the error AWS returned; see :func:`engine.resources.common.api_refusal`),
and impairments on the failing resource itself.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..durations import format_duration, parse_duration
from ..resources.base import StrictModel
from ..resources.common import CONTROL_PLANE, api_error
from ..world import World
from .base import FAULTS, Fault, FaultType


# -- shared mechanics -----------------------------------------------------------------------
def region_nodes(world: World, region: str) -> list[str]:
    """Every node of a Region, in id order."""
    return [n for n in sorted(world.nodes) if world.nodes[n].region == region]


def impair_metrics(sim: Any, region: str, lag: int | None, backfill: bool) -> None:
    """CloudWatch stops delivering the Region's metrics now: late by ``lag``, or not until
    :func:`restore_metrics` (then published late if ``backfill``, never otherwise)."""
    world = sim.world
    gap = {"from": sim.tick, "until": None, "lag": lag, "backfill": backfill}
    for node_id in region_nodes(world, region):
        node = world.nodes[node_id]
        if node.type.metrics:
            world.set_status(node_id, metrics_gap=dict(gap))
        elif node.type.id == "cloudwatch_alarm":
            world.touch(node_id)  # evaluations remembered from before no longer hold


def restore_metrics(sim: Any, region: str) -> None:
    """CloudWatch ingestion in the Region works again."""
    world = sim.world
    for node_id in region_nodes(world, region):
        node = world.nodes[node_id]
        gap = node.status.get("metrics_gap")
        if gap and gap.get("until") is None:
            world.set_status(node_id, metrics_gap={**gap, "until": sim.tick})
        elif node.type.id == "cloudwatch_alarm":
            world.touch(node_id)


def refuse_apis(world: World, key: str, region: str, apis: list[str]) -> None:
    """Calls to these APIs in the Region fail from now on, with the error each returns."""
    pool = world.pools.setdefault(CONTROL_PLANE, {})
    pool[key] = {"region": region, "apis": {api: list(api_error(api)) for api in sorted(apis)}, "refused": []}


def allow_apis(world: World, key: str) -> list[str]:
    """Lift the refusals a fault put in place; returns the calls that were refused meanwhile."""
    pool = world.pools.get(CONTROL_PLANE, {})
    lifted = pool.pop(key, None)
    if not pool:
        world.pools.pop(CONTROL_PLANE, None)
    return list(lifted["refused"]) if lifted else []


def refused_calls(world: World, key: str) -> list[str]:
    """``resource:Event`` of the calls refused so far under a fault's impairment."""
    return list(world.pools.get(CONTROL_PLANE, {}).get(key, {}).get("refused", []))


def _alarms_in(world: World, region: str) -> list[str]:
    return [n for n in region_nodes(world, region) if world.nodes[n].type.id == "cloudwatch_alarm"]


# -- monitoring shares fate with a failing dependency (Kinesis, us-east-1, 2020-11-25) --------
class MonitoringParams(StrictModel):
    error_rate: float = Field(0.95, ge=0, le=1, description="share of the dependency's API calls that fail")
    latency_ms: float = Field(
        6000.0, ge=0, le=900000, description="how long a caller's SDK retries a failing call before it gives up"
    )
    lasts: str | int = Field("25m", description="how long until AWS recovers the dependency")
    metrics_lasts: str | int | None = Field(
        None, description="how long until CloudWatch delivers the Region's metrics again (default: as long)"
    )
    metrics_lag: str | int | None = Field(
        None, description="metrics arrive this much late instead of not at all (e.g. 10m)"
    )
    backfill: bool = Field(True, description="after recovery, the withheld datapoints are published late")
    event_delivery: float = Field(
        0.0, ge=0, le=1, description="share of EventBridge PutEvents calls in the Region that fail too"
    )
    health_delay: str | int = Field("10m", description="how long before AWS Health posts the event")


@FAULTS.register
class MonitoringImpaired(FaultType):
    """A shared dependency fails in the Region — Amazon Kinesis Data Streams in us-east-1 on
    2020-11-25 (aws.amazon.com/message/11201) — and CloudWatch, which ingests metrics
    through it, shares its fate: the Region's metrics arrive late or not at all, exactly
    when they are needed. AWS fixes it in its own time, and restarts its fleet slowly:
    restarting too fast would be a thundering herd.

    What the team sees: alarms drift to INSUFFICIENT_DATA (or hold their state, or read OK
    if missing data is "not breaching") and dashboards go blank; target tracking cannot
    scale; EventBridge, built on the same dependency, fails a share of PutEvents calls
    (``event_delivery``); calls to the stream fail (``InternalFailure``) after the callers' SDKs have
    retried for seconds — so Lambda producers hold their concurrency that long, and an
    uncapped one can starve every other function of the account; consumers fall behind
    and log failed GetRecords calls; the Kinesis APIs themselves (UpdateShardCount,
    DescribeStreamSummary) fail. Logs, CloudTrail and direct checks still work. AWS Health
    says so after a while. Restarting every consumer at once turns them into a thundering
    herd of their own. Active until AWS has recovered the stream and CloudWatch.
    """

    id = "monitoring_impaired"
    family = "monitoring outage"
    targets = ("kinesis_stream",)
    Params = MonitoringParams

    HEALTH = {
        "kinesis": ("KINESIS", "AWS_KINESIS_OPERATIONAL_ISSUE"),
        "metrics": ("CLOUDWATCH", "AWS_CLOUDWATCH_OPERATIONAL_ISSUE"),
    }

    def _callers(self, fault: Fault, world: World) -> list[str]:
        return sorted(world.callers[fault.target])

    def _consumers(self, fault: Fault, world: World) -> list[str]:
        return sorted(world.trigger_out[fault.target])

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        p = fault.params
        stream = world.nodes[fault.target]
        region = stream.region
        error = (
            f"InternalFailure: Internal service failure. (Service: AmazonKinesis; Status Code: 500) — "
            f"PutRecords to {fault.target} failed after retries"
        )
        impairments = dict(stream.status.get("impairments", {}))
        impairments[f"aws:{fault.key}"] = {"ok": 1.0 - p["error_rate"], "cause": error, "latency_ms": p["latency_ms"]}
        world.set_status(fault.target, impairments=impairments)
        blocked = p["latency_ms"] * p["error_rate"]
        held = [c for c in self._callers(fault, world) if world.nodes[c].type.id == "lambda_function"]
        for caller in held:
            world.set_status(caller, blocked_ms=float(world.nodes[caller].status.get("blocked_ms", 0.0)) + blocked)
        buses = [n for n in region_nodes(world, region) if world.nodes[n].type.id == "eventbridge_bus"]
        buses = buses if p["event_delivery"] > 0 else []
        for bus in buses:
            world.set_impairment(
                bus,
                f"aws:{fault.key}",
                1.0 - p["event_delivery"],
                "InternalException: An internal error occurred when calling the PutEvents operation (reached max "
                "retries: 4)",
            )
        fault.memory.update(
            region=region, blocked=blocked, held=held, buses=buses, recovered=False, metrics_recovered=False
        )
        refuse_apis(world, fault.key, region, ["kinesis"])
        lag = parse_duration(p["metrics_lag"]) if p["metrics_lag"] is not None else None
        impair_metrics(sim, region, lag, p["backfill"])
        lasts = parse_duration(p["lasts"])
        metrics_lasts = parse_duration(p["metrics_lasts"]) if p["metrics_lasts"] is not None else lasts
        sim.fault_timer(fault.key, parse_duration(p["health_delay"]), "health")
        sim.fault_timer(fault.key, lasts, "recover")
        sim.fault_timer(fault.key, max(metrics_lasts, 1), "metrics")

    def on_timer(self, fault: Fault, sim: Any, tag: str) -> None:
        world = sim.world
        region = fault.memory["region"]
        if tag == "health":
            if not fault.memory["recovered"]:
                service, code = self.HEALTH["kinesis"]
                sim.post_health_event(
                    service,
                    code,
                    f"We are investigating increased error rates for Kinesis Data Streams APIs in the "
                    f"{region.upper()} Region. Services that use Kinesis, including CloudWatch, Cognito and "
                    "EventBridge, are also affected.",
                )
            if not fault.memory["metrics_recovered"]:
                service, code = self.HEALTH["metrics"]
                sim.post_health_event(
                    service,
                    code,
                    f"CloudWatch metrics in the {region.upper()} Region are delayed: alarms may show "
                    "INSUFFICIENT_DATA, and Auto Scaling policies that rely on metrics may not act.",
                )
            return
        if tag == "recover":
            fault.memory["recovered"] = True
            stream = world.nodes[fault.target]
            impairments = {k: v for k, v in stream.status.get("impairments", {}).items() if k != f"aws:{fault.key}"}
            world.set_status(fault.target, impairments=impairments)
            for caller in fault.memory["held"]:
                left = float(world.nodes[caller].status.get("blocked_ms", 0.0)) - fault.memory["blocked"]
                world.set_status(caller, blocked_ms=max(left, 0.0))
            for bus in fault.memory["buses"]:
                world.set_impairment(bus, f"aws:{fault.key}", 1.0, "")
            allow_apis(world, fault.key)
            world.start_ticking(fault.target)
            service, code = self.HEALTH["kinesis"]
            sim.post_health_event(
                service, code, "Kinesis Data Streams API error rates have returned to normal.", closed=True
            )
            return
        fault.memory["metrics_recovered"] = True
        restore_metrics(sim, region)
        service, code = self.HEALTH["metrics"]
        late = " and delayed datapoints have been backfilled" if fault.params["backfill"] else ""
        sim.post_health_event(service, code, f"CloudWatch metrics are being delivered normally{late}.", closed=True)

    def active(self, fault: Fault, world: World) -> bool:
        return not (fault.memory.get("recovered") and fault.memory.get("metrics_recovered"))

    def evidence(self, fault: Fault, world: World) -> set[str]:
        region = fault.memory.get("region", world.nodes[fault.target].region)
        tokens = {f"health:{code}" for _, code in self.HEALTH.values()}
        tokens.add(f"stream:{fault.target}")
        tokens |= {f"logs:{n}" for n in self._callers(fault, world) + self._consumers(fault, world)}
        tokens |= {f"alarm:{a}" for a in _alarms_in(world, region)}
        tokens |= {f"trail:{call}" for call in refused_calls(world, fault.key)}
        return tokens

    def explain(self, fault: Fault) -> str:
        p = fault.params
        return (
            f"Amazon Kinesis in the Region failed ({p['error_rate']:.0%} of calls to {fault.target}), and CloudWatch, "
            f"which ingests metrics through Kinesis, stopped delivering the Region's metrics "
            f"for {format_duration(parse_duration(p['metrics_lasts'] or p['lasts']))}: alarms saw missing data."
        )


# -- control planes fail, data planes keep serving (us-east-1 network event, 2021-12-07) ------
DEFAULT_APIS = ["autoscaling", "cloudformation", "codedeploy", "ec2", "ecs", "elasticloadbalancing", "sts"]


class ControlPlaneParams(StrictModel):
    apis: list[str] = Field(
        default_factory=lambda: list(DEFAULT_APIS),
        min_length=1,
        description="the control-plane APIs that fail (endpoint prefixes: ec2, autoscaling, ecs, ...)",
    )
    lasts: str | int = Field("25m", description="how long until AWS recovers the control planes")
    health_delay: str | int = Field("8m", description="how long before AWS Health posts the event")
    metrics: Literal["ok", "late", "missing"] = Field(
        "late", description="whether CloudWatch (its monitoring shares the congested network) still delivers"
    )
    metrics_lag: str | int = Field("12m", description="how late metrics arrive when they are late")


@FAULTS.register
class ControlPlaneImpaired(FaultType):
    """The control planes of the Region fail while its data planes keep serving — the
    us-east-1 network event of 2021-12-07 (aws.amazon.com/message/12721): congestion between
    AWS's internal network and the main one took down internal DNS, monitoring and the
    control planes behind EC2 RunInstances, Auto Scaling, ECS and Fargate task launches,
    load balancer registration, deployments and STS.

    What the team sees: running instances, tasks and functions keep serving, but every call
    that changes something fails with the error AWS returned (RequestLimitExceeded,
    Throttling, ServerException, timeouts) — as ActionFailed, and in CloudTrail with its
    errorCode — so scaling out, redeploying or updating a stack does not help; Auto Scaling
    cannot launch, and what it or anyone terminates is not replaced; CloudWatch metrics
    arrive late. The right play is static stability: keep the capacity you have, shed load,
    scale nothing in and recycle nothing, communicate, and wait for AWS. The target names
    the fleet at stake (and the Region). Active until AWS recovers the control planes.
    """

    id = "control_plane_impaired"
    family = "control plane"
    targets = ("autoscaling_group", "ecs_service", "ec2_instance")
    Params = ControlPlaneParams
    HEALTH = ("EC2", "AWS_EC2_API_ISSUE")

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        from ..resources.common import API_ERRORS

        unknown = [api for api in params["apis"] if api not in API_ERRORS]
        return f"no control-plane errors are modelled for {', '.join(unknown)}" if unknown else None

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        p = fault.params
        region = world.nodes[fault.target].region
        fault.memory.update(region=region, recovered=False, metrics=p["metrics"] != "ok")
        refuse_apis(world, fault.key, region, p["apis"])
        if p["metrics"] != "ok":
            lag = parse_duration(p["metrics_lag"]) if p["metrics"] == "late" else None
            impair_metrics(sim, region, lag, backfill=True)
        world.touch(fault.target)
        sim.fault_timer(fault.key, parse_duration(p["health_delay"]), "health")
        sim.fault_timer(fault.key, parse_duration(p["lasts"]), "recover")

    def on_timer(self, fault: Fault, sim: Any, tag: str) -> None:
        world = sim.world
        region = fault.memory["region"]
        service, code = self.HEALTH
        if tag == "health":
            if fault.memory["recovered"]:
                return
            apis = ", ".join(sorted(fault.params["apis"]))
            sim.post_health_event(
                service,
                code,
                f"We are experiencing increased API error rates and latencies in the {region.upper()} Region "
                f"({apis}). Existing instances and running tasks are not affected. Launches, scaling, "
                "deployments and changes may fail; CloudWatch metrics may be delayed.",
            )
            return
        fault.memory["recovered"] = True
        allow_apis(world, fault.key)
        if fault.memory["metrics"]:
            restore_metrics(sim, region)
        for node_id in region_nodes(world, region):  # Auto Scaling's pending launches go through now
            node = world.nodes[node_id]
            if node.type.id == "autoscaling_group":
                node.status["launch_retry"] = False
                node.type.reconcile(node, sim)  # type: ignore[attr-defined]
        world.touch(fault.target)
        sim.post_health_event(
            service, code, "API error rates and latencies have recovered; launches and changes succeed.", closed=True
        )

    def active(self, fault: Fault, world: World) -> bool:
        return not fault.memory.get("recovered", False)

    def evidence(self, fault: Fault, world: World) -> set[str]:
        region = fault.memory.get("region", world.nodes[fault.target].region)
        tokens = {f"health:{self.HEALTH[1]}"}
        tokens |= {f"scaling:{n}" for n in region_nodes(world, region) if world.nodes[n].type.id == "autoscaling_group"}
        tokens |= {f"trail:{call}" for call in refused_calls(world, fault.key)}
        if fault.params["metrics"] != "ok":
            tokens |= {f"alarm:{a}" for a in _alarms_in(world, region)}
        return tokens

    def explain(self, fault: Fault) -> str:
        return (
            f"The control planes of {fault.memory.get('region', 'the Region')} failed "
            f"({', '.join(sorted(fault.params['apis']))}) for "
            f"{format_duration(parse_duration(fault.params['lasts']))} while running resources kept serving: "
            "nothing could be launched, scaled, deployed or changed until AWS recovered."
        )
