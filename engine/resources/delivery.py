"""Delivery: CloudFormation stacks, CodePipeline, CodeDeploy deployment groups, CodeBuild.

CodeDeploy is where canary and linear deployments happen: a deployment shifts a target's
traffic (Lambda alias weights, ECS task sets, EC2 instances) from the current version to a
new one in the steps of its deployment configuration, watching its alarms every minute;
with automatic rollback on, an alarm in ALARM stops it and shifts everything back.
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from pydantic import Field

from ..world import Node, World
from .base import RESOURCES, MetricSpec, ResourceType, StrictModel

MINUTE = 60


def _canary(minutes: int) -> list[tuple[int, float]]:
    return [(0, 0.1), (minutes * MINUTE, 1.0)]


def _linear(minutes: int) -> list[tuple[int, float]]:
    return [(i * minutes * MINUTE, round((i + 1) / 10, 2)) for i in range(10)]


#: deployment configuration → [(seconds after start, share of traffic on the new version)]
DEPLOYMENT_CONFIGS: dict[str, list[tuple[int, float]]] = {
    "CodeDeployDefault.LambdaAllAtOnce": [(0, 1.0)],
    "CodeDeployDefault.LambdaCanary10Percent5Minutes": _canary(5),
    "CodeDeployDefault.LambdaCanary10Percent10Minutes": _canary(10),
    "CodeDeployDefault.LambdaCanary10Percent15Minutes": _canary(15),
    "CodeDeployDefault.LambdaCanary10Percent30Minutes": _canary(30),
    "CodeDeployDefault.LambdaLinear10PercentEvery1Minute": _linear(1),
    "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes": _linear(2),
    "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes": _linear(3),
    "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes": _linear(10),
    "CodeDeployDefault.ECSAllAtOnce": [(0, 1.0)],
    "CodeDeployDefault.ECSCanary10Percent5Minutes": _canary(5),
    "CodeDeployDefault.ECSCanary10Percent15Minutes": _canary(15),
    "CodeDeployDefault.ECSLinear10PercentEvery1Minutes": _linear(1),
    "CodeDeployDefault.ECSLinear10PercentEvery3Minutes": _linear(3),
    "CodeDeployDefault.AllAtOnce": [(90, 1.0)],
    "CodeDeployDefault.HalfAtATime": [(90, 0.5), (180, 1.0)],
    "CodeDeployDefault.OneAtATime": [(90, 0.34), (180, 0.67), (270, 1.0)],
}


class StackConfig(StrictModel):
    termination_protection: bool = True
    notifications: bool = True


class CloudFormationStack(ResourceType):
    """AWS CloudFormation stack (AWS::CloudFormation::Stack) that manages its members.

    Members (``managed_by`` edges) carry the template's desired configuration; an
    out-of-band change makes the stack DRIFTED, which only drift detection reveals. A stack
    update re-applies the template to the resources it touches — and only to those.
    """

    id = "cloudformation_stack"
    aws_type = "AWS::CloudFormation::Stack"
    title = "CloudFormation stack"
    category = "delivery"
    Config = StackConfig
    sends = frozenset()
    receives = frozenset({"managed_by", "deploys", "monitors"})
    compliance_properties = ("termination_protection", "notifications")

    def initial_status(self, node: Node) -> dict[str, Any]:
        return {"stack_status": "UPDATE_COMPLETE", "drift_status": "NOT_CHECKED", "detected_at": None}


def stack_members(world: World, stack: str) -> list[str]:
    """The resources a stack manages, in id order."""
    return world.related(stack, "managed_by", incoming=True)


class Stage(StrictModel):
    name: str
    kind: Literal["source", "build", "test", "approval", "deploy"]
    duration: int = Field(ge=0, le=7200, description="seconds this stage usually takes")


def _default_stages() -> list[Stage]:
    return [
        Stage(name="Source", kind="source", duration=30),
        Stage(name="Build", kind="build", duration=240),
        Stage(name="Deploy", kind="deploy", duration=180),
    ]


class PipelineConfig(StrictModel):
    stages: list[Stage] = Field(default_factory=_default_stages)
    enabled: bool = True


class CodePipeline(ResourceType):
    """AWS CodePipeline pipeline (AWS::CodePipeline::Pipeline): the compliant way to change production.

    A change through the pipeline takes as long as its stages (an approval stage waits
    for a human) and leaves the template and the resources in agreement. CodePipeline
    publishes no CloudWatch metrics of its own; it sends state-change events.
    """

    id = "codepipeline"
    aws_type = "AWS::CodePipeline::Pipeline"
    title = "CodePipeline pipeline"
    category = "delivery"
    Config = PipelineConfig
    sends = frozenset({"deploys", "triggers", "uses_role", "managed_by", "reads", "writes"})
    receives = frozenset({"monitors"})
    compliance_properties = ("stages",)
    event = {"source": "aws.codepipeline", "detail-type": "CodePipeline Pipeline Execution State Change"}

    def initial_status(self, node: Node) -> dict[str, Any]:
        return {"executions": []}

    def hourly_cost(self, node: Node) -> float:
        """$1.00 a month per active pipeline."""
        return 100.0 / 730.0


def pipeline_for(world: World, node_id: str) -> str | None:
    """The pipeline that deploys a resource's stack (or the resource), if any."""
    node = world.nodes[node_id]
    stack = node.id if node.type.id == "cloudformation_stack" else node.stack
    for candidate in (stack, node_id):
        if candidate:
            pipelines = [
                p
                for p in world.related(candidate, "deploys", incoming=True)
                if world.nodes[p].type.id == "codepipeline"
            ]
            if pipelines:
                return pipelines[0]
    return None


