"""What each bundled scenario teaches, as outcomes: the pipeline fix wins, the console fix
drifts and comes back, the tempting wrong fix costs compliance or money for stated reasons,
and doing nothing is far worse."""

from __future__ import annotations

import pytest
from scripted import CONSOLE, NEXT_RELEASE, RIGHT, SCENARIOS, SEED, VARIANTS, WRONG
from warroom.engine import bundled_ids
from warroom.engine import events as ev
from warroom.engine.scoring import ScoreCard


@pytest.fixture(scope="module")
def games() -> dict:
    """Finished games of this module, by (scenario, script name): each is played once."""
    return {}


@pytest.fixture
def game(load, play, games):
    """Play (or recall) a named script of a scenario: "right", "console", "nothing" or a wrong fix."""

    def run(scenario_id: str, name: str):
        key = (scenario_id, name)
        if key not in games:
            script = {"right": RIGHT, "console": CONSOLE}.get(name, {}).get(scenario_id)
            if name == "nothing":
                script = []
            elif script is None:
                script = WRONG[scenario_id][name][0]
            games[key] = play(load(scenario_id), script, seed=SEED)
        return games[key]

    return run


def reasons(card: ScoreCard, dimension: str | None = None) -> list[str]:
    """The reasons of the ledger lines that cost points (in one dimension, or all)."""
    return [line.reason for line in card.ledger if line.points < 0 and dimension in (None, line.dimension)]


def test_every_bundled_scenario_has_scripted_plays():
    assert sorted(SCENARIOS) == bundled_ids()


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_bundled_scenario_loads_cleanly(load, scenario_id):
    scenario = load(scenario_id)
    assert scenario.warnings == []
    assert any(page.outdated for page in scenario.model.runbook)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_right_fix_resolves_every_fault(game, scenario_id):
    card = game(scenario_id, "right").card
    assert card.resolved
    assert card.recovery >= 80
    assert all(f.discovered is not None for f in card.faults)
    assert "change-outside-pipeline" not in " ".join(reasons(card))


@pytest.mark.parametrize(
    ("scenario_id", "variant"), [(s, v) for s in sorted(VARIANTS) for v in sorted(VARIANTS[s])], ids=str
)
def test_every_variant_has_a_right_fix_and_the_picked_variants_fix_does_not_do(load, play, scenario_id, variant):
    """Variants are different incidents behind the same symptoms: each one's fix resolves it,
    and the fix of the variant the seed picks does not."""
    scenario = load(scenario_id)
    assert set(VARIANTS[scenario_id]) | {scenario.model.pick_variant(SEED)} == set(scenario.model.variant_ids())
    right = play(scenario, VARIANTS[scenario_id][variant], seed=SEED, variant=variant).card
    assert right.resolved and right.recovery >= 80
    assert "change-outside-pipeline" not in " ".join(reasons(right))
    other = play(scenario, RIGHT[scenario_id], seed=SEED, variant=variant).card
    assert not other.resolved


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_doing_nothing_is_far_worse(game, scenario_id):
    right, nothing = game(scenario_id, "right").card, game(scenario_id, "nothing").card
    assert not nothing.resolved
    assert nothing.recovery <= right.recovery - 40
    assert any(r.startswith("never found the cause") for r in reasons(nothing, "recovery"))


@pytest.mark.parametrize(("scenario_id", "wrong"), [(s, name) for s in SCENARIOS for name in WRONG[s]], ids=str)
def test_tempting_wrong_fix_costs_and_says_why(game, scenario_id, wrong):
    right, bad = game(scenario_id, "right").card, game(scenario_id, wrong).card
    assert bad.compliance < right.compliance or bad.cost < right.cost
    assert bad.total < right.total
    said = " | ".join(reasons(bad))
    for why in WRONG[scenario_id][wrong][1]:
        assert why in said


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_console_fix_is_fast_but_changes_production_by_hand(game, scenario_id):
    right, console = game(scenario_id, "right"), game(scenario_id, "console")
    assert any(r.startswith("change-outside-pipeline") for r in reasons(console.card, "compliance"))
    assert console.card.compliance < right.card.compliance
    assert not console.card.resolved
    assert console.card.total < right.card.total


@pytest.mark.parametrize("scenario_id", sorted(NEXT_RELEASE))
def test_console_fix_drifts_and_the_next_release_brings_the_fault_back(game, scenario_id):
    played = game(scenario_id, "console")
    log = played.sim.log
    release, starts = NEXT_RELEASE[scenario_id]
    fixed = next(e for e in log if isinstance(e, ev.FaultResolved) and "(player)" in e.by)
    drifted = [
        e
        for e in log
        if isinstance(e, ev.ViolationOpened)
        and e.rule == "cloudformation-stack-drift-detection-check"
        and e.by_player
        and e.tick == fixed.tick
    ]
    assert drifted, "the console fix should leave the resource drifted from its template"
    teammate = next(e for e in log if isinstance(e, ev.ActionCompleted) and e.action == release)
    assert teammate.by.startswith("npc:") and teammate.tick > starts
    back = [e for e in log if isinstance(e, ev.FaultReactivated) and e.tick > fixed.tick]
    assert [e.fault for e in back] == [fixed.fault]
    assert back[0].tick == teammate.tick and "npc:" in back[0].by
    assert any(r == f"{fixed.fault} not resolved: its root cause was still there" for r in reasons(played.card))


