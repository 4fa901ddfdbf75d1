"""``warroom solve``: the plan and par of a scenario, as a table or JSON, and stored as par."""

from __future__ import annotations

import json
import shutil

from warroom.engine import load_scenario
from warroom.engine.scenario.loader import bundled_root
from warroom.engine.solver.par import staleness


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
