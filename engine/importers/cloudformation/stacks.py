"""Read one template into resolved resources: parameters, conditions, outputs, nested stacks.

:class:`StackReader` resolves a template in the scope of its stack (name, parameters given
by ``--param`` or a parent stack, the exports of the other templates). A nested stack
(``AWS::CloudFormation::Stack``) whose ``TemplateURL`` is a local path inside the parent's
folder is read too, as a stack of its own; its outputs answer the parent's
``Fn::GetAtt Child.Outputs.Name``. A URL (S3, HTTPS) cannot be followed and is noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import Problem, ScenarioError
from ...registry import did_you_mean
from .intrinsics import AT, NO_VALUE, Key, Notes, Resolver, Scope, Symbol, text_of
from .reading import Template, read_template

MAX_NESTING = 8
"""How deep nested stacks may go (CloudFormation allows more; real trees are shallow)."""

NESTED = "AWS::CloudFormation::Stack"


@dataclass
class Resource:
    """One resource of a stack, its properties resolved."""

    key: Key
    cfn_type: str
    props: dict[str, Any]
    depends_on: list[str]
    at: AT


@dataclass
class Stack:
    """One stack as read: its id, the template, its resolved resources and outputs."""

    id: str
    name: str
    template: Template
    parent: Key | None = None
    resources: dict[str, Resource] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)
    exports: dict[str, Any] = field(default_factory=dict)


def kebab(name: str) -> str:
    """A CloudFormation name as a node id: ``MyLambdaFunction`` → ``my-lambda-function``."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", name)
    slug = re.sub(r"[^a-z0-9]+", "-", spaced.lower()).strip("-")
    return slug[:64].rstrip("-") or "resource"


def parameter_values(template: Template, given: dict[str, Any], notes: Notes) -> dict[str, Any]:
    """Each declared parameter's value: given, else its default, else a placeholder."""
    values: dict[str, Any] = {}
    for name, declared in (template.body.get("Parameters") or {}).items():
        spec = declared if isinstance(declared, dict) else {}
        kind = text_of(spec.get("Type", "String"))
        value = given.get(name, spec.get("Default"))
        if kind.startswith("AWS::SSM::Parameter::Value"):
            notes.unknown[f"ssm:{text_of(value)}"] = None
            value = Symbol(f"${{ssm:{text_of(value)}}}", unknown=(f"ssm:{text_of(value)}",))
        elif value is None:
            notes.unknown[name] = None
            value = Symbol(f"${{{name}}}", unknown=(name,))
        elif (kind == "CommaDelimitedList" or kind.startswith("List<")) and not isinstance(value, list | Symbol):
            value = [v.strip() for v in text_of(value).split(",")]
        values[name] = value
    return values


