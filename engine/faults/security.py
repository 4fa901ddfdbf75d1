"""Security faults: a KMS key policy lockout, an expiring certificate, broken encrypted
replication, a leaked access key."""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import Field

from ..resources.base import StrictModel
from ..world import World
from .base import FAULTS, Fault, FaultType
from .policies import without_actions

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
        left = (
            "; only OnCallEngineer was still a key administrator"
            if fault.params["keep_admin"]
            else "; no key administrator was left"
        )
        return (
            f"{fault.params['by']} replaced the key policy of {fault.target} with one that drops the account-root "
            f"statement, locking every role out{left}."
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
            policies = without_actions(world.nodes[rule["role"]].config["policies"], lambda a: a.startswith("kms:"))
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
    growth_per_minute: float = Field(
        0.0, ge=0, description="cents per hour of instances the attacker adds each minute the key still works"
    )
    hijack: str | None = Field(
        None, description="a Lambda function the key may update: the attacker swaps its code for a miner and invokes it"
    )
    invocations: float = Field(1200.0, gt=0, description="hijack: mining invocations per second while the key works")
    duration_ms: float = Field(3000.0, gt=0, description="hijack: how long one mining invocation runs")
    leaked_in: str = Field("a public GitHub repository", description="where the key was published")


ATTACKER_IP = "185.220.101.7"
ATTACKER_LOOP = 60
MINERS = ", g4dn.12xlarge instances in us-east-1, us-west-2, eu-west-1"


@FAULTS.register
class LeakedAccessKey(FaultType):
    """An access key is published (a public repository, a container image layer); within
    minutes it is used from an unknown network to start instances for crypto-mining — and,
    with ``hijack``, to rewrite a dormant Lambda function as a miner and invoke it until the
    account's concurrency is gone. GuardDuty reports it. The attacker's tooling retries
    every minute while the key works (and adds instances, with ``growth_per_minute``);
    deactivating the key stops new calls, but instances already launched keep running and
    billing until someone terminates them. Active while the key is still active."""

    id = "leaked_access_key"
    family = "credentials"
    targets = ("iam_user",)
    Params = LeakParams

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        if not world.nodes[target].config["access_keys"]:
            return f"{target} has no access key"
        hijack = params.get("hijack")
        if hijack and (hijack not in world.nodes or world.nodes[hijack].type.id != "lambda_function"):
            return f"hijack: {hijack} must be a Lambda function"
        return None

    def _key(self, fault: Fault, world: World) -> str:
        """The leaked key (pinned when injected: a key created later by a rotation is not it)."""
        pinned = fault.memory.get("key")
        return str(pinned or fault.params["key"] or world.nodes[fault.target].config["access_keys"][0]["id"])

    def inject(self, fault: Fault, sim: Any) -> None:
        key = self._key(fault, sim.world)
        fault.memory["key"] = key
        user = sim.world.nodes[fault.target]
        sim.world.set_status(
            fault.target,
            exposed_keys=[*user.status.get("exposed_keys", []), key],
            extra_cost=float(user.status.get("extra_cost", 0.0)) + fault.params["mining_cost_per_hour"],
        )
        fault.memory["launched"] = fault.params["mining_cost_per_hour"]
        arn = f"arn:aws:iam::123456789012:user/{fault.target}"
        seen = f"accessKeyId {key}, sourceIPAddress {ATTACKER_IP}"
        for event in ("GetCallerIdentity", "DescribeRegions", "RunInstances"):
            sim.record_trail(
                event,
                "sts.amazonaws.com" if event == "GetCallerIdentity" else "ec2.amazonaws.com",
                arn,
                fault.target,
                seen + (MINERS if event == "RunInstances" else ""),
            )
        hijack = fault.params["hijack"]
        if hijack:
            fn = sim.world.nodes[hijack]
            versions = copy.deepcopy(fn.status["versions"])
            for behaviour in versions.values():
                behaviour["latency_ms"] = fault.params["duration_ms"]
            sim.world.set_status(hijack, versions=versions, extra_load=fault.params["invocations"])
            for event in ("UpdateFunctionCode20150331v2", "UpdateFunctionConfiguration20150331v2"):
                sim.record_trail(event, "lambda.amazonaws.com", arn, hijack, seen)
        sim.fault_timer(fault.key, 240, "guardduty")
        sim.fault_timer(fault.key, ATTACKER_LOOP, "attacker")

    def on_timer(self, fault: Fault, sim: Any, tag: str) -> None:
        if tag == "guardduty":
            # the miners it launched query mining pools (a High finding on the instances); the
            # key's own use from Tor is UnauthorizedAccess:IAMUser/TorIPCaller, a Medium one
            key = self._key(fault, sim.world)
            sim.report_guardduty(
                "CryptoCurrency:EC2/BitcoinTool.B!DNS",
                8,
                fault.target,
                f"g4dn.12xlarge instances launched with access key {key} from {ATTACKER_IP} (a Tor exit node) "
                "are querying cryptocurrency mining pool domains",
            )
            return
        sim.fault_timer(fault.key, ATTACKER_LOOP, "attacker")
        working = self.active(fault, sim.world)
        hijack = fault.params["hijack"]
        if hijack:
            load = fault.params["invocations"] if working else 0.0
            if sim.world.nodes[hijack].status.get("extra_load", 0.0) != load:
                sim.world.set_status(hijack, extra_load=load)
        if not working:
            return
        user = sim.world.nodes[fault.target]
        fleet = fault.memory.get("launched", 0.0) + fault.params["growth_per_minute"]
        fault.memory["launched"] = fleet
        running = float(user.status.get("extra_cost", 0.0))
        loops = fault.memory["loops"] = fault.memory.get("loops", 0) + 1
        if running < fleet:  # more instances, or the ones someone terminated launched again
            sim.world.set_status(fault.target, extra_cost=fleet)
        if fleet > 0 and (running <= 0 or (running < fleet and loops % 5 == 0)):
            sim.record_trail(
                "RunInstances",
                "ec2.amazonaws.com",
                f"arn:aws:iam::123456789012:user/{fault.target}",
                fault.target,
                f"accessKeyId {self._key(fault, sim.world)}, sourceIPAddress {ATTACKER_IP}, more{MINERS[1:]}",
            )

    def active(self, fault: Fault, world: World) -> bool:
        key = self._key(fault, world)
        return any(k["id"] == key and k["status"] == "Active" for k in world.nodes[fault.target].config["access_keys"])

    def watch(self, fault: Fault, world: World) -> set[str]:
        return {fault.target}

    def evidence(self, fault: Fault, world: World) -> set[str]:
        tokens = {f"guardduty:{fault.target}", f"trail:{fault.target}:RunInstances"}
        if fault.params["hijack"]:
            tokens.add(f"trail:{fault.params['hijack']}:UpdateFunctionCode20150331v2")
        return tokens

    def explain(self, fault: Fault) -> str:
        what = "to mine cryptocurrency on instances it launched"
        if fault.params["hijack"]:
            what += f" and on {fault.params['hijack']}, rewritten as a miner that took the account's Lambda concurrency"
        return f"An access key of {fault.target} leaked in {fault.params['leaked_in']} and was used {what}."
