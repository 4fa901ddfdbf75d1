"""The action unit: something a responder can do, registered by id (DESIGN §6).

An action type declares the resource types it targets (none for team-wide actions), a
parameter model, how long it takes, what it costs, its **channel** (``console``,
``pipeline``, ``automation`` or ``comms``), its compliance tags, a precondition and its
effect. Effects change state through the simulation; they never declare an outcome
"correct" — recovery, cost and compliance follow from the state they leave (DESIGN §3).

Investigations return :class:`~engine.events.Finding` objects: the lines a console or CLI
would print, read from state, plus evidence tokens such as ``drift:web-sg`` or
``logs:checkout-fn:version:8``. A fault is discovered when a finding carries one of its
tokens.

Families:

* ``investigate`` — read metrics, logs, CloudTrail, drift, deployments, policies, ...
* ``remediate`` — change state: roll back, fix, scale, fail over, grant, purge, ...
* ``coordinate`` — declare the incident, post updates, page a responder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import ValidationError

from ..events import Finding
from ..registry import Registry, describe
from ..resources.base import NoConfig, StrictModel

if TYPE_CHECKING:
    from ..simulation import Simulation

Family = Literal["investigate", "remediate", "coordinate"]
Channel = Literal["console", "pipeline", "automation", "comms"]


@dataclass(frozen=True)
class Outcome:
    """What an action reports when it completes."""

    summary: str
    findings: tuple[Finding, ...] = ()


def is_player(by: str) -> bool:
    """Whether ``by`` names a player, not the scenario's automation or a simulated teammate (``npc:``)."""
    return by != "automation" and not by.startswith("npc:")


@dataclass(frozen=True)
class Context:
    """Who is acting, and the action's number in this game."""

    number: int
    by: str

    @property
    def player(self) -> bool:
        """Whether a player (not the scenario's automation or a teammate) acts."""
        return is_player(self.by)


class ActionType:
    """Base class of action types; see the module docstring."""

    id: ClassVar[str]
    title: ClassVar[str]
    family: ClassVar[Family]
    targets: ClassVar[tuple[str, ...]] = ()
    target_optional: ClassVar[bool] = False
    Params: ClassVar[type[StrictModel]] = NoConfig
    duration: ClassVar[int] = 60
    cost_cents: ClassVar[int] = 0
    channel: ClassVar[Channel] = "console"
    tags: ClassVar[frozenset[str]] = frozenset()

    def __deepcopy__(self, memo: dict[int, Any]) -> ActionType:
        return self  # shared singleton

    @property
    def description(self) -> str:
        """The first paragraph of the docstring (shown by the catalog and ``actions``)."""
        return describe(type(self))

    @property
    def needs_target(self) -> bool:
        """Whether the action must be aimed at one resource."""
        return bool(self.targets) and not self.target_optional

    @property
    def takes_target(self) -> bool:
        """Whether the action may be aimed at a resource at all."""
        return bool(self.targets)

    def validate_params(self, params: dict[str, Any]) -> dict[str, Any]:
        """Validate parameters (raises ``pydantic.ValidationError``)."""
        return self.Params.model_validate(params).model_dump(mode="json")

    def applies_to(self, sim: Simulation, target: str) -> bool:
        """Whether ``target`` is a resource this action can act on."""
        node = sim.world.nodes.get(target)
        return node is not None and (node.type.id in self.targets or "*" in self.targets)

    def precondition(self, sim: Simulation, target: str | None, params: dict[str, Any]) -> str | None:
        """Why the action cannot start now, or ``None`` when it can."""
        return None

    def suggestions(self, sim: Simulation, target: str | None) -> list[dict[str, Any]]:
        """Parameter sets worth trying on ``target`` now, read from state — what a console's
        drop-downs would offer. The solver searches these; by default the parameters' own
        defaults, or nothing when some must be chosen. Actions with required parameters
        override this."""
        try:
            return [self.validate_params({})]
        except ValidationError:
            return []

    def duration_for(self, sim: Simulation, target: str | None, params: dict[str, Any]) -> int:
        """How many ticks this instance takes (state may make it slower)."""
        return self.duration

    def tags_for(self, params: dict[str, Any]) -> frozenset[str]:
        """Compliance tags of this instance (parameters may add some)."""
        return self.tags

    def tags_at(self, sim: Simulation, target: str | None, params: dict[str, Any]) -> frozenset[str]:
        """Compliance tags given the state when the action starts (default: :meth:`tags_for`)."""
        return self.tags_for(params)

    def start(self, sim: Simulation, target: str | None, params: dict[str, Any], ctx: Context) -> None:
        """Effect at the moment the action starts (most actions act on completion)."""

    def apply(self, sim: Simulation, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome | None:
        """Effect on completion; returns the outcome shown to the player.

        Returns ``None`` after calling ``sim.fail_action`` when the work could not be done.
        """
        raise NotImplementedError


ACTIONS: Registry[ActionType] = Registry("action type")
