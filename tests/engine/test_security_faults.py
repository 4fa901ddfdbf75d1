"""Security faults and their remediations, as AWS behaves: what a leaked key leaves running,
who can still change a locked KMS key, and where a tightened policy lives.

Each test pins a behaviour found while playing the security scenarios (leaked-key,
kms-lockout, deploy-agent-denied, logs-go-dark)."""

from __future__ import annotations

from typing import Any

from warroom.engine import Simulation
from warroom.engine import events as ev

from . import kit
from .kit import act, fresh, of, run_until

LEAK_AT = 60


def leak(params: dict[str, Any] | None = None, target: str = "deploy-user") -> Simulation:
    inject = {"id": "leak", "at": LEAK_AT, "fault": "leaked_access_key", "target": target, "params": params or {}}
    return fresh(kit.kitchen_scenario(injects=[inject], clock={"duration": "1h"}))


def cost(sim: Simulation, node: str) -> float:
    return sim.world.nodes[node].type.hourly_cost(sim.world.nodes[node])


# -- leaked access key -------------------------------------------------------------------------
def test_instances_launched_with_a_leaked_key_keep_billing_after_the_key_is_deactivated() -> None:
    sim = leak({"mining_cost_per_hour": 50000})
    run_until(sim, LEAK_AT + 30)
    assert cost(sim, "deploy-user") == 50000
    assert isinstance(act(sim, "deactivate_access_key", "deploy-user"), ev.ActionCompleted)
    assert not sim.faults["leak"].active
    sim.advance(180)
    assert cost(sim, "deploy-user") == 50000, "deactivating a key does not stop what it already launched"
    done = act(sim, "terminate_rogue_instances", "deploy-user")
    assert isinstance(done, ev.ActionCompleted)
    assert cost(sim, "deploy-user") == 0.0
    sim.advance(180)
    assert cost(sim, "deploy-user") == 0.0, "with the key dead, the attacker cannot launch them again"


def test_instances_terminated_while_the_key_still_works_come_back() -> None:
    sim = leak({"mining_cost_per_hour": 50000, "growth_per_minute": 1000})
    run_until(sim, LEAK_AT + 5 * 60 + 1)
    assert cost(sim, "deploy-user") == 55000  # the miner grows every minute the key works
    assert isinstance(act(sim, "terminate_rogue_instances", "deploy-user"), ev.ActionCompleted)
    sim.advance(61)
    assert cost(sim, "deploy-user") > 50000
    relaunched = [r for r in sim.trail if r.event == "RunInstances" and r.tick > LEAK_AT + 5 * 60]
    assert relaunched and "185.220.101.7" in relaunched[0].detail


def test_a_hijacked_function_starves_the_account_until_the_key_is_deactivated() -> None:
    sim = leak({"hijack": "hook-fn", "invocations": 1200, "duration_ms": 3000})
    run_until(sim, LEAK_AT + 120)
    orders = sim.world.nodes["orders-fn"]
    assert orders.observed["throttles"] > 0, "the miner takes the account's unreserved concurrency"
    assert any(r.event == "UpdateFunctionCode20150331v2" and r.resource == "hook-fn" for r in sim.trail)
    found = act(sim, "describe_concurrency", "orders-fn")
    assert "concurrency-hog:hook-fn" in found.findings[0].evidence
    assert isinstance(act(sim, "deactivate_access_key", "deploy-user"), ev.ActionCompleted)
    sim.advance(61)  # the attacker's tooling finds the key dead at its next attempt
    assert sim.world.nodes["hook-fn"].status["extra_load"] == 0.0
    assert orders.observed["throttles"] == 0.0


def test_a_rotation_retires_the_leaked_key_and_the_new_key_is_not_the_leaked_one() -> None:
    sim = leak(target="ci-user")
    run_until(sim, LEAK_AT + 10)
    done = act(sim, "rotate_access_key_iac", "ci-user")
    assert isinstance(done, ev.ActionCompleted)
    keys = sim.world.nodes["ci-user"].config["access_keys"]
    assert [k["status"] for k in keys] == ["Inactive", "Active"]
    assert keys[0]["id"] == "AKIAKITCHENSINK0002" and keys[1]["id"].startswith("AKIA") and len(keys[1]["id"]) == 20
    assert not sim.faults["leak"].active
    assert sim.world.nodes["ci-user"].drift() == {}
    again = act(sim, "rotate_access_key_iac", "ci-user")  # a second rotation deletes the inactive key
    assert isinstance(again, ev.ActionCompleted)
    assert [k["status"] for k in sim.world.nodes["ci-user"].config["access_keys"]] == ["Inactive", "Active"]
    assert not sim.faults["leak"].active, "the fault follows the leaked key, not the user's first key"


