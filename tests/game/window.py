"""Driving the window headless: open it with user folders under a test's temporary path, then
press keys and click what the last frame drew — real input events, one frame at a time."""

from __future__ import annotations

from collections.abc import Callable

import pygame
from warroom.game.window import scenes  # noqa: F401  (registers the scenes)
from warroom.game.window.app import App

SIZES = [(1280, 720), (1920, 1080)]
SCALES = [1.0, 1.25]

MakeApp = Callable[..., App]


def press(app: App, key: int, text: str = "") -> None:
    """One key press (and the text it types, if any), then a frame showing its result."""
    events = [pygame.event.Event(pygame.KEYDOWN, key=key, mod=0, unicode=text)]
    if text:
        events.append(pygame.event.Event(pygame.TEXTINPUT, text=text))
    app.step(16, events)
    app.step(16, [])


def click(app: App, label: str) -> None:
    """Click the centre of the hotspot labelled ``label`` in the last frame, then draw a frame."""
    spot = app.log.find(label)
    assert spot is not None, f"no hotspot {label!r}; have {[s.label for s in app.log.hotspots]}"
    app.step(16, [pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=spot.rect.center, button=1)])
    app.step(16, [])


def texts(app: App) -> list[str]:
    """Every text the last frame drew."""
    return [t.text for t in app.log.texts]


def wait(app: App, seconds: int) -> None:
    """Let wall time pass, one second a frame."""
    for _ in range(seconds):
        app.step(1000, [])


def unreadable(app: App) -> list[str]:
    """What in the last frame a player could not read: text cut off, or drawn over other text."""
    cut = [f"clipped: {t.text!r} in {t.rect}" for t in app.log.clipped]
    stacked = [f"overlap: {a.text!r} at {a.ink} and {b.text!r} at {b.ink}" for a, b in app.log.overlaps]
    return cut + stacked


def wheel(app: App, pos: tuple[int, int], notches: int) -> None:
    """Turn the mouse wheel ``notches`` towards the player (scrolling down) with the pointer at ``pos``."""
    pygame.mouse.set_pos(pos)
    for _ in range(abs(notches)):
        app.step(16, [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1 if notches > 0 else 1, flipped=False)])
    app.step(16, [])
