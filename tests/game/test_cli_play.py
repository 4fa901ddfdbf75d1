"""A scripted terminal game through a subprocess, its recording, replay, verification and resume."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from warroom.engine import catalog

# A recording cut after its third command is resumed with the rest of the script.
BEFORE_CUT = """\
status
wait 9m
do describe_deployment checkout-dg
wait
stauts
describe_alarm checkout-errors
do pipeline_revert shop-pipeline
do declare_incident
"""
AFTER_CUT = """\
do declare_incident
wait 1m
inspect checkout-fn
actions checkout-errors
do post_status_update text="We are investigating failed payments"
wait 10m
do fix_alarm_iac checkout-errors qualifier=live treat_missing_data=breaching
wait 4m
alarms
end
"""
CUT_AFTER_COMMANDS = 3


def lines_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def write_lines(path: Path, lines: list[dict]) -> None:
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


@pytest.fixture(scope="module")
def game(tmp_path_factory: pytest.TempPathFactory, warroom_at) -> tuple:
    """The scripted canary game (its run and its recording), played once for the whole module."""
    home = tmp_path_factory.mktemp("game")
    record = home / "game.jsonl"
    ran = warroom_at(home, ["play", "canary-checkout", "--seed", "7", "--record", str(record)], BEFORE_CUT + AFTER_CUT)
    return ran, record


def test_scripted_game_ends_with_the_score(game):
    ran, record = game
    assert ran.code == 0, ran.err
    out = ran.out
    assert "Game over at 24:30." in out
    for heading in ("Score", "Ledger", "Root causes", "Debrief"):
        assert heading in out
    for row in ("recovery", "cost", "compliance", "total", "grade"):
        assert f"│ {row}" in out
    assert f"Recording: {record}" in out
    assert "\x1b[" not in out


def test_feed_is_stamped_with_the_incident_clock(game):
    out = game[0].out
    assert "[09:00] > do describe_deployment checkout-dg" in out
    assert "[09:30] #1 describe_deployment done: Latest deployment in checkout-dg: Succeeded" in out
    assert "      Traffic on checkout-fn: v42 100%" in out  # findings follow their line
    assert "declare_incident rejected: all 2 responders are busy" in out


def test_unknown_words_get_a_did_you_mean(game):
    out = game[0].out
    assert "unknown command 'stauts'; did you mean 'status'?" in out
    assert "unknown command 'describe_alarm'; to start that action type: do describe_alarm ..." in out
    assert "Traceback" not in out + game[0].err


def test_recording_header_and_end(game):
    record = game[1]
    lines = lines_of(record)
    header, end = lines[0], lines[-1]
    assert header["type"] == "header"
    assert (header["scenario"], header["seed"], header["player"]) == ("canary-checkout", 7, "player")
    assert end["type"] == "end" and end["reason"] == "declared over by player"
    assert sum(1 for line in lines if line["type"] == "command") == 7


def test_replay_verify_accepts_the_recording(game, cli):
    ran = cli("replay", str(game[1]), "--verify")
    assert ran.code == 0, ran.err
    assert "verified: 7 command(s), ended at 24:30" in ran.out


def test_replay_shows_timeline_and_truth(game, cli):
    ran = cli("replay", str(game[1]))
    assert ran.code == 0, ran.err
    assert "[03:00] (truth) fault bad-release injected (canary_regression on checkout-dg)" in ran.out
    assert "[09:30] #1 describe_deployment done" in ran.out
    assert "Score" in ran.out and "Ledger" in ran.out


def _retarget(line: dict) -> bool:
    if line.get("command", {}).get("action") == "describe_deployment":
        line["command"]["target"] = "checkout-fn"
        return True
    return False


def _reparam(line: dict) -> bool:
    if line.get("command", {}).get("action") == "fix_alarm_iac":
        line["command"]["params"]["qualifier"] = "prod"
        return True
    return False


def _rescore(line: dict) -> bool:
    if line["type"] == "end":
        line["score"]["total"] = 99.9
        return True
    return False


@pytest.mark.parametrize("tamper", [_retarget, _reparam, _rescore], ids=["target", "params", "score"])
def test_tampered_recording_fails_naming_a_tick(game, cli, tmp_path, tamper):
    lines = lines_of(game[1])
    edited = [line for line in lines if tamper(line)]
    assert len(edited) == 1
    tick = edited[0]["tick"]
    target = tmp_path / "tampered.jsonl"
    write_lines(target, lines)
    ran = cli("replay", str(target), "--verify")
    assert ran.code == 1
    assert ran.err.startswith(f"{target}: does not verify:")
    assert f"tick {tick} " in ran.err


def test_resume_continues_a_cut_recording_to_the_same_end(game, warroom, cli, tmp_path):
    lines = game[1].read_text(encoding="utf-8").splitlines(keepends=True)
    commands = [i for i, line in enumerate(lines) if json.loads(line)["type"] == "command"]
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(lines[: commands[CUT_AFTER_COMMANDS - 1] + 1]), encoding="utf-8")
    ran = warroom("play", "--resume", cut, stdin=AFTER_CUT)
    assert ran.code == 0, ran.err
    assert "Resuming The canary that sang too late at 09:30" in ran.out
    assert lines_of(cut)[-1] == lines_of(game[1])[-1]  # same final digest and score
    assert cli("replay", str(cut), "--verify").code == 0


def test_resume_refuses_a_finished_game(game, cli, tmp_path):
    copy = tmp_path / "done.jsonl"
    shutil.copy(game[1], copy)
    ran = cli("play", "--resume", str(copy))
    assert ran.code == 1
    assert "that game is over" in ran.err


def test_end_of_input_runs_the_clock_out(warroom, tmp_path):
    record = tmp_path / "idle.jsonl"
    ran = warroom("play", "canary-checkout", "--record", record, stdin="wait 1m\n")
    assert ran.code == 0, ran.err
    assert "[30:00] game over: time limit reached" in ran.out
    assert lines_of(record)[-1]["reason"] == "time limit reached"


def test_default_recording_goes_to_the_user_data_folder(warroom, tmp_path):
    ran = warroom("play", "canary-checkout", "--seed", "3", stdin="end\n")
    assert ran.code == 0, ran.err
    found = list((tmp_path / "data" / "warroom" / "recordings").glob("canary-checkout-3-*.jsonl"))
    assert len(found) == 1
    assert f"Recording: {found[0]}" in ran.out


def test_play_without_a_scenario_plays_the_gentlest_one_when_nobody_can_choose(warroom):
    ran = warroom("play", stdin="end\n")
    order = ("intro", "intermediate", "advanced")
    gentlest = min(catalog(), key=lambda e: (order.index(e.difficulty), e.id)).id
    assert ran.code == 0, ran.err
    assert f"No scenario named; playing {gentlest}" in ran.out
    assert "Score" in ran.out


def test_play_unknown_scenario_is_a_located_error(cli):
    ran = cli("play", "canary-chekout")
    assert ran.code == 1
    assert ran.err.strip() == (
        "canary-chekout:1:1: error: no bundled scenario or file by that name; did you mean 'canary-checkout'?"
    )


@pytest.mark.parametrize("extra", [["--seed", "2"], ["--record", "x.jsonl"]])
def test_resume_with_its_own_seed_or_file_is_misuse(cli, extra):
    ran = cli("play", "--resume", "whatever.jsonl", *extra)
    assert ran.code == 2


def test_a_scenario_file_plays_and_replays_from_anywhere(warroom, cli, tmp_path, mini):
    record = tmp_path / "mini.jsonl"
    ran = warroom("play", mini, "--record", record, stdin="nodes\nwait 2m\nend\n")
    assert ran.code == 0, ran.err
    assert lines_of(record)[0]["scenario"] == str(mini.resolve())
    assert cli("replay", str(record), "--verify").code == 0


def test_quit_then_resume_where_the_player_left(warroom, cli, tmp_path):
    record = tmp_path / "quit.jsonl"
    first = warroom("play", "canary-checkout", "--record", record, stdin="do declare_incident\nwait 45s\nquit\n")
    assert first.code == 0, first.err
    assert f"Left the game at 00:45. Resume it with: warroom play --resume {record}" in first.out
    again = warroom("play", "--resume", record, stdin="status\nend\n")
    assert again.code == 0, again.err
    assert "Resuming The canary that sang too late at 00:45" in again.out
    assert "[00:45] game over: declared over by player" in again.out
    assert cli("replay", str(record), "--verify").code == 0


def test_autopilot_plays_the_scenarios_par_at_the_terminal(warroom, tmp_path):
    from warroom.engine import read_recording, resolve, verify
    from warroom.engine.solver.par import par_card

    record = tmp_path / "autopilot.jsonl"
    ran = warroom("play", "orders-go-quiet", "--autopilot", "--seed", "7", "--record", record)
    assert ran.code == 0, ran.err
    assert "Autopilot: playing the scenario's par." in ran.out
    assert "> do add_invoke_permission_iac fulfil-fn" in ran.out
    recording = read_recording(record)
    result = verify(recording, resolve("orders-go-quiet"))
    assert result.ok and result.score == par_card(resolve("orders-go-quiet"), 7, None).to_json()


def test_autopilot_does_not_resume(warroom, tmp_path):
    ran = warroom("play", "--resume", tmp_path / "x.jsonl", "--autopilot")
    assert ran.code == 2 and "--autopilot" in ran.err


def test_a_facilitator_lists_the_deck_and_plays_a_card_at_the_prompt(warroom, tmp_path):
    from warroom.engine import PlayCard, read_recording

    record = tmp_path / "deck.jsonl"
    ran = warroom("play", "canary-checkout", "--record", record, stdin="deck\nplay vp-on-the-bridge\nwait 1m\nend\n")
    assert ran.code == 0, ran.err
    assert "vp-on-the-bridge: The VP joins the incident call and wants an ETA" in ran.out
    assert "I'm on the bridge" in ran.out
    assert [c.card for _, c, _ in read_recording(record).commands if isinstance(c, PlayCard)] == ["vp-on-the-bridge"]
