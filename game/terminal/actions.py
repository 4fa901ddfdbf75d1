"""``actions [NODE]``: what the team can do, with duration, cost, channel and compliance tags.

Built from the action registry and the scenario's allow/deny rules; whether an action applies
to a resource is the action type's own answer.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import RenderableType
from rich.table import Table
from warroom.engine import ActionType, format_duration, option, options_for, ordered_actions

from ..console import money
from .game import TerminalGame
from .resources import find_node, short


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


def _tags_text(tags: Iterable[str]) -> str:
    return ", ".join(sorted(tags)) or "—"


def _durations_text(durations: list[int]) -> str:
    low, high = min(durations), max(durations)
    return format_duration(low) if low == high else f"{format_duration(low)}–{format_duration(high)}"


def _cost(action: ActionType) -> str:
    return money(action.cost_cents) if action.cost_cents else "—"


def actions_view(game: TerminalGame, node_id: str | None) -> RenderableType:
    """Actions the team can take (on one resource, or anywhere), with duration, cost, channel, tags."""
    if node_id is not None:
        find_node(game.view(), node_id)
        chosen = options_for(game.sim, node_id)
        table = Table(title=f"Actions on {node_id}  (do ACTION {node_id} [key=value ...])", title_justify="left")
        for column in ("action", "family", "takes", "cost", "channel", "tags", "parameters"):
            table.add_column(column, overflow="fold")
        for choice in chosen:
            action = choice.action
            table.add_row(
                action.id,
                action.family,
                format_duration(choice.duration),
                _cost(action),
                action.channel,
                _tags_text(choice.tags),
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
    for action in ordered_actions(game.sim):
        targets = game.sim.targets_for(action) if action.takes_target else []
        if action.needs_target and not targets:
            continue
        shown = ", ".join(targets[:3]) + (f" +{len(targets) - 3} more" if len(targets) > 3 else "")
        if not action.takes_target:
            shown = "(team-wide)"
        elif action.target_optional:
            shown = f"[{shown}]"
        here = [option(game.sim, action, t) for t in targets]
        durations = [o.duration for o in here] or [action.duration]
        tags = set(action.tags).union(*(o.tags for o in here))
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
