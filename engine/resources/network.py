"""Edge and network: Route 53, CloudFront, API Gateway, load balancers, security groups.

Entry points live here: the resources outside traffic arrives at. TLS certificates are
attached with ``encrypts_with`` edges; an expired or invalid one makes every handshake
fail, so the requests never arrive and the request metrics fall instead of the errors
rising.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..world import Node, World
from .base import RESOURCES, Local, MetricSpec, ResourceType, StrictModel
from .common import per_request_cost, reachable
from .compute import reach_through_lb

EDGE_SENDS = frozenset({"calls", "routes", "encrypts_with", "secured_by", "managed_by", "uses_role"})


def certificate_problem(node: Node, world: World) -> str | None:
    """Why TLS handshakes with ``node`` fail (an expired or missing certificate), or ``None``."""
    for cert in world.key_of.get(node.id, ()):
        cert_node = world.nodes[cert]
        if cert_node.type.id != "acm_certificate":
            continue
        problem = cert_node.type.invalid(cert_node, world)  # type: ignore[attr-defined]
        if problem:
            return problem
    return None


# -- Route 53 ------------------------------------------------------------------------------
class RecordConfig(StrictModel):
    name: str = "www.example.com"
    routing: Literal["simple", "failover", "weighted"] = "simple"
    primary: str | None = Field(None, description="failover routing: the primary target")
    ttl: int = Field(60, ge=0, le=172800)
    health_check: bool = Field(False, description="a Route 53 health check on the primary")
    health_check_depth: Literal["shallow", "deep"] = Field(
        "deep", description="shallow checks only that the endpoint answers, not that the app works"
    )
    evaluate_target_health: bool = False
    failure_threshold: int = Field(3, ge=1, le=10)
    interval: Literal[10, 30] = 30


class Route53Record(ResourceType):
    """Amazon Route 53 record (AWS::Route53::RecordSet), simple, weighted or failover.

    Failover moves traffic to the secondary only after the primary's health check fails
    ``failure_threshold`` times in a row — and only if there is a health check (or
    Evaluate Target Health) and it looks deep enough to notice the failure.
    """

    id = "route53_record"
    aws_type = "AWS::Route53::RecordSet"
    title = "Route 53 record"
    category = "network"
    Config = RecordConfig
    sends = EDGE_SENDS
    receives = frozenset({"monitors"})
    entry_point = True
    compliance_properties = ("health_check",)
    metrics = (
        MetricSpec(
            "HealthCheckStatus", "AWS/Route53", "HealthCheckId", "health", "Minimum", "None", aggregation="gauge"
        ),
        MetricSpec(
            "HealthCheckPercentageHealthy",
            "AWS/Route53",
            "HealthCheckId",
            "healthy_percent",
            "Average",
            "Percent",
            aggregation="gauge",
        ),
    )

    def initial_status(self, node: Node) -> dict[str, Any]:
        return {"primary_healthy": True, "failures": 0, "successes": 0, "empty": False}

    def failover_pair(self, node: Node, world: World) -> tuple[str | None, str | None]:
        """(primary, secondary) endpoints of a failover record."""
        targets = [c for c, kind in world.callees[node.id] if kind == "routes"]
        primary = node.config["primary"] or (targets[0] if targets else None)
        secondary = next((t for t in targets if t != primary), None)
        return primary, secondary

    _primary = failover_pair

    def route_weights(self, node: Node, world: World) -> dict[str, float] | None:
        if node.config["routing"] != "failover":
            return None
        primary, secondary = self._primary(node, world)
        # a health status about another endpoint (the primary was just switched) says nothing yet
        checked = node.status.get("checked")
        healthy = node.status["primary_healthy"] or (checked is not None and checked != primary)
        if healthy or secondary is None:
            return {t: float(t == primary) for t in (primary, secondary) if t}
        return {t: float(t == secondary) for t in (primary, secondary) if t}

    def local(self, node: Node, world: World) -> Local:
        health = 1.0 if node.status["primary_healthy"] else 0.0
        extras = {"health": health, "healthy_percent": 100.0 * health}
        if node.status.get("empty"):
            return Local(
                ok=0.0,
                causes=(
                    (
                        f"DNS resolution failed for {node.config['name']}: the record returned "
                        "no addresses (NXDOMAIN/empty answer)",
                        1.0,
                    ),
                ),
                extras=extras,
            )
        return Local(latency_ms=1.0, extras=extras)

    def on_start(self, node: Node, sim: Any) -> None:
        if node.config["routing"] == "failover" and (
            node.config["health_check"] or node.config["evaluate_target_health"]
        ):
            sim.node_timer(node.id, node.config["interval"], "check")

    def on_timer(self, node: Node, sim: Any, tag: str) -> None:
        cfg = node.config
        sim.node_timer(node.id, cfg["interval"], "check")
        primary, _ = self._primary(node, sim.world)
        if primary is None:
            return
        target = sim.world.nodes[primary]
        healthy = (target.local_ok if cfg["health_check_depth"] == "shallow" else target.ok) >= 0.5
        st = node.status
        if st.get("checked", primary) != primary:  # a new primary: its checks start afresh
            st.update(primary_healthy=True, failures=0, successes=0)
            sim.world.touch(node.id)
        before = (st.get("checked"), st["failures"], st["successes"])
        st["checked"] = primary
        st["failures"], st["successes"] = (0, st["successes"] + 1) if healthy else (st["failures"] + 1, 0)
        if (st["checked"], st["failures"], st["successes"]) != before:
            node.version += 1  # the counters are state (digests), though no traffic changes until a flip
        flip = (st["primary_healthy"] and st["failures"] >= cfg["failure_threshold"]) or (
            not st["primary_healthy"] and st["successes"] >= cfg["failure_threshold"]
        )
        if flip:
            st["primary_healthy"] = not st["primary_healthy"]
            sim.world.touch(node.id)

    def hourly_cost(self, node: Node) -> float:
        """$0.50 a month for the hosted zone, as much for a health check, and $0.40 per million queries."""
        return 0.07 + per_request_cost(node.load, 0.40) + (0.07 if node.config["health_check"] else 0.0)


# -- CloudFront ----------------------------------------------------------------------------
class DistributionConfig(StrictModel):
    viewer_protocol_policy: Literal["redirect-to-https", "https-only", "allow-all"] = "redirect-to-https"
    minimum_protocol_version: str = "TLSv1.2_2021"
    price_class: Literal["PriceClass_100", "PriceClass_200", "PriceClass_All"] = "PriceClass_100"
    waf: bool = True
    logging: bool = True
    failover_origin: str | None = Field(
        None,
        description="origin group: the secondary origin CloudFront retries a GET on when the primary "
        "answers 500, 502, 503 or 504 (None: no origin group)",
    )


def _error_rates(observed: dict[str, float], seen_key: str) -> None:
    seen = observed.get(seen_key, 0.0)
    errors = min(observed.get("errors_served", observed["errors"]), seen)
    observed["error_rate_5xx"] = 100.0 * errors / seen if seen > 0 else 0.0
    observed["error_rate_4xx"] = 0.2 if seen > 0 else 0.0
    observed["error_rate_total"] = observed["error_rate_5xx"] + observed["error_rate_4xx"]


class CloudFrontDistribution(ResourceType):
    """Amazon CloudFront distribution (AWS::CloudFront::Distribution).

    Its certificate must be in us-east-1. Error rates are published as percentages of
    the requests CloudFront saw — clients that fail the TLS handshake are not counted.
    Origins are its ``routes`` edges, by weight. With an origin group (``failover_origin``)
    a request the primary origin fails with a 5xx is retried on the secondary, so traffic
    follows the primary's health within seconds and returns when it recovers.
    """

    id = "cloudfront_distribution"
    aws_type = "AWS::CloudFront::Distribution"
    title = "CloudFront distribution"
    category = "network"
    Config = DistributionConfig
    sends = EDGE_SENDS
    receives = frozenset({"routes", "monitors"})
    entry_point = True
    compliance_properties = ("viewer_protocol_policy", "minimum_protocol_version", "waf", "logging")
    metrics = (
        MetricSpec("Requests", "AWS/CloudFront", "DistributionId", "seen", presence="active"),
        MetricSpec(
            "5xxErrorRate",
            "AWS/CloudFront",
            "DistributionId",
            "error_rate_5xx",
            "Average",
            "Percent",
            aggregation="gauge",
            presence="active",
        ),
        MetricSpec(
            "4xxErrorRate",
            "AWS/CloudFront",
            "DistributionId",
            "error_rate_4xx",
            "Average",
            "Percent",
            aggregation="gauge",
            presence="active",
        ),
        MetricSpec(
            "TotalErrorRate",
            "AWS/CloudFront",
            "DistributionId",
            "error_rate_total",
            "Average",
            "Percent",
            aggregation="gauge",
            presence="active",
        ),
    )

    def origins(self, node: Node, world: World) -> tuple[str | None, str | None]:
        """(primary, secondary) of the origin group, or ``(None, None)`` without one."""
        secondary = node.config["failover_origin"]
        targets = [c for c, kind in world.callees[node.id] if kind == "routes"]
        if secondary not in targets:
            return None, None
        others = sorted(
            (t for t in targets if t != secondary), key=lambda t: -world.edge_attr(node.id, t, "weight", 1.0)
        )
        return (others[0] if others else None), secondary

    def route_weights(self, node: Node, world: World) -> dict[str, float] | None:
        primary, secondary = self.origins(node, world)
        if primary is None or secondary is None:
            return None
        origin = world.nodes[primary]
        by_kind = origin.type.kind_success(origin, "routes")
        healthy = by_kind[0] if by_kind is not None else origin.ok
        return {primary: healthy, secondary: 1.0 - healthy}

    def local(self, node: Node, world: World) -> Local:
        problem = certificate_problem(node, world)
        if problem:
            return Local(ok=0.0, causes=((problem, 1.0),), extras={"seen": 0.0, "errors_served": 0.0})
        return Local(latency_ms=15.0, extras={"seen": node.load})

    def finish(self, node: Node, observed: dict[str, float], world: World) -> None:
        _error_rates(observed, "seen")
        weights = self.route_weights(node, world)
        if weights is not None:  # the primary's health moved since the shares were computed: redo them
            shares = world.route_shares.get(node.id, {})
            total = sum(weights.values()) or 1.0
            if any(abs(shares.get(t, 0.0) - w / total) > 1e-6 for t, w in weights.items()):
                world.touch_next([node.id])

    def hourly_cost(self, node: Node) -> float:
        """$1.00 per million requests plus $8.50 per million for the data they transfer out."""
        return per_request_cost(node.load, 1.0) + per_request_cost(node.load, 8.5)


# -- API Gateway ---------------------------------------------------------------------------
class ApiConfig(StrictModel):
    endpoint_type: Literal["REGIONAL", "EDGE", "PRIVATE"] = "REGIONAL"
    stage: str = "prod"
    throttle_rate: float = Field(10000.0, gt=0)
    logging: Literal["OFF", "ERROR", "INFO"] = "ERROR"
    xray: bool = False
    waf: bool = False


class ApiGateway(ResourceType):
    """Amazon API Gateway REST API stage (AWS::ApiGateway::RestApi + Stage).

    Requests above the stage's throttle rate get 429 (counted in ``4XXError``); failures
    behind it become 5XX. It invokes Lambda as ``apigateway.amazonaws.com``, so the
    function's resource policy must allow it.
    """

    id = "api_gateway"
    aws_type = "AWS::ApiGateway::RestApi"
    also_aws_types = ("AWS::ApiGatewayV2::Api",)
    title = "API Gateway"
    category = "network"
    Config = ApiConfig
    sends = EDGE_SENDS
    receives = frozenset({"calls", "routes", "monitors"})
    entry_point = True
    service_principal = "apigateway.amazonaws.com"
    compliance_properties = ("logging", "xray", "waf")
    log_group = "API-Gateway-Execution-Logs_{id}/prod"
    metrics = (
        MetricSpec("Count", "AWS/ApiGateway", "ApiName", "requests", presence="active"),
        MetricSpec("4XXError", "AWS/ApiGateway", "ApiName", "errors_4xx", presence="active"),
        MetricSpec("5XXError", "AWS/ApiGateway", "ApiName", "errors_5xx", presence="active"),
        MetricSpec(
            "Latency",
            "AWS/ApiGateway",
            "ApiName",
            "latency_ms",
            "Average",
            "Milliseconds",
            aggregation="gauge",
            presence="active",
        ),
        MetricSpec(
            "IntegrationLatency",
            "AWS/ApiGateway",
            "ApiName",
            "integration_ms",
            "Average",
            "Milliseconds",
            aggregation="gauge",
            presence="active",
        ),
    )

    def local(self, node: Node, world: World) -> Local:
        problem = certificate_problem(node, world)
        if problem:
            return Local(ok=0.0, causes=((problem, 1.0),), extras={"throttled": 0.0})
        limit = node.config["throttle_rate"]
        throttled = max(node.load - limit, 0.0) / node.load if node.load > limit else 0.0
        causes = (("429 Too Many Requests: rate limit exceeded for stage", throttled),) if throttled else ()
        return Local(ok=1.0 - throttled, latency_ms=8.0, causes=causes, extras={"throttled": node.load * throttled})

    def finish(self, node: Node, observed: dict[str, float], world: World) -> None:
        observed["errors_4xx"] = observed.get("throttled", 0.0)
        observed["errors_5xx"] = max(observed["errors"] - observed["errors_4xx"], 0.0)
        observed["integration_ms"] = max(observed["latency_ms"] - 8.0, 0.0)

    def downstream_error(self, node: Node, callee: Node) -> str:
        return f"Execution failed due to an internal error: {callee.id} ({callee.type.title}) returned an error"

    def hourly_cost(self, node: Node) -> float:
        """$3.50 per million requests (REST API)."""
        return per_request_cost(node.load, 3.50)


# -- Elastic Load Balancing ----------------------------------------------------------------
class AlbConfig(StrictModel):
    scheme: Literal["internet-facing", "internal"] = "internet-facing"
    listener_protocol: Literal["HTTPS", "HTTP"] = "HTTPS"
    ssl_policy: str = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    access_logs: bool = True
    deletion_protection: bool = True
    drop_invalid_headers: bool = True


class LoadBalancer(ResourceType):
    """Application Load Balancer (AWS::ElasticLoadBalancingV2::LoadBalancer) and listener.

    Routes to target groups. ``HTTPCode_ELB_5XX_Count`` counts errors the load balancer
    generated itself (no healthy target, timeouts); ``HTTPCode_Target_5XX_Count`` those
    the targets returned; both are published only when non-zero.
    """

    id = "alb"
    reads_callee_reports = True
    aws_type = "AWS::ElasticLoadBalancingV2::LoadBalancer"
    also_aws_types = ("AWS::ElasticLoadBalancing::LoadBalancer",)
    title = "Application Load Balancer"
    category = "network"
    Config = AlbConfig
    sends = EDGE_SENDS
    receives = frozenset({"routes", "calls", "monitors"})
    entry_point = True
    compliance_properties = ("listener_protocol", "ssl_policy", "access_logs", "deletion_protection")
    metrics = (
        MetricSpec("RequestCount", "AWS/ApplicationELB", "LoadBalancer", "seen", presence="active"),
        MetricSpec("HTTPCode_ELB_5XX_Count", "AWS/ApplicationELB", "LoadBalancer", "elb_5xx", presence="nonzero"),
        MetricSpec("HTTPCode_Target_5XX_Count", "AWS/ApplicationELB", "LoadBalancer", "target_5xx", presence="nonzero"),
        MetricSpec(
            "TargetResponseTime",
            "AWS/ApplicationELB",
            "LoadBalancer",
            "response_s",
            "Average",
            "Seconds",
            aggregation="gauge",
            presence="active",
        ),
        MetricSpec(
            "ClientTLSNegotiationErrorCount", "AWS/ApplicationELB", "LoadBalancer", "tls_errors", presence="nonzero"
        ),
    )

    def local(self, node: Node, world: World) -> Local:
        if node.config["listener_protocol"] == "HTTPS":
            problem = certificate_problem(node, world)
            if problem:
                return Local(ok=0.0, causes=((problem, 1.0),), extras={"seen": 0.0, "tls_errors": node.load})
        return Local(latency_ms=2.0, extras={"seen": node.load, "tls_errors": 0.0})

    def finish(self, node: Node, observed: dict[str, float], world: World) -> None:
        shares = world.route_shares.get(node.id, {})
        target_5xx = sum(share * world.nodes[t].observed.get("target_5xx", 0.0) for t, share in shares.items())
        observed["target_5xx"] = min(target_5xx, observed["errors"])
        observed["elb_5xx"] = max(observed["errors"] - observed["target_5xx"] - observed["tls_errors"], 0.0)
        observed["response_s"] = observed["latency_ms"] / 1000.0

    def hourly_cost(self, node: Node) -> float:
        """$0.0225 an hour plus $2.00 per million requests (capacity units)."""
        return 2.25 + per_request_cost(node.load, 2.0)


class TargetGroupConfig(StrictModel):
    protocol: Literal["HTTP", "HTTPS"] = "HTTPS"
    health_check_path: str = "/health"
    interval: int = Field(30, ge=5, le=300)
    healthy_threshold: int = Field(5, ge=2, le=10)
    unhealthy_threshold: int = Field(2, ge=2, le=10)
    deregistration_delay: int = Field(300, ge=0, le=3600)


def _silent(target: Node) -> float:
    """Share of a target's requests that got no answer at all (``no_response`` it reports)."""
    return target.observed.get("no_response", 0.0) / target.load if target.load > 0 else 0.0


