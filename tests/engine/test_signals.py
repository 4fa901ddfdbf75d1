"""Signals, not truth: CloudWatch datapoints (period, delay, presence) and alarm evaluation."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from warroom.engine import events as ev
from warroom.engine.architecture import build_world
from warroom.engine.rng import RandomStreams
from warroom.engine.scenario.models import ArchitectureSpec
from warroom.engine.signals import alarms
from warroom.engine.signals.metrics import published

from . import kit
from .kit import fresh, fuzz_settings, of, run_until

OK, ALARM, INSUFFICIENT = "OK", "ALARM", "INSUFFICIENT_DATA"


def arch(*alarm_specs: dict[str, Any], fn: dict[str, Any] | None = None) -> dict[str, Any]:
    """An API in front of a function that writes a table, plus the given alarms."""
    nodes: list[dict[str, Any]] = [
        {"id": "api", "type": "api_gateway"},
        {
            "id": "fn",
            "type": "lambda_function",
            "config": {"resource_policy": [{"principal": "apigateway.amazonaws.com"}], **(fn or {})},
        },
        {"id": "table", "type": "dynamodb_table", "config": {"wcu": 50, "partitions": 1}},
        {"id": "web-alb", "type": "alb", "config": {"listener_protocol": "HTTP"}},
        {"id": "web-tg", "type": "target_group"},
        {"id": "backend", "type": "ec2_instance"},
    ]
    edges = ["api calls fn", "fn writes table", "web-alb routes web-tg", "web-tg routes backend"]
    for spec in alarm_specs:
        watched = spec.pop("watches", "fn")
        nodes.append({"id": spec.pop("id"), "type": "cloudwatch_alarm", "config": spec})
        edges.append(f"{nodes[-1]['id']} monitors {watched}")
    return {"nodes": nodes, "edges": edges}


def game(*alarm_specs: dict[str, Any], rate: float = 10.0, fn: dict[str, Any] | None = None) -> Any:
    traffic = [{"entry": "api", "rate": rate}, {"entry": "web-alb", "rate": 10.0}]
    return fresh(kit.scenario(arch(*alarm_specs, fn=fn), traffic))


def states(sim: Any, alarm: str) -> list[tuple[int, str]]:
    return [(e.tick, e.new) for e in of(sim.log, ev.AlarmStateChanged, alarm=alarm)]


def errors_from(sim: Any, node: str, share: float) -> None:
    """From the next tick on, ``share`` of ``node``'s requests fail."""
    sim.world.set_impairment(node, "test", 1.0 - share, "Unhandled exception: boom")


def errors_during(sim: Any, node: str, start: int, end: int, share: float = 0.5) -> None:
    """``share`` of ``node``'s requests fail during ticks ``[start, end)`` exactly."""
    run_until(sim, start - 1)
    errors_from(sim, node, share)
    run_until(sim, end - 1)
    errors_from(sim, node, 0.0)


# -- publication -------------------------------------------------------------------------------
def test_a_datapoint_is_published_only_after_its_period_and_delay() -> None:
    sim = game()
    spec = sim.world.nodes["fn"].type.metric("Invocations")
    assert (spec.period, spec.delay) == (60, 60)
    run_until(sim, 600)
    fn = sim.world.nodes["fn"]
    # the period [540, 600) ends at 600 and is readable from 660; at 659 the newest is [480, 540)
    assert published(fn, spec, None, 659, 1, sim.streams)[0].start == 480
    assert published(fn, spec, None, 660, 1, sim.streams)[0].start == 540
    (point,) = published(fn, spec, None, 660, 1, sim.streams)
    assert point.value == pytest.approx(600, rel=0.05)  # 10 invocations a second for a minute, with noise


def test_the_first_errors_reach_an_alarm_only_after_period_and_delay() -> None:
    sim = game({"id": "fn-errors", "metric": "Errors", "threshold": 5, "treat_missing_data": "notBreaching"})
    run_until(sim, 600)
    errors_from(sim, "fn", 0.5)  # errors start at 601, inside the period [600, 660)
    run_until(sim, 719)
    assert states(sim, "fn-errors") == []
    run_until(sim, 720)  # [600, 660) is published at 720, and alarms are evaluated on the minute
    assert states(sim, "fn-errors") == [(720, ALARM)]


