"""Reading what the player types: words, ``key=value`` parameters and durations.

A line splits on spaces, except inside quotes or brackets, so that
``do post_status_update text="We are on it"`` and ``services=["lambda","s3"]`` stay whole.
A value is read as JSON when it parses (numbers, booleans, lists, ``"quoted strings"``) and
as a plain string otherwise — unless the action's parameter is a string, where ``version=41``
means the string ``"41"`` (the player should not have to quote it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from warroom.engine import ACTIONS, parse_duration

_OPEN = {"[": "]", "{": "}"}
_JSON_TYPES = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object"}


class InputError(ValueError):
    """Something typed that cannot be read; the message says how to write it."""


def split_words(line: str) -> list[str]:
    """Split on whitespace outside quotes and brackets; quotes are kept for :func:`parse_value`."""
    words: list[str] = []
    current: list[str] = []
    quote = ""
    closers: list[str] = []
    for char in line:
        if quote:
            current.append(char)
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current.append(char)
        elif char in _OPEN:
            closers.append(_OPEN[char])
            current.append(char)
        elif closers and char == closers[-1]:
            closers.pop()
            current.append(char)
        elif char.isspace() and not closers:
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(char)
    if quote:
        raise InputError(f"unclosed {quote} quote")
    if closers:
        raise InputError(f"unclosed bracket: expected {closers[-1]!r}")
    if current:
        words.append("".join(current))
    return words


def _unquote(word: str) -> str:
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "\"'":
        return word[1:-1]
    return word


def parse_value(text: str, schema: dict[str, Any] | None = None) -> Any:
    """A parameter value: JSON when it parses, else the text; ``'single quotes'`` force a string."""
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return text[1:-1]
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if schema is not None and not isinstance(value, str) and _wants_string_only(schema, value):
        return text
    return value


def _accepted_types(schema: dict[str, Any]) -> set[str]:
    types: set[str] = set()
    kind = schema.get("type")
    if isinstance(kind, str):
        types.add(kind)
    elif isinstance(kind, list):
        types.update(kind)
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        types |= _accepted_types(branch)
    if "enum" in schema:
        types.update(_JSON_TYPES.get(type(v), "null") for v in schema["enum"])
    return types


def _wants_string_only(schema: dict[str, Any], value: Any) -> bool:
    """Whether the parameter takes a string but not what the JSON reading produced."""
    accepted = _accepted_types(schema)
    kind = _JSON_TYPES.get(type(value), "null")
    fits = kind in accepted or (kind == "integer" and "number" in accepted)
    return "string" in accepted and not fits


@dataclass
class ActionRequest:
    """A parsed ``do`` line: the action, its target if any, and its parameters."""

    action: str
    target: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def parse_do(words: list[str]) -> ActionRequest:
    """``ACTION [TARGET] [key=value ...]`` → an :class:`ActionRequest`."""
    if not words:
        raise InputError("say which action: do ACTION [TARGET] [key=value ...] (try 'actions')")
    request = ActionRequest(words[0])
    properties: dict[str, Any] = {}
    if request.action in ACTIONS:
        properties = ACTIONS.get(request.action).Params.model_json_schema().get("properties", {})
    for word in words[1:]:
        key, sep, value = word.partition("=")
        if sep:
            if not key:
                raise InputError(f"{word!r}: write parameters as key=value")
            request.params[key] = parse_value(value, properties.get(key))
        elif request.target is None and not request.params:
            request.target = _unquote(word)
        else:
            raise InputError(f"unexpected {word!r}: write parameters as key=value after the target")
    return request


def parse_wait(words: list[str]) -> int | None:
    """Ticks to wait (``90s``, ``2m``, ``1m30s`` or seconds), or ``None`` for "until something happens"."""
    if not words:
        return None
    try:
        ticks = parse_duration("".join(words))
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if ticks <= 0:
        raise InputError("wait for a positive duration, like 30s or 2m")
    return ticks
