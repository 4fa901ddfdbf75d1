"""IAM policy documents as the engine models permissions: statements on node ids.

A statement's ``Resource`` ARNs that point at resources of the imported templates become
those resources' node ids (the game's short form of an ARN); other ARNs stay as text, which
grants nothing on the graph — as an ARN outside the stack would. AWS managed policies the
engine meets often carry their documented actions (:data:`AWS_MANAGED`); others are listed
by name with no statements, since their content is not in the template.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .intrinsics import text_of

_LOGS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]

AWS_MANAGED: dict[str, list[dict[str, Any]]] = {
    "AdministratorAccess": [{"actions": ["*"], "resources": ["*"]}],
    "PowerUserAccess": [{"actions": ["*"], "resources": ["*"]}],
    "ReadOnlyAccess": [{"actions": ["*:Get*", "*:List*", "*:Describe*"], "resources": ["*"]}],
    "AmazonS3FullAccess": [{"actions": ["s3:*"], "resources": ["*"]}],
    "AmazonS3ReadOnlyAccess": [{"actions": ["s3:Get*", "s3:List*"], "resources": ["*"]}],
    "AmazonDynamoDBFullAccess": [{"actions": ["dynamodb:*"], "resources": ["*"]}],
    "AmazonDynamoDBReadOnlyAccess": [
        {"actions": ["dynamodb:BatchGet*", "dynamodb:Describe*", "dynamodb:Get*", "dynamodb:Query", "dynamodb:Scan"]}
    ],
    "AmazonSQSFullAccess": [{"actions": ["sqs:*"], "resources": ["*"]}],
    "AmazonSNSFullAccess": [{"actions": ["sns:*"], "resources": ["*"]}],
    "AWSLambdaBasicExecutionRole": [{"actions": _LOGS, "resources": ["*"]}],
    "AWSLambdaSQSQueueExecutionRole": [
        {"actions": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", *_LOGS], "resources": ["*"]}
    ],
    "AWSLambdaKinesisExecutionRole": [
        {"actions": ["kinesis:DescribeStream", "kinesis:Get*", "kinesis:List*", *_LOGS], "resources": ["*"]}
    ],
    "AmazonECSTaskExecutionRolePolicy": [
        {"actions": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", *_LOGS[1:]]}
    ],
    "CloudWatchAgentServerPolicy": [{"actions": ["cloudwatch:PutMetricData", "ec2:Describe*", *_LOGS]}],
    "AmazonSSMManagedInstanceCore": [{"actions": ["ssm:*", "ssmmessages:*", "ec2messages:*"]}],
}
"""What the engine needs of a few AWS managed policies (every statement on ``*``)."""


def statements(document: Any, name_of: Callable[[Any], str]) -> list[dict[str, Any]]:
    """A policy document's statements as the engine's ``{effect, actions, resources}``
    (statements with ``NotAction`` or without actions cannot be expressed and are left out)."""
    found = []
    body = document.get("Statement") if isinstance(document, dict) else None
    for statement in body if isinstance(body, list) else [body] if isinstance(body, dict) else []:
        if not isinstance(statement, dict):
            continue
        actions = [text_of(a) for a in _listed(statement.get("Action"))]
        if not actions:
            continue
        resources = [name_of(r) for r in _listed(statement.get("Resource", "*"))] or ["*"]
        effect = "Deny" if text_of(statement.get("Effect")) == "Deny" else "Allow"
        found.append({"effect": effect, "actions": actions, "resources": list(dict.fromkeys(resources))})
    return found


def managed(arn: str) -> dict[str, Any]:
    """An AWS managed policy attached by ARN."""
    name = text_of(arn).rsplit("/", 1)[-1]
    return {"name": name, "managed": True, "statements": [{"resources": ["*"], **s} for s in AWS_MANAGED.get(name, [])]}


def principals(statement: dict[str, Any], kind: str) -> list[Any]:
    """The principals of one kind (``Service``, ``AWS``) a statement names (``"*"`` for anyone)."""
    who = statement.get("Principal")
    if who == "*" or text_of(who) == "*":
        return ["*"]
    return _listed(who.get(kind)) if isinstance(who, dict) else []


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
