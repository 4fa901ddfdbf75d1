"""``warroom validate``: exit codes and the exact ``file:line:col:`` lines of broken scenarios."""

from __future__ import annotations

import pytest

BROKEN = {
    "unknown-field": (
        ("summary: A tiny", "sumary: A tiny"),
        [
            "{p}:1:1: error: missing required field 'summary' (summary)",
            "{p}:3:1: error: unknown field 'sumary' (sumary); did you mean 'summary'?",
        ],
    ),
    "unknown-fault": (
        ("fault: silent_alarm", "fault: silent_alarms"),
        ["{p}:20:32: error: unknown fault type 'silent_alarms' (injects[0].fault); did you mean 'silent_alarm'?"],
    ),
    "dangling-edge": (
        ("- api routes fn\n", "- api routes fnn\n"),
        ["{p}:15:7: error: edge refers to unknown node 'fnn' (architecture.edges[0].to); did you mean 'fn'?"],
    ),
    "bad-param": (
        ("mode: metric_name", "mode: loud"),
        ["{p}:20:80: error: 'loud' is not one of 'metric_name', 'qualifier' or 'threshold' (injects[0].params.mode)"],
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_scenario_lines(cli, tmp_path, mini_text, case):
    (old, new), expected = BROKEN[case]
    assert old in mini_text
    path = tmp_path / f"{case}.yaml"
    path.write_text(mini_text.replace(old, new), encoding="utf-8")
    ran = cli("validate", str(path))
    assert ran.code == 1
    assert ran.err.splitlines() == [line.format(p=path) for line in expected]
    assert ran.out == ""


def test_yaml_syntax_error_is_located(cli, tmp_path):
    path = tmp_path / "syntax.yaml"
    path.write_text("id: x\ntitle: [unclosed\n", encoding="utf-8")
    ran = cli("validate", str(path))
    assert ran.code == 1
    lines = ran.err.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:3:1: error: YAML syntax")


def test_missing_file_is_an_error_line(cli, tmp_path):
    path = tmp_path / "nope.yaml"
    ran = cli("validate", str(path))
    assert ran.code == 1
    assert ran.err.splitlines() == [f"{path}:1:1: error: file not found"]


def test_valid_and_broken_together(cli, tmp_path, mini):
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\n", encoding="utf-8")
    ran = cli("validate", str(mini), str(broken))
    assert ran.code == 1
    assert f"ok: {mini} (Mini)" in ran.out
    assert all(line.startswith(f"{broken}:") for line in ran.err.splitlines())


def test_warnings_do_not_fail(cli, tmp_path, mini_text):
    path = tmp_path / "warn.yaml"
    path.write_text(mini_text.replace("metric: Errors", "metric: Error"), encoding="utf-8")
    ran = cli("validate", str(path))
    assert ran.code == 0
    assert ": warning: lambda_function publishes no metric 'Error'" in ran.err
    assert ran.out.startswith(f"ok: {path}")


def test_a_folder_means_its_yaml_files(cli, tmp_path, mini):
    ran = cli("validate", str(tmp_path))
    assert ran.code == 0
    assert ran.out.splitlines() == [f"ok: {mini} (Mini)"]


def test_bundled_scenarios_validate(cli):
    from importlib.resources import files

    from warroom.engine import bundled_ids

    paths = [str(files("warroom.scenarios").joinpath(f"{i}.yaml")) for i in bundled_ids()]
    ran = cli("validate", *paths)
    assert ran.code == 0, ran.err


def test_validate_through_the_console_script(warroom, tmp_path, mini):
    """The same contract when started as a program: exit codes and lines on the right streams."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\n", encoding="utf-8")
    ok = warroom("validate", mini)
    bad = warroom("validate", broken)
    assert (ok.code, bad.code) == (0, 1)
    assert ok.out.startswith("ok: ") and bad.out == ""
    assert bad.err.startswith(f"{broken}:") and "Traceback" not in bad.err


# -- architecture files -------------------------------------------------------------------------
ARCHITECTURE_BROKEN = {
    "unknown-type": (
        ("type: api_gateway", "type: api_gateways"),
        ["{p}:3:21: error: unknown resource type 'api_gateways' (nodes[0].type); did you mean 'api_gateway'?"],
    ),
    "unknown-top-level-field": (
        ("edges:", "edgs:"),
        ["{p}:8:1: error: unknown field 'edgs' (edgs); did you mean 'edges'?"],
    ),
    "unknown-config-key": (
        ('{traffic: {"1": 1.0}}', '{traffic: {"1": 1.0}, memory: 9}'),
        ["{p}:4:67: error: unknown field 'memory' (nodes[1].config.memory); did you mean 'memory_mb'?"],
    ),
    "dangling-edge": (
        ("- api routes fn\n", "- api routes fnn\n"),
        ["{p}:9:5: error: edge refers to unknown node 'fnn' (edges[0].to); did you mean 'fn'?"],
    ),
    "alarm-watching-nothing": (
        ("  - fn-errors monitors fn\n", ""),
        [
            "{p}:5:5: error: alarm fn-errors has no 'monitors' edge (nodes[2]); "
            "add an edge 'fn-errors monitors RESOURCE'"
        ],
    ),
}


@pytest.fixture
def architecture(tmp_path, mini_architecture_text):
    """The mini architecture written to ``architectures/shop.yaml``."""
    path = tmp_path / "architectures" / "shop.yaml"
    path.parent.mkdir()
    path.write_text(mini_architecture_text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["validate", "lint"])
@pytest.mark.parametrize("case", sorted(ARCHITECTURE_BROKEN))
def test_broken_architecture_lines(cli, tmp_path, mini_architecture_text, command, case):
    """An architecture file gets the architecture's errors, located in it, not a scenario's missing fields."""
    (old, new), expected = ARCHITECTURE_BROKEN[case]
    assert old in mini_architecture_text
    path = tmp_path / f"{case}.yaml"
    path.write_text(mini_architecture_text.replace(old, new), encoding="utf-8")
    ran = cli(command, str(path))
    assert ran.code == 1
    assert ran.err.splitlines() == [line.format(p=path) for line in expected]
    assert ran.out == ""


def test_a_valid_architecture_is_ok(cli, architecture):
    ran = cli("validate", str(architecture))
    assert (ran.code, ran.err) == (0, "")
    assert ran.out.splitlines() == [f"ok: {architecture} (architecture, 3 nodes)"]


def test_architecture_warnings_do_not_fail(cli, architecture):
    architecture.write_text(architecture.read_text().replace("metric: Errors", "metric: Error"), encoding="utf-8")
    ran = cli("validate", str(architecture))
    assert ran.code == 0
    assert ran.err.splitlines() == [
        f"{architecture}:7:22: warning: lambda_function publishes no metric 'Error'; this alarm will only ever "
        "see missing data (nodes[2].config.metric); did you mean 'Errors'?"
    ]
    assert ran.out.splitlines() == [f"ok: {architecture} (architecture, 3 nodes), 1 warning(s)"]


def test_lint_validates_an_architecture_without_playing_it(cli, monkeypatch, architecture):
    from warroom.game.subcommands import lint

    def play(*args):
        raise AssertionError("lint tried to play an architecture")

    monkeypatch.setattr(lint, "lint", play)
    ran = cli("lint", str(architecture))
    assert (ran.code, ran.err) == (0, "")
    assert ran.out.splitlines() == [f"ok: {architecture} (architecture, 3 nodes)"]


def test_a_scenario_with_stray_nodes_is_still_a_scenario(cli, tmp_path, mini_text):
    path = tmp_path / "stray.yaml"
    path.write_text(mini_text + "nodes: []\n", encoding="utf-8")
    ran = cli("validate", str(path))
    assert ran.code == 1
    assert ran.err.splitlines() == [f"{path}:22:1: error: unknown field 'nodes' (nodes)"]


def test_a_folder_means_its_scenarios_and_its_architectures(cli, tmp_path, mini, architecture):
    ran = cli("validate", str(tmp_path))
    assert (ran.code, ran.err) == (0, "")
    assert ran.out.splitlines() == [f"ok: {mini} (Mini)", f"ok: {architecture} (architecture, 3 nodes)"]


def test_the_bundled_folder_checks_its_architectures_cleanly(cli):
    from warroom.engine.scenario.loader import bundled_root

    architectures = sorted(p.name for p in bundled_root().joinpath("architectures").iterdir())
    ran = cli("validate", str(bundled_root()))
    assert (ran.code, ran.err) == (0, "")
    checked = [line for line in ran.out.splitlines() if "(architecture, " in line]
    assert [line.split(" ")[1].split("/")[-1] for line in checked] == architectures


def test_architecture_through_the_console_script(warroom, architecture):
    """The same contract when started as a program: exit codes and lines on the right streams."""
    ok = warroom("validate", architecture)
    architecture.write_text("nodes: []\n", encoding="utf-8")
    bad = warroom("validate", architecture)
    assert (ok.code, bad.code) == (0, 1)
    assert ok.out == f"ok: {architecture} (architecture, 3 nodes)\n" and ok.err == ""
    assert bad.out == "" and bad.err.startswith(f"{architecture}:1:8: error: ") and "Traceback" not in bad.err
