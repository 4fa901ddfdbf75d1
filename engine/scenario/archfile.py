"""Architecture files on their own: recognise one by its shape, load it, check it.

A shared architecture (``scenarios/architectures/NAME.yaml``) is normally checked through
the scenarios that use it. An author writing one wants it checked by itself, with the same
``file:line:col`` problems, field paths and did-you-mean hints; :func:`load_architecture`
gives that, and :func:`is_architecture` tells such a file from a scenario by its top-level
keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..architecture import Issue, pydantic_issues
from ..errors import Problem, ScenarioError
from .loader import _read
from .models import ArchitectureSpec, Scenario
from .safeyaml import Marks, load

ARCHITECTURE_KEYS = frozenset(ArchitectureSpec.model_fields) - frozenset(Scenario.model_fields)
"""Top-level keys only an architecture has (``nodes``, ``edges``, ``description``)."""

SCENARIO_KEYS = frozenset(Scenario.model_fields) - frozenset(ArchitectureSpec.model_fields)
"""Top-level keys only a scenario has (``id``, ``briefing``, ``injects``, ...)."""

_AT = ("architecture",)  # where an architecture sits in a scenario, whose schema gives the hints


@dataclass
class LoadedArchitecture:
    """A valid architecture file: its description, where it came from, and its warnings."""

    spec: ArchitectureSpec
    source: str
    marks: Marks
    warnings: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The name a scenario uses for it (``architecture: NAME``): the file name without ``.yaml``."""
        return Path(self.source).stem


def is_architecture(data: Any) -> bool:
    """Whether a parsed document has the architecture's shape: a mapping with an
    architecture-only key and no scenario-only key (a scenario with a stray ``nodes:`` is
    still a scenario, and gets the scenario's errors)."""
    keys = set(data) if isinstance(data, dict) else set()
    return bool(keys & ARCHITECTURE_KEYS) and not keys & SCENARIO_KEYS


def is_architecture_file(path: str | Path) -> bool:
    """Whether a file has the architecture's shape (``False`` when it cannot be read or
    parsed: loading it as a scenario reports why)."""
    try:
        data, _ = load(_read(Path(path), str(path)), str(path))
    except ScenarioError:
        return False
    return is_architecture(data)


def load_architecture(source: str | Path | Traversable, shown: str | None = None) -> LoadedArchitecture:
    """Load and check an architecture file; raises :class:`ScenarioError` with every problem
    located (``shown`` names the file in problems, default its path)."""
    from .checks import architecture_issues  # the checks import the catalog, which imports the models

    file = Path(source) if isinstance(source, str) else source
    shown = shown or str(source)
    data, marks = load(_read(file, shown), shown)
    try:
        spec = ArchitectureSpec.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(_locate(marks, pydantic_issues(exc, ()))) from None
    errors, warnings, _ = architecture_issues(spec)
    if errors:
        raise ScenarioError(_locate(marks, errors))
    return LoadedArchitecture(spec, shown, marks, _locate(marks, warnings, "warning"))


def _locate(marks: Marks, issues: list[Issue], severity: str = "error") -> list[Problem]:
    """Locate issues of an architecture file as the scenario checks do: the file is placed
    where a scenario's ``architecture:`` goes, so unknown keys get the right did-you-mean,
    and the field paths are then given from the file's own root."""
    from .checks import locate

    root = Marks(marks.file)
    root.graft(_AT, marks)
    within = [replace(issue, path=(*_AT, *issue.path)) for issue in issues]
    return [replace(p, path=p.path.removeprefix(_AT[0]).removeprefix(".")) for p in locate(root, within, severity)]
