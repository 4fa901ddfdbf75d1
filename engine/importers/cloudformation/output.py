"""Write an imported architecture as YAML, in the format of ``scenarios/architectures/``."""

from __future__ import annotations

from typing import Any

import yaml


def architecture_yaml(architecture: dict[str, Any], sources: list[str]) -> str:
    """The architecture file's text: a header naming the source templates, then the YAML
    (keys in the order the importer wrote them)."""
    header = ["# Imported by 'warroom import cloudformation' from:"] + [f"#   {source}" for source in sources]
    body = yaml.safe_dump(architecture, sort_keys=False, width=120, allow_unicode=True)
    return "\n".join(header) + "\n" + body
