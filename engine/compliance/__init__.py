"""Compliance rules (policy as code); importing this package registers every rule."""

from functools import cache

from . import conduct, state_rules  # noqa: F401  (registration)
from .base import CONDUCT_RULES, STATE_RULES, ConductRule, StateRule


@cache
def state_rules_for(type_id: str) -> tuple[StateRule, ...]:
    """The state rules that judge resources of one type."""
    return tuple(rule for rule in STATE_RULES if type_id in rule.resource_types or "*" in rule.resource_types)


__all__ = ["CONDUCT_RULES", "STATE_RULES", "ConductRule", "StateRule", "state_rules_for"]
