"""Resolve CloudFormation's intrinsic functions as far as a template alone allows.

Parameters take their ``--param`` value or their default, Mappings and Conditions are
evaluated, ``Fn::Sub``/``Fn::Join``/``Fn::Select``/... compute their text. What cannot be
known before deployment stays *symbolic*: a :class:`Symbol` is text with a readable
placeholder (``${AWS::AccountId}``, ``${Bucket.Arn}``) that also remembers which resources
it points at (``refs``, the source of the graph's edges) and which names were unknown
(``unknown``, listed in the summary). A condition that depends on an unknown value is
assumed true, and said so.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...registry import did_you_mean
from .reading import Template

Key = tuple[str, str]
"""A resource across templates: (stack id, logical id)."""

AT = tuple[str | int, ...]

AVAILABILITY_ZONES = ("a", "b", "c")
"""The zones ``Fn::GetAZs`` answers (as the catalog's default Auto Scaling group assumes)."""

KNOWN_PSEUDO = {"AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
UNKNOWN_PSEUDO = ("AWS::AccountId", "AWS::StackId", "AWS::NotificationARNs")


class Symbol(str):
    """Text that stands for a value known only once deployed: a readable placeholder that
    remembers the resources it refers to and the names it could not resolve."""

    refs: tuple[Key, ...]
    unknown: tuple[str, ...]

    def __new__(cls, text: str, refs: tuple[Key, ...] = (), unknown: tuple[str, ...] = ()) -> Symbol:
        symbol = super().__new__(cls, text)
        symbol.refs = tuple(dict.fromkeys(refs))
        symbol.unknown = tuple(dict.fromkeys(unknown))
        return symbol


class _NoValue:
    """``AWS::NoValue``: the property or list item is left out."""

    def __repr__(self) -> str:
        return "AWS::NoValue"


NO_VALUE = _NoValue()


def text_of(value: Any) -> str:
    """A resolved scalar as CloudFormation would turn it into text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(text_of(v) for v in value)
    return "" if value is None else str(value)


def concat(parts: list[Any]) -> str:
    """Join resolved parts into text, symbolic when any part is."""
    text = "".join(text_of(p) for p in parts)
    symbols = [s for p in parts for s in symbols_in(p)]
    if not symbols:
        return text
    return Symbol(text, tuple(k for s in symbols for k in s.refs), tuple(n for s in symbols for n in s.unknown))


def symbols_in(value: Any) -> list[Symbol]:
    """Every :class:`Symbol` inside a resolved value."""
    if isinstance(value, Symbol):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in symbols_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in symbols_in(v)]
    return []


@dataclass
class Notes:
    """What resolution could not settle, for the summary: unknown names and assumed conditions."""

    unknown: dict[str, None] = field(default_factory=dict)
    assumed: dict[str, None] = field(default_factory=dict)


@dataclass
class Scope:
    """What a template's intrinsics may refer to."""

    template: Template
    stack: str
    stack_name: str
    region: str
    params: dict[str, Any]
    exports: dict[str, Any] = field(default_factory=dict)
    nested_outputs: Callable[[str, AT], dict[str, Any] | None] = lambda logical, at: None
    notes: Notes = field(default_factory=Notes)


class Resolver:
    """Evaluates intrinsic functions within one template (see the module docstring)."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        body = scope.template.body
        self.resources: dict[str, dict[str, Any]] = body["Resources"]
        self.mappings: dict[str, Any] = body.get("Mappings") or {}
        self.condition_defs: dict[str, Any] = body.get("Conditions") or {}
        self.conditions: dict[str, bool | None] = {}
        self.evaluating: set[str] = set()
        self.functions: dict[str, Callable[[Any, AT], Any]] = {
            "Fn::GetAtt": self.get_att,
            "Fn::Sub": self.sub,
            "Fn::Join": self.join,
            "Fn::Select": self.select,
            "Fn::Split": self.split,
            "Fn::If": self.if_,
            "Fn::FindInMap": self.find_in_map,
            "Fn::GetAZs": self.get_azs,
            "Fn::Base64": self.resolve,
            "Fn::Cidr": self.cidr,
            "Fn::ImportValue": self.import_value,
            "Fn::Length": self.length,
            "Fn::ToJsonString": self.to_json_string,
            "Fn::Transform": self.transform,
            "Fn::Equals": self.condition_function,
            "Fn::Not": self.condition_function,
            "Fn::And": self.condition_function,
            "Fn::Or": self.condition_function,
            "Rain::Embed": lambda args, at: Symbol(f"<embedded {text_of(args)}>"),
        }

    # -- values ------------------------------------------------------------------------
    def resolve(self, value: Any, at: AT) -> Any:
        """``value`` with every intrinsic function evaluated (``NO_VALUE`` items dropped)."""
        if isinstance(value, dict):
            if len(value) == 1:
                ((name, args),) = value.items()
                if name == "Ref":
                    return self.ref(args, (*at, name))
                if name in self.functions:
                    return self.functions[name](args, (*at, name))
                if name.startswith("Fn::"):
                    raise self.scope.template.error(
                        at, f"unknown intrinsic function {name!r}", did_you_mean(name, list(self.functions)) or ""
                    )
            resolved = {k: self.resolve(v, (*at, k)) for k, v in value.items()}
            return {k: v for k, v in resolved.items() if v is not NO_VALUE}
        if isinstance(value, list):
            items = [self.resolve(v, (*at, i)) for i, v in enumerate(value)]
            return [v for v in items if v is not NO_VALUE]
        return value

    def fail(self, at: AT, message: str, hint: str = "") -> Exception:
        return self.scope.template.error(at, message, hint)

    def arguments(self, args: Any, at: AT, count: int, usage: str) -> list[Any]:
        """A function's argument list, refused unless it has ``count`` items (``usage`` says how)."""
        if not isinstance(args, list) or len(args) != count:
            raise self.fail(at, usage)
        return args

    def text(self, value: Any, at: AT, what: str) -> str:
        resolved = self.resolve(value, at)
        if isinstance(resolved, dict | list) or resolved is NO_VALUE:
            raise self.fail(at, f"{what} must be text")
        return text_of(resolved)

    def unknown(self, name: str, text: str | None = None) -> Symbol:
        self.scope.notes.unknown[name] = None
        return Symbol(text or f"${{{name}}}", unknown=(name,))

    def ref(self, args: Any, at: AT) -> Any:
        name = self.text(args, at, "Ref's argument")
        scope = self.scope
        if name in scope.params:
            return scope.params[name]
        if name in self.resources:
            return Symbol(f"${{{name}}}", ((scope.stack, name),))
        if name == "AWS::NoValue":
            return NO_VALUE
        if name == "AWS::Region":
            return scope.region
        if name == "AWS::StackName":
            return scope.stack_name
        if name in KNOWN_PSEUDO:
            return KNOWN_PSEUDO[name]
        if name in UNKNOWN_PSEUDO:
            return self.unknown(name)
        known = [*scope.params, *self.resources]
        raise self.fail(
            at, f"Ref to unknown parameter or resource {name!r}", did_you_mean(name, known) or "declare it first"
        )

    def get_att(self, args: Any, at: AT) -> Any:
        if isinstance(args, str):
            args = args.split(".", 1)
        if not isinstance(args, list) or len(args) != 2:
            raise self.fail(at, "Fn::GetAtt takes [resource, attribute]", "e.g. !GetAtt MyBucket.Arn")
        logical = self.text(args[0], (*at, 0), "the resource of Fn::GetAtt")
        attribute = self.text(args[1], (*at, 1), "the attribute of Fn::GetAtt")
        if logical not in self.resources:
            raise self.fail(
                at, f"Fn::GetAtt of unknown resource {logical!r}", did_you_mean(logical, list(self.resources)) or ""
            )
        if attribute.startswith("Outputs."):
            outputs = self.scope.nested_outputs(logical, at)
            if outputs is not None and attribute[8:] in outputs:
                return outputs[attribute[8:]]
        return Symbol(f"${{{logical}.{attribute}}}", ((self.scope.stack, logical),))

    def sub(self, args: Any, at: AT) -> Any:
        variables: dict[str, Any] = {}
        if isinstance(args, list) and len(args) == 2 and isinstance(args[1], dict):
            variables = {k: self.resolve(v, (*at, 1, k)) for k, v in args[1].items()}
            args = args[0]
            at = (*at, 0)
        if not isinstance(args, str):
            raise self.fail(at, "Fn::Sub takes a string, or [string, {variables}]")
        parts: list[Any] = []
        last = 0
        for match in re.finditer(r"\$\{([^}]*)\}", args):
            parts.append(args[last : match.start()])
            last = match.end()
            name = match.group(1).strip()
            if name.startswith("!"):
                parts.append("${" + name[1:] + "}")
            elif name in variables:
                parts.append(variables[name])
            elif "." in name and name.split(".", 1)[0] in self.resources:
                parts.append(self.get_att(name.split(".", 1), at))
            else:
                parts.append(self.ref(name, at))
        parts.append(args[last:])
        return concat(parts)

    def join(self, args: Any, at: AT) -> Any:
        args = self.arguments(args, at, 2, "Fn::Join takes [delimiter, [values]]")
        delimiter = self.text(args[0], (*at, 0), "the delimiter of Fn::Join")
        values = self.resolve(args[1], (*at, 1))
        if isinstance(values, Symbol):
            return values
        if not isinstance(values, list):
            raise self.fail((*at, 1), "Fn::Join needs a list of values")
        parts: list[Any] = []
        for i, value in enumerate(values):
            parts += [delimiter, value] if i else [value]
        return concat(parts)

    def select(self, args: Any, at: AT) -> Any:
        args = self.arguments(args, at, 2, "Fn::Select takes [index, [values]]")
        index_text = self.text(args[0], (*at, 0), "the index of Fn::Select")
        values = self.resolve(args[1], (*at, 1))
        if isinstance(values, Symbol) or isinstance(index_text, Symbol):
            symbol = values if isinstance(values, Symbol) else Symbol(index_text)
            return Symbol(f"{symbol}[{index_text}]", symbol.refs, symbol.unknown)
        if isinstance(values, str):
            values = values.split(",")
        if not isinstance(values, list) or not index_text.isdigit():
            raise self.fail(at, "Fn::Select takes a whole-number index and a list")
        if int(index_text) >= len(values):
            raise self.fail(at, f"Fn::Select index {index_text} is past the end of a list of {len(values)}")
        return values[int(index_text)]

    def split(self, args: Any, at: AT) -> Any:
        args = self.arguments(args, at, 2, "Fn::Split takes [delimiter, string]")
        delimiter = self.text(args[0], (*at, 0), "the delimiter of Fn::Split")
        source = self.resolve(args[1], (*at, 1))
        if isinstance(source, Symbol):
            return source
        if not delimiter:
            raise self.fail((*at, 0), "Fn::Split needs a delimiter")
        return text_of(source).split(delimiter)

    def if_(self, args: Any, at: AT) -> Any:
        args = self.arguments(args, at, 3, "Fn::If takes [condition, value if true, value if false]")
        name = self.text(args[0], (*at, 0), "the condition of Fn::If")
        holds = self.condition(name, (*at, 0))
        return self.resolve(args[2] if holds is False else args[1], (*at, 2 if holds is False else 1))

    def find_in_map(self, args: Any, at: AT) -> Any:
        if not isinstance(args, list) or len(args) not in (3, 4):
            raise self.fail(at, "Fn::FindInMap takes [map, top-level key, second-level key]")
        name = self.text(args[0], (*at, 0), "the map of Fn::FindInMap")
        if name not in self.mappings:
            raise self.fail((*at, 0), f"unknown mapping {name!r}", did_you_mean(name, list(self.mappings)) or "")
        keys = [self.resolve(args[i], (*at, i)) for i in (1, 2)]
        found: Any = self.mappings[name]
        for key in keys:
            found = found.get(text_of(key)) if isinstance(found, dict) and not isinstance(key, Symbol) else None
        if found is not None:
            return self.resolve(found, (*at, 0))
        if len(args) == 4 and isinstance(args[3], dict) and "DefaultValue" in args[3]:
            return self.resolve(args[3]["DefaultValue"], (*at, 3))
        path = ".".join(text_of(k) for k in keys)
        refs = tuple(r for k in keys if isinstance(k, Symbol) for r in k.refs)
        return Symbol(self.unknown(f"{name}.{path}", f"${{{name}.{path}}}"), refs, (f"{name}.{path}",))

    def get_azs(self, args: Any, at: AT) -> Any:
        region = self.resolve(args, at)
        if isinstance(region, Symbol):
            return Symbol(f"${{GetAZs {region}}}", region.refs, region.unknown)
        region = text_of(region) or self.scope.region
        return [f"{region}{zone}" for zone in AVAILABILITY_ZONES]

    def cidr(self, args: Any, at: AT) -> Any:
        args = self.arguments(args, at, 3, "Fn::Cidr takes [ip block, count, cidr bits]")
        block, count, bits = (self.resolve(a, (*at, i)) for i, a in enumerate(args))
        if any(isinstance(v, Symbol) for v in (block, count, bits)):
            return Symbol(f"${{Cidr {block}}}", *_merged([block, count, bits]))
        try:
            network = ipaddress.ip_network(text_of(block), strict=False)
            prefix = network.max_prefixlen - int(text_of(bits))
            subnets = network.subnets(new_prefix=prefix)
            return [str(next(subnets)) for _ in range(min(int(text_of(count)), 256))]
        except (ValueError, StopIteration):
            raise self.fail(at, f"Fn::Cidr cannot split {text_of(block)!r} that way") from None

    def import_value(self, args: Any, at: AT) -> Any:
        name = self.text(args, at, "the name of Fn::ImportValue")
        if name in self.scope.exports:
            return self.scope.exports[name]
        return self.unknown(f"ImportValue {name}", f"${{ImportValue {name}}}")

    def length(self, args: Any, at: AT) -> Any:
        values = self.resolve(args, at)
        return len(values) if isinstance(values, list) else Symbol(f"${{Length {values}}}", *_merged([values]))

    def to_json_string(self, args: Any, at: AT) -> Any:
        return concat([json.dumps(self.resolve(args, at), sort_keys=True, default=str)])

    def transform(self, args: Any, at: AT) -> Any:
        name = args.get("Name", "macro") if isinstance(args, dict) else "macro"
        return self.unknown(f"Transform {text_of(name)}", f"${{Transform {text_of(name)}}}")

    def condition_function(self, args: Any, at: AT) -> Any:
        """A condition function used as a value: its truth as CloudFormation's ``true``/``false``."""
        holds = self.truth({at[-1]: args}, at[:-1])
        return self.unknown("a condition", "${condition}") if holds is None else holds

    # -- conditions ------------------------------------------------------------------------
    def condition(self, name: str, at: AT) -> bool | None:
        """Whether a named condition holds (``None``: it depends on something unknown)."""
        if name not in self.condition_defs:
            raise self.fail(
                at, f"unknown condition {name!r}", did_you_mean(name, list(self.condition_defs)) or "declare it"
            )
        if name not in self.conditions:
            if name in self.evaluating:
                raise self.fail(("Conditions", name), f"condition {name!r} depends on itself")
            self.evaluating.add(name)
            self.conditions[name] = self.truth(self.condition_defs[name], ("Conditions", name))
            self.evaluating.discard(name)
            if self.conditions[name] is None:
                self.scope.notes.assumed[f"{self.scope.stack}: {name}"] = None
        return self.conditions[name]

    def truth(self, value: Any, at: AT) -> bool | None:
        """Evaluate a condition expression: ``True``, ``False`` or ``None`` (unknown)."""
        if isinstance(value, dict) and len(value) == 1:
            ((name, args),) = value.items()
            here = (*at, name)
            if name == "Condition":
                return self.condition(self.text(args, here, "a condition name"), here)
            if name == "Fn::Equals":
                args = self.arguments(args, here, 2, "Fn::Equals takes two values")
                left, right = (self.resolve(a, (*here, i)) for i, a in enumerate(args))
                if symbols_in(left) or symbols_in(right):
                    return None
                return text_of(left) == text_of(right)
            if name in ("Fn::Not", "Fn::And", "Fn::Or"):
                if not isinstance(args, list) or not args or (name == "Fn::Not" and len(args) != 1):
                    raise self.fail(here, f"{name} takes a list of conditions")
                values = [self.truth(a, (*here, i)) for i, a in enumerate(args)]
                if name == "Fn::Not":
                    return None if values[0] is None else not values[0]
                decisive = name == "Fn::Or"
                if decisive in values:
                    return decisive
                return None if None in values else not decisive
        resolved = self.resolve(value, at)
        if isinstance(resolved, bool):
            return resolved
        if isinstance(resolved, str) and resolved.lower() in ("true", "false") and not isinstance(resolved, Symbol):
            return resolved.lower() == "true"
        if isinstance(resolved, Symbol):
            return None
        raise self.fail(at, "a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or another Condition")


def _merged(values: list[Any]) -> tuple[tuple[Key, ...], tuple[str, ...]]:
    symbols = [s for v in values for s in symbols_in(v)]
    return tuple(k for s in symbols for k in s.refs), tuple(n for s in symbols for n in s.unknown)
