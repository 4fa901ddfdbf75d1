"""The solver: from the first signal it finds a plan that resolves the incident, scores at
least as well as the scripted right fix, is deterministic, and replays to its own score."""

from __future__ import annotations

import pytest
from scripted import RIGHT, SEED
from warroom.engine import Simulation, resolve
from warroom.engine import events as ev
from warroom.engine.solver import Move, Step, candidates, plan_score, solve

ORIGINALS = ("canary-checkout", "drifted-web-tier", "orders-go-quiet")


@pytest.fixture(scope="module")
def solved():
    """Solutions of the three original scenarios (solved once for the module)."""
    return {scenario_id: solve(resolve(scenario_id), SEED) for scenario_id in ORIGINALS}


def _as_plan(script) -> list[Step]:
    return [
        Step(tick, None if action == "end" else Move.of(action, target, params))
        for tick, action, target, params in script
    ]


@pytest.mark.parametrize("scenario_id", ORIGINALS)
def test_the_solver_resolves_the_incident_and_beats_the_scripted_right_fix(solved, play, load, scenario_id):
    solution = solved[scenario_id]
    right = play(load(scenario_id), RIGHT[scenario_id], seed=SEED).card
    assert solution.card.resolved
    assert solution.card.total >= right.total
    assert solution.stats.complete and solution.stats.forks > 0


@pytest.mark.parametrize("scenario_id", ORIGINALS)
def test_the_plan_replays_to_the_same_score(solved, scenario_id):
    solution = solved[scenario_id]
    assert plan_score(resolve(scenario_id), SEED, solution.plan).to_json() == solution.card.to_json()


def test_the_solver_is_deterministic(solved):
    again = solve(resolve("orders-go-quiet"), SEED)
    assert again.plan == solved["orders-go-quiet"].plan


@pytest.mark.parametrize("scenario_id", ORIGINALS)
def test_the_solver_waits_for_the_first_signal(solved, scenario_id):
    sim = Simulation(resolve(scenario_id), SEED)
    while not any(isinstance(e, ev.FirstSignal) for e in sim.log):
        sim.step()
    assert min(step.tick for step in solved[scenario_id].plan) >= sim.tick


def test_plans_round_trip_through_json(solved):
    plan = solved["canary-checkout"].plan
    assert [Step.from_json(step.to_json()) for step in plan] == plan


def test_candidates_aim_at_the_broken_part_with_parameters_read_from_state():
    sim = Simulation(resolve("canary-checkout"), SEED)
    sim.advance(540)
    moves = {str(m) for m in candidates(sim, set())}
    assert 'fix_alarm_iac checkout-errors qualifier="live" treat_missing_data="breaching"' in moves
    assert 'shift_alias checkout-fn percent=100.0 version="41"' in moves
    assert "pipeline_revert shop-pipeline group=null" in moves
    assert not any(m.startswith("describe_alarm api-cert") for m in moves)


def test_a_budget_cut_short_is_reported():
    solution = solve(resolve("canary-checkout"), SEED, budget=0.0)
    assert not solution.stats.complete


def test_a_scripted_plan_and_its_play_agree(play, load):
    script = RIGHT["orders-go-quiet"]
    assert plan_score(load("orders-go-quiet"), SEED, _as_plan(script)).total == (
        play(load("orders-go-quiet"), script, seed=SEED).card.total
    )