def host_count(target: Node) -> int:
    """How many hosts a target contributes (instances in service, running tasks, or one)."""
    if "in_service" in target.observed:
        return int(target.observed["in_service"])
    if "running" in target.observed:
        return int(target.observed["running"])
    return 1


class TargetGroup(ResourceType):
    """ALB target group (AWS::ElasticLoadBalancingV2::TargetGroup) with health checks.

    A target is healthy after ``healthy_threshold`` passed checks and unhealthy after
    ``unhealthy_threshold`` failed ones; a check fails when the security groups do not let
    the load balancer in or the application does not answer. If every target is unhealthy
    the load balancer fails open and sends traffic to all of them anyway.
    """

    id = "target_group"
    reads_callee_reports = True
    aws_type = "AWS::ElasticLoadBalancingV2::TargetGroup"
    title = "Target group"
    category = "network"
    Config = TargetGroupConfig
    sends = frozenset({"routes", "managed_by"})
    receives = frozenset({"routes", "monitors"})
    metrics = (
        MetricSpec(
            "HealthyHostCount", "AWS/ApplicationELB", "TargetGroup", "healthy", "Minimum", "Count", aggregation="gauge"
        ),
        MetricSpec(
            "UnHealthyHostCount",
            "AWS/ApplicationELB",
            "TargetGroup",
            "unhealthy",
            "Maximum",
            "Count",
            aggregation="gauge",
        ),
        MetricSpec("RequestCount", "AWS/ApplicationELB", "TargetGroup", "requests", presence="active"),
        MetricSpec("HTTPCode_Target_5XX_Count", "AWS/ApplicationELB", "TargetGroup", "target_5xx", presence="nonzero"),
        MetricSpec(
            "TargetResponseTime",
            "AWS/ApplicationELB",
            "TargetGroup",
            "response_s",
            "Average",
            "Seconds",
            aggregation="gauge",
            presence="active",
        ),
    )

    def initial_status(self, node: Node) -> dict[str, Any]:
        return {"health": {}, "streak": {}, "reasons": {}}

    def targets(self, node: Node, world: World) -> list[str]:
        """The registered targets (``routes`` edges)."""
        return [c for c, kind in world.callees[node.id] if kind == "routes"]

    def route_weights(self, node: Node, world: World) -> dict[str, float] | None:
        targets = self.targets(node, world)
        health = node.status["health"]
        healthy = {t: float(host_count(world.nodes[t])) for t in targets if health.get(t, True)}
        if sum(healthy.values()) > 0:
            return healthy
        return {t: float(max(host_count(world.nodes[t]), 1)) for t in targets}  # fail open

    def local(self, node: Node, world: World) -> Local:
        targets = self.targets(node, world)
        health = node.status["health"]
        healthy = sum(host_count(world.nodes[t]) for t in targets if health.get(t, True))
        total = sum(host_count(world.nodes[t]) for t in targets)
        return Local(latency_ms=1.0, extras={"healthy": float(healthy), "unhealthy": float(total - healthy)})

    def reach(self, node: Node, callee: Node, world: World) -> str | None:
        return reach_through_lb(node, callee, world)

    def finish(self, node: Node, observed: dict[str, float], world: World) -> None:
        observed["response_s"] = observed["latency_ms"] / 1000.0
        # Targets that answered with an error count as Target 5XX; requests that never got an
        # answer (a security group dropping the connection, an instance in an impaired zone
        # that does not respond) are the load balancer's 504s.
        shares = world.route_shares.get(node.id, {})
        answered = sum(
            share * node.passing.get(t, 1.0) * max(1.0 - world.nodes[t].ok - _silent(world.nodes[t]), 0.0)
            for t, share in shares.items()
        )
        observed["target_5xx"] = min(node.load * answered, observed["errors"])

    def on_start(self, node: Node, sim: Any) -> None:
        sim.node_timer(node.id, node.config["interval"], "check")

    def on_timer(self, node: Node, sim: Any, tag: str) -> None:
        """Run one round of health checks and update target health after the thresholds."""
        world = sim.world
        cfg = node.config
        sim.node_timer(node.id, cfg["interval"], "check")
        status = node.status
        targets = self.targets(node, world)
        lbs = [world.nodes[c] for c in world.callers[node.id]] or [node]
        inputs = [node.id, *targets, *(lb.id for lb in lbs)]
        inputs += [g for n in inputs for g in world.groups_of.get(n, ())]
        if world.unchanged_since_quiet(node.id, inputs):
            return  # the same inputs gave "no change" last round and no streak is in progress
        health, streak, reasons = dict(status["health"]), dict(status["streak"]), dict(status["reasons"])
        for target_id in targets:
            target = world.nodes[target_id]
            blocked = next((p for p in (reachable(world, lb, target) for lb in lbs) if p), None)
            passed = blocked is None and target.local_ok >= 0.5 and host_count(target) > 0
            was = health.get(target_id, True)
            run = streak.get(target_id, 0)
            run = run + 1 if (passed != was) else 0
            if (not was and passed and run >= cfg["healthy_threshold"]) or (
                was and not passed and run >= cfg["unhealthy_threshold"]
            ):
                health[target_id] = passed
                run = 0
            streak[target_id] = run
            if passed:
                reasons.pop(target_id, None)
            else:
                reasons[target_id] = (
                    "Target.Timeout"
                    if blocked
                    else "Target.ResponseCodeMismatch"
                    if host_count(target)
                    else "Target.NotInUse"
                )
        if (health, streak, reasons) != (status["health"], status["streak"], status["reasons"]):
            status.update(health=health, streak=streak, reasons=reasons)
            world.touch(node.id)
        elif not any(streak.values()):
            world.mark_quiet(node.id)


# -- VPC security groups -------------------------------------------------------------------
class IngressRule(StrictModel):
    port: int = Field(ge=-1, le=65535, description="-1 means all ports")
    to_port: int | None = Field(None, ge=-1, le=65535)
    source: str = Field(description="a security group id or a CIDR such as 0.0.0.0/0")
    description: str = ""


class SecurityGroupConfig(StrictModel):
    description: str = ""
    ingress: list[IngressRule] = Field(default_factory=list)


class SecurityGroup(ResourceType):
    """VPC security group (AWS::EC2::SecurityGroup): a stateful allow-list for inbound traffic.

    Resources it guards (``secured_by`` edges) accept a connection only if a rule admits
    the port from the caller's group or CIDR.
    """

    id = "security_group"
    aws_type = "AWS::EC2::SecurityGroup"
    title = "Security group"
    category = "network"
    Config = SecurityGroupConfig
    sends = frozenset({"managed_by"})
    receives = frozenset({"secured_by", "monitors"})
    compliance_properties = ("ingress",)


for resource_type in (
    Route53Record(),
    CloudFrontDistribution(),
    ApiGateway(),
    LoadBalancer(),
    TargetGroup(),
    SecurityGroup(),
):
    RESOURCES.register(resource_type)
