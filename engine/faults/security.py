"""Security faults: a KMS key policy lockout, an expiring certificate, broken encrypted
replication, a leaked access key."""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import Field

from ..resources.base import StrictModel
from ..world import World
from .base import FAULTS, Fault, FaultType

DAY = 86400


class LockoutParams(StrictModel):
    keep_admin: bool = Field(False, description="the on-call role stays a key administrator (recoverable)")
    by: str = Field("key-rotation-script", description="who called PutKeyPolicy")


@FAULTS.register
class KeyPolicyLockout(FaultType):
    """A script replaces a KMS key's policy with ``BypassPolicyLockoutSafetyCheck=true``: the
    account-root statement is gone and the only principal named no longer exists. Every
    caller of a store encrypted with the key gets AccessDenied; AdministratorAccess does
    not help, because the key policy is authoritative. Unless someone is still a key
    administrator, only AWS Support can restore access. Active while the root statement
    is missing."""

    id = "kms_key_policy_lockout"
    family = "kms lockout"
    targets = ("kms_key",)
    Params = LockoutParams

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        policy = {
            "root_access": False,
            "admins": ["OnCallEngineer"] if fault.params["keep_admin"] else [],
            "users": ["legacy-batch-role"],
        }
        world.set_config(fault.target, "policy", policy)
        sim.record_trail(
            "PutKeyPolicy",
            "kms.amazonaws.com",
            f"arn:aws:iam::123456789012:user/{fault.params['by']}",
            fault.target,
            "BypassPolicyLockoutSafetyCheck=true",
        )

    def active(self, fault: Fault, world: World) -> bool:
        return not world.nodes[fault.target].config["policy"]["root_access"]

    def evidence(self, fault: Fault, world: World) -> set[str]:
        return {f"key:{fault.target}", f"trail:{fault.target}:PutKeyPolicy"}

    def explain(self, fault: Fault) -> str:
        return (
            f"{fault.params['by']} replaced the key policy of {fault.target} with one that drops the account-root "
            "statement, locking every role out."
        )


class CertParams(StrictModel):
    expires_in: str | int = Field("3m", description="time until the certificate expires")
    cause: Literal["imported", "validation_record_deleted"] = "imported"


@FAULTS.register
class CertificateExpiry(FaultType):
    """A certificate expires: an imported one (ACM never renews those) or an Amazon-issued one
    whose DNS validation record was deleted, so renewal failed. ACM warned for 45 days; the
    Config rule flagged it at 14. When it expires, every TLS handshake fails and requests
    never reach the load balancer. Active while the certificate is not being renewed."""

    id = "certificate_expired"
    family = "certificate"
    targets = ("acm_certificate",)
    Params = CertParams

    def inject(self, fault: Fault, sim: Any) -> None:
        from ..durations import parse_duration

        world = sim.world
        cert = world.nodes[fault.target]
        if fault.params["cause"] == "imported":
            world.set_config(fault.target, "kind", "IMPORTED")
            if cert.template is not None:
                world.set_template(fault.target, "kind", "IMPORTED")
        else:
            world.set_config(fault.target, "validation_record", False)
            sim.record_trail(
                "ChangeResourceRecordSets",
                "route53.amazonaws.com",
                "arn:aws:iam::123456789012:user/dns-cleanup",
                fault.target,
                "DELETE _x1.www CNAME (validation record)",
                at=sim.tick - 50 * DAY,
            )
        expires = sim.tick + parse_duration(fault.params["expires_in"])
        world.set_status(fault.target, expires_at=expires)
        sim.node_timer(fault.target, expires - sim.tick, "expiry")

    def active(self, fault: Fault, world: World) -> bool:
        cert = world.nodes[fault.target]
        return not cert.type.renews(cert) and cert.status["expires_at"] - world.tick < 14 * DAY  # type: ignore[attr-defined]

    def watch(self, fault: Fault, world: World) -> set[str]:
        return {fault.target, *world.protected_by.get(fault.target, [])}

    def evidence(self, fault: Fault, world: World) -> set[str]:
        return {f"certificate:{fault.target}", f"config:ACM_CERTIFICATE_EXPIRATION_CHECK:{fault.target}"}

    def explain(self, fault: Fault) -> str:
        why = (
            "it is imported, and ACM does not renew imported certificates"
            if fault.params["cause"] == "imported"
            else "its DNS validation record was deleted, so ACM could not renew it"
        )
        return f"Certificate {fault.target} expired: {why}."


