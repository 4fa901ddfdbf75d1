"""Where the public CloudFormation templates used as test data live (not copied into the project)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def templates_folder() -> Path | None:
    """``$WARROOM_CFN_TEMPLATES``, else ``<repo>/../shared/cfn-templates``, else ``/work/shared/cfn-templates``."""
    candidates = [os.environ.get("WARROOM_CFN_TEMPLATES"), REPO.parent / "shared" / "cfn-templates"]
    candidates.append("/work/shared/cfn-templates")
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def all_templates() -> list[str]:
    """Every template of the test data, relative to its folder (empty when it is missing)."""
    folder = templates_folder()
    if folder is None:
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))


@pytest.fixture
def cfn_templates() -> Path:
    """The folder of public templates; the test is skipped when it is not there."""
    folder = templates_folder()
    if folder is None:
        pytest.skip(
            "CloudFormation test templates not found: set WARROOM_CFN_TEMPLATES, or put them in "
            "../shared/cfn-templates beside the repository or /work/shared/cfn-templates"
        )
    return folder