class StackReader:
    """Reads templates into :class:`Stack` objects, following local nested stacks."""

    def __init__(self, region: str, notes: Notes, taken: set[str]) -> None:
        self.region = region
        self.notes = notes
        self.taken = taken
        self.stacks: dict[str, Stack] = {}
        self.exports: dict[str, Any] = {}
        self.nested: dict[Key, str | None] = {}
        self.unfollowed: list[tuple[str, str, str]] = []
        self._resolvers: dict[str, Resolver] = {}
        self._chain: list[Path] = []

    def stack_id(self, name: str) -> str:
        """A node id for a stack, unique among the stacks read so far."""
        base = kebab(name)
        candidate, n = base, 2
        while candidate in self.taken:
            candidate, n = f"{base}-{n}", n + 1
        self.taken.add(candidate)
        return candidate

    def open(self, template: Template, name: str, given: dict[str, Any], parent: Key | None = None) -> Stack:
        """Start a stack: its scope, and the exports its outputs declare."""
        stack = Stack(self.stack_id(name), name, template, parent)
        self.stacks[stack.id] = stack
        scope = Scope(template, stack.id, name, self.region, parameter_values(template, given, self.notes))
        scope.exports = self.exports
        scope.notes = self.notes
        scope.nested_outputs = lambda logical, at: self.nested_outputs(stack, logical, at)
        self._resolvers[stack.id] = Resolver(scope)
        for output, body in self._outputs(stack):
            export = body.get("Export") if isinstance(body, dict) else None
            if isinstance(export, dict) and "Name" in export:
                at = ("Outputs", output, "Export", "Name")
                resolver = self._resolvers[stack.id]
                export_name = resolver.text(export["Name"], at, "an export name")
                stack.exports[export_name] = resolver.resolve(body.get("Value"), ("Outputs", output, "Value"))
        return stack

    def _outputs(self, stack: Stack) -> list[tuple[str, Any]]:
        resolver = self._resolvers[stack.id]
        found = []
        for output, body in (stack.template.body.get("Outputs") or {}).items():
            condition = body.get("Condition") if isinstance(body, dict) else None
            if (
                condition is not None
                and resolver.condition(text_of(condition), ("Outputs", output, "Condition")) is False
            ):
                continue
            found.append((output, body))
        return found

    def read(self, stack: Stack) -> None:
        """Resolve every resource of a stack (after every stack's exports are known)."""
        resolver = self._resolvers[stack.id]
        for logical, body in stack.template.body["Resources"].items():
            at: AT = ("Resources", logical)
            condition = body.get("Condition")
            if condition is not None and resolver.condition(text_of(condition), (*at, "Condition")) is False:
                stack.skipped.append((logical, text_of(condition)))
                continue
            props = resolver.resolve(body.get("Properties") or {}, (*at, "Properties"))
            depends = body.get("DependsOn", [])
            depends = [text_of(d) for d in (depends if isinstance(depends, list) else [depends])]
            stack.resources[logical] = Resource((stack.id, logical), body["Type"], props, depends, at)
            if body["Type"] == NESTED:
                self.follow(stack, logical, at)
        for output, body in self._outputs(stack):
            value = resolver.resolve(body.get("Value") if isinstance(body, dict) else None, ("Outputs", output))
            stack.outputs[output] = None if value is NO_VALUE else value

    def nested_outputs(self, stack: Stack, logical: str, at: AT) -> dict[str, Any] | None:
        """The outputs of a nested stack, read on first use."""
        child = self.follow(stack, logical, at)
        return self.stacks[child].outputs if child else None

    def follow(self, stack: Stack, logical: str, at: AT) -> str | None:
        """Read the template of a nested stack when it is a local file; its stack id, or ``None``."""
        key = (stack.id, logical)
        if key in self.nested:
            return self.nested[key]
        self.nested[key] = None
        body = stack.template.body["Resources"][logical]
        resolver = self._resolvers[stack.id]
        props = resolver.resolve(body.get("Properties") or {}, (*at, "Properties"))
        url = props.get("TemplateURL")
        where = (*at, "Properties", "TemplateURL")
        if not isinstance(url, str) or isinstance(url, Symbol) or re.match(r"^[a-z0-9+.-]+:", url, re.IGNORECASE):
            self.unfollowed.append((stack.id, logical, text_of(url)))
            return None
        folder = stack.template.path.parent.resolve()
        path = (folder / url).resolve()
        if not path.is_relative_to(folder):
            raise stack.template.error(
                where,
                f"nested template {url!r} is outside the template's folder",
                "nested templates are read only from the parent template's folder",
            )
        if not path.is_file():
            raise stack.template.error(where, f"nested template {url!r} not found", f"looked for {path}")
        if path in self._chain or len(self._chain) >= MAX_NESTING:
            raise stack.template.error(where, f"nested stacks loop or go deeper than {MAX_NESTING} levels")
        given = props.get("Parameters") if isinstance(props.get("Parameters"), dict) else {}
        shown = str(Path(stack.template.shown).parent / url)
        self._chain.append(path)
        try:
            child = self.open(read_template(path, shown), f"{stack.id}-{kebab(logical)}", given, key)
            self.read(child)
        finally:
            self._chain.pop()
        self.nested[key] = child.id
        return child.id


def check_params(given: dict[str, str], stacks: list[Stack]) -> None:
    """Raise when a ``--param`` names a parameter no template declares."""
    declared = sorted({p for s in stacks for p in (s.template.body.get("Parameters") or {})})
    problems = [
        Problem(
            "--param",
            1,
            1,
            f"no template declares a parameter {name!r}",
            hint=did_you_mean(name, declared) or f"parameters: {', '.join(declared) or '(none)'}",
        )
        for name in given
        if name not in declared
    ]
    if problems:
        raise ScenarioError(problems)
