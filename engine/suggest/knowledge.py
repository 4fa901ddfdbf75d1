"""What the detectors know about each resource type, in tables keyed by type id.

* :data:`ZONAL` — why a resource lives in one Availability Zone (a single-AZ database, a
  one-node cache, an Auto Scaling group in one zone), or nothing when AWS spreads it.
* :data:`BREAKS` — catalog faults that break a resource of that type, most telling first,
  with the parameters that fit it.
* :data:`ALARM_METRICS` — the CloudWatch metric an on-call team would alarm on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..faults.drift import DRIFT_KINDS
from .model import Proposal, Resource, Topology

Zone = tuple[str | None, str]
"""``(zone, why)``: the Availability Zone a resource is confined to (``None`` when the file
does not say which), and what confines it."""


def _rds_zone(r: Resource) -> Zone | None:
    if r.config.get("multi_az", True):
        return None
    return r.az, "a single-AZ DB instance (Multi-AZ off): no standby to fail over to"


def _cache_zone(r: Resource) -> Zone | None:
    if r.config.get("num_nodes", 2) > 1 and r.config.get("automatic_failover", True):
        return None
    why = "one cache node, no replica" if r.config.get("num_nodes", 2) <= 1 else "no automatic failover to a replica"
    return r.az, why


def _asg_zone(r: Resource) -> Zone | None:
    zones = r.config.get("availability_zones") or []
    if len(zones) != 1:
        return None
    return zones[0], f"an Auto Scaling group that launches instances in {zones[0]} only"


def _instance_zone(r: Resource) -> Zone | None:
    return r.az, "a single EC2 instance, in one Availability Zone"


def _service_zone(r: Resource) -> Zone | None:
    if r.config.get("desired_count", 3) > 1:
        return None
    return r.az, "an ECS service running one task"


ZONAL: dict[str, Callable[[Resource], Zone | None]] = {
    "rds_instance": _rds_zone,
    "elasticache_cluster": _cache_zone,
    "autoscaling_group": _asg_zone,
    "ec2_instance": _instance_zone,
    "ecs_service": _service_zone,
}


def zone_of(resource: Resource) -> Zone | None:
    """The Availability Zone a resource is confined to and why, or ``None``."""
    rule = ZONAL.get(resource.type)
    return rule(resource) if rule else None


Breaks = Callable[[Resource, Topology], list[Proposal]]


def _fronting_albs(r: Resource, topo: Topology) -> list[str]:
    """Load balancers that route (through target groups) to ``r``."""
    groups = topo.sources(r.id, "routes", "calls")
    return topo.ordered({a for g in [r.id, *groups] for a in topo.sources(g, "routes") if topo.nodes[a].type == "alb"})


def _zone_outage(alb: str, zone: str) -> Proposal:
    """An AZ impairment behind ``alb`` that AWS recovers within a 30-minute game."""
    return Proposal("az_degradation", alb, {"az": zone, "lasts": "20m"})


def _asg_breaks(r: Resource, topo: Topology) -> list[Proposal]:
    zones = r.config.get("availability_zones") or [f"{r.region}a"]
    return [
        *(_zone_outage(alb, zones[0]) for alb in _fronting_albs(r, topo)),
        Proposal("control_plane_impaired", r.id),
    ]


def _alb_breaks(r: Resource, topo: Topology) -> list[Proposal]:
    groups = [g for g in topo.targets(r.id, "routes") if topo.nodes[g].type == "target_group"]
    fleets = [topo.nodes[f] for g in [r.id, *groups] for f in topo.targets(g, "routes", "calls")]
    zones = [z for f in fleets if f.type == "autoscaling_group" for z in f.config.get("availability_zones") or []]
    return [_zone_outage(r.id, zones[0])] if zones else []


def _next_revision(r: Resource, topo: Topology) -> str:
    served = [str(v) for v in (r.config.get("traffic") or {})]
    numbers = [int(v) for v in served if v.isdigit()]
    return str(max(numbers) + 1) if numbers else "2"


def _single(fault: str, **params: Any) -> Breaks:
    return lambda r, topo: [Proposal(fault, r.id, dict(params))]


BREAKS: dict[str, Breaks] = {
    "lambda_function": _single("lambda_concurrency_exhaustion"),
    "dynamodb_table": lambda r, topo: [
        Proposal("dynamodb_hot_partition", r.id),
        Proposal("dynamodb_endpoint_dns", r.id),
    ],
    "rds_instance": _single("rds_failover_stale_connections"),
    "s3_bucket": _single("s3_regional_outage"),
    "sqs_queue": _single("sqs_poison_message"),
    "eventbridge_rule": lambda r, topo: [
        Proposal("eventbridge_rule_silent", r.id, {"mode": "permission"}),
        Proposal("eventbridge_rule_silent", r.id, {"mode": "disabled"}),
    ],
    "autoscaling_group": _asg_breaks,
    "ecs_service": lambda r, topo: [
        Proposal("ecs_deployment_failing", r.id, {"revision": _next_revision(r, topo)}),
        Proposal("control_plane_impaired", r.id),
    ],
    "ec2_instance": _single("control_plane_impaired"),
    "kinesis_stream": _single("monitoring_impaired"),
    "alb": _alb_breaks,
    "acm_certificate": _single("certificate_expired"),
    "cloudwatch_alarm": _single("silent_alarm", mode="threshold"),
}


def drifts(resource: Resource) -> list[Proposal]:
    """Hand changes (``stack_drift``) that apply to the resource's type, in the fault's order:
    the fall-back when a type's own faults do not make a fair game (AWS or automation fixes
    them), since a change by hand lasts until someone puts the template back."""
    return [
        Proposal("stack_drift", resource.id, {"change": change})
        for change, kind in DRIFT_KINDS.items()
        if resource.type in kind.types
    ]


def breaks(resource: Resource, topo: Topology) -> list[Proposal]:
    """Catalog faults that break ``resource``, most telling first (empty when none targets its type)."""
    rule = BREAKS.get(resource.type)
    proposed = rule(resource, topo) if rule else []
    return proposed + [p for p in drifts(resource) if p not in proposed]


ALARM_METRICS: dict[str, str] = {
    "lambda_function": "Errors and Throttles",
    "dynamodb_table": "ThrottledRequests and SystemErrors",
    "rds_instance": "DatabaseConnections and CPUUtilization",
    "elasticache_cluster": "EngineCPUUtilization and Evictions",
    "s3_bucket": "5xxErrors",
    "sqs_queue": "ApproximateAgeOfOldestMessage",
    "sns_topic": "NumberOfNotificationsFailed",
    "eventbridge_rule": "FailedInvocations",
    "eventbridge_bus": "PutEventsApproximateSuccessCount falling",
    "kinesis_stream": "GetRecords.IteratorAgeMilliseconds",
    "alb": "HTTPCode_ELB_5XX_Count",
    "target_group": "UnHealthyHostCount",
    "api_gateway": "5XXError and Latency",
    "cloudfront_distribution": "5xxErrorRate",
    "route53_record": "HealthCheckStatus",
    "autoscaling_group": "GroupInServiceInstances",
    "ecs_service": "RunningTaskCount",
    "ec2_instance": "StatusCheckFailed",
}


CONFIG_RULES: dict[str, str] = {
    "rds_instance": "RDS_MULTI_AZ_SUPPORT",
    "elasticache_cluster": "ELASTICACHE_REPL_GRP_AUTO_FAILOVER_ENABLED",
}
"""The AWS Config managed rule that flags a single-zone resource of each type."""


def config_rule_note(resource_type: str) -> str:
    """``" (the AWS Config managed rule X flags it)"`` for a type with such a rule, else empty."""
    rule = CONFIG_RULES.get(resource_type)
    return f" (the AWS Config managed rule {rule} flags it)" if rule else ""
