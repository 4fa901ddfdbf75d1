"""Changes that go wrong: a secret rotation that locks the application out of its database,
an ECS rolling deployment that never finishes, a bucket made public by hand.

The state they share with the actions lives in :mod:`engine.resources.changes`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..durations import parse_duration
from ..resources.base import StrictModel
from ..resources.changes import (
    CURRENT,
    ECS_CYCLE,
    bucket_guarded,
    bucket_public,
    ecs_churn,
    ecs_primary,
    ecs_update_service,
    ensure_rotation_state,
    finish_rotation,
    half_rotated,
    holders,
    labelled,
    new_version,
    secret_database,
    set_db_password,
    short,
    sync_auth,
)
from ..world import World
from .base import FAULTS, Fault, FaultType
from .policies import revoke_actions

ACCOUNT = "arn:aws:sts::123456789012:assumed-role"
POOL_CHECK = 20  # seconds between re-reads of how many pooled connections are left
FINISH = "secretsmanager:UpdateSecretVersionStage"


class RotationParams(StrictModel):
    mode: Literal["finish_denied", "app_cache"] = Field(
        "finish_denied",
        description="finish_denied: finishSecret is denied half way; app_cache: it succeeds, the app never re-reads",
    )
    rotation_function: str | None = Field(None, description="the rotation Lambda (finish_denied: its role loses)")
    ago: str | int = Field(0, description="how long before the inject the scheduled rotation ran")
    pool_lifetime: str | int = Field("20m", description="how long a pooled connection lives before it is replaced")
    db_user: str = Field("app_user", description="the database user the secret holds")
    role_changed_ago: str | int = Field("9d", description="finish_denied: when the rotation role lost the permission")
    by: str = Field("pipeline-deploy-role", description="finish_denied: who changed the rotation role's policy")


@FAULTS.register
class SecretRotationBroken(FaultType):
    """A scheduled Secrets Manager rotation changes the database password, and the application
    is left holding the old one.

    * ``finish_denied`` — the rotation Lambda created the AWSPENDING version and set it as the
      database password (setSecret), then finishSecret's ``UpdateSecretVersionStage`` was
      denied: a least-privilege refactor had removed that permission from its role. AWSCURRENT
      still holds the old password, which the database no longer accepts. CloudTrail shows
      ``UpdateSecretVersionStage`` with AccessDenied and ``RotationFailed``; ``RotateSecret``
      would refuse to start while the old rotation is unfinished. Restarting the application makes it worse: new tasks
      read AWSCURRENT, the old password, and lose the pooled connections that still worked.
    * ``app_cache`` — rotation succeeds, but the application read the secret once at start-up
      and never again.

    Either way the player sees ``password authentication failed`` in the RDS log and the
    application's, at first for a few requests, then for more and more as pooled
    connections reach their maximum lifetime. Active while an application holds a password
    the database refuses — and, for ``finish_denied``, while the rotation is unfinished or
    its role still cannot finish the next one.
    """

    id = "secret_rotation_broken"
    family = "secret rotation"
    targets = ("secrets_manager_secret",)
    Params = RotationParams

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        if secret_database(world, target) is None:
            return f"nothing that reads {target} connects to an RDS instance"
        function = params["rotation_function"]
        if function is not None:
            node = world.nodes.get(function)
            if node is None or node.type.id != "lambda_function":
                return f"rotation_function {function} must be a Lambda function"
            if params["mode"] == "finish_denied" and function not in world.role_of:
                return f"rotation function {function} has no role (a uses_role edge) to lose the permission"
        elif params["mode"] == "finish_denied":
            return "finish_denied needs the rotation_function whose role loses secretsmanager:UpdateSecretVersionStage"
        apps = [r for r in world.callers[target] if r != function]
        db = secret_database(world, target)
        if not any(db in {c for c, _ in world.callees[r]} for r in apps):
            return f"no application reads {target} and connects to {db}"
        return None

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        p = fault.params
        secret = fault.target
        function = p["rotation_function"]
        lifetime = parse_duration(p["pool_lifetime"])
        ensure_rotation_state(world, secret, function=function, pool_lifetime=lifetime, user=p["db_user"])
        db = secret_database(world, secret)
        auth = dict(world.nodes[db].status["auth"], pool_lifetime=lifetime, user=p["db_user"])
        world.set_status(db, auth=auth)
        role = world.role_of.get(function) if function else None
        fault.memory.update(database=db, role=role, holders=holders(world, secret))
        if p["mode"] == "finish_denied" and role:
            revoke_actions(world, role, lambda action: action == FINISH)
            sim.record_trail(
                "PutRolePolicy",
                "iam.amazonaws.com",
                f"{ACCOUNT}/{p['by']}",
                role,
                "least-privilege refactor: rotation policy rewritten from access analysis (90 days of usage)",
                at=sim.tick - parse_duration(p["role_changed_ago"]),
            )
        at = sim.tick - parse_duration(p["ago"])
        caller = f"{ACCOUNT}/{role or 'SecretsManagerRotation'}/{function or 'rotation'}"
        service = "secretsmanager.amazonaws.com"
        sim.record_trail("RotationStarted", service, service, secret, "scheduled", at=at)
        pending = new_version(world, secret, at)
        sim.record_trail(
            "PutSecretValue",
            "secretsmanager.amazonaws.com",
            caller,
            secret,
            f"createSecret: version {short(pending)} staged AWSPENDING",
            at=at,
        )
        set_db_password(world, secret, pending, at)  # setSecret: ALTER USER — a database statement, not an API call
        if p["mode"] == "app_cache":
            sim.record_trail(
                "UpdateSecretVersionStage",
                "secretsmanager.amazonaws.com",
                caller,
                secret,
                f"finishSecret: AWSCURRENT → {short(pending)}",
                at=at,
            )
            finish_rotation(world, secret, at, "finishSecret")
            sim.record_trail(
                "RotationSucceeded", "secretsmanager.amazonaws.com", "secretsmanager.amazonaws.com", secret, at=at
            )
        else:
            error = (
                f"AccessDeniedException: User: {caller} is not authorized to perform: {FINISH} on resource: "
                f"{secret} because no identity-based policy allows the {FINISH} action"
            )
            sim.record_trail(
                "UpdateSecretVersionStage",
                "secretsmanager.amazonaws.com",
                caller,
                secret,
                f"finishSecret: AWSCURRENT → {short(pending)}",
                error="AccessDenied",
                at=at,
            )
            world.set_status(
                secret,
                rotation={"function": function, "state": "Failed", "at": at, "step": "finishSecret", "error": error},
            )
            sim.record_trail(
                "RotationFailed",
                "secretsmanager.amazonaws.com",
                "secretsmanager.amazonaws.com",
                secret,
                "finishSecret failed; AWSPENDING left on version " + short(pending),
                at=at,
            )
        sync_auth(world, db)
        sim.fault_timer(fault.key, POOL_CHECK, "pools")

    def on_timer(self, fault: Fault, sim: Any, tag: str) -> None:
        sync_auth(sim.world, fault.memory["database"])
        sim.fault_timer(fault.key, POOL_CHECK, "pools")

    def active(self, fault: Fault, world: World) -> bool:
        secret = world.nodes[fault.target]
        auth = world.nodes[fault.memory["database"]].status.get("auth") or {}
        for holder in fault.memory["holders"]:
            credential = world.nodes[holder].status.get("credentials", {}).get(fault.target)
            if credential is not None and credential["version"] != auth.get("version"):
                return True
        if fault.params["mode"] == "app_cache":
            return False
        if half_rotated(secret) or auth.get("version") != labelled(secret, CURRENT):
            return True
        role = fault.memory["role"]
        return role is not None and not world.role_allows(role, FINISH, fault.target)

    def watch(self, fault: Fault, world: World) -> set[str]:
        nodes = {fault.target, fault.memory["database"], *fault.memory["holders"]}
        if fault.memory.get("role"):
            nodes.add(fault.memory["role"])
        return nodes

    def evidence(self, fault: Fault, world: World) -> set[str]:
        tokens = {f"logs:{fault.memory['database']}", *(f"logs:{h}" for h in fault.memory["holders"])}
        if fault.params["mode"] == "finish_denied":
            secret = fault.target
            tokens |= {
                f"secret:{secret}",
                f"trail:{secret}:UpdateSecretVersionStage",
                f"trail:{secret}:RotationFailed",
            }
            if fault.memory.get("role"):
                tokens.add(f"iam:{fault.memory['role']}")
        return tokens

    def explain(self, fault: Fault) -> str:
        apps = ", ".join(fault.memory.get("holders", [])) or "the application"
        if fault.params["mode"] == "app_cache":
            return (
                f"{fault.target} rotated normally, but {apps} read the password once at start-up and never again: "
                "new connections failed authentication as the pooled ones were recycled."
            )
        return (
            f"The scheduled rotation of {fault.target} set a new database password, then finishSecret was denied "
            f"({fault.memory.get('role')} had lost {FINISH}): AWSCURRENT kept the old password, and {apps} failed "
            "authentication on every new connection."
        )


class EcsDeploymentParams(StrictModel):
    revision: str = Field(description="the task definition revision the release deploys")
    failure: Literal["health_check", "oom"] = Field(
        "health_check", description="health_check: new tasks answer 404 on the health check path; oom: they are killed"
    )
    minimum_healthy_percent: int = Field(50, ge=0, le=100, description="the service's deployment minimumHealthyPercent")
    error_rate: float = Field(0.5, gt=0, le=1, description="oom: share of a dying task's requests that fail")
    new_path: str = Field("/actuator/health", description="health_check: where the new image answers health checks")
    drop_circuit_breaker: bool = Field(False, description="the release's template also drops the circuit breaker")
    released_by: str = Field("pipeline", description="who started the release (shown in CloudTrail)")


@FAULTS.register
class EcsDeploymentFailing(FaultType):
    """A rolling ECS deployment of a task definition whose tasks never become healthy.

    The release registers a new revision and updates the service. With
    ``minimumHealthyPercent`` below 100, ECS first stops old tasks to make room, then starts
    new ones — which fail: the new image answers the target group's health check path with
    404 (``Target.ResponseCodeMismatch``) and ECS stops them, or the container is killed for
    memory (exit code 137) after taking some traffic. ECS starts replacements every couple of
    minutes, forever. Without the deployment circuit breaker nothing stops it: the service
    runs on the old tasks that were left, HealthyHostCount drops, the survivors overload and
    the load balancer returns 5XX. With the circuit breaker (and rollback) on, ECS marks the
    deployment FAILED after half the desired count of failed tasks and rolls back by itself.
    Active while the bad revision is the service's primary deployment.
    """

    id = "ecs_deployment_failing"
    family = "ecs deployment"
    targets = ("ecs_service",)
    Params = EcsDeploymentParams

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        if ecs_primary(world.nodes[target]) == params["revision"]:
            return f"{target} already runs revision {params['revision']}"
        return None

    def _group(self, world: World, target: str) -> str | None:
        groups = [c for c in world.callers[target] if world.nodes[c].type.id == "target_group"]
        return groups[0] if groups else None

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        p = fault.params
        target = fault.target
        group = self._group(world, target)
        fault.memory["group"] = group
        if p["drop_circuit_breaker"]:
            world.set_config(target, "circuit_breaker", False)
            if world.nodes[target].template is not None:
                world.set_template(target, "circuit_breaker", False)
        if p["failure"] == "health_check":
            path = world.nodes[group].config["health_check_path"] if group else "/health"
            behaviour: dict[str, Any] = {
                "fails": "health_check",
                "stop_reason": f"Task failed ELB health checks in (target-group {group or 'default'})",
                "health": f"GET {path} → 404 Not Found (the new image answers on {p['new_path']})",
            }
        else:
            behaviour = {
                "fails": "oom",
                "serves": True,
                "error_rate": p["error_rate"],
                "error": "502 Bad Gateway: container killed while serving requests "
                "(OutOfMemoryError: Container killed due to memory usage, exit code 137)",
                "stop_reason": "Essential container in task exited (OutOfMemoryError: Container killed due to "
                "memory usage)",
            }
        behaviour["min_healthy"] = p["minimum_healthy_percent"]
        who = f"{ACCOUNT}/pipeline-deploy-role ({p['released_by']})"
        sim.record_trail(
            "RegisterTaskDefinition", "ecs.amazonaws.com", who, target, f"family {target}: revision {p['revision']}"
        )
        sim.record_trail(
            "UpdateService",
            "ecs.amazonaws.com",
            who,
            target,
            f"taskDefinition {target}:{p['revision']}, minimumHealthyPercent {p['minimum_healthy_percent']}, "
            f"deploymentCircuitBreaker {'on' if world.nodes[target].config['circuit_breaker'] else 'off'}",
        )
        rollout = ecs_update_service(world, target, p["revision"], behaviour, update_template=True, from_template=True)
        fault.memory["from"] = rollout["from"]
        sim.fault_timer(fault.key, ECS_CYCLE, "churn")

    def on_timer(self, fault: Fault, sim: Any, tag: str) -> None:
        sim.fault_timer(fault.key, ECS_CYCLE, "churn")
        happened = ecs_churn(sim.world, fault.target)
        if happened and "circuit breaker" in happened:
            sim.record_trail("UpdateService", "ecs.amazonaws.com", "ecs.amazonaws.com", fault.target, happened)

    def active(self, fault: Fault, world: World) -> bool:
        return ecs_primary(world.nodes[fault.target]) == fault.params["revision"]

    def evidence(self, fault: Fault, world: World) -> set[str]:
        tokens = {f"ecs-deployment:{fault.target}"}
        if fault.params["failure"] == "oom":
            tokens.add(f"logs:{fault.target}")
        elif fault.memory.get("group"):
            tokens.add(f"targets:{fault.memory['group']}")
        return tokens

    def explain(self, fault: Fault) -> str:
        p = fault.params
        why = (
            f"its image answers the health check on {p['new_path']}, so the target group's check got 404"
            if p["failure"] == "health_check"
            else "its containers were killed for running out of memory"
        )
        return (
            f"Revision {p['revision']} of {fault.target} never became healthy ({why}); with no circuit breaker the "
            f"deployment churned tasks while the service ran on the {p['minimum_healthy_percent']}% it had left."
        )


class PublicBucketParams(StrictModel):
    by: str = Field("dev-sam", description="the IAM user who made the change in the console")
    reason: str = Field("share files with a partner", description="why they did it (CloudTrail request detail)")
    sid: str = Field("PublicRead", description="the Sid of the statement they added")
    ago: str | int = Field(0, description="how long before the inject the change was made")
    scanners_after: str | int = Field("6m", description="how soon anonymous scanners find the bucket")
    anonymous_rate: float = Field(12.0, ge=0, description="requests per second from anonymous clients once found")
    guardduty_after: str | int = Field("5m", description="how soon GuardDuty reports the policy change")


@FAULTS.register
class BucketPublic(FaultType):
    """Someone turns off a bucket's Block Public Access and adds a bucket policy statement
    that allows ``s3:GetObject`` to Principal ``"*"``: anyone on the internet can read its
    objects, and within minutes automated scanners do.

    CloudTrail has ``PutPublicAccessBlock`` and ``PutBucketPolicy``; AWS Config turns the
    bucket NON_COMPLIANT on ``s3-bucket-public-read-prohibited`` and
    ``s3-bucket-level-public-access-prohibited``; GuardDuty reports
    ``Policy:S3/BucketAnonymousAccessGranted`` (high severity) a few minutes later;
    IAM Access Analyzer marks the bucket Public; the server access logs fill with anonymous
    GETs. Nothing breaks for users. Active until the bucket is private again: Block Public
    Access on and the Principal ``"*"`` statement gone (or the bucket deleted).
    """

    id = "s3_bucket_public"
    family = "public bucket"
    targets = ("s3_bucket",)
    Params = PublicBucketParams

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        node = world.nodes[target]
        if not (node.template or node.config)["public_access_block"]:
            return f"{target} is public by design (Block Public Access is off in its template)"
        return None

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        p = fault.params
        target = fault.target
        at = sim.tick - parse_duration(p["ago"])
        who = f"arn:aws:iam::123456789012:user/{p['by']}"
        world.set_config(target, "public_access_block", False)
        sim.record_trail(
            "PutPublicAccessBlock",
            "s3.amazonaws.com",
            who,
            target,
            "BlockPublicAcls=false, IgnorePublicAcls=false, BlockPublicPolicy=false, RestrictPublicBuckets=false",
            at=at,
        )
        world.set_config(target, "public_policy", True)
        sim.record_trail(
            "PutBucketPolicy",
            "s3.amazonaws.com",
            who,
            target,
            f'Sid "{p["sid"]}": Allow Principal "*" s3:GetObject on arn:aws:s3:::{target}/* ({p["reason"]})',
            at=at,
        )
        world.set_status(target, exposed_since=at, exposed_by=p["by"], anonymous_gets=0.0, anonymous_rate=0.0)
        delay = parse_duration(p["guardduty_after"]) - (sim.tick - at)
        sim.fault_timer(fault.key, max(delay, 1), "guardduty")
        sim.fault_timer(fault.key, 1, "scan")

    def on_timer(self, fault: Fault, sim: Any, tag: str) -> None:
        world = sim.world
        target = fault.target
        node = world.nodes[target]
        if tag == "guardduty":
            sim.report_guardduty(
                "Policy:S3/BucketAnonymousAccessGranted",
                8,
                target,
                f"{fault.params['by']} disabled Block Public Access on {target} and changed its bucket policy: "
                "the bucket now allows anonymous access (Principal *)",
            )
            return
        sim.fault_timer(fault.key, 60, "scan")
        found = sim.tick >= node.status["exposed_since"] + parse_duration(fault.params["scanners_after"])
        rate = fault.params["anonymous_rate"] if bucket_public(node) and found else 0.0
        previous = float(node.status.get("anonymous_rate", 0.0))
        if rate == previous == 0.0:
            return
        world.set_status(
            target,
            extra_load=rate,
            anonymous_rate=rate,
            anonymous_gets=float(node.status.get("anonymous_gets", 0.0)) + previous * 60.0,
        )

    def active(self, fault: Fault, world: World) -> bool:
        node = world.nodes[fault.target]
        return not node.status.get("deleted") and not bucket_guarded(node)

    def evidence(self, fault: Fault, world: World) -> set[str]:
        target = fault.target
        node = world.nodes[target]
        tokens = {
            f"bucket-policy:{target}",
            f"access-logs:{target}",
            f"guardduty:{target}",
            f"trail:{target}:PutBucketPolicy",
            f"trail:{target}:PutPublicAccessBlock",
            f"config:S3_BUCKET_PUBLIC_READ_PROHIBITED:{target}",
            f"config:S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED:{target}",
            f"drift:{target}",
            f"config:CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK:{target}",
        }
        if node.stack:
            tokens.add(f"config:CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK:{node.stack}")
        return tokens

    def explain(self, fault: Fault) -> str:
        p = fault.params
        return (
            f'{p["by"]} turned off Block Public Access on {fault.target} and allowed s3:GetObject to Principal "*" '
            f"({p['reason']}): anyone on the internet could read its objects."
        )
