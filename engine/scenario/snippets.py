"""Reusable injects and messages: ``- use: NAME`` in a scenario's lists.

Scenarios keep needing the same pieces: the VP who phones when nothing is on the status
page, the teammate whose release puts a hand fix back, AWS Health posting late. A snippet
file ``snippets/NAME.yaml`` (the scenario's folder first, then the bundled library) holds
one entry (a mapping) or several (a list). Using it::

    messages:
      - use: vp-wants-an-update
        with: {service: the shop}     # fills ${service} in the snippet's text
        at: 9m                        # any other field replaces the snippet's

Snippets work wherever injects and messages are listed: the scenario's, each variant's
and each facilitator card's. Expansion happens on the raw document before the schema sees
it, and every value keeps its origin, so an error inside a snippet points into the
snippet's file. A snippet cannot use another snippet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from ..architecture import Issue, pydantic_issues
from ..errors import Problem, ScenarioError
from .models import SnippetUse
from .safeyaml import Marks, Path

PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_-]*)\}")
LISTS = ("injects", "messages")
NESTED = ("variants", "deck")  # lists of things that have their own injects and messages

Fetch = Callable[[str, Path], tuple[Any, Marks]]


def expand_snippets(data: dict[str, Any], marks: Marks, fetch: Fetch) -> None:
    """Replace every ``use:`` entry of ``data``'s inject and message lists with the snippet's
    entries, in place; ``fetch(name, path_of_use)`` loads a snippet document and its marks."""
    own = marks.own()
    problems: list[Problem] = []
    for path in _list_paths(data):
        entries = _at(data, path)
        if not any(isinstance(e, dict) and "use" in e for e in entries):
            continue
        expanded: list[Any] = []
        for k, entry in enumerate(entries):
            if not (isinstance(entry, dict) and "use" in entry):
                marks.graft((*path, len(expanded)), own, (*path, k))
                expanded.append(entry)
                continue
            for item, origins in _use(entry, (*path, k), marks, own, fetch, problems):
                for suffix, (document, at) in origins.items():
                    marks.graft((*path, len(expanded), *suffix), document, at)
                expanded.append(item)
        _at(data, path[:-1])[path[-1]] = expanded
    if problems:
        raise ScenarioError(problems)


def _list_paths(data: dict[str, Any]) -> list[Path]:
    """Where inject and message lists stand: the scenario's, each variant's, each card's."""
    paths: list[Path] = [(name,) for name in LISTS if isinstance(data.get(name), list)]
    for outer in NESTED:
        items = data.get(outer)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    paths += [(outer, i, name) for name in LISTS if isinstance(item.get(name), list)]
    return paths


def _at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _use(
    entry: dict[str, Any], at: Path, marks: Marks, own: Marks, fetch: Fetch, problems: list[Problem]
) -> list[tuple[dict[str, Any], dict[Path, tuple[Marks, Path]]]]:
    """The entries one ``use:`` stands for, each with the origins of its parts."""
    from .checks import locate  # the checks import the catalog, which imports the models

    try:
        use = SnippetUse.model_validate(entry)
    except ValidationError as exc:
        problems += locate(marks, pydantic_issues(exc, at))
        return []
    document, snippet_marks = fetch(use.use, (*at, "use"))
    items = document if isinstance(document, list) else [document]
    overrides = {k: v for k, v in entry.items() if k not in ("use", "with")}
    used: set[str] = set()
    out = []
    for j, item in enumerate(items):
        item_at: Path = (j,) if isinstance(document, list) else ()
        if not isinstance(item, dict):
            problems.append(_problem(snippet_marks, item_at, "a snippet holds a mapping of fields, or a list of them"))
            continue
        if "use" in item:
            problems.append(_problem(snippet_marks, (*item_at, "use"), "a snippet cannot use another snippet"))
            continue
        filled = _fill(item, use.with_, snippet_marks, item_at, used, problems)
        origins: dict[Path, tuple[Marks, Path]] = {(): (snippet_marks, item_at)}
        origins.update({(key,): (own, (*at, key)) for key in overrides})
        out.append(({**filled, **overrides}, origins))
    for name in sorted(set(use.with_) - used):
        where = ", ".join(sorted(used)) or "none"
        problems += locate(
            marks,
            [
                Issue(
                    (*at, "with", name), f"snippet {use.use!r} has no placeholder ${{{name}}}", f"it has: {where}", True
                )
            ],
        )
    return out


def _fill(value: Any, values: dict[str, Any], marks: Marks, at: Path, used: set[str], problems: list[Problem]) -> Any:
    """``value`` with its ``${NAME}`` placeholders filled (a string that is only a placeholder
    takes the value's own type, so ``at: ${when}`` can be a number)."""
    if isinstance(value, dict):
        return {k: _fill(v, values, marks, (*at, k), used, problems) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, values, marks, (*at, i), used, problems) for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value
    names = PLACEHOLDER.findall(value)
    missing = [n for n in names if n not in values]
    if missing:
        given = ", ".join(sorted(values)) or "nothing"
        problems.append(
            _problem(marks, at, f"no value for ${{{missing[0]}}}", f"give it under 'with:' (given: {given})")
        )
        return value
    used.update(names)
    whole = PLACEHOLDER.fullmatch(value)
    if whole:
        return values[whole.group(1)]
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), value)


def _problem(marks: Marks, at: Path, message: str, hint: str = "") -> Problem:
    file, line, col = marks.locate(at)
    return Problem(file, line, col, message, hint=hint)
