"""Judging a team's recording of a round: a genuine one is accepted with the re-simulated score;
every way of breaking the round's rules, or tampering, is rejected with its one-line reason."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from scripted import RIGHT
from warroom.engine.gameday import LoadedGameDay, load_gameday
from warroom.engine.gameday.judge import judge, judge_each

from tests.game.gameday_kit import DRILL, edit_lines, expected_total, play_round

Lines = list[dict[str, Any]]


@pytest.fixture(scope="module")
def gameday(tmp_path_factory: pytest.TempPathFactory) -> LoadedGameDay:
    path = tmp_path_factory.mktemp("judged") / "gameday.yaml"
    path.write_text(DRILL, encoding="utf-8")
    return load_gameday(path)


@pytest.fixture(scope="module")
def genuine(gameday: LoadedGameDay, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Blue's right fix of round 1, recorded as 'warroom play --gameday' records it."""
    path = tmp_path_factory.mktemp("games") / "blue-r1.jsonl"
    return play_round(gameday, gameday.round(1), "blue", RIGHT["canary-checkout"], path, ["Ana", "Ben"])


def test_a_genuine_recording_is_accepted_with_the_resimulated_score(gameday, genuine):
    verdict = judge(gameday, genuine)
    assert verdict.accepted, verdict.reason
    assert (verdict.team, verdict.round) == ("blue", 1)
    assert verdict.score.total == expected_total(gameday.round(1), RIGHT["canary-checkout"])
    assert verdict.score.resolved and verdict.score.time_limit == 1500


def header(change: Callable[[dict], None]) -> Callable[[Lines], Lines]:
    def edit(lines: Lines) -> Lines:
        change(lines[0])
        return lines

    return edit


def block(**values: Any) -> Callable[[Lines], Lines]:
    return header(lambda h: h["gameday"].update(values))


def insert(line: dict) -> Callable[[Lines], Lines]:
    def edit(lines: Lines) -> Lines:
        at = next(i for i, x in enumerate(lines) if i and x.get("tick", 0) > line["tick"])
        return [*lines[:at], line, *lines[at:]]

    return edit


def cards(change: Callable[[dict], dict | None]) -> Callable[[Lines], Lines]:
    def edit(lines: Lines) -> Lines:
        out = []
        for line in lines:
            kept = change(line) if line["type"] == "command" and line["command"]["kind"] == "play_card" else line
            if kept is not None:
                out.append(kept)
        return out

    return edit


def first_checkpoint(lines: Lines) -> Lines:
    next(x for x in lines if x["type"] == "digest")["digest"] = "0" * 64
    return lines


def moved(line: dict) -> dict:
    return {**line, "tick": 660}


def dealt_by_the_team(lines: Lines) -> Lines:
    return insert(
        {
            "type": "command",
            "tick": 120,
            "command": {"kind": "play_card", "card": "surprise-release", "by": "Ana"},
            "digest": None,
        }
    )(lines)


CASES = [
    (
        "no game-day",
        header(lambda h: h.pop("gameday")),
        "not a game-day recording (it was not played with 'warroom play --gameday')",
    ),
    (
        "another file",
        block(sha256="0" * 64),
        "recorded for another game-day file ('Tuesday drill', sha256 000000000000…; this one is {sha}…)",
    ),
    ("unknown team", block(team="bleu"), "unknown team 'bleu'; did you mean 'blue'?"),
    ("no such round", block(round=9), "no round 9 in this game-day (it has 2)"),
    (
        "unfinished",
        lambda lines: [x for x in lines if x["type"] != "end"],
        "the game was not finished (resume it with 'warroom play --resume', then score it)",
    ),
    (
        "another scenario",
        header(lambda h: h.update(scenario_id="drifted-web-tier")),
        "played drifted-web-tier; round 1 is canary-checkout",
    ),
    (
        "edited scenario",
        header(lambda h: h.update(scenario_sha256="f" * 64)),
        "played on a scenario file that differs from the one round 1 names "
        "(sha256 ffffffffffff…, expected {scenario}…)",
    ),
    ("wrong seed", header(lambda h: h.update(seed=8)), "played on seed 8; round 1 pins seed 7"),
    ("wrong variant", header(lambda h: h.update(variant="quiet")), "played variant quiet; round 1 plays none"),
    ("longer game", block(time_limit=1800), "played with a 30:00 time limit; round 1 has 25:00"),
    ("changed speed", block(speed_changes="allowed"), "played with speed changes allowed; round 1 forbids them"),
    ("hints allowed", block(hints="allowed"), "played with hints allowed; round 1 forbids them"),
    (
        "asked for a hint",
        insert({"type": "command", "tick": 700, "command": {"kind": "request_hint", "by": "Ben"}, "digest": None}),
        "asked for a hint at 11:40; round 1 forbids hints",
    ),
    ("inject moved", cards(moved), "round 1's inject 'vp-on-the-bridge' was moved from 10:00 to 11:00"),
    ("inject missing", cards(lambda line: None), "round 1's inject 'vp-on-the-bridge' due at 10:00 is missing"),
    (
        "card dealt by the team",
        dealt_by_the_team,
        "round 1's inject 'vp-on-the-bridge' due at 10:00 is missing ('surprise-release (by Ana)' was played instead)",
    ),
    (
        "digest changed",
        first_checkpoint,
        "fails verification: the game differs from the recording at 01:00 (tampered, or recorded on another engine)",
    ),
]


@pytest.mark.parametrize(("edit", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_broken_rule_is_rejected_with_its_reason(gameday, genuine, tmp_path, edit, reason):
    copy_path = tmp_path / "copy.jsonl"
    shutil.copyfile(genuine, copy_path)
    edit_lines(copy_path, lambda lines: edit(copy.deepcopy(lines)))
    verdict = judge(gameday, copy_path)
    expected = reason.format(sha=gameday.sha256[:12], scenario=gameday.round(1).scenario.sha256[:12])
    assert (verdict.accepted, verdict.reason) == (False, expected)


def test_not_a_recording(gameday, tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text('{"hello": 1}\n', encoding="utf-8")
    assert judge(gameday, path).reason == "not a warroom recording (no header of format 1)"


def test_the_second_game_of_a_team_and_round_is_a_duplicate(gameday, genuine, tmp_path):
    again = tmp_path / "again.jsonl"
    shutil.copyfile(genuine, again)
    first, second = judge_each(gameday, [genuine, again])
    assert first.accepted
    assert second.reason == f"duplicate: team blue's round 1 is already scored from {genuine}"
