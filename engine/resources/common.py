"""Shared building blocks for resource types: prices, capacity, versions, network checks.

Prices are us-east-1 on-demand list prices in cents per hour (2025), rounded; capacities
are the requests per second a typical web workload sustains on that size — a model, not a
benchmark, but ordered and scaled the way real instances are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Local

if TYPE_CHECKING:
    from ..world import Node, World

#: instance type → (cents per hour, requests per second one instance serves)
EC2_SIZES: dict[str, tuple[float, float]] = {
    "t3.micro": (1.04, 40.0),
    "t3.small": (2.08, 80.0),
    "t3.medium": (4.16, 150.0),
    "t3.large": (8.32, 250.0),
    "m5.large": (9.6, 300.0),
    "m5.xlarge": (19.2, 600.0),
    "m5.2xlarge": (38.4, 1200.0),
    "m6i.large": (9.6, 320.0),
    "m6i.xlarge": (19.2, 640.0),
    "c5.large": (8.5, 350.0),
    "c5.xlarge": (17.0, 700.0),
    "c6i.large": (8.5, 370.0),
    "r5.large": (12.6, 280.0),
}

#: RDS instance class → (cents per hour single-AZ, connections/queries per second it sustains)
RDS_SIZES: dict[str, tuple[float, float]] = {
    "db.t3.medium": (6.8, 400.0),
    "db.t3.large": (13.6, 700.0),
    "db.m5.large": (17.1, 1200.0),
    "db.m5.xlarge": (34.2, 2400.0),
    "db.r5.large": (25.0, 1500.0),
    "db.r6g.large": (22.5, 1600.0),
    "db.r6g.xlarge": (45.0, 3200.0),
}

#: ElastiCache node type → (cents per hour, operations per second)
CACHE_SIZES: dict[str, tuple[float, float]] = {
    "cache.t3.micro": (1.7, 5000.0),
    "cache.t3.medium": (6.8, 20000.0),
    "cache.m5.large": (15.6, 60000.0),
    "cache.r6g.large": (20.6, 80000.0),
}

SECONDS_PER_HOUR = 3600.0


def per_request_cost(load: float, dollars_per_million: float) -> float:
    """Cents per hour for ``load`` requests/s at a price per million requests."""
    return load * SECONDS_PER_HOUR * dollars_per_million / 1_000_000 * 100


def saturate(load: float, capacity: float, base_ms: float, what: str) -> Local:
    """Queueing behaviour of a server pool: latency climbs near capacity, excess times out."""
    if capacity <= 0:
        return Local(
            ok=0.0,
            latency_ms=base_ms,
            causes=((f"{what}: no capacity to serve requests (503 Service Unavailable)", 1.0),),
            extras={"utilization": 100.0 if load > 0 else 0.0},
        )
    utilization = load / capacity
    extras = {"utilization": min(utilization, 1.0) * 100.0}
    if utilization <= 0.7:
        return Local(latency_ms=base_ms, extras=extras)
    if utilization <= 1.0:
        return Local(latency_ms=base_ms * (1.0 + 3.0 * (utilization - 0.7) / 0.3), extras=extras)
    served = 1.0 / utilization
    return Local(
        ok=served,
        latency_ms=base_ms * 6.0,
        causes=((f"{what}: request timed out waiting for a worker (overloaded)", 1.0 - served),),
        extras=extras,
    )


def version_mix(node: Node) -> tuple[float, float, list[tuple[str, float]], dict[str, float]]:
    """Blend the versions a compute resource serves by their traffic weights.

    ``config.traffic`` maps version → weight (alias routing, task sets, instance share);
    ``status.versions`` holds each version's true behaviour (error rate, latency, the error
    it logs). Returns ``(ok, latency_ms, causes, per-version observables)``.
    """
    traffic: dict[str, float] = node.config.get("traffic") or {}
    versions: dict[str, Any] = node.status.get("versions", {})
    total = sum(max(w, 0.0) for w in traffic.values()) or 1.0
    ok = latency = 0.0
    causes: list[tuple[str, float]] = []
    extras: dict[str, float] = {}
    for version in sorted(traffic):
        share = max(traffic[version], 0.0) / total
        behaviour = versions.get(version, {})
        error_rate = float(behaviour.get("error_rate", 0.0))
        ok += share * (1.0 - error_rate)
        latency += share * float(behaviour.get("latency_ms", node.config.get("latency_ms", 40.0)))
        if error_rate > 0 and share > 0:
            text = behaviour.get("error", "Unhandled exception")
            causes.append((f"[version {version}] {text}", share * error_rate))
        extras[f"share@{version}"] = share
        extras[f"error_rate@{version}"] = error_rate
    return ok, latency, causes, extras


def per_version_observables(node: Node, observed: dict[str, float], invocations: float) -> None:
    """Add ``requests@v``/``errors@v`` observables from the version shares in ``observed``."""
    for key in [k for k in observed if k.startswith("share@")]:
        version = key.split("@", 1)[1]
        share = observed.pop(key)
        error_rate = observed.pop(f"error_rate@{version}", 0.0)
        observed[f"requests@{version}"] = invocations * share
        observed[f"invocations@{version}"] = invocations * share
        observed[f"errors@{version}"] = invocations * share * error_rate
        observed[f"latency_ms@{version}"] = float(
            node.status.get("versions", {}).get(version, {}).get("latency_ms", observed.get("latency_ms", 0.0))
        )


def ingress_allows(group: dict[str, Any], port: int, sources: set[str]) -> bool:
    """Whether a security group admits TCP ``port`` from any of ``sources`` (SG ids or CIDRs)."""
    for rule in group.get("ingress", []):
        low, high = rule.get("port", -1), rule.get("to_port")
        high = low if high is None else high  # a rule without to_port covers one port
        port_ok = low == -1 or low <= port <= high
        if port_ok and (rule.get("source") in sources or rule.get("source") == "0.0.0.0/0"):
            return True
    return False


def reachable(world: World, source: Node, target: Node) -> str | None:
    """Why ``source`` cannot open a connection to ``target``'s port, or ``None``.

    Security groups are stateful allow-lists on the target: traffic is admitted when one of
    the target's groups allows its port from one of the source's groups (or its CIDR).
    """
    groups = world.groups_of.get(target.id)
    port = target.type.port
    if not groups or port is None:
        return None
    sources = set(world.groups_of.get(source.id, ())) | {"10.0.0.0/16"}
    if any(ingress_allows(world.nodes[g].config, port, sources) for g in groups):
        return None
    return (
        f"Target.Timeout: connection to {target.id}:{port} timed out "
        f"(no ingress rule on {', '.join(groups)} admits {source.id})"
    )


# -- AWS's own control planes and monitoring -------------------------------------------------
#: the world pool holding control-plane impairments (see :mod:`engine.faults.control`)
CONTROL_PLANE = "control_plane"

#: the error each service's API returns while its control plane is impaired: (code, message)
API_ERRORS: dict[str, tuple[str, str]] = {
    "ec2": ("RequestLimitExceeded", "Request limit exceeded."),
    "autoscaling": ("Throttling", "Rate exceeded"),
    "ecs": ("ServerException", "Service Unavailable. Please try again later."),
    "elasticloadbalancing": (
        "InternalFailure",
        "The request processing has failed because of an unknown error, exception or failure.",
    ),
    "cloudformation": ("Throttling", "Rate exceeded"),
    "codedeploy": ("ThrottlingException", "Rate exceeded"),
    "lambda": ("ServiceException", "The AWS Lambda service encountered an internal error."),
    "kinesis": ("InternalFailure", "Internal service failure."),
    "sts": ("RequestTimeout", 'Read timeout on endpoint URL: "https://sts.us-east-1.amazonaws.com/"'),
}
_API_ALIASES = {"elasticloadbalancingv2": "elasticloadbalancing", "cloudwatch": "monitoring"}


def api_of(aws_type: str) -> str:
    """The API (endpoint prefix) that manages a CloudFormation type: AWS::AutoScaling::… → autoscaling."""
    service = aws_type.split("::")[1].lower() if aws_type.count("::") >= 2 else aws_type.lower()
    return _API_ALIASES.get(service, service)


def api_error(api: str) -> tuple[str, str]:
    """The error code and message an impaired API answers with."""
    return API_ERRORS.get(api, ("InternalFailure", "An internal error occurred."))


def api_refusal(world: World, api: str, region: str = "us-east-1") -> tuple[str, str] | None:
    """``(code, message)`` if calls to ``api`` in ``region`` fail right now (its control plane is
    impaired), else ``None``. Data planes are not asked: running resources keep serving."""
    for key in sorted(world.pools.get(CONTROL_PLANE, {})):
        impairment = world.pools[CONTROL_PLANE][key]
        if impairment["region"] == region and api in impairment["apis"]:
            code, message = impairment["apis"][api]
            return code, message
    return None


def note_refused_call(world: World, resource: str, event: str) -> None:
    """Remember a refused API call (CloudTrail keeps it with its errorCode) as evidence."""
    for key in sorted(world.pools.get(CONTROL_PLANE, {})):
        refused = world.pools[CONTROL_PLANE][key].setdefault("refused", [])
        if f"{resource}:{event}" not in refused:
            refused.append(f"{resource}:{event}")


def metrics_withheld(node: Node, end: int, delay: int, now: int) -> bool:
    """Whether the datapoint of a period ending at ``end`` is not (yet) published at ``now``
    because CloudWatch ingestion in the node's Region is impaired (``status.metrics_gap``).

    A datapoint due while ingestion was down (``from`` ≤ end + delay < ``until``) is withheld
    until ingestion recovers — then published late if ``backfill``, never otherwise — or,
    when the gap has a ``lag``, published that much later than usual.
    """
    gap = node.status.get("metrics_gap")
    if not gap:
        return False
    due = end + delay
    until = gap.get("until")
    if due < gap["from"] or (until is not None and due >= until):
        return False
    if until is not None and now >= until:
        return not gap.get("backfill", True)
    lag = gap.get("lag")
    return lag is None or now < due + lag


def metrics_blind(node: Node, now: int) -> bool:
    """Whether CloudWatch is not delivering this node's fresh metrics right now."""
    gap = node.status.get("metrics_gap")
    return bool(gap) and (gap.get("until") is None or now < gap["until"])
