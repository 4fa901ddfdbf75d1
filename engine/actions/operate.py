"""Operational remediations: revert drift, complete lifecycle actions, recycle connections,
redrive queues, reimport certificates, rotate keys, shift away from a bad AZ, call AWS Support."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..resources.base import StrictModel
from ..resources.delivery import pipeline_duration, pipeline_for
from .base import ActionType, Context, Outcome
from .kit import reapply, registered

DAY = 86400


@registered
class RevertDriftViaPipeline(ActionType):
    """Re-assert the template for one resource through the pipeline (a change set that
    touches it), undoing every out-of-band change on it. Compliant; as slow as the pipeline."""

    id = "iac_revert_drift"
    title = "Revert drift through the pipeline"
    family = "remediate"
    targets = ("*",)
    channel = "pipeline"

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if sim.world.nodes[target].template is None:
            return f"{target} is not managed by a stack"
        return None

    def duration_for(self, sim: Any, target: str | None, params: dict[str, Any]) -> int:
        return pipeline_duration(sim.world, pipeline_for(sim.world, target or ""))

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        changed = reapply(sim, target)
        node = sim.world.nodes[target]
        sim.record_trail(
            "ExecuteChangeSet",
            "cloudformation.amazonaws.com",
            "arn:aws:sts::123456789012:assumed-role/pipeline-deploy-role",
            node.stack,
            f"re-asserted {target}",
        )
        if not changed:
            return Outcome(f"{target} already matched its template; nothing changed")
        return Outcome(f"{target} re-asserted from the template: {', '.join(changed)} restored")


@registered
class RevertByHand(ActionType):
    """Put a drifted resource back to what its template says, by hand in the console."""

    id = "revert_by_hand"
    title = "Revert drift by hand"
    family = "remediate"
    targets = ("*",)
    duration = 90
    tags = frozenset({"manual-change"})

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if sim.world.nodes[target].template is None:
            return f"{target} is not managed by a stack; there is no template to return to"
        return None

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        changed = reapply(sim, target)
        sim.record_trail(
            "ConsoleChange",
            "console.amazonaws.com",
            sim.actor_arn(ctx),
            target,
            f"restored {', '.join(changed) or 'nothing'}",
        )
        return Outcome(f"{target}: {', '.join(changed) or 'nothing'} restored by hand")


class LifecycleParams(StrictModel):
    result: Literal["CONTINUE", "ABANDON"] = "CONTINUE"
    bootstrap: bool = Field(True, description="run the bootstrap on each instance first (SSM Run Command)")


@registered
class CompleteLifecycleAction(ActionType):
    """Complete the launch lifecycle action for every instance waiting in Pending:Wait —
    after running their bootstrap by hand (slower) or without it (they join unconfigured)."""

    id = "complete_lifecycle_action"
    title = "Complete lifecycle action"
    family = "remediate"
    targets = ("autoscaling_group",)
    Params = LifecycleParams
    duration = 60

    def duration_for(self, sim: Any, target: str | None, params: dict[str, Any]) -> int:
        return 240 if params["bootstrap"] and params["result"] == "CONTINUE" else 45

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        node = sim.world.nodes[target]
        waiting = [i["id"] for i in node.status["instances"] if i["state"] == "Pending:Wait"]
        for instance in waiting:
            node.type.complete(node, sim, instance, params["result"], bootstrapped=params["bootstrap"])
        sim.record_trail(
            "CompleteLifecycleAction",
            "autoscaling.amazonaws.com",
            sim.actor_arn(ctx),
            target,
            f"{len(waiting)} instance(s), result {params['result']}",
        )
        return Outcome(f"{len(waiting)} waiting instance(s) in {target} completed with {params['result']}")


@registered
class RecycleConnections(ActionType):
    """Recycle a service's connections with a rolling restart (new tasks, instances or
    execution environments resolve DNS afresh and open new connection pools)."""

    id = "recycle_connections"
    title = "Recycle connection pools (rolling restart)"
    family = "remediate"
    targets = ("lambda_function", "ecs_service", "autoscaling_group", "ec2_instance")
    channel = "automation"
    duration = 180

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        stale = sim.world.nodes[target].status.get("stale_connections", {})
        sim.world.set_status(target, stale_connections={})
        sim.record_trail("UpdateService", "ecs.amazonaws.com", sim.actor_arn(ctx), target, "forceNewDeployment")
        return Outcome(
            f"{target} restarted; "
            + (f"fresh connections to {', '.join(sorted(stale))}" if stale else "no stale connections were held")
        )


@registered
class RedriveDlq(ActionType):
    """Move the messages in a dead-letter queue back to their source queue (StartMessageMoveTask)."""

    id = "redrive_dlq"
    title = "Redrive dead-letter queue"
    family = "remediate"
    targets = ("sqs_queue",)
    channel = "automation"
    duration = 120

    def _source(self, sim: Any, dlq: str) -> str | None:
        return next(
            (q.id for q in sim.world.of_type("sqs_queue") if q.config["redrive"] and q.config["redrive"]["dlq"] == dlq),
            None,
        )

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if self._source(sim, target) is None:
            return f"{target} is not the dead-letter queue of any queue"
        if sim.world.nodes[target].status["depth"] < 1:
            return f"{target} is empty"
        return None

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        world = sim.world
        source = self._source(sim, target)
        dlq, queue = world.nodes[target], world.nodes[source]
        moved = dlq.status["depth"]
        bad = int(dlq.status.get("poison", 0))  # a message that cannot be processed fails again
        world.set_status(target, depth=0.0, poison=0, poison_receives=0)
        world.set_status(
            source,
            depth=queue.status["depth"] + moved,
            poison=int(queue.status["poison"]) + bad,
            poison_receives=0 if bad else queue.status["poison_receives"],
        )
        world.start_ticking(source)
        sim.recover_work(source, moved - bad, f"redrive from {target}")
        sim.record_trail("StartMessageMoveTask", "sqs.amazonaws.com", sim.actor_arn(ctx), target)
        again = f", {bad} of them the message(s) that kept failing" if bad else ""
        return Outcome(f"{moved:.0f} messages moved from {target} back to {source}{again}")


@registered
class RemovePoisonMessage(ActionType):
    """Save the message that keeps failing to a quarantine bucket, then delete it from the queue."""

    id = "quarantine_message"
    title = "Quarantine the failing message"
    family = "remediate"
    targets = ("sqs_queue",)
    duration = 240

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        return None if sim.world.nodes[target].status["poison"] else f"no message in {target} keeps failing"

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        queue = sim.world.nodes[target]
        count = queue.status["poison"]
        behind = max(queue.status["depth"] - count, 0.0)
        sim.world.set_status(target, poison=0, poison_receives=0, depth=behind)
        sim.world.start_ticking(target)
        sim.record_trail(
            "DeleteMessage", "sqs.amazonaws.com", sim.actor_arn(ctx), target, "message saved to s3://quarantine first"
        )
        if queue.config["fifo"] and behind >= 1:
            return Outcome(
                f"{count} failing message(s) saved and removed from {target}; {behind:.0f} behind it flow again"
            )
        return Outcome(f"{count} failing message(s) saved and removed from {target}")


@registered
class EnableWriteSharding(ActionType):
    """Ship the code change that spreads a hot key's writes over suffixed keys (write
    sharding) through the pipeline: the fix for a hot partition."""

    id = "enable_write_sharding"
    title = "Deploy write sharding"
    family = "remediate"
    targets = ("dynamodb_table",)
    channel = "pipeline"

    def duration_for(self, sim: Any, target: str | None, params: dict[str, Any]) -> int:
        writers = sim.world.callers[target]
        pipelines = [pipeline_for(sim.world, w) for w in writers]
        return max([pipeline_duration(sim.world, p) for p in pipelines if p] or [pipeline_duration(sim.world, None)])

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        sim.world.set_config(target, "write_sharding", True)
        if sim.world.nodes[target].template is not None:
            sim.world.set_template(target, "write_sharding", True)
        sim.record_trail(
            "StartPipelineExecution",
            "codepipeline.amazonaws.com",
            sim.actor_arn(ctx),
            target,
            "key design: write sharding with random suffixes",
        )
        return Outcome(f"writers of {target} now shard hot keys across partitions")


@registered
class ReimportCertificate(ActionType):
    """Import a renewed certificate into the same ACM ARN, so every listener using it picks it up."""

    id = "reimport_certificate"
    title = "Reimport certificate"
    family = "remediate"
    targets = ("acm_certificate",)
    duration = 300

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if sim.world.nodes[target].config["kind"] != "IMPORTED":
            return f"{target} is Amazon-issued; it renews through its validation record"
        return None

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        sim.world.set_status(target, expires_at=sim.tick + 397 * DAY)
        for user in sim.world.protected_by.get(target, ()):
            sim.world.touch(user)
        sim.record_trail("ImportCertificate", "acm.amazonaws.com", sim.actor_arn(ctx), target, "same ARN")
        return Outcome(f"renewed certificate imported into {target} (valid 397 days)")


class KeyParams(StrictModel):
    key: str | None = Field(None, description="the access key id (default: every active key)")


@registered
class DeactivateAccessKey(ActionType):
    """Deactivate an IAM user's access keys (whatever uses them stops working too)."""

    id = "deactivate_access_key"
    title = "Deactivate access key"
    family = "remediate"
    targets = ("iam_user",)
    Params = KeyParams
    duration = 20

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        user = sim.world.nodes[target]
        keys = [dict(k) for k in user.config["access_keys"]]
        hit = [k["id"] for k in keys if params["key"] in (None, k["id"]) and k["status"] == "Active"]
        for key in keys:
            if key["id"] in hit:
                key["status"] = "Inactive"
        sim.world.set_config(target, "access_keys", keys)
        sim.record_trail("UpdateAccessKey", "iam.amazonaws.com", sim.actor_arn(ctx), target, f"{hit} → Inactive")
        return Outcome(f"{', '.join(hit) or 'no active key'} deactivated on {target}")


