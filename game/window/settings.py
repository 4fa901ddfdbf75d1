"""Player settings, kept between games in the user config folder (a small JSON file)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from ..paths import config_dir, write_json
from .theme import PALETTES, SCALES

SPEEDS = (1, 2, 4, 8, 16)


@dataclass
class Settings:
    """What the player chose on the settings screen."""

    palette: str = "colour-blind safe"
    ui_scale: float = 1.0
    sound: bool = True
    practice_speed: int = 1

    def cleaned(self) -> Settings:
        """The same settings with anything unknown replaced by its default."""
        default = Settings()
        return Settings(
            palette=self.palette if self.palette in PALETTES else default.palette,
            ui_scale=self.ui_scale if self.ui_scale in SCALES else default.ui_scale,
            sound=bool(self.sound),
            practice_speed=self.practice_speed if self.practice_speed in SPEEDS else default.practice_speed,
        )


def settings_path() -> Path:
    """Where settings are kept (``~/.config/warroom/settings.json`` on Linux)."""
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """The saved settings, or the defaults when there are none (or the file is damaged)."""
    target = path or settings_path()
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        known = {f.name for f in fields(Settings)}
        return Settings(**{k: v for k, v in data.items() if k in known}).cleaned()
    except (OSError, ValueError, TypeError):
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Keep the settings for next time."""
    write_json(path or settings_path(), asdict(settings))
