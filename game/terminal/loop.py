"""The play loops: how typed lines and the clock drive a :class:`TerminalGame` (DESIGN §3, §10).

* **manual** — time moves only through ``wait`` (and the actions it waits for), so the
  same input always makes the same game. Used whenever standard input is not a terminal.
* **realtime** — the simulation advances ``speed`` ticks per wall second while the player
  types: standard input is polled with ``select`` between ticks, events are printed as they
  arrive, and ``wait`` skips ahead on top of the wall clock.

In both, the end of input lets the clock run out to the time limit. The wall clock is read
here, in the game layer, and turned into ``advance`` calls; the engine never sees it.
"""

from __future__ import annotations

import os
import select
import time
from collections.abc import Callable
from typing import TextIO

from warroom.engine import format_clock

from .commands import execute
from .game import TerminalGame


def read_line(stream: TextIO, prompt: str | None) -> str | None:
    """The next line typed or scripted, or ``None`` at the end of input."""
    if prompt is not None:
        try:
            return input(prompt)
        except EOFError:
            return None
    line = stream.readline()
    return line if line else None


def play_manual(game: TerminalGame, stream: TextIO, *, interactive: bool) -> None:
    """Play until the game ends, the player quits, or input ends (then time runs out)."""
    while not game.finished:
        line = read_line(stream, f"[{format_clock(game.tick)}] > " if interactive else None)
        if line is None:
            game.run_out()
            return
        game.screen.typed(game.tick, line)
        execute(game, line)


class FdLines:
    """Complete lines from a file descriptor, polled with a timeout (for the realtime loop)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.eof = False
        self._buffer = b""

    def poll(self, timeout: float) -> list[str]:
        """Lines that arrive within ``timeout`` seconds (possibly none)."""
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0.0))
        if not ready:
            return []
        chunk = os.read(self.fd, 4096)
        if not chunk:
            self.eof = True
            rest, self._buffer = self._buffer, b""
            return [rest.decode("utf-8", "replace")] if rest.strip() else []
        *lines, self._buffer = (self._buffer + chunk).split(b"\n")
        return [line.decode("utf-8", "replace") for line in lines]


def play_realtime(game: TerminalGame, fd: int, speed: float, now: Callable[[], float] = time.monotonic) -> None:
    """Play with the clock running at ``speed`` ticks per wall second (see the module docstring)."""
    lines = FdLines(fd)
    start = now()
    taken = 0
    game.screen.prompt(game.tick)
    while not game.finished:
        printed = game.screen.printed
        owed = int((now() - start) * speed) - taken
        if owed > 0:
            taken += owed
            game.advance(owed)
        if game.finished:
            break
        if game.screen.printed != printed:
            game.screen.prompt(game.tick)
        wait = (taken + 1) / speed - (now() - start)
        for line in lines.poll(wait):
            game.screen.line_entered()
            execute(game, line)
            if game.finished:
                break
            game.screen.prompt(game.tick)
        if lines.eof and not game.finished:
            game.screen.line_entered()
            game.run_out()
