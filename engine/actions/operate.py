"""Operational remediations: revert drift, complete lifecycle actions, recycle connections,
redrive queues, reimport certificates, rotate keys, shift away from a bad AZ, shed load with
a kill switch, call AWS Support."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..resources.base import StrictModel
from ..resources.changes import refresh_credentials
from ..resources.common import api_of
from ..resources.delivery import pipeline_duration, pipeline_for
from .base import ActionType, Context, Outcome
from .kit import PIPELINE_ARN, PIPELINE_ROLE, RESPONDER_ROLE, UPDATE_CALLS, key_locked, reapply, refused, registered

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

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome | None:
        api = api_of(sim.world.nodes[target].type.aws_type)
        if refused(sim, ctx, self.id, target, api, UPDATE_CALLS.get(api, "Update"), via_pipeline=True):
            return None
        node = sim.world.nodes[target]
        locked = key_locked(sim, target, PIPELINE_ROLE, "kms:PutKeyPolicy") if node.drift() else None
        if locked:  # CloudFormation acts as the pipeline's role, which the key policy no longer admits
            sim.record_trail(
                "PutKeyPolicy",
                "kms.amazonaws.com",
                PIPELINE_ARN,
                target,
                "change set execution",
                error="AccessDenied",
            )
            sim.fail_action(
                ctx, target, self.id, f"stack {node.stack} UPDATE_ROLLBACK_COMPLETE: {target} UPDATE_FAILED: {locked}"
            )
            return None
        changed = reapply(sim, target)
        sim.record_trail(
            "ExecuteChangeSet",
            "cloudformation.amazonaws.com",
            PIPELINE_ARN,
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
        return key_locked(sim, target, RESPONDER_ROLE, "kms:PutKeyPolicy")

    def tags_at(self, sim: Any, target: str | None, params: dict[str, Any]) -> frozenset[str]:
        if key_locked(sim, target, PIPELINE_ROLE, "kms:PutKeyPolicy"):
            return self.tags - {"manual-change"}  # the pipeline is locked out: by hand is the only way
        return self.tags

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome | None:
        api = api_of(sim.world.nodes[target].type.aws_type)
        if refused(sim, ctx, self.id, target, api, UPDATE_CALLS.get(api, "Update")):
            return None
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

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome | None:
        if refused(sim, ctx, self.id, target, "autoscaling", "CompleteLifecycleAction"):
            return None
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
    execution environments resolve DNS afresh and open new connection pools). A service
    consuming a Kinesis stream restarts every worker: they re-take their shard leases."""

    id = "recycle_connections"
    title = "Recycle connection pools (rolling restart)"
    family = "remediate"
    targets = ("lambda_function", "ecs_service", "autoscaling_group", "ec2_instance")
    channel = "automation"
    duration = 180

    CALLS = {
        "ecs": "UpdateService",
        "autoscaling": "StartInstanceRefresh",
        "lambda": "UpdateFunctionConfiguration",
        "ec2": "RebootInstances",
    }

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome | None:
        world = sim.world
        api = api_of(world.nodes[target].type.aws_type)
        if refused(sim, ctx, self.id, target, api, self.CALLS.get(api, "UpdateService")):
            return None
        stale = world.nodes[target].status.get("stale_connections", {})
        world.set_status(target, stale_connections={})
        read = refresh_credentials(world, target)  # new tasks read their secrets again
        sim.record_trail("UpdateService", "ecs.amazonaws.com", sim.actor_arn(ctx), target, "forceNewDeployment")
        streams = [s for s in world.trigger_in[target] if world.nodes[s].type.id == "kinesis_stream"]
        leases = [world.nodes[s].type.consumers_restarted(world.nodes[s], sim, target) for s in streams]
        return Outcome(
            f"{target} restarted; "
            + (f"fresh connections to {', '.join(sorted(stale))}" if stale else "no stale connections were held")
            + (f"; {', '.join(read)} read again (AWSCURRENT)" if read else "")
            + "".join(f"; {line}" for line in leases)
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
        sim.record_trail("StartMessageMoveTask", "sqs.amazonaws.com", sim.actor_arn(ctx), target)
        # only what the consumer can process now is work redone; the rest fails again and returns
        queue = world.nodes[source]
        consumer = queue.type.consumer(queue, world)
        blocked = consumer is None or queue.type.consumer_problem(queue, world) is not None
        success = 0.0 if blocked else world.nodes[consumer].ok
        sim.recover_work(source, (moved - bad) * success, f"redrive from {target}")
        again = f", {bad} of them the message(s) that kept failing" if bad else ""
        if success < 0.5:
            return Outcome(
                f"{moved:.0f} messages moved from {target} back to {source}{again} — and "
                f"{consumer or 'its consumer'} is still failing, so they will fail again and return"
            )
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
class TerminateRogueInstances(ActionType):
    """Terminate the instances someone launched with a user's credentials (the RunInstances
    calls CloudTrail shows, in every Region). While the key still works, they come back."""

    id = "terminate_rogue_instances"
    title = "Terminate instances launched with the user's keys"
    family = "remediate"
    targets = ("iam_user",)
    duration = 120

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if float(sim.world.nodes[target].status.get("extra_cost", 0.0)) <= 0:
            return f"no running instance was launched with {target}'s credentials"
        return None

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        cost = float(sim.world.nodes[target].status.get("extra_cost", 0.0))
        sim.world.set_status(target, extra_cost=0.0)
        sim.record_trail(
            "TerminateInstances",
            "ec2.amazonaws.com",
            sim.actor_arn(ctx),
            target,
            f"instances launched with {target}'s access keys, in every Region",
        )
        return Outcome(f"instances launched with {target}'s keys terminated (${cost / 100:,.2f} an hour stopped)")


@registered
class RestoreKeyPolicy(ActionType):
    """Put a KMS key's policy back to what its template says (PutKeyPolicy) — possible only
    for a key administrator, or while the policy keeps the account-root statement. A hand
    change, unless the pipeline's own role is locked out of the key."""

    id = "restore_key_policy"
    title = "Restore the key policy (PutKeyPolicy)"
    family = "remediate"
    targets = ("kms_key",)
    duration = 45

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        locked = key_locked(sim, target, RESPONDER_ROLE, "kms:PutKeyPolicy")
        return f"{locked} (only AWS Support can restore access now)" if locked else None

    def tags_at(self, sim: Any, target: str | None, params: dict[str, Any]) -> frozenset[str]:
        pipeline_can = key_locked(sim, target, PIPELINE_ROLE, "kms:PutKeyPolicy") is None
        return self.tags | ({"manual-change"} if pipeline_can else set())

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        node = sim.world.nodes[target]
        if node.template is not None and "policy" in node.template:
            policy = dict(node.template["policy"])
        else:
            policy = dict(node.config["policy"], root_access=True)
        sim.world.set_config(target, "policy", policy)
        sim.record_trail(
            "PutKeyPolicy",
            "kms.amazonaws.com",
            sim.actor_arn(ctx),
            target,
            "BypassPolicyLockoutSafetyCheck=false; account-root statement restored",
        )
        admins = ", ".join(policy["admins"]) or "(none)"
        return Outcome(f"key policy of {target} restored: account-root statement present; key administrators {admins}")


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

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        """Each Availability Zone the load balancer's targets run in."""
        world = sim.world
        zones = {
            az
            for group, _ in world.callees[target or ""]
            for t, _ in world.callees[group]
            for az in world.nodes[t].config.get("availability_zones", [world.nodes[t].az])
        }
        return [{"az": az} for az in sorted(z for z in zones if z)]

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
            # AWS Support puts the account-root statement back on the key; your template is yours
            policy = dict(node.config["policy"])
            policy["root_access"] = True
            sim.world.set_config(target, "policy", policy)
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


class ShedParams(StrictModel):
    share: float = Field(
        0.4, ge=0, le=0.9, description="share of requests answered by the static fallback (0 turns it off)"
    )


@registered
class ShedLoad(ActionType):
    """Flip the application's kill switch for non-essential features (recommendations,
    personalisation): that share of requests gets a cheap static answer, so the capacity
    running now serves what matters. The switch lives in the application's own flag table —
    a data-plane write that needs no AWS control plane; ``share=0`` turns it off again."""

    id = "shed_load"
    title = "Shed load (feature kill switch)"
    family = "remediate"
    targets = ("autoscaling_group", "ecs_service")
    Params = ShedParams
    channel = "automation"
    duration = 60

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        share = params["share"]
        sim.world.set_status(target, shed=share)
        sim.record_trail(
            "PutItem",
            "dynamodb.amazonaws.com",
            sim.actor_arn(ctx),
            target,
            f"feature-flags: non-essential features {'off for ' + format(share, '.0%') if share else 'back on'}",
        )
        if not share:
            return Outcome(f"{target}: kill switch off; every feature is served again")
        return Outcome(f"{target}: kill switch on; {share:.0%} of requests get the static fallback")
