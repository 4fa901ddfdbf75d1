"""Recordings: written as the game goes, verified by re-simulation, resumable after a crash."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from warroom.engine import CancelAction, DeclareResolved, StartAction, read_recording, replay, verify
from warroom.engine.recording import RecordingError
from warroom.engine.session import Session

from . import kit

INJECTS = [
    {"id": "canary", "at": 60, "fault": "canary_regression", "target": "orders-dg", "params": {"version": "2"}},
    {"id": "poison", "at": 90, "fault": "sqs_poison_message", "target": "orders-queue", "params": {}},
]
SCRIPT: list[tuple[int, Any]] = [
    (100, StartAction("describe_deployment", "orders-dg")),
    (150, StartAction("declare_incident", None, {"severity": "SEV2"})),
    (300, StartAction("inspect_queue", "orders-queue")),
    (310, StartAction("contributor_insights", "orders-table")),
    (320, CancelAction(4)),
    (500, StartAction("quarantine_message", "orders-queue")),
    (700, StartAction("post_status_update", None, {"text": "Fixed. Monitoring."})),
]
END = 900


@pytest.fixture(scope="module")
def scenario() -> Any:
    return kit.load(kit.kitchen_scenario(injects=INJECTS))


def play(session: Session, script: list[tuple[int, Any]], end: int | None = END) -> Session:
    for tick, command in script:
        session.advance(tick - session.sim.tick)
        session.submit(command)
    if end is not None:
        session.advance(end - session.sim.tick)
        session.declare_over()
    return session


@pytest.fixture
def recorded(tmp_path: Path, scenario: Any) -> tuple[Path, Session]:
    path = tmp_path / "game.jsonl"
    session = play(Session.start(scenario, 21, path, "kitchen-sink", {"player": "tester"}), SCRIPT)
    return path, session


def lines_of(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_lines(path: Path, lines: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


def test_a_recording_holds_header_commands_checkpoints_and_end(recorded: tuple[Path, Session]) -> None:
    path, session = recorded
    lines = lines_of(path)
    assert lines[0]["type"] == "header" and lines[0]["seed"] == 21 and lines[0]["player"] == "tester"
    assert lines[0]["scenario_sha256"] == session.sim.scenario.sha256
    commands = [line for line in lines if line["type"] == "command"]
    assert [line["tick"] for line in commands] == [t for t, _ in SCRIPT] + [END]
    assert [line["tick"] for line in lines if line["type"] == "digest"] == list(range(60, END + 1, 60))
    assert lines[-1]["type"] == "end" and lines[-1]["tick"] == END
    assert lines[-1]["score"] == session.score().to_json()


def test_a_recorded_game_verifies(recorded: tuple[Path, Session], scenario: Any) -> None:
    path, session = recorded
    result = verify(read_recording(path), scenario)
    assert result.ok, result.message
    assert result.first_mismatch is None
    assert result.sim.digest() == session.sim.digest()
    assert result.score == session.score().to_json()


def test_a_tampered_command_fails_at_its_tick(recorded: tuple[Path, Session], scenario: Any) -> None:
    path, _ = recorded
    lines = lines_of(path)
    (line,) = [x for x in lines if x["type"] == "command" and x["tick"] == 300]
    line["command"]["target"] = "orders-dlq"  # still a valid command, but not the one that was played
    write_lines(path, lines)
    result = verify(read_recording(path), scenario)
    assert not result.ok
    assert result.first_mismatch == 300


def test_a_command_moved_in_time_fails_where_it_diverges(recorded: tuple[Path, Session], scenario: Any) -> None:
    path, _ = recorded
    lines = lines_of(path)
    (line,) = [x for x in lines if x["type"] == "command" and x["tick"] == 150]
    line["tick"] = 140
    write_lines(path, lines)
    result = verify(read_recording(path), scenario)
    assert result.first_mismatch == 140


def test_a_tampered_checkpoint_fails_at_its_tick(recorded: tuple[Path, Session], scenario: Any) -> None:
    path, _ = recorded
    lines = lines_of(path)
    (line,) = [x for x in lines if x["type"] == "digest" and x["tick"] == 480]
    line["digest"] = "0" * 64
    write_lines(path, lines)
    assert verify(read_recording(path), scenario).first_mismatch == 480


def test_a_recorded_score_is_never_trusted(recorded: tuple[Path, Session], scenario: Any) -> None:
    path, session = recorded
    lines = lines_of(path)
    lines[-1]["score"]["total"] = 100.0
    lines[-1]["score"]["grade"] = "A"
    write_lines(path, lines)
    result = verify(read_recording(path), scenario)
    assert not result.ok
    assert result.first_mismatch is None and "score differs" in result.message
    assert result.score == session.score().to_json()


def test_a_recording_of_another_seed_or_scenario_does_not_verify(recorded: tuple[Path, Session], scenario: Any):
    path, _ = recorded
    lines = lines_of(path)
    lines[0]["seed"] = 22
    write_lines(path, lines)
    assert verify(read_recording(path), scenario).first_mismatch == 60
    lines[0]["seed"] = 21
    write_lines(path, lines)
    other = kit.load(kit.kitchen_scenario(injects=INJECTS, responders=4))
    result = verify(read_recording(path), other)
    assert not result.ok and "has changed since the recording was made" in result.message


def test_replay_can_stop_at_a_moment(recorded: tuple[Path, Session], scenario: Any) -> None:
    path, _ = recorded
    result = replay(read_recording(path), scenario, until=330)
    assert result.first_mismatch is None
    assert result.sim.tick == 330
    assert not result.sim.ended


def test_a_torn_last_line_is_tolerated_and_the_game_resumes(tmp_path: Path, scenario: Any) -> None:
    whole = play(Session.start(scenario, 21, tmp_path / "whole.jsonl", "kitchen-sink"), SCRIPT)
    crashed_at = 400
    path = tmp_path / "crashed.jsonl"
    before = [(t, c) for t, c in SCRIPT if t <= crashed_at]
    after = [(t, c) for t, c in SCRIPT if t > crashed_at]
    crashed = play(Session.start(scenario, 21, path, "kitchen-sink"), before, end=None)
    crashed.advance(crashed_at - crashed.sim.tick)
    crashed.recorder.close()  # a crash: the file is released, nothing more is written
    with path.open("a", encoding="utf-8") as handle:  # killed halfway through writing a line
        handle.write('{"type": "command", "tick": 4')
    recording = read_recording(path)
    assert recording.warnings and "torn last line" in recording.warnings[0]
    assert recording.last_tick == 360  # the last checkpoint it holds
    resumed = Session.resume(scenario, path)
    assert resumed.sim.tick == 360
    play(resumed, after)
    assert resumed.sim.digest() == whole.sim.digest()
    assert resumed.score().to_json() == whole.score().to_json()
    result = verify(read_recording(path), scenario)
    assert result.ok and not read_recording(path).warnings


def test_a_corrupt_line_in_the_middle_is_an_error_with_its_line_number(recorded: tuple[Path, Session]) -> None:
    path, _ = recorded
    text = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text[3] = text[3][: len(text[3]) // 2] + "\n"
    path.write_text("".join(text), encoding="utf-8")
    with pytest.raises(RecordingError) as info:
        read_recording(path)
    assert info.value.problems[0].line == 4


@pytest.mark.parametrize(
    "content",
    ["", "not json\n", '{"type": "command", "tick": 1}\n', '{"type": "header", "format": 999}\n'],
    ids=["empty", "not-json", "no-header", "wrong-format"],
)
def test_things_that_are_not_recordings_are_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RecordingError):
        read_recording(path)


def test_resuming_a_recording_that_does_not_replay_is_refused(recorded: tuple[Path, Session], scenario: Any):
    path, _ = recorded
    lines = lines_of(path)[:-1]  # an unfinished game ...
    for line in lines:
        if line["type"] == "digest" and line["tick"] == 240:
            line["digest"] = "f" * 64  # ... whose history was edited
    write_lines(path, lines)
    with pytest.raises(ValueError, match="first difference at tick 240"):
        Session.resume(scenario, path)


def test_a_declared_end_is_recorded_once(tmp_path: Path, scenario: Any) -> None:
    session = Session.start(scenario, 1, tmp_path / "g.jsonl", "kitchen-sink")
    session.advance(10)
    session.submit(DeclareResolved())
    session.advance(100)  # nothing happens after the end
    ends = [line for line in lines_of(tmp_path / "g.jsonl") if line["type"] == "end"]
    assert len(ends) == 1 and ends[0]["tick"] == 10
