"""``warroom report``: postmortems of a recorded game in Markdown, HTML, JSON and JUnit XML.

The games are canary-checkout's scripted right fix and one tempting wrong fix, recorded
through a ``Session`` as a player's game is; the report's figures are checked against a
score card computed apart, by playing the same script without a recording.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pygame
import pytest
from scripted import RIGHT, WRONG, record
from warroom.engine import read_recording, resolve
from warroom.engine.scoring import FaultOutcome
from warroom.engine.solver.par import par_card, stored_plan
from warroom.game.report import load_format
from warroom.game.report.build import build_report, root_causes
from warroom.game.report.model import PlanStep, Report

from tests.conftest import Played, play_script

SCENARIO = "canary-checkout"
WRONG_FIX = "mute-the-pager"


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The right fix of canary-checkout, recorded."""
    path = tmp_path_factory.mktemp("games") / "right.jsonl"
    record(SCENARIO, RIGHT[SCENARIO], path)
    return path


@pytest.fixture(scope="module")
def report(recorded: Path) -> Report:
    return build_report(read_recording(recorded), resolve(SCENARIO))


@pytest.fixture(scope="module")
def played() -> Played:
    """The same game played apart, with no recording: the score card the report must agree with."""
    return play_script(resolve(SCENARIO), RIGHT[SCENARIO])


