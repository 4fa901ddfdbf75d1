"""SDLC faults: a bad release rolled out by CodeDeploy, and IAM that blocks the deployment agent."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .. import iam
from ..resources.base import StrictModel
from ..resources.delivery import start_deployment
from ..world import World
from .base import FAULTS, Fault, FaultType
from .policies import revoke_actions


class CanaryParams(StrictModel):
    version: str = Field(description="the new version being released")
    error_rate: float = Field(0.25, gt=0, le=1, description="share of requests the new version fails")
    latency_ms: float | None = Field(None, gt=0, description="its latency, if different")
    error: str = "TypeError: Cannot read properties of undefined (reading 'currency')"
    released_by: str = Field("pipeline", description="who started the release (shown in CloudTrail)")


@FAULTS.register
class CanaryRegression(FaultType):
    """A release with a bug goes out through CodeDeploy's canary or linear traffic shifting.

    If the group's alarms notice the errors during the bake, CodeDeploy stops and rolls
    back on its own; if an alarm watches the wrong metric or treats missing data as not
    breaching, the bad version is promoted to 100%. Active while the bad version serves
    any traffic.
    """

    id = "canary_regression"
    family = "canary regression"
    targets = ("codedeploy_group",)
    Params = CanaryParams

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        group = world.nodes[target]
        if group.type.target(group, world) is None:  # type: ignore[attr-defined]
            return f"{target} has no 'deploys' edge to the function or service it deploys"
        return None

    def _compute(self, fault: Fault, world: World) -> str:
        group = world.nodes[fault.target]
        return group.type.target(group, world)  # type: ignore[attr-defined,no-any-return]

    def inject(self, fault: Fault, sim: Any) -> None:
        p = fault.params
        behaviour = {"error_rate": p["error_rate"], "error": p["error"]}
        if p["latency_ms"]:
            behaviour["latency_ms"] = p["latency_ms"]
        compute = self._compute(fault, sim.world)
        group = sim.world.nodes[fault.target]
        # what the pipeline registers before deploying: a Lambda version, a task definition, or
        # an application revision (the bundle in S3) for instances
        event, source, detail = {
            "Lambda": ("PublishVersion20150331", "lambda.amazonaws.com", f"version {p['version']}"),
            "ECS": ("RegisterTaskDefinition", "ecs.amazonaws.com", f"task definition revision {p['version']}"),
            "Server": (
                "RegisterApplicationRevision",
                "codedeploy.amazonaws.com",
                f"revision {p['version']} (s3://{group.config['artifact_bucket'] or 'artifacts'}/"
                f"{compute}-{p['version']}.zip)",
            ),
        }[group.config["compute"]]
        sim.record_trail(
            event,
            source,
            "arn:aws:sts::123456789012:assumed-role/pipeline-deploy-role",
            compute if group.config["compute"] != "Server" else fault.target,
            detail,
        )
        sim.record_trail(
            "CreateDeployment",
            "codedeploy.amazonaws.com",
            f"arn:aws:sts::123456789012:assumed-role/pipeline-deploy-role ({p['released_by']})",
            fault.target,
            f"version {p['version']}",
        )
        fault.memory["deployment"] = start_deployment(sim, fault.target, p["version"], behaviour, update_template=True)

    def active(self, fault: Fault, world: World) -> bool:
        traffic = world.nodes[self._compute(fault, world)].config.get("traffic", {})
        deployment = world.nodes[fault.target].status.get("deployment") or {}
        releasing = deployment.get("status") == "InProgress" and deployment.get("to") == fault.params["version"]
        return traffic.get(fault.params["version"], 0.0) > 0 or releasing  # its first traffic step is a tick later

    def watch(self, fault: Fault, world: World) -> set[str]:
        return {fault.target, self._compute(fault, world)}

    def evidence(self, fault: Fault, world: World) -> set[str]:
        return {f"logs:{self._compute(fault, world)}", f"deployment:{fault.target}"}

    def explain(self, fault: Fault) -> str:
        p = fault.params
        return (
            f"Version {p['version']} released through {fault.target} fails {p['error_rate']:.0%} of requests "
            f'with "{p["error"]}".'
        )


class AgentParams(StrictModel):
    missing: str = Field("s3", pattern="^(s3|kms)$", description="which permission the instance role lost")
    version: str = Field(description="the release that cannot deploy")
    group: str = Field(description="the deployment group that deploys it")


@FAULTS.register
class AgentAccessDenied(FaultType):
    """An IAM policy change removes what the CodeDeploy agent needs (``s3:GetObject`` on the
    artifact bucket, or ``kms:Decrypt`` on its key): every deployment to the instances
    fails at DownloadBundle, so the release — and any fix in it — cannot ship."""

    id = "codedeploy_agent_denied"
    family = "canary regression"
    targets = ("iam_role",)
    Params = AgentParams

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        group = world.nodes.get(params["group"])
        if group is None or group.type.id != "codedeploy_group" or not group.config["artifact_bucket"]:
            return f"{params['group']} must be a deployment group with an artifact_bucket"
        return None

    def _needed(self, fault: Fault, world: World) -> tuple[str, str]:
        bucket = world.nodes[fault.params["group"]].config["artifact_bucket"]
        if fault.params["missing"] == "kms":
            keys = world.key_of.get(bucket, [])
            return "kms:Decrypt", keys[0] if keys else bucket
        return "s3:GetObject", bucket

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        action, _ = self._needed(fault, world)
        prefix = action.split(":")[0]
        revoke_actions(world, fault.target, lambda granted: granted.lower().startswith(prefix))
        sim.record_trail(
            "PutRolePolicy",
            "iam.amazonaws.com",
            "arn:aws:sts::123456789012:assumed-role/pipeline-deploy-role",
            fault.target,
            "policy refactor: removed unused statements",
        )
        start_deployment(sim, fault.params["group"], fault.params["version"], None, update_template=True)

    def active(self, fault: Fault, world: World) -> bool:
        action, resource = self._needed(fault, world)
        role = world.nodes[fault.target].config
        if action.startswith("kms:") and resource in world.nodes:
            return not iam.key_allows(world.nodes[resource].config, fault.target, role, action, resource)
        return not iam.role_allows(role, action, resource)

    def watch(self, fault: Fault, world: World) -> set[str]:
        return {fault.target, fault.params["group"], self._needed(fault, world)[1]}

    def evidence(self, fault: Fault, world: World) -> set[str]:
        return {f"iam:{fault.target}", f"deployment:{fault.params['group']}"}

    def explain(self, fault: Fault) -> str:
        return (
            f"A policy refactor removed {fault.params['missing']} permissions from {fault.target}; the CodeDeploy "
            f"agent cannot download release {fault.params['version']}."
        )
