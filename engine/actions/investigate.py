"""Investigations: what a responder can look at, printed the way AWS consoles and CLIs show it.

Each reads state and returns findings; evidence tokens go only on findings that show
something abnormal (see :mod:`engine.actions.base`).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import Field

from .. import iam
from ..durations import format_clock, format_duration
from ..events import AlarmStateChanged, Finding
from ..patterns import matches
from ..resources.base import StrictModel
from ..resources.changes import ecs_rollout, ecs_stuck
from ..resources.common import api_refusal
from ..resources.data import S3Bucket
from ..resources.delivery import deployments, stack_members
from ..resources.messaging import event_mix
from ..signals import metrics as cw
from .kit import RESPONDER_ROLE, Investigation, compact, key_locked, needed_permissions, registered

WINDOW = 900


def stamp(tick: int) -> str:
    """A time as the incident clock shows it (``T+04:12``, or ``T-3d`` before the game)."""
    return f"T+{format_clock(tick)}" if tick >= 0 else f"T-{format_duration(-tick)}"


def datapoints(points: list[cw.Datapoint]) -> str:
    """Published datapoints as the console lists them, oldest first: each value, or ``·``
    where no datapoint was published."""
    return " ".join("·" if p.value is None else f"{p.value:g}" for p in points)


def all_types(*ids: str) -> tuple[str, ...]:
    return ids


class MetricParams(StrictModel):
    metric: str | None = Field(None, description="one metric name (default: all the resource publishes)")
    minutes: int = Field(15, ge=1, le=180)


@registered
class ViewMetrics(Investigation):
    """Read a resource's CloudWatch metrics (published datapoints only, with their delay)."""

    id = "view_metrics"
    title = "View CloudWatch metrics"
    targets = all_types(
        "lambda_function",
        "api_gateway",
        "alb",
        "target_group",
        "autoscaling_group",
        "ec2_instance",
        "ecs_service",
        "sqs_queue",
        "sns_topic",
        "eventbridge_rule",
        "eventbridge_bus",
        "dynamodb_table",
        "rds_instance",
        "elasticache_cluster",
        "s3_bucket",
        "cloudfront_distribution",
        "route53_record",
        "log_group",
        "acm_certificate",
        "codebuild_project",
        "kinesis_stream",
    )
    Params = MetricParams
    duration = 30

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        node = sim.world.nodes[target]
        specs = [s for s in node.type.metrics if params["metric"] in (None, s.name)]
        if not specs:
            names = ", ".join(s.name for s in node.type.metrics)
            return [
                Finding(
                    f"{node.type.title} {node.id} publishes no metric {params['metric']!r}",
                    (f"metrics published: {names}",),
                )
            ]
        lines = []
        for spec in specs:
            count = max(params["minutes"] * 60 // spec.period, 1)
            points = cw.published(node, spec, None, sim.tick, min(count, 15), sim.streams)
            shown = datapoints(points)
            last = next((p.value for p in reversed(points) if p.value is not None), None)
            lines.append(
                f"{spec.namespace} {spec.name} ({spec.dimension}={node.id}, {spec.statistic}, "
                f"{spec.period}s): {shown}" + ("" if last is not None else "  [no data]")
            )
        qualified = [s for s in specs if s.qualified]
        versions = sorted(v for v in node.config.get("traffic", {}) if len(node.config.get("traffic", {})) > 1)
        for spec in qualified:
            for version in versions:
                points = cw.published(node, spec, version, sim.tick, 5, sim.streams)
                lines.append(f"  {spec.name} (ExecutedVersion={version}): {datapoints(points)}")
        return [
            Finding(
                f"CloudWatch metrics for {node.id} (last {params['minutes']} min, '·' = no datapoint)", tuple(lines)
            )
        ]


@registered
class DescribeAlarm(Investigation):
    """Describe a CloudWatch alarm: metric, dimensions, threshold, missing-data treatment, actions, history."""

    id = "describe_alarm"
    title = "Describe alarm"
    targets = ("cloudwatch_alarm",)
    duration = 20

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        node = world.nodes[target]
        cfg = node.config
        watched = world.related(node.id, "monitors")
        watched_node = world.nodes[watched[0]] if watched else None
        spec = watched_node.type.metric(cfg["metric"]) if watched_node else None
        namespace = spec.namespace if spec else "(no such metric)"
        dims = f"{spec.dimension if spec else 'Resource'}={watched[0] if watched else '?'}"
        if cfg["qualifier"]:
            dims += f", Resource={watched[0] if watched else '?'}:{cfg['qualifier']}"
        recent = ""
        if watched_node and spec:
            points = cw.published(watched_node, spec, cfg["qualifier"], sim.tick, 5, sim.streams, period=cfg["period"])
            recent = datapoints(points)
        history = [
            f"{stamp(e.tick)} {e.old} → {e.new}: {e.reason}"
            for e in sim.log
            if isinstance(e, AlarmStateChanged) and e.alarm == node.id
        ][-5:]
        lines = (
            f"State: {node.status.get('state')} — {node.status.get('reason', '')}",
            f"Metric: {namespace} {cfg['metric']} [{dims}] statistic over {cfg['period']}s",
            f"Condition: {cfg['comparison']} {cfg['threshold']:g} for "
            f"{cfg['datapoints_to_alarm'] or cfg['evaluation_periods']} of {cfg['evaluation_periods']} datapoints",
            f"TreatMissingData: {cfg['treat_missing_data']}",
            f"Actions: {'enabled' if cfg['actions_enabled'] else 'DISABLED'} → "
            f"{', '.join(cfg['alarm_actions']) or '(none)'}",
            f"Recent datapoints: {recent or '(none)'}",
            *(history or ["History: no state changes during the incident"]),
        )
        return [Finding(f"Alarm {node.id} is {node.status.get('state')}", lines, (f"alarm:{node.id}",))]


@registered
class QueryLogs(Investigation):
    """Run a CloudWatch Logs Insights query for errors in a resource's logs (last 15 minutes)."""

    id = "query_logs"
    title = "Query logs (Logs Insights)"
    targets = all_types(
        "lambda_function", "ec2_instance", "autoscaling_group", "ecs_service", "api_gateway", "rds_instance"
    )
    duration = 60

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        node = world.nodes[target]
        group = (node.type.log_group or "/aws/{id}").format(id=node.id)
        start = max(sim.tick - WINDOW, -3600)
        counts: dict[str, float] = {}
        for a, b, (_, causes) in node.segments(start, sim.tick + 1):
            for text, rate in causes.items():
                counts[text] = counts.get(text, 0.0) + rate * (b - a)
        query = (
            "fields @timestamp, @message | filter @message like /(?i)error|exception|denied|timed out/ | "
            "stats count(*) by @message"
        )
        if self._delivery_stopped(world, node):
            return [
                Finding(
                    f"No log events in {group} for the last 15 minutes",
                    (
                        query,
                        f"{node.id} is handling requests, but its log group received nothing",
                        "(check the writer's logs:PutLogEvents permission and the log group's KMS key)",
                    ),
                    (f"logs-missing:{node.id}",),
                )
            ]
        errors = sorted(((round(c), t) for t, c in counts.items() if c >= 0.5), reverse=True)
        if not errors:
            return [Finding(f"No errors in {group} in the last 15 minutes", (query,))]
        lines = (query, "count    @message", *(f"{n:>7}  ERROR {text}" for n, text in errors[:8]))
        return [Finding(f"{sum(n for n, _ in errors)} error lines in {group}", lines, (f"logs:{node.id}",))]

    @staticmethod
    def _delivery_stopped(world: Any, node: Any) -> bool:
        """Whether the resource is busy but none of its log groups receives anything.

        A resource whose every request fails ships no success logs (the model counts log
        events per request served), but its error lines still arrive if it may write them:
        that is an outage, not missing logs.
        """
        groups = [t for t in world.trigger_out[node.id] if world.nodes[t].type.id == "log_group"]

        def can_write(group: str) -> bool:
            return node.id not in world.role_of or world.role_can(node.id, "logs:PutLogEvents", group)

        return (
            bool(groups)
            and node.load > 0
            and all(
                world.trigger_rates.get((node.id, g), 0.0) <= 0 and (node.ok > 0 or not can_write(g)) for g in groups
            )
        )


class TrailParams(StrictModel):
    hours: int = Field(72, ge=1, le=2160, description="how far back to look")


@registered
class LookupCloudTrail(Investigation):
    """Look up CloudTrail management events, for one resource or the whole account."""

    id = "lookup_cloudtrail"
    title = "Look up CloudTrail events"
    targets = ("*",)
    target_optional = True
    Params = TrailParams
    duration = 45

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        since = sim.tick - params["hours"] * 3600
        records = [r for r in sim.trail if r.tick >= since and (target is None or r.resource == target)]
        records = sorted(records, key=lambda r: r.tick, reverse=True)[:15]
        if not records:
            return [
                Finding(f"No management events{' for ' + target if target else ''} in the last {params['hours']} hours")
            ]
        lines = tuple(
            f"{stamp(r.tick):>10}  {r.event:<34} {r.source:<28} {r.user}  {r.resource or '-'}"
            + (f"  errorCode={r.error}" if r.error else "")
            + (f"  {r.detail}" if r.detail else "")
            for r in records
        )
        evidence = tuple(sorted({f"trail:{r.resource}:{r.event}" for r in records if r.resource}))
        return [Finding(f"{len(records)} CloudTrail events{' for ' + target if target else ''}", lines, evidence)]


@registered
class DetectStackDrift(Investigation):
    """Run drift detection on a CloudFormation stack and describe each drifted resource."""

    id = "detect_stack_drift"
    title = "Detect stack drift"
    targets = ("cloudformation_stack",)
    duration = 120

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        members = stack_members(world, target)
        drifted = [(m, world.nodes[m].drift()) for m in members if world.nodes[m].drift()]
        status = "DRIFTED" if drifted else "IN_SYNC"
        world.set_status(target, drift_status=status, detected_at=sim.tick)
        sim.record_trail("DetectStackDrift", "cloudformation.amazonaws.com", sim.actor_arn(None), target)
        lines = [f"StackDriftStatus: {status} ({len(drifted)} of {len(members)} resources drifted)"]
        for member, diff in drifted:
            lines.append(f"  {member} ({world.nodes[member].type.aws_type}): MODIFIED")
            for key, (expected, actual) in diff.items():
                lines.append(f"    {key}: expected {compact(expected)}  actual {compact(actual)}")
        return [Finding(f"Stack {target} is {status}", tuple(lines), tuple(f"drift:{m}" for m, _ in drifted))]


@registered
class DescribeDeployment(Investigation):
    """Describe a CodeDeploy deployment group's current and recent deployments."""

    id = "describe_deployment"
    title = "Describe deployment"
    targets = ("codedeploy_group",)
    duration = 30

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        group = world.nodes[target]
        records = deployments(group)
        if not records:
            return [Finding(f"No deployments in {target}")]
        lines = [
            f"Deployment config: {group.config['deployment_config']}; alarms: "
            + (
                ", ".join(
                    f"{a} ({world.nodes[a].status.get('state', '?')})"
                    for a in group.config["alarms"]
                    if a in world.nodes
                )
                or "(none)"
            )
            + f"; automatic rollback on alarm: {group.config['auto_rollback_on_alarm']}"
        ]
        for record in reversed(records[-4:]):
            lines.append(
                f"  {record['id']}  {record['status']:<10} {stamp(record['started'])}  version "
                f"{record['from']} → {record['to']}: {record['detail']}"
            )
        target_id = group.type.target(group, world)
        if target_id:
            fn = world.nodes[target_id]
            lines.append(
                f"Traffic on {target_id}: "
                + ", ".join(f"v{v} {w * 100:.0f}%" for v, w in sorted(fn.config.get("traffic", {}).items()))
            )
            for version in sorted(fn.status.get("versions", {})):
                invocations = cw.integrate(fn, f"invocations@{version}", sim.tick - 300, sim.tick)
                errors = cw.integrate(fn, f"errors@{version}", sim.tick - 300, sim.tick)
                if invocations >= 1:
                    lines.append(
                        f"  version {version}: {errors:.0f} errors / {invocations:.0f} invocations in 5 min "
                        f"({100 * errors / invocations:.1f}%)"
                    )
        return [
            Finding(f"Latest deployment in {target}: {records[-1]['status']}", tuple(lines), (f"deployment:{target}",))
        ]


@registered
class DescribeRule(Investigation):
    """Describe an EventBridge rule: state, event pattern, targets, dead-letter queue."""

    id = "describe_rule"
    title = "Describe EventBridge rule"
    targets = ("eventbridge_rule",)
    duration = 20

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        rule = world.nodes[target]
        cfg = rule.config
        targets = rule.type.targets(rule, world)
        lines = (
            f"State: {cfg['state']}",
            f"EventPattern: {compact(cfg['pattern'])}",
            f"EventBusName: {', '.join(world.trigger_in[target]) or '(none)'}",
            *(f"Target: {t} ({world.nodes[t].type.aws_type})" for t in targets),
            f"DeadLetterConfig: {cfg['dlq'] or '(none)'}; RetryPolicy: {cfg['retry_attempts']} attempts / "
            f"{cfg['max_event_age']}s",
        )
        evidence = (f"rule-state:{target}",) if cfg["state"] != "ENABLED" else ()
        return [Finding(f"Rule {target} is {cfg['state']}", lines, evidence)]


@registered
class TestEventPattern(Investigation):
    """Test a rule's event pattern against the events actually arriving on its bus (TestEventPattern)."""

    id = "test_event_pattern"
    title = "Test event pattern"
    targets = ("eventbridge_rule",)
    duration = 45

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        rule = world.nodes[target]
        pattern = rule.config["pattern"]
        mix = sorted(
            (
                (rate, compact(event))
                for bus in world.trigger_in[target]
                for rate, event in event_mix(world.nodes[bus], world)
            ),
            reverse=True,
        )
        if not mix:
            return [Finding(f"No events are arriving on {target}'s bus to test against")]
        lines = [f"Pattern: {compact(pattern)}"]
        any_match = False
        for rate, text in mix[:5]:
            result = matches(pattern, json.loads(text))
            any_match |= result
            lines.append(f"  {str(result).lower():<5}  {rate * 60:>7.0f}/min  {text}")
        evidence = () if any_match else (f"rule-pattern:{target}",)
        title = "the pattern matches" if any_match else "the pattern matches none of the events on the bus"
        return [Finding(f"TestEventPattern for {target}: {title}", tuple(lines), evidence)]


@registered
class GetResourcePolicy(Investigation):
    """Show a resource-based policy (Lambda, SQS, SNS) and which connected services it admits."""

    id = "get_resource_policy"
    title = "Get resource-based policy"
    targets = ("lambda_function", "sqs_queue", "sns_topic")
    duration = 20

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        node = world.nodes[target]
        statements = node.config.get("resource_policy", [])
        lines = [
            f"Statement: Allow {s.get('principal')} "
            + (f"(SourceArn {s['source']})" if s.get("source") else "(any source)")
            for s in statements
        ]
        refused = []
        for caller in sorted(set(world.callers[target]) | set(world.trigger_in[target])):
            principal = world.nodes[caller].type.service_principal
            if principal and not world.admits(target, principal, caller):
                refused.append(caller)
                lines.append(f"No statement allows {principal} from {caller}")
        evidence = (f"policy:{target}",) if refused else ()
        title = f"{target}'s policy refuses {', '.join(refused)}" if refused else f"{target}'s resource policy"
        return [Finding(title, tuple(lines) or ("(no resource-based policy)",), evidence)]


@registered
class SimulatePolicy(Investigation):
    """Run the IAM policy simulator for the actions a role's users need."""

    id = "simulate_iam_policy"
    title = "Simulate IAM policy"
    targets = ("iam_role",)
    duration = 60

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        role = world.nodes[target]
        needed = needed_permissions(world, target)
        lines, denied = [], []
        for action, resource in sorted(needed):
            allowed = iam.role_allows(role.config, action, resource)
            if action.startswith("kms:"):
                allowed = iam.key_allows(world.nodes[resource].config, target, role.config, action, resource)
            lines.append(f"{'allowed' if allowed else 'implicitDeny':<13} {action} on {resource}")
            if not allowed:
                denied.append(f"{action} on {resource}")
        policies = ", ".join(p["name"] for p in role.config["policies"]) or "(none)"
        evidence = (f"iam:{target}",) if denied else ()
        title = (
            f"{target} is denied {len(denied)} needed action(s)" if denied else f"{target} allows what its users need"
        )
        return [Finding(title, (f"Attached policies: {policies}", *lines), evidence)]


@registered
class CheckConfigCompliance(Investigation):
    """List AWS Config rule results (NON_COMPLIANT resources first)."""

    id = "check_config_compliance"
    title = "Check AWS Config compliance"
    targets = ()
    duration = 30

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        rules = sim.world.of_type("config_rule")
        if not rules:
            return [Finding("AWS Config has no rules in this account")]
        lines, evidence = [], []
        for rule in rules:
            if not rule.config["enabled"]:
                lines.append(f"{rule.id} ({rule.config['identifier']}): rule is turned off")
                continue
            results = rule.status["results"]
            bad = sorted(r for r, v in results.items() if v["compliance"] == "NON_COMPLIANT")
            lines.append(f"{rule.id} ({rule.config['identifier']}): {len(bad)} NON_COMPLIANT of {len(results)}")
            for resource in bad:
                lines.append(f"  NON_COMPLIANT {resource}: {results[resource]['annotation']}")
                evidence.append(f"config:{rule.config['identifier']}:{resource}")
        return [Finding(f"AWS Config: {len(evidence)} non-compliant evaluation(s)", tuple(lines), tuple(evidence))]


@registered
class DescribeScalingActivity(Investigation):
    """Describe an Auto Scaling group's instances, lifecycle states and recent activities."""

    id = "describe_scaling_activity"
    title = "Describe scaling activity"
    targets = ("autoscaling_group",)
    duration = 30

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        node = sim.world.nodes[target]
        cfg = node.config
        lines = [
            f"Desired {cfg['desired_capacity']} (min {cfg['min_size']}, max {cfg['max_size']}); hooks: "
            + (
                ", ".join(
                    f"{h['name']} ({h['transition'].split(':')[1]}, timeout {h['heartbeat_timeout']}s, "
                    f"default {h['default_result']})"
                    for h in cfg["lifecycle_hooks"]
                )
                or "(none)"
            )
        ]
        waiting = 0
        for instance in node.status["instances"]:
            waiting += instance["state"] == "Pending:Wait"
            lines.append(
                f"  {instance['id']}  {instance['state']:<13} {instance['az']}  since {stamp(instance['since'])}"
            )
        recent = node.status["activities"][-6:]
        lines += [f"  {stamp(a['tick'])}  {a['text']}" for a in recent]
        evidence = (f"lifecycle:{target}",) if waiting else ()
        if any("Launching EC2 instance failed" in a["text"] for a in recent):
            evidence += (f"launch:{target}",)
        if any(a["text"].startswith("Failed:") and a["tick"] >= sim.tick - 900 for a in recent):
            evidence += (f"scaling:{target}",)
        return [
            Finding(
                f"{target}: {waiting} instance(s) in Pending:Wait"
                if waiting
                else f"{target}: {len(node.status['instances'])} instance(s)",
                tuple(lines),
                evidence,
            )
        ]


_REPLICATION_REASONS = {
    "GetObjectVersionForReplication": "SrcGetObjectNotPermitted",
    "ReplicateObject": "DstPutObjectNotPermitted",
    "kms:Decrypt": "SrcKmsKeyAccessDenied",
    "kms:Encrypt": "DstKmsKeyAccessDenied",
    "versioning": "DstBucketVersioningNotEnabled",
}


@registered
class CheckReplication(Investigation):
    """Check an S3 bucket's replication configuration and the status of recent objects."""

    id = "check_replication"
    title = "Check S3 replication"
    targets = ("s3_bucket",)
    duration = 60

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        bucket = world.nodes[target]
        rule = bucket.config["replication"]
        if rule is None:
            return [Finding(f"{target} has no replication configuration")]
        problem = S3Bucket.replication_problem(bucket.type, bucket, world)  # type: ignore[arg-type]
        # The hour before the game is the state the game starts in (a rule broken nine days ago
        # was broken then too), not the warm-up the simulation settled in.
        before = max(0, 3600 - sim.tick)
        counts = {
            k: cw.integrate(bucket, k, 0, sim.tick) + before * cw.integrate(bucket, k, 0, 1)
            for k in ("replicated", "failed_replication", "skipped_replication")
        }
        lines = [
            f"Rule: destination {rule['destination']}, role {rule['role']}, SseKmsEncryptedObjects "
            f"{'Enabled' if rule['sse_kms_encrypted_objects'] else 'Disabled'}, ReplicaKmsKeyID "
            f"{rule['replica_kms_key'] or '(none)'}",
            f"Objects written in the last hour: COMPLETED {counts['replicated']:.0f}, FAILED "
            f"{counts['failed_replication']:.0f}, not replicated (no status) {counts['skipped_replication']:.0f}",
        ]
        if problem and problem[0] == "SKIPPED":  # left out by the rule: no status, no failure
            lines.append(f"New objects get no replication status: {problem[1]}")
        elif problem:
            reason = next((code for key, code in _REPLICATION_REASONS.items() if key in problem[1]), "AccessDenied")
            lines.append(f"Replication failure reason: {reason} — {problem[1]}")
        destination = world.nodes.get(rule["destination"])
        unencrypted = destination is not None and destination.config.get("encryption") == "none"
        if unencrypted:
            lines.append(f"Destination {rule['destination']} has no default encryption: replicas land unencrypted")
        evidence = (f"replication:{target}",) if problem or unencrypted else ()
        return [
            Finding(f"Replication from {target}: {'problem found' if evidence else 'healthy'}", tuple(lines), evidence)
        ]


def _not_after(left: int) -> str:
    """When a certificate expires (``left`` seconds from now), the way a person reads it."""
    if abs(left) >= 2 * 86400:
        return f"in {left / 86400:.1f} days" if left > 0 else f"{-left / 86400:.1f} days ago (EXPIRED)"
    return f"in {format_duration(left)}" if left > 0 else f"{format_duration(-left)} ago (EXPIRED)"


@registered
class DescribeCertificate(Investigation):
    """Describe an ACM certificate: type, expiry, renewal eligibility and where it is used."""

    id = "describe_certificate"
    title = "Describe certificate"
    targets = ("acm_certificate",)
    duration = 20

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        cert = world.nodes[target]
        renews = cert.type.renews(cert)
        left = cert.status["expires_at"] - sim.tick
        days = left / 86400
        status = "ISSUED" if renews or left > 0 else "EXPIRED"
        imported = cert.config["kind"] == "IMPORTED"
        lines = (
            f"Domain: {cert.config['domain']}; Type: {cert.config['kind']}; Status: {status}",
            "NotAfter: " + ("renews automatically" if renews else _not_after(left)),
            "RenewalEligibility: "
            + (
                "INELIGIBLE (imported: ACM never renews it; reimport a renewed certificate)"
                if imported
                else f"ELIGIBLE; DNS validation record: {'present' if cert.config['validation_record'] else 'MISSING'}"
            ),
            f"InUseBy: {', '.join(world.protected_by.get(target, [])) or '(nothing)'}",
        )
        evidence = (f"certificate:{target}",) if not renews and days < 14 else ()
        return [Finding(f"Certificate {target} is {status}", lines, evidence)]


@registered
class DescribeKeyPolicy(Investigation):
    """Read a KMS key's state and key policy (GetKeyPolicy needs the key policy to allow you)."""

    id = "describe_key_policy"
    title = "Describe KMS key policy"
    targets = ("kms_key",)
    duration = 20

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        key = sim.world.nodes[target]
        policy = key.config["policy"]
        locked = key_locked(sim, target, RESPONDER_ROLE, "kms:GetKeyPolicy")
        if locked:
            return [
                Finding(
                    f"AccessDeniedException reading the key policy of {target}",
                    (locked, f"KeyState: {key.config['state']}"),
                    (f"key:{target}",),
                )
            ]
        lines = (
            f"KeyState: {key.config['state']}; rotation {'on' if key.config['rotation'] else 'off'}",
            "Statement 'Enable IAM User Permissions' (account root): "
            + ("present" if policy["root_access"] else "MISSING"),
            f"Key administrators: {', '.join(policy['admins']) or '(none)'}",
            f"Key users: {', '.join(policy['users']) or '(none)'}",
        )
        broken = key.config["state"] != "Enabled" or not policy["root_access"]
        return [Finding(f"Key {target} is {key.config['state']}", lines, (f"key:{target}",) if broken else ())]


def _failing_tasks(world: Any, group: str, member: str) -> list[str]:
    """Tasks of an ECS deployment that fail this target group's health checks (new tasks come and go)."""
    node = world.nodes[member]
    rollout = ecs_rollout(node)
    if node.type.id != "ecs_service" or not ecs_stuck(node) or rollout is None:
        return []
    spec = node.status["versions"][rollout["to"]]
    if spec.get("fails") != "health_check":
        return []
    desired = int(node.config["desired_count"])
    count = desired - int(rollout["floor"]) or desired
    path = world.nodes[group].config["health_check_path"]
    return [
        f"  {member} task {i + 1} of revision {rollout['to']} (10.0.{20 + i}.{41 + 7 * i}:{node.type.port}): "
        f"unhealthy (Target.ResponseCodeMismatch: Health checks failed with these codes: [404]; path {path})"
        for i in range(min(count, 4))
    ]


@registered
class DescribeTargetHealth(Investigation):
    """Describe target health in a target group, with reason codes."""

    id = "describe_target_health"
    title = "Describe target health"
    targets = ("target_group",)
    duration = 20

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        group = world.nodes[target]
        lines, unhealthy, evidence = [], 0, []
        for member in group.type.targets(group, world):
            healthy = group.status["health"].get(member, True)
            reason = group.status["reasons"].get(member)
            lines.append(
                f"  {member}: {'healthy' if healthy else 'unhealthy'}"
                + (
                    f" ({reason}: {'Request timed out' if reason == 'Target.Timeout' else 'Health checks failed'})"
                    if reason
                    else ""
                )
            )
            if not healthy:
                unhealthy += 1
                evidence.append(f"targets:{target}")
                if reason == "Target.Timeout":
                    evidence += [f"sg:{g}" for g in world.groups_of.get(member, [])]
            failing = _failing_tasks(world, target, member)
            if failing:
                lines += failing
                unhealthy += len(failing)
                evidence.append(f"targets:{target}")
        return [Finding(f"{target}: {unhealthy} unhealthy target(s)", tuple(lines), tuple(sorted(set(evidence))))]


@registered
class DescribeSecurityGroup(Investigation):
    """Show a security group's inbound rules."""

    id = "describe_security_group"
    title = "Describe security group"
    targets = ("security_group",)
    duration = 15

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        group = world.nodes[target]
        lines = [
            f"  tcp {r['port'] if r['port'] != -1 else 'all'}"
            + (f"-{r['to_port']}" if r["to_port"] not in (None, r["port"]) else "")
            + f" from {r['source']}"
            + (f"  ({r['description']})" if r["description"] else "")
            for r in group.config["ingress"]
        ] or ["  (no inbound rules)"]
        guarded = ", ".join(world.guarded_by_group.get(target, [])) or "(nothing)"
        return [
            Finding(
                f"Security group {target}: {len(group.config['ingress'])} inbound rule(s); guards {guarded}",
                tuple(lines),
                (f"sg:{target}",),
            )
        ]


@registered
class CheckAwsHealth(Investigation):
    """Open the AWS Health Dashboard: open events for this account's services and AZs."""

    id = "check_aws_health"
    title = "Check AWS Health"
    targets = ()
    duration = 20

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        events = sim.health_events()
        if not events:
            return [Finding("AWS Health: no open events affecting your account")]
        lines = tuple(
            f"{stamp(e['tick'])}  {e['service']} {e['code']} ({e['region']}"
            + (f", {e['az']}" if e.get("az") else "")
            + f"): {e['text']}"
            for e in events
        )
        return [
            Finding(f"AWS Health: {len(events)} open event(s)", lines, tuple(f"health:{e['code']}" for e in events))
        ]


ENDPOINTS = {"dynamodb_table": "dynamodb.{region}.amazonaws.com", "s3_bucket": "{id}.s3.{region}.amazonaws.com"}


@registered
class ResolveEndpoint(Investigation):
    """Resolve a data store's Regional endpoint from the application's network and send it one
    request (``dig`` and ``curl`` from an instance): is it DNS, or is the service answering errors?"""

    id = "resolve_endpoint"
    title = "Resolve the service endpoint (dig, curl)"
    targets = tuple(ENDPOINTS)
    duration = 40

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        node = sim.world.nodes[target]
        host = ENDPOINTS[node.type.id].format(region=node.region, id=node.id)
        failure = node.status.get("endpoint_failure")
        if failure:
            lines = (
                f"$ dig +short {host}",
                "(no answer: status NOERROR, ANSWER SECTION empty)",
                f"$ curl -sS -o /dev/null -w '%{{http_code}}' https://{host}/",
                f"curl: (6) Could not resolve host: {host}",
                f"SDK: {failure}",
            )
            return [Finding(f"{host} does not resolve: its DNS answer is empty", lines, (f"endpoint:{target}",))]
        digest = sum(ord(c) for c in host)
        address = f"{52 + digest % 3}.{200 + digest % 50}.{digest % 250}.{(digest * 7) % 250}"
        by_kind = node.type.kind_success(node, "reads")
        lines = [f"$ dig +short {host}", address]
        if by_kind is not None and by_kind[0] < 0.5:
            lines += [f"$ curl -sS -I https://{host}/", "HTTP/1.1 503 Slow Down", by_kind[1]]
            return [Finding(f"{host} resolves, and answers 503 Slow Down", tuple(lines), (f"endpoint:{target}",))]
        writes = node.type.kind_success(node, "writes")
        lines += [f"$ curl -sS -I https://{host}/", "HTTP/1.1 200 OK"]
        if node.type.id == "dynamodb_table":
            lines.append(f"healthy: {host}")
        if writes is not None and writes[0] < 0.5:
            lines += ["$ aws s3api put-object (test object)", writes[1]]
            return [Finding(f"{host} answers reads; writes fail", tuple(lines), (f"endpoint:{target}",))]
        return [Finding(f"{host} resolves and answers normally", tuple(lines))]


@registered
class DescribeDbEvents(Investigation):
    """List recent RDS events for a DB instance (failovers, reboots, maintenance)."""

    id = "describe_db_events"
    title = "Describe RDS events"
    targets = ("rds_instance",)
    duration = 20

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        db = sim.world.nodes[target]
        events = db.status.get("events", [])
        if not events:
            return [Finding(f"No recent events for {target}")]
        lines = tuple(f"{stamp(e['tick'])}  {e['text']}" for e in events[-8:])
        return [Finding(f"{len(events)} event(s) for {target}", lines, (f"db-events:{target}",))]


@registered
class ContributorInsights(Investigation):
    """Turn on DynamoDB Contributor Insights and read the most-accessed and most-throttled keys."""

    id = "contributor_insights"
    title = "DynamoDB Contributor Insights"
    targets = ("dynamodb_table",)
    duration = 150

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        table = sim.world.nodes[target]
        if not table.config["contributor_insights"]:
            # an observability switch, not a production change: turned on in the template too, so
            # looking does not make a stack-managed table drift (and cost compliance points)
            sim.world.set_config(target, "contributor_insights", True)
            sim.world.set_template(target, "contributor_insights", True)
        hot = table.status.get("hot_key")
        share = float(table.status.get("hot_share", 0.0))
        writes = table.observed.get("consumed_wcu", 0.0) + table.observed.get("write_throttles", 0.0)
        if not hot or share <= 1.0 / table.config["partitions"] or table.config["write_sharding"]:
            return [Finding(f"{target}: keys are evenly spread", ("Most accessed keys: no key above 2% of traffic",))]
        lines = (
            f"Most accessed partition keys: {hot} {share * 100:.0f}% ({writes * share * 60:.0f} writes/min)",
            f"Most throttled partition keys: {hot} ({table.observed.get('write_throttles', 0.0) * 60:.0f}/min)",
            "A single partition serves at most 1,000 WCU / 3,000 RCU per second",
        )
        return [Finding(f"{target}: hot key {hot}", lines, (f"hot-key:{target}",))]


@registered
class InspectQueue(Investigation):
    """Show an SQS queue's attributes and peek at messages with their receive counts."""

    id = "inspect_queue"
    title = "Inspect SQS queue"
    targets = ("sqs_queue",)
    duration = 30

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        queue = sim.world.nodes[target]
        cfg, st = queue.config, queue.status
        redrive = cfg["redrive"]
        lines = [
            f"ApproximateNumberOfMessages: {st['depth']:.0f}; ApproximateAgeOfOldestMessage: {st['age']:.0f}s",
            f"VisibilityTimeout: {cfg['visibility_timeout']}s; FIFO: {cfg['fifo']}; RedrivePolicy: "
            + (
                f"deadLetterTarget {redrive['dlq']}, maxReceiveCount {redrive['max_receive_count']}"
                if redrive
                else "(none)"
            ),
        ]
        evidence: tuple[str, ...] = ()
        if st["poison"]:
            receives = int(st["poison_receives"]) + 1
            lines.append(
                f"Peek: messageId 5c1e9a1e-…  ApproximateReceiveCount {receives}  body "
                '{"orderId": null, "items": "[object Object]"}'
            )
            evidence = (f"queue:{target}",)
        return [Finding(f"{target}: {st['depth']:.0f} messages, oldest {st['age']:.0f}s", tuple(lines), evidence)]


@registered
class DescribeConcurrency(Investigation):
    """Show Lambda concurrency: this function's reservation and the account's busiest functions."""

    id = "describe_concurrency"
    title = "Describe Lambda concurrency"
    targets = ("lambda_function",)
    duration = 30

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        fn = world.nodes[target]
        functions = sorted(world.of_type("lambda_function"), key=lambda n: -n.observed.get("concurrency", 0.0))
        reserved = sum(n.config["reserved_concurrency"] or 0 for n in functions)
        lines = [
            f"{target}: reserved concurrency {fn.config['reserved_concurrency'] or '(none)'}; "
            f"throttles {fn.observed.get('throttles', 0.0) * 60:.0f}/min",
            f"Account concurrency limit 1000; reserved by functions {reserved}; unreserved {1000 - reserved}",
        ]
        lines += [
            f"  {n.id:<24} ConcurrentExecutions {n.observed.get('concurrency', 0.0):>6.0f}"
            f"  reserved {n.config['reserved_concurrency'] if n.config['reserved_concurrency'] is not None else '-'}"
            for n in functions[:5]
        ]
        throttled = fn.observed.get("throttles", 0.0) > 0
        evidence = (f"concurrency:{target}",) if throttled else ()
        # While unreserved functions are throttled, the one holding most of the pool is the hog.
        unreserved = [n for n in functions if n.config["reserved_concurrency"] is None]
        if any(n.observed.get("throttles", 0.0) > 0 for n in unreserved):
            hog = unreserved[0]
            if hog.observed.get("concurrency", 0.0) > 0.5 * (1000 - reserved):
                lines.append(f"{hog.id} holds most of the unreserved pool: every unreserved function is throttled")
                evidence += (f"concurrency-hog:{hog.id}",)
        return [Finding(f"{target}: {'throttled' if throttled else 'not throttled'}", tuple(lines), evidence)]


@registered
class ReviewGuardDuty(Investigation):
    """List GuardDuty findings for the account."""

    id = "review_guardduty"
    title = "Review GuardDuty findings"
    targets = ()
    duration = 30

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        detectors = sim.world.of_type("guardduty_detector")
        if not detectors or not detectors[0].config["enabled"]:
            return [Finding("GuardDuty is not enabled in this Region")]
        findings = [f for d in detectors for f in d.status["findings"]]
        if not findings:
            return [Finding("GuardDuty: no findings")]
        lines = tuple(f"{stamp(f['tick'])}  severity {f['severity']}  {f['type']}: {f['text']}" for f in findings)
        return [
            Finding(
                f"GuardDuty: {len(findings)} finding(s)", lines, tuple(f"guardduty:{f['resource']}" for f in findings)
            )
        ]


@registered
class DescribeStackEvents(Investigation):
    """List a CloudFormation stack's recent events and status."""

    id = "describe_stack_events"
    title = "Describe stack events"
    targets = ("cloudformation_stack",)
    duration = 20

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        stack = sim.world.nodes[target]
        records = [r for r in sim.trail if r.resource == target and r.source == "cloudformation.amazonaws.com"]
        lines = [f"StackStatus: {stack.status['stack_status']}; last drift detection: {stack.status['drift_status']}"]
        lines += [f"  {stamp(r.tick)}  {r.event}: {r.detail}" for r in records[-8:]]
        return [Finding(f"Stack {target}: {stack.status['stack_status']}", tuple(lines))]


@registered
class DescribeStream(Investigation):
    """Describe a Kinesis data stream (DescribeStreamSummary) and how far its consumer is behind."""

    id = "describe_stream"
    title = "Describe Kinesis stream"
    targets = ("kinesis_stream",)
    duration = 20

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        stream = world.nodes[target]
        refusal = api_refusal(world, "kinesis", stream.region)
        if refusal is not None:
            code, message = refusal
            return [
                Finding(
                    f"DescribeStreamSummary for {target} failed",
                    (
                        f"An error occurred ({code}) when calling the DescribeStreamSummary operation "
                        f"(reached max retries: 4): {message}",
                    ),
                    (f"stream:{target}",),
                )
            ]
        cfg, st = stream.config, stream.status
        consumer = stream.type.consumer(stream, world)  # type: ignore[attr-defined]
        herd = st.get("herd")
        lines = [
            f"StreamStatus: ACTIVE; StreamMode: {cfg['mode']}; OpenShardCount: {cfg['shards']}; "
            f"RetentionPeriodHours: {cfg['retention_hours']}; EncryptionType: {cfg['encryption']}",
            f"Write limit {stream.type.write_capacity(stream):.0f} records/s; "  # type: ignore[attr-defined]
            f"incoming {stream.observed.get('incoming', 0.0):.0f} records/s",
            f"Consumer {consumer or '(none)'}: behind by {st['age']:.0f}s ({st['backlog']:.0f} records); "
            f"reading {st['processed']:.0f} records/s",
        ]
        if herd is not None:
            lines.append(
                f"Leases of {herd['consumer']}: every worker restarted at {stamp(herd['since'])}; lease table churning"
            )
        abnormal = st["age"] > 60 or herd is not None or stream.observed.get("write_throttled", 0.0) > 0
        return [
            Finding(
                f"Stream {target}: consumer {st['age']:.0f}s behind",
                tuple(lines),
                (f"stream:{target}",) if abnormal else (),
            )
        ]