def test_a_console_rotation_of_a_stack_managed_key_is_undone_by_the_next_stack_update() -> None:
    sim = leak(target="ci-user")
    run_until(sim, LEAK_AT + 10)
    assert isinstance(act(sim, "rotate_access_key", "ci-user"), ev.ActionCompleted)
    assert not sim.faults["leak"].active
    assert "access_keys" in sim.world.nodes["ci-user"].drift()
    assert isinstance(act(sim, "iac_revert_drift", "ci-user"), ev.ActionCompleted)
    assert sim.faults["leak"].active, "the template still says the leaked key is Active"


# -- KMS key policy lockout ---------------------------------------------------------------------
def locked(keep_admin: bool) -> Simulation:
    sim = fresh(kit.kitchen_scenario(clock={"duration": "1h"}))
    run_until(sim, 60)
    sim.inject_fault("kms_key_policy_lockout", "data-key", {"keep_admin": keep_admin}, "lockout")
    return sim


def test_nobody_can_schedule_the_deletion_of_a_key_that_locks_everyone_out() -> None:
    sim = locked(keep_admin=False)
    rejected = act(sim, "schedule_key_deletion", "data-key")
    assert isinstance(rejected, ev.ActionRejected)
    assert "AccessDeniedException" in rejected.reason and "kms:ScheduleKeyDeletion" in rejected.reason
    assert sim.world.nodes["data-key"].config["state"] == "Enabled"


def test_a_remaining_key_administrator_can_schedule_the_deletion() -> None:
    sim = locked(keep_admin=True)
    assert isinstance(act(sim, "schedule_key_deletion", "data-key"), ev.ActionCompleted)
    assert sim.world.nodes["data-key"].config["state"] == "PendingDeletion"


def test_the_pipeline_cannot_put_back_a_key_policy_that_locks_out_its_role() -> None:
    sim = locked(keep_admin=True)
    failed = act(sim, "iac_revert_drift", "data-key")
    assert isinstance(failed, ev.ActionFailed)
    assert "UPDATE_ROLLBACK_COMPLETE" in failed.reason and "pipeline-deploy-role" in failed.reason
    assert sim.faults["lockout"].active
    assert any(r.event == "PutKeyPolicy" and r.error == "AccessDenied" for r in sim.trail)


def test_a_remaining_key_administrator_restores_the_policy_and_it_is_no_hand_change() -> None:
    sim = locked(keep_admin=True)
    mark = len(sim.log)
    done = act(sim, "restore_key_policy", "data-key")
    assert isinstance(done, ev.ActionCompleted)
    assert not sim.faults["lockout"].active
    assert sim.world.nodes["data-key"].drift() == {}
    assert not of(sim.log[mark:], ev.ConductViolation), "the pipeline could not do it: a hand change is the way"
    assert sim.world.nodes["orders-fn"].ok == 1.0


def test_without_a_key_administrator_only_aws_support_restores_access() -> None:
    sim = locked(keep_admin=False)
    rejected = act(sim, "restore_key_policy", "data-key")
    assert isinstance(rejected, ev.ActionRejected) and "AWS Support" in rejected.reason
    assert isinstance(act(sim, "revert_by_hand", "data-key"), ev.ActionRejected)
    assert isinstance(act(sim, "open_support_case", "data-key"), ev.ActionCompleted)
    assert not sim.faults["lockout"].active


def test_aws_support_restores_the_root_statement_and_leaves_the_template_alone() -> None:
    sim = locked(keep_admin=False)
    template = dict(sim.world.nodes["data-key"].template["policy"])
    assert isinstance(act(sim, "open_support_case", "data-key"), ev.ActionCompleted)
    key = sim.world.nodes["data-key"]
    assert key.template["policy"] == template
    assert "policy" in key.drift(), "Support's minimal policy is not what the stack declares"
    assert isinstance(act(sim, "iac_revert_drift", "data-key"), ev.ActionCompleted)
    assert key.drift() == {}


def test_restoring_a_policy_the_pipeline_could_restore_is_a_hand_change() -> None:
    sim = fresh(kit.kitchen_scenario(clock={"duration": "1h"}))
    run_until(sim, 60)
    mark = len(sim.log)
    assert isinstance(act(sim, "restore_key_policy", "data-key"), ev.ActionCompleted)
    assert [e.rule for e in of(sim.log[mark:], ev.ConductViolation)] == ["change-outside-pipeline"]