def pipeline_duration(world: World, pipeline: str | None) -> int:
    """Seconds a change takes through ``pipeline`` (a hand-run change set if there is none)."""
    if pipeline is None:
        return 240
    return sum(stage["duration"] for stage in world.nodes[pipeline].config["stages"])


class BuildConfig(StrictModel):
    compute_type: str = "BUILD_GENERAL1_SMALL"
    privileged_mode: bool = False
    plaintext_secrets: bool = Field(False, description="credentials in plaintext environment variables")
    logs: bool = True


class CodeBuildProject(ResourceType):
    """AWS CodeBuild project (AWS::CodeBuild::Project) building the pipeline's artifacts."""

    id = "codebuild_project"
    aws_type = "AWS::CodeBuild::Project"
    title = "CodeBuild project"
    category = "delivery"
    Config = BuildConfig
    sends = frozenset({"uses_role", "managed_by", "reads", "writes", "triggers"})
    receives = frozenset({"triggers", "monitors"})
    compliance_properties = ("privileged_mode", "plaintext_secrets")
    metrics = (
        MetricSpec("Builds", "AWS/CodeBuild", "ProjectName", "builds", presence="nonzero"),
        MetricSpec("SucceededBuilds", "AWS/CodeBuild", "ProjectName", "succeeded", presence="nonzero"),
        MetricSpec("FailedBuilds", "AWS/CodeBuild", "ProjectName", "failed", presence="nonzero"),
    )


class DeploymentGroupConfig(StrictModel):
    compute: Literal["Lambda", "ECS", "Server"] = "Lambda"
    deployment_config: str = "CodeDeployDefault.LambdaCanary10Percent5Minutes"
    alarms: list[str] = Field(default_factory=list, description="alarms that stop a deployment")
    auto_rollback_on_alarm: bool = True
    auto_rollback_on_failure: bool = True
    artifact_bucket: str | None = Field(None, description="S3 bucket the agent downloads bundles from")


class CodeDeployGroup(ResourceType):
    """AWS CodeDeploy deployment group (AWS::CodeDeploy::DeploymentGroup).

    Deploys a new version to its target (``deploys`` edge) in the steps of its deployment
    configuration — canary, linear or all at once — and checks its alarms every minute.
    On EC2 the agent must first download the bundle from the artifact bucket with the
    instance role (``s3:GetObject``, and ``kms:Decrypt`` for an encrypted bucket).
    """

    id = "codedeploy_group"
    aws_type = "AWS::CodeDeploy::DeploymentGroup"
    title = "CodeDeploy deployment group"
    category = "delivery"
    Config = DeploymentGroupConfig
    sends = frozenset({"deploys", "managed_by", "uses_role"})
    receives = frozenset({"deploys", "monitors"})
    compliance_properties = ("alarms", "auto_rollback_on_alarm")
    event = {"source": "aws.codedeploy", "detail-type": "CodeDeploy Deployment State-change Notification"}

    def initial_status(self, node: Node) -> dict[str, Any]:
        return {"deployment": None, "history": [], "count": 0}

    def target(self, node: Node, world: World) -> str | None:
        """The compute resource this group deploys to."""
        targets = world.related(node.id, "deploys")
        return targets[0] if targets else None

    def on_timer(self, node: Node, sim: Any, tag: str) -> None:
        {"step": step_deployment, "watch": watch_deployment}[tag](sim, node.id)


