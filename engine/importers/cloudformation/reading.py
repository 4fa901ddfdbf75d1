"""Read a CloudFormation template (YAML or JSON) safely, short-form intrinsic tags included.

Built on :mod:`engine.scenario.safeyaml`: the same limits (size, depth, alias expansion,
one document, no duplicate keys) and the same ``file:line:col`` marks. A short-form tag
becomes the long form CloudFormation itself uses (``!GetAtt A.B`` → ``{"Fn::GetAtt": ["A",
"B"]}``), so the rest of the importer sees one shape. ``!Rain::Embed`` (the Rain CLI's
file inclusion, found in published templates) becomes an opaque value; any other tag is a
located error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ...errors import Problem, ScenarioError
from ...scenario.safeyaml import Builder, Marks, load

SHORT_FORMS = {
    "Ref": "Ref",
    "Condition": "Condition",
    **{
        name: f"Fn::{name}"
        for name in [
            "And",
            "Base64",
            "Cidr",
            "Equals",
            "FindInMap",
            "GetAtt",
            "GetAZs",
            "If",
            "ImportValue",
            "Join",
            "Length",
            "Not",
            "Or",
            "Select",
            "Split",
            "Sub",
            "ToJsonString",
            "Transform",
        ]
    },
}
"""Short-form tags (without ``!``) and the long-form key each stands for."""

OPAQUE_TAGS = {"Rain::Embed"}
"""Preprocessor tags whose value warroom does not need (embedded code): kept as opaque text."""

_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class TemplateBuilder(Builder):
    """A safe builder that also accepts CloudFormation's short-form intrinsic tags."""

    def build(self, node: yaml.Node, path: tuple[str | int, ...], depth: int) -> Any:
        if not node.tag.startswith("!"):
            return super().build(node, path, depth)
        name = node.tag[1:]
        key = SHORT_FORMS.get(name) or (name if name in OPAQUE_TAGS else None)
        if key is None:
            hint = (
                "a Rain preprocessor directive: run 'rain pkg' on the template first"
                if name.startswith("Rain::")
                else "CloudFormation's short forms are " + ", ".join(f"!{n}" for n in sorted(SHORT_FORMS))
            )
            raise self.fail(node, f"unknown tag {node.tag!r}", hint)
        self.marks.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if key == "Fn::GetAtt" and isinstance(node, yaml.ScalarNode):
            logical, _, attribute = str(node.value).partition(".")
            return {key: [logical, attribute]}
        return {key: super().build(_untagged(node), (*path, key), depth + 1)}


def _untagged(node: yaml.Node) -> yaml.Node:
    """The same node with its plain tag, so the standard builder reads its value."""
    if isinstance(node, yaml.ScalarNode):
        return yaml.ScalarNode(_STR, node.value, node.start_mark, node.end_mark, node.style)
    if isinstance(node, yaml.SequenceNode):
        return yaml.SequenceNode(_SEQ, node.value, node.start_mark, node.end_mark, node.flow_style)
    return yaml.MappingNode(_MAP, node.value, node.start_mark, node.end_mark, node.flow_style)


@dataclass
class Template:
    """One template as read: its file, parsed body and where each value stands."""

    path: Path
    shown: str
    body: dict[str, Any]
    marks: Marks

    def problem(self, at: tuple[str | int, ...], message: str, hint: str = "") -> Problem:
        """A problem located at ``at`` in this template."""
        file, line, col = self.marks.locate(at)
        return Problem(file, line, col, message, hint=hint)

    def error(self, at: tuple[str | int, ...], message: str, hint: str = "") -> ScenarioError:
        """A :class:`ScenarioError` carrying :meth:`problem`."""
        return ScenarioError([self.problem(at, message, hint)])


def read_template(path: Path, shown: str | None = None) -> Template:
    """Read and shape-check one template file; raises :class:`ScenarioError` located."""
    shown = shown or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problem = Problem(shown, 1, 1, f"cannot read the template: {exc.strerror or exc}", hint="check the path")
        raise ScenarioError([problem]) from None
    if raw.lstrip()[:1] == b"{":
        raw = raw.replace(b"\t", b" ")  # JSON: tabs are only whitespace there, but YAML refuses them
    body, marks = load(raw, shown, TemplateBuilder)
    template = Template(path, shown, body, marks)
    if not isinstance(body, dict):
        raise template.error((), "a template is a mapping with a 'Resources' section", "is this a CloudFormation file?")
    resources = body.get("Resources")
    if not isinstance(resources, dict) or not resources:
        at = ("Resources",) if "Resources" in body else ()
        raise template.error(at, "the template has no resources", "a template declares at least one resource")
    for section in ("Parameters", "Mappings", "Conditions", "Outputs"):
        if section in body and not isinstance(body[section], dict | type(None)):
            raise template.error((section,), f"'{section}' must be a mapping")
    for logical, resource in resources.items():
        at = ("Resources", logical)
        if not isinstance(resource, dict):
            raise template.error(at, f"resource {logical!r} must be a mapping with a 'Type'")
        if not isinstance(resource.get("Type"), str):
            raise template.error(at, f"resource {logical!r} has no 'Type'", "e.g. Type: AWS::S3::Bucket")
        if not isinstance(resource.get("Properties", {}), dict):
            raise template.error((*at, "Properties"), f"the properties of {logical!r} must be a mapping")
    return template
