"""A complete game-day: four teams play two rounds from the bundled scenarios' scripted plays
(right fixes, console fixes, tempting wrong fixes), one team hands in a tampered recording and
one played its copy on another seed; ``warroom gameday score`` rejects both with their reasons
and ranks the rest, and the leaderboard and the combined report (Markdown and HTML) say so.

The expected totals are computed apart, by playing the same scripts on a bare simulation."""

from __future__ import annotations

import contextlib
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from scripted import CONSOLE, RIGHT, WRONG
from warroom.engine import format_clock
from warroom.engine.gameday import LoadedGameDay, load_gameday
from warroom.game.cli import main
from warroom.game.gameday.leaderboard import opened
from warroom.game.report import load_format
from warroom.game.report.gameday_build import build_gameday_report
from warroom.game.report.gameday_model import GameDayReport

from .gameday_kit import by_turns, edit_lines, expected_total, play_on_seed, play_round

GAMEDAY = """\
title: Friday game-day
description: Two incidents, four teams.
teams:
  - {name: blue, members: [Ana, Ben]}
  - {name: red, members: [Cleo, Dev]}
  - {name: green, members: [Eli]}
  - {name: gold, members: [Fay, Gus]}
rounds:
  - scenario: canary-checkout
    seed: 7
    hints: forbidden
    injects:
      - {at: 10m, card: vp-on-the-bridge}
  - scenario: drifted-web-tier
    seed: 7
standing:
  combine: sum
"""
CANARY, DRIFTED = "canary-checkout", "drifted-web-tier"
SCRIPTS = {
    ("blue", 1): RIGHT[CANARY],
    ("blue", 2): RIGHT[DRIFTED],
    ("red", 1): CONSOLE[CANARY],
    ("red", 2): CONSOLE[DRIFTED],  # tampered after it was played
    ("green", 1): WRONG[CANARY]["mute-the-pager"][0],
    ("green", 2): WRONG[DRIFTED]["open-to-the-world"][0],
    ("gold", 1): RIGHT[CANARY],  # played on seed 8
    ("gold", 2): CONSOLE[DRIFTED],
}
REJECTED = {("red", 2), ("gold", 1)}


@dataclass
class Day:
    gameday: LoadedGameDay
    file: Path
    recordings: dict[tuple[str, int], Path]
    code: int
    out: str
    report: GameDayReport


def _run(*args: str) -> tuple[int, str]:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(list(args))
    return code, buffer.getvalue()


def _tamper(lines: list[dict]) -> list[dict]:
    """Red turns its console fix into the pipeline fix, keeping the recorded digests."""
    for line in lines:
        if line["type"] == "command" and line["command"].get("action") == "authorize_ingress":
            line["command"].update(action="iac_revert_drift", params={})
    return lines


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Day:
    folder = tmp_path_factory.mktemp("gameday")
    file = folder / "gameday.yaml"
    file.write_text(GAMEDAY, encoding="utf-8")
    gameday = load_gameday(file)
    members = {t.name: t.members for t in gameday.model.teams}
    recordings = {}
    for (team, number), script in SCRIPTS.items():
        path = folder / f"{team}-r{number}.jsonl"
        planned = gameday.round(number)
        if (team, number) == ("gold", 1):
            recordings[team, number] = play_on_seed(gameday, planned, team, script, path, seed=8)
        else:
            recordings[team, number] = play_round(gameday, planned, team, script, path, members[team])
    edit_lines(recordings["red", 2], _tamper)
    code, out = _run("gameday", "score", str(file), *map(str, recordings.values()))
    with opened(gameday, folder / "gameday.leaderboard.sqlite3") as board:
        report = build_gameday_report(gameday, board.results(), board.rejections())
    return Day(gameday, file, recordings, code, out, report)


@pytest.fixture(scope="module")
def totals(day: Day) -> dict[tuple[str, int], float]:
    """Every accepted game's total, played apart."""
    return {
        key: expected_total(day.gameday.round(key[1]), script) for key, script in SCRIPTS.items() if key not in REJECTED
    }


def test_the_tampered_and_the_wrong_seed_recordings_are_rejected_with_their_reasons(day):
    assert day.code == 1
    rejected = [line for line in day.out.splitlines() if line.startswith("rejected ")]
    assert rejected == [
        f"rejected {day.recordings['red', 2]}: fails verification: the game differs from the recording at 08:20 "
        "(tampered, or recorded on another engine)",
        f"rejected {day.recordings['gold', 1]}: played on seed 8; round 1 pins seed 7",
    ]
    assert "accepted 6 of 8 recording(s)" in day.out


