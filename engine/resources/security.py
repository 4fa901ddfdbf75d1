"""Security: KMS keys, IAM roles and users, ACM certificates, secrets, GuardDuty."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..world import Node, World
from .base import RESOURCES, Local, MetricSpec, ResourceType, StrictModel
from .common import per_request_cost

DAY = 86400


class KeyPolicy(StrictModel):
    root_access: bool = Field(True, description="keeps the account-root statement that lets IAM grant use")
    admins: list[str] = Field(default_factory=list, description="roles allowed to administer the key")
    users: list[str] = Field(default_factory=list, description="roles allowed to use the key directly")


class KmsConfig(StrictModel):
    state: Literal["Enabled", "Disabled", "PendingDeletion"] = "Enabled"
    rotation: bool = True
    policy: KeyPolicy = Field(default_factory=KeyPolicy)
    multi_region: bool = False


class KmsKey(ResourceType):
    """AWS KMS customer managed key (AWS::KMS::Key) and its key policy.

    The key policy is authoritative: a role can use the key only if the policy names it,
    or keeps the account-root statement and the role's IAM policy allows the action. A
    policy without the root statement that names no one who can still act makes the key
    unmanageable — only AWS Support can help, and AdministratorAccess changes nothing.
    A disabled key, or one pending deletion, refuses everyone.
    """

    id = "kms_key"
    aws_type = "AWS::KMS::Key"
    title = "KMS key"
    category = "security"
    Config = KmsConfig
    sends = frozenset({"managed_by"})
    receives = frozenset({"encrypts_with", "monitors"})
    compliance_properties = ("state", "rotation", "policy")

    def hourly_cost(self, node: Node) -> float:
        """$1.00 a month per customer managed key."""
        return 100.0 / 730.0


class Statement(StrictModel):
    effect: Literal["Allow", "Deny"] = "Allow"
    actions: list[str] = Field(min_length=1)
    resources: list[str] = Field(default_factory=lambda: ["*"])


class Policy(StrictModel):
    name: str
    managed: bool = Field(False, description="an AWS managed policy (AdministratorAccess, ...)")
    statements: list[Statement] = Field(default_factory=list)


class RoleConfig(StrictModel):
    trust: list[str] = Field(default_factory=lambda: ["lambda.amazonaws.com"], description="who may assume it")
    policies: list[Policy] = Field(default_factory=list)
    permissions_boundary: str | None = None


class IamRole(ResourceType):
    """IAM role (AWS::IAM::Role): the permissions of whatever runs as it (``uses_role``).

    Identity policies are evaluated as IAM does: an explicit Deny wins, otherwise some
    Allow must match the action and resource (wildcards ``*`` and ``?`` allowed).
    """

    id = "iam_role"
    aws_type = "AWS::IAM::Role"
    title = "IAM role"
    category = "security"
    Config = RoleConfig
    sends = frozenset({"managed_by"})
    receives = frozenset({"uses_role", "monitors"})
    compliance_properties = ("policies",)


class AccessKey(StrictModel):
    id: str
    status: Literal["Active", "Inactive"] = "Active"
    age_days: int = Field(30, ge=0)


class UserConfig(StrictModel):
    access_keys: list[AccessKey] = Field(default_factory=list)
    mfa: bool = True
    console_access: bool = False
    policies: list[Policy] = Field(default_factory=list)


class IamUser(ResourceType):
    """IAM user (AWS::IAM::User) with long-term access keys — the kind that leak."""

    id = "iam_user"
    aws_type = "AWS::IAM::User"
    title = "IAM user"
    category = "security"
    Config = UserConfig
    sends = frozenset({"managed_by"})
    receives = frozenset({"monitors"})
    compliance_properties = ("access_keys", "mfa", "policies")

    def hourly_cost(self, node: Node) -> float:
        """What instances launched with its keys by someone else cost while they run.

        Deactivating the key stops new calls, not the instances already running: they bill
        until someone terminates them.
        """
        return float(node.status.get("extra_cost", 0.0))


class CertificateConfig(StrictModel):
    domain: str = "www.example.com"
    kind: Literal["AMAZON_ISSUED", "IMPORTED"] = "AMAZON_ISSUED"
    days_to_expiry: float = Field(200.0, description="days left at the start of the game")
    validation: Literal["DNS", "EMAIL"] = "DNS"
    validation_record: bool = Field(True, description="the DNS validation CNAME is still in place")


class AcmCertificate(ResourceType):
    """AWS Certificate Manager certificate (AWS::CertificateManager::Certificate).

    Amazon-issued certificates renew themselves while their DNS validation record exists;
    imported ones never renew. When one expires, every TLS handshake with the resources it
    protects fails.
    """

    id = "acm_certificate"
    aws_type = "AWS::CertificateManager::Certificate"
    title = "ACM certificate"
    category = "security"
    Config = CertificateConfig
    sends = frozenset({"managed_by"})
    receives = frozenset({"encrypts_with", "monitors"})
    compliance_properties = ("kind", "days_to_expiry", "validation_record")
    metrics = (
        MetricSpec(
            "DaysToExpiry",
            "AWS/CertificateManager",
            "CertificateArn",
            "days_to_expiry",
            "Minimum",
            "Count",
            period=DAY,
            aggregation="gauge",
            delay=0,
        ),
    )

    def initial_status(self, node: Node) -> dict[str, Any]:
        return {"expires_at": int(node.config["days_to_expiry"] * DAY)}

    def renews(self, node: Node) -> bool:
        """Whether ACM renews this certificate on its own."""
        return node.config["kind"] == "AMAZON_ISSUED" and node.config["validation_record"]

    def expired(self, node: Node, world: World) -> bool:
        """Whether the certificate is past its NotAfter date at this tick."""
        return not self.renews(node) and world.tick >= node.status["expires_at"]

    def invalid(self, node: Node, world: World) -> str | None:
        """Why a TLS client rejects this certificate now, or ``None``."""
        if self.expired(node, world):
            return (
                f"SSL handshake failed: certificate has expired ({node.config['domain']}, "
                f"{node.config['kind'].lower().replace('_', '-')} certificate {node.id})"
            )
        return None

    def local(self, node: Node, world: World) -> Local:
        days = 365.0 if self.renews(node) else (node.status["expires_at"] - world.tick) / DAY
        return Local(extras={"days_to_expiry": float(max(int(days), 0))})

    def on_start(self, node: Node, sim: Any) -> None:
        expires = node.status["expires_at"]
        if 0 < expires < sim.duration and not self.renews(node):
            sim.node_timer(node.id, expires, "expiry")

    def on_timer(self, node: Node, sim: Any, tag: str) -> None:
        sim.world.touch(node.id)
        for user in sim.world.protected_by.get(node.id, ()):
            sim.world.touch(user)


class SecretConfig(StrictModel):
    rotation_enabled: bool = True
    rotation_days: int = Field(30, ge=1, le=365)


class Secret(ResourceType):
    """AWS Secrets Manager secret (AWS::SecretsManager::Secret).

    Readers need ``secretsmanager:GetSecretValue`` and, for a customer managed key,
    permission to decrypt with it.
    """

    id = "secrets_manager_secret"
    aws_type = "AWS::SecretsManager::Secret"
    title = "Secrets Manager secret"
    category = "security"
    Config = SecretConfig
    sends = frozenset({"managed_by", "encrypts_with"})
    receives = frozenset({"reads", "monitors"})
    iam_actions = {"reads": "secretsmanager:GetSecretValue"}
    kms_protected_data = True
    compliance_properties = ("rotation_enabled", "rotation_days")

    def local(self, node: Node, world: World) -> Local:
        return Local(latency_ms=3.0)

    def hourly_cost(self, node: Node) -> float:
        """$0.40 a month per secret plus $0.05 per 10,000 API calls."""
        return 40.0 / 730.0 + per_request_cost(node.load, 5.0)


class DetectorConfig(StrictModel):
    enabled: bool = True
    s3_protection: bool = True
    runtime_monitoring: bool = False


class GuardDutyDetector(ResourceType):
    """Amazon GuardDuty detector (AWS::GuardDuty::Detector): threat findings for the account.

    Findings (an access key used from an unusual place, crypto-mining, ...) are listed by
    the detector and sent to EventBridge as ``GuardDuty Finding`` events.
    """

    id = "guardduty_detector"
    aws_type = "AWS::GuardDuty::Detector"
    title = "GuardDuty detector"
    category = "security"
    Config = DetectorConfig
    sends = frozenset({"triggers", "managed_by"})
    receives = frozenset({"monitors"})
    compliance_properties = ("enabled",)
    event = {"source": "aws.guardduty", "detail-type": "GuardDuty Finding"}

    def initial_status(self, node: Node) -> dict[str, Any]:
        return {"findings": []}

    def hourly_cost(self, node: Node) -> float:
        """About $0.012 an hour while enabled."""
        return 1.2 if node.config["enabled"] else 0.0


for resource_type in (KmsKey(), IamRole(), IamUser(), AcmCertificate(), Secret(), GuardDutyDetector()):
    RESOURCES.register(resource_type)
