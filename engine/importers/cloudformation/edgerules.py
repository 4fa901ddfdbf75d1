"""The kind of edge a reference between two resources means, by their catalog types.

A resource refers to another (``Ref``, ``Fn::GetAtt``, ``Fn::Sub``, ``DependsOn``) for many
reasons; :data:`RULES` says which references carry meaning for the simulation and as which
edge kind (see :mod:`engine.edges`). The first rule that matches the two types (``*`` is any)
and the property the reference sits under, and whose kind the two types may send and
receive, wins. A reference no rule matches is dropped: a subnet or VPC id in an instance
says where it runs, which no edge kind models, and a wrong kind would mislead the engine (a
``secured_by`` edge runs security-group checks, a ``uses_role`` edge IAM checks). So are
references under :data:`IGNORED_PROPERTIES`, whose meaning is configuration (a queue's
dead-letter queue) or deployment (a function's code bucket), not traffic.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...edges import SYNC_KINDS
from ...resources import RESOURCES

COMPUTE = ("lambda_function", "ec2_instance", "autoscaling_group", "ecs_service")
STORES = ("dynamodb_table", "s3_bucket", "rds_instance", "elasticache_cluster")
SINKS = ("sqs_queue", "sns_topic", "kinesis_stream", "eventbridge_bus")
ALARM_ACTIONS = frozenset({"AlarmActions", "OKActions", "InsufficientDataActions"})

IGNORED_PROPERTIES = frozenset(
    {
        "Code",
        "DeadLetterConfig",
        "RedrivePolicy",
        "RedriveAllowPolicy",
        "VpcConfig",
        "VpcId",
        "SubnetId",
        "SubnetIds",
        "Subnets",
        "Tags",
        "Metadata",
        "PolicyDocument",
        "KeyPolicy",
        "AssumeRolePolicyDocument",
    }
)
"""Properties whose references are configuration or placement, never edges."""


@dataclass(frozen=True)
class EdgeRule:
    """A reference from a ``source``-typed resource to a ``target``-typed one means ``kind``
    (from the target to the source when ``reverse``), if it sits under one of ``properties``
    (any property when empty)."""

    source: str
    target: str
    kind: str
    reverse: bool = False
    properties: frozenset[str] = frozenset()


def _each(sources: tuple[str, ...], targets: tuple[str, ...], kind: str, **extra: object) -> list[EdgeRule]:
    return [EdgeRule(s, t, kind, **extra) for s in sources for t in targets]  # type: ignore[arg-type]


RULES: tuple[EdgeRule, ...] = (
    EdgeRule("*", "iam_role", "uses_role"),
    EdgeRule("*", "kms_key", "encrypts_with"),
    EdgeRule("*", "acm_certificate", "encrypts_with"),
    EdgeRule("*", "security_group", "secured_by"),
    EdgeRule("cloudwatch_alarm", "sns_topic", "triggers", properties=ALARM_ACTIONS),
    EdgeRule("cloudwatch_alarm", "*", "monitors", properties=frozenset({"Dimensions", "Metrics"})),
    EdgeRule("config_rule", "*", "monitors"),
    EdgeRule("eventbridge_rule", "eventbridge_bus", "triggers", reverse=True, properties=frozenset({"EventBusName"})),
    EdgeRule("eventbridge_rule", "*", "triggers", properties=frozenset({"Targets"})),
    EdgeRule("alb", "target_group", "routes"),
    EdgeRule("alb", "ec2_instance", "routes"),
    EdgeRule("target_group", "*", "routes"),
    *_each(("autoscaling_group", "ecs_service"), ("target_group",), "routes", reverse=True),
    *_each(
        ("autoscaling_group", "ecs_service"),
        ("alb",),
        "routes",
        reverse=True,
        properties=frozenset({"LoadBalancerNames", "LoadBalancers"}),
    ),
    EdgeRule("route53_record", "*", "routes"),
    EdgeRule("cloudfront_distribution", "*", "routes", properties=frozenset({"Origins"})),
    EdgeRule(
        "cloudfront_distribution",
        "lambda_function",
        "calls",
        properties=frozenset({"DefaultCacheBehavior", "CacheBehaviors"}),
    ),
    EdgeRule("api_gateway", "*", "calls"),
    EdgeRule("log_group", "lambda_function", "triggers", reverse=True),
    EdgeRule("s3_bucket", "*", "triggers", properties=frozenset({"NotificationConfiguration"})),
    EdgeRule("s3_bucket", "s3_bucket", "replicates_to", properties=frozenset({"ReplicationConfiguration"})),
    EdgeRule("sns_topic", "*", "triggers", properties=frozenset({"Subscription"})),
    EdgeRule("codepipeline", "codebuild_project", "triggers"),
    EdgeRule("codepipeline", "s3_bucket", "writes"),
    EdgeRule("codepipeline", "*", "deploys"),
    EdgeRule("codebuild_project", "s3_bucket", "writes"),
    EdgeRule("codedeploy_group", "*", "deploys"),
    *_each(COMPUTE, ("dynamodb_table", "s3_bucket"), "access"),
    *_each(COMPUTE, ("rds_instance", "elasticache_cluster", "secrets_manager_secret"), "reads"),
    *_each(COMPUTE, SINKS, "writes"),
    *_each(COMPUTE, ("lambda_function", "api_gateway", "alb"), "calls"),
    *_each(COMPUTE, ("log_group",), "triggers"),
)
"""The rule table, first match first. ``access`` means ``reads`` or ``writes``: writes when
the source's role may only write to the target, reads otherwise."""


def infer(
    referrer: str, referrer_type: str, prop: str, target: str, target_type: str
) -> list[tuple[EdgeRule, str, str]]:
    """The rules that could turn a reference into an edge, each with its (source, target) ids,
    in order; the caller picks the first whose kind fits."""
    if prop in IGNORED_PROPERTIES or referrer == target:
        return []
    found = []
    for rule in RULES:
        if rule.source not in ("*", referrer_type) or rule.target not in ("*", target_type):
            continue
        if rule.properties and prop not in rule.properties:
            continue
        ends = (target, referrer) if rule.reverse else (referrer, target)
        found.append((rule, *ends))
    return found


def allowed(source_type: str, kind: str, target_type: str) -> bool:
    """Whether the catalog lets ``source_type`` send ``kind`` edges to ``target_type``."""
    return kind in RESOURCES.get(source_type).sends and kind in RESOURCES.get(target_type).receives


def is_sync(kind: str) -> bool:
    """Whether an edge kind carries requests (and so must not close a loop)."""
    return kind in SYNC_KINDS
