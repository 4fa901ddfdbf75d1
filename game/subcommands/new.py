"""``warroom new``: scaffold a valid, commented scenario file to start writing from.

The file is rendered from a plan (:mod:`.scaffold_text`), then loaded exactly as ``warroom
play`` would load it; a fault's placement is tried node by node and value by value until the
scenario loads, so what is written always validates.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from warroom.engine import FAULTS, ScenarioError, load_scenario, scenario_schema, schema_text
from warroom.engine.lint import errors_in, lint
from warroom.engine.suggest import suggest

from ..errors import EXIT_OK, Failure, Misuse
from . import scaffold
from .scaffold_text import Plan, example_inject, render
from .suggest import load, pick

NAME = "new"
HELP = "scaffold a new scenario file to edit"
DESCRIPTION = """\
Write ID.yaml, a scenario with every section present and commented, that validates and
plays as written: start from it and replace the TODOs.

--architecture names a shared architecture (architectures/NAME.yaml next to the new file,
else a bundled one; default serverless-shop) or an architecture .yaml file, which is copied
into architectures/ next to the new file; traffic enters at its entry point and the KPI
watches the service behind it. --fault places that fault type on a node of a type it can
target, with its parameters filled in. --from-suggestion N injects the fault that finding N
of 'warroom suggest ARCH' proposes, on its target, with a runbook page, hints and debrief
drawn from the finding; the scenario is played before it is written, so it passes 'warroom
lint' (when the proposed fault is not fair here, the finding's next proposal is used).
-o is the folder to write into (created if needed) or the .yaml file to write; an existing
file is kept unless --force.

The first line points editors with the YAML language server at the scenario JSON Schema:
at docs/scenario.schema.json when the folder (or one above it) is a warroom checkout, else
at scenario.schema.json next to the file, written there from 'warroom schema' when missing,
so completion works offline."""
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_ID = 64
SCHEMA_FILE = "scenario.schema.json"
SCHEMA_TITLE = "warroom scenario"
LINT_BUDGET = 30.0
"""Seconds of solver search when a scaffold from a suggestion is played to check it is fair."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``new``'s arguments."""
    parser.add_argument("id", metavar="ID", help="the scenario id (lower case, digits and dashes)")
    parser.add_argument(
        "--architecture",
        metavar="ARCH",
        default=scaffold.DEFAULT_ARCHITECTURE,
        help=f"shared architecture name, or .yaml file, to build on (default {scaffold.DEFAULT_ARCHITECTURE})",
    )
    faults = parser.add_mutually_exclusive_group()
    faults.add_argument("--fault", metavar="TYPE", help="inject this fault type (see 'warroom catalog --kind faults')")
    faults.add_argument(
        "--from-suggestion",
        metavar="N",
        type=int,
        help="inject the fault finding N of 'warroom suggest ARCH' proposes, and draw the text from it",
    )
    parser.add_argument("-o", "--output", metavar="PATH", help="folder to write ID.yaml into, or the .yaml file")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def target_path(scenario_id: str, output: str | None) -> Path:
    """The file to write: ``ID.yaml`` in the current folder or in ``-o``, or ``-o`` itself if a .yaml file."""
    if output and Path(output).suffix in (".yaml", ".yml"):
        return Path(output)
    return Path(output or ".") / f"{scenario_id}.yaml"


def schema_reference(folder: Path) -> tuple[str, Path | None, tuple[str, ...]]:
    """``(reference, schema file to write or None, comment lines)`` for the ``$schema`` line."""
    folder = folder.resolve()
    for base in (folder, *list(folder.parents)[:2]):
        committed = base / "docs" / SCHEMA_FILE
        if _is_warroom_schema(committed):
            reference = Path(os.path.relpath(committed, folder)).as_posix()
            return (
                reference,
                None,
                (
                    "# The first line points editors with the YAML language server (VS Code's YAML extension,",
                    f"# Neovim, ...) at {reference}, the scenario JSON Schema of this warroom checkout: they",
                    "# complete resource, fault and action ids and check parameters as you type.",
                ),
            )
    return (
        SCHEMA_FILE,
        folder / SCHEMA_FILE,
        (
            "# The first line points editors with the YAML language server (VS Code's YAML extension,",
            f"# Neovim, ...) at {SCHEMA_FILE} next to this file: the scenario JSON Schema, written by",
            "# `warroom new` from `warroom schema`, so completion of resource, fault and action ids works",
            f"# offline. After upgrading warroom, refresh it: `warroom schema -o {SCHEMA_FILE}`.",
        ),
    )


