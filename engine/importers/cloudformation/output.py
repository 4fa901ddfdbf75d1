"""Write an imported architecture as YAML, in the format of ``scenarios/architectures/``."""

from __future__ import annotations

from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the order the importer wrote them, short lists inline."""


def _mapping(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items())


_Dumper.add_representer(dict, _mapping)


def architecture_yaml(architecture: dict[str, Any], sources: list[str]) -> str:
    """The architecture file's text: a header naming the source templates, then the YAML."""
    header = ["# Imported by 'warroom import cloudformation' from:"] + [f"#   {source}" for source in sources]
    body = yaml.dump(architecture, Dumper=_Dumper, sort_keys=False, width=120, allow_unicode=True)
    return "\n".join(header) + "\n" + body