class ReplicationParams(StrictModel):
    mode: Literal["kms_excluded", "role_kms", "replica_unencrypted"]


@FAULTS.register
class ReplicationBroken(FaultType):
    """Cross-Region replication of an SSE-KMS bucket quietly stops working: the rule no longer
    opts in to SSE-KMS objects (they are silently skipped), the replication role cannot use
    the keys (status FAILED), or replicas land unencrypted. The disaster-recovery copy is
    not what everyone thinks it is. Each mode is active while what it broke is still broken
    (the rule, the role's key permissions, the replica's encryption), so two of them on one
    bucket are found and fixed one at a time; taking SSE-KMS off the source ends the first
    two — replication then works, for plaintext objects."""

    id = "s3_replication_broken"
    family = "replication"
    targets = ("s3_bucket",)
    Params = ReplicationParams

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        bucket = world.nodes[target]
        if bucket.config["replication"] is None or bucket.config["encryption"] != "SSE-KMS":
            return f"{target} must be SSE-KMS encrypted with a replication rule"
        return None

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        bucket = world.nodes[fault.target]
        rule = bucket.config["replication"]
        mode = fault.params["mode"]
        if mode == "kms_excluded":
            changed = dict(rule, sse_kms_encrypted_objects=False)
            for field in ("config", "template"):
                holder = getattr(bucket, field)
                if holder is not None:
                    holder["replication"] = copy.deepcopy(changed)
            world.touch(fault.target)
        elif mode == "role_kms":
            role = world.nodes[rule["role"]]
            policies = copy.deepcopy(role.config["policies"])
            for policy in policies:
                for statement in policy["statements"]:
                    statement["actions"] = [a for a in statement["actions"] if not a.startswith("kms:")]
                policy["statements"] = [s for s in policy["statements"] if s["actions"]]
            world.set_config(rule["role"], "policies", policies)
            fault.memory["role"] = rule["role"]
        else:
            world.set_config(rule["destination"], "encryption", "none")
        # What CloudTrail shows: the rule came with a stack update (template and bucket both
        # changed); the role's policy and the replica's encryption were changed by a person.
        by_stack = mode == "kms_excluded" and bucket.template is not None
        event, source, resource, detail = {
            "kms_excluded": (
                "PutBucketReplication",
                "s3.amazonaws.com",
                fault.target,
                "SourceSelectionCriteria.SseKmsEncryptedObjects: Disabled",
            ),
            "role_kms": ("PutRolePolicy", "iam.amazonaws.com", rule["role"], "kms statements removed"),
            "replica_unencrypted": (
                "DeleteBucketEncryption",
                "s3.amazonaws.com",
                rule["destination"],
                "default encryption removed",
            ),
        }[mode]
        sim.record_trail(
            event,
            source,
            "arn:aws:sts::123456789012:assumed-role/pipeline-deploy-role"
            if by_stack
            else "arn:aws:iam::123456789012:user/platform-team",
            resource,
            detail,
            at=sim.tick - 9 * DAY,
        )

    def active(self, fault: Fault, world: World) -> bool:
        bucket = world.nodes[fault.target]
        rule = bucket.config["replication"]
        mode = fault.params["mode"]
        if rule is None:
            return False
        if mode == "replica_unencrypted":
            destination = world.nodes.get(rule["destination"])
            return destination is not None and destination.config["encryption"] == "none"
        if mode == "kms_excluded":
            return bucket.config["encryption"] == "SSE-KMS" and not rule["sse_kms_encrypted_objects"]
        return bucket.type.replication_key_problem(bucket, world) is not None  # type: ignore[attr-defined]

    def watch(self, fault: Fault, world: World) -> set[str]:
        rule = world.nodes[fault.target].config["replication"] or {}
        return {fault.target, *(rule.get(k) for k in ("destination", "role") if rule.get(k))}

    def evidence(self, fault: Fault, world: World) -> set[str]:
        bucket = world.nodes[fault.target]
        rule = bucket.config["replication"] or {}
        mode = fault.params["mode"]
        if mode == "kms_excluded":
            return {f"replication:{fault.target}", f"trail:{fault.target}:PutBucketReplication"}
        if mode == "replica_unencrypted":
            return {f"replication:{fault.target}", f"trail:{rule.get('destination')}:DeleteBucketEncryption"}
        role = fault.memory.get("role") or rule.get("role")
        tokens = {f"iam:{role}", f"trail:{role}:PutRolePolicy"}
        problem = bucket.type.replication_problem(bucket, world)  # type: ignore[attr-defined]
        if problem and problem[0] == "FAILED" and "kms:" in problem[1]:
            tokens.add(f"replication:{fault.target}")  # only a finding that shows the key failure
        return tokens

    def explain(self, fault: Fault) -> str:
        return {
            "kms_excluded": f"The replication rule of {fault.target} no longer includes SSE-KMS objects; none "
            "were replicated.",
            "role_kms": "The replication role lost its KMS permissions; every replication FAILED.",
            "replica_unencrypted": "Replicas were written to an unencrypted destination bucket.",
        }[fault.params["mode"]]


