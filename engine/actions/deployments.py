"""Deployment actions: roll back, revert through the pipeline, shift alias weights by hand."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ..resources.base import StrictModel
from ..resources.changes import ecs_primary, ecs_rollout, ecs_update_service
from ..resources.delivery import (
    current_version,
    deployments,
    dominant,
    finish_deployment,
    pipeline_duration,
    start_deployment,
)
from .base import ActionType, Context, Outcome
from .kit import reapply, refused, registered


def _group_for(sim: Any, compute: str) -> str | None:
    groups = [
        g
        for g in sim.world.related(compute, "deploys", incoming=True)
        if sim.world.nodes[g].type.id == "codedeploy_group"
    ]
    return groups[0] if groups else None


def _previous_version(group: Any) -> str | None:
    """The version the group's last deployment replaced (what a rollback goes back to)."""
    records = deployments(group)
    return records[-1]["from"] if records else None


def _previous_revision(service: Any) -> str | None:
    """The task definition revision an ECS service's last deployment replaced, if it changed one."""
    rollout = ecs_rollout(service)
    if rollout is None or rollout["from"] == ecs_primary(service):
        return None
    return str(rollout["from"])


@registered
class RollbackDeployment(ActionType):
    """Roll back with CodeDeploy: stop a deployment in progress (traffic returns at once), or
    redeploy the previous revision after one succeeded — through CodeDeploy, not the
    pipeline, so the stack's template still names the bad version."""

    id = "rollback_deployment"
    title = "Roll back deployment (CodeDeploy)"
    family = "remediate"
    targets = ("codedeploy_group",)
    channel = "automation"
    duration = 45

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        group = sim.world.nodes[target]
        if _previous_version(group) is None:
            return f"{target} has no deployment to roll back"
        return None

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome | None:
        group = sim.world.nodes[target]
        deployment = group.status["deployment"]
        if refused(sim, ctx, self.id, target, "codedeploy", "StopDeployment"):
            return None
        sim.record_trail("StopDeployment", "codedeploy.amazonaws.com", sim.actor_arn(ctx), target)
        if deployment and deployment["status"] == "InProgress":
            finish_deployment(sim, target, "Stopped", f"Deployment stopped by {ctx.by}", rollback=True)
            return Outcome(f"{deployment['id']} stopped; version {deployment['from']} restored")
        previous = _previous_version(group)
        new_id = start_deployment(sim, target, previous or "1", update_template=False)
        return Outcome(
            f"rollback deployment {new_id} started: version {previous} through {group.config['deployment_config']}"
        )


class RevertParams(StrictModel):
    group: str | None = Field(None, description="deployment group to revert (default: all the pipeline deploys)")


@registered
class PipelineRevert(ActionType):
    """Revert the last release in source control and let the pipeline deploy the previous
    version: compliant and lasting (the template names the good version), but as slow as
    the pipeline plus the deployment's own canary or linear steps."""

    id = "pipeline_revert"
    title = "Revert the release through the pipeline"
    family = "remediate"
    targets = ("codepipeline",)
    Params = RevertParams
    channel = "pipeline"

    def duration_for(self, sim: Any, target: str | None, params: dict[str, Any]) -> int:
        return pipeline_duration(sim.world, target)

    def _groups(self, sim: Any, target: str, params: dict[str, Any]) -> list[str]:
        groups = [g for g in sim.world.related(target, "deploys") if sim.world.nodes[g].type.id == "codedeploy_group"]
        return [g for g in groups if params["group"] in (None, g)]

    def _services(self, sim: Any, target: str, params: dict[str, Any]) -> list[tuple[str, str]]:
        """ECS services the pipeline deploys with rolling updates, and the revision each goes back to."""
        out = []
        for service in sim.world.related(target, "deploys"):
            node = sim.world.nodes[service]
            if node.type.id != "ecs_service" or params["group"] not in (None, service):
                continue
            previous = _previous_revision(node)
            if previous is not None:
                out.append((service, previous))
        return out

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        if not self._groups(sim, target, params) and not self._services(sim, target, params):
            return f"{target} deploys no CodeDeploy group" + (f" called {params['group']}" if params["group"] else "")
        return None

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome | None:
        if refused(sim, ctx, self.id, target, "codedeploy", "CreateDeployment", via_pipeline=True):
            return None
        started = []
        for service, previous in self._services(sim, target, params):
            ecs_update_service(sim.world, service, previous, update_template=True, from_template=True)
            started.append(f"{service}: task definition revision {previous} deployed")
        for group_id in self._groups(sim, target, params):
            group = sim.world.nodes[group_id]
            previous = _previous_version(group)
            if previous is None:
                continue
            current = group.status["deployment"]
            if current and current["status"] == "InProgress":
                finish_deployment(sim, group_id, "Stopped", "Superseded by a pipeline revert", rollback=True)
                started.append(f"{group_id}: stopped, version {previous} restored")
                continue
            start_deployment(sim, group_id, previous, update_template=True)
            started.append(f"{group_id}: deploying version {previous}")
        sim.record_trail(
            "StartPipelineExecution",
            "codepipeline.amazonaws.com",
            sim.actor_arn(ctx),
            target,
            "revert of the last release",
        )
        return Outcome(f"pipeline {target} ran the revert — " + "; ".join(started))


class AliasParams(StrictModel):
    version: str = Field(description="the version to send traffic to")
    percent: float = Field(100.0, gt=0, le=100, description="share of traffic for that version")