def _deployment_id(group: str, count: int) -> str:
    digest = hashlib.sha256(f"{group}/{count}".encode()).hexdigest().upper()
    return "d-" + "".join(c for c in digest if c.isalnum())[:9]


def dominant(traffic: dict[str, float] | None) -> str:
    """The version carrying most of a traffic split."""
    traffic = traffic or {"1": 1.0}
    return max(sorted(traffic), key=lambda v: traffic[v])


def current_version(node: Node) -> str:
    """The version carrying most of a compute resource's traffic."""
    return dominant(node.config.get("traffic"))


def deployments(group: Node) -> list[dict[str, Any]]:
    """A deployment group's deployments, oldest first (the current one last)."""
    current = group.status.get("deployment")
    return [*group.status["history"], *([current] if current else [])]


def _announce(sim: Any, group: Node, deployment: dict[str, Any]) -> None:
    from ..events import DeploymentStatusChanged

    sim.log.append(
        DeploymentStatusChanged(sim.tick, group.id, deployment["id"], deployment["status"], deployment["detail"])
    )


def start_deployment(
    sim: Any, group_id: str, version: str, behaviour: dict[str, Any] | None = None, *, update_template: bool = True
) -> str | None:
    """Start deploying ``version`` through a deployment group; returns the deployment id.

    ``behaviour`` is the new version's truth (error rate, latency, the error it logs). With
    ``update_template`` (a pipeline deployment) the stack's template now names the new
    version, as a SAM ``AutoPublishAlias`` update does.
    """
    world: World = sim.world
    group = world.nodes[group_id]
    target_id = group.type.target(group, world)  # type: ignore[attr-defined]
    if target_id is None:
        return None
    target = world.nodes[target_id]
    previous = current_version(target)
    versions = target.status.setdefault("versions", {})
    if behaviour is not None or version not in versions:
        versions[version] = {
            "error_rate": 0.0,
            "latency_ms": target.config.get("latency_ms", 60.0),
            **(behaviour or {}),
        }
    group.status["count"] += 1
    steps = DEPLOYMENT_CONFIGS.get(group.config["deployment_config"], [(0, 1.0)])
    deployment = {
        "id": _deployment_id(group_id, group.status["count"]),
        "from": previous,
        "to": version,
        "status": "InProgress",
        "steps": steps,
        "step": 0,
        "started": sim.tick,
        "target": target_id,
        "detail": f"Deploying version {version} to {target_id} with {group.config['deployment_config']}",
    }
    _archive(group)
    group.status["deployment"] = deployment
    if update_template and target.template is not None and revision_in_template(group):
        world.set_template(target_id, "traffic", {version: 1.0})
    world.set_status(target_id, deploying=True)
    world.touch(group_id)
    _announce(sim, group, deployment)
    if group.config["compute"] == "Server":
        blocked = download_problem(world, group, target)
        if blocked:
            sim.node_timer(group_id, 45, "step")
            deployment["blocked"] = blocked
            return deployment["id"]
    sim.node_timer(group_id, max(steps[0][0], 1), "step")
    sim.node_timer(group_id, MINUTE, "watch")
    return deployment["id"]


def download_problem(world: World, group: Node, target: Node) -> str | None:
    """Why the CodeDeploy agent on ``target`` cannot download the bundle, or ``None``."""
    bucket = group.config["artifact_bucket"]
    if target.status.get("agent") == "stopped":
        return (
            "The CodeDeploy agent did not find an instance: the agent is not running (service codedeploy-agent stopped)"
        )
    if bucket and bucket in world.nodes:
        denied = world.access(target.id, bucket, "reads")
        if denied:
            return f"Script 'DownloadBundle' failed: {denied}"
    return None


