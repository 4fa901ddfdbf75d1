"""Scoring is a pure function of the scenario and the event log, and every point is a ledger line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from warroom.engine import (
    CancelAction,
    CommandError,
    DeclareResolved,
    Event,
    RequestHint,
    Simulation,
    StartAction,
    score,
)
from warroom.engine import events as ev
from warroom.engine.actions import ACTIONS
from warroom.engine.actions.kit import PIPELINE_SUFFIX
from warroom.engine.scoring import DIMENSIONS, GRADES

from . import kit
from .kit import SETUP, TABLE, fuzz_settings, of, run_until


def check_ledger(card: Any) -> None:
    """Every point is a ledger line: 100 plus a dimension's lines is its score (unless clamped)."""
    for dimension in DIMENSIONS:
        total = 100 + sum(line.points for line in card.ledger if line.dimension == dimension)
        value = getattr(card, dimension)
        if total <= 0:
            assert value == 0
        elif total >= 100:
            assert value == 100
        else:
            assert value == pytest.approx(round(total, 1), abs=1e-9)
    assert all(line.points != 0 and line.reason for line in card.ledger)
    assert [line.tick for line in card.ledger] == sorted(line.tick for line in card.ledger)
    assert card.grade == next(letter for floor, letter in GRADES if card.total >= floor)


def roundtrip(events: list[Event]) -> list[Event]:
    return [Event.from_json(json.loads(json.dumps(e.to_json()))) for e in events]


HINTS = [{"text": "Look at the deployment.", "cost": 5}, {"text": "Roll it back.", "cost": 10, "after": "5m"}]
CANARY = {
    "id": "canary",
    "at": 60,
    "fault": "canary_regression",
    "target": "orders-dg",
    "params": {"version": "2", "error_rate": 0.4},
}


@pytest.fixture(scope="module")
def canary() -> Any:
    arch = kit.kitchen_arch()
    kit.node_spec(arch, "orders-dg")["config"]["alarms"] = []  # nothing stops it but the player
    return kit.load(kit.kitchen_scenario(architecture=arch, injects=[CANARY], hints=HINTS))


def played(scenario: Any, script: list[tuple[int, Any]], end: int | None = None) -> Simulation:
    sim = Simulation(scenario, 4)
    for tick, command in script:
        run_until(sim, tick)
        sim.submit(command)
    if end is not None and not sim.ended:
        run_until(sim, end)
        sim.submit(DeclareResolved())
    run_until(sim, sim.duration)
    return sim


FIX = [
    (120, StartAction("describe_deployment", "orders-dg")),
    (160, StartAction("declare_incident")),
    (160, StartAction("rollback_deployment", "orders-dg")),
    (240, StartAction("post_status_update")),
]


def test_score_is_a_pure_function_of_the_log(canary: Any) -> None:
    sim = played(canary, FIX, end=900)
    first, second = score(sim.model, sim.log), score(sim.model, list(sim.log))
    assert first.to_json() == second.to_json()
    assert score(sim.model, roundtrip(sim.log)).to_json() == first.to_json()
    check_ledger(first)


def test_a_fixed_incident_beats_an_ignored_one(canary: Any) -> None:
    fixed = score(canary.model, played(canary, FIX, end=900).log)
    ignored = score(canary.model, played(canary, []).log)
    assert fixed.resolved and not ignored.resolved
    assert fixed.recovery > ignored.recovery + 20
    assert fixed.cost >= ignored.cost
    assert any("not resolved" in line.reason for line in ignored.ledger)
    (outcome,) = fixed.faults
    assert outcome.discovered is not None and outcome.resolved is not None and not outcome.active_at_end


def test_declaring_over_while_a_fault_is_active_costs_recovery(canary: Any) -> None:
    early = score(canary.model, played(canary, [], end=300).log)
    (line,) = [line for line in early.ledger if line.reason.startswith("declared the incident over while canary")]
    assert line.dimension == "recovery" and line.points == -15 and line.tick == 300
    assert early.facts["end_reason"].startswith("declared over")
    waited = score(canary.model, played(canary, []).log)
    assert not [line for line in waited.ledger if line.reason.startswith("declared")]
    fixed = score(canary.model, played(canary, FIX, end=900).log)
    assert not [line for line in fixed.ledger if line.reason.startswith("declared")]


def test_ending_early_does_not_stop_the_clock_on_a_broken_system(canary: Any) -> None:
    early = score(canary.model, played(canary, [], end=300).log)
    assert early.facts["horizon"] == canary.model.clock.duration
    assert early.facts["bad_minutes"] > 0


