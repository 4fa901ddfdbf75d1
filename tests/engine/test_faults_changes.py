"""Changes that go wrong (engine/faults/changes.py): a secret rotation that locks the
application out of its database, an ECS deployment that never finishes, a bucket made public.

The catalog cases run through the same harness as every other fault (seen, found, fixed;
a console fix undone by the template). The tests below check the behaviour AWS documents:
pooled connections outliving the password, a restart that makes it worse, a deployment that
churns without the circuit breaker and rolls back with it, an exposure the access logs show.
"""

from __future__ import annotations

from typing import Any

import pytest
from warroom.engine import Simulation, score
from warroom.engine import events as ev

from . import kit
from . import test_faults as harness
from .kit import act, fresh, of, run_until, start
from .test_faults import Case, logs, non_compliant

INJECT_AT = harness.INJECT_AT
FINISH = "secretsmanager:UpdateSecretVersionStage"


def latest(sim: Simulation, node: str, metric: str) -> float | None:
    return harness.latest(sim, node, metric)[0]


def running_below(node: str, count: float) -> Any:
    return lambda sim: (value := latest(sim, node, "RunningTaskCount")) is not None and value < count


def rotation_function(arch: dict[str, Any]) -> None:
    """A rotation Lambda for app-secret, with the permissions the single-user template needs."""
    statements = [
        {
            "actions": [
                "secretsmanager:DescribeSecret",
                "secretsmanager:GetSecretValue",
                "secretsmanager:PutSecretValue",
                FINISH,
            ],
            "resources": ["app-secret"],
        },
        {"actions": ["kms:Decrypt", "kms:GenerateDataKey"], "resources": ["data-key"]},
    ]
    arch["nodes"] += [
        {"id": "rotation-fn", "type": "lambda_function", "stack": "app-stack"},
        {
            "id": "rotation-role",
            "type": "iam_role",
            "stack": "app-stack",
            "config": {"policies": [{"name": "rotation", "statements": statements}]},
        },
    ]
    arch["edges"] += ["rotation-fn uses_role rotation-role", "rotation-fn reads app-secret"]
    arch["edges"] += ["rotation-fn writes app-db"]


def pipeline_deploys_service(arch: dict[str, Any]) -> None:
    """The pipeline deploys web-ecs with ECS rolling updates (CodePipeline's ECS deploy action)."""
    arch["edges"].append("pipeline deploys web-ecs")


def behind_the_load_balancer(arch: dict[str, Any]) -> None:
    pipeline_deploys_service(arch)
    arch["edges"].append("web-tg routes web-ecs")


def bucket_rules(arch: dict[str, Any]) -> None:
    arch["nodes"] += [
        {"id": "public-read-check", "type": "config_rule", "config": {"identifier": "S3_BUCKET_PUBLIC_READ_PROHIBITED"}}
    ]
    arch["edges"] += ["public-read-check monitors receipts-bucket", "public-read-check monitors artifacts-bucket"]


GRANT = ("grant_permission_iac", "rotation-role", {"action": FINISH, "resource": "app-secret"})
ROTATION = {"mode": "finish_denied", "rotation_function": "rotation-fn"}
STUCK = {"revision": "2", "drop_circuit_breaker": True}

