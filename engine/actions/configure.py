"""Configuration fixes, each available in the console (``ID``) and through the pipeline (``ID_iac``).

These are the scoped, correct changes: enable a rule, fix its pattern, add the one
permission that is missing, correct an alarm. Which channel to use is the player's call —
the console is fast and drifts, the pipeline is slow and lasting.
"""

from __future__ import annotations

import copy
import hashlib
import re
from typing import Any, Literal

from pydantic import Field

from ..resources.base import StrictModel
from ..resources.changes import ecs_stuck
from ..world import Node
from .kit import ConfigChange, console_and_pipeline, needed_permissions


@console_and_pipeline
class EnableRule(ConfigChange):
    """Enable an EventBridge rule."""

    id = "enable_rule"
    title = "Enable EventBridge rule"
    targets = ("eventbridge_rule",)
    duration = 30
    trail_event, trail_source = "EnableRule", "events.amazonaws.com"
    sets = {"state": "ENABLED"}


class PatternParams(StrictModel):
    source: str = Field(description="the event source to match, as the producer sends it")
    detail_type: str | None = Field(None, description="the detail-type to match (default: keep the current one)")


@console_and_pipeline
class FixEventPattern(ConfigChange):
    """Set an EventBridge rule's pattern to a given source (and detail-type)."""

    id = "fix_event_pattern"
    title = "Fix event pattern"
    targets = ("eventbridge_rule",)
    Params = PatternParams
    duration = 60
    trail_event, trail_source = "PutRule", "events.amazonaws.com"

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        """The source and detail-type of each event its bus receives (what the bus's metrics and archive show)."""
        world = sim.world
        seen = []
        for bus in world.trigger_in[target or ""]:
            for producer in sorted({*world.trigger_in[bus], *world.callers[bus]}):  # PutEvents callers too
                event = world.event_of(producer, bus)
                choice = {"source": event["source"], "detail_type": event.get("detail-type")}
                if choice not in seen:
                    seen.append(choice)
        return seen

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        pattern = copy.deepcopy(node.config["pattern"])
        pattern["source"] = [params["source"]]
        if params["detail_type"]:
            pattern["detail-type"] = [params["detail_type"]]
        return {"pattern": pattern}


class InvokeParams(StrictModel):
    principal: Literal["events.amazonaws.com", "apigateway.amazonaws.com", "sns.amazonaws.com", "s3.amazonaws.com"] = (
        "events.amazonaws.com"
    )
    source: str | None = Field(None, description="the rule, API or topic allowed (default: the one connected)")


@console_and_pipeline
class AddInvokePermission(ConfigChange):
    """Add a scoped resource-policy statement: one service principal, from one source ARN."""

    id = "add_invoke_permission"
    title = "Add scoped invoke permission"
    targets = ("lambda_function", "sqs_queue", "sns_topic")
    Params = InvokeParams
    duration = 45
    trail_event, trail_source = "AddPermission20150331v2", "lambda.amazonaws.com"

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        """One statement per AWS service that calls or triggers it."""
        world = sim.world
        allowed = InvokeParams.model_fields["principal"].annotation.__args__  # type: ignore[union-attr]
        callers = sorted(set(world.callers[target or ""]) | set(world.trigger_in[target or ""]))
        return [
            {"principal": principal, "source": caller}
            for caller in callers
            if (principal := world.nodes[caller].type.service_principal) in allowed
        ]

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        world = sim.world
        source = params["source"]
        if source is None:
            callers = sorted(set(world.callers[node.id]) | set(world.trigger_in[node.id]))
            source = next((c for c in callers if world.nodes[c].type.service_principal == params["principal"]), "*")
        statement = {"principal": params["principal"], "source": source}
        policy = [s for s in node.config["resource_policy"] if s != statement]
        return {"resource_policy": [*policy, statement]}


class AlarmParams(StrictModel):
    metric: str | None = None
    qualifier: str | None = Field(None, description="version or alias dimension; 'none' removes it")
    threshold: float | None = None
    treat_missing_data: Literal["missing", "notBreaching", "breaching", "ignore"] | None = None
    evaluation_periods: int | None = Field(None, ge=1, le=100)


