"""The action catalog; importing this package registers every action type."""

from . import changes, configure, coordinate, deployments, investigate, operate, shortcuts  # noqa: F401
from .base import ACTIONS, ActionType, Context, Outcome, is_player

__all__ = ["ACTIONS", "ActionType", "Context", "Outcome", "is_player"]