def test_active_metrics_are_absent_without_traffic() -> None:
    sim = game(rate=0.0)
    run_until(sim, 400)
    fn, table = sim.world.nodes["fn"], sim.world.nodes["table"]
    for name in ("Invocations", "Errors", "Duration", "Throttles"):
        points = published(fn, fn.type.metric(name), None, sim.tick, 3, sim.streams)
        assert [p.value for p in points] == [None, None, None], name
    # a table publishes its consumed capacity every period, zero or not
    points = published(table, table.type.metric("ConsumedWriteCapacityUnits"), None, sim.tick, 3, sim.streams)
    assert [p.value for p in points] == [0.0, 0.0, 0.0]


def test_nonzero_metrics_are_absent_at_zero_and_appear_with_the_first_error() -> None:
    sim = game()
    alb = sim.world.nodes["web-alb"]
    spec = alb.type.metric("HTTPCode_Target_5XX_Count")
    run_until(sim, 300)
    assert [p.value for p in published(alb, spec, None, sim.tick, 3, sim.streams)] == [None, None, None]
    assert published(alb, alb.type.metric("RequestCount"), None, sim.tick, 1, sim.streams)[0].value
    errors_during(sim, "backend", 360, 420)
    run_until(sim, 480)
    values = [p.value for p in published(alb, spec, None, sim.tick, 3, sim.streams)]
    assert values[:2] == [None, None]
    assert values[2] == pytest.approx(300, rel=0.05)  # half of 10 requests a second for the minute [360, 420)


def test_qualified_metrics_exist_per_version_and_alias_only() -> None:
    sim = game(fn={"alias": "live", "traffic": {"3": 0.9, "4": 0.1}})
    run_until(sim, 300)
    fn = sim.world.nodes["fn"]
    spec = fn.type.metric("Invocations")
    value = {q: published(fn, spec, q, sim.tick, 1, sim.streams)[0].value for q in ("live", "3", "4", "prod")}
    assert value["live"] == pytest.approx(600, rel=0.05)
    assert value["3"] == pytest.approx(540, rel=0.05)
    assert value["4"] == pytest.approx(60, rel=0.06)
    assert value["prod"] is None
    assert published(fn, fn.type.metric("Throttles"), "live", sim.tick, 1, sim.streams)[0].value is None


# -- alarms in a game --------------------------------------------------------------------------
def test_alarm_goes_to_alarm_and_back_to_ok() -> None:
    sim = game({"id": "fn-errors", "metric": "Errors", "threshold": 5, "treat_missing_data": "notBreaching"})
    run_until(sim, 300)
    assert sim.world.nodes["fn-errors"].status["state"] == OK
    errors_during(sim, "fn", 300, 600)
    run_until(sim, 900)
    # [300, 360) is published at 420; the first clean minute [600, 660) at 720
    assert states(sim, "fn-errors") == [(420, ALARM), (720, OK)]


@pytest.mark.parametrize(
    ("treat", "expected"),
    [("missing", INSUFFICIENT), ("notBreaching", OK), ("breaching", ALARM), ("ignore", INSUFFICIENT)],
)
def test_treat_missing_data_when_nothing_is_published(treat: str, expected: str) -> None:
    # no traffic: Lambda publishes no Errors at all; "ignore" keeps the state it started in
    sim = game({"id": "a", "metric": "Errors", "threshold": 1, "treat_missing_data": treat}, rate=0.0)
    run_until(sim, 300)
    assert sim.world.nodes["a"].status["state"] == expected


@pytest.mark.parametrize(("treat", "expected"), [("notBreaching", OK), ("missing", INSUFFICIENT), ("breaching", ALARM)])
def test_an_alarm_on_a_metric_that_is_not_published(treat: str, expected: str) -> None:
    sim = game({"id": "blind", "metric": "Error", "threshold": 1, "treat_missing_data": treat})
    run_until(sim, 120)
    errors_from(sim, "fn", 1.0)  # everything fails: the alarm still sees nothing
    run_until(sim, 900)
    assert sim.world.nodes["blind"].status["state"] == expected
    assert {state for _, state in states(sim, "blind")} <= {expected}


