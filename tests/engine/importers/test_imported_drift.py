"""An imported architecture plays: its resources are stack-managed, so drift faults work on them."""

from __future__ import annotations

from pathlib import Path

from warroom.engine.importers.cloudformation import import_templates

from .. import kit


def test_drift_on_an_imported_security_group_is_found_and_reverted(cfn_templates: Path) -> None:
    imported = import_templates([cfn_templates / "AutoScaling/AutoScalingRollingUpdates.yaml"])
    inject = {
        "at": "1m",
        "fault": "stack_drift",
        "target": "instance-security-group",
        "params": {"change": "open_ssh", "ago": "2d"},
    }
    data = kit.scenario(imported.architecture, [{"entry": "elastic-load-balancer", "rate": 20}], injects=[inject])
    sim = kit.fresh(data)
    assert sim.world.nodes["web-server-group"].template == sim.world.nodes["web-server-group"].config
    kit.run_until(sim, 90)
    assert sim.world.nodes["instance-security-group"].drift()
    found = kit.act(sim, "detect_stack_drift", "auto-scaling-rolling-updates")
    assert found.findings[0].title == "Stack auto-scaling-rolling-updates is DRIFTED"
    assert "drift:instance-security-group" in found.findings[0].evidence
    kit.act(sim, "iac_revert_drift", "instance-security-group")
    assert not sim.world.nodes["instance-security-group"].drift()
