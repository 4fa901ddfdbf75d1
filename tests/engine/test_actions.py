"""The action catalog: every action type runs on the kitchen sink; responders, cancelling,
refused commands, and the console-versus-pipeline difference."""

from __future__ import annotations

from typing import Any

import pytest
from warroom.engine import CancelAction, CommandError, DeclareResolved, RequestHint, Simulation, StartAction
from warroom.engine import events as ev
from warroom.engine.actions import ACTIONS
from warroom.engine.actions.kit import PIPELINE_SUFFIX

from . import kit
from .kit import SETUP, TABLE, act, fresh, of, run_until, start

START = 400


@pytest.fixture(scope="module")
def busy() -> Any:
    return kit.load(kit.kitchen_scenario(injects=SETUP, clock={"duration": "1h"}))


def target_and_params(sim: Simulation, action_id: str) -> tuple[str | None, dict[str, Any]]:
    action = ACTIONS.get(action_id)
    entry = TABLE.get(action_id.removesuffix(PIPELINE_SUFFIX))
    if entry:
        return entry
    if not action.needs_target:
        return None, {}
    return sim.targets_for(action)[0], {}


@pytest.mark.parametrize("action_id", ACTIONS.ids())
def test_every_action_runs_to_completion(busy: Any, action_id: str) -> None:
    sim = Simulation(busy, 3)
    run_until(sim, START)
    target, params = target_and_params(sim, action_id)
    action = ACTIONS.get(action_id)
    if action.needs_target or target is not None:
        assert target is not None and action.applies_to(sim, target)
    before = dict(sim.violations)
    outcome = act(sim, action_id, target, params)
    assert isinstance(outcome, ev.ActionCompleted), outcome
    assert outcome.action == action_id and outcome.target == target
    assert outcome.summary
    (started,) = of(sim.log, ev.ActionStarted, number=outcome.number)
    assert outcome.tick == started.ends_at  # it took the time it said it would
    if action.family == "investigate":
        assert outcome.findings, "an investigation reports what it saw"
        assert sim.violations == before, "an investigation changes nothing that matters to compliance"
    sim.advance(60)  # whatever it set in motion keeps running without errors


@pytest.mark.parametrize("action_id", [a for a in ACTIONS.ids() if ACTIONS.get(a).cost_cents])
def test_actions_with_a_price_are_charged_when_they_complete(busy: Any, action_id: str) -> None:
    sim = Simulation(busy, 3)
    run_until(sim, START)
    outcome = act(sim, action_id, *target_and_params(sim, action_id))
    (charge,) = of(sim.log, ev.Charged)
    assert charge.tick == outcome.tick
    assert charge.cents == ACTIONS.get(action_id).cost_cents


@pytest.mark.parametrize(
    ("action_id", "target", "params", "reason"),
    [
        ("rollback_deployment", "web-dg", {}, "no deployment to roll back"),
        ("retry_deployment", "web-dg", {}, "no deployment to retry"),
        ("redrive_dlq", "orders-queue", {}, "not the dead-letter queue"),
        ("quarantine_message", "orders-dlq", {}, "keeps failing"),
        ("reimport_certificate", "legacy-cert", {}, "Amazon-issued"),
        ("s3_batch_replication", "artifacts-bucket", {}, "no replication rule"),
        ("fix_alarm", "orders-errors", {}, "say what to change"),
        ("enable_rule_iac", "legacy-rule", {}, None),
        ("revert_by_hand", "sessions", {}, "not managed by a stack"),
        ("iac_revert_drift", "deploy-user", {}, "not managed by a stack"),
        ("set_redrive_policy", "orders-queue", {"dlq": "orders-queue"}, "is not another SQS queue"),
        ("grant_permission", "orders-role", {"action": "s3:*", "resource": "receipts-bucket"}, "wildcards"),
        ("shift_alias", "orders-fn", {"version": "9"}, "has no version 9"),
        ("failover_db", "app-db", {}, None),
    ],
)
def test_preconditions_reject_with_a_reason(busy: Any, action_id: str, target: str, params: dict, reason: str | None):
    sim = Simulation(busy, 3)
    run_until(sim, START)
    mark = len(sim.log)
    sim.submit(StartAction(action_id, target, params))
    rejected = of(sim.log[mark:], ev.ActionRejected)
    if reason is None:  # this one is allowed: it starts
        assert not rejected and of(sim.log[mark:], ev.ActionStarted)
        return
    (rejection,) = rejected
    assert reason in rejection.reason
    assert not of(sim.log[mark:], ev.ActionStarted)
    assert sim.busy() == 0


