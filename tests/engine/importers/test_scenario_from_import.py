"""The whole bring-your-own-architecture path on a real public template: import it, ask
``warroom suggest`` for its weak spots, scaffold a scenario from one, and that scenario passes
``warroom lint`` (which plays it for fairness) and plays to a score at the terminal."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from warroom.game.cli import main

TEMPLATE = "AutoScaling/AutoScalingRollingUpdates.yaml"  # an Auto Scaling group behind a load balancer


def warroom(folder: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """One run of the command line in ``folder``, with user data kept there too."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    env.update(XDG_DATA_HOME=str(folder / "data"), NO_COLOR="1", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "warroom.game", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=folder,
        timeout=300,
        check=False,
    )


def test_a_scenario_scaffolded_from_a_suggestion_on_an_imported_template_lints_and_plays(
    cfn_templates: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    architecture = tmp_path / "fleet.yaml"
    assert main(["import", "cloudformation", str(cfn_templates / TEMPLATE), "-o", str(architecture)]) == 0
    capsys.readouterr()

    assert main(["suggest", str(architecture), "--json"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert any(f["kind"] == "unwatched" and "web-server-group" in f["nodes"] for f in findings)
    proposing = [f["number"] for f in findings if f["fault"] is not None]
    assert proposing, findings

    scaffolded = None
    for number in proposing:  # the first finding whose proposals make a fair scenario
        ran = warroom(
            tmp_path, "new", "fleet-incident", "--architecture", "fleet.yaml", "--from-suggestion", str(number)
        )
        if ran.returncode == 0:
            scaffolded = number
            break
        assert "does not make a fair scenario" in ran.stderr and "Traceback" not in ran.stderr
    assert scaffolded is not None, "no finding on the imported template made a fair scenario"
    scenario = tmp_path / "fleet-incident.yaml"
    text = scenario.read_text(encoding="utf-8")
    assert "architecture: fleet\n" in text
    assert (tmp_path / "architectures" / "fleet.yaml").read_bytes() == architecture.read_bytes()

    linted = warroom(tmp_path, "lint", "fleet-incident.yaml")
    assert linted.returncode == 0, linted.stdout + linted.stderr
    assert " error: " not in linted.stdout + linted.stderr

    played = warroom(
        tmp_path, "play", "fleet-incident.yaml", "--clock", "manual", "--seed", "7", stdin="status\nwait 5m\nend\n"
    )
    assert played.returncode == 0, played.stderr
    assert "web-server-group" in played.stdout and "Debrief" in played.stdout
    assert re.search(r"│ total\s+│\s+\d+\.\d │", played.stdout), played.stdout
