"""The pygame window: scenes from the title to the debrief (DESIGN §11).

Nothing here imports pygame at import time of the package; :func:`display_problem` says
whether a window can open at all, so the command line can fall back to the terminal.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")


def display_problem() -> str | None:
    """Why no window can be opened here (no display, no pygame), or ``None`` when one can."""
    driver = os.environ.get("SDL_VIDEODRIVER", "")
    if driver in ("dummy", "offscreen"):
        pass
    elif sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return "no display (DISPLAY/WAYLAND_DISPLAY unset)"
    try:
        import pygame  # noqa: F401
    except ImportError:
        return "pygame is not installed"
    return None
