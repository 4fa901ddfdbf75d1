"""Safe YAML for untrusted scenario files, keeping the line and column of every value.

PyYAML composes the document into nodes (which carry marks); this module builds plain
Python values from those nodes itself, so that:

* no tag can construct an object — only the standard scalar, sequence and mapping tags are
  accepted (timestamps stay strings), anything else is a located error;
* a file is at most :data:`MAX_BYTES`, holds one document, nests at most
  :data:`MAX_DEPTH` deep and expands to at most :data:`MAX_VALUES` values — which stops
  "billion laughs" alias bombs and recursive aliases;
* duplicate keys are errors (PyYAML silently keeps the last one);
* every value's position is recorded under its path, so schema errors can name
  ``file:line:col``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import Problem, ScenarioError

MAX_BYTES = 4 << 20
MAX_DEPTH = 64
MAX_VALUES = 400_000

Path = tuple[str | int, ...]

_SCALARS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

try:
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader


@dataclass
class Marks:
    """Where each value (and each mapping key) of a document stands, by path."""

    file: str
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)
    files: dict[Path, tuple[Marks, Path]] = field(default_factory=dict)

    def graft(self, prefix: Path, other: Marks, at: Path = ()) -> None:
        """Say that the value at ``prefix`` came from ``at`` in another document (an included
        architecture, a snippet) — or, given :meth:`own`, from elsewhere in this one (an entry
        that moved when the document was composed)."""
        self.files[prefix] = (other, at)

    def own(self) -> Marks:
        """This document's marks as read, without grafts (what a graft within it points at)."""
        return Marks(self.file, self.values, self.keys)

    def locate(self, path: Path, *, prefer_key: bool = False) -> tuple[str, int, int]:
        """``(file, line, col)`` of the closest recorded ancestor of ``path`` (1-based)."""
        for prefix in sorted(self.files, key=len, reverse=True):
            if path[: len(prefix)] == prefix:
                other, at = self.files[prefix]
                return other.locate((*at, *path[len(prefix) :]), prefer_key=prefer_key)
        probe = tuple(path)
        while True:
            if prefer_key and probe in self.keys:
                line, col = self.keys[probe]
                return self.file, line, col
            if probe in self.values:
                line, col = self.values[probe]
                return self.file, line, col
            if not probe:
                return self.file, 1, 1
            probe = probe[:-1]


def _problem(file: str, mark: Any, message: str, hint: str = "") -> Problem:
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(file, line, col, message, hint=hint)


class Builder:
    """Builds plain values from composed nodes, recording marks and enforcing the limits."""

    def __init__(self, file: str) -> None:
        self.marks = Marks(file)
        self.count = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, node: yaml.Node, message: str, hint: str = "") -> ScenarioError:
        return ScenarioError([_problem(self.marks.file, node.start_mark, message, hint)])

    def build(self, node: yaml.Node, path: Path, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.fail(
                node,
                f"the document expands to more than {MAX_VALUES} values",
                "an alias is probably expanding exponentially; remove the anchors",
            )
        if depth > MAX_DEPTH:
            raise self.fail(
                node,
                f"nesting deeper than {MAX_DEPTH} levels",
                "a recursive alias, or a structure far deeper than a scenario needs",
            )
        self.marks.values.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            return self.mapping(node, path, depth)
        raise self.fail(
            node,
            f"the YAML tag {node.tag!r} is not allowed",
            "scenario files use plain mappings, lists and scalars only",
        )

    def scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _TIMESTAMP:
            return node.value
        if node.tag not in _SCALARS:
            raise self.fail(
                node,
                f"the YAML tag {node.tag!r} is not allowed",
                "scenario files use plain mappings, lists and scalars only",
            )
        return self.constructor.construct_object(node)

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for source in sources:
                    value = self.build(source, path, depth + 1)
                    if not isinstance(value, dict):
                        raise self.fail(source, "a merge key (<<) must refer to a mapping")
                    for k, v in value.items():
                        merged.setdefault(k, v)
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "mapping keys must be plain words or numbers")
            key = str(self.scalar(key_node))
            if key in result:
                raise self.fail(
                    key_node, f"duplicate key {key!r}", "each key may appear once in a mapping; remove or rename one"
                )
            self.marks.keys[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        for k, v in merged.items():
            result.setdefault(k, v)
        return result


def load(text: str | bytes, file: str, builder_class: type[Builder] | None = None) -> tuple[Any, Marks]:
    """Parse one YAML document safely; return its value and the marks of every value.

    ``builder_class`` (a :class:`Builder` subclass) may accept more tags, as the CloudFormation
    importer does for ``!Ref`` and its kin. Raises :class:`ScenarioError` with a located
    problem for anything unsafe or malformed.
    """
    size = len(text.encode() if isinstance(text, str) else text)
    if size > MAX_BYTES:
        raise ScenarioError(
            [
                Problem(
                    file,
                    1,
                    1,
                    f"file is {size} bytes; the limit is {MAX_BYTES}",
                    hint="split the architecture into its own file",
                )
            ]
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ScenarioError([Problem(file, 1, 1, f"not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise ScenarioError(
            [_problem(file, mark, f"YAML syntax: {message}", "check the indentation and quoting on this line")]
        ) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem(file, 1, 1, f"YAML: {exc}")]) from None
    except RecursionError:
        raise ScenarioError([Problem(file, 1, 1, f"nesting deeper than {MAX_DEPTH} levels")]) from None
    if len(nodes) > 1:
        raise ScenarioError(
            [
                _problem(
                    file,
                    nodes[1].start_mark,
                    "more than one YAML document",
                    "a scenario file holds one document; remove the extra '---'",
                )
            ]
        )
    builder = (builder_class or Builder)(file)
    if not nodes:
        return None, builder.marks
    try:
        return builder.build(nodes[0], (), 0), builder.marks
    except RecursionError:
        raise ScenarioError([Problem(file, 1, 1, f"nesting deeper than {MAX_DEPTH} levels")]) from None
