"""The player's best score per scenario, kept in the user data folder."""

from __future__ import annotations

import json
from pathlib import Path

from ..paths import data_dir, write_json


def scores_path() -> Path:
    """Where best scores are kept."""
    return data_dir() / "best-scores.json"


def best_scores(path: Path | None = None) -> dict[str, float]:
    """Scenario id → best total so far (empty when there is no file or it is damaged)."""
    try:
        data = json.loads((path or scores_path()).read_text(encoding="utf-8"))
        return {str(k): float(v) for k, v in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def record_score(scenario_id: str, total: float, path: Path | None = None) -> bool:
    """Keep ``total`` if it beats the best so far; whether it did."""
    target = path or scores_path()
    scores = best_scores(target)
    if total <= scores.get(scenario_id, -1.0):
        return False
    scores[scenario_id] = total
    write_json(target, scores)
    return True