def test_hints_cost_what_they_say(canary: Any) -> None:
    sim = played(canary, [(100, RequestHint())])
    early = Simulation(canary, 4)
    early.submit(RequestHint())
    with pytest.raises(CommandError, match="no hint is available yet"):
        early.submit(RequestHint())  # the second one only after 5 minutes
    lines = [line for line in score(sim.model, sim.log).ledger if line.reason == "took a hint"]
    assert [(line.tick, line.points) for line in lines] == [(100, -5)]
    (shown,) = of(sim.log, ev.HintShown)
    assert shown.visible and shown.text == HINTS[0]["text"]


def test_costs_are_ledger_lines_in_dollars(canary: Any) -> None:
    sim = played(canary, [(100, StartAction("page_responder"))])
    card = score(sim.model, sim.log)
    (paid,) = [line for line in card.ledger if "paid for by actions" in line.reason]
    assert paid.dimension == "cost" and paid.reason.startswith("$200.00")
    assert card.facts["action_costs"] == 200.0
    assert str(paid).startswith(f"{paid.points:+.1f} cost at ")


def test_a_quiet_game_scores_full_marks() -> None:
    sim = played(kit.load(kit.kitchen_scenario()), [])
    card = score(sim.model, sim.log)
    assert (card.recovery, card.cost, card.compliance, card.grade) == (100, 100, 100, "A")
    assert card.ledger == [] and card.faults == [] and card.resolved
    assert card.facts["follow_ups"]  # the rules it broke from the start are listed, not charged


def test_an_interrupted_game_can_be_scored(canary: Any) -> None:
    sim = Simulation(canary, 4)
    run_until(sim, 400)
    card = score(sim.model, sim.log)
    assert card.facts["end_reason"] == "interrupted"
    check_ledger(card)


# -- random play -------------------------------------------------------------------------------
POOL = sorted(
    {a.removesuffix(PIPELINE_SUFFIX) for a in ACTIONS.ids()} | {a for a in ACTIONS.ids() if a.endswith(PIPELINE_SUFFIX)}
)


def command_for(sim: Simulation, action_id: str) -> StartAction:
    action = ACTIONS.get(action_id)
    entry = TABLE.get(action_id.removesuffix(PIPELINE_SUFFIX))
    if entry:
        return StartAction(action_id, *entry)
    targets = sim.targets_for(action) if action.needs_target else [None]
    return StartAction(action_id, targets[len(action_id) % len(targets)], {})


@pytest.fixture(scope="module")
def busy() -> Any:
    injects = [
        *SETUP,
        {
            "id": "rule",
            "at": 200,
            "fault": "eventbridge_rule_silent",
            "target": "fulfil-rule",
            "params": {"mode": "permission"},
        },
    ]
    return kit.load(kit.kitchen_scenario(injects=injects, hints=HINTS, customers={"errors": ["broken"]}))


@fuzz_settings(25)
@given(
    steps=st.lists(st.tuples(st.integers(0, 240), st.sampled_from([*POOL, "hint", "cancel"])), max_size=12),
    end=st.one_of(st.none(), st.integers(300, 1800)),
    seed=st.integers(0, 1000),
)
def test_random_play_keeps_the_score_honest(busy: Any, steps: list[tuple[int, str]], end: int | None, seed: int):
    sim = Simulation(busy, seed)
    for wait, what in steps:
        sim.advance(wait)
        if sim.ended:
            break
        try:
            if what == "hint":
                sim.submit(RequestHint())
            elif what == "cancel":
                sim.submit(cancel_one(sim))
            else:
                sim.submit(command_for(sim, what))
        except CommandError:
            pass  # refused commands are fine; anything else is a bug
        if end is not None and sim.tick >= end:
            sim.submit(DeclareResolved())
            break
    sim.advance(sim.duration)
    assert sim.ended
    card = score(sim.model, sim.log)
    check_ledger(card)
    assert score(sim.model, roundtrip(sim.log)).to_json() == card.to_json()
    assert all(0 <= getattr(card, d) <= 100 for d in DIMENSIONS)
    assert card.resolved == all(not sim.faults[k].active for k in sim.faults)


def cancel_one(sim: Simulation) -> CancelAction:
    """Cancel the player's oldest action in flight (or one that does not exist)."""
    mine = sorted(n for n, flight in sim.inflight.items() if flight.by == "player")
    return CancelAction(mine[0] if mine else 999)
