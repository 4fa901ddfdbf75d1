"""Every bundled scenario, played through the terminal with its right fix, ends resolved.

The scripts are the ones the outcome tests use (tests/scenarios/scripted.py), typed at the
`warroom play` prompt as a player would: `wait` until the step's time, then `do ...`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import scripted


def typed(script: list[tuple[int, str, str | None, dict]]) -> str:
    """The terminal input that plays ``script``."""
    lines, now = [], 0
    for tick, action, target, params in script:
        if tick > now:
            lines.append(f"wait {tick - now}s")
            now = tick
        if action == "end":
            lines.append("end")
            break
        words = ["do", action, *([target] if target else [])]
        words += [f"{k}={json.dumps(v)}" for k, v in params.items()]
        lines.append(" ".join(words))
    return "\n".join(lines) + "\n"


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
