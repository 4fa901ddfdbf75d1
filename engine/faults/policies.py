"""How faults take permissions away from an IAM role: a least-privilege refactor that went
too far, by hand or through the pipeline.

Several faults break a role the same way — the statements of its policies lose some
actions, and a statement left with none goes — and differ only in which actions, and in
whether the stack's template lost them too (then a stack update does not bring them back).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from ..world import World


def without_actions(policies: list[dict[str, Any]], drop: Callable[[str], bool]) -> list[dict[str, Any]]:
    """A copy of ``policies`` without the actions ``drop`` picks, nor the statements left empty."""
    policies = copy.deepcopy(policies)
    for policy in policies:
        for statement in policy["statements"]:
            statement["actions"] = [a for a in statement["actions"] if not drop(a)]
        policy["statements"] = [s for s in policy["statements"] if s["actions"]]
    return policies


def revoke_actions(
    world: World, role: str, drop: Callable[[str], bool], holders: Iterable[str] = ("config", "template")
) -> None:
    """Remove the actions ``drop`` picks from ``role``'s policies, in each of ``holders`` the
    role has (its live configuration, its stack's template), and mark the role changed."""
    node = world.nodes[role]
    for holder in holders:
        values = getattr(node, holder)
        if values is not None:
            values["policies"] = without_actions(values["policies"], drop)
    world.touch(role)
