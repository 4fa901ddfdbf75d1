"""Compliance rules over resource state, most mirroring an AWS Config managed rule."""

from __future__ import annotations

from typing import ClassVar

from ..iam import has_wildcard, is_admin_policy
from ..resources.changes import bucket_public
from ..world import Node, World
from .base import STATE_RULES, StateRule

DAY = 86400


class FlagRule(StateRule):
    """A rule that holds while one configuration switch of the resource is on."""

    flag: ClassVar[str]
    #: what is wrong while the switch is off, after the resource's id
    when_off: ClassVar[str]

    def violation(self, node: Node, world: World) -> str | None:
        return None if node.config[self.flag] else f"{node.id} {self.when_off}"


@STATE_RULES.register
class BucketEncryption(StateRule):
    """S3 buckets encrypt objects at rest by default (SSE-S3 or SSE-KMS)."""

    id = "s3-bucket-server-side-encryption-enabled"
    title = "S3 default encryption"
    severity = 15
    resource_types = ("s3_bucket",)
    config_identifier = "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED"

    def violation(self, node: Node, world: World) -> str | None:
        return None if node.config["encryption"] != "none" else f"{node.id} has no default encryption"


@STATE_RULES.register
class BucketPublicAccess(StateRule):
    """S3 buckets keep Block Public Access on."""

    id = "s3-bucket-level-public-access-prohibited"
    title = "S3 Block Public Access"
    severity = 20
    resource_types = ("s3_bucket",)
    config_identifier = "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED"

    def violation(self, node: Node, world: World) -> str | None:
        if node.config["public_access_block"] or node.status.get("deleted"):
            return None
        return f"{node.id} allows public access"


@STATE_RULES.register
class ReplicaEncrypted(StateRule):
    """Cross-Region replicas of encrypted objects are encrypted with a key in the destination Region."""

    id = "s3-replication-encrypted"
    title = "Encrypted replication"
    severity = 10
    resource_types = ("s3_bucket",)

    def violation(self, node: Node, world: World) -> str | None:
        rule = node.config["replication"]
        if rule is None or node.config["encryption"] != "SSE-KMS":
            return None
        destination = world.nodes.get(rule["destination"])
        if not rule["sse_kms_encrypted_objects"] or not rule["replica_kms_key"]:
            return f"{node.id} replicates without SseKmsEncryptedObjects and a ReplicaKmsKeyID"
        if destination is not None and destination.config.get("encryption") == "none":
            return f"replica bucket {destination.id} is not encrypted"
        return None


@STATE_RULES.register
class RestrictedSsh(StateRule):
    """No security group allows SSH (port 22) from 0.0.0.0/0."""

    id = "restricted-ssh"
    title = "No SSH from the internet"
    severity = 20
    resource_types = ("security_group",)
    config_identifier = "INCOMING_SSH_DISABLED"

    def violation(self, node: Node, world: World) -> str | None:
        for rule in node.config["ingress"]:
            low, high = rule["port"], rule["to_port"] if rule["to_port"] is not None else rule["port"]
            if rule["source"] == "0.0.0.0/0" and (low == -1 or low <= 22 <= high):
                return f"{node.id} allows port 22 from 0.0.0.0/0"
        return None


@STATE_RULES.register
class OpenPorts(StateRule):
    """Security groups open to 0.0.0.0/0 only on 80 and 443."""

    id = "vpc-sg-open-only-to-authorized-ports"
    title = "Only web ports open to the internet"
    severity = 15
    resource_types = ("security_group",)
    config_identifier = "VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS"

    def violation(self, node: Node, world: World) -> str | None:
        for rule in node.config["ingress"]:
            if rule["source"] == "0.0.0.0/0" and rule["port"] not in (80, 443):
                return f"{node.id} opens port {rule['port']} to 0.0.0.0/0"
        return None


@STATE_RULES.register
class NoAdminPolicies(StateRule):
    """No IAM role or user has a policy allowing every action on every resource."""

    id = "iam-policy-no-statements-with-admin-access"
    title = "No admin policies"
    severity = 25
    resource_types = ("iam_role", "iam_user")
    config_identifier = "IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS"

    def violation(self, node: Node, world: World) -> str | None:
        admin = [p["name"] for p in node.config["policies"] if is_admin_policy(p)]
        return f'{node.id} has {", ".join(admin)} (Action "*" on Resource "*")' if admin else None


@STATE_RULES.register
class NoWildcardActions(StateRule):
    """IAM policies name actions, not whole services (no ``s3:*``, ``kms:*``)."""

    id = "iam-no-wildcard-actions"
    title = "Least privilege: no service wildcards"
    severity = 10
    resource_types = ("iam_role",)

    def violation(self, node: Node, world: World) -> str | None:
        wild = [p["name"] for p in node.config["policies"] if has_wildcard(p) and not is_admin_policy(p)]
        return f"{node.id} grants service-wide wildcards in {', '.join(wild)}" if wild else None


