"""The fault unit: a registered, parameterised way for AWS to break (DESIGN §5).

A fault type declares the resource types it can target and a parameter model, and knows:

* :meth:`FaultType.inject` — what it changes in state when injected, and the traces it
  leaves (CloudTrail entries, log lines, messages) through the simulation's API;
* :meth:`FaultType.active` — whether the state it broke is still broken (its own
  predicate over state: *resolved* means this turned false, however it happened);
* :meth:`FaultType.watch` — the nodes whose changes can flip that predicate, so it is
  re-checked only when one of them changes;
* :meth:`FaultType.evidence` — the evidence tokens that reveal it when an investigation
  shows them (see :mod:`engine.actions.base`);
* :meth:`FaultType.explain` — the root cause in words, revealed at the debrief.

A ``harmless`` fault type is a red herring (see :mod:`engine.faults.herrings`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..registry import Registry, describe
from ..resources.base import NoConfig, StrictModel

if TYPE_CHECKING:
    from ..simulation import Simulation
    from ..world import World


@dataclass
class Fault:
    """One injected fault and what has happened to it so far."""

    key: str
    type: FaultType
    target: str
    params: dict[str, Any]
    injected_at: int
    active: bool = True
    discovered_at: int | None = None
    resolved_at: int | None = None
    memory: dict[str, Any] = field(default_factory=dict)

    def state(self) -> dict[str, Any]:
        """The JSON-able state of this fault, for digests."""
        return {
            "type": self.type.id,
            "target": self.target,
            "params": self.params,
            "injected_at": self.injected_at,
            "active": self.active,
            "discovered_at": self.discovered_at,
            "resolved_at": self.resolved_at,
            "memory": self.memory,
        }


class FaultType:
    """Base class of fault types; see the module docstring."""

    id: ClassVar[str]
    family: ClassVar[str]
    targets: ClassVar[tuple[str, ...]]
    Params: ClassVar[type[StrictModel]] = NoConfig
    harmless: ClassVar[bool] = False
    """A red herring: it changes what the team sees but breaks nothing, so it is not part of
    the incident (recovery neither asks for it to be found nor resolved; the debrief names it)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> FaultType:
        return self  # shared singleton

    @property
    def description(self) -> str:
        """The first paragraph of the fault's docstring (shown by the catalog)."""
        return describe(type(self))

    def validate_params(self, params: dict[str, Any]) -> dict[str, Any]:
        """Validate parameters (raises ``pydantic.ValidationError``)."""
        return self.Params.model_validate(params).model_dump(mode="json")

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        """Why this fault cannot apply to ``target`` in this architecture, or ``None``."""
        return None

    def inject(self, fault: Fault, sim: Simulation) -> None:
        """Break the state; leave the traces AWS would leave."""
        raise NotImplementedError

    def active(self, fault: Fault, world: World) -> bool:
        """Whether what the fault broke is still broken."""
        raise NotImplementedError

    def watch(self, fault: Fault, world: World) -> set[str]:
        """Nodes whose change may flip :meth:`active` (default: the target)."""
        return {fault.target}

    def evidence(self, fault: Fault, world: World) -> set[str]:
        """Evidence tokens that reveal this fault when an investigation shows one."""
        raise NotImplementedError

    def on_timer(self, fault: Fault, sim: Simulation, tag: str) -> None:
        """A timer this fault scheduled with ``sim.fault_timer`` has fired."""

    def explain(self, fault: Fault) -> str:
        """The root cause in a sentence, for the debrief."""
        return describe(type(self))


FAULTS: Registry[FaultType] = Registry("fault type")
