"""Every bundled scenario, played through the terminal with its right fix, ends resolved.

The scripts are the ones the outcome tests use (tests/scenarios/scripted.py), typed at the
`warroom play` prompt as a player would: `wait` until the step's time, then `do ...`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import scripted
from warroom.engine.solver import Move, Step
from warroom.game import autopilot


def typed(script: list[tuple[int, str, str | None, dict]]) -> str:
    """The terminal input that plays ``script`` (as the autopilot types a plan)."""
    plan = [
        Step(tick, None if action == "end" else Move.of(action, target, params))
        for tick, action, target, params in script
    ]
    return "\n".join(autopilot.typed(plan)) + "\n"


@pytest.mark.parametrize("scenario", scripted.SCENARIOS)
def test_right_fix_typed_at_the_prompt_resolves_the_incident(warroom, tmp_path: Path, scenario: str) -> None:
    record = tmp_path / f"{scenario}.jsonl"
    ran = warroom("play", scenario, "--seed", scripted.SEED, "--record", record, stdin=typed(scripted.RIGHT[scenario]))
    assert ran.code == 0, ran.err
    assert "Outcome: resolved" in ran.out
    end = json.loads(record.read_text().splitlines()[-1])
    assert end["type"] == "end"
    assert end["score"]["resolved"] is True
    assert end["score"]["recovery"] >= 80
