"""Every bundled scenario keeps a fresh par (the solver's best plan and its score) beside it,
and the debrief shows the par of the player's own game."""

from __future__ import annotations

import pytest
from scripted import RIGHT, SEED
from warroom.engine import bundled_ids, resolve
from warroom.engine.solver.par import par_card, read_par, staleness, stored_pars, variants_of


@pytest.mark.parametrize("scenario_id", bundled_ids())
def test_stored_par_is_fresh(scenario_id):
    assert staleness(resolve(scenario_id)) == ""


@pytest.mark.parametrize("scenario_id", bundled_ids())
def test_par_resolves_every_variant_and_is_no_worse_than_the_scripted_fix(play, scenario_id):
    scenario = resolve(scenario_id)
    data, _ = read_par(scenario)
    assert data is not None
    pars = {p.variant: p for p in stored_pars(data)}
    assert sorted(pars, key=str) == sorted(variants_of(scenario), key=str)
    assert all(p.score["resolved"] for p in pars.values())
    right = play(scenario, RIGHT[scenario_id], seed=SEED).card
    assert max(p.score["total"] for p in pars.values()) >= right.total


def test_par_follows_the_players_seed():
    scenario = resolve("canary-checkout")
    mine, other = par_card(scenario, 7, None), par_card(scenario, 8, None)
    assert mine is not None and other is not None
    assert mine.resolved and other.resolved


def test_a_changed_scenario_has_stale_par(tmp_path):
    from warroom.engine import load_scenario
    from warroom.engine.scenario.loader import bundled_root

    text = bundled_root().joinpath("orders-go-quiet.yaml").read_text(encoding="utf-8")
    path = tmp_path / "orders-go-quiet.yaml"
    path.write_text(text.replace("clock: {duration: 30m}", "clock: {duration: 35m}"), encoding="utf-8")
    assert "no par file" in staleness(load_scenario(path))
    (tmp_path / "par").mkdir()
    (tmp_path / "par" / "orders-go-quiet.json").write_text(
        bundled_root().joinpath("par", "orders-go-quiet.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert staleness(load_scenario(path)).startswith("the scenario changed since par was solved")
