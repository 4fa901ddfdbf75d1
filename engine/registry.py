"""A small registry: the catalog of resources, faults, actions and rules is built from these.

A new fault, action, resource type or compliance rule is one unit registered by id; the
catalog, the schema and the did-you-mean hints all read the registry, so nothing else has to
learn about it (DESIGN §12).
"""

from __future__ import annotations

import difflib
import inspect
import re
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str]) -> str:
    """A ``did you mean 'x'?`` hint for a misspelt id, or an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def describe(obj: object) -> str:
    """The first paragraph of an object's docstring, on one line."""
    doc = inspect.getdoc(obj) or ""
    return " ".join(doc.split("\n\n")[0].split())


_LITERAL = re.compile(r"``(.+?)``")
_ROLE = re.compile(r":[a-z]+:`(~?)([^`]+)`")
_BULLET = ("* ", "- ")


def docstring(obj: object) -> str:
    """An object's whole docstring, cleaned for display (the catalog and the reference pages).

    Paragraphs are separated by one blank line and each is joined onto one line; a bulleted
    list keeps one item per line; an indented block keeps its lines. reST markup becomes the
    Markdown most readers know: double-backquoted literals take single backquotes, and a
    cross-reference role (class, meth, ...) becomes its quoted name.
    """
    doc = inspect.getdoc(obj) or ""
    doc = _ROLE.sub(lambda m: f"`{m.group(2).rsplit('.', 1)[-1] if m.group(1) else m.group(2)}`", doc)
    doc = _LITERAL.sub(lambda m: f"`{m.group(1)}`", doc)
    return "\n\n".join(_clean_block(block) for block in re.split(r"\n\s*\n", doc.strip()) if block.strip())


def _clean_block(block: str) -> str:
    lines = block.splitlines()
    if all(line[:1].isspace() for line in lines):
        return "\n".join(line.rstrip() for line in lines)  # a literal block: keep its lines
    items: list[str] = []
    for line in lines:
        text = line.strip()
        if items and not text.startswith(_BULLET):
            items[-1] = f"{items[-1]} {text}"
        else:
            items.append(text)
    return "\n".join(items)


class Registry(Generic[T]):
    """Units of one kind keyed by id, in a stable (sorted) order."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}

    def add(self, unit_id: str, unit: T) -> T:
        """Register ``unit`` under ``unit_id``; ids are unique within a registry."""
        if unit_id in self._items:
            raise ValueError(f"{self.kind} {unit_id!r} is registered twice")
        self._items[unit_id] = unit
        return unit

    def register(self, unit: Any) -> Any:
        """Register a unit by its ``id``; a class is instantiated (so this works as a decorator).

        Returns what it was given, so a decorated class stays a class.
        """
        instance = unit() if isinstance(unit, type) else unit
        self.add(instance.id, instance)
        return unit

    def get(self, unit_id: str) -> T:
        """The unit called ``unit_id``; ``KeyError`` names close matches when there is none."""
        try:
            return self._items[unit_id]
        except KeyError:
            hint = did_you_mean(unit_id, self._items.keys())
            raise KeyError(f"unknown {self.kind} {unit_id!r}" + (f"; {hint}" if hint else "")) from None

    def hint(self, unit_id: str) -> str:
        """The did-you-mean hint for an unknown id."""
        return did_you_mean(unit_id, self._items.keys())

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(self._items[key] for key in sorted(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def ids(self) -> list[str]:
        """All ids, sorted."""
        return sorted(self._items)

    def select(self, keep: Callable[[T], bool]) -> list[T]:
        """The units for which ``keep`` is true, in id order."""
        return [unit for unit in self if keep(unit)]
