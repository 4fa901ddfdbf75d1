"""Configuration fixes, each available in the console (``ID``) and through the pipeline (``ID_iac``).

These are the scoped, correct changes: enable a rule, fix its pattern, add the one
permission that is missing, correct an alarm. Which channel to use is the player's call —
the console is fast and drifts, the pipeline is slow and lasting.
"""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import Field

from ..resources.base import StrictModel
from ..world import Node
from .kit import ConfigChange, console_and_pipeline


@console_and_pipeline
class EnableRule(ConfigChange):
    """Enable an EventBridge rule."""

    id = "enable_rule"
    title = "Enable EventBridge rule"
    targets = ("eventbridge_rule",)
    duration = 30
    trail_event, trail_source = "EnableRule", "events.amazonaws.com"

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {"state": "ENABLED"}


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

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {"reserved_concurrency": params["value"]}


@console_and_pipeline
class EnablePartialBatchResponse(ConfigChange):
    """Turn on ReportBatchItemFailures for a function's queue event source, so one bad message no
    longer fails its whole batch."""

    id = "enable_partial_batch_response"
    title = "Enable partial batch responses"
    targets = ("lambda_function",)
    duration = 60
    trail_event, trail_source = "UpdateEventSourceMapping20150331", "lambda.amazonaws.com"

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {"partial_batch_response": True}


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

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {"redrive": {"dlq": params["dlq"], "max_receive_count": params["max_receive_count"]}}


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

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {"instance_type": params["instance_type"]}


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

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {"desired_capacity": params["desired"], "max_size": max(node.config["max_size"], params["desired"])}

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Any) -> Any:
        outcome = super().apply(sim, target, params, ctx)
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

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {"desired_count": params["desired"]}

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Any) -> Any:
        outcome = super().apply(sim, target, params, ctx)
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

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if sim.world.nodes[target or ""].config["kind"] == "IMPORTED":
            return f"{target} is imported: it has no DNS validation and ACM never renews it (reimport a renewed one)"
        return super().precondition(sim, target, params)

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {"validation_record": True}
