"""What responders can do about a secret rotation, an ECS deployment or a bucket's public
access: look (describe the secret, the service, the bucket's access; read the access
logs), fix (finish or roll back the rotation, turn the circuit breaker on, block public
access, remove the public statement) and the tempting moves (a plain-text password, an
UpdateService by hand, deleting the bucket).

The state they read and change is described in :mod:`engine.resources.changes`.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ..events import Finding
from ..resources.base import StrictModel
from ..resources.changes import (
    CURRENT,
    PENDING,
    bucket_public,
    circuit_breaker_threshold,
    ecs_primary,
    ecs_rollout,
    ecs_stable,
    ecs_stuck,
    ecs_update_service,
    finish_rotation,
    half_rotated,
    holders,
    labelled,
    pin_credentials,
    roll_back_rotation,
    rotation,
    secret_database,
    short,
    versions,
)
from .base import ActionType, Context, Outcome
from .investigate import stamp
from .kit import ConfigChange, Investigation, console_and_pipeline, registered

ARN = "arn:aws:{service}:us-east-1:123456789012:{kind}:{name}"


# -- Secrets Manager -----------------------------------------------------------------------------
@registered
class DescribeSecret(Investigation):
    """Describe a Secrets Manager secret: rotation schedule and function, its versions with their
    staging labels, and how the last rotation ended (from the rotation function's log)."""

    id = "describe_secret"
    title = "Describe secret and its rotation"
    targets = ("secrets_manager_secret",)
    duration = 30

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        world = sim.world
        secret = world.nodes[target or ""]
        cfg = secret.config
        last = rotation(secret)
        function = last.get("function")
        lines = [
            f"ARN {ARN.format(service='secretsmanager', kind='secret', name=secret.id)}-Qx3v9T; KMS key "
            + (", ".join(world.key_of.get(secret.id, [])) or "aws/secretsmanager"),
            f"RotationEnabled: {str(cfg['rotation_enabled']).lower()}; every {cfg['rotation_days']} days; "
            f"RotationLambdaARN: {ARN.format(service='lambda', kind='function', name=function) if function else '-'}",
        ]
        if last:
            lines.append(f"LastRotatedDate: {stamp(int(last['at']))}")
        table = versions(secret)
        if table:
            lines.append("Versions (ListSecretVersionIds):")
            for version, info in sorted(table.items(), key=lambda item: -item[1]["n"]):
                labels = ", ".join(info["labels"]) or "(no staging label)"
                lines.append(f"  {version}  {labels:<24} created {stamp(int(info['created']))}")
        else:
            lines.append("Versions: AWSCURRENT only (no rotation in the last 90 days)")
        unfinished = half_rotated(secret)
        if last.get("state") == "Failed":
            lines.append(f"Rotation function log, last invocation ({last['step']}): [ERROR] {last['error']}")
        if unfinished:
            lines.append(
                f"AWSPENDING is on {short(labelled(secret, PENDING))}, not on AWSCURRENT "
                f"{short(labelled(secret, CURRENT))}: the last rotation did not finish, and RotateSecret will refuse "
                "to start until it is finished or cancelled"
            )
        db = secret_database(world, secret.id)
        if db:
            readers = ", ".join(holders(world, secret.id)) or "(none)"
            lines.append(f"Protects the credentials of {db}; read by {readers}")
        evidence = (f"secret:{secret.id}",) if unfinished or last.get("state") == "Failed" else ()
        state = "unfinished" if unfinished else last.get("state", "OK")
        title = f"Secret {secret.id}: rotation {state}"
        return [Finding(title, tuple(lines), evidence)]


@registered
class FinishSecretRotation(ActionType):
    """Finish a rotation by hand, as finishSecret would have: move AWSCURRENT to the AWSPENDING
    version (UpdateSecretVersionStage). Applications read the new password the next time
    they read the secret."""

    id = "finish_secret_rotation"
    title = "Finish the rotation (move AWSCURRENT)"
    family = "remediate"
    targets = ("secrets_manager_secret",)
    duration = 45

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        secret = sim.world.nodes[target or ""]
        pending = labelled(secret, PENDING)
        if not half_rotated(secret):
            return Outcome(f"{target} has no unfinished rotation: AWSCURRENT is already on the latest version")
        sim.record_trail(
            "UpdateSecretVersionStage",
            "secretsmanager.amazonaws.com",
            sim.actor_arn(ctx),
            target,
            f"VersionStage AWSCURRENT → {short(pending)}",
        )
        finish_rotation(sim.world, target or "", sim.tick, "finished by hand")
        return Outcome(
            f"AWSCURRENT of {target} moved to {short(pending)} (the password the database already has); "
            "applications pick it up when they next read the secret"
        )


@registered
class RollbackSecretRotation(ActionType):
    """Roll the last rotation back: reset the database user's password to the one AWSCURRENT
    holds (with the master credentials) and remove AWSPENDING — or, if the rotation had
    finished, move AWSCURRENT back to AWSPREVIOUS and reset the password to that."""

    id = "rollback_secret_rotation"
    title = "Roll back the rotation"
    family = "remediate"
    targets = ("secrets_manager_secret",)
    duration = 150

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        world = sim.world
        db = secret_database(world, target or "")
        if db is None or not versions(world.nodes[target or ""]):
            return Outcome(f"{target} has no rotation to roll back")
        version = roll_back_rotation(world, target or "", sim.tick)
        if version is None:
            return Outcome(f"{target} has no earlier version to roll back to")
        sim.record_trail(
            "UpdateSecretVersionStage",
            "secretsmanager.amazonaws.com",
            sim.actor_arn(ctx),
            target,
            f"AWSCURRENT stays on {short(version)}; AWSPENDING removed",
        )
        sim.record_trail(
            "ModifyDBInstance", "rds.amazonaws.com", sim.actor_arn(ctx), db, "password reset to the AWSCURRENT value"
        )
        return Outcome(f"{db} accepts the password of {target}'s AWSCURRENT ({short(version)}) again")


class RotationParams(StrictModel):
    enabled: bool = Field(True, description="turn automatic rotation on (true) or off (false)")


@console_and_pipeline
class SetSecretRotation(ConfigChange):
    """Turn a secret's automatic rotation on or off (off cancels a rotation in progress, but
    leaves its staging labels as they are)."""

    id = "set_secret_rotation"
    title = "Set secret rotation"
    targets = ("secrets_manager_secret",)
    Params = RotationParams
    duration = 30
    trail_event, trail_source = "RotateSecret", "secretsmanager.amazonaws.com"
    sets_from = {"rotation_enabled": "enabled"}


@registered
class HardcodeDbPassword(ActionType):
    """Copy the password the database accepts now into a plain-text environment variable of the
    service's task definition (or function), and redeploy it: every new connection works at
    once — with a password in plain text that the next rotation will break again."""

    id = "hardcode_db_password"
    title = "Put the DB password in an environment variable"
    family = "remediate"
    targets = ("ecs_service", "lambda_function")
    duration = 120
    tags = frozenset({"plaintext-secret", "manual-change"})

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        world = sim.world
        secrets = [c for c, _ in world.callees[target or ""] if world.nodes[c].type.id == "secrets_manager_secret"]
        if not any(target in holders(world, s) for s in secrets):
            return f"{target} reads no database password from Secrets Manager"
        return None

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        pinned = pin_credentials(sim.world, target or "")
        sim.record_trail(
            "RegisterTaskDefinition",
            "ecs.amazonaws.com",
            sim.actor_arn(ctx),
            target,
            "environment DB_PASSWORD=******** (plain text)",
        )
        return Outcome(f"{target} redeployed with the password of {', '.join(pinned)} in plain text")


# -- ECS ------------------------------------------------------------------------------------------
@registered
class DescribeEcsService(Investigation):
    """Describe an ECS service: its deployments (PRIMARY and ACTIVE), task counts, circuit
    breaker, and the service event messages."""

    id = "describe_ecs_service"
    title = "Describe ECS service"
    targets = ("ecs_service",)
    duration = 30

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        node = sim.world.nodes[target or ""]
        cfg = node.config
        rollout = ecs_rollout(node)
        desired, running = int(cfg["desired_count"]), int(node.status.get("running", cfg["desired_count"]))
        breaker = (
            f"on, rollback on (threshold {circuit_breaker_threshold(desired)} failed tasks)"
            if cfg["circuit_breaker"]
            else "DISABLED"
        )
        lines = [
            f"{cfg['launch_type']}; desiredCount {desired}, runningCount {running}; "
            f"deploymentCircuitBreaker: {breaker}",
        ]
        stuck = ecs_stuck(node)
        if rollout is None:
            lines.append(f"  PRIMARY  {target}:{ecs_primary(node)}  COMPLETED  running {running}")
        elif stuck:
            spec = node.status["versions"][rollout["to"]]
            lines += [
                f"  PRIMARY  {target}:{rollout['to']}  rolloutState IN_PROGRESS since {stamp(rollout['started'])}; "
                f"running 0 of {desired}; failedTasks {rollout['failed']}",
                f"  ACTIVE   {target}:{rollout['from']}  running {running}",
                f"Stopped tasks of {target}:{rollout['to']}: {spec.get('stop_reason', 'Essential container exited')}",
            ]
            if spec.get("health"):
                lines.append(f"  health check: {spec['health']}")
        else:
            state = "COMPLETED" if rollout["state"] == "COMPLETED" else rollout["state"]
            lines.append(f"  PRIMARY  {target}:{ecs_primary(node)}  rolloutState {state}  running {running}")
            if rollout.get("rollback"):
                lines.append(f"  (rolled back by the circuit breaker from revision {rollout['rollback']})")
        lines += [f"  {stamp(e['tick'])}  {e['text']}" for e in node.status.get("events", [])[-8:]]
        evidence = (f"ecs-deployment:{target}",) if stuck else ()
        title = f"{target}: deployment of revision {rollout['to']} stuck" if stuck and rollout else f"{target}: steady"
        return [Finding(title, tuple(lines), evidence)]


class UpdateParams(StrictModel):
    revision: str | None = Field(None, description="task definition revision (default: the last one that was stable)")


@registered
class UpdateEcsService(ActionType):
    """Update the service to a task definition revision by hand (UpdateService in the console):
    fast, but the stack's template still names the revision it names, so the next release
    puts that one back."""

    id = "update_ecs_service"
    title = "Update the service's task definition (console)"
    family = "remediate"
    targets = ("ecs_service",)
    Params = UpdateParams
    duration = 150
    tags = frozenset({"manual-change"})

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        node = sim.world.nodes[target or ""]
        known = set(node.status.get("versions", {})) | set(node.config.get("traffic", {}))
        if params["revision"] is not None and params["revision"] not in known:
            return f"ClientException: unable to describe task definition {target}:{params['revision']}"
        return None

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        node = sim.world.nodes[target or ""]
        revision = params["revision"] or ecs_stable(node)
        sim.record_trail(
            "UpdateService", "ecs.amazonaws.com", sim.actor_arn(ctx), target, f"taskDefinition {target}:{revision}"
        )
        rollout = ecs_update_service(sim.world, target or "", revision, update_template=False, from_template=False)
        if rollout["state"] == "IN_PROGRESS":
            return Outcome(f"{target} is deploying revision {revision}; its tasks are failing")
        return Outcome(f"{target} runs revision {revision} on {node.config['desired_count']} tasks (steady state)")


class BreakerParams(StrictModel):
    enabled: bool = Field(True, description="circuit breaker with rollback on (true) or off (false)")


@console_and_pipeline
class SetCircuitBreaker(ConfigChange):
    """Turn an ECS service's deployment circuit breaker (with rollback) on or off: with it on,
    a deployment whose tasks keep failing is marked FAILED and rolled back to the last one
    that completed."""

    id = "set_circuit_breaker"
    title = "Set deployment circuit breaker"
    targets = ("ecs_service",)
    Params = BreakerParams
    duration = 30
    trail_event, trail_source = "UpdateService", "ecs.amazonaws.com"
    sets_from = {"circuit_breaker": "enabled"}


# -- S3 public access ---------------------------------------------------------------------------
@registered
class DescribeBucketAccess(Investigation):
    """Show who can read a bucket: its Block Public Access settings, its bucket policy, and
    IAM Access Analyzer's verdict."""

    id = "describe_bucket_access"
    title = "Describe bucket access"
    targets = ("s3_bucket",)
    duration = 20

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        node = sim.world.nodes[target or ""]
        if node.status.get("deleted"):
            return [Finding(f"NoSuchBucket: {target} does not exist")]
        block = "On" if node.config["public_access_block"] else "Off"
        lines = [
            f"Block Public Access: BlockPublicAcls {block}, IgnorePublicAcls {block}, BlockPublicPolicy {block}, "
            f"RestrictPublicBuckets {block}",
            f"Default encryption: {node.config['encryption']}; server access logging: "
            + ("on" if node.config["logging"] else "off"),
        ]
        if node.config.get("public_policy"):
            lines.append(f'Bucket policy: Allow Principal "*" s3:GetObject on arn:aws:s3:::{target}/*')
        else:
            lines.append("Bucket policy: only principals of this account (and the services it names)")
        public = bucket_public(node)
        if public:
            verdict = "Public — anyone on the internet can read objects (finding: Principal *, s3:GetObject)"
        elif node.config.get("public_policy"):
            verdict = "Not public: the policy grants Principal *, but Block Public Access overrides it"
        else:
            verdict = "Not public"
        lines.append(f"IAM Access Analyzer for S3: {verdict}")
        evidence = (f"bucket-policy:{target}",) if public or not node.config["public_access_block"] else ()
        return [Finding(f"{target}: {'PUBLIC' if public else 'not public'}", tuple(lines), evidence)]


@registered
class ReviewAccessLogs(Investigation):
    """Query a bucket's server access logs (Athena) for requests by anonymous principals:
    how many, from where, which objects — what an exposure actually leaked."""

    id = "review_s3_access_logs"
    title = "Review S3 server access logs"
    targets = ("s3_bucket",)
    duration = 180

    def findings(self, sim: Any, target: str | None, params: dict[str, Any]) -> list[Finding]:
        node = sim.world.nodes[target or ""]
        if not node.config["logging"]:
            return [
                Finding(
                    f"{target} has no server access logs",
                    (
                        "Server access logging is off and no CloudTrail data events are recorded for it: "
                        "nothing shows who read its objects",
                    ),
                )
            ]
        since = node.status.get("exposed_since")
        gets = float(node.status.get("anonymous_gets", 0.0))  # the logs are delivered within minutes
        query = f"SELECT requester, remoteip, key, httpstatus FROM s3_access_logs_db.{target.replace('-', '_')}_logs"
        if gets < 1:
            return [Finding(f"{target}: no anonymous requests in its access logs", (query,))]
        denied = node.config["encryption"] == "SSE-KMS"
        status = "403 AccessDenied (SSE-KMS: anonymous callers cannot use the key)" if denied else "200 OK"
        lines = (
            query,
            f'requester "-" (anonymous): {gets:,.0f} REST.GET.OBJECT since {stamp(int(since or 0))}, '
            f"from {min(3 + int(gets // 400), 180)} IP addresses; HTTP status {status}",
            "first anonymous requests: user-agents 'python-requests/2.31', 'Go-http-client/1.1' (bucket scanners)",
            f"approximate data sent: {0.0 if denied else gets * 0.85 / 1024:,.1f} GB",
        )
        return [Finding(f"{target}: {gets:,.0f} anonymous requests", lines, (f"access-logs:{target}",))]


class BlockParams(StrictModel):
    blocked: bool = Field(True, description="all four Block Public Access settings on (true) or off (false)")


@console_and_pipeline
class SetPublicAccessBlock(ConfigChange):
    """Turn a bucket's Block Public Access on (all four settings: public policies and ACLs stop
    working at once) or off."""

    id = "set_public_access_block"
    title = "Set Block Public Access"
    targets = ("s3_bucket",)
    Params = BlockParams
    duration = 20
    trail_event, trail_source = "PutPublicAccessBlock", "s3.amazonaws.com"
    sets_from = {"public_access_block": "blocked"}


class PolicyParams(StrictModel):
    public: bool = Field(False, description='keep (true) or remove (false) the statement allowing Principal "*"')


@console_and_pipeline
class SetBucketPolicy(ConfigChange):
    """Rewrite a bucket policy without (or with) the statement that allows s3:GetObject to
    Principal "*"."""

    id = "set_bucket_policy"
    title = "Set bucket policy"
    targets = ("s3_bucket",)
    Params = PolicyParams
    duration = 30
    trail_event, trail_source = "PutBucketPolicy", "s3.amazonaws.com"
    sets_from = {"public_policy": "public"}


@registered
class DeleteBucket(ActionType):
    """Empty and delete the bucket (every version of every object): nothing left to expose —
    and nothing left to serve."""

    id = "delete_bucket"
    title = "Empty and delete the bucket"
    family = "remediate"
    targets = ("s3_bucket",)
    duration = 300
    tags = frozenset({"data-loss"})

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        world = sim.world
        world.set_status(target or "", deleted=True, extra_load=0.0, anonymous_rate=0.0)
        world.set_impairment(
            target or "", "bucket-deleted", 0.0, f"NoSuchBucket: The specified bucket does not exist ({target})"
        )
        sim.record_trail("DeleteObjects", "s3.amazonaws.com", sim.actor_arn(ctx), target, "all object versions")
        sim.record_trail("DeleteBucket", "s3.amazonaws.com", sim.actor_arn(ctx), target)
        return Outcome(f"{target} emptied and deleted; its objects are gone")
