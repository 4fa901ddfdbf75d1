"""``warroom lint``: validate's errors plus fairness, located, with validate's exit codes."""

from __future__ import annotations

import yaml
from warroom.engine.scenario.loader import bundled_root


def _orders(tmp_path, change=None):
    data = yaml.safe_load(bundled_root().joinpath("orders-go-quiet.yaml").read_text(encoding="utf-8"))
    if change:
        change(data)
    path = tmp_path / "orders-go-quiet.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_bundled_library_is_clean(cli):
    ran = cli("lint", str(bundled_root()))
    assert ran.code == 0, ran.err
    assert ran.err == ""
    assert ran.out.count("ok: ") >= 3


def test_an_unfair_scenario_fails_with_located_errors(cli, tmp_path):
    path = _orders(
        tmp_path, lambda d: d.update(actions={"deny": ["add_invoke_permission", "add_invoke_permission_iac"]})
    )
    ran = cli("lint", str(path), "--budget", "20")
    assert ran.code == 1
    line = next(x for x in ran.err.splitlines() if "not winnable" in x)
    assert line.startswith(f"{path}:") and ": error: " in line and "(clock.duration)" in line


def test_warnings_alone_do_not_fail(cli, tmp_path):
    ran = cli("lint", str(_orders(tmp_path)), "--budget", "20")
    assert ran.code == 0
    assert ": warning: par: no par file" in ran.err and "1 warning(s)" in ran.out


def test_a_broken_file_reports_what_validate_reports(cli, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: broken\ntitle: [\n", encoding="utf-8")
    ran = cli("lint", str(path))
    assert ran.code == 1 and ran.err.startswith(f"{path}:")
    assert cli("lint", str(path), "--budget", "-1").code == 2