@STATE_RULES.register
class LambdaNotPublic(StateRule):
    """No Lambda function's resource policy lets anyone (Principal ``*``) invoke it."""

    id = "lambda-function-public-access-prohibited"
    title = "Lambda not publicly invokable"
    severity = 20
    resource_types = ("lambda_function",)
    config_identifier = "LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED"

    def violation(self, node: Node, world: World) -> str | None:
        public = [s for s in node.config["resource_policy"] if s.get("principal") == "*"]
        return f'{node.id} can be invoked by Principal "*"' if public else None


@STATE_RULES.register
class NoDrift(StateRule):
    """Stack-managed resources match their template (no out-of-band changes)."""

    id = "cloudformation-stack-drift-detection-check"
    title = "No stack drift"
    severity = 10
    resource_types = ("*",)
    config_identifier = "CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK"

    def violation(self, node: Node, world: World) -> str | None:
        drift = node.drift()
        return f"{node.id} drifted from its template ({', '.join(drift)})" if drift else None


@STATE_RULES.register
class StackInSync(StateRule):
    """A CloudFormation stack is NON_COMPLIANT while any resource it manages has drifted.

    This is what AWS Config's ``cloudformation-stack-drift-detection-check`` reports: one
    verdict per stack, not per resource. It costs nothing (severity 0) because each drifted
    member is already charged by ``cloudformation-stack-drift-detection-check``; it exists so
    that a Config rule watching the stack has something to say.
    """

    id = "cloudformation-stack-drift-status"
    title = "Stack in sync with its template"
    severity = 0
    resource_types = ("cloudformation_stack",)
    config_identifier = "CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK"

    def violation(self, node: Node, world: World) -> str | None:
        members = world.related(node.id, "managed_by", incoming=True)
        drifted = [m for m in members if world.nodes[m].drift()]
        if not drifted:
            return None
        return f"Stack drift status is DRIFTED ({len(drifted)} of {len(members)} resources MODIFIED)"


@STATE_RULES.register
class AlarmHasActions(StateRule):
    """CloudWatch alarms have actions enabled and someone to notify."""

    id = "cloudwatch-alarm-action-check"
    title = "Alarms notify someone"
    severity = 10
    resource_types = ("cloudwatch_alarm",)
    config_identifier = "CLOUDWATCH_ALARM_ACTION_CHECK"

    def violation(self, node: Node, world: World) -> str | None:
        if not node.config["actions_enabled"]:
            return f"{node.id} has its actions disabled"
        if not node.config["alarm_actions"]:
            return f"{node.id} notifies no one"
        return None


@STATE_RULES.register
class TrailLogging(StateRule):
    """CloudTrail is logging, in every Region, with log file validation."""

    id = "multi-region-cloudtrail-enabled"
    title = "CloudTrail on"
    severity = 25
    resource_types = ("cloudtrail_trail",)
    config_identifier = "MULTI_REGION_CLOUD_TRAIL_ENABLED"

    def violation(self, node: Node, world: World) -> str | None:
        cfg = node.config
        if not cfg["logging"]:
            return f"{node.id} is not logging"
        if not cfg["multi_region"] or not cfg["log_file_validation"]:
            return f"{node.id} is not multi-Region with log file validation"
        return None


@STATE_RULES.register
class KeyNotPendingDeletion(StateRule):
    """No KMS key is scheduled for deletion."""

    id = "kms-cmk-not-scheduled-for-deletion"
    title = "KMS keys kept"
    severity = 25
    resource_types = ("kms_key",)
    config_identifier = "KMS_CMK_NOT_SCHEDULED_FOR_DELETION"

    def violation(self, node: Node, world: World) -> str | None:
        return f"{node.id} is scheduled for deletion" if node.config["state"] == "PendingDeletion" else None


@STATE_RULES.register
class CertificateNotExpiring(StateRule):
    """Certificates have more than 14 days left (or renew themselves)."""

    id = "acm-certificate-expiration-check"
    title = "Certificates not expiring"
    severity = 10
    resource_types = ("acm_certificate",)
    config_identifier = "ACM_CERTIFICATE_EXPIRATION_CHECK"

    def violation(self, node: Node, world: World) -> str | None:
        if node.type.renews(node):  # type: ignore[attr-defined]
            return None
        days = (node.status["expires_at"] - world.tick) / DAY
        if days <= 0:
            return f"{node.id} has expired"
        return f"{node.id} expires in {days:.1f} days" if days < 14 else None


@STATE_RULES.register
class HttpsListener(StateRule):
    """Internet-facing load balancers listen on HTTPS only."""

    id = "alb-http-to-https-redirection-check"
    title = "HTTPS listeners"
    severity = 15
    resource_types = ("alb",)
    config_identifier = "ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK"

    def violation(self, node: Node, world: World) -> str | None:
        return f"{node.id} serves plain HTTP" if node.config["listener_protocol"] == "HTTP" else None