@pytest.mark.parametrize("scenario_id", sorted(NEXT_RELEASE))
def test_pipeline_fix_survives_the_next_release(game, scenario_id):
    played = game(scenario_id, "right")
    release, starts = NEXT_RELEASE[scenario_id]
    log = played.sim.log
    assert any(isinstance(e, ev.ActionCompleted) and e.action == release and e.by.startswith("npc:") for e in log)
    assert not [e for e in log if isinstance(e, ev.FaultReactivated) and e.tick >= starts]


def test_console_fix_of_the_web_tier_leaves_three_hand_edits(game):
    played = game("drifted-web-tier", "console")
    sim, card = played.sim, played.card
    assert sim.availability == 1.0  # the shop is back ...
    assert "ingress" in sim.world.nodes["web-sg"].drift()  # ... and web-sg is still not what the template says
    open_at_end = {f.key for f in card.faults if f.active_at_end}
    assert "debug-ssh" in open_at_end
    said = " | ".join(reasons(card, "compliance"))
    assert "restricted-ssh left open" in said


def test_pipeline_revert_of_the_web_tier_closes_the_ssh_hole_too(game):
    played = game("drifted-web-tier", "right")
    sim = played.sim
    assert sim.world.nodes["web-sg"].drift() == {}
    assert ("restricted-ssh", "web-sg") not in sim.violations
    assert sim.world.nodes["stack-drift-check"].status["results"]["web-stack"]["compliance"] == "COMPLIANT"
    assert played.card.compliance == 100


def test_replay_before_the_fix_redoes_nothing(load, play):
    played = play(load("orders-go-quiet"), [(200, "replay_archived_events", "orders-bus", {})], seed=SEED)
    log = played.sim.log
    assert not [e for e in log if isinstance(e, ev.WorkRecovered)]
    done = next(e for e in log if isinstance(e, ev.ActionCompleted) and e.action == "replay_archived_events")
    assert "failed again" in done.summary


def test_replay_after_the_fix_recovers_the_lost_orders(game):
    card = game("orders-go-quiet", "right").card
    assert card.facts["kpi_lost"] == 0
    assert not [line for line in card.ledger if "orders fulfilled" in line.reason]


def test_inherited_drift_is_old_news_to_aws_config(load, play):
    played = play(load("drifted-web-tier"), [(120, "check_config_compliance", None, {}), (200, "end", None, {})])
    log = played.sim.log
    assert not [e for e in log if isinstance(e, ev.ConfigComplianceChanged)]  # flagged days ago, not news
    done = next(e for e in log if isinstance(e, ev.ActionCompleted) and e.action == "check_config_compliance")
    lines = " | ".join(done.findings[0].lines)
    assert "NON_COMPLIANT web-sg: web-sg allows port 22 from 0.0.0.0/0" in lines
    assert "NON_COMPLIANT web-stack: Stack drift status is DRIFTED" in lines
    found = [e for e in log if isinstance(e, ev.FaultDiscovered)]
    assert [(e.fault, e.how.split(" ")[0]) for e in found] == [("debug-ssh", "check_config_compliance")]


def test_the_stack_level_drift_verdict_is_a_signal_not_a_second_charge(game):
    for name in ("right", "console", "nothing"):
        assert not [r for r in reasons(game("drifted-web-tier", name).card) if "drift-status" in r]


def test_declaring_over_does_not_stop_the_world(load, play):
    """A hand fix declared over early still meets the teammate's release that undoes it."""
    played = play(load("canary-checkout"), [*CONSOLE["canary-checkout"], (700, "end", None, {})], seed=SEED)
    log = played.sim.log
    ended = next(e for e in log if isinstance(e, ev.GameEnded))
    assert ended.tick == 700 and played.sim.tick == played.sim.duration
    assert [e.fault for e in log if isinstance(e, ev.FaultReactivated) and e.tick > 700] == ["bad-release"]
    said = reasons(played.card, "recovery")
    assert "bad-release not resolved: its root cause was still there" in said
    assert "declared the incident over while blind-alarm was active" in said  # bad-release was fixed by then


def test_the_team_does_not_see_what_happens_after_it_declared_over(load):
    from warroom.engine import DeclareResolved, Simulation

    sim = Simulation(load("canary-checkout"), SEED)
    sim.advance(60)
    shown = sim.submit(DeclareResolved())
    assert [type(e).__name__ for e in shown] == ["GameEnded"]
    assert any(isinstance(e, ev.MessageReceived) and e.tick > 60 for e in sim.log)  # the world went on


def test_a_fix_that_lands_through_a_deployment_is_credited_to_the_action_that_started_it(game):
    """The canary's pipeline revert finishes at once; CodeDeploy then shifts traffic back over
    minutes. The release is resolved when it does — and by the revert, not by "the system"."""
    log = game("canary-checkout", "right").sim.log
    revert = next(e for e in log if isinstance(e, ev.ActionStarted) and e.action == "pipeline_revert")
    done = next(e for e in log if isinstance(e, ev.ActionCompleted) and e.number == revert.number)
    resolved = next(e for e in log if isinstance(e, ev.FaultResolved) and e.fault == "bad-release")
    assert resolved.tick > done.tick, "the deployment ends after the action"
    assert resolved.action == revert.number and resolved.by == f"action #{revert.number} (player)"
