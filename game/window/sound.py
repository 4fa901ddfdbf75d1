"""Alert sounds, generated procedurally (``python -m warroom.assets.generate``) and played
through the mixer — unless sound is off, or the machine has no audio at all."""

from __future__ import annotations

from importlib import resources

import pygame

CUES = ("alarm", "message", "done", "urgent")


class Sounds:
    """Plays the alert cues; silent (never failing) when disabled or without audio."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self._loaded: dict[str, pygame.mixer.Sound] | None = None
        self.played: list[str] = []

    def _load(self) -> dict[str, pygame.mixer.Sound]:
        if self._loaded is None:
            self._loaded = {}
            try:
                if not pygame.mixer.get_init():
                    pygame.mixer.init()
                folder = resources.files("warroom.assets").joinpath("sounds")
                for cue in CUES:
                    with resources.as_file(folder.joinpath(f"{cue}.wav")) as path:
                        self._loaded[cue] = pygame.mixer.Sound(str(path))
            except (pygame.error, FileNotFoundError, OSError):
                self._loaded = {}
        return self._loaded

    def play(self, cue: str) -> None:
        """Play one cue (and remember it, so tests can check what would have sounded)."""
        if not self.enabled:
            return
        self.played.append(cue)
        sound = self._load().get(cue)
        if sound is not None:
            sound.play()