@pytest.fixture(scope="module")
def wrong(tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The tempting wrong fix (mute the pager), recorded and reported."""
    path = tmp_path_factory.mktemp("games") / "wrong.jsonl"
    record(SCENARIO, WRONG[SCENARIO][WRONG_FIX][0], path)
    return build_report(read_recording(path), resolve(SCENARIO))


def text_of(report: Report, name: str) -> str:
    return load_format(name).render(report, "postmortem").text


def test_impact_figures_are_the_score_cards(report, played):
    facts, impact = played.card.facts, report.impact
    assert (impact.impact_started, impact.mitigated_at) == (facts["impact_started"], facts["mitigated_at"])
    assert impact.hurt_seconds == facts["mitigated_at"] - facts["impact_started"] == 929
    assert impact.failed_request_minutes == facts["bad_minutes"]
    assert impact.error_budget_burned_pct == facts["error_budget_burned_pct"]
    assert (impact.kpi_lost, impact.kpi_expected) == (facts["kpi_lost"], facts["kpi_expected"]) == (378.0, 3600.0)
    assert impact.revenue_lost == facts["revenue_lost"] == 1890.0
    assert impact.dollars_lost == 1890.0
    markdown = text_of(report, "md")
    assert "Users were hurt from 03:01 until 18:30 (15m29s)." in markdown
    assert "| Orders placed lost | 378 of 3,600 expected (10.5%) |" in markdown
    assert "| dollars lost in all | $1,890.00 |" in markdown


def test_detection_and_root_cause(report, played):
    assert report.faults == played.card.faults
    assert report.root_causes == ["bad-release"]
    assert [f.key for f in report.contributing()] == ["blind-alarm"]
    assert report.declared_at == 630
    markdown = text_of(report, "md")
    assert "The incident was declared at 10:30." in markdown
    assert (
        "| bad-release | 03:00 | 09:00 | customer ticket 1 at 09:00 | 09:30 | 30s after the first signal | 18:30 |"
        in (markdown)
    )
    assert "| blind-alarm | 00:00 | 09:00 | customer ticket 1 at 09:00 | 22:11 | 13m11s after the first signal |" in (
        markdown
    )
    root = markdown.split("## Root cause")[1].split("## Contributing factors")[0]
    factors = markdown.split("## Contributing factors")[1].split("## Score")[0]
    assert "bad-release (canary_regression on checkout-dg)" in root and "blind-alarm" not in root
    assert "blind-alarm (silent_alarm on checkout-errors)" in factors


def test_root_causes_are_what_was_injected_last_before_the_impact():
    faults = [FaultOutcome(key, "t", "n", "why", tick) for key, tick in (("latent", 0), ("trigger", 60), ("late", 300))]
    assert root_causes(faults, 90) == ["trigger"]
    assert root_causes(faults, None) == ["latent", "trigger", "late"]  # nobody was hurt: every fault is a cause
    assert root_causes(faults[2:], 90) == ["late"]  # nothing before the impact: every fault


def test_timeline_and_who_did_what(report):
    assert [(a.number, a.by, a.action, a.outcome) for a in report.actions] == [
        (1, "player", "describe_deployment", "done"),
        (2, "player", "pipeline_revert", "done"),
        (3, "player", "declare_incident", "done"),
        (4, "player", "post_status_update", "done"),
        (5, "player", "fix_alarm_iac", "done"),
        (6, "npc:Dana (checkout team)", "release_pipeline", "done"),
    ]
    kinds = {(e.tick, e.kind, e.text) for e in report.timeline}
    assert (
        540,
        "saw",
        "ticket CS-1041 from customer 9917: I tried to pay three times and it failed every time. Was I charged?",
    ) in kinds
    assert (1110, "truth", "fault bad-release resolved by action #2 (player)") in kinds  # the revert's deployment
    assert not any(e.text.startswith("true availability") for e in report.timeline)  # charted instead


def test_par_plan_beside_the_teams(report):
    scenario = resolve(SCENARIO)
    plan = stored_plan(scenario, None)
    assert plan is not None and report.par.available
    assert [(s.tick, s.action, s.target) for s in report.par.plan] == [
        (s.tick, s.move.action if s.move else None, s.move.target if s.move else None) for s in plan
    ]
    par = par_card(scenario, 7, None)
    assert par is not None
    assert (report.score.par_total, report.score.par_grade) == (par.total, par.grade)
    assert [d.par for d in report.score.dimensions] == [par.recovery, par.cost, par.compliance]
    markdown = text_of(report, "md")
    assert "| 12:30 | fix_alarm_iac checkout-errors qualifier=live treat_missing_data=breaching" in markdown
    assert "| 25:00 |   | declare the incident over |" in markdown
    assert str(PlanStep(tick=0, action="x", target="y", params={"a": None, "b": 1})) == "x y b=1"


def test_follow_ups_are_action_items(report, played):
    assert [f"{f.rule}: {f.detail}" for f in report.follow_ups()] == played.card.facts["follow_ups"]
    assert [i.title for i in report.action_items] == ["EventBridge targets have a DLQ: order-placed-rule"]
    markdown = text_of(report, "md")
    items = markdown.split("## Action items")[1].split("##")[0]
    assert "EventBridge rules have a dead-letter queue, so undeliverable events are kept." in items
    assert "inherited from before the incident" in items


def test_a_wrong_fix_leaves_its_causes_and_findings_as_action_items(wrong):
    assert not wrong.summary.resolved
    assert [i.title for i in wrong.action_items] == [
        "Resolve bad-release",
        "Resolve blind-alarm",
        "EventBridge targets have a DLQ: order-placed-rule",
        "No stack drift: api-5xx",
        "Alarms notify someone: api-5xx",
        "Stack in sync with its template: shop-stack",
    ]
    assert {(c.rule, c.by_team) for c in wrong.conduct} == {("audit-disabled", True), ("change-outside-pipeline", True)}


def junit_failures(text: str) -> dict[str, list[str]]:
    """Each suite's failed test names, from JUnit XML as a CI system would parse it."""
    root = ET.fromstring(text)
    assert root.tag == "testsuites"
    out = {}
    for suite in root.iter("testsuite"):
        failed = [case.get("name") for case in suite.iter("testcase") if case.find("failure") is not None]
        assert int(suite.get("failures")) == len(failed)
        assert int(suite.get("tests")) == len(list(suite.iter("testcase")))
        out[suite.get("name")] = failed
    assert int(root.get("failures")) == sum(map(len, out.values()))
    return out


def test_junit_shows_what_was_left_open(report, wrong):
    assert junit_failures(text_of(report, "junit")) == {
        "faults": [],
        "compliance": ["eventbridge-rule-dlq on order-placed-rule"],
        "score": [],
    }
    assert junit_failures(text_of(wrong, "junit")) == {
        "faults": [
            "root cause bad-release resolved",
            "contributing fault blind-alarm found",
            "contributing fault blind-alarm resolved",
        ],
        "compliance": [
            "eventbridge-rule-dlq on order-placed-rule",
            "cloudformation-stack-drift-detection-check on api-5xx",
            "cloudwatch-alarm-action-check on api-5xx",
            "cloudformation-stack-drift-status on shop-stack",
            "conduct audit-disabled at 12:10",
            "conduct change-outside-pipeline at 12:10",
        ],
        "score": ["recovery at least 80", "compliance at least 80", "total at least 80"],
    }
    case = ET.fromstring(text_of(report, "junit")).find(".//testcase[@name='root cause bad-release resolved']")
    assert case is not None and case.get("time") == "930"  # injected 03:00, resolved 18:30


def test_json_round_trips_and_matches_its_schema(report, cli):
    text = text_of(report, "json")
    assert Report.model_validate_json(text) == report
    data = json.loads(text)
    assert list(data)[:3] == ["format", "summary", "impact"]
    assert data["impact"]["dollars_lost"] == 1890.0 and data["root_causes"] == ["bad-release"]
    schema = cli("schema", "--report")
    assert schema.code == 0
    jsonschema.validate(data, json.loads(schema.out))


def non_blank(png: Path) -> int:
    """How many distinct colours a PNG has (a blank page has one)."""
    image = pygame.image.load(str(png))
    step = max(image.get_width() // 64, 1)
    return len(
        {
            tuple(image.get_at((x, y)))
            for x in range(0, image.get_width(), step)
            for y in range(0, image.get_height(), step)
        }
    )


def test_markdown_has_its_chart_beside_it(cli, recorded, tmp_path):
    out = tmp_path / "out" / "pm.md"
    ran = cli("report", str(recorded), "--format", "md", "-o", str(out))
    assert ran.code == 0, ran.err
    chart = out.parent / "pm-timeline.png"
    assert ran.out.splitlines() == [str(out), str(chart)]
    assert "](pm-timeline.png)" in out.read_text(encoding="utf-8")
    assert non_blank(chart) > 5


def test_every_format_from_the_command_line(cli, recorded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, suffix in (("html", ".html"), ("json", ".json"), ("junit", ".xml")):
        ran = cli("report", str(recorded), "--format", name)
        assert ran.code == 0, ran.err
        assert ran.out.strip() == f"right{suffix}"  # named after the recording, in the current folder
        assert (tmp_path / f"right{suffix}").stat().st_size > 0


def test_a_recording_that_does_not_verify_is_reported_with_a_note(cli, recorded, tmp_path):
    lines = recorded.read_text(encoding="utf-8").splitlines()
    end = json.loads(lines[-1])
    end["score"]["total"] = 100.0
    boasting = tmp_path / "boasting.jsonl"
    boasting.write_text("\n".join([*lines[:-1], json.dumps(end)]) + "\n", encoding="utf-8")
    ran = cli("report", str(boasting), "--format", "json", "-o", str(tmp_path / "r.json"))
    assert ran.code == 0
    assert "does not verify (the recorded score differs from the recomputed one)" in ran.err
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["score"]["total"] == 91.0 and not data["summary"]["verified"]  # re-simulated, not trusted


def test_html_is_one_file_that_renders_in_chromium(report, tmp_path):
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("chromium is needed to render the HTML report: apt-get install -y chromium (.ci/run does)")
    page = tmp_path / "report.html"
    page.write_text(text_of(report, "html"), encoding="utf-8")
    html = page.read_text(encoding="utf-8")
    sources = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert sources and all(s.startswith("data:image/png;base64,") for s in sources)  # self-contained
    shot = tmp_path / "shot.png"
    common = [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,2000",
    ]
    dom = subprocess.run(
        [*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=True
    )
    for heading in ("Postmortem: The canary that sang too late", "Impact", "Detection", "Action items"):
        assert heading in dom.stdout
    subprocess.run([*common, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120, check=True)
    assert non_blank(shot) > 10