@console_and_pipeline
class FixAlarm(ConfigChange):
    """Correct a CloudWatch alarm: its metric, dimension, threshold or missing-data treatment."""

    id = "fix_alarm"
    title = "Fix alarm configuration"
    targets = ("cloudwatch_alarm",)
    Params = AlarmParams
    duration = 45
    trail_event, trail_source = "PutMetricAlarm", "monitoring.amazonaws.com"

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if all(v is None for v in params.values()):
            return "say what to change: metric=, qualifier=, threshold=, treat_missing_data= or evaluation_periods="
        return super().precondition(sim, target, params)

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        """Missing data as breaching; the watched function's alias as the dimension; a metric the
        watched resource publishes — alone and together (never breaching on a metric that is
        only published when it is not zero)."""
        world = sim.world
        alarm = world.nodes[target or ""]
        watched = world.related(alarm.id, "monitors")
        fixes: list[dict[str, Any]] = [{"treat_missing_data": "breaching"}]
        if watched:
            node = world.nodes[watched[0]]
            alias = node.config.get("alias")
            if alias and alarm.config.get("qualifier") not in (None, alias):
                fixes.append({"qualifier": alias, "treat_missing_data": "breaching"})
                fixes.append({"qualifier": alias})
            if node.type.metric(alarm.config["metric"]) is None:
                for spec in node.type.metrics:
                    fixes.append({"metric": spec.name})
                    if spec.presence != "nonzero":  # missing is the healthy state of a non-zero-only metric
                        fixes.append({"metric": spec.name, "treat_missing_data": "breaching"})
        return fixes

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        values = {k: v for k, v in params.items() if v is not None}
        if values.get("qualifier") == "none":
            values["qualifier"] = None
        return values


class ConcurrencyParams(StrictModel):
    value: int = Field(ge=0, le=1000, description="reserved concurrency")


@console_and_pipeline
class SetReservedConcurrency(ConfigChange):
    """Reserve concurrency for a function (and cap it at that number)."""

    id = "set_reserved_concurrency"
    title = "Set reserved concurrency"
    targets = ("lambda_function",)
    Params = ConcurrencyParams
    duration = 30
    trail_event, trail_source = "PutFunctionConcurrency20171031", "lambda.amazonaws.com"
    sets_from = {"reserved_concurrency": "value"}

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        """Stop it (0), cap it small (10), or reserve a useful share (100)."""
        return [{"value": value} for value in (0, 10, 100)]


@console_and_pipeline
class EnablePartialBatchResponse(ConfigChange):
    """Turn on ReportBatchItemFailures for a function's queue event source, so one bad message no
    longer fails its whole batch."""

    id = "enable_partial_batch_response"
    title = "Enable partial batch responses"
    targets = ("lambda_function",)
    duration = 60
    trail_event, trail_source = "UpdateEventSourceMapping20150331", "lambda.amazonaws.com"
    sets = {"partial_batch_response": True}


class RedriveParams(StrictModel):
    dlq: str = Field(description="the dead-letter queue")
    max_receive_count: int = Field(5, ge=1, le=1000)


@console_and_pipeline
class SetRedrivePolicy(ConfigChange):
    """Give a queue a redrive policy: after max_receive_count receives a message moves to the DLQ."""

    id = "set_redrive_policy"
    title = "Set redrive policy"
    targets = ("sqs_queue",)
    Params = RedriveParams
    duration = 30
    trail_event, trail_source = "SetQueueAttributes", "sqs.amazonaws.com"

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        dlq = sim.world.nodes.get(params["dlq"])
        if dlq is None or dlq.type.id != "sqs_queue" or dlq.id == target:
            return f"{params['dlq']} is not another SQS queue"
        if dlq.config["fifo"] != sim.world.nodes[target or ""].config["fifo"]:
            kind = "FIFO" if dlq.config["fifo"] else "standard"
            return f"{params['dlq']} is a {kind} queue: a dead-letter queue must be of its queue's kind (FIFO or not)"
        return super().precondition(sim, target, params)

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        """Each other queue as the dead-letter queue, after five receives."""
        return [{"dlq": q.id, "max_receive_count": 5} for q in sim.world.of_type("sqs_queue") if q.id != target]

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {"redrive": {"dlq": params["dlq"], "max_receive_count": params["max_receive_count"]}}


