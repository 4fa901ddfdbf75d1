"""``warroom new``: scaffolds validate with no warnings and play to the end; refusals and errors are clear."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from warroom.engine import FAULTS, scenario_schema, schema_text
from warroom.game.subcommands import scaffold

DEFAULT = scaffold.DEFAULT_ARCHITECTURE
ARCHITECTURES = scaffold.bundled_architectures()
# Faults whose targets exist in a bundled architecture but whose other needs (a deployment
# group with an artifact bucket, a launch lifecycle hook, ...) may not: `new` must then fail
# with the reason instead of writing a scenario that does not load.
MAY_NOT_FIT = {"codedeploy_agent_denied", "lifecycle_hook_stuck"}
SECTIONS = (
    "briefing:",
    "clock:",
    "slo:",
    "traffic:",
    "business:",
    "kpis:",
    "responders:",
    "history:",
    "injects:",
    "when:",
    "messages:",
    "customers:",
    "runbook:",
    "outdated: true",
    "hints:",
    "scoring:",
    "debrief:",
)


def _placeable() -> list[tuple[str, str]]:
    """(fault, architecture) for every fault with a node of a type it targets: the default first."""
    cases = []
    for fault in FAULTS:
        fitting = [
            a for a in [DEFAULT, *ARCHITECTURES] if scaffold.fault_targets(scaffold.read_architecture(a, Path()), fault)
        ]
        if fitting:
            cases.append((fault.id, fitting[0]))
    return cases


def check_plays(cli, warroom, folder: Path, path: str) -> None:
    """The file validates with no warning and plays to the end through the CLI, fed by a pipe."""
    checked = cli("validate", str(folder / path))
    assert checked.code == 0, checked.err
    assert checked.err == "" and "warning" not in checked.out, checked.err
    played = warroom("play", path, "--clock", "manual", "--seed", "7", stdin="status\nwait 3m\nend\n")
    assert played.code == 0, played.err
    assert "Game over at 03:" in played.out and "Debrief" in played.out
    assert "Traceback" not in played.err


def test_scaffold_with_defaults(cli, warroom, tmp_path):
    ran = warroom("new", "my-incident")
    assert ran.code == 0, ran.err
    scenario = tmp_path / "my-incident.yaml"
    text = scenario.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    assert (tmp_path / "scenario.schema.json").read_text(encoding="utf-8") == schema_text(scenario_schema())
    assert f"architecture: {DEFAULT}\n" in text and "id: my-incident " in text
    for section in SECTIONS:
        assert section in text, section
    assert "entry: shop-api" in text and "node: checkout-fn" in text
    assert "injects: []" in text
    assert f"wrote {Path('my-incident.yaml')}" in ran.out
    check_plays(cli, warroom, tmp_path, "my-incident.yaml")


def test_commented_examples_are_valid(cli, warroom, tmp_path):
    """Uncommenting the example inject and the conditional one gives a valid scenario."""
    assert warroom("new", "examples").code == 0
    lines = (tmp_path / "examples.yaml").read_text(encoding="utf-8").splitlines()
    example = next(line for line in lines if line.startswith("#   - {id:"))[len("#") :]
    start = lines.index("#   - id: teammate-release")
    conditional = [line[len("#") :] for line in lines[start : start + 5]]
    at = lines.index("injects: []")
    lines[at : at + 1] = ["injects:", example, *conditional]
    (tmp_path / "examples.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    check_plays(cli, warroom, tmp_path, "examples.yaml")


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_scaffold_each_bundled_architecture(cli, warroom, tmp_path, architecture):
    ran = warroom("new", f"on-{architecture}", "--architecture", architecture)
    assert ran.code == 0, ran.err
    text = (tmp_path / f"on-{architecture}.yaml").read_text(encoding="utf-8")
    assert f"architecture: {architecture}\n" in text
    check_plays(cli, warroom, tmp_path, f"on-{architecture}.yaml")


@pytest.mark.parametrize(("fault", "architecture"), _placeable())
def test_scaffold_with_fault(cli, warroom, tmp_path, fault, architecture):
    scenario_id = f"with-{fault.replace('_', '-')}"
    ran = warroom("new", scenario_id, "--architecture", architecture, "--fault", fault)
    if ran.code == 1 and fault in MAY_NOT_FIT:
        assert f"{fault} fits no node of {architecture}" in ran.err and "Traceback" not in ran.err
        assert not (tmp_path / f"{scenario_id}.yaml").exists()
        return
    assert ran.code == 0, ran.err
    text = (tmp_path / f"{scenario_id}.yaml").read_text(encoding="utf-8")
    assert f"    fault: {fault}\n" in text and "    params:" in text
    assert f"when: {{fault_active: {fault.replace('_', '-')}, after: 15m}}" in text
    check_plays(cli, warroom, tmp_path, f"{scenario_id}.yaml")


def test_required_parameters_get_plausible_values(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("new", "canary", "--fault", "canary_regression").code == 0
    text = (tmp_path / "canary.yaml").read_text(encoding="utf-8")
    assert "target: checkout-dg" in text
    assert 'version: "42"' in text and "# required; string: the new version being released" in text
    assert "error_rate: 0.25" in text  # optional parameters carry their defaults


def test_refuses_to_overwrite_without_force(warroom, tmp_path):
    existing = tmp_path / "taken.yaml"
    existing.write_text("my own work\n", encoding="utf-8")
    ran = warroom("new", "taken")
    assert ran.code == 1 and "taken.yaml already exists" in ran.err and "--force" in ran.err
    assert existing.read_text(encoding="utf-8") == "my own work\n"
    forced = warroom("new", "taken", "--force")
    assert forced.code == 0, forced.err
    assert existing.read_text(encoding="utf-8").startswith("# yaml-language-server:")


@pytest.mark.parametrize("bad", ["Checkout", "my_incident", "-dash-first", "a" * 65, "has space"])
def test_bad_id_is_misuse(cli, tmp_path, monkeypatch, bad):
    monkeypatch.chdir(tmp_path)
    ran = cli("new", "--", bad) if bad.startswith("-") else cli("new", bad)
    assert ran.code == 2 and "not a scenario id" in ran.err
    assert list(tmp_path.iterdir()) == []


def test_unknown_fault_suggests(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ran = cli("new", "x", "--fault", "canary_regresion")
    assert ran.code == 2 and "unknown fault type 'canary_regresion'" in ran.err
    assert "did you mean 'canary_regression'?" in ran.err
    assert list(tmp_path.iterdir()) == []


def test_unknown_architecture_suggests(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ran = cli("new", "x", "--architecture", "serverless-shoop")
    assert ran.code == 2 and "did you mean 'serverless-shop'?" in ran.err


def test_fault_with_no_node_of_its_type(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ran = cli("new", "x", "--fault", "az_degradation")
    assert ran.code == 1
    assert f"no node of {DEFAULT} can take az_degradation: it targets alb" in ran.err
    assert "try --architecture " in ran.err and " classic-web" in ran.err
    assert list(tmp_path.iterdir()) == []


def test_output_folder_and_file(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("new", "inside", "-o", "drafts/incidents").code == 0
    assert (tmp_path / "drafts" / "incidents" / "inside.yaml").is_file()
    assert (tmp_path / "drafts" / "incidents" / "scenario.schema.json").is_file()
    assert cli("new", "named", "-o", "drafts/other-name.yaml").code == 0
    assert "id: named " in (tmp_path / "drafts" / "other-name.yaml").read_text(encoding="utf-8")


def test_existing_schema_is_kept(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "scenario.schema.json").write_text("{}", encoding="utf-8")
    assert cli("new", "keeps").code == 0
    assert (tmp_path / "scenario.schema.json").read_text(encoding="utf-8") == "{}"


def test_in_a_checkout_points_at_the_committed_schema(cli, tmp_path, monkeypatch):
    """Inside a warroom checkout, a scenario in scenarios/ uses ../docs/scenario.schema.json as bundled ones do."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "scenario.schema.json").write_text(json.dumps(scenario_schema()), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli("new", "in-repo", "-o", "scenarios").code == 0
    text = (tmp_path / "scenarios" / "in-repo.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../docs/scenario.schema.json\n")
    assert not (tmp_path / "scenarios" / "scenario.schema.json").exists()


def test_architecture_next_to_the_file(cli, warroom, tmp_path):
    """A shared architecture in the target folder's architectures/ is found, as the loader finds it."""
    source = Path(__file__).resolve().parents[2] / "scenarios" / "architectures" / "classic-web.yaml"
    (tmp_path / "mine" / "architectures").mkdir(parents=True)
    shutil.copyfile(source, tmp_path / "mine" / "architectures" / "my-shop.yaml")
    ran = warroom("new", "local", "--architecture", "my-shop", "--fault", "stack_drift", "-o", "mine")
    assert ran.code == 0, ran.err
    assert "architecture: my-shop\n" in (tmp_path / "mine" / "local.yaml").read_text(encoding="utf-8")
    check_plays(cli, warroom, tmp_path, "mine/local.yaml")


def test_a_red_herring_cannot_be_the_incident(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ran = cli("new", "x", "--fault", "metric_anomaly")
    assert ran.code == 2 and "metric_anomaly is a red herring: it breaks nothing" in ran.err
    assert list(tmp_path.iterdir()) == []
