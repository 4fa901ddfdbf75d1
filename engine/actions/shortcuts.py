"""Tempting moves: they make the symptom go away now and cost later, as they do in real life.

Every one of these works in the short run — that is the point. Their compliance tags
(``admin-grant``, ``over-privileged``, ``disables-audit``, ``data-loss``,
``bypasses-approval``, ``manual-change``) and the state they leave behind are what the
score and the debrief hold against them.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import Field

from ..iam import ADMIN_STATEMENT
from ..resources.base import StrictModel
from ..resources.delivery import stack_members
from ..world import Node
from .base import ActionType, Context, Outcome
from .kit import RESPONDER_ROLE, ConfigChange, key_locked, registered


@registered
class GrantPublicInvoke(ConfigChange):
    """Let anyone invoke a function (resource policy Principal ``*``): every service gets in."""

    id = "grant_public_invoke"
    title = "Allow invoke from Principal *"
    targets = ("lambda_function", "sqs_queue", "sns_topic")
    duration = 30
    tags = frozenset({"over-privileged"})
    trail_event, trail_source = "AddPermission20150331v2", "lambda.amazonaws.com"

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        return {"resource_policy": [*node.config["resource_policy"], {"principal": "*", "source": None}]}


@registered
class MatchAllPattern(ConfigChange):
    """Widen a rule's pattern to match every event on the bus (``source`` prefix "")."""

    id = "match_all_pattern"
    title = "Match all events"
    targets = ("eventbridge_rule",)
    duration = 30
    trail_event, trail_source = "PutRule", "events.amazonaws.com"
    sets = {"pattern": {"source": [{"prefix": ""}]}}


@registered
class AttachAdminPolicy(ConfigChange):
    """Attach AdministratorAccess to a role so that nothing it does can be denied by IAM."""

    id = "attach_admin_policy"
    title = "Attach AdministratorAccess"
    targets = ("iam_role",)
    duration = 20
    tags = frozenset({"admin-grant"})
    trail_event, trail_source = "AttachRolePolicy", "iam.amazonaws.com"

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        admin = {"name": "AdministratorAccess", "managed": True, "statements": [dict(ADMIN_STATEMENT)]}
        return {"policies": [*node.config["policies"], admin]}


class WildcardParams(StrictModel):
    services: list[str] = Field(default_factory=lambda: ["s3", "kms"], description="services to allow fully")


@registered
class GrantServiceWildcard(ConfigChange):
    """Give a role every action of some services on every resource (``s3:*``, ``kms:*`` on ``*``)."""

    id = "grant_service_wildcard"
    title = "Grant service wildcards"
    targets = ("iam_role",)
    Params = WildcardParams
    duration = 30
    tags = frozenset({"over-privileged"})
    trail_event, trail_source = "PutRolePolicy", "iam.amazonaws.com"

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        statement = {"effect": "Allow", "actions": [f"{s}:*" for s in params["services"]], "resources": ["*"]}
        return {
            "policies": [*node.config["policies"], {"name": "quick-fix", "managed": False, "statements": [statement]}]
        }