CASES = [
    Case(
        "secret_rotation_broken",
        "app-secret",
        ROTATION,
        ("describe_secret", "app-secret", {}),
        [("finish_secret_rotation", "app-secret", {}), ("recycle_connections", "web-ecs", {}), GRANT],
        logs("app-db", "password authentication failed"),
        settle=180,
        tweak=rotation_function,
    ),
    Case(
        "secret_rotation_broken",
        "app-secret",
        {"mode": "app_cache"},
        ("query_logs", "app-db", {}),
        [("recycle_connections", "web-ecs", {})],
        logs("web-ecs", "password authentication failed"),
        settle=180,
        name="secret_rotation_broken-app_cache",
    ),
    Case(
        "ecs_deployment_failing",
        "web-ecs",
        STUCK,
        ("describe_ecs_service", "web-ecs", {}),
        [("pipeline_revert", "pipeline", {}), ("set_circuit_breaker_iac", "web-ecs", {})],
        running_below("web-ecs", 3),
        settle=190,
        tweak=pipeline_deploys_service,
        relapse=[("update_ecs_service", "web-ecs", {}), ("release_pipeline", "pipeline", {})],
    ),
    Case(
        "ecs_deployment_failing",
        "web-ecs",
        {**STUCK, "failure": "oom"},
        ("query_logs", "web-ecs", {}),
        [("update_ecs_service", "web-ecs", {"revision": "1"})],
        logs("web-ecs", "OutOfMemoryError"),
        settle=5,
        name="ecs_deployment_failing-oom",
    ),
    Case(
        "s3_bucket_public",
        "artifacts-bucket",
        {"by": "dev-sam"},
        ("describe_bucket_access", "artifacts-bucket", {}),
        [("iac_revert_drift", "artifacts-bucket", {})],
        non_compliant("artifacts-bucket"),
        settle=130,
        tweak=bucket_rules,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_fault_is_seen_found_and_fixed(case: Case) -> None:
    harness.test_fault_is_seen_found_and_fixed(case)


RELAPSING = [c for c in CASES if c.relapse]


@pytest.mark.parametrize("case", RELAPSING, ids=[c.id for c in RELAPSING])
def test_a_console_fix_is_undone_when_the_template_is_reasserted(case: Case) -> None:
    harness.test_a_console_fix_is_undone_when_the_template_is_reasserted(case)


def game(fault: str, target: str, params: dict[str, Any], *tweaks: Any, at: int = 60, **fields: Any) -> Simulation:
    arch = kit.kitchen_arch()
    for tweak in tweaks:
        tweak(arch)
    inject = {"id": "fault", "at": at, "fault": fault, "target": target, "params": params}
    return fresh(kit.kitchen_scenario(architecture=arch, injects=[inject], clock={"duration": "1h"}, **fields))


def refused(sim: Simulation) -> float:
    """Share of app-db's connection attempts refused for a wrong password."""
    impairment = sim.world.nodes["app-db"].status.get("impairments", {}).get("password-auth")
    return 0.0 if impairment is None else 1.0 - impairment["ok"]


# -- secret rotation -------------------------------------------------------------------------------
def rotation_game(**params: Any) -> Simulation:
    params = {**ROTATION, "pool_lifetime": "20m", **params}
    return game("secret_rotation_broken", "app-secret", params, rotation_function)


def test_pooled_connections_keep_working_until_they_are_recycled() -> None:
    sim = rotation_game()
    seen = []
    for minute in (2, 6, 12, 19, 25):
        run_until(sim, 60 + minute * 60)
        seen.append(refused(sim))
    assert 0 < seen[0] < seen[1] < seen[2] < seen[3] < 1.0  # the old pool drains connection by connection
    assert seen[4] == 1.0  # once every pooled connection has been replaced, nothing gets in
    assert sim.availability <= 0.5  # the web front is down; the API does not use the database
    app_lines = " ".join(sim.world.nodes["web-ecs"].causes)
    assert 'password authentication failed for user "app_user"' in app_lines


def test_the_failed_rotation_leaves_its_traces() -> None:
    sim = rotation_game()
    run_until(sim, 300)
    trail = {r.event: r for r in sim.trail if r.resource == "app-secret"}
    assert trail["UpdateSecretVersionStage"].error == "AccessDenied"
    assert {"RotationStarted", "PutSecretValue", "RotationFailed"} <= set(trail)
    assert any(r.event == "PutRolePolicy" and r.resource == "rotation-role" and r.tick < 0 for r in sim.trail)
    finding = act(sim, "describe_secret", "app-secret").findings[0]
    text = " | ".join(finding.lines)
    assert "AWSPENDING" in text and "AccessDeniedException" in text and FINISH in text
    denied = act(sim, "simulate_iam_policy", "rotation-role").findings[0]
    assert f"implicitDeny  {FINISH} on app-secret" in denied.lines
    assert sim.world.nodes["rotation-role"].template is not None
    assert not sim.world.nodes["rotation-role"].drift()  # the refactor went through the pipeline


def test_restarting_before_the_rotation_is_finished_locks_everyone_out() -> None:
    sim = rotation_game()
    run_until(sim, 300)
    assert 0 < refused(sim) < 0.5
    act(sim, "recycle_connections", "web-ecs")  # the failover runbook's answer to "DB connection errors"
    sim.advance(2)
    assert refused(sim) == 1.0  # new tasks read AWSCURRENT: the old password, and no old pool to fall back on
    assert sim.faults["fault"].active


def test_finishing_the_rotation_and_restarting_restores_service_but_not_the_root_cause() -> None:
    sim = rotation_game()
    run_until(sim, 300)
    act(sim, "finish_secret_rotation", "app-secret")
    assert refused(sim) > 0  # the tasks still hold the old password...
    act(sim, "recycle_connections", "web-ecs")
    sim.advance(2)
    assert refused(sim) == 0.0  # ... until they read the secret again
    assert sim.availability == 1.0
    assert sim.faults["fault"].active  # the next rotation would fail the same way
    act(sim, *GRANT)
    sim.advance(2)
    assert not sim.faults["fault"].active


def test_rolling_back_the_rotation_needs_no_restart() -> None:
    sim = rotation_game()
    run_until(sim, 300)
    act(sim, "rollback_secret_rotation", "app-secret")
    sim.advance(2)
    assert refused(sim) == 0.0  # the database accepts the password the tasks cached again
    node = sim.world.nodes["app-secret"]
    assert not any("AWSPENDING" in v["labels"] for v in node.status["versions"].values())
    act(sim, *GRANT)
    sim.advance(2)
    assert not sim.faults["fault"].active


def test_a_plain_text_password_works_now_and_is_charged() -> None:
    sim = rotation_game()
    run_until(sim, 600)
    act(sim, "hardcode_db_password", "web-ecs")
    sim.advance(2)
    assert refused(sim) == 0.0 and sim.availability == 1.0
    assert sim.faults["fault"].active  # AWSCURRENT still holds a password the database refuses
    rules = {e.rule for e in of(sim.log, ev.ConductViolation)}
    assert {"secret-in-plaintext", "change-outside-pipeline"} <= rules
    act(sim, "recycle_connections", "web-ecs")  # the task definition still carries the password
    sim.advance(2)
    assert refused(sim) == 0.0


def test_a_rotation_the_application_ignores() -> None:
    sim = game("secret_rotation_broken", "app-secret", {"mode": "app_cache", "pool_lifetime": "10m"})
    run_until(sim, 60 + 660)
    assert refused(sim) == 1.0
    versions = sim.world.nodes["app-secret"].status["versions"]
    current = next(v for v, info in versions.items() if "AWSCURRENT" in info["labels"])
    assert sim.world.nodes["app-db"].status["auth"]["version"] == current  # the rotation itself succeeded
    act(sim, "recycle_connections", "web-ecs")
    sim.advance(2)
    assert refused(sim) == 0.0 and not sim.faults["fault"].active


def test_turning_rotation_off_does_not_bring_the_old_password_back() -> None:
    sim = rotation_game()
    run_until(sim, 300)
    before = refused(sim)
    act(sim, "set_secret_rotation", "app-secret", {"enabled": False})
    sim.advance(120)
    assert refused(sim) > before
    assert ("secretsmanager-rotation-enabled-check", "app-secret") in sim.violations


# -- ECS deployment --------------------------------------------------------------------------------
def ecs_game(*tweaks: Any, **params: Any) -> Simulation:
    return game("ecs_deployment_failing", "web-ecs", {**STUCK, **params}, behind_the_load_balancer, *tweaks)


def test_a_stuck_deployment_runs_on_what_it_stopped_and_churns() -> None:
    sim = ecs_game()
    run_until(sim, 61)
    node = sim.world.nodes["web-ecs"]
    assert node.status["running"] == 2  # minimumHealthyPercent 50 of 3: one old task stopped to make room
    assert node.config["traffic"] == {"1": 1.0}  # the new tasks never pass their health checks
    assert node.template["traffic"] == {"2": 1.0} and not node.drift()
    run_until(sim, 60 + 30 * 60)
    rollout = node.status["rollout"]
    assert rollout["state"] == "IN_PROGRESS" and rollout["failed"] >= 14  # a new failing task every two minutes
    assert round(latest(sim, "web-ecs", "RunningTaskCount") or 0) == 2
    health = act(sim, "describe_target_health", "web-tg").findings[0]
    assert any("Target.ResponseCodeMismatch" in line and "[404]" in line for line in health.lines)
    assert "targets:web-tg" in health.evidence
    assert sim.faults["fault"].active
    assert ("ecs-deployment-circuit-breaker", "web-ecs") in sim.violations  # dropped by the release


def test_the_circuit_breaker_rolls_a_failing_deployment_back() -> None:
    sim = ecs_game(drop_circuit_breaker=False)
    run_until(sim, 60 + 15 * 60)
    (resolved,) = of(sim.log, ev.FaultResolved, fault="fault")
    assert resolved.by == "the system" and resolved.tick <= 60 + 3 * 120
    node = sim.world.nodes["web-ecs"]
    assert node.config["traffic"] == {"1": 1.0} and node.template["traffic"] == {"1": 1.0}
    assert node.status["running"] == 3
    texts = [e["text"] for e in node.status["events"]]
    assert any("deployment failed: tasks failed to start" in t for t in texts)
    assert texts[-1].endswith("has reached a steady state.")


def test_more_desired_tasks_only_means_more_failing_tasks() -> None:
    sim = ecs_game()
    run_until(sim, 300)
    act(sim, "set_desired_tasks", "web-ecs", {"desired": 6})
    before = sim.world.nodes["web-ecs"].status["rollout"]["failed"]
    sim.advance(2 * 120 + 5)
    node = sim.world.nodes["web-ecs"]
    assert node.status["running"] == 2  # old tasks do not scale: only the (failing) primary deployment does
    assert len(node.status["rollout"]["tasks"]) == 6 - 2 and node.status["rollout"]["failed"] - before >= 1 + 4
    assert "desired_count" in node.drift()
    assert sim.faults["fault"].active


def test_rolling_back_through_the_pipeline_survives_the_next_release() -> None:
    sim = ecs_game()
    run_until(sim, 600)
    act(sim, "pipeline_revert", "pipeline")
    act(sim, "set_circuit_breaker_iac", "web-ecs")
    sim.advance(2)
    node = sim.world.nodes["web-ecs"]
    assert not sim.faults["fault"].active and node.status["running"] == 3
    assert node.template["traffic"] == {"1": 1.0} and not node.drift()
    act(sim, "release_pipeline", "pipeline")
    sim.advance(300)
    assert not of(sim.log, ev.FaultReactivated)
    assert ("ecs-deployment-circuit-breaker", "web-ecs") not in sim.violations


def test_an_update_by_hand_is_fast_and_drifts() -> None:
    sim = ecs_game()
    run_until(sim, 600)
    number = start(sim, "update_ecs_service", "web-ecs")
    outcome = act(sim, "describe_ecs_service", "web-ecs")  # a second responder looks meanwhile
    assert "ecs-deployment:web-ecs" in outcome.findings[0].evidence
    run_until(sim, next(e.ends_at for e in of(sim.log, ev.ActionStarted) if e.number == number) + 1)
    node = sim.world.nodes["web-ecs"]
    assert not sim.faults["fault"].active
    assert node.drift()["traffic"] == ({"2": 1.0}, {"1": 1.0})
    assert "change-outside-pipeline" in {e.rule for e in of(sim.log, ev.ConductViolation)}


# -- public bucket ---------------------------------------------------------------------------------
def bucket_game(target: str = "receipts-bucket", **params: Any) -> Simulation:
    return game("s3_bucket_public", target, {"reason": "share files with an agency", **params}, bucket_rules)


def test_a_public_bucket_is_flagged_found_and_scraped() -> None:
    sim = bucket_game(guardduty_after="5m", scanners_after="6m", anonymous_rate=10)
    run_until(sim, 180)
    changes = of(sim.log, ev.ConfigComplianceChanged, resource="receipts-bucket", compliance="NON_COMPLIANT")
    assert [e.config_rule for e in changes] == ["public-read-check"]
    assert {"s3-bucket-public-read-prohibited", "s3-bucket-level-public-access-prohibited"} <= {
        rule for rule, node in sim.violations if node == "receipts-bucket"
    }
    assert not of(sim.log, ev.MessageReceived, sender="GuardDuty")
    run_until(sim, 60 + 5 * 60)
    (page,) = of(sim.log, ev.MessageReceived, sender="GuardDuty")
    assert "BucketAnonymousAccessGranted" in page.text
    run_until(sim, 60 + 10 * 60)
    assert sim.world.nodes["receipts-bucket"].status["anonymous_rate"] == 10
    logs_finding = act(sim, "review_s3_access_logs", "receipts-bucket").findings[0]
    assert "access-logs:receipts-bucket" in logs_finding.evidence
    assert "anonymous" in logs_finding.lines[1]
    assert sim.availability == 1.0  # nothing breaks for users


def test_blocking_public_access_by_hand_ends_the_exposure_but_not_the_incident() -> None:
    sim = bucket_game(scanners_after="1m")
    run_until(sim, 300)
    act(sim, "set_public_access_block", "receipts-bucket")
    sim.advance(61)
    node = sim.world.nodes["receipts-bucket"]
    assert node.status["anonymous_rate"] == 0.0
    assert ("s3-bucket-public-read-prohibited", "receipts-bucket") not in sim.violations
    assert node.drift() == {"public_policy": (False, True)}  # the Principal * statement is still there
    assert sim.faults["fault"].active
    act(sim, "iac_revert_drift", "receipts-bucket")
    sim.advance(2)
    assert not sim.faults["fault"].active and not node.drift()


def test_deleting_the_bucket_ends_the_exposure_and_everything_it_served() -> None:
    sim = bucket_game()
    run_until(sim, 300)
    act(sim, "delete_bucket", "receipts-bucket")
    sim.advance(2)
    assert not sim.faults["fault"].active
    assert sim.availability < 0.9  # orders-fn writes receipts there
    assert any("NoSuchBucket" in line for line in sim.world.nodes["orders-fn"].causes)
    assert "data-destroyed" in {e.rule for e in of(sim.log, ev.ConductViolation)}


@pytest.mark.parametrize("reviewed", [False, True])
def test_an_exposure_nobody_scoped_is_charged_at_the_end(reviewed: bool) -> None:
    sim = bucket_game(scanners_after="1m")
    run_until(sim, 300)
    act(sim, "iac_revert_drift", "receipts-bucket")
    if reviewed:
        act(sim, "review_s3_access_logs", "receipts-bucket")
    sim.advance(sim.duration)
    card = score(sim.model, sim.log)
    charged = [line.reason for line in card.ledger if line.reason.startswith("exposure-not-scoped")]
    assert bool(charged) is not reviewed
