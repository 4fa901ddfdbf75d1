"""Resources warroom does not simulate, kept visible so an imported architecture stays whole."""

from __future__ import annotations

from pydantic import Field

from .base import RESOURCES, ResourceType, StrictModel


class GenericConfig(StrictModel):
    cfn_type: str = Field("", description="the CloudFormation type it stands for, e.g. AWS::EC2::VPC")


class CfnResource(ResourceType):
    """A CloudFormation resource warroom does not simulate (any ``AWS::*`` type the catalog lacks).

    ``warroom import cloudformation`` turns a template's VPCs, subnets, instance profiles,
    Cognito pools and the like into these, so the diagram shows everything the stack owns.
    It publishes no metrics, no fault targets it and it passes load through nothing: it
    carries no traffic edges, only the relations that say who it runs as, what key or
    security group protects it and which stack owns it. Its ``cfn_type`` says what it is.
    """

    id = "cfn_resource"
    aws_type = "AWS::*::*"
    title = "CloudFormation resource (not simulated)"
    category = "other"
    Config = GenericConfig
    sends = frozenset({"managed_by", "uses_role", "encrypts_with", "secured_by"})
    receives = frozenset()


RESOURCES.register(CfnResource())