DENIED = re.compile(r"perform:? ([a-z0-9-]+:[A-Za-z0-9]+) on (?:resource: |key )?([a-z0-9][a-z0-9-]*)")


class GrantParams(StrictModel):
    action: str = Field(pattern=r"^[a-z0-9-]+:[A-Za-z0-9*]+$", description="the IAM action, e.g. s3:GetObject")
    resource: str = Field(description="the resource it is allowed on (a node id)")


@console_and_pipeline
class GrantPermission(ConfigChange):
    """Add a least-privilege statement to a role: one action on one resource."""

    id = "grant_permission"
    title = "Grant a scoped permission"
    targets = ("iam_role",)
    Params = GrantParams
    duration = 45
    trail_event, trail_source = "PutRolePolicy", "iam.amazonaws.com"

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if "*" in params["action"] or params["resource"] in ("*",):
            return "a scoped grant names one action and one resource; wildcards are a different action"
        if params["resource"] not in sim.world.nodes:
            return f"no resource called {params['resource']}"
        return super().precondition(sim, target, params)

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        """What the role's users are denied: their calls it does not allow, and the AccessDenied
        errors CloudTrail recorded for it."""
        world = sim.world
        grants = [
            {"action": action, "resource": resource}
            for action, resource in needed_permissions(world, target or "")
            if not action.startswith("kms:") and not world.role_allows(target, action, resource)
        ]
        for record in sim.trail:
            if "AccessDenied" not in (record.error or "") or f"assumed-role/{target}/" not in record.user:
                continue
            found = DENIED.search(record.error or "")
            if found:
                grants.append({"action": found.group(1), "resource": found.group(2)})
            elif record.resource:  # CloudTrail's eventSource and eventName name the IAM action
                grants.append({"action": f"{record.source.split('.')[0]}:{record.event}", "resource": record.resource})
        unique = {(g["action"], g["resource"]): g for g in grants if g["resource"] in world.nodes}
        return [unique[k] for k in sorted(unique)]

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        policies = copy.deepcopy(node.config["policies"])
        inline = next((p for p in policies if p["name"] == "incident-fixes"), None)
        if inline is None:
            inline = {"name": "incident-fixes", "managed": False, "statements": []}
            policies.append(inline)
        inline["statements"].append(
            {"effect": "Allow", "actions": [params["action"]], "resources": [params["resource"]]}
        )
        return {"policies": policies}


class IngressParams(StrictModel):
    port: int = Field(ge=-1, le=65535)
    source: str = Field(description="a security group id or a CIDR")
    description: str = ""


@console_and_pipeline
class AuthorizeIngress(ConfigChange):
    """Add one inbound rule to a security group (a port from a source)."""

    id = "authorize_ingress"
    title = "Authorize security group ingress"
    targets = ("security_group",)
    Params = IngressParams
    duration = 30
    trail_event, trail_source = "AuthorizeSecurityGroupIngress", "ec2.amazonaws.com"

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        """The rules the template has and the group lacks (what drift detection shows)."""
        node = sim.world.nodes[target or ""]
        wanted = (node.template or {}).get("ingress", [])
        return [
            {"port": r["port"], "source": r["source"], "description": r.get("description", "")}
            for r in wanted
            if r not in node.config["ingress"]
        ]

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        rule = {
            "port": params["port"],
            "to_port": None,
            "source": params["source"],
            "description": params["description"],
        }
        return {"ingress": [*node.config["ingress"], rule]}


class RevokeParams(StrictModel):
    port: int = Field(ge=-1, le=65535)
    source: str


@console_and_pipeline
class RevokeIngress(ConfigChange):
    """Remove an inbound rule from a security group."""

    id = "revoke_ingress"
    title = "Revoke security group ingress"
    targets = ("security_group",)
    Params = RevokeParams
    duration = 30
    trail_event, trail_source = "RevokeSecurityGroupIngress", "ec2.amazonaws.com"

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        """Rules open to the internet, and rules the template does not have."""
        node = sim.world.nodes[target or ""]
        wanted = (node.template or {}).get("ingress", node.config["ingress"])
        return [
            {"port": r["port"], "source": r["source"]}
            for r in node.config["ingress"]
            if r not in wanted or r["source"] in ("0.0.0.0/0", "::/0")
        ]

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "ingress": [
                r for r in node.config["ingress"] if (r["port"], r["source"]) != (params["port"], params["source"])
            ]
        }