@registered
class BatchReplication(ActionType):
    """Run S3 Batch Replication for objects that failed or were never replicated (after the
    configuration is fixed); they keep their version IDs and get the replica key."""

    id = "s3_batch_replication"
    title = "S3 Batch Replication"
    family = "remediate"
    targets = ("s3_bucket",)
    channel = "automation"
    duration = 900
    cost_cents = 2500

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        bucket = sim.world.nodes[target]
        if bucket.config["replication"] is None:
            return f"{target} has no replication rule"
        problem = bucket.type.replication_problem(bucket, sim.world)
        return f"replication would still fail: {problem[1]}" if problem else None

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        sim.world.set_status(target, backfilled_at=sim.tick)
        sim.record_trail("CreateJob", "s3.amazonaws.com", sim.actor_arn(ctx), target, "S3 Batch Replication")
        return Outcome(f"Batch Replication job for {target} completed")


@registered
class ReplayArchivedEvents(ActionType):
    """Replay events from an EventBridge archive for the time a rule was not delivering."""

    id = "replay_archived_events"
    title = "Replay archived events"
    family = "remediate"
    targets = ("eventbridge_bus",)
    channel = "automation"
    duration = 300

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        return None if sim.world.nodes[target].config["archive"] else f"{target} has no archive to replay from"

    @staticmethod
    def blocked(world: Any, bus: str) -> str | None:
        """Why replayed events would fail again (a rule on the bus still cannot deliver), or ``None``."""
        for rule_id in world.trigger_out[bus]:
            rule = world.nodes[rule_id]
            if rule.type.id != "eventbridge_rule":
                continue
            if rule.config["state"] != "ENABLED":
                return f"rule {rule_id} is DISABLED"
            if rule.type.match_fraction(rule, world) <= 0:
                return f"the event pattern of {rule_id} matches none of the events on {bus}"
            for consumer in rule.type.targets(rule, world):
                if rule.type.denied(rule, consumer, world):
                    return f"{consumer} does not allow events.amazonaws.com to invoke it from {rule_id}"
        return None

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        sim.record_trail("StartReplay", "events.amazonaws.com", sim.actor_arn(ctx), target)
        blocked = self.blocked(sim.world, target)
        if blocked:
            return Outcome(f"replay on {target} finished, but the replayed events failed again: {blocked}")
        recovered = sim.replay_lost_work(target)
        return Outcome(f"replayed archived events on {target}: {recovered:.0f} units of lost work redone")


