"""Where warroom keeps a user's files: recordings go under the platform's user data folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import platformdirs

APP = "warroom"


def data_dir() -> Path:
    """The user data folder (``~/.local/share/warroom`` on Linux; honours ``XDG_DATA_HOME``)."""
    return Path(platformdirs.user_data_dir(APP))


def recordings_dir() -> Path:
    """Where recordings are written when ``--record`` is not given."""
    return data_dir() / "recordings"


def default_recording(scenario_id: str, seed: int, now: datetime | None = None) -> Path:
    """A fresh recording path: ``<scenario>-<seed>-<YYYYmmdd-HHMMSS>.jsonl`` (never an existing file).

    The wall clock only names the file; the engine never sees it.
    """
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    folder = recordings_dir()
    path = folder / f"{scenario_id}-{seed}-{stamp}.jsonl"
    number = 2
    while path.exists():
        path = folder / f"{scenario_id}-{seed}-{stamp}-{number}.jsonl"
        number += 1
    return path
