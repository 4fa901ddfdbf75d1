"""The three ways an EventBridge rule goes silent, each on a copy of orders-go-quiet: its own
evidence reveals it, the other modes' evidence does not, and its own pipeline fix resolves it
and brings the orders back."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml
from scripted import SEED
from warroom.engine import events as ev

FAULT = "lost-permission"
KPI = "orders-fulfilled"


@dataclass(frozen=True)
class Mode:
    params: dict[str, Any]
    evidence: tuple[str, str, dict[str, Any]]
    fix: tuple[str, str, dict[str, Any]]


MODES = {
    "disabled": Mode(
        {"mode": "disabled", "by": "ops-automation"},
        ("describe_rule", "order-placed-rule", {}),
        ("enable_rule_iac", "order-placed-rule", {}),
    ),
    "permission": Mode(
        {"mode": "permission"},
        ("get_resource_policy", "fulfil-fn", {}),
        ("add_invoke_permission_iac", "fulfil-fn", {}),
    ),
    "pattern": Mode(
        {"mode": "pattern", "new_source": "com.shop.checkout.v2"},
        ("test_event_pattern", "order-placed-rule", {}),
        ("fix_event_pattern_iac", "order-placed-rule", {"source": "com.shop.checkout.v2"}),
    ),
}


@pytest.fixture
def variant(tmp_path: Path):
    """Write orders-go-quiet with its rule failing in another mode (architecture alongside)."""
    library = resources.files("warroom.scenarios")

    def write(mode: str) -> str:
        data = yaml.safe_load(library.joinpath("orders-go-quiet.yaml").read_text(encoding="utf-8"))
        inject = next(i for i in data["injects"] if i.get("id") == FAULT)
        inject["params"] = MODES[mode].params
        data["id"] = f"orders-go-quiet-{mode}"
        (tmp_path / "architectures").mkdir(exist_ok=True)
        shared = library.joinpath("architectures", "serverless-shop.yaml").read_text(encoding="utf-8")
        (tmp_path / "architectures" / "serverless-shop.yaml").write_text(shared, encoding="utf-8")
        path = tmp_path / f"orders-go-quiet-{mode}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return str(path)

    return write


def discoveries(log: list[ev.Event]) -> list[ev.FaultDiscovered]:
    return [e for e in log if isinstance(e, ev.FaultDiscovered) and e.fault == FAULT]


@pytest.mark.parametrize("mode", sorted(MODES))
def test_own_evidence_reveals_and_own_fix_resolves(variant, load, play, mode):
    scenario = load(variant(mode))
    assert scenario.warnings == []
    evidence, fix = MODES[mode].evidence, MODES[mode].fix
    played = play(scenario, [(420, *evidence), (450, *fix)], seed=SEED)
    sim, card = played.sim, played.card
    found = discoveries(sim.log)
    assert [e.how.split(" ")[0] for e in found] == [evidence[0]]
    resolved = [e for e in sim.log if isinstance(e, ev.FaultResolved) and e.fault == FAULT]
    assert resolved and resolved[-1].by.endswith("(player)")
    assert card.resolved
    assert not [e for e in sim.log if isinstance(e, ev.FaultReactivated) and e.tick > resolved[-1].tick]
    assert sim.kpi_baseline[KPI] > 0
    assert sim.kpi_rates[KPI] == sim.kpi_baseline[KPI]
    assert sim.world.nodes[fix[1]].drift() == {}


@pytest.mark.parametrize("mode", sorted(MODES))
def test_other_modes_evidence_shows_nothing_wrong(variant, load, play, mode):
    others = [MODES[m].evidence for m in sorted(MODES) if m != mode]
    script = [(420 + 60 * i, *step) for i, step in enumerate(others)]
    played = play(load(variant(mode)), [*script, (600, "end", None, {})], seed=SEED)
    assert discoveries(played.sim.log) == []
    assert played.sim.kpi_rates[KPI] == 0