@pytest.mark.parametrize("treat", ["breaching", "notBreaching", "missing"])
def test_dynamodb_alarms_ignore_missing_data(treat: str) -> None:
    throttles = {"id": "throttles", "watches": "table", "metric": "WriteThrottleEvents", "threshold": 1}
    sim = game({**throttles, "treat_missing_data": treat}, rate=10.0)
    run_until(sim, 600)
    # no throttling: nothing is published and the alarm keeps the state it started with
    assert sim.world.nodes["throttles"].status["state"] == INSUFFICIENT
    sim.world.set_config("table", "wcu", 5)  # 10 writes a second on 5 WCU: throttling
    run_until(sim, 900)
    assert sim.world.nodes["throttles"].status["state"] == ALARM
    sim.world.set_config("table", "wcu", 50)
    run_until(sim, 1500)
    assert sim.world.nodes["throttles"].status["state"] == ALARM  # missing again: the state is kept


@pytest.mark.parametrize(("bad_minutes", "expected"), [(1, []), (2, [ALARM])])
def test_m_out_of_n_datapoints(bad_minutes: int, expected: list[str]) -> None:
    spec = {"id": "m-of-n", "metric": "Errors", "threshold": 5, "treat_missing_data": "notBreaching"}
    sim = game({**spec, "evaluation_periods": 3, "datapoints_to_alarm": 2})
    for minute in range(bad_minutes):  # bad minutes with a good one between them: 2 of the last 3
        errors_during(sim, "fn", 600 + 120 * minute, 660 + 120 * minute)
    run_until(sim, 1200)
    assert [state for _, state in states(sim, "m-of-n")][:1] == expected


def test_an_alarm_with_actions_pages_and_one_without_does_not() -> None:
    paging = {"id": "paging", "metric": "Errors", "threshold": 5, "alarm_actions": ["oncall"]}
    silent = {"id": "silent", "metric": "Errors", "threshold": 5}
    sim = game(paging, silent)
    run_until(sim, 120)
    errors_from(sim, "fn", 0.5)
    run_until(sim, 400)
    paged = {e.alarm: e.paged for e in of(sim.log, ev.AlarmStateChanged, new=ALARM)}
    assert paged == {"paging": True, "silent": False}


# -- alarm evaluation against a reference ------------------------------------------------------
def reference(values: tuple[float | None, ...], cfg: dict[str, Any], namespace: str, current: str) -> str:
    """CloudWatch's documented rules, written independently of the engine.

    Each datapoint becomes breaching or not; a missing one is substituted as configured by
    TreatMissingData, or dropped (``missing``/``ignore``; AWS/DynamoDB always ignores).
    With nothing left the alarm is INSUFFICIENT_DATA, or keeps its state for ``ignore``.
    """
    treat = "ignore" if namespace == "AWS/DynamoDB" else cfg["treat_missing_data"]
    ops = {
        "GreaterThanOrEqualToThreshold": float.__ge__,
        "GreaterThanThreshold": float.__gt__,
        "LessThanThreshold": float.__lt__,
        "LessThanOrEqualToThreshold": float.__le__,
    }
    verdicts: list[bool] = []
    for value in values:
        if value is not None:
            verdicts.append(ops[cfg["comparison"]](float(value), float(cfg["threshold"])))
        elif treat == "breaching":
            verdicts.append(True)
        elif treat == "notBreaching":
            verdicts.append(False)
    if not verdicts:
        return current if treat == "ignore" else INSUFFICIENT
    needed = cfg["datapoints_to_alarm"] or cfg["evaluation_periods"]
    return ALARM if sum(verdicts) >= needed else OK


WATCHED = {
    "lambda": ("fn", "Errors", "errors"),
    "dynamodb": ("table", "WriteThrottleEvents", "write_throttles"),
}


@st.composite
def alarm_cases(draw: Any) -> tuple[dict[str, Any], str, list[int | None], str, int]:
    periods = draw(st.integers(1, 6))
    cfg = {
        "metric": "",
        "threshold": float(draw(st.integers(0, 40))),
        "comparison": draw(st.sampled_from(alarms.COMPARISONS)),
        "treat_missing_data": draw(st.sampled_from(alarms.TREAT_MISSING)),
        "evaluation_periods": periods,
        "datapoints_to_alarm": draw(st.one_of(st.none(), st.integers(1, periods))),
    }
    watched = draw(st.sampled_from(sorted(WATCHED)))
    factor = draw(st.sampled_from([1, 1, 2]))  # alarm period: the native minute, or two of them
    # errors or throttles per minute; 1 is left out because rounding may publish it as 0 (absent for
    # a nonzero metric), which would make the expected presence ambiguous
    count = st.one_of(st.none(), st.just(0), st.integers(2, 60))
    counts = draw(st.lists(count, min_size=periods * factor, max_size=periods * factor))
    current = draw(st.sampled_from([OK, ALARM, INSUFFICIENT]))
    return cfg, watched, counts, current, factor


