"""Golden recordings: the right-fix games of three bundled scenarios replay exactly, and a
tampered copy is caught — at the tick of the changed command, or at the score.

When the engine or a scenario changes on purpose, run ``tests/golden/regenerate.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from scripted import GOLDEN
from warroom.engine import read_recording, verify

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden"
REGENERATE = "recorded games differ from the engine: if that is intended, run tests/golden/regenerate.py"


def golden(scenario_id: str) -> Path:
    return GOLDEN_DIR / f"{scenario_id}-right.jsonl"


def lines_of(scenario_id: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in golden(scenario_id).read_text(encoding="utf-8").splitlines()]


def write(path: Path, lines: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(line, sort_keys=True, separators=(",", ":")) + "\n" for line in lines))
    return path


def _text(line: dict[str, Any]) -> dict[str, Any]:
    """Change the text of a status update."""
    line["command"]["params"]["text"] += " (edited)"
    return line


def _target(line: dict[str, Any]) -> dict[str, Any]:
    """Aim an action at another resource."""
    line["command"]["target"] = "org-trail"
    return line


TAMPER = {
    "params": (lambda c: c["action"] == "post_status_update" and "text" in c["params"], _text),
    "target": (lambda c: c.get("target") not in (None, "org-trail"), _target),
}


@pytest.mark.parametrize("scenario_id", GOLDEN)
def test_golden_recording_verifies(load, scenario_id):
    recording = read_recording(golden(scenario_id))
    assert recording.header["scenario_id"] == scenario_id
    assert recording.end is not None and recording.end["score"]["resolved"]
    result = verify(recording, load(scenario_id))
    assert result.ok, f"{result.message or f'first difference at tick {result.first_mismatch}'} — {REGENERATE}"
    assert result.score == recording.end["score"]


@pytest.mark.parametrize("change", sorted(TAMPER))
@pytest.mark.parametrize("scenario_id", GOLDEN)
def test_changed_command_fails_at_its_tick(load, tmp_path, scenario_id, change):
    lines = lines_of(scenario_id)
    wanted, edit = TAMPER[change]
    index = next(i for i, line in enumerate(lines) if line["type"] == "command" and wanted(line["command"]))
    lines[index] = edit(lines[index])
    result = verify(read_recording(write(tmp_path / "tampered.jsonl", lines)), load(scenario_id))
    assert not result.ok
    assert result.first_mismatch == lines[index]["tick"]


@pytest.mark.parametrize("scenario_id", GOLDEN)
def test_edited_final_score_is_detected(load, tmp_path, scenario_id):
    lines = lines_of(scenario_id)
    end = lines[-1]
    assert end["type"] == "end"
    end["score"]["total"] = min(end["score"]["total"] + 5, 100.0) if end["score"]["total"] < 100 else 95.0
    result = verify(read_recording(write(tmp_path / "boasting.jsonl", lines)), load(scenario_id))
    assert not result.ok
    assert result.first_mismatch is None
    assert "score" in result.message
