"""Policy as code: every state rule fires on a violating configuration and not on a compliant
one; conduct rules fire for the actions that break them; who introduced a violation matters."""

from __future__ import annotations

from typing import Any

import pytest
from warroom.engine import DeclareResolved, Simulation, StartAction, score
from warroom.engine import events as ev
from warroom.engine.actions import ACTIONS
from warroom.engine.compliance import CONDUCT_RULES, STATE_RULES
from warroom.engine.scoring import PRE_EXISTING

from . import kit
from .kit import act, fresh, of, run_until

ENTRY = {"id": "api", "type": "api_gateway"}
ADMIN = {"name": "AdministratorAccess", "managed": True, "statements": [{"actions": ["*"], "resources": ["*"]}]}


def one(node_type: str, config: dict[str, Any], **spec: Any) -> tuple[list, list]:
    return [{"id": "subject", "type": node_type, "config": config, **spec}], []


def replication(replica_key: str | None, replica_encryption: str) -> tuple[list, list]:
    rule = {"destination": "replica", "role": "replicator", "replica_kms_key": replica_key}
    nodes = [
        {"id": "subject", "type": "s3_bucket", "config": {"encryption": "SSE-KMS", "replication": rule}},
        {"id": "replica", "type": "s3_bucket", "region": "us-west-2", "config": {"encryption": replica_encryption}},
        {"id": "replicator", "type": "iam_role"},
    ]
    return nodes, ["subject replicates_to replica"]


def drifted(memory: int) -> tuple[list, list]:
    nodes = [
        {
            "id": "subject",
            "type": "lambda_function",
            "stack": "stack",
            "config": {"memory_mb": 512},
            "template": {"memory_mb": memory},
        },
        {"id": "stack", "type": "cloudformation_stack"},
    ]
    return nodes, []


def stack_of(memory: int) -> tuple[list, list]:
    nodes = [
        {
            "id": "member",
            "type": "lambda_function",
            "stack": "subject",
            "config": {"memory_mb": 512},
            "template": {"memory_mb": memory},
        },
        {"id": "subject", "type": "cloudformation_stack"},
    ]
    return nodes, []


def alarm(actions: list[str], enabled: bool = True) -> tuple[list, list]:
    config = {"metric": "Count", "threshold": 1, "alarm_actions": actions, "actions_enabled": enabled}
    return [{"id": "subject", "type": "cloudwatch_alarm", "config": config}], ["subject monitors api"]


def paging_on_alb(metric: str, missing: str) -> tuple[list, list]:
    config = {"metric": metric, "threshold": 5, "treat_missing_data": missing, "alarm_actions": ["oncall"]}
    nodes = [{"id": "subject", "type": "cloudwatch_alarm", "config": config}, {"id": "lb", "type": "alb"}]
    return nodes, ["subject monitors lb"]


def ingress(*rules: tuple[int, str, int | None]) -> list[dict[str, Any]]:
    return [{"port": port, "source": source, "to_port": to} for port, source, to in rules]


def role(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"policies": [{"name": "p", "statements": list(statements)}]}


