"""The resource catalog; importing this package registers every resource type."""

from . import compute, data, delivery, generic, messaging, network, observability, security, streaming  # noqa: F401
from .base import RESOURCES, Local, MetricSpec, ResourceType

__all__ = ["RESOURCES", "Local", "MetricSpec", "ResourceType"]
