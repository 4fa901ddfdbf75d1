"""``actions [NODE]``: what the team can do, with duration, cost, channel and compliance tags.

Built from the action registry and the scenario's allow/deny rules; whether an action applies
to a resource is the action type's own answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from rich.console import RenderableType
from rich.table import Table
from warroom.engine import ACTIONS, ActionType, format_duration

from ..console import money
from .game import TerminalGame
from .resources import find_node, short

T = TypeVar("T")

FAMILY_ORDER = {"investigate": 0, "remediate": 1, "coordinate": 2}


def allowed(game: TerminalGame, action: ActionType) -> bool:
    """Whether the scenario lets the team use this action type."""
    rules = game.scenario.model.actions
    return (rules.allow is None or action.id in rules.allow) and action.id not in rules.deny


def _params_text(action: ActionType) -> str:
    parts = []
    for name, info in action.Params.model_fields.items():
        if info.is_required():
            parts.append(f"{name}=…")
        elif info.default is not None:
            parts.append(f"{name}={short(info.default, 24)}")
        else:
            parts.append(f"[{name}=…]")
    return " ".join(parts)


def _defaults(action: ActionType) -> dict[str, Any] | None:
    try:
        return action.validate_params({})
    except ValueError:
        return None


def _on_target(game: TerminalGame, action: ActionType, target: str, ask: Callable[..., T], usual: T) -> T:
    """What ``ask(sim, target, default params)`` says, or the type's ``usual`` answer when the
    action needs parameters the player has not chosen yet (or they do not fit this target)."""
    params = _defaults(action)
    if params is None:
        return usual
    try:
        return ask(game.sim, target, params)
    except (KeyError, TypeError, ValueError, AttributeError):
        return usual


def _duration_on(game: TerminalGame, action: ActionType, target: str) -> int:
    """How long the action would take on ``target`` (its usual time if that depends on choices)."""
    return _on_target(game, action, target, action.duration_for, action.duration)


def _tags_at(game: TerminalGame, action: ActionType, target: str) -> frozenset[str]:
    """Compliance tags as they would apply on ``target`` now (a hand edit of a stack resource, ...)."""
    return _on_target(game, action, target, action.tags_at, action.tags)


def _tags_text(tags: Iterable[str]) -> str:
    return ", ".join(sorted(tags)) or "—"


def _durations_text(durations: list[int]) -> str:
    low, high = min(durations), max(durations)
    return format_duration(low) if low == high else f"{format_duration(low)}–{format_duration(high)}"


def _cost(action: ActionType) -> str:
    return money(action.cost_cents) if action.cost_cents else "—"


def _ordered(actions: Iterable[ActionType]) -> list[ActionType]:
    return sorted(actions, key=lambda a: (FAMILY_ORDER.get(a.family, 9), a.id))


def actions_view(game: TerminalGame, node_id: str | None) -> RenderableType:
    """Actions the team can take (on one resource, or anywhere), with duration, cost, channel, tags."""
    usable = [a for a in ACTIONS if allowed(game, a)]
    if node_id is not None:
        find_node(game.view(), node_id)
        chosen = _ordered(a for a in usable if a.takes_target and a.applies_to(game.sim, node_id))
        table = Table(title=f"Actions on {node_id}  (do ACTION {node_id} [key=value ...])", title_justify="left")
        for column in ("action", "family", "takes", "cost", "channel", "tags", "parameters"):
            table.add_column(column, overflow="fold")
        for action in chosen:
            table.add_row(
                action.id,
                action.family,
                format_duration(_duration_on(game, action, node_id)),
                _cost(action),
                action.channel,
                _tags_text(_tags_at(game, action, node_id)),
                _params_text(action),
            )
        if not chosen:
            table.add_row("(none: this resource has nothing to act on)", "", "", "", "", "", "")
        return table
    table = Table(
        title="Actions  (do ACTION [TARGET] [key=value ...]; 'actions NODE' for one resource)", title_justify="left"
    )
    for column in ("action", "family", "targets here", "takes", "cost", "channel", "tags"):
        table.add_column(column, overflow="fold")
    for action in _ordered(usable):
        targets = game.sim.targets_for(action) if action.takes_target else []
        if action.needs_target and not targets:
            continue
        shown = ", ".join(targets[:3]) + (f" +{len(targets) - 3} more" if len(targets) > 3 else "")
        if not action.takes_target:
            shown = "(team-wide)"
        elif action.target_optional:
            shown = f"[{shown}]"
        durations = [_duration_on(game, action, t) for t in targets] or [action.duration]
        tags = set(action.tags).union(*(_tags_at(game, action, t) for t in targets))
        table.add_row(
            action.id,
            action.family,
            shown,
            _durations_text(durations),
            _cost(action),
            action.channel,
            _tags_text(tags),
        )
    return table
