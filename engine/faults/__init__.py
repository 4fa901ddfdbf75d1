"""The fault catalog; importing this package registers every fault type."""

from . import changes, control, deployment, drift, events, monitoring, regional, resilience, security  # noqa: F401
from .base import FAULTS, Fault, FaultType

__all__ = ["FAULTS", "Fault", "FaultType"]
