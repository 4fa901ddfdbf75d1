"""Seeking in a recorded game (engine/timeline.py), forking a new game from a moment of it
(Session.fork) and the truth a replay may show (engine/truth.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from warroom.engine import (
    DeclareResolved,
    LoadedScenario,
    Recording,
    StartAction,
    Timeline,
    read_recording,
    replay,
    resolve,
    snapshot,
    truth,
    verify,
)
from warroom.engine.session import Session

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
RECORDINGS = sorted(p.name for p in GOLDEN.glob("*.jsonl"))


@pytest.fixture(scope="module", params=RECORDINGS)
def golden(request: pytest.FixtureRequest) -> tuple[Recording, LoadedScenario, Timeline]:
    """A golden recording, its scenario, and its timeline (built once per module)."""
    recording = read_recording(GOLDEN / request.param)
    scenario = resolve(str(recording.header["scenario"]))
    return recording, scenario, Timeline(recording, scenario)


def declared_at(recording: Recording) -> int:
    return next(t for t, c, _ in recording.commands if isinstance(c, DeclareResolved))


def test_the_timeline_plays_the_whole_game_and_finds_no_difference(golden: Any) -> None:
    recording, scenario, timeline = golden
    whole = verify(recording, scenario)
    assert timeline.mismatch is None
    assert timeline.end == timeline.final.duration  # through the run-out, to the time limit
    assert timeline.final.digest() == whole.sim.digest()
    assert timeline.final.log == whole.sim.log
    assert timeline.checkpoints == list(range(0, timeline.end + 1, 60))


def test_seeking_anywhere_in_any_order_shows_what_the_player_saw_then(golden: Any) -> None:
    recording, scenario, timeline = golden
    declared = declared_at(recording)  # replay(until=...) cannot stop in the run-out; seeking can
    command_ticks = [t for t, _, _ in recording.commands[:-1]]
    for tick in [t for t in [900, 61, 0, *command_ticks, 60, 59, 1200, 1199, 30] if t < declared]:
        expected = replay(recording, scenario, until=tick).sim
        seen = timeline.at(tick)
        assert seen.tick == tick
        assert snapshot(seen) == snapshot(expected), tick
        assert seen.digest() == expected.digest(), tick


def test_after_the_declaration_the_world_plays_on_tick_by_tick(golden: Any) -> None:
    recording, _, timeline = golden
    declared = declared_at(recording)
    middle = (declared + timeline.end) // 2
    sim = timeline.at(middle)
    assert sim.ended and sim.ended_at == declared and sim.tick == middle
    assert all(e.tick <= middle for e in sim.log)
    assert timeline.at(timeline.end).digest() == timeline.final.digest()


def test_what_a_caller_does_to_a_state_never_changes_the_timeline(golden: Any) -> None:
    _, _, timeline = golden
    before = snapshot(timeline.at(120))
    timeline.at(120).submit(StartAction("declare_incident", None, {"severity": "SEV1"}))
    timeline.at(700)
    assert snapshot(timeline.at(120)) == before


def test_a_tampered_checkpoint_is_named_by_the_timeline(tmp_path: Path) -> None:
    lines = (GOLDEN / RECORDINGS[0]).read_text(encoding="utf-8").splitlines()
    data = [json.loads(line) for line in lines]
    (checkpoint,) = [d for d in data if d["type"] == "digest" and d["tick"] == 240]
    checkpoint["digest"] = "0" * 64
    path = tmp_path / "tampered.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in data), encoding="utf-8")
    recording = read_recording(path)
    assert Timeline(recording, resolve(str(recording.header["scenario"]))).mismatch == 240


def test_an_unfinished_game_ends_where_its_recording_does(tmp_path: Path) -> None:
    scenario = resolve("canary-checkout")
    session = Session.start(scenario, 3, tmp_path / "left.jsonl", "canary-checkout")
    session.advance(200)
    session.submit(StartAction("describe_deployment", "checkout-dg"))
    session.advance(50)
    session.close()
    timeline = Timeline(read_recording(tmp_path / "left.jsonl"), scenario)
    assert timeline.end == 250 and not timeline.final.ended
    assert timeline.at(10_000).tick == 250


# -- forking ----------------------------------------------------------------------------------
def test_a_fork_takes_over_at_a_tick_and_records_a_game_that_verifies_on_its_own(tmp_path: Path) -> None:
    parent = read_recording(GOLDEN / "canary-checkout-right.jsonl")
    scenario = resolve("canary-checkout")
    fork_at = 700
    session = Session.fork(scenario, parent, fork_at, tmp_path / "fork.jsonl", {"player": "second"})
    assert session.sim.digest() == Timeline(parent, scenario).at(fork_at).digest()
    session.submit(StartAction("declare_incident", None, {"severity": "SEV1"}))  # a different move
    session.advance(60)
    session.declare_over("second")
    child = read_recording(tmp_path / "fork.jsonl")
    assert child.header["parent"] == {"file": str((GOLDEN / "canary-checkout-right.jsonl").resolve()), "tick": 700}
    assert child.header["player"] == "second" and child.header["seed"] == parent.header["seed"]
    kept = [(t, c) for t, c, _ in parent.commands if t <= fork_at]
    assert [(t, c) for t, c, _ in child.commands][: len(kept)] == kept
    assert verify(child, scenario).ok
    assert child.end is not None and child.end["score"] != parent.end["score"]


def test_a_fork_after_the_game_was_over_is_refused(tmp_path: Path) -> None:
    parent = read_recording(GOLDEN / "canary-checkout-right.jsonl")
    with pytest.raises(ValueError, match="was over"):
        Session.fork(resolve("canary-checkout"), parent, declared_at(parent), tmp_path / "late.jsonl")


# -- the truth --------------------------------------------------------------------------------
def test_the_truth_names_the_broken_resources_that_the_snapshot_never_shows() -> None:
    recording = read_recording(GOLDEN / "canary-checkout-right.jsonl")
    timeline = Timeline(recording, resolve("canary-checkout"))
    release = next(e.tick for e in timeline.final.log if type(e).__name__ == "FaultInjected" and e.tick > 0)
    before = truth(timeline.at(release - 1))
    assert not before["checkout-dg"].faults and before["checkout-fn"].healthy
    during = truth(timeline.at(release + 120))
    assert during["checkout-dg"].faults == ("bad-release: canary_regression",)
    assert during["checkout-fn"].ok < 1.0 and "version 42" in during["checkout-fn"].causes[0]
    assert all(alarm.state != "ALARM" for alarm in snapshot(timeline.at(release + 120)).alarms)  # nobody knows