@fuzz_settings(300)
@given(case=alarm_cases(), seed=st.integers(0, 2**32))
def test_alarm_evaluation_matches_the_reference(case: tuple, seed: int) -> None:
    cfg, watched, counts, current, factor = case
    node_id, metric, source = WATCHED[watched]
    cfg = {**cfg, "metric": metric, "period": 60 * factor}
    world = build_world(ArchitectureSpec.model_validate(arch({"id": "alarm", "watches": node_id, **cfg})))
    node = world.nodes[node_id]
    # one native minute of constant observables per generated count (None: no traffic at all)
    node.history_ticks = [60 * k for k in range(len(counts))] + [60 * len(counts)]
    node.history = [({"requests": 0.0} if c is None else {"requests": 100.0, source: c / 60.0}, {}) for c in counts] + [
        ({"requests": 0.0}, {})
    ]
    world.tick = 60 * len(counts) + node.type.metric(metric).delay
    result = alarms.evaluate(world.nodes["alarm"], world, RandomStreams(seed), current)
    namespace = node.type.metric(metric).namespace
    # missing datapoints are exactly the periods without data
    spans = [counts[i * factor : (i + 1) * factor] for i in range(cfg["evaluation_periods"])]
    present = [any(c is not None and (c > 0 or watched == "lambda") for c in span) for span in spans]
    assert [v is not None for v in result.values] == present
    assert result.state == reference(result.values, cfg, namespace, current)
    assert result.reason


MANY_ALARMS = [
    {"id": "errors", "metric": "Errors", "threshold": 5, "treat_missing_data": "notBreaching"},
    {"id": "errors-m-of-n", "metric": "Errors", "threshold": 20, "evaluation_periods": 3, "datapoints_to_alarm": 2},
    {"id": "errors-2m", "metric": "Errors", "threshold": 30, "period": 120, "treat_missing_data": "breaching"},
    {"id": "quiet", "metric": "Invocations", "threshold": 300, "comparison": "LessThanThreshold"},
    {"id": "slow", "metric": "Duration", "threshold": 200},
    {"id": "throttles", "watches": "table", "metric": "WriteThrottleEvents", "threshold": 1},
    {"id": "alb-5xx", "watches": "web-alb", "metric": "HTTPCode_Target_5XX_Count", "threshold": 1},
]
WINDOWS = st.lists(
    st.tuples(
        st.sampled_from(["fn", "backend", "wcu", "rate"]),
        st.integers(1, 25),  # start minute
        st.integers(1, 6),  # minutes
        st.sampled_from([0.02, 0.3, 1.0]),
    ),
    max_size=4,
)


def alarm_history(windows: list[tuple[str, int, int, float]]) -> list[tuple[int, str, str]]:
    sim = game(*[dict(spec) for spec in MANY_ALARMS])
    changes = sorted((60 * start, what, share, True) for what, start, _, share in windows)
    changes += sorted((60 * (start + length), what, share, False) for what, start, length, share in windows)
    for tick, what, share, on in sorted(changes, key=lambda c: c[0]):
        run_until(sim, tick)
        if what in ("fn", "backend"):
            errors_from(sim, what, share if on else 0.0)
        elif what == "wcu":
            sim.world.set_config("table", "wcu", 5 if on else 50)
        else:
            sim.world.set_entry_rate("api", 10.0 * share if on else 10.0)
    run_until(sim, 1800)
    return [(e.tick, e.alarm, e.new) for e in of(sim.log, ev.AlarmStateChanged)]


@fuzz_settings(25)
@given(windows=WINDOWS)
def test_alarm_states_do_not_depend_on_evaluation_shortcuts(
    windows: list[tuple[str, int, int, float]], monkeypatch_module: pytest.MonkeyPatch
) -> None:
    """Skipping evaluations that cannot change (an engine optimisation) must change no outcome."""
    fast = alarm_history(windows)
    with monkeypatch_module.context() as patch:
        patch.setattr(alarms, "reusable", lambda *args: False, raising=False)
        slow = alarm_history(windows)
    assert fast == slow
