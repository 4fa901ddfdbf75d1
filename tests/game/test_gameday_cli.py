"""``warroom gameday init|validate`` and ``warroom play --gameday``: as a facilitator and a team use them."""

from __future__ import annotations

from pathlib import Path

import pytest
from scripted import RIGHT
from warroom.engine import PlayCard, RequestHint, StartAction, read_recording
from warroom.engine.gameday import load_gameday
from warroom.engine.gameday.session import RoundSession

from .gameday_kit import DRILL, play_round


@pytest.fixture
def gameday_file(tmp_path: Path) -> Path:
    path = tmp_path / "gameday.yaml"
    path.write_text(DRILL, encoding="utf-8")
    return path


def test_init_writes_a_file_that_validates(cli, tmp_path):
    target = tmp_path / "new.yaml"
    made = cli("gameday", "init", "-o", str(target))
    assert made.code == 0 and made.out == f"wrote {target}; check it with: warroom gameday validate {target}\n"
    checked = cli("gameday", "validate", str(target))
    assert checked.code == 0, checked.err
    assert checked.out.startswith(f"ok: {target}: Incident-response game-day — 4 teams, 2 rounds\n")
    assert "10:00 the facilitator plays vp-on-the-bridge" in checked.out
    assert cli("gameday", "init").out == target.read_text(encoding="utf-8")


def test_init_does_not_overwrite(cli, tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("title: mine\n", encoding="utf-8")
    refused = cli("gameday", "init", "-o", str(target))
    assert (refused.code, refused.err) == (1, f"warroom: {target} already exists; choose another name or remove it\n")
    assert target.read_text(encoding="utf-8") == "title: mine\n"


def test_validate_reports_located_problems(cli, gameday_file):
    gameday_file.write_text(DRILL.replace("card: vp-on-the-bridge", "card: vp-on-bridge"), encoding="utf-8")
    ran = cli("gameday", "validate", str(gameday_file))
    assert ran.code == 1
    assert ran.err == (
        f"{gameday_file}:11:25: error: canary-checkout's deck has no card 'vp-on-bridge' "
        "(rounds[0].injects[0].card); did you mean 'vp-on-the-bridge'?\n"
    )


def test_a_team_plays_its_round_under_the_rounds_rules(warroom, gameday_file, tmp_path):
    record = tmp_path / "blue-r1.jsonl"
    script = "hint\nplay surprise-release\nwait 9m\ndo describe_deployment checkout-dg\nwait 2m\nend\n"
    ran = warroom(
        "play", "--gameday", gameday_file, "--team", "Blue", "--round", "1", "--player", "ben", "--record", record,
        stdin=script,
    )  # fmt: skip
    assert ran.code == 0, ran.err
    assert (
        "Game-day, team blue, round 1: canary-checkout, seed 7, time limit 25:00; hints forbidden (the 'hint' "
        "command is refused); speed changes forbidden; the facilitator will play 1 card(s) on schedule. "
        "Playing as Ben." in " ".join(ran.out.split())
    )
    assert "hints are forbidden in round 1 of this game-day" in ran.out
    assert "in a game-day the facilitator's cards are dealt on schedule, not by the team" in ran.out
    recording = read_recording(record)
    assert recording.header["gameday"] == {
        "title": "Tuesday drill",
        "sha256": recording.header["gameday"]["sha256"],
        "round": 1,
        "team": "blue",
        "time_limit": 1500,
        "hints": "forbidden",
        "speed_changes": "forbidden",
    }
    given = [(tick, command) for tick, command, _ in recording.commands]
    assert given[:2] == [
        (540, StartAction("describe_deployment", "checkout-dg", {}, by="Ben")),
        (600, PlayCard("vp-on-the-bridge", by="facilitator")),
    ]
    assert not any(isinstance(c, RequestHint) for _, c in given)
    scored = warroom("gameday", "score", gameday_file, record)
    assert scored.code == 0, scored.out + scored.err
    assert "accepted 1 of 1 recording(s)" in scored.out
    assert (tmp_path / "gameday.leaderboard.sqlite3").exists()


def test_a_round_resumed_after_a_crash_deals_each_card_once(warroom, gameday_file, tmp_path):
    record = tmp_path / "red.jsonl"
    first = warroom("play", "--gameday", gameday_file, "--team", "red", "--round", "1", "--record", record,
                    stdin="wait 11m\nquit\n")  # fmt: skip
    assert first.code == 0, first.err
    again = warroom("play", "--resume", record, "--gameday", gameday_file, stdin="wait 1m\nend\n")
    assert again.code == 0, again.err
    cards = [(tick, c.card) for tick, c, _ in read_recording(record).commands if isinstance(c, PlayCard)]
    assert cards == [(600, "vp-on-the-bridge")]
    assert warroom("gameday", "score", gameday_file, record).code == 0


PINS = "--gameday pins the scenario, seed and variant of each round"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["canary-checkout", "--team", "blue"], f"{PINS}; drop SCENARIO"),
        (["--team", "blue", "--seed", "3"], f"{PINS}; drop --seed"),
        ([], "--gameday needs --team NAME (the team you play for)"),
        (["--team", "bleu", "--round", "1"], "--team 'bleu': no such team in 'Tuesday drill'; did you mean 'blue'?"),
        (["--team", "blue"], "the game-day has 2 rounds: say which with --round 1..2"),
        (["--team", "blue", "--round", "3"], "--round 3: the game-day has rounds 1..2"),
        (["--team", "blue", "--round", "1", "--player", "Zed"],
         "--player 'Zed' is not on team blue (its members: Ana, Ben)"),
    ],
)  # fmt: skip
def test_play_refuses_what_the_game_day_pins(warroom, gameday_file, args, message):
    ran = warroom("play", "--gameday", gameday_file, *args, "--text")
    assert (ran.code, ran.err) == (2, f"warroom play: {message}\n")


def test_team_and_round_need_a_game_day(cli):
    ran = cli("play", "canary-checkout", "--team", "blue")
    assert (ran.code, ran.err) == (2, "warroom play: --team and --round go with --gameday FILE\n")


@pytest.fixture
def round_recording(gameday_file: Path, tmp_path: Path) -> Path:
    """Blue's right fix of round 1 (a 25-minute round of a 30-minute scenario), recorded."""
    gameday = load_gameday(gameday_file)
    path = tmp_path / "blue.jsonl"
    return play_round(gameday, gameday.round(1), "blue", RIGHT["canary-checkout"], path, ["Ana", "Ben"])


def test_a_rounds_recording_replays_and_reports_as_it_was_played(cli, round_recording, tmp_path):
    verified = cli("replay", str(round_recording), "--verify")
    assert verified.code == 0, verified.err
    assert verified.out.startswith(f"{round_recording}: verified: ")
    reported = cli("report", str(round_recording), "-o", str(tmp_path / "blue.md"))
    assert reported.code == 0 and "does not verify" not in reported.err


def test_a_rounds_recording_resumes_only_with_its_game_day(cli, gameday_file, tmp_path):
    gameday = load_gameday(gameday_file)
    path = tmp_path / "unfinished.jsonl"
    RoundSession.begin(gameday, gameday.round(1), "red", path).close()
    ran = cli("play", "--resume", str(path), "--text")
    assert (ran.code, ran.err) == (
        1,
        f"warroom: {path}: a game-day round; resume it with: warroom play --resume {path} --gameday GAMEDAY.yaml\n",
    )