# rule id → (compliant architecture part, violating architecture part); the subject node is "subject"
CASES: dict[str, tuple[tuple[list, list], tuple[list, list]]] = {
    "access-keys-rotated": (
        one(
            "iam_user",
            {"access_keys": [{"id": "AKIA1", "age_days": 10}, {"id": "AKIA2", "status": "Inactive", "age_days": 400}]},
        ),
        one("iam_user", {"access_keys": [{"id": "AKIA1", "age_days": 120}]}),
    ),
    "acm-certificate-expiration-check": (
        one("acm_certificate", {"kind": "IMPORTED", "days_to_expiry": 30}),
        one("acm_certificate", {"kind": "IMPORTED", "days_to_expiry": 5}),
    ),
    "alarm-missing-data-not-breaching": (
        paging_on_alb("HTTPCode_ELB_5XX_Count", "notBreaching"),  # published only when not zero
        paging_on_alb("HTTPCode_ELB_5XX_Count", "breaching"),
    ),
    "alb-http-to-https-redirection-check": (one("alb", {}), one("alb", {"listener_protocol": "HTTP"})),
    "cloudformation-stack-drift-detection-check": (drifted(512), drifted(1024)),
    "cloudformation-stack-drift-status": (stack_of(512), stack_of(1024)),
    "cloudwatch-alarm-action-check": (alarm(["oncall"]), alarm([])),
    "cw-loggroup-retention-period-check": (
        one("log_group", {"retention_days": 30}),
        one("log_group", {"retention_days": None}),
    ),
    "ecs-deployment-circuit-breaker": (one("ecs_service", {}), one("ecs_service", {"circuit_breaker": False})),
    "dynamodb-pitr-enabled": (one("dynamodb_table", {}), one("dynamodb_table", {"pitr": False})),
    "eventbridge-rule-dlq": (one("eventbridge_rule", {"dlq": "dlq"}), one("eventbridge_rule", {})),
    "iam-no-wildcard-actions": (
        one("iam_role", role({"actions": ["s3:GetObject"], "resources": ["*"]})),
        one("iam_role", role({"actions": ["s3:*"], "resources": ["bucket"]})),
    ),
    "iam-policy-no-statements-with-admin-access": (
        one("iam_role", role({"actions": ["s3:GetObject"], "resources": ["*"]})),
        one("iam_role", {"policies": [ADMIN]}),
    ),
    "kms-cmk-not-scheduled-for-deletion": (
        one("kms_key", {"state": "Disabled"}),
        one("kms_key", {"state": "PendingDeletion"}),
    ),
    "lambda-function-public-access-prohibited": (
        one("lambda_function", {"resource_policy": [{"principal": "events.amazonaws.com"}]}),
        one("lambda_function", {"resource_policy": [{"principal": "*"}]}),
    ),
    "multi-region-cloudtrail-enabled": (one("cloudtrail_trail", {}), one("cloudtrail_trail", {"logging": False})),
    "rds-multi-az-support": (one("rds_instance", {}), one("rds_instance", {"multi_az": False})),
    "restricted-ssh": (
        one("security_group", {"ingress": ingress((22, "10.0.0.0/16", None), (443, "0.0.0.0/0", None))}),
        one("security_group", {"ingress": ingress((20, "0.0.0.0/0", 25))}),
    ),
    "s3-bucket-level-public-access-prohibited": (
        one("s3_bucket", {}),
        one("s3_bucket", {"public_access_block": False}),
    ),
    "s3-bucket-public-read-prohibited": (
        one("s3_bucket", {"public_policy": True}),  # Block Public Access overrides the statement
        one("s3_bucket", {"public_access_block": False, "public_policy": True}),
    ),
    "s3-bucket-server-side-encryption-enabled": (
        one("s3_bucket", {"encryption": "SSE-KMS"}),
        one("s3_bucket", {"encryption": "none"}),
    ),
    "secretsmanager-rotation-enabled-check": (
        one("secrets_manager_secret", {}),
        one("secrets_manager_secret", {"rotation_enabled": False}),
    ),
    "s3-replication-encrypted": (replication("replica-key", "SSE-KMS"), replication(None, "SSE-KMS")),
    "vpc-sg-open-only-to-authorized-ports": (
        one("security_group", {"ingress": ingress((443, "0.0.0.0/0", None), (8080, "10.0.0.0/16", None))}),
        one("security_group", {"ingress": ingress((8080, "0.0.0.0/0", None))}),
    ),
}


def test_every_state_rule_has_a_case() -> None:
    assert set(CASES) == set(STATE_RULES.ids())


def opened_at_start(part: tuple[list, list]) -> list[ev.ViolationOpened]:
    nodes, edges = part
    data = kit.scenario({"nodes": [ENTRY, *nodes], "edges": edges}, [{"entry": "api", "rate": 1}])
    sim = fresh(data)
    return of(sim.log, ev.ViolationOpened, resource="subject")


@pytest.mark.parametrize("rule", sorted(CASES))
def test_state_rule_fires_on_a_violation_only(rule: str) -> None:
    compliant, violating = CASES[rule]
    assert rule not in [e.rule for e in opened_at_start(compliant)]
    (opened,) = [e for e in opened_at_start(violating) if e.rule == rule]
    assert opened.tick == 0 and opened.detail
    assert opened.cause == PRE_EXISTING and not opened.by_player


