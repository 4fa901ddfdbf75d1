"""Checks beyond the schema: every reference in a scenario resolves against the catalog.

The schema says a field is a string; these checks say the string names something real —
a node of the architecture, a fault or action type, an inject, a KPI, an alarm — and that
parameters fit the fault or action they configure. Every finding carries the field path,
located back to ``file:line:col`` through the YAML marks, with a did-you-mean.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from ..actions import ACTIONS
from ..architecture import Issue, build_world, check_architecture, pydantic_issues
from ..errors import Problem
from ..faults import FAULTS
from ..registry import did_you_mean
from ..world import World
from .models import ArchitectureSpec, Condition, Scenario
from .safeyaml import Marks


def locate(
    marks: Marks, issues: Iterable[Issue], severity: str = "error", root: type[BaseModel] | None = None
) -> list[Problem]:
    """Turn path-addressed issues into ``file:line:col`` problems (``root``: the file's model, default a scenario)."""
    problems = []
    for issue in issues:
        file, line, col = marks.locate(issue.path, prefer_key=issue.at_key)
        hint = issue.hint
        if issue.at_key and not hint:
            hint = did_you_mean(str(issue.path[-1]), fields_at(issue.path[:-1], root or Scenario))
        problems.append(Problem(file, line, col, issue.message, path_text(issue.path), hint, severity))
    return problems


def path_text(path: Iterable[str | int]) -> str:
    """A field path as problems show it: ``injects[2].params``."""
    return ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")


def _model_in(annotation: Any) -> Any:
    """The model or container type inside an annotation (through Optional/Annotated/unions)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if (isinstance(found, type) and issubclass(found, BaseModel)) or typing.get_origin(found) in (list, dict):
                return found
        return None
    return annotation


def fields_at(path: tuple[str | int, ...], root: type[BaseModel] | None = None) -> list[str]:
    """The field names the schema (of ``root``, default a scenario) allows at a path (for did-you-mean)."""
    current: Any = root or Scenario
    for part in path:
        current = _model_in(current)
        origin = typing.get_origin(current)
        if origin in (list, dict):
            current = typing.get_args(current)[-1]
            continue
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field = current.model_fields.get(part)
            if field is None:
                return []
            current = field.annotation
            continue
        return []
    current = _model_in(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


class _Checker:
    def __init__(self, scenario: Scenario, arch: ArchitectureSpec, world: World) -> None:
        self.s = scenario
        self.world = world
        self.ids = sorted(world.nodes)
        self.issues: list[Issue] = []
        self.inject_ids = [i.id for i in scenario.injects if i.id]

    def add(self, path: tuple[str | int, ...], message: str, hint: str = "") -> None:
        self.issues.append(Issue(path, message, hint))

    def node(self, path: tuple[str | int, ...], node_id: str | None, what: str = "resource") -> bool:
        if node_id is None:
            self.add(path, f"a {what} is required here")
            return False
        if node_id not in self.world.nodes:
            self.add(path, f"unknown {what} {node_id!r}", did_you_mean(node_id, self.ids))
            return False
        return True

    def params(self, path: tuple[str | int, ...], unit: Any, params: dict[str, Any]) -> None:
        try:
            unit.validate_params(params)
        except ValidationError as exc:
            self.issues += pydantic_issues(exc, path)

    def run(self) -> None:
        s = self.s
        for i, traffic in enumerate(s.traffic):
            if self.node(("traffic", i, "entry"), traffic.entry, "entry node"):
                rtype = self.world.nodes[traffic.entry].type
                if not rtype.entry_point:
                    self.add(
                        ("traffic", i, "entry"),
                        f"{traffic.entry} ({rtype.id}) cannot take outside traffic",
                        "entry points are DNS records, CloudFront, API Gateway and load balancers",
                    )
        for i, entry in enumerate(s.slo.entries):
            self.node(("slo", "entries", i), entry, "entry node")
        kpi_ids = [k.id for k in s.business.kpis]
        for i, kpi in enumerate(s.business.kpis):
            self.node(("business", "kpis", i, "node"), kpi.node)
        for kpi_id in s.customers.kpi:
            if kpi_id not in kpi_ids:
                self.add(("customers", "kpi", kpi_id), f"unknown KPI {kpi_id!r}", did_you_mean(kpi_id, kpi_ids))
        seen: set[str] = set()
        for i, inject in enumerate(s.injects):
            if inject.id:
                if inject.id in seen:
                    self.add(("injects", i, "id"), f"duplicate inject id {inject.id!r}")
                seen.add(inject.id)
            self.inject(("injects", i), inject, kpi_ids)
        for i, message in enumerate(s.messages):
            if message.when:
                self.condition(("messages", i, "when"), message.when, kpi_ids)
        self.groups(kpi_ids)
        for field_name in ("allow", "deny"):
            for i, action_id in enumerate(getattr(s.actions, field_name) or []):
                if action_id not in ACTIONS:
                    self.add(("actions", field_name, i), f"unknown action type {action_id!r}", ACTIONS.hint(action_id))
        weights = s.scoring.weights
        if weights.recovery + weights.cost + weights.compliance <= 0:
            self.add(("scoring", "weights"), "the scoring weights add up to zero")

    def groups(self, kpi_ids: list[str]) -> None:
        """Variants and facilitator cards: each has a unique id, and its injects and messages
        are checked like the scenario's own."""
        for field_name, what in (("variants", "variant"), ("deck", "card")):
            ids: set[str] = set()
            for g, group in enumerate(getattr(self.s, field_name)):
                if group.id in ids:
                    self.add((field_name, g, "id"), f"duplicate {what} id {group.id!r}")
                ids.add(group.id)
                if field_name == "variants":  # a variant's injects can be waited for by id
                    self.inject_ids += [i.id for i in group.injects if i.id and i.id not in self.inject_ids]
                for i, inject in enumerate(group.injects):
                    self.inject((field_name, g, "injects", i), inject, kpi_ids)
                for i, message in enumerate(group.messages):
                    if message.when:
                        self.condition((field_name, g, "messages", i, "when"), message.when, kpi_ids)

    def inject(self, path: tuple[str | int, ...], inject: Any, kpi_ids: list[str]) -> None:
        if inject.when:
            self.condition((*path, "when"), inject.when, kpi_ids)
        registry, type_id, what = (
            (FAULTS, inject.fault, "fault") if inject.fault else (ACTIONS, inject.action, "action")
        )
        if type_id not in registry:
            self.add(
                (*path, what),
                f"unknown {what} type {type_id!r}",
                registry.hint(type_id) or f"run 'warroom catalog' to list {what} types",
            )
            return
        unit = registry.get(type_id)
        targets = unit.targets
        if targets:
            if not self.node((*path, "target"), inject.target):
                return
            node_type = self.world.nodes[inject.target].type.id
            if node_type not in targets and "*" not in targets:
                self.add(
                    (*path, "target"),
                    f"{type_id} cannot target {inject.target} ({node_type})",
                    f"it targets: {', '.join(targets)}",
                )
                return
        elif inject.target is not None:
            self.add((*path, "target"), f"{type_id} takes no target")
        self.params((*path, "params"), unit, inject.params)
        if inject.fault and not self.issues:
            why = unit.check_target(self.world, inject.target, unit.validate_params(inject.params))
            if why:
                self.add((*path, "target"), why)

    def condition(self, path: tuple[str | int, ...], cond: Condition, kpi_ids: list[str]) -> None:
        for name in ("action", "not_action"):
            action_id = getattr(cond, name)
            if action_id and action_id not in ACTIONS:
                self.add((*path, name), f"unknown action type {action_id!r}", ACTIONS.hint(action_id))
        for name in ("fault_resolved", "fault_active"):
            ref = getattr(cond, name)
            if ref and ref not in self.inject_ids:
                self.add((*path, name), f"no inject has id {ref!r}", did_you_mean(ref, self.inject_ids))
        if cond.kpi_below and cond.kpi_below.kpi not in kpi_ids:
            self.add(
                (*path, "kpi_below", "kpi"),
                f"unknown KPI {cond.kpi_below.kpi!r}",
                did_you_mean(cond.kpi_below.kpi, kpi_ids),
            )
        if cond.metric and self.node((*path, "metric", "node"), cond.metric.node):
            rtype = self.world.nodes[cond.metric.node].type
            if rtype.metric(cond.metric.name) is None:
                names = [m.name for m in rtype.metrics]
                self.add(
                    (*path, "metric", "name"),
                    f"{rtype.id} publishes no metric {cond.metric.name!r}",
                    did_you_mean(cond.metric.name, names) or f"it publishes: {', '.join(names) or 'none'}",
                )
        if cond.alarm and self.node((*path, "alarm", "alarm"), cond.alarm.alarm, "alarm"):
            node_type = self.world.nodes[cond.alarm.alarm].type.id
            if node_type != "cloudwatch_alarm":
                self.add((*path, "alarm", "alarm"), f"{cond.alarm.alarm} is a {node_type}, not an alarm")


def alarm_issues(arch: ArchitectureSpec, world: World) -> tuple[list[Issue], list[Issue]]:
    """Alarms that can never see data, as errors and warnings (paths within the architecture).

    An alarm watching nothing is an error; one watching a metric its resource does not
    publish is only a warning, because a scenario may mean it (a silent alarm)."""
    errors: list[Issue] = []
    warnings: list[Issue] = []
    index = {spec.id: i for i, spec in enumerate(arch.nodes)}
    for alarm in world.of_type("cloudwatch_alarm"):
        watched = world.related(alarm.id, "monitors")
        path = ("nodes", index[alarm.id], "config", "metric")
        if not watched:
            errors.append(
                Issue(
                    path[:-2], f"alarm {alarm.id} has no 'monitors' edge", f"add an edge '{alarm.id} monitors RESOURCE'"
                )
            )
            continue
        rtype = world.nodes[watched[0]].type
        if rtype.metric(alarm.config["metric"]) is None:
            names = [m.name for m in rtype.metrics]
            warnings.append(
                Issue(
                    path,
                    f"{rtype.id} publishes no metric {alarm.config['metric']!r}; "
                    "this alarm will only ever see missing data",
                    did_you_mean(alarm.config["metric"], names),
                )
            )
    return errors, warnings


def architecture_issues(arch: ArchitectureSpec) -> tuple[list[Issue], list[Issue], World | None]:
    """Errors and warnings of an architecture on its own (paths within it), and its world
    (``None`` when an error stops it from being built)."""
    errors = check_architecture(arch)
    if errors:
        return errors, [], None
    world = build_world(arch)
    return (*alarm_issues(arch, world), world)


def _within_architecture(issues: list[Issue]) -> list[Issue]:
    """Issues of a scenario's architecture, with paths from the scenario's root."""
    return [Issue(("architecture", *i.path), i.message, i.hint, i.at_key) for i in issues]


def check_scenario(scenario: Scenario, arch: ArchitectureSpec, marks: Marks) -> tuple[list[Problem], list[Problem]]:
    """Errors and warnings for a schema-valid scenario."""
    errors, warnings, world = architecture_issues(arch)
    if world is None:
        return locate(marks, _within_architecture(errors)), []
    checker = _Checker(scenario, arch, world)
    checker.run()
    return (
        locate(marks, _within_architecture(errors) + checker.issues),
        locate(marks, _within_architecture(warnings), "warning"),
    )
