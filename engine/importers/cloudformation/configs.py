"""A template resource's properties as the catalog type's configuration.

One mapper per catalog type (:data:`MAPPERS`) reads the resolved properties — and those of
the glue folded into the resource (a listener into its load balancer, a scaling policy into
its group) — and writes the catalog's keys. Where the template says nothing, the value is
what AWS itself gives a new resource (a bucket without ``VersioningConfiguration`` is not
versioned, a table without ``PointInTimeRecoverySpecification`` has no PITR), not the
catalog's friendlier default: drift, compliance rules and ``warroom suggest`` read these.
:func:`fit` keeps only what the catalog accepts, so a symbolic or unusual value falls back
to the catalog's default instead of failing the import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ...resources import RESOURCES
from .intrinsics import Symbol, symbols_in, text_of
from .policies import managed, principals, statements


@dataclass
class Source:
    """What a mapper reads: the resource, the glue folded into it, and how to name nodes."""

    logical: str
    cfn_type: str
    props: dict[str, Any]
    node_of: Callable[[Any], str | None]
    parts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    props_of: Callable[[Any], dict[str, Any]] = lambda value: {}

    def get(self, *path: str | int, default: Any = None) -> Any:
        """The property at ``path`` (``default`` when any step is missing)."""
        return dig(self.props, *path, default=default)

    def part(self, cfn_type: str) -> list[dict[str, Any]]:
        """Properties of the glue of ``cfn_type`` folded into (or inlined in) this resource."""
        return [props for kind, props in self.parts if kind == cfn_type]

    def referenced(self, prop: str) -> dict[str, Any]:
        """The properties of the resource this one refers to under ``prop`` (empty if none)."""
        return self.props_of(self.props.get(prop))

    def node(self, value: Any) -> str | None:
        """The node a value refers to, if any."""
        return self.node_of(value)

    def name(self, value: Any) -> str:
        """A resource named in a policy: its node id when it is one of ours, else its text."""
        return self.node_of(value) or text_of(value)


def dig(value: Any, *path: str | int, default: Any = None) -> Any:
    """``value[path[0]][path[1]]...`` or ``default``."""
    for step in path:
        if isinstance(value, dict) and isinstance(step, str):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int) and -len(value) <= step < len(value):
            value = value[step]
        else:
            return default
    return default if value is None else value


def number(value: Any) -> float | None:
    """A known number (CloudFormation passes them as text too), else ``None``."""
    if isinstance(value, bool | Symbol):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def whole(value: Any, default: int | None = None) -> int | None:
    """A known whole number, else ``default``."""
    found = number(value)
    return int(found) if found is not None else default


def flag(value: Any, default: bool = False) -> bool:
    """A known boolean (``true``/``false`` text too), else ``default``."""
    if isinstance(value, bool):
        return value
    text = text_of(value).lower() if not isinstance(value, Symbol) else ""
    return {"true": True, "false": False}.get(text, default)


def _text_or_none(value: Any) -> str | None:
    return None if value is None else text_of(value)


def listed(value: Any) -> list[Any]:
    """A list value, a single value as a list, nothing as an empty list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def plain(value: Any) -> Any:
    """A resolved value as plain YAML data (placeholders as their text)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def fit(type_id: str, config: dict[str, Any]) -> dict[str, Any]:
    """The keys of ``config`` the catalog type accepts (invalid ones fall back to defaults)."""
    rtype = RESOURCES.get(type_id)
    kept = {k: plain(v) for k, v in config.items() if k in rtype.Config.model_fields}
    for _ in range(len(kept) + 1):
        try:
            rtype.validate_config(kept)
            return kept
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
            if not bad & set(kept):
                break
            kept = {k: v for k, v in kept.items() if k not in bad}
    return {}


# -- compute -------------------------------------------------------------------------------------
def _lambda(src: Source) -> dict[str, Any]:
    config: dict[str, Any] = {
        "runtime": text_of(src.get("Runtime", default="container-image")),
        "memory_mb": whole(src.get("MemorySize"), 128),
        "timeout_s": whole(src.get("Timeout"), 3),
        "reserved_concurrency": whole(src.get("ReservedConcurrentExecutions")),
        "env_encryption": "cmk" if src.get("KmsKeyArn") else "aws-managed",
        "tracing": text_of(src.get("TracingConfig", "Mode")) == "Active",
    }
    policy = [
        {"principal": text_of(p.get("Principal")), **({"source": s} if (s := src.node(p.get("SourceArn"))) else {})}
        for p in src.part("AWS::Lambda::Permission")
    ]
    if policy:
        config["resource_policy"] = policy
    for mapping in src.part("AWS::Lambda::EventSourceMapping"):
        config["batch_size"] = whole(mapping.get("BatchSize"), 10)
        config["partial_batch_response"] = "ReportBatchItemFailures" in listed(mapping.get("FunctionResponseTypes"))
    return config


def _launch_data(src: Source) -> dict[str, Any]:
    """What the instances get from a launch template or launch configuration."""
    for props in src.part("AWS::EC2::LaunchTemplate"):
        return dig(props, "LaunchTemplateData", default={})
    for props in src.part("AWS::AutoScaling::LaunchConfiguration"):
        return props
    return src.props


def _instance_settings(data: dict[str, Any]) -> dict[str, Any]:
    settings: dict[str, Any] = {"imdsv2_required": text_of(dig(data, "MetadataOptions", "HttpTokens")) == "required"}
    if data.get("InstanceType"):
        settings["instance_type"] = text_of(data["InstanceType"])
    return settings


def _ec2(src: Source) -> dict[str, Any]:
    volumes = [dig(v, "Ebs", default={}) for v in listed(src.get("BlockDeviceMappings"))]
    return {
        **_instance_settings(src.props),
        "monitoring": "detailed" if flag(src.get("Monitoring")) else "basic",
        "ebs_encrypted": bool(volumes) and all(flag(v.get("Encrypted")) for v in volumes),
    }


def _asg(src: Source) -> dict[str, Any]:
    low = whole(src.get("MinSize"), 0)
    config: dict[str, Any] = {
        **_instance_settings(_launch_data(src)),
        "min_size": low,
        "max_size": whole(src.get("MaxSize"), low),
        "desired_capacity": whole(src.get("DesiredCapacity"), low),
        "health_check_type": text_of(src.get("HealthCheckType", default="EC2")),
    }
    zones = src.get("AvailabilityZones")
    if isinstance(zones, list) and zones and not symbols_in(zones):
        config["availability_zones"] = [text_of(z) for z in zones]
    for policy in src.part("AWS::AutoScaling::ScalingPolicy"):
        target = dig(policy, "TargetTrackingConfiguration", default={})
        if text_of(dig(target, "PredefinedMetricSpecification", "PredefinedMetricType")) == "ASGAverageCPUUtilization":
            config["target_cpu"] = number(target.get("TargetValue"))
    hooks = [*listed(src.get("LifecycleHookSpecificationList")), *src.part("AWS::AutoScaling::LifecycleHook")]
    config["lifecycle_hooks"] = [
        {
            "name": text_of(hook.get("LifecycleHookName", f"hook-{i + 1}")),
            "transition": text_of(hook.get("LifecycleTransition")),
            "heartbeat_timeout": whole(hook.get("HeartbeatTimeout"), 3600),
            "default_result": text_of(hook.get("DefaultResult", "ABANDON")),
        }
        for i, hook in enumerate(hooks)
    ]
    return config


def _task_size(value: Any, per_unit: int) -> int | None:
    """Task CPU or memory: units as a number, or ``"1 vCPU"`` / ``"2 GB"``."""
    text = text_of(value).strip().lower()
    match = re.fullmatch(r"([\d.]+)\s*(vcpu|gb)", text)
    return int(float(match.group(1)) * per_unit) if match else whole(value)


def _ecs(src: Source) -> dict[str, Any]:
    task = next(iter(src.part("AWS::ECS::TaskDefinition")), {})
    breaker = src.get("DeploymentConfiguration", "DeploymentCircuitBreaker", "Enable")
    return {
        "launch_type": text_of(src.get("LaunchType", default="EC2")),
        "desired_count": whole(src.get("DesiredCount"), 1),
        "cpu_units": _task_size(task.get("Cpu"), 1024),
        "memory_mb": _task_size(task.get("Memory"), 1024),
        "circuit_breaker": flag(breaker),
    }


# -- data ----------------------------------------------------------------------------------------
def _dynamodb(src: Source) -> dict[str, Any]:
    sse = src.get("SSESpecification", default={})
    return {
        "billing": text_of(src.get("BillingMode", default="PROVISIONED")),
        "wcu": whole(src.get("ProvisionedThroughput", "WriteCapacityUnits")),
        "rcu": whole(src.get("ProvisionedThroughput", "ReadCapacityUnits")),
        "pitr": flag(src.get("PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")),
        "sse": ("CMK" if sse.get("KMSMasterKeyId") else "AWS_MANAGED") if flag(sse.get("SSEEnabled")) else "AWS_OWNED",
        "contributor_insights": flag(src.get("ContributorInsightsSpecification", "Enabled")),
        "deletion_protection": flag(src.get("DeletionProtectionEnabled")),
    }


_RDS_ENGINES = {"aurora": "aurora-mysql", "mariadb": "mysql"}


def _rds(src: Source) -> dict[str, Any]:
    # An Aurora instance takes engine, encryption, backups and protection from its cluster.
    src = Source(src.logical, src.cfn_type, {**src.referenced("DBClusterIdentifier"), **src.props}, src.node_of)
    engine = text_of(src.get("Engine", default="postgres")).lower()
    return {
        "engine": _RDS_ENGINES.get(engine, engine),
        "instance_class": _text_or_none(src.get("DBInstanceClass", default=src.get("DBClusterInstanceClass"))),
        "multi_az": flag(src.get("MultiAZ")),
        "storage_encrypted": flag(src.get("StorageEncrypted")),
        "backup_retention_days": whole(src.get("BackupRetentionPeriod"), 1),
        "deletion_protection": flag(src.get("DeletionProtection")),
        "publicly_accessible": flag(src.get("PubliclyAccessible")),
        "iam_auth": flag(src.get("EnableIAMDatabaseAuthentication")),
    }


def _elasticache(src: Source) -> dict[str, Any]:
    groups = whole(src.get("NumNodeGroups"), 1) or 1
    replicas = whole(src.get("ReplicasPerNodeGroup"))
    nodes = whole(src.get("NumCacheClusters")) or whole(src.get("NumCacheNodes"))
    return {
        "node_type": text_of(src.get("CacheNodeType")),
        "num_nodes": nodes or (groups * (replicas + 1) if replicas is not None else None),
        "transit_encryption": flag(src.get("TransitEncryptionEnabled")),
        "at_rest_encryption": flag(src.get("AtRestEncryptionEnabled")),
        "auth_token": bool(src.get("AuthToken")),
        "automatic_failover": flag(src.get("AutomaticFailoverEnabled")),
    }


def _public_read(policy: dict[str, Any]) -> bool:
    return any(
        text_of(s.get("Effect")) == "Allow"
        and "*" in principals(s, "AWS")
        and any(text_of(a) in ("s3:GetObject", "s3:*", "*") for a in listed(s.get("Action")))
        for s in listed(dig(policy, "PolicyDocument", "Statement"))
        if isinstance(s, dict)
    )


def _s3(src: Source) -> dict[str, Any]:
    rule = src.get("BucketEncryption", "ServerSideEncryptionConfiguration", 0, default={})
    algorithm = text_of(dig(rule, "ServerSideEncryptionByDefault", "SSEAlgorithm", default="AES256"))
    block = src.get("PublicAccessBlockConfiguration")
    config: dict[str, Any] = {
        "encryption": "SSE-KMS" if algorithm.startswith("aws:kms") else "SSE-S3",
        "bucket_key": flag(rule.get("BucketKeyEnabled")),
        "versioning": text_of(src.get("VersioningConfiguration", "Status")) == "Enabled",
        "public_access_block": block is None or all(flag(v, True) for v in block.values()),
        "public_policy": any(_public_read(p) for p in src.part("AWS::S3::BucketPolicy")),
        "logging": src.get("LoggingConfiguration") is not None,
        "object_lock": flag(src.get("ObjectLockEnabled")),
    }
    replication = src.get("ReplicationConfiguration", default={})
    first = dig(replication, "Rules", 0, default={})
    destination, role = src.node(dig(first, "Destination", "Bucket")), src.node(replication.get("Role"))
    if destination and role:
        config["replication"] = {
            "destination": destination,
            "role": role,
            "sse_kms_encrypted_objects": text_of(
                dig(first, "SourceSelectionCriteria", "SseKmsEncryptedObjects", "Status")
            )
            == "Enabled",
            "replica_kms_key": src.node(dig(first, "Destination", "EncryptionConfiguration", "ReplicaKmsKeyID")),
            "replication_metrics": text_of(dig(first, "Destination", "Metrics", "Status")) == "Enabled",
        }
    return config


# -- delivery ------------------------------------------------------------------------------------
_STAGE_KINDS = {"Source": "source", "Build": "build", "Test": "test", "Approval": "approval"}
_STAGE_SECONDS = {"source": 30, "build": 240, "test": 300, "approval": 600, "deploy": 180}


def _pipeline(src: Source) -> dict[str, Any]:
    stages = []
    for stage in listed(src.get("Stages")):
        category = text_of(dig(stage, "Actions", 0, "ActionTypeId", "Category"))
        kind = _STAGE_KINDS.get(category, "deploy")
        stages.append(
            {"name": text_of(dig(stage, "Name", default=kind)), "kind": kind, "duration": _STAGE_SECONDS[kind]}
        )
    return {"stages": stages or None, "enabled": True}


_SECRET_NAME = re.compile(r"pass|secret|token|credential|private|api_?key", re.IGNORECASE)


def _codebuild(src: Source) -> dict[str, Any]:
    variables = listed(src.get("Environment", "EnvironmentVariables"))
    return {
        "compute_type": text_of(src.get("Environment", "ComputeType")),
        "privileged_mode": flag(src.get("Environment", "PrivilegedMode")),
        "plaintext_secrets": any(
            text_of(v.get("Type", "PLAINTEXT")) == "PLAINTEXT" and _SECRET_NAME.search(text_of(v.get("Name")))
            for v in variables
            if isinstance(v, dict)
        ),
        "logs": text_of(src.get("LogsConfig", "CloudWatchLogs", "Status", default="ENABLED")) != "DISABLED",
    }


def _deployment_group(src: Source) -> dict[str, Any]:
    events = [text_of(e) for e in listed(src.get("AutoRollbackConfiguration", "Events"))]
    rollback = flag(src.get("AutoRollbackConfiguration", "Enabled"))
    compute = (
        "ECS"
        if src.get("ECSServices")
        else "Server"
        if src.get("AutoScalingGroups") or src.get("Ec2TagFilters")
        else "Lambda"
    )
    alarms = [src.node(a.get("Name")) for a in listed(src.get("AlarmConfiguration", "Alarms")) if isinstance(a, dict)]
    return {
        "compute": compute,
        "deployment_config": text_of(src.get("DeploymentConfigName", default="CodeDeployDefault.OneAtATime")),
        "alarms": [a for a in alarms if a],
        "auto_rollback_on_alarm": rollback and "DEPLOYMENT_STOP_ON_ALARM" in events,
        "auto_rollback_on_failure": rollback and "DEPLOYMENT_FAILURE" in events,
    }


def _stack(src: Source) -> dict[str, Any]:
    return {"termination_protection": False, "notifications": bool(src.get("NotificationARNs"))}


# -- messaging -----------------------------------------------------------------------------------
def _service_principals(src: Source, cfn_type: str) -> list[dict[str, Any]]:
    found = []
    for policy in src.part(cfn_type):
        for statement in listed(dig(policy, "PolicyDocument", "Statement")):
            if isinstance(statement, dict) and text_of(statement.get("Effect")) == "Allow":
                source = src.node(dig(statement, "Condition", "ArnEquals", "aws:SourceArn"))
                for who in principals(statement, "Service") or principals(statement, "AWS")[:1]:
                    found.append({"principal": text_of(who), **({"source": source} if source else {})})
    return found


def _queue(src: Source) -> dict[str, Any]:
    managed_sse = flag(src.get("SqsManagedSseEnabled"), True)
    config: dict[str, Any] = {
        "fifo": flag(src.get("FifoQueue")),
        "visibility_timeout": whole(src.get("VisibilityTimeout"), 30),
        "retention": whole(src.get("MessageRetentionPeriod"), 345600),
        "sse": "KMS" if src.get("KmsMasterKeyId") else "SQS" if managed_sse else "none",
        "resource_policy": _service_principals(src, "AWS::SQS::QueuePolicy"),
    }
    redrive = src.get("RedrivePolicy", default={})
    dlq = src.node(redrive.get("deadLetterTargetArn")) if isinstance(redrive, dict) else None
    if dlq:
        config["redrive"] = {"dlq": dlq, "max_receive_count": whole(redrive.get("maxReceiveCount"), 5)}
    return config


def _topic(src: Source) -> dict[str, Any]:
    granted = _service_principals(src, "AWS::SNS::TopicPolicy")
    return {
        "sse": "KMS" if src.get("KmsMasterKeyId") else "none",
        # Without a topic policy only the owner's account may publish; CloudWatch alarms of
        # that account still can, which is what the default policy means here.
        "resource_policy": granted or [{"principal": "cloudwatch.amazonaws.com"}],
    }


def _rule(src: Source) -> dict[str, Any]:
    target = src.get("Targets", 0, default={})
    return {
        "state": "DISABLED" if text_of(src.get("State")) == "DISABLED" else "ENABLED",
        "pattern": src.get("EventPattern"),
        "dlq": src.node(dig(target, "DeadLetterConfig", "Arn")),
        "retry_attempts": whole(dig(target, "RetryPolicy", "MaximumRetryAttempts"), 185),
        "max_event_age": whole(dig(target, "RetryPolicy", "MaximumEventAgeInSeconds"), 86400),
    }


def _bus(src: Source) -> dict[str, Any]:
    archives = src.part("AWS::Events::Archive")
    days = whole(archives[0].get("RetentionDays"), 0) if archives else 0
    return {"archive": bool(archives), "archive_retention_days": days}


def _stream(src: Source) -> dict[str, Any]:
    mode = text_of(src.get("StreamModeDetails", "StreamMode", default="PROVISIONED"))
    return {
        "mode": mode,
        "shards": whole(src.get("ShardCount"), 1),
        "retention_hours": whole(src.get("RetentionPeriodHours"), 24),
        "encryption": "KMS" if text_of(src.get("StreamEncryption", "EncryptionType")) == "KMS" else "NONE",
    }


# -- network -------------------------------------------------------------------------------------
def _record(src: Source) -> dict[str, Any]:
    routing = "failover" if src.get("Failover") else "weighted" if src.get("Weight") is not None else "simple"
    return {
        "name": text_of(src.get("Name")).rstrip("."),
        "routing": routing,
        "ttl": whole(src.get("TTL"), 60),
        "health_check": bool(src.get("HealthCheckId")),
        "evaluate_target_health": flag(src.get("AliasTarget", "EvaluateTargetHealth")),
    }


def _distribution(src: Source) -> dict[str, Any]:
    config = src.get("DistributionConfig", default={})
    certificate = dig(config, "ViewerCertificate", default={})
    return {
        "viewer_protocol_policy": text_of(dig(config, "DefaultCacheBehavior", "ViewerProtocolPolicy")),
        "minimum_protocol_version": text_of(certificate.get("MinimumProtocolVersion", "TLSv1")),
        "price_class": text_of(config.get("PriceClass", "PriceClass_All")),
        "waf": bool(config.get("WebACLId")),
        "logging": config.get("Logging") is not None,
    }


def _api(src: Source) -> dict[str, Any]:
    stages = src.part("AWS::ApiGateway::Stage")
    settings = [s for stage in stages for s in listed(stage.get("MethodSettings")) if isinstance(s, dict)]
    deployments = [d.get("StageName") for d in src.part("AWS::ApiGateway::Deployment") if d.get("StageName")]
    stage_names = [s.get("StageName") for s in stages if s.get("StageName")] + deployments
    config: dict[str, Any] = {
        "endpoint_type": text_of(src.get("EndpointConfiguration", "Types", 0, default="EDGE")),
        "logging": text_of(settings[0].get("LoggingLevel", "OFF")) if settings else "OFF",
        "xray": any(flag(s.get("TracingEnabled")) for s in stages),
    }
    if stage_names:
        config["stage"] = text_of(stage_names[0])
    rates = [number(s.get("ThrottlingRateLimit")) for s in settings]
    if any(r for r in rates):
        config["throttle_rate"] = next(r for r in rates if r)
    return config


def _attributes(items: Any) -> dict[str, str]:
    return {text_of(a.get("Key")): text_of(a.get("Value")) for a in listed(items) if isinstance(a, dict)}


def _alb(src: Source) -> dict[str, Any]:
    listeners = src.part("AWS::ElasticLoadBalancingV2::Listener") or listed(src.get("Listeners"))
    protocols = {text_of(listener.get("Protocol")).upper() for listener in listeners if isinstance(listener, dict)}
    secure = protocols & {"HTTPS", "TLS", "SSL"}
    attributes = _attributes(src.get("LoadBalancerAttributes"))
    policies = [text_of(listener.get("SslPolicy")) for listener in listeners if isinstance(listener, dict)]
    config: dict[str, Any] = {
        "scheme": text_of(src.get("Scheme", default="internet-facing")),
        "listener_protocol": "HTTPS" if secure else "HTTP",
        "access_logs": attributes.get("access_logs.s3.enabled") == "true"
        or flag(src.get("AccessLoggingPolicy", "Enabled")),
        "deletion_protection": attributes.get("deletion_protection.enabled") == "true",
        "drop_invalid_headers": attributes.get("routing.http.drop_invalid_header_fields.enabled") == "true",
    }
    if secure:
        config["ssl_policy"] = next((p for p in policies if p), "ELBSecurityPolicy-2016-08")
    return config


def _target_group(src: Source) -> dict[str, Any]:
    attributes = _attributes(src.get("TargetGroupAttributes"))
    protocol = text_of(src.get("Protocol", default="HTTP")).upper()
    return {
        "protocol": "HTTPS" if protocol in ("HTTPS", "TLS") else "HTTP",  # an NLB's TCP and UDP checks as HTTP
        "health_check_path": text_of(src.get("HealthCheckPath", default="/")),
        "interval": whole(src.get("HealthCheckIntervalSeconds"), 30),
        "healthy_threshold": whole(src.get("HealthyThresholdCount"), 5),
        "unhealthy_threshold": whole(src.get("UnhealthyThresholdCount"), 2),
        "deregistration_delay": whole(attributes.get("deregistration_delay.timeout_seconds"), 300),
    }


def _ingress(src: Source, rule: dict[str, Any]) -> dict[str, Any] | None:
    source = (
        src.node(rule.get("SourceSecurityGroupId") or rule.get("SourceSecurityGroupName"))
        or rule.get("CidrIp")
        or rule.get("CidrIpv6")
        or rule.get("SourcePrefixListId")
        or rule.get("SourceSecurityGroupId")
    )
    if source is None:
        return None
    low = -1 if text_of(rule.get("IpProtocol")) == "-1" else whole(rule.get("FromPort"), -1)
    high = whole(rule.get("ToPort"), low)
    return {
        "port": low,
        **({"to_port": high} if high != low else {}),
        "source": text_of(source),
        "description": text_of(rule.get("Description")),
    }


def _security_group(src: Source) -> dict[str, Any]:
    rules = [*listed(src.get("SecurityGroupIngress")), *src.part("AWS::EC2::SecurityGroupIngress")]
    ingress = [_ingress(src, r) for r in rules if isinstance(r, dict)]
    return {"description": text_of(src.get("GroupDescription")), "ingress": [r for r in ingress if r]}


# -- observability -------------------------------------------------------------------------------
def _alarm(src: Source) -> dict[str, Any]:
    dimensions = {text_of(d.get("Name")): d.get("Value") for d in listed(src.get("Dimensions")) if isinstance(d, dict)}
    qualifier = dimensions.get("Resource") or dimensions.get("ExecutedVersion")
    actions = [src.node(a) or text_of(a) for a in listed(src.get("AlarmActions"))]
    return {
        "metric": text_of(src.get("MetricName")),
        "qualifier": text_of(qualifier) if qualifier else None,
        "period": whole(src.get("Period"), 60),
        "evaluation_periods": whole(src.get("EvaluationPeriods"), 1),
        "datapoints_to_alarm": whole(src.get("DatapointsToAlarm")),
        "threshold": number(src.get("Threshold")) or 0.0,
        "comparison": text_of(src.get("ComparisonOperator")),
        "treat_missing_data": text_of(src.get("TreatMissingData", default="missing")),
        "actions_enabled": flag(src.get("ActionsEnabled"), True),
        "alarm_actions": actions,
        "description": text_of(src.get("AlarmDescription")),
    }


def _config_rule(src: Source) -> dict[str, Any]:
    return {"identifier": text_of(src.get("Source", "SourceIdentifier", default=src.logical)), "enabled": True}


def _trail(src: Source) -> dict[str, Any]:
    return {
        "logging": flag(src.get("IsLogging"), True),
        "multi_region": flag(src.get("IsMultiRegionTrail")),
        "log_file_validation": flag(src.get("EnableLogFileValidation")),
        "kms_encrypted": bool(src.get("KMSKeyId")),
    }


def _log_group(src: Source) -> dict[str, Any]:
    return {"retention_days": whole(src.get("RetentionInDays")), "kms_encrypted": bool(src.get("KmsKeyId"))}


# -- security ------------------------------------------------------------------------------------
_KEY_ADMIN = re.compile(r"kms:(\*|Create|Put|Enable|Disable|Delete|Schedule|Update|Revoke)", re.IGNORECASE)


def _key(src: Source) -> dict[str, Any]:
    admins: list[str] = []
    users: list[str] = []
    root = False
    for statement in listed(src.get("KeyPolicy", "Statement")):
        if not isinstance(statement, dict) or text_of(statement.get("Effect")) != "Allow":
            continue
        for who in principals(statement, "AWS"):
            root = root or text_of(who).endswith(":root") or text_of(who) == "*"
            role = src.node(who)
            if role:
                admin = any(_KEY_ADMIN.match(text_of(a)) for a in listed(statement.get("Action")))
                (admins if admin else users).append(role)
    return {
        "state": "Enabled" if flag(src.get("Enabled"), True) else "Disabled",
        "rotation": flag(src.get("EnableKeyRotation")),
        "multi_region": flag(src.get("MultiRegion")),
        "policy": {"root_access": root, "admins": sorted(set(admins)), "users": sorted(set(users))},
    }


def _policies(src: Source, inline_key: str = "Policies") -> list[dict[str, Any]]:
    found = [
        {"name": text_of(p.get("PolicyName", "inline")), "statements": statements(p.get("PolicyDocument"), src.name)}
        for p in listed(src.get(inline_key))
        if isinstance(p, dict)
    ]
    for cfn_type in ("AWS::IAM::Policy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::ManagedPolicy"):
        for policy in src.part(cfn_type):
            name = policy.get("PolicyName") or policy.get("ManagedPolicyName") or cfn_type.rsplit("::", 1)[-1]
            found.append({"name": text_of(name), "statements": statements(policy.get("PolicyDocument"), src.name)})
    found += [managed(arn) for arn in listed(src.get("ManagedPolicyArns")) if not symbols_in(arn) or not arn.refs]
    return found


def _role(src: Source) -> dict[str, Any]:
    trust = [
        text_of(who)
        for statement in listed(src.get("AssumeRolePolicyDocument", "Statement"))
        if isinstance(statement, dict)
        for who in principals(statement, "Service") + principals(statement, "AWS")
    ]
    boundary = src.get("PermissionsBoundary")
    return {
        "trust": list(dict.fromkeys(trust)),
        "policies": _policies(src),
        "permissions_boundary": text_of(boundary).rsplit("/", 1)[-1] if boundary else None,
    }


def _user(src: Source) -> dict[str, Any]:
    keys = [
        {"id": f"access-key-{i + 1}", "status": text_of(k.get("Status", "Active")), "age_days": 0}
        for i, k in enumerate(src.part("AWS::IAM::AccessKey"))
    ]
    return {
        "access_keys": keys,
        "mfa": False,
        "console_access": src.get("LoginProfile") is not None,
        "policies": _policies(src),
    }


def _certificate(src: Source) -> dict[str, Any]:
    return {
        "domain": text_of(src.get("DomainName")),
        "kind": "AMAZON_ISSUED",
        "days_to_expiry": 395.0,  # a new ACM certificate is valid for 395 days
        "validation": text_of(src.get("ValidationMethod", default="EMAIL")),
    }


def _secret(src: Source) -> dict[str, Any]:
    schedules = src.part("AWS::SecretsManager::RotationSchedule")
    days = whole(dig(schedules[0], "RotationRules", "AutomaticallyAfterDays"), 30) if schedules else 30
    return {"rotation_enabled": bool(schedules), "rotation_days": days}


def _detector(src: Source) -> dict[str, Any]:
    features = {
        text_of(f.get("Name")): text_of(f.get("Status")) for f in listed(src.get("Features")) if isinstance(f, dict)
    }
    return {
        "enabled": flag(src.get("Enable"), True),
        "s3_protection": flag(src.get("DataSources", "S3Logs", "Enable"))
        or features.get("S3_DATA_EVENTS") == "ENABLED",
        "runtime_monitoring": features.get("RUNTIME_MONITORING") == "ENABLED",
    }


def _generic(src: Source) -> dict[str, Any]:
    return {"cfn_type": src.cfn_type}


MAPPERS: dict[str, Callable[[Source], dict[str, Any]]] = {
    "lambda_function": _lambda,
    "ec2_instance": _ec2,
    "autoscaling_group": _asg,
    "ecs_service": _ecs,
    "dynamodb_table": _dynamodb,
    "rds_instance": _rds,
    "elasticache_cluster": _elasticache,
    "s3_bucket": _s3,
    "codepipeline": _pipeline,
    "codebuild_project": _codebuild,
    "codedeploy_group": _deployment_group,
    "cloudformation_stack": _stack,
    "sqs_queue": _queue,
    "sns_topic": _topic,
    "eventbridge_rule": _rule,
    "eventbridge_bus": _bus,
    "kinesis_stream": _stream,
    "route53_record": _record,
    "cloudfront_distribution": _distribution,
    "api_gateway": _api,
    "alb": _alb,
    "target_group": _target_group,
    "security_group": _security_group,
    "cloudwatch_alarm": _alarm,
    "config_rule": _config_rule,
    "cloudtrail_trail": _trail,
    "log_group": _log_group,
    "kms_key": _key,
    "iam_role": _role,
    "iam_user": _user,
    "acm_certificate": _certificate,
    "secrets_manager_secret": _secret,
    "guardduty_detector": _detector,
    "cfn_resource": _generic,
}
"""Catalog type id → the function that maps a resource's properties to its configuration."""


_NULLABLE = frozenset({"retention_days", "reserved_concurrency", "qualifier", "datapoints_to_alarm", "dlq"})
"""Keys whose ``None`` means something (keep logs forever, no reserved concurrency)."""


def configure(type_id: str, src: Source) -> dict[str, Any]:
    """The configuration of an imported resource (only keys its catalog type accepts)."""
    raw = {k: v for k, v in MAPPERS[type_id](src).items() if v is not None or k in _NULLABLE}
    return fit(type_id, raw)
