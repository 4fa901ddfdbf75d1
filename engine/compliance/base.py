"""Policy as code: compliance rules over state and over conduct (DESIGN §7).

* :class:`StateRule` — a predicate over one resource's state (encryption on, no SSH from
  the internet, no drift, ...). Re-checked whenever the resource changes; a violation is
  *open* while the predicate fails. Rules that mirror an AWS Config managed rule name it in
  ``config_identifier``, so a Config rule node in an architecture reports the same finding
  as a signal the player can see.
* :class:`ConductRule` — a judgement on what someone did (a production change outside the
  pipeline, an admin grant, audit disabled, data destroyed, no incident declared). Checked
  when an action starts, and at the end of the game.

``severity`` is the number of compliance points a violation costs a player who causes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from ..registry import Registry, describe

if TYPE_CHECKING:
    from ..actions.base import ActionType, Context
    from ..simulation import Simulation
    from ..world import Node, World


class Rule:
    """Common attributes of compliance rules."""

    id: ClassVar[str]
    title: ClassVar[str]
    severity: ClassVar[int]

    @property
    def description(self) -> str:
        """The first paragraph of the docstring."""
        return describe(type(self))


class StateRule(Rule):
    """A rule over a resource's state."""

    resource_types: ClassVar[tuple[str, ...]]
    config_identifier: ClassVar[str | None] = None

    def violation(self, node: Node, world: World) -> str | None:
        """What is wrong with ``node``, or ``None`` when it complies."""
        raise NotImplementedError


class ConductRule(Rule):
    """A rule over what responders do."""

    def on_action(
        self, sim: Simulation, action: ActionType, target: str | None, params: dict[str, Any], ctx: Context
    ) -> str | None:
        """What is wrong with starting this action, or ``None``."""
        return None

    def at_end(self, sim: Simulation) -> str | None:
        """What is wrong with how the incident was run, judged when the game ends."""
        return None


STATE_RULES: Registry[StateRule] = Registry("compliance rule")
CONDUCT_RULES: Registry[ConductRule] = Registry("conduct rule")
