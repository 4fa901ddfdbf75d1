"""``warroom suggest`` and ``warroom new --from-suggestion``: what an author sees and gets."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[1] / "engine" / "fixtures" / "suggest"
FRAGILE = FIXTURES / "fragile-shop.yaml"
STURDY = FIXTURES / "sturdy-shop.yaml"
LOCATED = re.compile(r"^\S+\.yaml:\d+:\d+: error: ", re.MULTILINE)


def findings(cli, architecture: str | Path) -> list[dict]:
    ran = cli("suggest", str(architecture), "--json")
    assert (ran.code, ran.err) == (0, "")
    return json.loads(ran.out)["findings"]


@pytest.mark.parametrize("width", (80, 100, 120))
def test_the_table_fits_the_terminal_and_numbers_every_finding(cli, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    ran = cli("suggest", str(FRAGILE))
    assert (ran.code, ran.err) == (0, "")
    lines = ran.out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    numbers = [line.split("│")[1].strip() for line in lines if line.startswith("│")]
    assert [n for n in numbers if n] == [str(n) for n in range(1, len(findings(cli, FRAGILE)) + 1)]
    words = " ".join(ran.out.split())  # the closing hint names the file's path, so where it wraps depends on the clone
    assert "web-asg" in ran.out and "--from-suggestion N" in words


def test_json_names_nodes_reasons_and_the_fault(cli):
    first = findings(cli, FRAGILE)[0]
    assert first["number"] == 1 and first["kind"] == "single-point-of-failure" and first["severity"] == "high"
    assert first["nodes"] == ["web-asg"]
    assert first["fault"] == {
        "fault": "az_degradation",
        "target": "shop-alb",
        "params": {"az": "us-east-1a", "lasts": "20m"},
    }
    assert "us-east-1a" in first["why"] and "two Availability Zones" in first["fix"]
    assert first["where"].endswith("fragile-shop.yaml:11:5")


def test_a_number_explains_one_finding(cli):
    ran = cli("suggest", str(FRAGILE), "5")
    assert ran.code == 0, ran.err
    assert ran.out.startswith("5. [medium] no-dead-letter-queue: jobs-queue → worker-fn")
    assert "Why it matters: jobs-queue has no redrive policy" in ran.out
    assert "The lasting fix: give jobs-queue a redrive policy" in ran.out
    assert "Suggested fault: sqs_poison_message on jobs-queue" in ran.out


def test_a_bundled_architecture_by_name(cli):
    ran = cli("suggest", "serverless-shop")
    assert ran.code == 0 and "Weak spots of serverless-shop" in ran.out


def test_a_sturdy_architecture_has_no_weak_spots(cli):
    ran = cli("suggest", str(STURDY))
    assert (ran.code, ran.out.strip()) == (0, "sturdy-shop: no weak spots found by 8 detectors")
    assert findings(cli, STURDY) == []


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("nodes:\n  - {id: a, type: alb\n", ":3:1: error: "),  # unclosed flow mapping
        ("nodes:\n  - {id: a, type: lambda_functoin}\n", ":2:19: error: unknown resource type 'lambda_functoin'"),
        ("nodes:\n  - {id: a, type: alb}\nedges: [a routes nowhere]\n", ":3:"),
    ],
    ids=["syntax", "unknown type", "dangling edge"],
)
def test_a_bad_architecture_file_is_located_without_a_traceback(warroom, tmp_path, text, where):
    (tmp_path / "broken.yaml").write_text(text, encoding="utf-8")
    ran = warroom("suggest", "broken.yaml")
    assert ran.code == 1 and ran.out == ""
    assert LOCATED.search(ran.err) and f"broken.yaml{where}" in ran.err, ran.err
    assert "Traceback" not in ran.err


def test_no_such_finding_is_misuse(cli):
    ran = cli("suggest", str(FRAGILE), "99")
    assert ran.code == 2 and "has no finding 99: its findings are numbered 1 to" in ran.err


def test_no_such_file(cli):
    ran = cli("suggest", "missing.yaml")
    assert ran.code == 1 and "missing.yaml: no such architecture file" in ran.err


def lints_and_plays(cli, warroom, folder: Path, name: str) -> None:
    """The scaffold passes lint (it is played: winnable, not won by waiting) and plays to a score."""
    linted = cli("lint", str(folder / name))
    assert linted.code == 0, linted.err + linted.out
    assert " error: " not in linted.out + linted.err
    played = warroom("play", name, "--clock", "manual", "--seed", "7", stdin="status\nwait 5m\nend\n")
    assert played.code == 0, played.err
    assert "Game over at 05:" in played.out and "Debrief" in played.out and "Traceback" not in played.err
    assert re.search(r"│ total\s+│\s+\d+\.\d │", played.out), played.out


def test_scaffold_from_the_planted_single_point_of_failure(cli, warroom, tmp_path):
    ran = warroom("new", "one-zone", "--architecture", FRAGILE, "--from-suggestion", "1")
    assert ran.code == 0, ran.err
    copied = tmp_path / "architectures" / "fragile-shop.yaml"
    assert copied.read_bytes() == FRAGILE.read_bytes()
    text = (tmp_path / "one-zone.yaml").read_text(encoding="utf-8")
    assert "architecture: fragile-shop\n" in text and "domains: [resilience, incident-response]" in text
    assert "finding 1 of `warroom suggest fragile-shop` (single-point-of-failure)" in text
    assert '  - title: "When web-asg fails"' in text and "stub drawn from `warroom suggest`" in text
    assert "A design review flagged it: every request path" in text
    assert "Why it hurt: web-asg is an Auto Scaling group" in text
    # AWS recovers an impaired zone by itself, so the zone outage is passed over, and said so
    assert "az_degradation on shop-alb (az=us-east-1a, lasts=20m) does not make a fair scenario" in ran.out
    assert "target: web-asg" in text
    lints_and_plays(cli, warroom, tmp_path, "one-zone.yaml")


def test_scaffold_from_a_bundled_architecture(cli, warroom, tmp_path):
    first = findings(cli, "serverless-shop")[0]
    ran = warroom("new", "lost-orders", "--architecture", "serverless-shop", "--from-suggestion", "1")
    assert ran.code == 0, ran.err
    assert not (tmp_path / "architectures").exists()
    text = (tmp_path / "lost-orders.yaml").read_text(encoding="utf-8")
    assert f"    fault: {first['fault']['fault']}\n" in text and f"    target: {first['fault']['target']}" in text
    assert "architecture: serverless-shop\n" in text
    lints_and_plays(cli, warroom, tmp_path, "lost-orders.yaml")


def test_a_finding_without_a_fault_writes_nothing(warroom, tmp_path, cli):
    number = next(f["number"] for f in findings(cli, FRAGILE) if f["fault"] is None)
    ran = warroom("new", "nothing", "--architecture", FRAGILE, "--from-suggestion", number)
    assert ran.code == 1 and "proposes no fault: none in the catalog exercises it" in ran.err
    assert [p.name for p in tmp_path.iterdir() if p.name != "data"] == []


def test_a_different_architecture_of_the_same_name_is_kept(warroom, tmp_path):
    (tmp_path / "architectures").mkdir()
    (tmp_path / "architectures" / "fragile-shop.yaml").write_text("nodes: []\n", encoding="utf-8")
    ran = warroom("new", "clash", "--architecture", FRAGILE, "--from-suggestion", "5")
    assert ran.code == 1 and "already exists and differs" in ran.err
    assert (tmp_path / "architectures" / "fragile-shop.yaml").read_text(encoding="utf-8") == "nodes: []\n"


def test_fault_and_suggestion_exclude_each_other(cli):
    ran = cli("new", "both", "--fault", "sqs_poison_message", "--from-suggestion", "1")
    assert ran.code == 2 and "not allowed with argument" in ran.err


def test_a_scenario_file_is_refused_naming_its_architecture(cli):
    scenario = Path(__file__).parents[2] / "scenarios" / "canary-checkout.yaml"
    ran = cli("suggest", str(scenario))
    assert ran.code == 1 and ran.out == ""
    assert ran.err.strip().endswith(
        "is a scenario, not an architecture file; it plays on 'serverless-shop': 'warroom suggest serverless-shop'"
    )


def test_the_scaffold_belongs_to_the_finding_s_exam_domain(warroom, tmp_path):
    ran = warroom("new", "no-dlq", "--architecture", FRAGILE, "--from-suggestion", "5")
    assert ran.code == 0, ran.err
    text = (tmp_path / "no-dlq.yaml").read_text(encoding="utf-8")
    assert "domains: [incident-response]" in text and 'tasks: ["5.1", "5.3"]' in text
    assert "fault: sqs_poison_message" in text and "target: jobs-queue" in text
