"""Conditional injects and messages: `when: {metric: ...}` waits for CloudWatch to publish a
datapoint past a value, and names only metrics the resource publishes."""

from __future__ import annotations

import pytest
import yaml
from warroom.engine import Simulation, load_scenario
from warroom.engine import events as ev
from warroom.engine.scenario.loader import bundled_root


def _canary_with_message(tmp_path, metric: str):
    """canary-checkout plus a message that waits for ``metric`` of shop-api above 0; its path."""
    data = yaml.safe_load(bundled_root().joinpath("canary-checkout.yaml").read_text(encoding="utf-8"))
    watch = {"node": "shop-api", "name": metric, "above": 0}
    data["messages"].append({"when": {"metric": watch}, "from": "metrics-bot", "text": "5XX on the shop API"})
    path = tmp_path / "metric.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_a_message_waits_for_a_metric_to_cross_a_value(tmp_path):
    """`when: {metric: ...}` fires once CloudWatch publishes a datapoint past the value."""
    sim = Simulation(load_scenario(_canary_with_message(tmp_path, "5XXError")), 7)
    sim.advance(175)
    assert not any(isinstance(e, ev.MessageReceived) and e.sender == "metrics-bot" for e in sim.log)
    sim.advance(600)
    said = [e for e in sim.log if isinstance(e, ev.MessageReceived) and e.sender == "metrics-bot"]
    assert len(said) == 1 and said[0].tick > 180  # the bad release goes out at 3m; the datapoint is a minute late


def test_a_metric_condition_names_a_metric_the_resource_publishes(tmp_path):
    from warroom.engine import ScenarioError

    with pytest.raises(ScenarioError) as caught:
        load_scenario(_canary_with_message(tmp_path, "5xxErrors"))
    problem = caught.value.problems[0]
    assert problem.path.endswith("when.metric.name") and "publishes no metric '5xxErrors'" in problem.message
    assert "5XXError" in problem.hint