def _is_warroom_schema(path: Path) -> bool:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("title") == SCHEMA_TITLE
    except (OSError, ValueError, AttributeError):
        return False


def _check_id(scenario_id: str) -> None:
    if not ID.match(scenario_id) or len(scenario_id) > MAX_ID:
        raise Misuse(
            f"{scenario_id!r} is not a scenario id: use lower-case letters, digits and dashes, "
            f"starting with a letter or digit (at most {MAX_ID} characters), e.g. 'checkout-canary'"
        )


class _Trial:
    """A scratch folder where candidate files are loaded as the real one will be."""

    def __init__(self, ref: scaffold.ArchitectureRef) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="warroom-new-"))
        # the new file will use this architecture: load the candidates against the same bytes
        (self.dir / "architectures").mkdir()
        (self.dir / "architectures" / f"{ref.name}.yaml").write_bytes(ref.source.read_bytes())

    def problems(self, text: str) -> list[Any]:
        """The errors loading ``text`` as a scenario file (empty when it loads)."""
        path = self.dir / "candidate.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_scenario(path)
        except ScenarioError as exc:
            return list(exc.problems)
        return []

    def unfair(self, text: str, budget: float) -> list[Any]:
        """The lint errors of ``text`` played as a scenario (empty when it is fair)."""
        path = self.dir / "candidate.yaml"
        path.write_text(text, encoding="utf-8")
        return errors_in(lint(load_scenario(path), budget))

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _place_fault(plan: Plan, fault_id: str, trial: _Trial, folder: Path) -> tuple[Plan, dict[str, Any]]:
    """The plan with the fault on the first node and parameter values that load, and those it chose."""
    fault = scaffold.fault_type(fault_id)
    targets = scaffold.fault_targets(plan.arch, fault)
    if not targets:
        elsewhere = [a for a in scaffold.architectures_for(fault, folder) if a != plan.arch.name]
        hint = f"; try --architecture {' or '.join(elsewhere)}" if elsewhere else ""
        raise Failure(f"no node of {plan.arch.name} can take {fault_id}: it targets {', '.join(fault.targets)}{hint}")
    reason = ""
    for node, required in scaffold.placements(fault, plan.arch):
        try:
            params = fault.validate_params(required)  # every parameter, defaults filled in by the model
        except ValidationError as exc:
            reason = reason or str(exc.errors()[0]["msg"])
            continue
        candidate = replace(plan, fault=fault, target=node, params=params)
        problems = trial.problems(render(candidate))
        if not problems:
            return candidate, required
        reason = reason or problems[0].message
    raise Failure(f"{fault_id} fits no node of {plan.arch.name} ({', '.join(n.id for n in targets)}): {reason}")


def _with_example(plan: Plan, trial: _Trial, folder: Path) -> Plan:
    """The plan with a commented example inject of the first fault that fits the architecture."""
    for fault in FAULTS:
        if fault.harmless or not scaffold.fault_targets(plan.arch, fault):
            continue
        try:
            placed, required = _place_fault(plan, fault.id, trial, folder)
        except Failure:
            continue
        return replace(plan, example=example_inject(placed, required))
    return plan