class InstanceTypeParams(StrictModel):
    instance_type: str


@console_and_pipeline
class SetInstanceType(ConfigChange):
    """Change the instance type of an instance or an Auto Scaling group's launch template."""

    id = "set_instance_type"
    title = "Set instance type"
    targets = ("ec2_instance", "autoscaling_group")
    Params = InstanceTypeParams
    duration = 240
    trail_event, trail_source = "ModifyInstanceAttribute", "ec2.amazonaws.com"
    sets_from = {"instance_type": "instance_type"}


def scaling_choices(node: Node, key: str) -> list[dict[str, Any]]:
    """Twice the current count, and the template's count if it differs."""
    current = int(node.config[key])
    choices = {max(current * 2, 1)}
    if node.template and key in node.template:
        choices.add(int(node.template[key]))
    return [{"desired": n} for n in sorted(choices - {current})]


class CapacityParams(StrictModel):
    desired: int = Field(ge=0, le=1000)


@console_and_pipeline
class SetDesiredCapacity(ConfigChange):
    """Set an Auto Scaling group's desired capacity (raising max if needed)."""

    id = "set_desired_capacity"
    title = "Set desired capacity"
    targets = ("autoscaling_group",)
    Params = CapacityParams
    duration = 20
    trail_event, trail_source = "SetDesiredCapacity", "autoscaling.amazonaws.com"

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        return scaling_choices(sim.world.nodes[target or ""], "desired_capacity")

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {"desired_capacity": params["desired"], "max_size": max(node.config["max_size"], params["desired"])}

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Any) -> Any:
        outcome = super().apply(sim, target, params, ctx)
        if outcome is not None:
            node = sim.world.nodes[target]
            node.type.reconcile(node, sim)
        return outcome


class TaskParams(StrictModel):
    desired: int = Field(ge=0, le=1000)


@console_and_pipeline
class SetDesiredTasks(ConfigChange):
    """Set an ECS service's desired task count."""

    id = "set_desired_tasks"
    title = "Set desired task count"
    targets = ("ecs_service",)
    Params = TaskParams
    duration = 90
    trail_event, trail_source = "UpdateService", "ecs.amazonaws.com"
    sets_from = {"desired_count": "desired"}

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        return scaling_choices(sim.world.nodes[target or ""], "desired_count")

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Any) -> Any:
        outcome = super().apply(sim, target, params, ctx)
        if outcome is not None and not ecs_stuck(
            sim.world.nodes[target]
        ):  # a stuck deployment launches only failing tasks
            sim.world.set_status(target, running=sim.world.nodes[target].config["desired_count"])
        return outcome


class ReplicationParams(StrictModel):
    replica_kms_key: str | None = Field(None, description="the destination Region's key for replicas")


@console_and_pipeline
class FixReplication(ConfigChange):
    """Make a replication rule include SSE-KMS objects and encrypt replicas with the destination key."""

    id = "fix_replication"
    title = "Fix replication rule"
    targets = ("s3_bucket",)
    Params = ReplicationParams
    duration = 60
    trail_event, trail_source = "PutBucketReplication", "s3.amazonaws.com"

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if sim.world.nodes[target].config["replication"] is None:
            return f"{target} has no replication rule to fix"
        return super().precondition(sim, target, params)

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        """The rule as is, or with each KMS key of the destination bucket's Region."""
        world = sim.world
        rule = world.nodes[target or ""].config["replication"] or {}
        destination = world.nodes.get(rule.get("destination", ""))
        region = destination.region if destination else None
        keys = [k.id for k in world.of_type("kms_key") if k.region == region]
        return [{"replica_kms_key": None}, *({"replica_kms_key": k} for k in keys)]

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        rule = dict(node.config["replication"])
        rule["sse_kms_encrypted_objects"] = True
        if params["replica_kms_key"]:
            rule["replica_kms_key"] = params["replica_kms_key"]
        return {"replication": rule}