def test_investigations_do_not_change_what_users_get(busy: Any) -> None:
    sim = Simulation(busy, 3)
    run_until(sim, START)
    truth = {n: (node.ok, node.load) for n, node in sim.world.nodes.items()}
    sim.responders = 99  # a large team looks at everything at once
    for action_id in ACTIONS.ids():
        if ACTIONS.get(action_id).family == "investigate":
            sim.submit(StartAction(action_id, *target_and_params(sim, action_id)))
    run_until(sim, sim.tick + 200)
    assert len(of(sim.log, ev.ActionCompleted)) == sum(ACTIONS.get(a).family == "investigate" for a in ACTIONS.ids())
    assert {n: (node.ok, node.load) for n, node in sim.world.nodes.items()} == truth


# -- responders and cancelling -----------------------------------------------------------------
def test_responders_limit_how_many_actions_run_at_once() -> None:
    sim = fresh(kit.kitchen_scenario(responders=2))
    run_until(sim, 60)
    first = start(sim, "detect_stack_drift", "app-stack")
    start(sim, "contributor_insights", "orders-table")
    mark = len(sim.log)
    events = sim.submit(StartAction("describe_rule", "fulfil-rule"))
    (rejected,) = of(events, ev.ActionRejected)
    assert "all 2 responders are busy" in rejected.reason
    assert not of(sim.log[mark:], ev.ActionStarted)
    # a cancelled action frees its responder at once
    (cancelled,) = of(sim.submit(CancelAction(first)), ev.ActionCancelled)
    assert cancelled.number == first and cancelled.action == "detect_stack_drift"
    assert start(sim, "describe_rule", "fulfil-rule")


def test_automation_and_teammates_do_not_take_the_players_responders() -> None:
    inject = {"at": 30, "action": "detect_stack_drift", "target": "app-stack", "by": "Dana (platform team)"}
    sim = fresh(kit.kitchen_scenario(responders=1, injects=[inject]))
    run_until(sim, 31)
    (npc,) = of(sim.log, ev.ActionStarted, action="detect_stack_drift")
    assert npc.by == "npc:Dana (platform team)"
    assert start(sim, "describe_rule", "fulfil-rule")
    with pytest.raises(CommandError, match="no action #"):
        sim.submit(CancelAction(npc.number))


def test_a_cancelled_action_has_no_effect() -> None:
    sim = fresh(kit.kitchen_scenario(injects=[SETUP[1]]))
    run_until(sim, 60)
    number = start(sim, "quarantine_message", "orders-queue")
    run_until(sim, 100)
    sim.submit(CancelAction(number))
    run_until(sim, 600)
    assert not of(sim.log, ev.ActionCompleted, number=number)
    assert sim.world.nodes["orders-queue"].status["poison"] == 1
    assert sim.faults["poison"].active
    with pytest.raises(CommandError, match="no action #99"):
        sim.submit(CancelAction(99))


# -- commands the engine refuses -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("command", "words"),
    [
        (
            StartAction("describe_alarn", "orders-errors"),
            ["unknown action 'describe_alarn'", "did you mean 'describe_alarm'"],
        ),
        (
            StartAction("describe_alarm", "orders-eror"),
            ["no resource called 'orders-eror'", "did you mean 'orders-errors'"],
        ),
        (
            StartAction("describe_alarm", "orders-fn"),
            ["does not apply to orders-fn (lambda_function)", "cloudwatch_alarm"],
        ),
        (StartAction("describe_alarm", None), ["needs a target", "orders-errors"]),
        (StartAction("declare_incident", "orders-fn"), ["takes no target"]),
        (StartAction("fix_alarm", "orders-errors", {"treshold": 3}), ["bad parameters", "did you mean 'threshold'"]),
        (
            StartAction("fix_alarm", "orders-errors", {"threshold": "high"}),
            ["bad parameters for fix_alarm", "threshold"],
        ),
        (StartAction("grant_permission", "orders-role", {"action": "s3:GetObject"}), ["resource", "required"]),
        (StartAction("declare_incident", None, {"severity": "SEV9"}), ["bad parameters", "severity"]),
        (RequestHint(), ["there are no more hints"]),
    ],
)
def test_nonsense_commands_raise_command_errors_with_hints(kitchen_sim: Simulation, command: Any, words: list[str]):
    run_until(kitchen_sim, 10)
    digest = kitchen_sim.digest()
    with pytest.raises(CommandError) as info:
        kitchen_sim.submit(command)
    for word in words:
        assert word in str(info.value)
    assert kitchen_sim.digest() == digest, "a refused command changes nothing"


