"""Where warroom keeps a user's files: recordings and the history under the platform's user
data folder, settings under its config folder; small JSON files are written whole or not at all."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs

APP = "warroom"


def data_dir() -> Path:
    """The user data folder (``~/.local/share/warroom`` on Linux; honours ``XDG_DATA_HOME``)."""
    return Path(platformdirs.user_data_dir(APP))


def config_dir() -> Path:
    """The user config folder (``~/.config/warroom`` on Linux; honours ``XDG_CONFIG_HOME``)."""
    return Path(platformdirs.user_config_dir(APP))


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as JSON to ``path`` whole, then rename it into place: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    temporary.replace(path)


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