def test_a_violation_closes_when_the_state_is_fixed() -> None:
    nodes, edges = CASES["s3-bucket-server-side-encryption-enabled"][1]
    nodes = [
        {**nodes[0], "stack": "stack", "template": {"encryption": "SSE-S3"}},
        {"id": "stack", "type": "cloudformation_stack"},
    ]
    sim = fresh(kit.scenario({"nodes": [ENTRY, *nodes], "edges": edges}, [{"entry": "api", "rate": 1}]))
    assert ("s3-bucket-server-side-encryption-enabled", "subject") in sim.violations
    act(sim, "iac_revert_drift", "subject")
    sim.step()
    assert ("s3-bucket-server-side-encryption-enabled", "subject") not in sim.violations
    assert of(sim.log, ev.ViolationClosed, rule="s3-bucket-server-side-encryption-enabled", resource="subject")


# -- conduct ----------------------------------------------------------------------------------
# rule → (action, target, params); run on the kitchen sink (stack-managed unless said otherwise)
CONDUCT: dict[str, list[tuple[str, str | None, dict[str, Any]]]] = {
    "change-outside-pipeline": [("enable_rule", "legacy-rule", {}), ("fix_alarm", "orders-errors", {"threshold": 9})],
    "admin-grant": [("attach_admin_policy", "orders-role", {})],
    "network-opened": [("open_security_group", "app-sg", {})],
    "over-privileged-grant": [("grant_service_wildcard", "worker-role", {}), ("grant_public_invoke", "fulfil-fn", {})],
    "audit-disabled": [("mute_alarm", "alb-5xx", {}), ("disable_config_rule", "drift-rule", {})],
    "data-destroyed": [
        ("purge_queue", "orders-queue", {}),
        ("schedule_key_deletion", "artifacts-key", {}),
        ("restore_db_snapshot", "app-db", {}),
        ("recreate_stack", "app-stack", {}),
    ],
    "bypasses-approval": [("delete_lifecycle_hook", "web-asg", {})],
    "secret-in-plaintext": [("hardcode_db_password", "web-ecs", {})],
}
TAGGED = [(rule, *step) for rule, steps in CONDUCT.items() for step in steps]


def test_every_tagged_conduct_rule_is_exercised() -> None:
    tags = {rule.tag for rule in CONDUCT_RULES if hasattr(rule, "tag")}
    by_tag = {rule.tag: rule.id for rule in CONDUCT_RULES if hasattr(rule, "tag")}
    assert set(CONDUCT) == {by_tag[t] for t in tags}
    for action_id in ACTIONS.ids():  # every tag any action carries has a rule
        assert ACTIONS.get(action_id).tags <= set(by_tag)


@pytest.mark.parametrize(("rule", "action", "target", "params"), TAGGED, ids=[f"{r}-{a}" for r, a, *_ in TAGGED])
def test_conduct_rule_fires_when_the_action_starts(kitchen: Any, rule: str, action: str, target: str, params: dict):
    sim = Simulation(kitchen, 1)
    run_until(sim, 30)
    sim.submit(StartAction(action, target, params))
    (violation,) = of(sim.log, ev.ConductViolation, rule=rule)
    assert violation.tick == 30 and violation.by_player and violation.action == action
    assert target in violation.detail


def test_a_manual_change_counts_only_on_a_stack_managed_resource(kitchen: Any) -> None:
    unmanaged, managed = Simulation(kitchen, 1), Simulation(kitchen, 1)
    unmanaged.submit(StartAction("disable_config_rule", "drift-rule"))  # not in a stack
    managed.submit(StartAction("mute_alarm", "alb-5xx"))  # in app-stack
    assert sorted(e.rule for e in of(unmanaged.log, ev.ConductViolation)) == ["audit-disabled"]
    assert sorted(e.rule for e in of(managed.log, ev.ConductViolation)) == ["audit-disabled", "change-outside-pipeline"]


def test_racing_a_deployment_by_hand_bypasses_its_safety_gate() -> None:
    inject = {"at": 0, "fault": "canary_regression", "target": "orders-dg", "params": {"version": "2"}}
    sim = fresh(kit.kitchen_scenario(injects=[inject]))
    run_until(sim, 30)
    sim.submit(StartAction("shift_alias", "orders-fn", {"version": "1"}))
    assert {e.rule for e in of(sim.log, ev.ConductViolation)} == {"bypasses-approval", "change-outside-pipeline"}


