"""``warroom import cloudformation``: the file it writes validates, the summary, and bad input."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

TEMPLATE = """\
Parameters:
  Retention: {Type: Number, Default: 14}
  Stage: {Type: String}
Conditions:
  WantsArchive: !Equals [!Ref Stage, prod]
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
    Properties: {RetentionInDays: !Ref Retention, LogGroupName: !Sub "/app/${AWS::AccountId}"}
  Archive:
    Type: AWS::S3::Bucket
    Condition: WantsArchive
  Network:
    Type: AWS::EC2::VPC
"""


def _template(tmp_path: Path) -> Path:
    path = tmp_path / "app.yaml"
    path.write_text(textwrap.dedent(TEMPLATE))
    return path


def test_import_writes_an_architecture_that_validates(cli, tmp_path: Path) -> None:
    out = tmp_path / "arch.yaml"
    ran = cli("import", "cloudformation", str(_template(tmp_path)), "-o", str(out), "--stack-name", "Web App")
    assert ran.code == 0, ran.err
    text = out.read_text()
    assert text.startswith(f"# Imported by 'warroom import cloudformation' from:\n#   {tmp_path / 'app.yaml'}\n")
    data = yaml.safe_load(text)
    assert [(n["id"], n["type"], n.get("stack")) for n in data["nodes"]] == [
        ("web-app", "cloudformation_stack", None),
        ("logs", "log_group", "web-app"),
        ("archive", "s3_bucket", "web-app"),  # the condition is unknown (Stage has no value): assumed true
        ("network", "cfn_resource", "web-app"),
    ]
    assert data["nodes"][1]["config"] == {"retention_days": 14, "kms_encrypted": False}
    for line in (
        "log_group",
        "AWS::EC2::VPC",
        "${Stage}",
        "${AWS::AccountId}",
        "web-app: WantsArchive",
        "assumed true",
        "4 node(s), 0 edge(s)",
    ):
        assert line in ran.out
    validated = cli("validate", str(out))
    assert validated.code == 0, validated.err
    assert validated.out == f"ok: {out} (architecture, 4 nodes)\n"


def test_import_without_output_prints_the_yaml_and_the_summary_to_stderr(cli, tmp_path: Path) -> None:
    ran = cli("import", "cloudformation", str(_template(tmp_path)), "--param", "Stage=dev")
    assert ran.code == 0
    data = yaml.safe_load(ran.out)
    assert [n["id"] for n in data["nodes"]] == ["app", "logs", "network"]
    assert "app/Archive" in ran.err and "WantsArchive" in ran.err


def test_bad_template_exits_1_with_a_located_error(cli, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(
        "Resources:\n  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties: {LogGroupName: !Ref Missing}\n"
    )
    ran = cli("import", "cloudformation", str(path))
    assert ran.code == 1
    assert ran.err == f"{path}:4:32: error: Ref to unknown parameter or resource 'Missing'; declare it first\n"
    assert ran.out == ""


def test_bad_param_syntax_is_a_usage_error(cli, tmp_path: Path) -> None:
    ran = cli("import", "cloudformation", str(_template(tmp_path)), "--param", "Stage")
    assert ran.code == 2
    assert "KEY=VALUE" in ran.err


def test_a_missing_template_is_a_located_error(cli, tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    ran = cli("import", "cloudformation", str(missing))
    assert (ran.code, ran.err) == (
        1,
        f"{missing}:1:1: error: cannot read the template: No such file or directory; check the path\n",
    )
