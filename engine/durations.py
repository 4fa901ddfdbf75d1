"""Durations as players and authors write them (``90s``, ``5m``, ``1h30m``) and clock display.

One tick is one simulated second (DESIGN §3), so a parsed duration is a whole number of ticks.
"""

from __future__ import annotations

import re

_PART = re.compile(r"(\d+)\s*(d|h|m|s)")
_WHOLE = re.compile(r"^\s*(?:\d+\s*[dhms]\s*)+$")
_UNIT_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_duration(text: str | int) -> int:
    """Return the number of ticks in ``text``.

    Accepts a bare integer (seconds) or unit parts in any combination: ``90s``, ``5m``,
    ``1h``, ``2m30s``, ``30d``. Raises ``ValueError`` with the accepted forms when it cannot parse.
    """
    if isinstance(text, bool):
        raise ValueError("expected a duration such as 90s, 5m or 1h, not a boolean")
    if isinstance(text, int):
        if text < 0:
            raise ValueError("a duration cannot be negative")
        return text
    if not isinstance(text, str):
        raise ValueError(f"expected a duration such as 90s, 5m or 1h, got {text!r}")
    stripped = text.strip()
    if stripped.isdigit():
        return int(stripped)
    if not _WHOLE.match(stripped):
        raise ValueError(f"{text!r} is not a duration; write it like 90s, 5m, 1h or 2m30s")
    return sum(int(n) * _UNIT_SECONDS[unit] for n, unit in _PART.findall(stripped))


def format_clock(ticks: int) -> str:
    """Format ticks as ``MM:SS`` (or ``H:MM:SS`` past an hour), as an incident clock reads."""
    sign = "-" if ticks < 0 else ""
    ticks = abs(ticks)
    hours, rest = divmod(ticks, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
    return f"{sign}{minutes:02d}:{seconds:02d}"


def format_duration(ticks: int) -> str:
    """Format ticks the way they are written in scenarios: ``90s`` → ``1m30s``."""
    if ticks == 0:
        return "0s"
    parts = []
    for unit, size in _UNIT_SECONDS.items():
        count, ticks = divmod(ticks, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)
