"""Resources that are configuration or wiring in warroom's model, not nodes of their own.

A template spells out much that the engine keeps inside a node or as an edge: a listener is
part of its load balancer, a task definition part of its ECS service, a Lambda permission
the edge from its caller. Three shapes cover them:

* :class:`Fold` — configuration of the resources it names under ``into`` (a listener of
  its ``LoadBalancerArn``, a queue policy of its ``Queues``). Its references become theirs.
* :class:`Inline` — part of whatever refers to it (a launch template of the Auto Scaling
  group using it, an instance profile of the instance). A reference to it is a reference to
  what it refers to.
* :class:`Link` — an edge between the two resources it names (an event source mapping:
  the queue triggers the function; a subscription: the topic triggers the endpoint).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fold:
    """Configuration of the resources referenced under one of ``into``'s properties (or named
    there by their physical name), and of those that refer to it under one of ``referrers``."""

    into: tuple[str, ...]
    referrers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Inline:
    """Part of every resource that refers to it."""


@dataclass(frozen=True)
class Link:
    """An edge from the resource under ``source`` to the one under ``target``; its kind by
    the source's catalog type (``kinds``), else ``triggers``."""

    source: str
    target: str
    kinds: dict[str, str] = field(default_factory=dict)


Glue = Fold | Inline | Link

_API = Fold(("RestApiId",))
_API_V2 = Fold(("ApiId",))
_ASG = Fold(("AutoScalingGroupName",))
_FUNCTION = Fold(("FunctionName",))

GLUE: dict[str, Glue] = {
    "AWS::ElasticLoadBalancingV2::Listener": Fold(("LoadBalancerArn",)),
    "AWS::ElasticLoadBalancingV2::ListenerRule": Fold(("ListenerArn",)),
    "AWS::ElasticLoadBalancingV2::ListenerCertificate": Fold(("ListenerArn",)),
    "AWS::ApiGateway::Resource": _API,
    "AWS::ApiGateway::Method": _API,
    "AWS::ApiGateway::Model": _API,
    "AWS::ApiGateway::Deployment": _API,
    "AWS::ApiGateway::Stage": _API,
    "AWS::ApiGateway::Authorizer": _API,
    "AWS::ApiGateway::RequestValidator": _API,
    "AWS::ApiGateway::GatewayResponse": _API,
    "AWS::ApiGateway::BasePathMapping": _API,
    "AWS::ApiGatewayV2::Route": _API_V2,
    "AWS::ApiGatewayV2::Integration": _API_V2,
    "AWS::ApiGatewayV2::Stage": _API_V2,
    "AWS::ApiGatewayV2::Deployment": _API_V2,
    "AWS::EC2::SecurityGroupIngress": Fold(("GroupId",)),
    "AWS::EC2::SecurityGroupEgress": Fold(("GroupId",)),
    "AWS::AutoScaling::ScalingPolicy": _ASG,
    "AWS::AutoScaling::LifecycleHook": _ASG,
    "AWS::AutoScaling::ScheduledAction": _ASG,
    "AWS::IAM::Policy": Fold(("Roles", "Users", "Groups")),
    "AWS::IAM::ManagedPolicy": Fold(("Roles", "Users", "Groups"), referrers=("ManagedPolicyArns",)),
    "AWS::IAM::RolePolicy": Fold(("RoleName",)),
    "AWS::IAM::UserPolicy": Fold(("UserName",)),
    "AWS::IAM::AccessKey": Fold(("UserName",)),
    "AWS::IAM::UserToGroupAddition": Fold(("GroupName",)),
    "AWS::SQS::QueuePolicy": Fold(("Queues",)),
    "AWS::SNS::TopicPolicy": Fold(("Topics",)),
    "AWS::S3::BucketPolicy": Fold(("Bucket",)),
    "AWS::KMS::Alias": Fold(("TargetKeyId",)),
    "AWS::Lambda::Version": _FUNCTION,
    "AWS::Lambda::Alias": _FUNCTION,
    "AWS::Lambda::EventInvokeConfig": _FUNCTION,
    "AWS::SecretsManager::RotationSchedule": Fold(("SecretId",)),
    "AWS::SecretsManager::SecretTargetAttachment": Fold(("SecretId",)),
    "AWS::Events::EventBusPolicy": Fold(("EventBusName",)),
    "AWS::Events::Archive": Fold(("SourceArn",)),
    "AWS::Logs::SubscriptionFilter": Fold(("LogGroupName",)),
    "AWS::Logs::MetricFilter": Fold(("LogGroupName",)),
    "AWS::ECS::TaskDefinition": Inline(),
    "AWS::EC2::LaunchTemplate": Inline(),
    "AWS::AutoScaling::LaunchConfiguration": Inline(),
    "AWS::IAM::InstanceProfile": Inline(),
    "AWS::Lambda::EventSourceMapping": Link("EventSourceArn", "FunctionName"),
    "AWS::SNS::Subscription": Link("TopicArn", "Endpoint"),
    "AWS::Lambda::Permission": Link("SourceArn", "FunctionName", {"api_gateway": "calls", "target_group": "routes"}),
}
"""CloudFormation types that become configuration or edges, and how."""
