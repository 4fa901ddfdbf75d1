"""Building blocks shared by the action families.

* :class:`Investigation` — reads state and returns findings; never changes anything.
* :class:`ConfigChange` — changes a resource's configuration. Decorated with
  :func:`console_and_pipeline` it registers twice: ``ID`` by hand in the console (fast,
  tagged ``manual-change``, and on a stack-managed resource it drifts from the template)
  and ``ID_iac`` through the pipeline (as slow as the pipeline, the template changes with
  the resource, so nothing drifts). Both share one effect, so they can never disagree.
* :func:`refused` — while AWS's control plane for an API is impaired, a call that changes
  something fails with the error AWS returns (and CloudTrail keeps it with its errorCode).
"""

from __future__ import annotations

import copy
import inspect
import json
from typing import TYPE_CHECKING, Any, ClassVar

from ..events import Finding
from ..resources.changes import ROTATION_ACTIONS, ecs_primary, ecs_update_service, rotation
from ..resources.common import api_of, api_refusal, note_refused_call
from ..resources.delivery import dominant, pipeline_duration, pipeline_for
from .base import ACTIONS, ActionType, Context, Outcome

if TYPE_CHECKING:
    from ..simulation import Simulation
    from ..world import Node, World

PIPELINE_SUFFIX = "_iac"
RESPONDER_ROLE = "OnCallEngineer"
PIPELINE_ROLE = "pipeline-deploy-role"
#: who CloudTrail shows for what the pipeline (CloudFormation, as the pipeline's role) does
PIPELINE_ARN = f"arn:aws:sts::123456789012:assumed-role/{PIPELINE_ROLE}"


def key_locked(sim: Simulation, target: str | None, role: str, action: str) -> str | None:
    """Why ``role`` may not change the KMS key ``target`` (``action``), or ``None``.

    The key policy is authoritative: a role may administer the key if the policy names it
    a key administrator, or keeps the account-root statement (then IAM decides, and the
    responders' and the pipeline's roles allow key administration). Not a key: ``None``.
    """
    node = sim.world.nodes.get(target or "")
    if node is None or node.type.id != "kms_key":
        return None
    policy = node.config["policy"]
    if policy["root_access"] or role in policy["admins"]:
        return None
    return (
        f"AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/{role} is not authorized to "
        f"perform: {action} on resource: {node.id} because no resource-based policy allows the {action} action"
    )


#: the call CloudFormation makes to update a resource, by API
UPDATE_CALLS = {
    "autoscaling": "UpdateAutoScalingGroup",
    "ec2": "ModifyInstanceAttribute",
    "ecs": "UpdateService",
    "lambda": "UpdateFunctionConfiguration",
    "kinesis": "UpdateShardCount",
    "elasticloadbalancing": "ModifyTargetGroup",
    "codedeploy": "UpdateDeploymentGroup",
    "monitoring": "PutMetricAlarm",
}


def refused(
    sim: Simulation,
    ctx: Context,
    action_id: str,
    target: str | None,
    api: str,
    event: str,
    *,
    via_pipeline: bool = False,
) -> bool:
    """Fail the action if the control plane it calls is impaired; ``True`` when it did.

    In the console the call itself fails; through the pipeline the change set fails to be
    created (CloudFormation impaired) or rolls back when the resource update fails. Either
    way CloudTrail records the call with its errorCode, and nothing changes.
    """
    world = sim.world
    node = world.nodes.get(target or "")
    region = node.region if node else "us-east-1"
    stack = node.stack if node and node.stack else "the stack"
    for name in (["cloudformation"] if via_pipeline else []) + [api]:
        refusal = api_refusal(world, name, region)
        if refusal is None:
            continue
        code, message = refusal
        if via_pipeline and name == "cloudformation":
            call, source, user, resource = "CreateChangeSet", "cloudformation.amazonaws.com", PIPELINE_ARN, stack
            reason = (
                f"the deploy stage failed: An error occurred ({code}) when calling the CreateChangeSet "
                f"operation: {message}"
            )
        elif via_pipeline:
            call, source, user, resource = event, f"{api}.amazonaws.com", PIPELINE_ARN, target
            reason = (
                f"the deploy stage failed: stack {stack} UPDATE_ROLLBACK_COMPLETE — {target}: Resource handler "
                f'returned message: "{message}" (Service: {api}, ErrorCode: {code}); nothing changed'
            )
        else:
            call, source, user, resource = event, f"{api}.amazonaws.com", sim.actor_arn(ctx), target
            reason = (
                f"An error occurred ({code}) when calling the {event} operation (reached max retries: 4): {message}"
            )
        sim.record_trail(call, source, user, resource, "", error=code)
        if resource:
            note_refused_call(world, resource, call)
        sim.fail_action(ctx, target, action_id, reason)
        return True
    return False


