"""Read a pydantic JSON Schema (a resource's config, a fault's or action's params) as field rows.

A scenario author wants, for each field: its name, its type in words (``integer, 1 to 100``,
``one of `a`, `b```, ``list of Stage``), its default (or that it is required) and what it
means. Nested objects (``$defs``) get their own tables, in the order they are first used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .markdown import code, value

Schema = dict[str, Any]


@dataclass(frozen=True)
class FieldRow:
    """One field of an object schema, ready for a table."""

    name: str
    type: str
    default: str
    description: str
    required: bool


@dataclass(frozen=True)
class ObjectTable:
    """The fields of one object: the top level (``name`` empty) or a nested definition."""

    name: str
    used_in: str
    rows: tuple[FieldRow, ...]


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _bounds(node: Schema) -> str:
    low, high = node.get("minimum"), node.get("maximum")
    if low is not None and high is not None:
        return f"{_num(low)} to {_num(high)}"
    parts = []
    for key, sign in (("exclusiveMinimum", ">"), ("minimum", "≥"), ("exclusiveMaximum", "<"), ("maximum", "≤")):
        if key in node:
            parts.append(f"{sign} {_num(node[key])}")
    return ", ".join(parts)


def _num(number: float) -> str:
    return f"{number:g}" if isinstance(number, float) else str(number)


def type_text(node: Schema) -> str:
    """A field's type in words."""
    if "$ref" in node:
        return code(_ref_name(node["$ref"]))
    if "enum" in node:
        return "one of " + ", ".join(value(v) for v in node["enum"])
    if "const" in node:
        return value(node["const"])
    if "anyOf" in node:
        options = node["anyOf"]
        kinds = [o.get("type") for o in options]
        if sorted(k for k in kinds if k) == ["integer", "string"] and len(kinds) == 2:
            return "duration"
        real = [o for o in options if o.get("type") != "null"]
        text = " or ".join(type_text(o) for o in real)
        return f"{text} or null" if len(real) < len(options) else text
    kind = node.get("type")
    if kind == "array":
        text = "list of " + type_text(node.get("items", {}))
        if "minItems" in node:
            text += f" (at least {node['minItems']})"
        return text
    if kind == "object" or (kind is None and "additionalProperties" in node):
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            return "mapping of string to " + type_text(extra)
        return "mapping"
    if isinstance(kind, list):
        return " or ".join(kind)
    details = [_bounds(node)]
    if "pattern" in node:
        details.append("matching " + code(node["pattern"]))
    if "maxLength" in node:
        details.append(f"at most {node['maxLength']} characters")
    extra_text = ", ".join(d for d in details if d)
    return f"{kind or 'any'} ({extra_text})" if extra_text else (kind or "any")


def _default(node: Schema, required: bool) -> str:
    if "default" in node:
        return value(node["default"])
    if required:
        return "**required**"
    kind = node.get("type")
    return value([]) if kind == "array" else value({}) if kind == "object" else "—"


def rows(schema: Schema) -> tuple[FieldRow, ...]:
    """The fields of an object schema, in declaration order."""
    required = set(schema.get("required", ()))
    return tuple(
        FieldRow(
            name,
            type_text(node),
            _default(node, name in required),
            node.get("description", ""),
            name in required,
        )
        for name, node in schema.get("properties", {}).items()
    )


def _refs(node: Any) -> list[str]:
    """The ``$defs`` names a schema node refers to, in order of appearance."""
    if isinstance(node, dict):
        found = [_ref_name(node["$ref"])] if "$ref" in node else []
        for key, child in node.items():
            if key != "$defs":
                found += _refs(child)
        return found
    if isinstance(node, list):
        return [name for child in node for name in _refs(child)]
    return []


def tables(schema: Schema) -> list[ObjectTable]:
    """The top-level fields, then each nested definition reachable from them (breadth first)."""
    defs = schema.get("$defs", {})
    result = [ObjectTable("", "", rows(schema))]
    seen: set[str] = set()
    queue = [(name, field) for field, node in schema.get("properties", {}).items() for name in _refs(node)]
    while queue:
        name, used_in = queue.pop(0)
        if name in seen or name not in defs:
            continue
        seen.add(name)
        result.append(ObjectTable(name, used_in, rows(defs[name])))
        queue += [
            (child, f"{name}.{field}")
            for field, field_node in defs[name].get("properties", {}).items()
            for child in _refs(field_node)
        ]
    return result