@registered
class ShiftAlias(ActionType):
    """Point the Lambda alias at a version by hand (``update-alias``): takes effect in
    seconds, but the stack's template disagrees, and racing an in-progress CodeDeploy
    deployment bypasses its safety checks."""

    id = "shift_alias"
    title = "Shift alias weights (console)"
    family = "remediate"
    targets = ("lambda_function",)
    Params = AliasParams
    duration = 30
    tags = frozenset({"manual-change"})

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        versions = sim.world.nodes[target].status.get("versions", {})
        if params["version"] not in versions:
            return f"{target} has no version {params['version']} (published: {', '.join(sorted(versions))})"
        return None

    def suggestions(self, sim: Any, target: str | None) -> list[dict[str, Any]]:
        """Every published version the alias does not already send all traffic to."""
        node = sim.world.nodes[target or ""]
        return [
            {"version": v, "percent": 100.0}
            for v in sorted(node.status.get("versions", {}))
            if node.config["traffic"].get(v) != 1.0
        ]

    def tags_at(self, sim: Any, target: str | None, params: dict[str, Any]) -> frozenset[str]:
        group = _group_for(sim, target or "")
        deployment = sim.world.nodes[group].status["deployment"] if group else None
        racing = deployment is not None and deployment["status"] == "InProgress"
        return self.tags | ({"bypasses-approval"} if racing else set())

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome | None:
        if refused(sim, ctx, self.id, target, "lambda", "UpdateAlias20150331"):
            return None
        node = sim.world.nodes[target]
        share = params["percent"] / 100.0
        others = [v for v in sorted(node.config["traffic"]) if v != params["version"]]
        traffic = {params["version"]: round(share, 4)}
        if share < 1.0 and others:
            traffic[max(others, key=lambda v: node.config["traffic"][v])] = round(1.0 - share, 4)
        sim.world.set_config(target, "traffic", traffic)
        sim.record_trail(
            "UpdateAlias20150331",
            "lambda.amazonaws.com",
            sim.actor_arn(ctx),
            target,
            f"alias {node.config['alias']} → " + ", ".join(f"v{v} {w:.0%}" for v, w in traffic.items()),
        )
        return Outcome(
            f"alias {node.config['alias']} of {target} now routes "
            + ", ".join(f"{w:.0%} to version {v}" for v, w in traffic.items())
        )


@registered
class ReleasePipeline(ActionType):
    """Run the pipeline on the current source: every function and service it deploys gets
    the version its template names (and every drifted setting on them is re-applied)."""

    id = "release_pipeline"
    title = "Release change (run the pipeline)"
    family = "remediate"
    targets = ("codepipeline",)
    channel = "pipeline"

    def duration_for(self, sim: Any, target: str | None, params: dict[str, Any]) -> int:
        return pipeline_duration(sim.world, target)

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome | None:
        if refused(sim, ctx, self.id, target, "codedeploy", "CreateDeployment", via_pipeline=True):
            return None
        world = sim.world
        done = []
        for group_id in world.related(target, "deploys"):
            group = world.nodes[group_id]
            if group.type.id == "ecs_service" and group.template is not None:
                wanted = dominant(group.template.get("traffic"))
                if wanted != ecs_primary(group):
                    done.append(f"{group_id}: deploying task definition revision {wanted}")
                reapply(sim, group_id)  # a changed revision is a rolling deployment
                continue
            if group.type.id != "codedeploy_group":
                continue
            compute = group.type.target(group, world)
            node = world.nodes[compute] if compute else None
            if node is None or node.template is None:
                continue
            wanted = dominant(node.template.get("traffic"))
            if wanted != current_version(node):
                start_deployment(sim, group_id, wanted, update_template=False)
                done.append(f"{compute}: deploying version {wanted}")
            reapply(sim, compute)
        sim.record_trail("StartPipelineExecution", "codepipeline.amazonaws.com", sim.actor_arn(ctx), target)
        return Outcome(f"pipeline {target} released" + (": " + "; ".join(done) if done else " (no version change)"))


@registered
class RestartAgent(ActionType):
    """Restart the CodeDeploy agent on a group's instances (SSM Run Command), so it picks up
    fresh instance-profile credentials."""

    id = "restart_codedeploy_agent"
    title = "Restart CodeDeploy agent (SSM)"
    family = "remediate"
    targets = ("autoscaling_group", "ec2_instance")
    channel = "automation"
    duration = 90

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        sim.world.set_status(target, agent="running")
        sim.record_trail(
            "SendCommand",
            "ssm.amazonaws.com",
            sim.actor_arn(ctx),
            target,
            "AWS-RunShellScript: systemctl restart codedeploy-agent",
        )
        return Outcome(f"codedeploy-agent restarted on {target}")


@registered
class RetryDeployment(ActionType):
    """Redeploy the last revision a deployment group tried (after fixing what failed it)."""

    id = "retry_deployment"
    title = "Retry deployment"
    family = "remediate"
    targets = ("codedeploy_group",)
    channel = "automation"
    duration = 30

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        records = deployments(sim.world.nodes[target])
        if not records:
            return f"{target} has no deployment to retry"
        if records[-1]["status"] == "InProgress":
            return f"{records[-1]['id']} is still in progress"
        return None

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome | None:
        if refused(sim, ctx, self.id, target, "codedeploy", "CreateDeployment"):
            return None
        version = deployments(sim.world.nodes[target])[-1]["to"]
        new_id = start_deployment(sim, target, version, update_template=False)
        sim.record_trail("CreateDeployment", "codedeploy.amazonaws.com", sim.actor_arn(ctx), target)
        return Outcome(f"deployment {new_id} of version {version} started")