@STATE_RULES.register
class PointInTimeRecovery(FlagRule):
    """DynamoDB tables have point-in-time recovery on."""

    id = "dynamodb-pitr-enabled"
    title = "DynamoDB PITR"
    severity = 10
    resource_types = ("dynamodb_table",)
    config_identifier = "DYNAMODB_PITR_ENABLED"
    flag, when_off = "pitr", "has no point-in-time recovery"


@STATE_RULES.register
class RdsMultiAz(FlagRule):
    """RDS instances run Multi-AZ."""

    id = "rds-multi-az-support"
    title = "RDS Multi-AZ"
    severity = 10
    resource_types = ("rds_instance",)
    config_identifier = "RDS_MULTI_AZ_SUPPORT"
    flag, when_off = "multi_az", "is single-AZ"


@STATE_RULES.register
class AccessKeysRotated(StateRule):
    """Active access keys are younger than 90 days, and none is known to be exposed."""

    id = "access-keys-rotated"
    title = "Access keys rotated"
    severity = 15
    resource_types = ("iam_user",)
    config_identifier = "ACCESS_KEYS_ROTATED"

    def violation(self, node: Node, world: World) -> str | None:
        exposed = set(node.status.get("exposed_keys", []))
        for key in node.config["access_keys"]:
            if key["status"] != "Active":
                continue
            if key["id"] in exposed:
                return f"exposed access key {key['id']} is still active"
            if key["age_days"] > 90:
                return f"access key {key['id']} is {key['age_days']} days old"
        return None


@STATE_RULES.register
class RuleHasDeadLetterQueue(FlagRule):
    """EventBridge rules have a dead-letter queue, so undeliverable events are kept."""

    id = "eventbridge-rule-dlq"
    title = "EventBridge targets have a DLQ"
    severity = 5
    resource_types = ("eventbridge_rule",)
    flag, when_off = "dlq", "drops events it cannot deliver"


@STATE_RULES.register
class LogRetention(StateRule):
    """Log groups keep logs for a set time (neither forever nor less than a week)."""

    id = "cw-loggroup-retention-period-check"
    title = "Log retention set"
    severity = 5
    resource_types = ("log_group",)
    config_identifier = "CW_LOGGROUP_RETENTION_PERIOD_CHECK"

    def violation(self, node: Node, world: World) -> str | None:
        days = node.config["retention_days"]
        if days is None:
            return f"{node.id} keeps logs forever"
        return f"{node.id} keeps logs only {days} days" if days < 7 else None


@STATE_RULES.register
class BucketPublicRead(StateRule):
    """S3 buckets do not allow public read access (Block Public Access, bucket policy and ACLs together)."""

    id = "s3-bucket-public-read-prohibited"
    title = "No public read on S3"
    severity = 25
    resource_types = ("s3_bucket",)
    config_identifier = "S3_BUCKET_PUBLIC_READ_PROHIBITED"

    def violation(self, node: Node, world: World) -> str | None:
        return f'{node.id} lets Principal "*" read its objects' if bucket_public(node) else None


@STATE_RULES.register
class SecretRotationEnabled(FlagRule):
    """Secrets Manager secrets have automatic rotation turned on."""

    id = "secretsmanager-rotation-enabled-check"
    title = "Secrets rotate"
    severity = 10
    resource_types = ("secrets_manager_secret",)
    config_identifier = "SECRETSMANAGER_ROTATION_ENABLED_CHECK"
    flag, when_off = "rotation_enabled", "has automatic rotation turned off"


@STATE_RULES.register
class EcsCircuitBreaker(FlagRule):
    """ECS services deploy with the deployment circuit breaker and automatic rollback on."""

    id = "ecs-deployment-circuit-breaker"
    title = "ECS deployments roll back on failure"
    severity = 10
    resource_types = ("ecs_service",)
    flag, when_off = "circuit_breaker", "deploys without the circuit breaker: a failing deployment never stops"


@STATE_RULES.register
class AlarmQuietWhenHealthy(StateRule):
    """Paging alarms do not treat missing data as breaching on a metric CloudWatch publishes
    only when it is not zero (``HTTPCode_*`` counts, EventBridge ``FailedInvocations``): with
    nothing wrong there is no datapoint, so such an alarm pages whenever all is well."""

    id = "alarm-missing-data-not-breaching"
    title = "Alarms stay quiet when all is well"
    severity = 5
    resource_types = ("cloudwatch_alarm",)

    def violation(self, node: Node, world: World) -> str | None:
        cfg = node.config
        if cfg["treat_missing_data"] != "breaching" or not cfg["actions_enabled"] or not cfg["alarm_actions"]:
            return None
        watched = world.related(node.id, "monitors")
        spec = world.nodes[watched[0]].type.metric(cfg["metric"]) if watched else None
        if spec is None or spec.presence != "nonzero":
            return None
        return (
            f"{node.id} treats missing {cfg['metric']} as breaching, but that metric is only published when "
            "it is not zero: it pages whenever nothing is wrong"
        )
