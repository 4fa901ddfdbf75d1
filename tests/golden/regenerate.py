"""Regenerate the golden recordings in this folder: ``<scenario>-right.jsonl``.

Each one is the right-fix game of a bundled scenario — the scripts in
``tests/scenarios/scripted.py`` — recorded by its ``record`` through a ``Session`` exactly
as a player's game is recorded: header, every command with the digest after it, a checkpoint
digest every simulated minute, and the final score.

The golden tests (``tests/scenarios/test_golden.py``) replay these files and fail when the
engine or a scenario no longer reproduces them, which is their job. When you change the
engine or a bundled scenario *on purpose*, regenerate, read the diff of the ``end`` lines (the
scores) to check the change did what you meant, and commit the new files:

    .venv/bin/python tests/golden/regenerate.py                    # every bundled scenario
    .venv/bin/python tests/golden/regenerate.py orders-go-quiet    # just one
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "scenarios"))

from scripted import GOLDEN, RIGHT, record  # noqa: E402


def golden_path(scenario_id: str) -> Path:
    """Where the golden recording of a scenario's right fix lives."""
    return HERE / f"{scenario_id}-right.jsonl"


def main(ids: list[str]) -> int:
    unknown = sorted(set(ids) - set(GOLDEN))
    if unknown:
        print(f"no golden recording for {', '.join(unknown)}; kept: {', '.join(GOLDEN)}", file=sys.stderr)
        return 2
    for scenario_id in ids or GOLDEN:
        path = golden_path(scenario_id)
        card = record(scenario_id, RIGHT[scenario_id], path).score()
        print(
            f"{path.relative_to(HERE.parent.parent)}: recovery {card.recovery} cost {card.cost} "
            f"compliance {card.compliance} total {card.total} ({card.grade})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
