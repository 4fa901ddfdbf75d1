"""What a responder can do right now: the action menu both front ends show.

For a target (or for the team as a whole), the action types the scenario allows, in the
order players scan them (investigate, remediate, coordinate), each with the duration and
compliance tags it would have *on that target now* — a console edit is tagged
``manual-change`` only where a stack manages the resource, a pipeline change takes as long
as that resource's pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .actions import ACTIONS
from .actions.base import ActionType

if TYPE_CHECKING:
    from .simulation import Simulation

FAMILY_ORDER = {"investigate": 0, "remediate": 1, "coordinate": 2}


@dataclass(frozen=True)
class ActionOption:
    """One action on the menu, as it would run here and now with its default parameters."""

    action: ActionType
    target: str | None
    duration: int
    tags: frozenset[str]
    needs_params: bool


def allowed(sim: Simulation, action: ActionType) -> bool:
    """Whether the scenario lets the team use this action type."""
    rules = sim.model.actions
    return (rules.allow is None or action.id in rules.allow) and action.id not in rules.deny


def default_params(action: ActionType) -> dict[str, Any] | None:
    """The action's parameters when none are given, or ``None`` if some must be chosen."""
    try:
        return action.validate_params({})
    except ValidationError:
        return None


def option(sim: Simulation, action: ActionType, target: str | None) -> ActionOption:
    """How ``action`` would run on ``target`` now (its usual duration and tags if that needs choices)."""
    params = default_params(action)
    duration, tags = action.duration, action.tags
    try:  # most actions know their duration and tags without the parameters a player chooses
        duration = action.duration_for(sim, target, params if params is not None else {})
        tags = action.tags_at(sim, target, params if params is not None else {})
    except (KeyError, TypeError, ValueError, AttributeError):
        pass  # parameters the player has not chosen decide it
    return ActionOption(action, target, duration, frozenset(tags), params is None)


def _ordered(actions: list[ActionType]) -> list[ActionType]:
    return sorted(actions, key=lambda a: (FAMILY_ORDER.get(a.family, 9), a.id))


def options_for(sim: Simulation, target: str | None) -> list[ActionOption]:
    """The menu on one resource (``target``), or the team-wide actions (``None``)."""
    usable = [a for a in ACTIONS if allowed(sim, a)]
    if target is None:
        chosen = [a for a in usable if not a.needs_target and not (a.takes_target and not a.target_optional)]
    else:
        chosen = [a for a in usable if a.takes_target and a.applies_to(sim, target)]
    return [option(sim, a, target) for a in _ordered(chosen)]


def ordered_actions(sim: Simulation) -> list[ActionType]:
    """Every action type the scenario allows, in menu order."""
    return _ordered([a for a in ACTIONS if allowed(sim, a)])