def _from_suggestion(
    plan: Plan, ref: scaffold.ArchitectureRef, argument: str, number: int, trial: _Trial
) -> tuple[Plan, str]:
    """The plan with the fault finding ``number`` proposes (the first of its proposals that
    loads and plays fair), and notes on the proposals passed over."""
    finding = pick(suggest(load(ref)), number, argument)
    if not finding.proposals:
        raise Failure(
            f"finding {number} of {ref.name} ({finding.kind} on {', '.join(finding.nodes)}) proposes no fault: "
            f"none in the catalog exercises it; pick a finding that names one ('warroom suggest {argument}')"
        )
    by_id = {n.id: n for n in plan.arch.nodes}
    reasons: list[str] = []
    for proposal in finding.proposals:
        fault = FAULTS.get(proposal.fault)
        params = fault.validate_params(proposal.params)
        candidate = replace(plan, fault=fault, target=by_id[proposal.target], params=params, finding=finding)
        text = render(candidate)
        problems = trial.problems(text) or trial.unfair(text, LINT_BUDGET)
        if not problems:
            return candidate, "".join(f"note: {reason}; used the finding's next proposal\n" for reason in reasons)
        reasons.append(f"{proposal.text()} does not make a fair scenario here ({problems[0].message})")
    raise Failure(f"no fault finding {number} proposes makes a fair scenario on {ref.name}: {'; '.join(reasons)}")


def _place_architecture(ref: scaffold.ArchitectureRef, folder: Path, force: bool) -> Path | None:
    """Where a given architecture file must be copied beside the scenario (``None``: it is
    there already, or bundled); refuses to replace a different file there without ``--force``."""
    if ref.copy_from is None:
        return None
    home = folder / "architectures" / f"{ref.name}.yaml"
    if home.is_file() and home.read_bytes() == ref.copy_from.read_bytes():
        return None
    if home.exists() and not force:
        raise Failure(f"{home} already exists and differs from {ref.copy_from}; rename the file, or use --force")
    return home


def _write(path: Path, text: str, force: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w" if force else "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def run(args: argparse.Namespace) -> int:
    """Plan, check and write the scenario (and the schema next to it when needed)."""
    _check_id(args.id)
    path = target_path(args.id, args.output)
    if path.exists() and not args.force:
        raise Failure(f"{path} already exists; pick another ID or -o, or overwrite it with --force")
    if path.is_dir():
        raise Failure(f"{path} is a folder")
    folder = path.parent
    ref = scaffold.resolve_architecture(args.architecture, folder)
    copy_to = _place_architecture(ref, folder, args.force)
    arch = scaffold.read_architecture(ref.name, folder, ref.source)
    entry = scaffold.entry_node(arch)
    reference, schema_file, note = schema_reference(folder)
    plan = Plan(args.id, arch, entry, scaffold.kpi_node(arch, entry), reference, note)
    trial = _Trial(ref)
    passed_over = ""
    try:
        if args.from_suggestion is not None:
            plan, passed_over = _from_suggestion(plan, ref, args.architecture, args.from_suggestion, trial)
        elif args.fault:
            plan = _place_fault(plan, args.fault, trial, folder)[0]
        else:
            plan = _with_example(plan, trial, folder)
        text = render(plan)
        problems = trial.problems(text)
    finally:
        trial.close()
    if problems:
        raise Failure(f"the scaffold for {arch.name} does not load: {problems[0]}")
    try:
        if copy_to is not None:
            copy_to.parent.mkdir(parents=True, exist_ok=True)
            copy_to.write_bytes(ref.source.read_bytes())
            print(f"wrote {_shown(copy_to)} (a copy of {ref.copy_from}: the scenario names it {ref.name!r})")
        _write(path, text, args.force)
        if schema_file is not None and not schema_file.exists():
            schema_file.write_text(schema_text(scenario_schema()), encoding="utf-8")
            print(f"wrote {_shown(schema_file)} (the JSON Schema your editor reads)")
    except FileExistsError:
        raise Failure(f"{path} already exists; overwrite it with --force") from None
    except OSError as exc:
        raise Failure(f"cannot write {path}: {exc.strerror or exc}") from None
    placed = f", {plan.fault.id} on {plan.target.id}" if plan.fault and plan.target else ""
    source = f", from finding {plan.finding.number}" if plan.finding else ""
    print(f"{passed_over}wrote {path} ({arch.name}{placed}{source})")
    print(f"next: edit the TODOs, then 'warroom validate {path}' and 'warroom play {path}'")
    return EXIT_OK


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
