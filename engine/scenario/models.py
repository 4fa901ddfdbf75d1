"""The scenario schema: pydantic models that validate files and emit the JSON Schema.

These models are the single source of truth for the format (DESIGN §9). They check shape
and types; references between parts (node ids, fault and action types, parameters) are
checked afterwards by :mod:`engine.scenario.checks`, which knows the catalog.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from ..durations import parse_duration
from ..rng import stable_uniform

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

DOMAINS: dict[str, str] = {
    "sdlc": "1 SDLC Automation",
    "iac": "2 Configuration Management and IaC",
    "resilience": "3 Resilient Cloud Solutions",
    "monitoring": "4 Monitoring and Logging",
    "incident-response": "5 Incident and Event Response",
    "security": "6 Security and Compliance",
}


def _duration(value: Any) -> int:
    return parse_duration(value)


Duration = Annotated[
    int,
    BeforeValidator(_duration),
    Field(json_schema_extra={"type": ["string", "integer"], "examples": ["90s", "5m", "1h"]}),
]
Ident = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
Path = tuple[str | int, ...]


class Model(BaseModel):
    """Strict base: unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# -- architecture ---------------------------------------------------------------------------
class NodeSpec(Model):
    """One resource of the architecture."""

    id: Ident
    type: str = Field(description="resource type id from the catalog, e.g. lambda_function")
    label: str | None = None
    region: str = "us-east-1"
    az: str | None = Field(None, description="Availability Zone, e.g. us-east-1a")
    stack: str | None = Field(None, description="id of the CloudFormation stack that manages it")
    config: dict[str, Any] = Field(default_factory=dict, description="actual configuration")
    template: dict[str, Any] | None = Field(
        None, description="template values that differ from the actual configuration (drift at start)"
    )
    position: tuple[float, float] | None = None


_EDGE_TEXT = re.compile(r"^\s*(\S+)\s+(\S+)\s+(\S+)\s*$")


