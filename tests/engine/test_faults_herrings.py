"""Red herrings: a harmless ``metric_anomaly`` moves a metric (and the alarms on it) while
nothing is broken; it counts for nothing in recovery, and the debrief names it and any
change the team made to it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from warroom.engine import ScenarioError, Simulation, load_scenario, score
from warroom.engine import events as ev
from warroom.engine.scenario.loader import bundled_root
from warroom.engine.signals import metrics as cw

from .kit import act, of, run_until

FAULT_TYPES = ("metric_anomaly",)
SEED = 7
PATCH_SCAN = {
    "id": "patch-scan",
    "at": "4m",
    "fault": "metric_anomaly",
    "target": "web-asg",
    "params": {
        "metric": "CPUUtilization",
        "add": 80,
        "lasts": "12m",
        "cause": "the weekly patch-baseline scan on the web fleet",
        "trail": {
            "event": "SendCommand",
            "source": "ssm.amazonaws.com",
            "user": "arn:aws:sts::123456789012:assumed-role/maintenance-window-role",
            "detail": "AWS-RunPatchBaseline Operation=Scan on web-asg instances",
        },
    },
}


def _rds_failover(folder: Path, *extra: dict) -> Path:
    data = yaml.safe_load(bundled_root().joinpath("rds-failover.yaml").read_text(encoding="utf-8"))
    data["injects"] = [i for i in data["injects"] if i.get("fault") != "metric_anomaly"] + list(extra)
    data["architecture"] = yaml.safe_load(
        bundled_root().joinpath("architectures", "web-fleet-multi-az.yaml").read_text(encoding="utf-8")
    )
    path = folder / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    return load_scenario(_rds_failover(tmp_path_factory.mktemp("plain")))


@pytest.fixture(scope="module")
def noisy(tmp_path_factory):
    return load_scenario(_rds_failover(tmp_path_factory.mktemp("noisy"), PATCH_SCAN))


def _cpu(sim: Simulation) -> float:
    node = sim.world.nodes["web-asg"]
    points = cw.published(node, node.type.metric("CPUUtilization"), None, sim.tick, 1, sim.streams)
    return points[-1].value or 0.0


def test_the_metric_moves_and_its_alarm_pages_while_nothing_else_changes(plain, noisy):
    calm, loud = Simulation(plain, SEED), Simulation(noisy, SEED)
    run_until(calm, 900)  # five-minute datapoints, published two minutes after their period
    run_until(loud, 900)
    assert _cpu(loud) > _cpu(calm) + 70
    paged = of(loud.log, ev.AlarmStateChanged, alarm="web-cpu-high", new="ALARM")
    assert paged and paged[0].paged
    assert not of(calm.log, ev.AlarmStateChanged, alarm="web-cpu-high", new="ALARM")
    # What users get is exactly the same: the herring serves and fails nothing.
    assert of(loud.log, ev.ServiceLevelChanged) == of(calm.log, ev.ServiceLevelChanged)
    assert of(loud.log, ev.KpiChanged) == of(calm.log, ev.KpiChanged)


def test_it_is_planted_not_injected_and_leaves_its_cloudtrail_record(noisy):
    sim = Simulation(noisy, SEED)
    run_until(sim, 300)
    assert not of(sim.log, ev.FaultInjected, fault="patch-scan")
    planted = of(sim.log, ev.RedHerringPlanted, fault="patch-scan")
    assert planted and planted[0].tick == 240 and "patch-baseline scan" in planted[0].explanation
    assert any(r.event == "SendCommand" and r.resource == "web-asg" for r in sim.trail)


def test_it_ends_when_it_lasts_out(noisy, plain):
    loud, calm = Simulation(noisy, SEED), Simulation(plain, SEED)
    run_until(loud, 900)
    run_until(calm, 900)
    assert loud.world.nodes["web-asg"].observed["cpu"] > calm.world.nodes["web-asg"].observed["cpu"] + 70
    run_until(loud, 960)  # 4m + 12m
    run_until(calm, 960)
    assert loud.world.nodes["web-asg"].observed == calm.world.nodes["web-asg"].observed


def test_recovery_does_not_ask_for_it_and_left_alone_it_costs_nothing(play, noisy):
    fixes = [
        (390, "recycle_connections", "web-asg", {}),
        (490, "fix_alarm_iac", "target-5xx", {"metric": "HTTPCode_Target_5XX_Count"}),
    ]
    card = play(noisy, fixes).card
    assert card.resolved
    assert [f.key for f in card.faults] == ["alarm-typo", "db-failover"]
    assert not [line for line in card.ledger if "patch-scan" in line.reason]
    herring = card.facts["red_herrings"][0]
    assert (herring["key"], herring["target"], herring["changes"]) == ("patch-scan", "web-asg", [])


def test_changes_made_to_it_are_named_but_looks_are_not(noisy):
    sim = Simulation(noisy, SEED)
    run_until(sim, 600)
    act(sim, "view_metrics", "web-asg")
    act(sim, "set_desired_capacity", "web-asg", {"desired": 6})
    card = score(noisy.model, sim.log)
    (changes,) = [h["changes"] for h in card.facts["red_herrings"]]
    assert len(changes) == 1 and changes[0].endswith("set_desired_capacity")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"metric": "CPUUtilisation", "add": 50, "cause": "x"}, "publishes no metric 'CPUUtilisation'; did you mean"),
        ({"metric": "CPUUtilization", "cause": "x"}, "the anomaly changes nothing"),
        ({"metric": "CPUUtilization", "add": 5}, "missing required field 'cause'"),
    ],
)
def test_a_bad_red_herring_is_a_located_error(tmp_path, params, message):
    path = _rds_failover(tmp_path, {**PATCH_SCAN, "params": params})
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert message in str(caught.value)
    assert f"{path}:" in str(caught.value)


def test_a_herring_on_what_the_business_counts_is_refused(tmp_path):
    counted = {**PATCH_SCAN, "target": "web-tg", "params": {"metric": "RequestCount", "factor": 3, "cause": "x"}}
    with pytest.raises(ScenarioError) as caught:
        load_scenario(_rds_failover(tmp_path, counted))
    assert "a red herring there would hurt" in str(caught.value)
