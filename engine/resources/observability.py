"""Observability and audit: CloudWatch alarms, AWS Config rules, CloudTrail, log groups."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..world import Node
from .base import RESOURCES, Local, MetricSpec, ResourceType, StrictModel


class AlarmConfig(StrictModel):
    metric: str = Field(description="metric name as the watched resource publishes it, e.g. Errors")
    qualifier: str | None = Field(None, description="version or alias dimension (Lambda Resource)")
    period: int = Field(60, ge=10, le=86400)
    evaluation_periods: int = Field(1, ge=1, le=100)
    datapoints_to_alarm: int | None = Field(None, ge=1, le=100)
    threshold: float
    comparison: Literal[
        "GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"
    ] = "GreaterThanOrEqualToThreshold"
    treat_missing_data: Literal["missing", "notBreaching", "breaching", "ignore"] = "missing"
    actions_enabled: bool = True
    alarm_actions: list[str] = Field(default_factory=list, description="who is notified: topics, on-call")
    description: str = ""


class CloudWatchAlarm(ResourceType):
    """Amazon CloudWatch metric alarm (AWS::CloudWatch::Alarm) on one resource's metric.

    Evaluated every minute over the last ``evaluation_periods`` published datapoints,
    with missing data treated as configured. An alarm whose metric name or dimension does
    not match what the resource publishes sees only missing data — and with
    ``notBreaching`` it stays OK through anything. With no actions, it pages nobody.
    """

    id = "cloudwatch_alarm"
    aws_type = "AWS::CloudWatch::Alarm"
    title = "CloudWatch alarm"
    category = "observability"
    Config = AlarmConfig
    sends = frozenset({"monitors", "triggers", "managed_by"})
    receives = frozenset()
    compliance_properties = ("actions_enabled", "alarm_actions", "treat_missing_data")

    def initial_status(self, node: Node) -> dict[str, Any]:
        return {"state": "INSUFFICIENT_DATA", "reason": "", "since": 0}

    def emit(self, node: Node, target: str, world: Any) -> float:
        return 0.0

    def hourly_cost(self, node: Node) -> float:
        """$0.10 a month per standard-resolution alarm."""
        return 10.0 / 730.0


class ConfigRuleConfig(StrictModel):
    identifier: str = Field(description="the AWS Config managed rule, e.g. S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED")
    enabled: bool = True


class ConfigRule(ResourceType):
    """AWS Config rule (AWS::Config::ConfigRule) evaluating the resources it ``monitors``.

    Evaluated every minute; reports COMPLIANT or NON_COMPLIANT per resource — a signal the
    team sees, distinct from the game's own compliance score. A disabled rule reports nothing.
    """

    id = "config_rule"
    aws_type = "AWS::Config::ConfigRule"
    title = "AWS Config rule"
    category = "observability"
    Config = ConfigRuleConfig
    sends = frozenset({"monitors", "managed_by"})
    receives = frozenset()
    compliance_properties = ("enabled",)

    def initial_status(self, node: Node) -> dict[str, Any]:
        return {"results": {}}

    def hourly_cost(self, node: Node) -> float:
        """About $0.002 an hour of rule evaluations."""
        return 0.2


class TrailConfig(StrictModel):
    logging: bool = True
    multi_region: bool = True
    log_file_validation: bool = True
    kms_encrypted: bool = True


class CloudTrailTrail(ResourceType):
    """AWS CloudTrail trail (AWS::CloudTrail::Trail): the account's audit log.

    Management events stay visible in Event history for 90 days either way; the trail is
    what keeps them longer, tamper-evident and encrypted — which auditors require.
    """

    id = "cloudtrail_trail"
    aws_type = "AWS::CloudTrail::Trail"
    title = "CloudTrail trail"
    category = "observability"
    Config = TrailConfig
    sends = frozenset({"managed_by", "encrypts_with"})
    receives = frozenset({"monitors"})
    compliance_properties = ("logging", "multi_region", "log_file_validation", "kms_encrypted")

    def hourly_cost(self, node: Node) -> float:
        """About $0.005 an hour of event delivery and storage."""
        return 0.5


class LogGroupConfig(StrictModel):
    retention_days: int | None = Field(30, description="None keeps logs forever")
    kms_encrypted: bool = False


class LogGroup(ResourceType):
    """Amazon CloudWatch Logs log group (AWS::Logs::LogGroup) receiving a resource's logs.

    Writers deliver with ``logs:PutLogEvents``; when a role loses it, the logs stop
    arriving and ``IncomingLogEvents`` falls to nothing — an audit gap, not an outage.
    """

    id = "log_group"
    aws_type = "AWS::Logs::LogGroup"
    title = "CloudWatch Logs log group"
    category = "observability"
    Config = LogGroupConfig
    sends = frozenset({"managed_by", "encrypts_with"})
    receives = frozenset({"triggers", "monitors"})
    iam_actions = {"triggers": "logs:PutLogEvents"}
    compliance_properties = ("retention_days", "kms_encrypted")
    metrics = (
        MetricSpec("IncomingLogEvents", "AWS/Logs", "LogGroupName", "requests"),
        MetricSpec("IncomingBytes", "AWS/Logs", "LogGroupName", "bytes"),
    )

    def local(self, node: Node, world: Any) -> Local:
        return Local(extras={"bytes": node.load * 300.0})

    def hourly_cost(self, node: Node) -> float:
        """$0.50 per GB ingested (about 300 bytes per log event)."""
        gb_per_hour = node.load * 300.0 * 3600 / 1e9
        return gb_per_hour * 50.0


for resource_type in (CloudWatchAlarm(), ConfigRule(), CloudTrailTrail(), LogGroup()):
    RESOURCES.register(resource_type)
