"""``warroom solve``: the plan and par of a scenario, as a table or JSON, and stored as par."""

from __future__ import annotations

import json
import shutil

from warroom.engine import load_scenario, resolve
from warroom.engine.scenario.loader import bundled_root
from warroom.engine.solver.par import read_par, staleness


def test_solve_prints_the_plan_and_par_per_dimension(cli):
    ran = cli("solve", "orders-go-quiet")
    assert ran.code == 0, ran.err
    assert "add_invoke_permission_iac" in ran.out and "fulfil-fn" in ran.out
    assert "par: total 100.0 (A) — recovery 100.0, cost 100.0, compliance 100.0; resolved" in ran.out
    assert "forked simulations" in ran.out


def test_solve_json_matches_the_stored_par(cli):
    ran = cli("solve", "orders-go-quiet", "--json")
    assert ran.code == 0, ran.err
    solution = json.loads(ran.out)["solutions"][0]
    stored = json.loads(bundled_root().joinpath("par", "orders-go-quiet.json").read_text(encoding="utf-8"))
    assert solution["variant"] is None
    assert solution["plan"] == stored["pars"][0]["plan"]
    assert solution["par"] == stored["pars"][0]["score"]
    assert solution["search"]["forks"] > 0 and solution["search"]["complete"]


def test_solve_write_stores_fresh_par_beside_a_scenario_file(cli, tmp_path):
    path = tmp_path / "orders-go-quiet.yaml"
    shutil.copy(bundled_root().joinpath("orders-go-quiet.yaml"), path)
    assert staleness(load_scenario(path)).startswith("no par file")
    ran = cli("solve", str(path), "--write")
    assert ran.code == 0, ran.err
    assert (tmp_path / "par" / "orders-go-quiet.json").is_file()
    assert staleness(load_scenario(path)) == ""


def test_solve_refuses_nonsense(cli):
    assert cli("solve", "orders-go-quiet", "--variant", "nope").code == 1
    assert cli("solve", "orders-go-quiet", "--budget", "0").code == 2
    assert cli("solve", "orders-go-quiet", "--write", "--seed", "3").code == 2
    missing = cli("solve", "no-such-scenario")
    assert missing.code == 1 and "no bundled scenario or file by that name" in missing.err


# The player asks for a third action while both responders are busy: the game refuses it,
# and the recording keeps the command anyway (so the game replays exactly).
REFUSED_GAME = [
    "wait 1m",
    "do describe_alarm fn-errors",
    "do lookup_cloudtrail fn-errors",
    "do fix_alarm fn-errors metric=Errors",
    "wait 1m",
    "do fix_alarm fn-errors metric=Errors",
    "wait 2m",
    "end",
]


def test_solve_from_a_recording_leaves_out_the_moves_the_game_refused(warroom, cli, mini, tmp_path):
    played = warroom(
        "play", mini, "--text", "--clock", "manual", "--record", "game.jsonl", stdin="\n".join(REFUSED_GAME)
    )
    assert played.code == 0, played.err
    assert "[01:00] fix_alarm rejected: all 2 responders are busy" in played.out
    # A budget this small stops the search before its first decision: the played game's plan wins.
    ran = cli("solve", str(mini), "--from", str(tmp_path / "game.jsonl"), "--budget", "1e-9", "--json")
    assert ran.code == 0, ran.err
    (solution,) = json.loads(ran.out)["solutions"]
    assert [(s["tick"], s.get("action", "end")) for s in solution["plan"]] == [
        (60, "describe_alarm"),
        (60, "lookup_cloudtrail"),
        (120, "fix_alarm"),
        (240, "end"),
    ]
    shown = cli("solve", str(mini), "--from", str(tmp_path / "game.jsonl"), "--budget", "1e-9")
    moves = [line.split("│")[1:3] for line in shown.out.splitlines() if line.startswith("│")]
    assert [[cell.strip() for cell in move] for move in moves] == [
        ["01:00", "describe_alarm"],
        ["01:00", "lookup_cloudtrail"],
        ["02:00", "fix_alarm"],
        ["04:00", "declare the incident over"],
    ]
    assert "the best plan came from a played game" in shown.out


def test_a_new_solve_is_never_worse_than_the_stored_par(cli):
    """stuck-lifecycle-hook's par came from a played game the greedy search does not find on its
    own; solving again on the par seed keeps it, and says where it came from."""
    stored = read_par(resolve("stuck-lifecycle-hook"))[0]
    assert stored is not None
    best = max(p["score"]["total"] for p in stored["pars"])
    ran = cli("solve", "stuck-lifecycle-hook", "--json")
    assert ran.code == 0, ran.err
    (solution,) = json.loads(ran.out)["solutions"]
    assert solution["par"]["total"] == best and solution["search"]["source"] == "the stored par"
    shown = cli("solve", "stuck-lifecycle-hook", "--budget", "1e-9")
    assert "the best plan came from the stored par" in shown.out
