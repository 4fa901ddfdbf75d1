"""The fault catalog; importing this package registers every fault type."""

from . import (  # noqa: F401
    changes,
    control,
    deployment,
    drift,
    events,
    herrings,
    monitoring,
    regional,
    resilience,
    security,
)
from .base import FAULTS, Fault, FaultType

__all__ = ["FAULTS", "Fault", "FaultType"]
