"""``warroom catalog --markdown``: the committed reference in docs/reference/ is fresh and well formed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from warroom.engine import ACTIONS, CONDUCT_RULES, FAULTS, RESOURCES, STATE_RULES
from warroom.game.subcommands import catalog

REFERENCE = Path(__file__).resolve().parents[2] / "docs" / "reference"
PAGES = ("README.md", "actions.md", "faults.md", "resources.md", "rules.md")
STALE = "docs/reference is stale: run `make reference` (warroom catalog --markdown -o docs/reference)"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reference")
    catalog.write_markdown(folder)
    return folder


def test_committed_reference_is_fresh(generated):
    assert sorted(p.name for p in generated.iterdir()) == list(PAGES)
    committed = sorted(p.name for p in REFERENCE.iterdir()) if REFERENCE.is_dir() else []
    assert committed == list(PAGES), STALE
    for name in PAGES:
        assert (generated / name).read_bytes() == (REFERENCE / name).read_bytes(), f"{name}: {STALE}"


def test_output_is_stable(generated, tmp_path):
    catalog.write_markdown(tmp_path)
    for name in PAGES:
        assert (tmp_path / name).read_bytes() == (generated / name).read_bytes()


def test_every_unit_has_an_anchored_heading(generated):
    expected = {
        "resources.md": RESOURCES.ids(),
        "faults.md": FAULTS.ids(),
        "actions.md": ACTIONS.ids(),
        "rules.md": sorted(STATE_RULES.ids() + CONDUCT_RULES.ids()),
    }
    for name, ids in expected.items():
        text = (generated / name).read_text(encoding="utf-8")
        anchors = re.findall(r'^<a id="([^"]+)"></a>\n\n#+ `([^`]+)`', text, re.MULTILINE)
        assert sorted(unit for unit, _ in anchors) == ids
        assert all(anchor == heading for anchor, heading in anchors)


def test_links_point_at_existing_anchors(generated):
    anchors = {
        name: set(re.findall(r'<a id="([^"]+)"></a>', (generated / name).read_text(encoding="utf-8"))) for name in PAGES
    }
    for name in PAGES:
        for page, anchor in re.findall(r"\]\(([a-z]*\.md)?#([^)]+)\)", (generated / name).read_text(encoding="utf-8")):
            assert anchor in anchors[page or name], f"{name}: broken link to {page or name}#{anchor}"


def test_whole_docstrings_and_author_facts(generated):
    resources = (generated / "resources.md").read_text(encoding="utf-8")
    # the second paragraph of a docstring is there, with reST literals turned into Markdown
    assert "CodeDeploy shifts during canary and linear deployments" in resources
    assert "``" not in resources
    lambda_entry = resources.split('<a id="lambda_function">')[1].split("\n---\n")[0]
    assert "`AWS::Lambda::Function`" in lambda_entry
    assert "| `memory_mb` | integer (128 to 10240) | `512` |" in lambda_entry
    assert "| `Errors` | `AWS/Lambda` | `FunctionName` | Sum | Count | 1m |" in lambda_entry
    assert "[`lambda_concurrency_exhaustion`](faults.md#lambda_concurrency_exhaustion)" in lambda_entry
    faults = (generated / "faults.md").read_text(encoding="utf-8")
    assert "* `pattern` — the producer's release renamed its event `source`" in faults  # a bullet list kept
    assert "| `version` | string | **required** | the new version being released |" in faults
    actions = (generated / "actions.md").read_text(encoding="utf-8")
    assert "- **Channel:** `pipeline`" in actions
    assert "`manual-change` (judged by [`change-outside-pipeline`](rules.md#change-outside-pipeline))" in actions
    rules = (generated / "rules.md").read_text(encoding="utf-8")
    assert "- **AWS Config rule:** `INCOMING_SSH_DISABLED`" in rules


def test_markdown_cli(cli, tmp_path):
    ran = cli("catalog", "--markdown", "-o", str(tmp_path / "ref"))
    assert ran.code == 0, ran.err
    assert sorted(p.name for p in (tmp_path / "ref").iterdir()) == list(PAGES)
    assert ran.out.count("wrote ") == len(PAGES)


def test_markdown_defaults_to_docs_reference(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("catalog", "--markdown").code == 0
    assert sorted(p.name for p in (tmp_path / "docs" / "reference").iterdir()) == list(PAGES)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--markdown", "--kind", "faults"], "drop --kind"),
        (["-o", "somewhere"], "-o/--output is for --markdown"),
    ],
)
def test_markdown_misuse(cli, args, message):
    ran = cli("catalog", *args)
    assert ran.code == 2 and message in ran.err


def test_markdown_and_json_exclude_each_other(cli):
    assert cli("catalog", "--markdown", "--json").code == 2


def test_unwritable_folder_is_a_clear_failure(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    ran = cli("catalog", "--markdown", "-o", str(blocker / "ref"))
    assert ran.code == 1 and "cannot write the reference" in ran.err and "Traceback" not in ran.err