# -- log delivery --------------------------------------------------------------------------------
def test_a_tightened_policy_shipped_through_the_pipeline_comes_back_after_a_console_fix() -> None:
    inject = {
        "id": "dark",
        "at": 60,
        "fault": "log_delivery_stopped",
        "target": "orders-role",
        "params": {"through_pipeline": True, "by": "PR #7"},
    }
    sim = fresh(kit.kitchen_scenario(injects=[inject], clock={"duration": "1h"}))
    run_until(sim, 61)
    role = sim.world.nodes["orders-role"]
    assert role.drift() == {}, "the template lacks logs:* too"
    (entry,) = [r for r in sim.trail if r.event == "PutRolePolicy" and r.resource == "orders-role"]
    assert "pipeline-deploy-role" in entry.user and "PR #7" in entry.detail
    grant = {"action": "logs:PutLogEvents", "resource": "orders-logs"}
    assert isinstance(act(sim, "grant_permission", "orders-role", grant), ev.ActionCompleted)
    assert not sim.faults["dark"].active
    assert isinstance(act(sim, "iac_revert_drift", "orders-role"), ev.ActionCompleted)
    assert sim.faults["dark"].active


def test_a_policy_tightened_by_hand_is_put_back_by_the_template() -> None:
    inject = {"id": "dark", "at": 60, "fault": "log_delivery_stopped", "target": "orders-role", "params": {}}
    sim = fresh(kit.kitchen_scenario(injects=[inject], clock={"duration": "1h"}))
    run_until(sim, 61)
    assert "policies" in sim.world.nodes["orders-role"].drift()
    assert isinstance(act(sim, "iac_revert_drift", "orders-role"), ev.ActionCompleted)
    assert not sim.faults["dark"].active


# -- deployments -------------------------------------------------------------------------------
def test_a_bad_release_to_instances_registers_a_revision_not_a_lambda_version() -> None:
    inject = {"id": "bad", "at": 60, "fault": "canary_regression", "target": "web-dg", "params": {"version": "2"}}
    sim = fresh(kit.kitchen_scenario(injects=[inject], clock={"duration": "1h"}))
    run_until(sim, 61)
    events = {r.event for r in sim.trail}
    assert "RegisterApplicationRevision" in events
    assert "PublishVersion20150331" not in events


def test_a_remaining_key_administrator_reverting_by_hand_is_no_hand_change_either() -> None:
    sim = locked(keep_admin=True)
    mark = len(sim.log)
    assert isinstance(act(sim, "revert_by_hand", "data-key"), ev.ActionCompleted)
    assert not sim.faults["lockout"].active
    assert not of(sim.log[mark:], ev.ConductViolation)


def test_a_function_failing_every_request_still_shows_its_errors_in_logs_insights() -> None:
    sim = locked(keep_admin=False)
    run_until(sim, 300)
    assert sim.world.nodes["orders-fn"].ok == 0.0
    found = act(sim, "query_logs", "orders-fn")
    assert isinstance(found, ev.ActionCompleted)
    assert "No log events" not in found.findings[0].title, "a failing function still writes its errors"
    assert any("AccessDeniedException" in line for line in found.findings[0].lines)


def test_what_an_in_place_deployment_installs_is_not_stack_drift() -> None:
    inject = {"id": "bad", "at": 60, "fault": "canary_regression", "target": "web-dg", "params": {"version": "2"}}
    sim = fresh(kit.kitchen_scenario(injects=[inject], clock={"duration": "1h"}))
    run_until(sim, 200)
    asg = sim.world.nodes["web-asg"]
    assert asg.config["traffic"] == {"2": 1.0}
    assert asg.drift() == {}, "no CloudFormation property names the bundle CodeDeploy installed"
    assert isinstance(act(sim, "rollback_deployment", "web-dg"), ev.ActionCompleted)
    run_until(sim, sim.tick + 120)
    assert asg.config["traffic"] == {"1": 1.0} and asg.drift() == {}
    assert not sim.faults["bad"].active


def test_guardduty_reports_what_it_sees_for_a_leaked_user_key() -> None:
    sim = leak()
    run_until(sim, LEAK_AT + 241)
    (finding,) = sim.world.nodes["guardduty"].status["findings"]
    # InstanceCredentialExfiltration is about an instance role's credentials, never a user's key
    assert finding["type"] == "CryptoCurrency:EC2/BitcoinTool.B!DNS"
    assert finding["severity"] == 8 and "AKIAKITCHENSINK0001" in finding["text"]
