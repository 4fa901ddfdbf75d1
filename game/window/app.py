"""The window's main loop: one stack of scenes, driven frame by frame.

``App.step(dt_ms)`` is one frame — events, update, draw, flip, scene changes — so a test
can drive the whole game headless with real input events and a fixed frame time, and
``App.run`` is the same step paced by a 60 FPS clock. Scene changes requested during a
frame happen after it. If anything goes wrong while a game is being played, the play scene's
``cleanup`` still runs (it checkpoints and closes the recording), so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pygame

from .canvas import Canvas, FrameLog
from .scene import SCENES, Scene
from .settings import Settings, load_settings, save_settings
from .sound import Sounds
from .theme import PALETTES, Theme

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (960, 600)
FPS = 60


@dataclass
class Launch:
    """What the command line asked for that outlives the first scene: the seed, the variant (if
    forced), where to record, who plays (and the team they can switch to), and whether the
    autopilot plays the scenario's par."""

    seed: int = 1
    record: Path | None = None
    player: str = "player"
    variant: str | None = None
    autopilot: bool = False
    roster: tuple[str, ...] = ()
    """The team's responders the player can act as (W switches); empty: just :attr:`player`."""


class App:
    """The window and its scene stack."""

    def __init__(
        self,
        start: str = "title",
        data: dict[str, Any] | None = None,
        *,
        size: tuple[int, int] = DEFAULT_SIZE,
        settings: Settings | None = None,
        settings_file: Path | None = None,
        launch: Launch | None = None,
    ) -> None:
        pygame.init()
        pygame.display.set_caption("warroom")
        self.surface = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.settings_file = settings_file
        self.settings = settings or load_settings(settings_file)
        self.launch = launch or Launch()
        self.sounds = Sounds(enabled=self.settings.sound)
        self.log = FrameLog()
        self.running = True
        self.frames = 0
        self.stack: list[Scene] = []
        self._enter(start, data or {}, push=False)

    # -- settings ---------------------------------------------------------------------
    @property
    def theme(self) -> Theme:
        """The theme the settings choose."""
        return Theme(PALETTES[self.settings.palette], self.settings.ui_scale)

    def apply_settings(self, settings: Settings) -> None:
        """Use and keep new settings."""
        self.settings = settings.cleaned()
        self.sounds.enabled = self.settings.sound
        save_settings(self.settings, self.settings_file)

    # -- scenes -----------------------------------------------------------------------
    @property
    def scene(self) -> Scene:
        """The scene on top (the one receiving input)."""
        return self.stack[-1]

    def _enter(self, name: str, data: dict[str, Any], *, push: bool) -> None:
        if name not in SCENES:
            raise KeyError(f"no scene called {name!r}")
        scene = SCENES[name](self)
        if not push and self.stack:
            for old in reversed(self.stack):
                old.cleanup()
            self.stack = []
        self.stack.append(scene)
        scene.startup(data)

    def _transition(self) -> None:
        for scene in list(self.stack):
            if scene.request is None:
                continue
            kind, name, data = scene.request
            scene.request = None
            if kind == "go":
                self._enter(name, data, push=False)
            elif kind == "push":
                self._enter(name, data, push=True)
            elif kind == "pop" and len(self.stack) > 1:
                self.stack.remove(scene)
                scene.cleanup()
                self.stack[-1].resumed(data)
            return

    # -- the frame --------------------------------------------------------------------
    def step(self, dt_ms: int, events: list[pygame.event.Event] | None = None) -> None:
        """One frame: input, update, draw, scene changes."""
        for event in pygame.event.get() if events is None else events:
            self.dispatch(event)
        if not self.running:
            return
        self.scene.update(dt_ms)
        self.draw()
        self._transition()
        self.frames += 1

    def dispatch(self, event: pygame.event.Event) -> None:
        """Route one event: quit and resize here, clicks to hotspots, the rest to the scene."""
        if event.type == pygame.QUIT:
            self.running = False
        elif event.type == pygame.VIDEORESIZE:
            width, height = max(event.w, MIN_SIZE[0]), max(event.h, MIN_SIZE[1])
            self.surface = pygame.display.set_mode((width, height), pygame.RESIZABLE)
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            spot = self.log.hit(event.pos)
            if spot is not None:
                self.scene.clicked(spot, event.button)
                return
            self.scene.handle_event(event)
        else:
            self.scene.handle_event(event)

    def draw(self) -> None:
        """Draw the stack: the top scene, over the last non-overlay scene beneath it."""
        self.surface = pygame.display.get_surface() or self.surface
        canvas = Canvas(self.surface, self.theme)
        base = max((i for i, s in enumerate(self.stack) if not s.overlay), default=0)
        for scene in self.stack[base:]:
            scene_canvas = canvas if scene is self.scene else Canvas(self.surface, self.theme)
            scene.draw(scene_canvas)
        self.log = canvas.log
        pygame.display.flip()

    def run(self) -> None:
        """Play until the window is closed (paced at 60 frames a second)."""
        clock = pygame.time.Clock()
        try:
            while self.running:
                dt = clock.tick(FPS)
                self.step(min(dt, 250))
        finally:
            self.close()

    def close(self) -> None:
        """Leave every scene (a game in progress checkpoints its recording) and close the window."""
        for scene in reversed(self.stack):
            scene.cleanup()
        self.stack = []
        pygame.display.quit()

    def screenshot(self, path: Path) -> None:
        """Save the last drawn frame as a PNG."""
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.surface, str(path))