def compact(value: Any) -> str:
    """A short JSON rendering for findings (sorted keys, no spaces)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


class Investigation(ActionType):
    """An action that reads state and reports findings (the ``investigate`` family)."""

    family = "investigate"
    channel = "console"
    duration = 45

    def findings(self, sim: Simulation, target: str | None, params: dict[str, Any]) -> list[Finding]:
        """What the console or CLI shows."""
        raise NotImplementedError

    def apply(self, sim: Simulation, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        found = tuple(self.findings(sim, target, params))
        summary = found[0].title if found else "nothing found"
        return Outcome(summary, found)


class ConfigChange(ActionType):
    """An action that sets configuration keys on its target (see the module docstring)."""

    family = "remediate"
    channel = "console"
    duration = 60
    trail_event: ClassVar[str] = "Update"
    trail_source: ClassVar[str] = "amazonaws.com"
    #: configuration key → the value it always gets (a change that needs no parameters)
    sets: ClassVar[dict[str, Any]] = {}
    #: configuration key → the parameter whose value it gets, as given
    sets_from: ClassVar[dict[str, str]] = {}

    def change(self, sim: Simulation, node: Node, params: dict[str, Any]) -> dict[str, Any]:
        """The configuration keys and their new values: :attr:`sets` and :attr:`sets_from`,
        unless a subclass computes them (from the node's current configuration, say)."""
        values = {**self.sets, **{key: params[name] for key, name in self.sets_from.items()}}
        if not values:
            raise NotImplementedError(f"{self.id} changes nothing: declare sets or sets_from, or override change")
        return values

    def describe(self, node: Node, values: dict[str, Any]) -> str:
        """One line saying what changed."""
        return f"{node.id}: " + ", ".join(f"{k} → {compact(v)}" for k, v in values.items())

    @property
    def via_pipeline(self) -> bool:
        """Whether this variant goes through the pipeline."""
        return self.channel == "pipeline"

    def tags_for(self, params: dict[str, Any]) -> frozenset[str]:
        return self.tags | ({"manual-change"} if self.channel == "console" else set())

    def precondition(self, sim: Simulation, target: str | None, params: dict[str, Any]) -> str | None:
        node = sim.world.nodes[target or ""]
        if self.via_pipeline and node.template is None:
            return f"{node.id} is not managed by a stack; there is no template to change (use {self.console_id})"
        return None

    @property
    def console_id(self) -> str:
        """The id of the console variant."""
        return self.id.removesuffix(PIPELINE_SUFFIX)

    def duration_for(self, sim: Simulation, target: str | None, params: dict[str, Any]) -> int:
        if self.via_pipeline:
            return pipeline_duration(sim.world, pipeline_for(sim.world, target or ""))
        return self.duration

    def apply(self, sim: Simulation, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome | None:
        world = sim.world
        node = world.nodes[target or ""]
        source = self.trail_source
        api = source.removesuffix(".amazonaws.com") if source.endswith(".amazonaws.com") else api_of(node.type.aws_type)
        event = UPDATE_CALLS.get(api, self.trail_event) if self.via_pipeline else self.trail_event
        if refused(sim, ctx, self.id, target, api, event, via_pipeline=self.via_pipeline):
            return None
        values = self.change(sim, node, params)
        if self.via_pipeline:
            assert node.template is not None
            for key, value in values.items():
                node.template[key] = copy.deepcopy(value)
            reapply(sim, node.id)
            sim.record_trail(
                "ExecuteChangeSet",
                "cloudformation.amazonaws.com",
                PIPELINE_ARN,
                node.stack,
                f"updated {node.id}: {', '.join(values)}",
            )
        else:
            for key, value in values.items():
                world.set_config(node.id, key, copy.deepcopy(value))
            sim.record_trail(
                self.trail_event,
                self.trail_source,
                sim.actor_arn(ctx),
                node.id,
                ", ".join(f"{k}={compact(v)}" for k, v in values.items()),
            )
        where = "through the pipeline" if self.via_pipeline else "in the console"
        return Outcome(f"{self.describe(node, values)} ({where})")


def reapply(sim: Simulation, node_id: str) -> list[str]:
    """A stack update touching ``node_id``: its actual configuration becomes the template's.

    Returns the keys that changed (drift reverted or template changes rolled out).
    """
    world = sim.world
    node = world.nodes[node_id]
    if node.template is None:
        return []
    changed = [k for k, v in node.template.items() if node.config.get(k) != v]
    for key in changed:
        if key == "traffic" and node.type.id == "ecs_service":
            continue  # a task definition change is a rolling deployment, below
        world.set_config(node_id, key, copy.deepcopy(node.template[key]))
    if "traffic" in changed and node.type.id == "ecs_service":
        wanted = dominant(node.template.get("traffic"))
        if wanted == ecs_primary(node):
            changed.remove("traffic")  # already deploying (or running) the revision the template names
        else:
            ecs_update_service(world, node_id, wanted, update_template=False, from_template=True)
    if {"desired_capacity", "min_size"} & set(changed) and hasattr(node.type, "reconcile"):
        node.type.reconcile(node, sim)  # the group launches or terminates to its new capacity
    return changed


def console_and_pipeline(cls: type[ConfigChange]) -> type[ConfigChange]:
    """Register a configuration change twice: in the console (``ID``) and as IaC (``ID_iac``)."""
    ACTIONS.register(cls)
    pipeline_cls = type(
        f"{cls.__name__}ViaPipeline",
        (cls,),
        {
            "id": cls.id + PIPELINE_SUFFIX,
            "title": f"{cls.title} (through the pipeline)",
            "channel": "pipeline",
            "__doc__": f"{inspect.cleandoc(cls.__doc__ or '').split(chr(10) * 2)[0]} Through the pipeline: the "
            "template changes with the resource, so nothing drifts; as slow as the pipeline.",
        },
    )
    ACTIONS.register(pipeline_cls)
    return cls


def needed_permissions(world: World, role_id: str) -> set[tuple[str, str]]:
    """The (IAM action, resource) pairs a role's users need: their calls and triggers, the KMS
    keys behind the data they touch, the queues they poll, the lifecycle hooks they complete,
    the artifacts their deployments download, and the buckets that replicate as the role.
    The IAM policy simulator checks these; a scoped grant suggests the denied ones."""
    needed: set[tuple[str, str]] = set()
    for user in world.role_users.get(role_id, ()):
        for callee, kind in world.callees[user]:
            action = world.nodes[callee].type.iam_actions.get(kind)
            if action:
                needed.add((action, callee))
            for key in world.key_of.get(callee, ()):
                if world.nodes[callee].type.kms_protected_data and world.nodes[key].type.id == "kms_key":
                    needed.add(("kms:Decrypt" if kind == "reads" else "kms:GenerateDataKey", key))
        for dst in world.trigger_out[user]:
            action = world.nodes[dst].type.iam_actions.get("triggers")
            if action:
                needed.add((action, dst))
        for producer in world.trigger_in[user]:
            if world.nodes[producer].type.id == "sqs_queue":
                needed.add(("sqs:ReceiveMessage", producer))
        for asg in world.of_type("autoscaling_group"):
            if any(h["handler"] == user for h in asg.config["lifecycle_hooks"]):
                needed.add(("autoscaling:CompleteLifecycleAction", asg.id))
        for secret in world.of_type("secrets_manager_secret"):
            if rotation(secret).get("function") == user:  # a rotation function changes its secret
                needed.update((action, secret.id) for action in ROTATION_ACTIONS)
        for group in world.of_type("codedeploy_group"):
            if group.type.target(group, world) == user and group.config["artifact_bucket"]:
                bucket = group.config["artifact_bucket"]
                needed.add(("s3:GetObject", bucket))
                for key in world.key_of.get(bucket, ()):  # an SSE-KMS bundle needs the key too
                    if world.nodes[key].type.id == "kms_key":
                        needed.add(("kms:Decrypt", key))
    for bucket in world.of_type("s3_bucket"):  # S3 assumes a replication role for a bucket's rule
        rule = bucket.config["replication"]
        if rule is None or rule["role"] != role_id:
            continue
        needed.add(("s3:GetObjectVersionForReplication", bucket.id))
        if rule["destination"] in world.nodes:
            needed.add(("s3:ReplicateObject", rule["destination"]))
        if bucket.config["encryption"] == "SSE-KMS":  # for SSE-KMS objects, both keys
            keys = [k for k in world.key_of.get(bucket.id, ()) if world.nodes[k].type.id == "kms_key"]
            needed |= {("kms:Decrypt", k) for k in keys}
            if rule["replica_kms_key"] in world.nodes:
                needed.add(("kms:Encrypt", rule["replica_kms_key"]))
    return needed


registered = ACTIONS.register
