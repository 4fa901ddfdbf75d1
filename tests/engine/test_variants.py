"""Seeded variants: the seed picks one version of the incident, the same on every machine; a
variant swaps injects by id, adds messages and debrief text; games record and replay it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from warroom.engine import CommandError, Simulation, load_scenario, read_recording, verify
from warroom.engine import events as ev
from warroom.engine.scenario.loader import bundled_root
from warroom.engine.session import Session

VARIANTS = [
    {"id": "renamed-alias", "summary": "the alarm watches the old alias name"},
    {
        "id": "renamed-metric",
        "weight": 2,
        "summary": "the alarm watches a metric the function does not publish",
        "injects": [
            {
                "id": "blind-alarm",
                "fault": "silent_alarm",
                "target": "checkout-errors",
                "params": {"mode": "metric_name"},
            },
            {"id": "late-page", "at": "25m", "action": "declare_incident", "by": "Marcus"},
        ],
        "messages": [{"at": "4m", "from": "metrics-bot", "text": "Errors dashboard shows no data."}],
        "debrief": "In this variant the metric name was wrong.",
    },
]


@pytest.fixture(scope="module")
def varied(tmp_path_factory: pytest.TempPathFactory):
    """canary-checkout with two variants (the base file plus a variants list)."""
    data = yaml.safe_load(bundled_root().joinpath("canary-checkout.yaml").read_text(encoding="utf-8"))
    data["variants"] = VARIANTS
    path = Path(tmp_path_factory.mktemp("varied")) / "varied.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_scenario(path)


def test_the_seed_picks_variants_by_weight_and_the_same_way_every_time(varied):
    picks = [varied.model.pick_variant(seed) for seed in range(300)]
    assert picks == [varied.model.pick_variant(seed) for seed in range(300)]
    assert set(picks) == {"renamed-alias", "renamed-metric"}
    assert 0.55 < picks.count("renamed-metric") / len(picks) < 0.78  # weight 2 of 3


def test_a_variant_swaps_its_injects_by_id_and_adds_the_rest(varied):
    model = varied.model.with_variant("renamed-metric")
    blind = next(i for i in model.injects if i.id == "blind-alarm")
    assert blind.params == {"mode": "metric_name"}
    assert [i.id for i in model.injects] == ["blind-alarm", "bad-release", "dana-release", "late-page"]
    assert model.messages[-1].sender == "metrics-bot"
    assert model.debrief.endswith(
        "This game played the variant renamed-metric: the alarm watches a metric the function does not publish"
        "\n\nIn this variant the metric name was wrong.\n"
    )
    assert varied.model.with_variant("renamed-alias").injects == varied.model.injects


def test_the_game_plays_the_variant_it_picked(varied):
    seed = next(s for s in range(50) if varied.model.pick_variant(s) == "renamed-metric")
    sim = Simulation(varied, seed)
    sim.advance(300)
    injected = next(e for e in sim.log if isinstance(e, ev.FaultInjected) and e.fault == "blind-alarm")
    assert sim.variant == "renamed-metric"
    assert "metric" in injected.explanation.lower()
    assert any(isinstance(e, ev.MessageReceived) and e.sender == "metrics-bot" for e in sim.log)


def test_a_forced_variant_wins_over_the_seed_and_an_unknown_one_is_refused(varied):
    seed = next(s for s in range(50) if varied.model.pick_variant(s) == "renamed-metric")
    assert Simulation(varied, seed, variant="renamed-alias").variant == "renamed-alias"
    with pytest.raises(CommandError, match="no variant 'renamed-metrik'; did you mean 'renamed-metric'"):
        Simulation(varied, seed, variant="renamed-metrik")


def test_different_variants_make_different_games(varied):
    one, other = Simulation(varied, 3, variant="renamed-alias"), Simulation(varied, 3, variant="renamed-metric")
    one.advance(300)
    other.advance(300)
    assert one.digest() != other.digest()


def test_a_recording_names_its_variant_and_verifies(varied, tmp_path):
    session = Session.start(varied, 5, tmp_path / "game.jsonl", "varied.yaml", variant="renamed-metric")
    session.advance(600)
    session.declare_over()
    recording = read_recording(tmp_path / "game.jsonl")
    assert recording.header["variant"] == "renamed-metric"
    assert verify(recording, varied).ok


def test_a_scenario_without_variants_plays_none():
    from warroom.engine import load_bundled

    scenario = load_bundled("orders-go-quiet")
    assert scenario.model.pick_variant(7) is None
    assert Simulation(scenario, 7).variant is None


def test_a_variant_inject_is_checked_like_any_other(tmp_path):
    from warroom.engine import ScenarioError

    data = yaml.safe_load(bundled_root().joinpath("canary-checkout.yaml").read_text(encoding="utf-8"))
    data["variants"] = [
        {"id": "typo", "injects": [{"id": "x", "fault": "silent_alarm", "target": "checkout-erors", "params": {}}]}
    ]
    path = tmp_path / "typo.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    problem = caught.value.problems[0]
    assert problem.path == "variants[0].injects[0].target"
    assert "unknown resource 'checkout-erors'" in problem.message and "checkout-errors" in problem.hint
    assert problem.line > 1
