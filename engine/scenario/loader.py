"""Load a scenario file: safe YAML → schema → architecture → references, all located.

:func:`load_scenario` returns a :class:`LoadedScenario` or raises
:class:`~engine.errors.ScenarioError` listing every problem as ``file:line:col``.

The architecture may be inline, the name of a shared architecture (looked up in the
scenario folder's ``architectures/``, then in the bundled library), a relative ``.yaml``
path, or one of those with the scenario's changes (``extends:``, see
:mod:`engine.scenario.extend`). Injects and messages may ``use:`` snippets from
``snippets/`` the same way (:mod:`engine.scenario.snippets`). Relative paths must stay
inside the scenario's folder: a scenario cannot make the loader read anything else on the
machine.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import Problem, ScenarioError
from ..registry import did_you_mean
from .extend import extend_architecture
from .models import ArchitectureSpec, Scenario
from .safeyaml import MAX_BYTES, Marks, load
from .snippets import expand_snippets

NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass
class LoadedScenario:
    """A valid scenario with its architecture resolved, where it came from, and its hash."""

    model: Scenario
    architecture: ArchitectureSpec
    source: str
    sha256: str
    marks: Marks
    warnings: list[Problem] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The scenario id."""
        return self.model.id


def bundled_root() -> Traversable:
    """The folder of bundled scenarios (inside the installed package)."""
    return resources.files("warroom.scenarios")


def _read(source: Traversable, shown: str) -> bytes:
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise ScenarioError([Problem(shown, 1, 1, "file not found")]) from None
    except IsADirectoryError:
        raise ScenarioError([Problem(shown, 1, 1, "is a folder, not a scenario file")]) from None
    except OSError as exc:
        raise ScenarioError([Problem(shown, 1, 1, f"cannot read: {exc.strerror}")]) from None
    if len(data) > MAX_BYTES:
        raise ScenarioError([Problem(shown, 1, 1, f"file is {len(data)} bytes; the limit is {MAX_BYTES}")])
    return data


def _locate(
    ref: str,
    kind: str,
    folder: Traversable,
    confined: Path | None,
    bundled: bool,
    shown: str,
    where: Problem,
) -> tuple[Traversable, str]:
    """Find the file a reference to a shared ``kind`` (``architectures`` or ``snippets``) names,
    refusing anything outside the scenario's folder and the bundled library (problems are
    reported ``where`` the reference stands)."""

    def refuse(message: str, hint: str = "") -> ScenarioError:
        return ScenarioError([replace(where, message=message, hint=hint)])

    what = _KINDS[kind]
    if NAME.match(ref):
        candidates: list[tuple[Traversable, str]] = [
            (folder.joinpath(kind, f"{ref}.yaml"), _join(shown, kind, f"{ref}.yaml"))
        ]
        if not bundled:
            candidates.append((bundled_root().joinpath(kind, f"{ref}.yaml"), f"<bundled>/{kind}/{ref}.yaml"))
        for candidate, name in candidates:
            if candidate.is_file():
                return candidate, name
        available = sorted(
            {p.name[:-5] for root in (folder, bundled_root()) for p in _listing(root, kind) if p.name.endswith(".yaml")}
        )
        hint = did_you_mean(ref, available) or f"{what}s: {', '.join(available) or 'none'}"
        raise refuse(f"no {what} called {ref!r}", hint)
    if kind != "architectures" or not ref.endswith((".yaml", ".yml")):
        example = "'serverless-shop' or './arch.yaml'" if kind == "architectures" else "'vp-wants-an-update'"
        raise refuse(f"{ref!r} is not the name of a {what}", f"use a name like {example}")
    if bundled or confined is None:
        parts = Path(ref).parts
        if Path(ref).is_absolute() or ".." in parts:
            raise refuse("the architecture path leaves the scenario folder")
        return folder.joinpath(*parts), _join(shown, *parts)
    target = (confined / ref).resolve()
    if Path(ref).is_absolute() or not target.is_relative_to(confined.resolve()):
        raise refuse(
            f"{ref!r} is outside the scenario's folder",
            "architecture files must sit in the scenario folder or below it",
        )
    return target, str(Path(shown).parent / ref)


