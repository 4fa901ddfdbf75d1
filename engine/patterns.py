"""EventBridge event patterns: validation and matching, as the service documents them.

A pattern is a JSON object whose leaves are arrays of allowed values. A leaf matches when
the event's value (or any element, if the event holds an array) equals one of the
literals or satisfies one of the filters: ``prefix``, ``suffix``, ``anything-but``,
``numeric``, ``exists``, ``equals-ignore-case``, ``wildcard``. ``$or`` takes a list of
sub-patterns. Every field named in the pattern must match; fields it does not name are
ignored. An empty pattern matches nothing (EventBridge rejects it).
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

_MISSING = object()
_FILTERS = {"prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "wildcard"}
_NUMERIC_OPS = {"<": float.__lt__, "<=": float.__le__, "=": float.__eq__, ">": float.__gt__, ">=": float.__ge__}


def pattern_problem(pattern: Any, where: str = "") -> str | None:
    """Why ``pattern`` is not a valid event pattern (in EventBridge's words), or ``None``."""
    if not isinstance(pattern, dict) or not pattern:
        return (
            "Event pattern is not valid. Reason: Filter is not an object"
            if not where
            else (f"Event pattern is not valid. Reason: {where} must be an object or an array")
        )
    for key, value in pattern.items():
        path = f"{where}.{key}" if where else key
        if key == "$or":
            if not isinstance(value, list) or not value:
                return f"Event pattern is not valid. Reason: {path} must be a non-empty array"
            for alternative in value:
                problem = pattern_problem(alternative, path)
                if problem:
                    return problem
        elif isinstance(value, dict):
            problem = pattern_problem(value, path)
            if problem:
                return problem
        elif not isinstance(value, list) or not value:
            return f"Event pattern is not valid. Reason: Match value for {path} must be a non-empty array"
        else:
            for item in value:
                if isinstance(item, dict) and (len(item) != 1 or next(iter(item)) not in _FILTERS):
                    return (
                        f"Event pattern is not valid. Reason: Unrecognized match type {next(iter(item), '')} in {path}"
                    )
                if isinstance(item, dict) and "numeric" in item and not _numeric_ok(item["numeric"]):
                    return (
                        f"Event pattern is not valid. Reason: numeric in {path} must be an array of "
                        "comparison operators (<, <=, =, >, >=) each followed by a number"
                    )
    return None


def _numeric_ok(arg: Any) -> bool:
    """Whether a ``numeric`` filter's argument is ``[op, number, (op, number)]``."""
    if not isinstance(arg, list) or not arg or len(arg) % 2:
        return False
    ops, bounds = arg[::2], arg[1::2]
    return all(isinstance(op, str) and op in _NUMERIC_OPS for op in ops) and all(
        isinstance(b, int | float) and not isinstance(b, bool) for b in bounds
    )


def _leaf(allowed: list[Any], value: Any) -> bool:
    if not isinstance(allowed, list):
        return False  # not a valid leaf: an invalid pattern matches nothing
    values = value if isinstance(value, list) else [value]
    return any(_one(rule, v) for rule in allowed for v in values)


def _one(rule: Any, value: Any) -> bool:
    if not isinstance(rule, dict):
        return value is not _MISSING and rule == value
    if len(rule) != 1:
        return False  # a filter names exactly one match type
    ((name, arg),) = rule.items()
    if name == "exists":
        return (value is not _MISSING) == bool(arg)
    if value is _MISSING:
        return False
    if name == "prefix":
        return isinstance(value, str) and isinstance(arg, str) and value.startswith(arg)
    if name == "suffix":
        return isinstance(value, str) and isinstance(arg, str) and value.endswith(arg)
    if name == "equals-ignore-case":
        return isinstance(value, str) and isinstance(arg, str) and value.lower() == arg.lower()
    if name == "wildcard":
        return isinstance(value, str) and isinstance(arg, str) and fnmatchcase(value, arg)
    if name == "anything-but":
        excluded = arg if isinstance(arg, list) else [arg]
        return not any(_one(x, value) for x in excluded)
    if name == "numeric":
        if not isinstance(value, int | float) or isinstance(value, bool):
            return False
        pairs = list(zip(arg[::2], arg[1::2], strict=False))
        return all(_NUMERIC_OPS[op](float(value), float(bound)) for op, bound in pairs)
    return False


def matches(pattern: dict[str, Any], event: dict[str, Any]) -> bool:
    """Whether ``event`` matches ``pattern`` (an invalid or empty pattern matches nothing)."""
    if not isinstance(pattern, dict) or not pattern:
        return False
    for key, allowed in pattern.items():
        if key == "$or":
            if not any(matches(alt, event) for alt in allowed):
                return False
            continue
        value = event.get(key, _MISSING) if isinstance(event, dict) else _MISSING
        if isinstance(allowed, dict):
            if not isinstance(value, dict) or not matches(allowed, value):
                return False
        elif not _leaf(allowed, value):
            return False
    return True
