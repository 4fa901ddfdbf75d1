"""The scene unit: ``startup / handle_event / update / draw / cleanup`` and an explicit next scene.

A scene never draws in ``update`` and never changes state in ``draw`` (DESIGN §11). It asks
for a change of scene with :meth:`Scene.go` (replace), :meth:`Scene.push` (overlay, e.g.
pause over play) or :meth:`Scene.pop` (back to the scene underneath); the app carries it out
after the frame. Clicks arrive as the hotspots the last frame drew (:meth:`Scene.clicked`),
key presses run the scene's :meth:`Scene.keys` table, and the wheel goes to :meth:`Scene.wheel`.
A simple scene just names its :meth:`Scene.actions`: its buttons carry the names as hotspot
actions and :meth:`Scene.bindings` gives the keys for them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

import pygame

from .canvas import Canvas, Hotspot

if TYPE_CHECKING:
    from .app import App

SCENES: dict[str, type[Scene]] = {}


def cycle(options: Sequence[Any], current: Any, step: int = 1) -> Any:
    """The option ``step`` places after ``current``, wrapping round (from an unknown one: the first)."""
    values = list(options)
    index = values.index(current) if current in values else 0
    return values[(index + step) % len(values)]


class Scene:
    """Base class; subclasses set ``name`` and are registered by it."""

    name: ClassVar[str] = ""
    overlay: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.name:
            SCENES[cls.name] = cls

    def __init__(self, app: App) -> None:
        self.app = app
        self.request: tuple[str, str, dict[str, Any]] | None = None

    # -- lifecycle --------------------------------------------------------------------
    def startup(self, data: dict[str, Any]) -> None:
        """Called when the scene becomes active, with what the previous scene handed over."""

    def handle_event(self, event: pygame.event.Event) -> None:
        """React to one input event: a key runs its entry in :meth:`keys`, the wheel goes to
        :meth:`wheel` (clicks arrive through :meth:`clicked`)."""
        if event.type == pygame.KEYDOWN:
            handler = self.keys().get(event.key)
            if handler is not None:
                handler()
        elif event.type == pygame.MOUSEWHEEL:
            self.wheel(-event.y, pygame.mouse.get_pos())

    def keys(self) -> dict[int, Callable[[], None]]:
        """What each key does now (asked at every key press, so it may depend on state).

        By default, each key of :meth:`bindings` runs the named action."""
        actions = self.actions()
        return {key: actions[name] for key, name in self.bindings().items()}

    def actions(self) -> dict[str, Callable[[], None]]:
        """The scene's named actions, which its buttons and :meth:`bindings` refer to."""
        return {}

    def bindings(self) -> dict[int, str]:
        """Which key runs which of :meth:`actions`."""
        return {}

    def wheel(self, notches: int, pos: tuple[int, int]) -> None:
        """The mouse wheel turned ``notches`` (positive: towards the player, i.e. scroll down) at ``pos``."""

    def clicked(self, spot: Hotspot, button: int) -> None:
        """A hotspot of the last frame was clicked: by default, run the action it names."""
        handler = self.actions().get(spot.action)
        if handler is not None:
            handler()

    def update(self, dt_ms: int) -> None:
        """Advance the scene's own state by ``dt_ms`` of wall time."""

    def draw(self, canvas: Canvas) -> None:
        """Draw the scene (and only draw)."""

    def cleanup(self) -> None:
        """Called when the scene is left for good."""

    # -- transitions ------------------------------------------------------------------
    def go(self, name: str, **data: Any) -> None:
        """Replace this scene with ``name`` after the frame."""
        self.request = ("go", name, data)

    def push(self, name: str, **data: Any) -> None:
        """Open ``name`` on top of this scene (which stays, frozen, underneath)."""
        self.request = ("push", name, data)

    def pop(self, **data: Any) -> None:
        """Close this overlay and return to the scene underneath."""
        self.request = ("pop", "", data)

    def resumed(self, data: dict[str, Any]) -> None:
        """The overlay above this scene closed, handing back ``data``."""