_KINDS = {"architectures": "shared architecture", "snippets": "snippet"}


def _listing(root: Traversable, kind: str) -> list[Traversable]:
    folder = root.joinpath(kind)
    return list(folder.iterdir()) if folder.is_dir() else []


def _join(shown: str, *parts: str) -> str:
    return str(Path(shown).parent.joinpath(*parts))


def load_scenario(path: str | Path) -> LoadedScenario:
    """Load a scenario file from disk (a user's file, confined to its folder)."""
    file = Path(path)
    return _load(file, str(path), folder=file.parent, confined=file.parent, bundled=False)


def load_bundled(scenario_id: str) -> LoadedScenario:
    """Load a scenario from the bundled library by id."""
    if not NAME.match(scenario_id):
        raise ScenarioError([Problem(scenario_id, 1, 1, "not a scenario id")])
    root = bundled_root()
    return _load(
        root.joinpath(f"{scenario_id}.yaml"), f"<bundled>/{scenario_id}.yaml", folder=root, confined=None, bundled=True
    )


def _load(
    source: Traversable, shown: str, *, folder: Traversable, confined: Path | None, bundled: bool
) -> LoadedScenario:
    from .checks import check_scenario, locate, path_text  # the catalog loads lazily (it imports models)

    raw = _read(source, shown)
    data, marks = load(raw, shown)
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                Problem(
                    shown,
                    1,
                    1,
                    "a scenario file is a mapping of fields",
                    hint="start with 'id:', 'title:', 'briefing:' ...",
                )
            ]
        )
    digest = hashlib.sha256(raw)

    def fetch(kind: str, ref: str, at: tuple[str | int, ...]) -> tuple[Any, Marks]:
        """Load a shared document the scenario names (its bytes count in the scenario's hash)."""
        where = Problem(*marks.locate(at), "", path_text(at))
        found, found_shown = _locate(ref, kind, folder, confined, bundled, shown, where)
        found_raw = _read(found, found_shown)
        digest.update(b"\0" + kind.removesuffix("s").encode() + b"\0" + found_raw)  # "\0architecture\0..."
        return load(found_raw, found_shown)

    data = dict(data)
    arch_ref = data.get("architecture")
    if isinstance(arch_ref, str):
        data["architecture"], arch_marks = fetch("architectures", arch_ref, ("architecture",))
        marks.graft(("architecture",), arch_marks)
    elif isinstance(arch_ref, dict) and "extends" in arch_ref and isinstance(arch_ref["extends"], str):
        base, base_marks = fetch("architectures", arch_ref["extends"], ("architecture", "extends"))
        data["architecture"] = extend_architecture(base, base_marks, arch_ref, marks)
    expand_snippets(data, marks, lambda name, at: fetch("snippets", name, at))
    try:
        model = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(locate(marks, _schema_issues(exc))) from None
    assert isinstance(model.architecture, ArchitectureSpec)
    problems, warnings = check_scenario(model, model.architecture, marks)
    if problems:
        raise ScenarioError(problems)
    return LoadedScenario(model, model.architecture, shown, digest.hexdigest(), marks, warnings)


def _schema_issues(exc: ValidationError) -> list[Any]:
    from ..architecture import pydantic_issues

    issues = pydantic_issues(exc, ())
    cleaned = []
    for issue in issues:
        # The architecture is a union (name or inline); report the inline branch's errors.
        path = tuple(p for p in issue.path if p not in ("ArchitectureSpec", "str"))
        if "architecture" in issue.path and "str" in issue.path:
            continue
        cleaned.append(type(issue)(path, issue.message, issue.hint, issue.at_key))
    return cleaned