class LeakParams(StrictModel):
    key: str | None = Field(None, description="the access key id (default: the user's first)")
    mining_cost_per_hour: float = Field(3800.0, ge=0, description="cents per hour of instances the attacker runs")


@FAULTS.register
class LeakedAccessKey(FaultType):
    """An access key is pushed to a public repository; within minutes it is used from an
    unknown network to start GPU instances for crypto-mining. GuardDuty reports it. Active
    while the key is still active."""

    id = "leaked_access_key"
    family = "credentials"
    targets = ("iam_user",)
    Params = LeakParams

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        return None if world.nodes[target].config["access_keys"] else f"{target} has no access key"

    def _key(self, fault: Fault, world: World) -> str:
        return fault.params["key"] or world.nodes[fault.target].config["access_keys"][0]["id"]

    def inject(self, fault: Fault, sim: Any) -> None:
        key = self._key(fault, sim.world)
        user = sim.world.nodes[fault.target]
        sim.world.set_status(
            fault.target,
            exposed_keys=[*user.status.get("exposed_keys", []), key],
            extra_cost=fault.params["mining_cost_per_hour"],
        )
        for event in ("GetCallerIdentity", "DescribeRegions", "RunInstances"):
            sim.record_trail(
                event,
                "sts.amazonaws.com" if event == "GetCallerIdentity" else "ec2.amazonaws.com",
                f"arn:aws:iam::123456789012:user/{fault.target}",
                fault.target,
                f"accessKeyId {key}, sourceIPAddress 185.220.101.7",
            )
        sim.fault_timer(fault.key, 240, "guardduty")

    def on_timer(self, fault: Fault, sim: Any, tag: str) -> None:
        sim.report_guardduty(
            "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
            8,
            fault.target,
            f"access key {self._key(fault, sim.world)} used from 185.220.101.7 (known Tor exit) to call RunInstances",
        )

    def active(self, fault: Fault, world: World) -> bool:
        key = self._key(fault, world)
        return any(k["id"] == key and k["status"] == "Active" for k in world.nodes[fault.target].config["access_keys"])

    def evidence(self, fault: Fault, world: World) -> set[str]:
        return {f"guardduty:{fault.target}", f"trail:{fault.target}:RunInstances"}

    def explain(self, fault: Fault) -> str:
        return f"An access key of {fault.target} leaked and is being used to mine cryptocurrency."
