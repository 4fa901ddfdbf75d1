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