@registered
class OpenSecurityGroup(ConfigChange):
    """Allow all traffic from 0.0.0.0/0 into a security group."""

    id = "open_security_group"
    title = "Open security group to the world"
    targets = ("security_group",)
    duration = 20
    tags = frozenset({"opens-network"})
    trail_event, trail_source = "AuthorizeSecurityGroupIngress", "ec2.amazonaws.com"

    def change(self, sim: Any, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        rule = {"port": -1, "to_port": None, "source": "0.0.0.0/0", "description": "temp fix"}
        return {"ingress": [*node.config["ingress"], rule]}


@registered
class DeleteLifecycleHook(ConfigChange):
    """Delete an Auto Scaling group's launch lifecycle hook: new instances go InService at once,
    without their bootstrap."""

    id = "delete_lifecycle_hook"
    title = "Delete lifecycle hook"
    targets = ("autoscaling_group",)
    duration = 20
    tags = frozenset({"bypasses-approval"})
    trail_event, trail_source = "DeleteLifecycleHook", "autoscaling.amazonaws.com"
    sets = {"lifecycle_hooks": []}

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome | None:
        outcome = super().apply(sim, target, params, ctx)
        if outcome is None:  # the control plane refused the call: the hook is still there
            return None
        node = sim.world.nodes[target]
        for instance in node.status["instances"]:
            if instance["state"] == "Pending:Wait":
                node.type.complete(node, sim, instance["id"], "CONTINUE", bootstrapped=False)
        return outcome


@registered
class MuteAlarm(ConfigChange):
    """Disable an alarm's actions so it stops paging."""

    id = "mute_alarm"
    title = "Disable alarm actions"
    targets = ("cloudwatch_alarm",)
    duration = 15
    tags = frozenset({"disables-audit"})
    trail_event, trail_source = "DisableAlarmActions", "monitoring.amazonaws.com"
    sets = {"actions_enabled": False}


@registered
class DisableConfigRule(ConfigChange):
    """Turn off an AWS Config rule so it stops reporting."""

    id = "disable_config_rule"
    title = "Disable Config rule"
    targets = ("config_rule",)
    duration = 20
    tags = frozenset({"disables-audit"})
    trail_event, trail_source = "DeleteConfigRule", "config.amazonaws.com"
    sets = {"enabled": False}


@registered
class RemoveBucketEncryption(ConfigChange):
    """Remove a bucket's default encryption (new objects are written unencrypted)."""

    id = "remove_bucket_encryption"
    title = "Remove bucket encryption"
    targets = ("s3_bucket",)
    duration = 20
    trail_event, trail_source = "DeleteBucketEncryption", "s3.amazonaws.com"
    sets = {"encryption": "none"}


@registered
class SwitchListenerToHttp(ConfigChange):
    """Serve a load balancer's listener over plain HTTP, so no certificate is needed."""

    id = "switch_listener_to_http"
    title = "Switch listener to HTTP"
    targets = ("alb",)
    duration = 30
    trail_event, trail_source = "ModifyListener", "elasticloadbalancing.amazonaws.com"
    sets = {"listener_protocol": "HTTP"}


@registered
class ScheduleKeyDeletion(ConfigChange):
    """Schedule a KMS key for deletion (7–30 days; everything it encrypts becomes unreadable)."""

    id = "schedule_key_deletion"
    title = "Schedule key deletion"
    targets = ("kms_key",)
    duration = 15
    tags = frozenset({"data-loss"})
    trail_event, trail_source = "ScheduleKeyDeletion", "kms.amazonaws.com"
    sets = {"state": "PendingDeletion"}

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        return key_locked(sim, target, RESPONDER_ROLE, "kms:ScheduleKeyDeletion") or super().precondition(
            sim, target, params
        )


@registered
class PurgeQueue(ActionType):
    """Delete every message in a queue (PurgeQueue): the backlog and the bad message vanish —
    and so does every order in it."""

    id = "purge_queue"
    title = "Purge queue"
    family = "remediate"
    targets = ("sqs_queue",)
    duration = 60
    tags = frozenset({"data-loss"})

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        queue = sim.world.nodes[target]
        lost = queue.status["depth"]
        stalled = bool(queue.status["poison"]) and queue.config["fifo"]
        sim.world.set_status(target, depth=0.0, poison=0, poison_receives=0, age=0.0)
        sim.world.start_ticking(target)
        if not stalled:
            sim.lose_work(target, lost, f"purge of {target}")
        # else: a blocked FIFO group's backlog already counts as work not done; purged, it never will be
        sim.record_trail("PurgeQueue", "sqs.amazonaws.com", sim.actor_arn(ctx), target)
        return Outcome(f"{target} purged: {lost:.0f} messages deleted")


@registered
class SyncBucketCopy(ActionType):
    """Copy objects to the replica bucket with ``aws s3 sync``: the replica fills up, without
    version IDs, replication status or the destination key, and with inter-Region egress."""

    id = "s3_sync_copy"
    title = "Copy objects with aws s3 sync"
    family = "remediate"
    targets = ("s3_bucket",)
    duration = 600
    cost_cents = 41000
    tags = frozenset({"manual-change"})

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if sim.world.nodes[target].config["replication"] is None:
            return f"{target} has no replica bucket to copy to"
        return None

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        bucket = sim.world.nodes[target]
        destination = bucket.config["replication"]["destination"]
        sim.world.set_status(target, backfilled_at=sim.tick)
        if destination in sim.world.nodes:
            sim.world.set_config(destination, "encryption", "none")
        sim.record_trail(
            "PutObject",
            "s3.amazonaws.com",
            sim.actor_arn(ctx),
            destination,
            "aws s3 sync (unencrypted copies, new version IDs)",
        )
        return Outcome(f"objects copied from {target} to {destination} (replicas unencrypted; $410 egress)")


@registered
class RestoreDbSnapshot(ActionType):
    """Restore the database from its latest snapshot into a new instance: the data since the
    snapshot is gone and the database is down while it restores."""

    id = "restore_db_snapshot"
    title = "Restore DB from snapshot"
    family = "remediate"
    targets = ("rds_instance",)
    duration = 60
    cost_cents = 2500
    tags = frozenset({"data-loss"})

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        db = sim.world.nodes[target]
        restore = 20 * 60
        sim.world.set_status(
            target,
            unavailable_until=sim.tick + restore,
            events=[
                *db.status["events"],
                {
                    "tick": sim.tick,
                    "text": "Restoring from snapshot rds:orders-db-2024-nightly (data after 04:00 UTC lost)",
                },
            ],
        )
        sim.node_timer(target, restore, "available")
        for caller in sim.world.callers[target]:
            stale = dict(sim.world.nodes[caller].status.get("stale_connections", {}))
            stale.pop(target, None)
            sim.world.set_status(caller, stale_connections=stale)
        sim.lose_work(target, db.load * 6 * 3600 * 0.05, "writes since the last snapshot")
        sim.record_trail("RestoreDBInstanceFromDBSnapshot", "rds.amazonaws.com", sim.actor_arn(ctx), target)
        return Outcome(f"{target} restoring from snapshot (about 20 minutes; recent writes lost)")


@registered
class RecreateStack(ActionType):
    """Delete the stack and create it again from the template: no drift afterwards — and every
    resource in it down meanwhile, with stateful data gone."""

    id = "recreate_stack"
    title = "Delete and recreate stack"
    family = "remediate"
    targets = ("cloudformation_stack",)
    duration = 900
    tags = frozenset({"data-loss"})

    def start(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> None:
        for member in stack_members(sim.world, target):
            impairments = dict(sim.world.nodes[member].status.get("impairments", {}))
            impairments["stack-deleted"] = {"ok": 0.0, "cause": f"{member} does not exist (stack {target} deleted)"}
            sim.world.set_status(member, impairments=impairments)
        sim.record_trail("DeleteStack", "cloudformation.amazonaws.com", sim.actor_arn(ctx), target)

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        for member in stack_members(sim.world, target):
            node = sim.world.nodes[member]
            impairments = dict(node.status.get("impairments", {}))
            impairments.pop("stack-deleted", None)
            sim.world.set_status(member, impairments=impairments)
            if node.template is not None:
                for key, value in node.template.items():
                    sim.world.set_config(member, key, copy.deepcopy(value))
        sim.record_trail("CreateStack", "cloudformation.amazonaws.com", sim.actor_arn(ctx), target)
        return Outcome(f"stack {target} recreated from its template")


@registered
class FailoverDatabase(ActionType):
    """Reboot the DB instance with failover (the standby becomes primary; 60–120 s of refused
    connections, and clients caching DNS hold stale connections again)."""

    id = "failover_db"
    title = "Reboot with failover"
    family = "remediate"
    targets = ("rds_instance",)
    duration = 20

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        return None if sim.world.nodes[target].config["multi_az"] else f"{target} is not Multi-AZ"

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        sim.fail_over_database(target, stale_share=0.6, reason="reboot with failover requested by the team")
        sim.record_trail("RebootDBInstance", "rds.amazonaws.com", sim.actor_arn(ctx), target, "ForceFailover=true")
        return Outcome(f"{target} is failing over")


class ReplaceParams(StrictModel):
    count: int = Field(2, ge=1, le=100, description="how many of the busiest instances to replace")


@registered
class ReplaceInstances(ActionType):
    """Terminate the instances that look sick (TerminateInstanceInAutoScalingGroup, desired
    capacity kept) so that Auto Scaling launches fresh ones. Fresh instances are not faster
    instances when the group is simply short of capacity; and while EC2 cannot launch, the
    terminated ones are not replaced at all."""

    id = "replace_instances"
    title = "Replace unhealthy-looking instances"
    family = "remediate"
    targets = ("autoscaling_group",)
    Params = ReplaceParams
    duration = 45

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        node = sim.world.nodes[target]
        serving = sorted(
            (i for i in node.status["instances"] if i["state"] == "InService"), key=lambda i: (i["since"], i["id"])
        )
        gone = serving[: params["count"]]
        for instance in gone:
            instance["state"] = "Terminated"
            node.type.activity(node, sim, f"Terminating EC2 instance: {instance['id']} (terminated by user request)")
            sim.record_trail(
                "TerminateInstanceInAutoScalingGroup",
                "autoscaling.amazonaws.com",
                sim.actor_arn(ctx),
                target,
                f"{instance['id']}, ShouldDecrementDesiredCapacity=false",
            )
        node.status["instances"] = [i for i in node.status["instances"] if i["state"] != "Terminated"]
        node.type.reconcile(node, sim)
        sim.world.touch(target)
        pending = sum(1 for i in node.status["instances"] if i["state"] == "Pending")
        return Outcome(
            f"{len(gone)} instance(s) of {target} terminated; "
            + (f"{pending} replacement(s) launching" if pending else "no replacement could be launched")
        )