class EdgeSpec(Model):
    """One edge; also written as a string ``"SOURCE KIND TARGET"`` (``"api calls orders-fn"``)."""

    source: str = Field(alias="from")
    target: str = Field(alias="to")
    kind: str
    ratio: float = Field(1.0, ge=0, le=1000, description="requests or events per upstream request")
    weight: float = Field(1.0, ge=0, description="routing weight for routes edges")
    optional: bool = Field(False, description="a failing callee does not fail the caller")
    event: dict[str, Any] | None = Field(
        None, description="the EventBridge event this producer puts on a bus (source, detail-type, detail)"
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            match = _EDGE_TEXT.match(value)
            if not match:
                raise ValueError("write an edge as 'SOURCE KIND TARGET', e.g. 'api calls orders-fn'")
            source, kind, target = match.groups()
            return {"from": source, "kind": kind, "to": target}
        return value


class ArchitectureSpec(Model):
    """Nodes and edges: an AWS architecture as a directed graph."""

    description: str = ""
    nodes: list[NodeSpec] = Field(min_length=1)
    edges: list[EdgeSpec] = Field(default_factory=list)


class NodeChange(Model):
    """A node of an extended architecture: a new id adds a node (give its ``type``); an
    existing id changes that node — fields given replace the base's, and ``config`` and
    ``template`` merge key by key."""

    id: Ident
    type: str | None = None
    label: str | None = None
    region: str | None = None
    az: str | None = None
    stack: str | None = None
    config: dict[str, Any] = Field(default_factory=dict)
    template: dict[str, Any] | None = None
    position: tuple[float, float] | None = None


class ArchitectureExtension(Model):
    """A shared architecture with this scenario's changes (applied when the file is loaded)."""

    extends: str = Field(description="the shared architecture's name, or a relative .yaml path")
    description: str | None = None
    nodes: list[NodeChange] = Field(default_factory=list, description="nodes added or changed (by id)")
    remove: list[Ident] = Field(default_factory=list, description="ids of nodes removed, with all their edges")
    edges: list[EdgeSpec] = Field(default_factory=list, description="edges added")
    remove_edges: list[EdgeSpec] = Field(default_factory=list, description="edges removed ('SOURCE KIND TARGET')")


class SnippetUse(BaseModel):
    """An inject or message taken from ``snippets/NAME.yaml`` (the scenario's folder first,
    then the bundled library). ``${NAME}`` placeholders in the snippet's text are filled from
    ``with``; any other field given here replaces the snippet's (in every entry of a list
    snippet)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    use: str = Field(max_length=64, description="the snippet's name")
    with_: dict[str, str | int | float | bool] = Field(
        default_factory=dict, alias="with", description="values for the snippet's ${NAME} placeholders"
    )


# -- scenario --------------------------------------------------------------------------------
class Clock(Model):
    """How long the incident lasts and how fast time runs."""

    duration: Duration = Field(1800, description="time limit of the game")
    speed: float = Field(1.0, gt=0, le=64, description="simulated seconds per wall second")
    practice: bool = Field(False, description="allow the player to change speed")


class Slo(Model):
    """The availability objective measured at the entry points."""

    target: float = Field(99.9, gt=0, lt=100, description="percent of requests that succeed")
    window: Duration = Field(30 * 86400, description="error-budget window")
    entries: list[str] = Field(default_factory=list, description="entry nodes measured (default: all)")


class RateChange(Model):
    at: Duration
    rate: float = Field(ge=0)


class Traffic(Model):
    """Requests per second arriving from outside at an entry node."""

    entry: str
    rate: float = Field(ge=0, le=1_000_000)
    changes: list[RateChange] = Field(default_factory=list)


class Kpi(Model):
    """A business figure produced by a node (orders fulfilled per minute, say)."""

    id: Ident
    name: str
    node: str
    measure: Literal["ok", "requests"] = "ok"
    value_cents: int = Field(0, ge=0, description="revenue per unit lost when it is not produced")


class Business(Model):
    """What downtime costs and the figures the business watches."""

    revenue_per_minute: float = Field(0.0, ge=0, description="dollars earned per minute at full service")
    kpis: list[Kpi] = Field(default_factory=list)


class KpiBelow(Model):
    kpi: str
    percent: float = Field(gt=0, le=100)


class AlarmIs(Model):
    alarm: str
    state: Literal["OK", "ALARM", "INSUFFICIENT_DATA"]


class MetricCrossed(Model):
    """A CloudWatch metric of a resource past a value, as its latest published datapoint shows."""

    node: str
    name: str = Field(description="the metric, e.g. Errors or ApproximateAgeOfOldestMessage")
    above: float | None = None
    below: float | None = None
    qualifier: str | None = Field(None, description="an alias or version dimension (Lambda)")

    @model_validator(mode="after")
    def _one_bound(self) -> MetricCrossed:
        if (self.above is None) == (self.below is None):
            raise ValueError("give exactly one of 'above' or 'below'")
        return self


class Condition(Model):
    """When something happens: every field given must hold (they are AND-ed)."""

    after: Duration | None = None
    action: str | None = Field(None, description="an action type the player has completed")
    not_action: str | None = Field(None, description="an action type the player has not started")
    fault_resolved: str | None = Field(None, description="id of an inject whose fault is resolved")
    fault_active: str | None = None
    availability_below: float | None = Field(None, gt=0, le=100)
    kpi_below: KpiBelow | None = None
    alarm: AlarmIs | None = None
    metric: MetricCrossed | None = Field(None, description="a metric crossed a value")
    declared: bool | None = None


class Inject(Model):
    """A fault to inject, or an action someone else performs, at a time or on a condition."""

    id: Ident | None = None
    at: Duration = 0
    when: Condition | None = None
    fault: str | None = None
    action: str | None = None
    target: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    by: str = Field("automation", description="who performs an action inject")

    @model_validator(mode="after")
    def _one_kind(self) -> Inject:
        if (self.fault is None) == (self.action is None):
            raise ValueError("an inject names exactly one of 'fault' or 'action'")
        return self


class Message(Model):
    """A stakeholder message, page or notice, at a time or on a condition."""

    at: Duration = 0
    when: Condition | None = None
    sender: str = Field(alias="from")
    channel: Literal["slack", "email", "page", "phone", "aws-health", "status-page"] = "slack"
    text: str


class Customers(Model):
    """What customers write in tickets when they are hurt."""

    errors: list[str] = Field(default_factory=list, description="tickets when requests fail")
    kpi: dict[str, list[str]] = Field(default_factory=dict, description="tickets per KPI shortfall")
    propensity: float = Field(1.0, ge=0, le=10, description="how readily customers complain")


class RunbookPage(Model):
    title: str
    body: str
    outdated: bool = Field(False, description="(hidden) this page is wrong or out of date")


class Hint(Model):
    text: str
    cost: int = Field(5, ge=0, le=50, description="recovery points it costs")
    after: Duration = 0


class ActionRules(Model):
    allow: list[str] | None = Field(None, description="only these action types (default: all)")
    deny: list[str] = Field(default_factory=list)


class Weights(Model):
    recovery: float = Field(0.5, ge=0)
    cost: float = Field(0.2, ge=0)
    compliance: float = Field(0.3, ge=0)


class Targets(Model):
    detect: Duration = 300
    mitigate: Duration = 600
    resolve: Duration = 1200


class Scoring(Model):
    weights: Weights = Field(default_factory=Weights)
    targets: Targets = Field(default_factory=Targets)
    dollars_per_point: float | None = Field(None, gt=0, description="cost scale (default from revenue)")


class TrailEntry(Model):
    """A CloudTrail entry from before the game started (the history investigators find)."""

    ago: Duration
    event: str
    source: str
    user: str
    resource: str | None = None
    detail: str = ""


class Variant(Model):
    """One version of the incident. The seed picks one (by weight), so replaying a scenario
    is not memorising it: a different root cause, target or trigger behind the same symptoms."""

    id: Ident
    weight: float = Field(1.0, gt=0, description="relative chance the seed picks this variant")
    summary: str = Field("", description="what differs in this variant (shown to facilitators and in the debrief)")
    injects: list[Inject] = Field(
        default_factory=list, description="injects that replace the scenario's inject with the same id, or are added"
    )
    messages: list[Message] = Field(default_factory=list, description="messages added in this variant")
    hints: list[Hint] | None = Field(None, description="hints that replace the scenario's hints")
    debrief: str = Field("", description="added to the debrief")


class Card(Model):
    """A card of the facilitator deck: injects and messages a game-master fires at any moment
    (their ``at`` counts from the moment the card is played)."""

    id: Ident
    title: str
    injects: list[Inject] = Field(default_factory=list)
    messages: list[Message] = Field(default_factory=list)


ArchitectureRef = str | ArchitectureSpec


class Scenario(Model):
    """An incident to play."""

    id: Ident
    title: str
    summary: str
    difficulty: Literal["intro", "intermediate", "advanced"]
    domains: list[Literal["sdlc", "iac", "resilience", "monitoring", "incident-response", "security"]] = Field(
        min_length=1
    )
    tasks: list[Annotated[str, Field(pattern=r"^[1-6]\.[1-9]$")]] = Field(
        default_factory=list, description="DOP-C02 task statements, e.g. '1.4'"
    )
    briefing: str
    architecture: ArchitectureRef = Field(
        description="the name of a shared architecture, a relative .yaml path, or one inline"
    )
    clock: Clock = Field(default_factory=Clock)
    slo: Slo = Field(default_factory=Slo)
    traffic: list[Traffic] = Field(min_length=1)
    business: Business = Field(default_factory=Business)
    responders: int = Field(2, ge=1, le=12)
    history: list[TrailEntry] = Field(default_factory=list)
    injects: list[Inject] = Field(default_factory=list)
    messages: list[Message] = Field(default_factory=list)
    customers: Customers = Field(default_factory=Customers)
    runbook: list[RunbookPage] = Field(default_factory=list)
    actions: ActionRules = Field(default_factory=ActionRules)
    hints: list[Hint] = Field(default_factory=list)
    scoring: Scoring = Field(default_factory=Scoring)
    variants: list[Variant] = Field(default_factory=list, description="versions of the incident the seed picks from")
    deck: list[Card] = Field(default_factory=list, description="the facilitator's cards, played at any moment")
    debrief: str

    def variant_ids(self) -> list[str]:
        """The ids of the variants, in file order."""
        return [v.id for v in self.variants]

    def pick_variant(self, seed: int) -> str | None:
        """The variant ``seed`` plays (by weight; the same on every machine), or ``None``."""
        if not self.variants:
            return None
        draw = stable_uniform(self.id, "variant", int(seed)) * sum(v.weight for v in self.variants)
        for variant in self.variants:
            draw -= variant.weight
            if draw < 0:
                return variant.id
        return self.variants[-1].id

    def played(self, variant_id: str | None) -> tuple[list[tuple[Inject, Path]], list[tuple[Message, Path]]]:
        """The injects and messages ``variant_id`` plays, in order, each with the field path
        where it is written (in the scenario's lists or in the variant's)."""
        injects = [(inject, ("injects", i)) for i, inject in enumerate(self.injects)]
        messages = [(message, ("messages", i)) for i, message in enumerate(self.messages)]
        if variant_id is None:
            return injects, messages
        index = next((n for n, v in enumerate(self.variants) if v.id == variant_id), None)
        if index is None:
            raise KeyError(variant_id)
        variant = self.variants[index]
        at = ("variants", index)
        replacing = {inject.id: (inject, (*at, "injects", j)) for j, inject in enumerate(variant.injects) if inject.id}
        swapped = [replacing.pop(inject.id) if inject.id in replacing else (inject, path) for inject, path in injects]
        swapped += [(x, (*at, "injects", j)) for j, x in enumerate(variant.injects) if not x.id or x.id in replacing]
        messages += [(message, (*at, "messages", j)) for j, message in enumerate(variant.messages)]
        return swapped, messages

    def with_variant(self, variant_id: str | None) -> Scenario:
        """This scenario as ``variant_id`` plays it: its injects swapped in, messages and debrief added."""
        if variant_id is None:
            return self
        injects, messages = self.played(variant_id)
        variant = next(v for v in self.variants if v.id == variant_id)
        told = [f"This game played the variant {variant.id}" + (f": {variant.summary}" if variant.summary else ".")]
        told += [variant.debrief.strip()] if variant.debrief.strip() else []
        debrief = self.debrief.rstrip() + "\n\n" + "\n\n".join(told) + "\n"
        return self.model_copy(
            update={
                "injects": [inject for inject, _ in injects],
                "messages": [message for message, _ in messages],
                "hints": self.hints if variant.hints is None else variant.hints,
                "debrief": debrief,
            }
        )
