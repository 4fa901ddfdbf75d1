"""Loading game-day files: a valid one plans its rounds; each mistake is one located message."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from warroom.engine import PlayCard, ScenarioError
from warroom.engine.gameday import gameday_schema, load_gameday

VALID = """\
title: Spring game-day
description: Two incidents, four teams.
teams:
  - name: blue
    members: [Ana, Ben]
  - name: red
    members: [on-call lead, scribe]
rounds:
  - scenario: canary-checkout
    seed: 7
    time_limit: 25m
    hints: forbidden
    injects:
      - at: 10m
        card: vp-on-the-bridge
  - scenario: drifted-web-tier
    seed: 3
standing:
  combine: sum
"""


def write(folder: Path, text: str, name: str = "gameday.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        load_gameday(path)
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]


def test_a_valid_gameday_pins_each_round(tmp_path):
    gameday = load_gameday(write(tmp_path, VALID))
    first, second = gameday.rounds
    assert gameday.team_names() == ["blue", "red"]
    assert (first.scenario.id, first.spec.seed, first.time_limit) == ("canary-checkout", 7, 1500)
    assert not first.hints_allowed and not first.speed_changes_allowed
    assert first.schedule() == [(600, PlayCard("vp-on-the-bridge", by="facilitator"))]
    assert second.time_limit == second.scenario.model.clock.duration == 1800
    assert first.scenario.sha256 == load_gameday(write(tmp_path, VALID, "again.yaml")).rounds[0].scenario.sha256


def test_the_sha256_is_the_files(tmp_path):
    import hashlib

    path = write(tmp_path, VALID)
    assert load_gameday(path).sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


MISTAKES = [
    (
        ("    members: [Ana, Ben]", "    membres: [Ana, Ben]"),
        "5:5: error: unknown field 'membres' (teams[0].membres); did you mean 'members'?",
    ),
    (
        ("  - name: red", "  - name: Blue"),
        "6:11: error: duplicate team name 'Blue' (teams[1].name); first used by team #1; "
        "team names must differ (ignoring case)",
    ),
    (
        ("    members: [on-call lead, scribe]", "    members: [on-call lead, Facilitator]"),
        "7:29: error: 'Facilitator' is a name warroom keeps for itself (teams[1].members[1]); choose another name",
    ),
    (
        ("  - scenario: canary-checkout", "  - scenario: canary-checkot"),
        "9:15: error: no scenario 'canary-checkot' (rounds[0].scenario); did you mean 'canary-checkout'?",
    ),
    (
        ("  - scenario: canary-checkout", "  - scenario: ../elsewhere.yaml"),
        "9:15: error: '../elsewhere.yaml' is outside the game-day file's folder (rounds[0].scenario); "
        "name a bundled scenario ('warroom list') or a .yaml file beside the game-day",
    ),
    (
        ("    seed: 7", "    seed: -7"),
        "10:11: error: Input should be greater than or equal to 0 (rounds[0].seed)",
    ),
    (
        ("    seed: 7", "    seed: 7\n    variant: nope"),
        "11:14: error: canary-checkout has no variant 'nope' (rounds[0].variant); canary-checkout has no variants",
    ),
    (
        ("    hints: forbidden", "    hints: never"),
        "12:12: error: 'never' is not one of 'allowed' or 'forbidden' (rounds[0].hints)",
    ),
    (
        ("        card: vp-on-the-bridge", "        card: vp-on-the-bridg"),
        "15:15: error: canary-checkout's deck has no card 'vp-on-the-bridg' (rounds[0].injects[0].card); "
        "did you mean 'vp-on-the-bridge'?",
    ),
    (
        ("      - at: 10m", "      - at: 26m"),
        "14:13: error: the inject at 26:00 comes after the round's time limit (25:00) (rounds[0].injects[0].at); "
        "play it earlier, or lengthen the round with 'time_limit'",
    ),
    (
        ("    time_limit: 25m", "    time_limit: 30s"),
        "11:17: error: a round lasts at least a minute (rounds[0].time_limit); write it like 20m or 45m",
    ),
    (
        ("  combine: sum", "  combine: best-of"),
        "19:12: error: 'combine: best-of' needs 'best_of' (standing.combine); add 'best_of: N'",
    ),
    (
        ("  combine: sum", "  combine: best-of\n  best_of: 3"),
        "20:12: error: best of 3 rounds, but the game-day has 2 (standing.best_of); use at most 2",
    ),
    (
        ("  combine: sum", "  combine: sum\n  tie_breakers: [most-resolved, fastest]"),
        "20:33: error: 'fastest' is not one of 'most-resolved', 'earliest-detection', 'fewest-compliance-hits' "
        "or 'lowest-cost' (standing.tie_breakers[1])",
    ),
    (
        ("title: Spring game-day", "title: Spring game-day\ntitle: again"),
        "2:1: error: duplicate key 'title'; each key may appear once in a mapping; remove or rename one",
    ),
    (
        ("title: Spring game-day", "title: !!python/object:os.system x"),
        "1:8: error: the YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed; "
        "scenario files use plain mappings, lists and scalars only",
    ),
]


@pytest.mark.parametrize(("change", "expected"), MISTAKES, ids=[m[1].split(" (")[0][-40:] for m in MISTAKES])
def test_each_mistake_is_one_located_message(tmp_path, change, expected):
    old, new = change
    assert old in VALID
    assert problems(write(tmp_path, VALID.replace(old, new, 1))) == [expected]


def test_a_round_may_name_a_scenario_file_beside_it(tmp_path):
    source = Path(__file__).resolve().parents[2] / "scenarios" / "drifted-web-tier.yaml"
    (tmp_path / "mine.yaml").write_bytes(source.read_bytes())
    (tmp_path / "architectures").mkdir()
    gameday = load_gameday(write(tmp_path, VALID.replace("scenario: drifted-web-tier", "scenario: mine.yaml")))
    assert gameday.rounds[1].reference == str((tmp_path / "mine.yaml").resolve())


def test_a_scenario_that_does_not_load_is_reported_at_the_round(tmp_path):
    (tmp_path / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    [message] = problems(write(tmp_path, VALID.replace("scenario: drifted-web-tier", "scenario: broken.yaml")))
    assert message.startswith("16:15: error: the scenario 'broken.yaml' does not load: ")
    assert message.endswith("(rounds[1].scenario); run 'warroom validate' on it")


def test_not_a_mapping(tmp_path):
    assert problems(write(tmp_path, "- a\n- b\n")) == [
        "1:1: error: a game-day file is a mapping of fields; start with 'title:', 'teams:' ..."
    ]


def test_the_valid_file_passes_the_published_schema(tmp_path):
    schema = json.loads(json.dumps(gameday_schema()))
    jsonschema.validate(yaml.safe_load(VALID), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(VALID.replace("combine: sum", "combine: max")), schema)