def test_the_standing_sums_each_teams_accepted_rounds(day, totals):
    code, out = _run("gameday", "leaderboard", str(day.file), "--csv")
    assert code == 0
    header, *rows = list(csv.reader(io.StringIO(out)))
    assert header == [
        "rank",
        "team",
        "points",
        "R1 canary-checkout",
        "R2 drifted-web-tier",
        "resolved",
        "detection (summed)",
        "compliance hits",
    ]
    points = {
        team: sum(t for (who, _), t in totals.items() if who == team) for team in ("blue", "red", "green", "gold")
    }
    ranked = sorted(points, key=lambda team: -points[team])
    assert [row[1] for row in rows] == ranked
    assert [row[0] for row in rows] == ["1", "2", "3", "4"]
    for row in rows:
        team = row[1]
        assert float(row[2]) == pytest.approx(points[team], abs=0.051)
        for number, cell in ((1, row[3]), (2, row[4])):
            assert cell == ("—" if (team, number) in REJECTED else f"{totals[team, number]:.1f}")
    assert ranked[0] == "blue"  # the right fix in both rounds wins


def test_blue_resolved_both_rounds_and_green_neither(day):
    lines = {line.team: line for line in day.report.standing}
    assert lines["blue"].resolved == 2
    assert lines["green"].resolved == 0
    assert lines["green"].compliance_hits > lines["blue"].compliance_hits


def test_the_report_names_who_made_each_decisive_command(day):
    members = {t.name: t.members for t in day.gameday.model.teams}
    for section in day.report.rounds:
        for game in section.games:
            script = SCRIPTS[game.team, section.number]
            givers = {
                (tick, action): who
                for (tick, action, _, _), who in zip(script, by_turns(members[game.team], script), strict=True)
            }
            for change in game.moments.changes:
                assert change.by == givers[change.tick, change.action]
    blue = next(g for g in day.report.rounds[1].games if g.team == "blue")
    assert [(c.action, c.target, c.by, c.what) for c in blue.moments.changes] == [
        ("iac_revert_drift", "web-sg", "Ben", "resolved cleanup, debug-ssh")
    ]
    assert blue.moments.declared is not None and blue.moments.declared.by == "Ben"
    green = next(g for g in day.report.rounds[0].games if g.team == "green")
    assert ("mute_alarm", "Eli") in {(h.action, h.by) for h in green.moments.hits}


def test_the_markdown_report(day, totals):
    text = load_format("md").render(day.report, "report").text
    assert text.startswith("# Game-day: Friday game-day\n")
    assert "| 1 | blue | Ana, Ben |" in text
    assert "## Round 1: The canary that sang too late" in text
    assert "- Facilitator injects: 10:00 vp-on-the-bridge" in text
    assert "- No accepted game from: gold" in text
    blue_fix = next(g for g in day.report.rounds[1].games if g.team == "blue").moments.changes[0]
    assert (
        f"| {format_clock(blue_fix.tick)} | blue | Ben | iac_revert_drift web-sg (resolved cleanup, debug-ssh) |"
        in text
    )
    assert f"| total | {day.report.rounds[0].par.total:.1f} |" in text
    assert "## Rejected recordings" in text and "played on seed 8; round 1 pins seed 7" in text
    for (team, number), total in totals.items():
        section = text.split(f"\n## Round {number}:")[1].split("\n## ")[0]
        assert f"- {team} (place " in section and f"{total:.1f}" in section


def test_the_html_report(day):
    page = load_format("html").render(day.report, "report").text
    assert "<title>Game-day: Friday game-day</title>" in page
    assert "<h2>Standing</h2>" in page and "<h2>Round 2: The rule nobody used</h2>" in page
    assert "<td>blue</td><td>Ana, Ben</td>" in page
    assert "fails verification" in page


def test_the_report_command_writes_both_formats(day, tmp_path):
    for fmt in ("md", "html"):
        out = tmp_path / f"day.{fmt}"
        code, printed = _run("gameday", "report", str(day.file), "--format", fmt, "-o", str(out))
        assert code == 0 and printed.strip() == str(out)
        assert "Friday game-day" in out.read_text(encoding="utf-8")


def test_scoring_again_adds_nothing_and_a_new_file_for_a_scored_round_is_a_duplicate(day, tmp_path):
    code, out = _run("gameday", "score", str(day.file), str(day.recordings["blue", 1]))
    assert code == 0 and "accepted 1 of 1" in out
    copy = tmp_path / "blue-again.jsonl"
    play_round(day.gameday, day.gameday.round(1), "blue", CONSOLE[CANARY], copy, ["Ana"])
    code, out = _run("gameday", "score", str(day.file), str(copy))
    assert code == 1
    assert f"rejected {copy.resolve()}: duplicate: team blue's round 1 is already on the leaderboard from " in out