class ShiftParams(StrictModel):
    az: str = Field(description="the Availability Zone to shift away from, e.g. us-east-1a")


@registered
class ZonalShift(ActionType):
    """Start an ARC zonal shift: the load balancer stops sending traffic to one AZ's targets."""

    id = "zonal_shift"
    title = "Zonal shift away from an AZ"
    family = "remediate"
    targets = ("alb",)
    Params = ShiftParams
    channel = "automation"
    duration = 60

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        shifted = sim.shift_away(target, params["az"])
        sim.record_trail(
            "StartZonalShift", "arc-zonal-shift.amazonaws.com", sim.actor_arn(ctx), target, f"away from {params['az']}"
        )
        return Outcome(f"{target}: traffic shifted away from {params['az']} ({', '.join(shifted) or 'no targets'})")


@registered
class OpenSupportCase(ActionType):
    """Open an urgent AWS Support case (Business support: response within an hour or less);
    the only way back into a KMS key whose policy locks everyone out."""

    id = "open_support_case"
    title = "Open an AWS Support case"
    family = "coordinate"
    targets = ("*",)
    target_optional = True
    channel = "comms"
    duration = 1500
    cost_cents = 15000

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        node = sim.world.nodes.get(target) if target else None
        if node is not None and node.type.id == "kms_key":
            policy = dict(node.config["policy"])
            policy["root_access"] = True
            sim.world.set_config(target, "policy", policy)
            if node.template is not None:
                sim.world.set_template(target, "policy", policy)
            sim.post_message(
                "AWS Support",
                "email",
                f"We restored the account-root statement on key {target}. "
                "Review the key policy and add break-glass administrators.",
            )
            return Outcome(f"AWS Support restored access to {target}")
        sim.post_message(
            "AWS Support",
            "email",
            "Thank you for contacting AWS Support. We found no service-side issue with the resources you named.",
        )
        return Outcome("AWS Support answered: no service-side issue found")