class TableCapacityParams(StrictModel):
    wcu: int | None = Field(None, ge=1, le=400000)
    rcu: int | None = Field(None, ge=1, le=400000)
    billing: Literal["PROVISIONED", "PAY_PER_REQUEST"] | None = None


@console_and_pipeline
class SetTableCapacity(ConfigChange):
    """Change a DynamoDB table's provisioned capacity or billing mode (raises the table's limit,
    never a partition's)."""

    id = "set_table_capacity"
    title = "Set table capacity"
    targets = ("dynamodb_table",)
    Params = TableCapacityParams
    duration = 60
    trail_event, trail_source = "UpdateTable", "dynamodb.amazonaws.com"

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        """On-demand, or twice the provisioned capacity."""
        config = sim.world.nodes[target or ""].config
        choices: list[dict[str, Any]] = [{"billing": "PAY_PER_REQUEST"}]
        if config.get("wcu"):
            choices.append({"wcu": int(config["wcu"]) * 2, "rcu": int(config.get("rcu") or 1) * 2})
        return choices

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        unresolved = sim.world.nodes[target].status.get("endpoint_failure")
        if unresolved:  # UpdateTable goes to the same Regional endpoint as every other call
            return f"UpdateTable failed: {unresolved}"
        return super().precondition(sim, target, params)

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in params.items() if v is not None}


@console_and_pipeline
class RestoreValidationRecord(ConfigChange):
    """Put back the DNS validation CNAME of an Amazon-issued certificate so ACM can renew it."""

    id = "restore_validation_record"
    title = "Restore certificate validation record"
    targets = ("acm_certificate",)
    duration = 60
    trail_event, trail_source = "ChangeResourceRecordSets", "route53.amazonaws.com"
    sets = {"validation_record": True}

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if sim.world.nodes[target or ""].config["kind"] == "IMPORTED":
            return f"{target} is imported: it has no DNS validation and ACM never renews it (reimport a renewed one)"
        return super().precondition(sim, target, params)


def new_access_key_id(user: str, number: int) -> str:
    """A stable, realistic access key id for the ``number``-th key created for ``user``."""
    return "AKIA" + hashlib.sha256(f"{user}/{number}".encode()).hexdigest().upper()[:16]


@console_and_pipeline
class RotateAccessKey(ConfigChange):
    """Rotate an IAM user's access key: create a new key for whoever legitimately uses it,
    deactivate the active old one and delete keys already inactive (two keys at most)."""

    id = "rotate_access_key"
    title = "Rotate access key"
    targets = ("iam_user",)
    duration = 60
    trail_event, trail_source = "CreateAccessKey", "iam.amazonaws.com"

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if not sim.world.nodes[target].config["access_keys"]:
            return f"{target} has no access key to rotate"
        return super().precondition(sim, target, params)

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        old = [dict(k, status="Inactive") for k in node.config["access_keys"] if k["status"] == "Active"]
        created = int(node.status.get("keys_created", 0)) + 1
        sim.world.set_status(node.id, keys_created=created)
        fresh = {"id": new_access_key_id(node.id, created), "status": "Active", "age_days": 0}
        return {"access_keys": [*old, fresh]}


class OriginFailoverParams(StrictModel):
    secondary: str | None = Field(
        None, description="the origin to fail over to, e.g. the cross-Region replica bucket (default: the other origin)"
    )


def _other_origin(sim: Any, node: Node) -> str | None:
    """The distribution's origin that takes the least traffic (a standby, such as a replica bucket)."""
    origins = [c for c, kind in sim.world.callees[node.id] if kind == "routes"]
    if len(origins) < 2:
        return None
    return min(origins, key=lambda o: (sim.world.edge_attr(node.id, o, "weight", 1.0), o))