@pytest.mark.parametrize("declare", [True, False])
def test_remediating_without_declaring_an_incident(kitchen: Any, declare: bool) -> None:
    sim = Simulation(kitchen, 1)
    if declare:
        act(sim, "declare_incident")
    act(sim, "enable_write_sharding", "orders-table")
    sim.submit(DeclareResolved())
    fired = of(sim.log, ev.ConductViolation, rule="incident-not-declared")
    assert bool(fired) is not declare


def test_investigating_only_needs_no_incident(kitchen: Any) -> None:
    sim = Simulation(kitchen, 1)
    act(sim, "describe_rule", "fulfil-rule")
    sim.submit(DeclareResolved())
    assert not of(sim.log, ev.ConductViolation)


@pytest.mark.parametrize("update", [True, False])
def test_customers_hurt_without_a_status_update(update: bool) -> None:
    inject = {"at": 0, "fault": "dynamodb_hot_partition", "target": "orders-table", "params": {"share": 0.9}}
    data = kit.kitchen_scenario(injects=[inject], customers={"errors": ["Checkout is broken"], "propensity": 10})
    sim = fresh(data)
    if update:
        act(sim, "post_status_update")
    run_until(sim, 1800)
    assert sim.tickets > 0
    assert bool(of(sim.log, ev.ConductViolation, rule="no-status-update")) is not update


# -- who introduced it -------------------------------------------------------------------------
def ssh_game(how: str) -> Simulation:
    open_ssh = ingress((22, "0.0.0.0/0", None))
    sg: dict[str, Any] = {"id": "bastion-sg", "type": "security_group", "config": {"ingress": []}}
    nodes: list[dict[str, Any]] = [ENTRY, sg]
    injects: list[dict[str, Any]] = []
    if how == "inherited":
        sg["config"]["ingress"] = open_ssh
    if how == "system":
        sg.update(stack="stack")
        nodes.append({"id": "stack", "type": "cloudformation_stack"})
        injects.append({"at": 60, "fault": "stack_drift", "target": "bastion-sg", "params": {"change": "open_ssh"}})
    sim = fresh(kit.scenario({"nodes": nodes, "edges": []}, [{"entry": "api", "rate": 1}], injects=injects))
    run_until(sim, 120)
    if how == "player":
        act(sim, "authorize_ingress", "bastion-sg", {"port": 22, "source": "0.0.0.0/0"})
    run_until(sim, sim.duration)
    return sim


def ssh_points(sim: Simulation) -> float:
    card = score(sim.model, sim.log)
    return sum(
        line.points for line in card.ledger if line.dimension == "compliance" and "restricted-ssh" in line.reason
    )


def test_violations_the_player_introduces_cost_more_than_inherited_ones() -> None:
    player, system, inherited = (ssh_points(ssh_game(how)) for how in ("player", "system", "inherited"))
    assert player == -20  # full severity, never fixed
    assert system == -10  # caused by the incident and left open: half
    assert inherited == 0  # there before the game: a follow-up, not a penalty
    card = score(ssh_game("inherited").model, ssh_game("inherited").log)
    assert any("restricted-ssh" in item for item in card.facts["follow_ups"])


def test_fixing_what_you_broke_gives_half_back(kitchen: Any) -> None:
    sim = Simulation(kitchen, 1)
    act(sim, "open_security_group", "alb-sg")
    sim.step()
    act(sim, "iac_revert_drift", "alb-sg")
    run_until(sim, sim.duration)
    lines = [line for line in score(sim.model, sim.log).ledger if "vpc-sg-open-only-to-authorized-ports" in line.reason]
    assert [line.points for line in lines] == [-15, 7.5]


def test_a_teammates_conduct_is_not_charged_to_the_player() -> None:
    inject = {"at": 30, "action": "attach_admin_policy", "target": "orders-role", "by": "Dana (platform team)"}
    sim = fresh(kit.kitchen_scenario(injects=[inject]))
    run_until(sim, sim.duration)
    violations = of(sim.log, ev.ConductViolation, rule="admin-grant")
    assert violations and not violations[0].by_player
    ledger = score(sim.model, sim.log).ledger
    assert not [line for line in ledger if line.reason.startswith("admin-grant")]
    # the state it left is still the player's to clean up, at half weight
    left_open = [line for line in ledger if line.reason.startswith("iam-policy-no-statements-with-admin-access")]
    assert [line.points for line in left_open] == [-12.5]
