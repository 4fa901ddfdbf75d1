"""Commands: what a player (or a facilitator) asks the engine to do, as plain data.

Commands are imperative and small (DESIGN §12). A recording is the list of commands with
the tick each was given at; replaying them against the same scenario and seed rebuilds the
game exactly. ``by`` names the responder who gave the command.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

COMMAND_TYPES: dict[str, type[Command]] = {}


@dataclass(frozen=True)
class Command:
    """Base class of commands; ``kind`` is the tag used in recordings."""

    kind: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        COMMAND_TYPES[cls.kind] = cls

    def to_json(self) -> dict[str, Any]:
        """The command as a JSON-able dict."""
        return {"kind": self.kind, **asdict(self)}

    @staticmethod
    def from_json(data: dict[str, Any]) -> Command:
        """Rebuild a command from :meth:`to_json` output; ``ValueError`` if malformed."""
        if not isinstance(data, dict) or data.get("kind") not in COMMAND_TYPES:
            raise ValueError(f"not a command: {data!r}")
        cls = COMMAND_TYPES[data["kind"]]
        values = {k: v for k, v in data.items() if k != "kind"}
        try:
            return cls(**values)
        except TypeError as exc:
            raise ValueError(f"malformed {data['kind']} command: {exc}") from None


@dataclass(frozen=True)
class StartAction(Command):
    """Start an action (investigate, remediate or coordinate) on a target."""

    action: str
    target: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    by: str = "player"
    kind: ClassVar[str] = "start_action"


@dataclass(frozen=True)
class CancelAction(Command):
    """Cancel an action still in flight, by its number."""

    number: int
    by: str = "player"
    kind: ClassVar[str] = "cancel_action"


@dataclass(frozen=True)
class RequestHint(Command):
    """Reveal the next hint the scenario offers (it costs recovery points)."""

    by: str = "player"
    kind: ClassVar[str] = "request_hint"


@dataclass(frozen=True)
class PlayCard(Command):
    """Play a card of the scenario's facilitator deck now (a game-master's surprise)."""

    card: str
    by: str = "facilitator"
    kind: ClassVar[str] = "play_card"


@dataclass(frozen=True)
class DeclareResolved(Command):
    """Declare the incident over; the game ends and is scored."""

    by: str = "player"
    kind: ClassVar[str] = "declare_resolved"