def _archive(group: Node) -> None:
    deployment = group.status.get("deployment")
    if deployment is not None and deployment["status"] != "InProgress":
        group.status["history"] = [
            *group.status["history"][-9:],
            {k: deployment[k] for k in ("id", "from", "to", "status", "started", "detail")},
        ]
        group.status["deployment"] = None


def revision_in_template(group: Node) -> bool:
    """Whether the stack's template names the version a group deploys.

    It does for Lambda (an alias and version, as SAM's AutoPublishAlias writes them) and ECS
    (the task definition); an in-place deployment to instances installs a bundle from S3,
    which no CloudFormation property describes — so what runs there is never drift.
    """
    return bool(group.config["compute"] != "Server")


def _set_traffic(world: World, group: Node, target_id: str, traffic: dict[str, float]) -> None:
    world.set_config(target_id, "traffic", traffic)
    if not revision_in_template(group) and world.nodes[target_id].template is not None:
        world.set_template(target_id, "traffic", dict(traffic))


def _shift(world: World, group: Node, deployment: dict[str, Any], share: float) -> None:
    old, new = deployment["from"], deployment["to"]
    traffic = {new: 1.0} if share >= 1.0 or old == new else {old: round(1.0 - share, 4), new: round(share, 4)}
    _set_traffic(world, group, deployment["target"], traffic)


def step_deployment(sim: Any, group_id: str) -> None:
    """Apply the next traffic step of the group's deployment (or fail it at DownloadBundle)."""
    world: World = sim.world
    group = world.nodes[group_id]
    deployment = group.status.get("deployment")
    if not deployment or deployment["status"] != "InProgress":
        return
    if deployment.get("blocked"):
        finish_deployment(
            sim, group_id, "Failed", deployment["blocked"], rollback=group.config["auto_rollback_on_failure"]
        )
        return
    _, share = deployment["steps"][deployment["step"]]
    _shift(world, group, deployment, share)
    deployment["step"] += 1
    if deployment["step"] >= len(deployment["steps"]):
        finish_deployment(
            sim, group_id, "Succeeded", f"Version {deployment['to']} is serving 100% of traffic", rollback=False
        )
        return
    next_offset = deployment["steps"][deployment["step"]][0]
    deployment["detail"] = f"{int(share * 100)}% of traffic on version {deployment['to']}"
    world.touch(group_id)
    sim.node_timer(group_id, deployment["started"] + next_offset - sim.tick, "step")


def watch_deployment(sim: Any, group_id: str) -> None:
    """Check the group's alarms; an alarm in ALARM stops the deployment (and rolls back)."""
    world: World = sim.world
    group = world.nodes[group_id]
    deployment = group.status.get("deployment")
    if not deployment or deployment["status"] != "InProgress":
        return
    firing = [a for a in group.config["alarms"] if a in world.nodes and world.nodes[a].status.get("state") == "ALARM"]
    if firing:
        rollback = group.config["auto_rollback_on_alarm"]
        finish_deployment(
            sim,
            group_id,
            "Stopped",
            f"Deployment stopped: alarm {firing[0]} is in ALARM" + ("; rolling back" if rollback else ""),
            rollback=rollback,
        )
        return
    sim.node_timer(group_id, MINUTE, "watch")


def finish_deployment(sim: Any, group_id: str, status: str, detail: str, *, rollback: bool) -> None:
    """End the group's deployment; with ``rollback`` all traffic returns to the old version."""
    world: World = sim.world
    group = world.nodes[group_id]
    deployment = group.status["deployment"]
    deployment.update(status=status, detail=detail)
    world.set_status(deployment["target"], deploying=False)
    if rollback:
        target = world.nodes[deployment["target"]]
        _set_traffic(world, group, target.id, {deployment["from"]: 1.0})
        if target.template is not None:
            world.set_template(target.id, "traffic", {deployment["from"]: 1.0})
        deployment["detail"] += f"; version {deployment['from']} restored"
    world.touch(group_id)
    _announce(sim, group, deployment)


for resource_type in (CloudFormationStack(), CodePipeline(), CodeBuildProject(), CodeDeployGroup()):
    RESOURCES.register(resource_type)