def test_scenario_rules_can_deny_actions() -> None:
    sim = fresh(kit.kitchen_scenario(actions={"deny": ["attach_admin_policy"]}))
    with pytest.raises(CommandError, match="not available in this scenario"):
        sim.submit(StartAction("attach_admin_policy", "orders-role"))
    only = fresh(kit.kitchen_scenario(actions={"allow": ["describe_rule"]}))
    with pytest.raises(CommandError, match="not available"):
        only.submit(StartAction("describe_alarm", "orders-errors"))
    assert start(only, "describe_rule", "fulfil-rule")


def test_commands_after_the_end_are_refused(kitchen_sim: Simulation) -> None:
    kitchen_sim.submit(DeclareResolved())
    assert kitchen_sim.ended
    with pytest.raises(CommandError, match="the game is over"):
        kitchen_sim.submit(StartAction("describe_rule", "fulfil-rule"))
    with pytest.raises(CommandError, match="the game is over"):
        kitchen_sim.step()


# -- console versus pipeline -----------------------------------------------------------------
PAIRS = sorted(a.removesuffix(PIPELINE_SUFFIX) for a in ACTIONS.ids() if a.endswith(PIPELINE_SUFFIX))


def test_every_pipeline_variant_has_a_console_twin() -> None:
    assert PAIRS
    for console in PAIRS:
        assert ACTIONS.get(console).channel == "console"
        assert ACTIONS.get(console + PIPELINE_SUFFIX).channel == "pipeline"


@pytest.mark.parametrize("console", PAIRS)
def test_console_changes_drift_and_pipeline_changes_do_not(kitchen: Any, console: str) -> None:
    target, params = TABLE[console]
    results = {}
    for action_id in (console, console + PIPELINE_SUFFIX):
        sim = Simulation(kitchen, 1)
        run_until(sim, 60)
        assert sim.world.nodes[target].template is not None
        assert not sim.world.nodes[target].drift()
        outcome = act(sim, action_id, target, params)
        assert isinstance(outcome, ev.ActionCompleted), outcome
        sim.advance(1)
        node = sim.world.nodes[target]
        conduct = [e.rule for e in of(sim.log, ev.ConductViolation)]
        drift = of(sim.log, ev.ViolationOpened, rule="cloudformation-stack-drift-detection-check")
        results[action_id] = (node.config, node.drift(), conduct, drift, outcome)
    by_hand, by_pipeline = results[console], results[console + PIPELINE_SUFFIX]
    assert by_hand[0] == by_pipeline[0], "both variants make the same change"
    assert by_hand[1], "a console change to a stack-managed resource drifts"
    assert by_hand[2] == ["change-outside-pipeline"]
    assert by_hand[3] and by_hand[3][0].by_player and by_hand[3][0].resource == target
    assert by_pipeline[1] == {} and by_pipeline[2] == [] and by_pipeline[3] == []
    assert "(through the pipeline)" in by_pipeline[4].summary


def test_a_console_change_to_an_unmanaged_resource_is_no_violation(kitchen: Any) -> None:
    sim = Simulation(kitchen, 1)
    outcome = act(sim, "deactivate_access_key", "deploy-user")
    assert isinstance(outcome, ev.ActionCompleted)
    assert not of(sim.log, ev.ConductViolation)
    mark = len(sim.log)
    sim.submit(StartAction("authorize_ingress_iac", "alb-sg", {"port": 80, "source": "0.0.0.0/0"}))
    assert of(sim.log[mark:], ev.ActionStarted)  # alb-sg is stack-managed