@console_and_pipeline
class AddOriginFailover(ConfigChange):
    """Put the distribution's origins in an origin group: GETs the primary answers with a 5xx
    are retried on the secondary — reads fail over to the replica bucket in another Region
    within seconds and come back by themselves when the primary recovers (PUTs never fail over)."""

    id = "add_origin_failover"
    title = "Add origin failover (origin group)"
    targets = ("cloudfront_distribution",)
    Params = OriginFailoverParams
    duration = 180  # the distribution deploys to the edge locations
    trail_event, trail_source = "UpdateDistribution", "cloudfront.amazonaws.com"

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        node = sim.world.nodes[target]
        origins = [c for c, kind in sim.world.callees[node.id] if kind == "routes"]
        secondary = params["secondary"] or _other_origin(sim, node)
        if secondary is None:
            return f"{target} has a single origin; there is nothing to fail over to"
        if secondary not in origins:
            return f"{secondary} is not an origin of {target} (origins: {', '.join(origins)})"
        return super().precondition(sim, target, params)

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {"failover_origin": params["secondary"] or _other_origin(sim, node)}


class RegionFailoverParams(StrictModel):
    to: str | None = Field(None, description="the endpoint to make primary (default: the current secondary)")


def _record_targets(sim: Any, node: Node) -> list[str]:
    return [c for c, kind in sim.world.callees[node.id] if kind == "routes"]


@console_and_pipeline
class FailOverRegion(ConfigChange):
    """Switch the application to the other Region: make the failover record's secondary endpoint
    (the stack in the replica Region) its primary. Clients follow within the record's TTL;
    failing back is the same change the other way."""

    id = "fail_over_region"
    title = "Fail over to the other Region (Route 53)"
    targets = ("route53_record",)
    Params = RegionFailoverParams
    duration = 60
    trail_event, trail_source = "ChangeResourceRecordSets", "route53.amazonaws.com"

    def _destination(self, sim: Any, node: Node, params: dict[str, Any]) -> str | None:
        if params["to"]:
            return str(params["to"])
        _, secondary = node.type.failover_pair(node, sim.world)  # type: ignore[attr-defined]
        return secondary  # type: ignore[no-any-return]

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        node = sim.world.nodes[target]
        if node.config["routing"] != "failover":
            return f"{target} uses {node.config['routing']} routing, not failover; there is no secondary to switch to"
        destination = self._destination(sim, node, params)
        if destination is None or destination not in _record_targets(sim, node):
            return f"{destination or 'no endpoint'} is not an endpoint of {target}"
        return super().precondition(sim, target, params)

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {"primary": self._destination(sim, node, params)}


class HealthCheckParams(StrictModel):
    depth: Literal["shallow", "deep"] = Field(
        "deep", description="deep: the check's path exercises the application's dependencies (/health/deep)"
    )
    failure_threshold: int | None = Field(None, ge=1, le=10)


@console_and_pipeline
class SetHealthCheck(ConfigChange):
    """Give a failover record's primary a Route 53 health check — deep enough to see what users
    see — so that Route 53 fails over (and back) by itself."""

    id = "set_health_check"
    title = "Set Route 53 health check"
    targets = ("route53_record",)
    Params = HealthCheckParams
    duration = 60
    trail_event, trail_source = "UpdateHealthCheck", "route53.amazonaws.com"

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if sim.world.nodes[target].config["routing"] != "failover":
            return f"{target} does not use failover routing; a health check would change nothing"
        return super().precondition(sim, target, params)

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {"health_check": True, "health_check_depth": params["depth"]}
        if params["failure_threshold"]:
            values["failure_threshold"] = params["failure_threshold"]
        return values

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Any) -> Any:
        node = sim.world.nodes[target]
        checking = node.config["health_check"] or node.config["evaluate_target_health"]
        outcome = super().apply(sim, target, params, ctx)
        if not checking and node.config["health_check"]:
            sim.node_timer(target, node.config["interval"], "check")  # checkers start now
        return outcome


class ShardParams(StrictModel):
    shards: int = Field(ge=1, le=10000, description="the number of shards (UpdateShardCount, uniform scaling)")


@console_and_pipeline
class SetShardCount(ConfigChange):
    """Reshard a Kinesis data stream (UpdateShardCount): more shards, more write and read
    throughput — through the Kinesis control plane, which fails when Kinesis does."""

    id = "set_shard_count"
    title = "Set shard count"
    targets = ("kinesis_stream",)
    Params = ShardParams
    duration = 120
    trail_event, trail_source = "UpdateShardCount", "kinesis.amazonaws.com"
    sets_from = {"shards": "shards"}

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        """Twice the shards."""
        return [{"shards": int(sim.world.nodes[target or ""].config["shards"]) * 2}]
