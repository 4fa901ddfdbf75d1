"""The resource-type unit: what one kind of AWS resource is and how it behaves.

A resource type is data plus a few behaviour hooks:

* data: the CloudFormation type, hourly cost, the CloudWatch metrics the real service emits
  (names, namespace, statistic, period, when they are published), which edge kinds it may
  send and receive, its configuration model (validated, with defaults) and the properties
  compliance rules look at;
* behaviour: :meth:`ResourceType.local` (what the resource does to requests by itself:
  errors, throttling, latency), :meth:`ResourceType.emit` (events it sends on ``triggers``
  edges), :meth:`ResourceType.on_tick` (for stateful resources that change every second
  while something is going on, such as a queue with a backlog) and
  :meth:`ResourceType.hourly_cost`.

The defaults describe a pass-through resource that never fails; service families override
only what they need. Register a type with ``RESOURCES.register(MyType())``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from ..registry import Registry

if TYPE_CHECKING:
    from ..simulation import Simulation
    from ..world import Node, World

Presence = Literal["always", "active", "nonzero"]
Aggregation = Literal["count", "gauge"]


@dataclass(frozen=True)
class MetricSpec:
    """One CloudWatch metric a service publishes.

    ``source`` names the observable it is computed from. A ``count`` metric integrates a
    per-second rate over the period (``Sum`` of events); a ``gauge`` metric samples a level
    (``Average``/``Maximum``). ``presence`` mirrors how AWS publishes: ``always`` every
    period; ``active`` only while the resource handles traffic (Lambda, API Gateway, ALB);
    ``nonzero`` only when the value is not zero (EventBridge ``FailedInvocations``, ALB
    ``HTTPCode_*`` counts) — the reason many alarms must treat missing data with care.
    ``qualified`` metrics also exist per version or alias (Lambda ``Resource``/
    ``ExecutedVersion`` dimensions).
    """

    name: str
    namespace: str
    dimension: str
    source: str
    statistic: str = "Sum"
    unit: str = "Count"
    period: int = 60
    aggregation: Aggregation = "count"
    presence: Presence = "always"
    qualified: bool = False
    delay: int = 60


@dataclass(frozen=True)
class Local:
    """What a resource does to the requests that reach it, before its dependencies count.

    ``ok`` is the fraction it serves by itself, ``latency_ms`` its own latency, ``causes``
    the reasons for its failures (log text → fraction of requests), ``extras`` additional
    observables for its metrics (CPU, throttles, healthy hosts, ...).
    """

    ok: float = 1.0
    latency_ms: float = 0.0
    causes: tuple[tuple[str, float], ...] = ()
    extras: dict[str, float] = field(default_factory=dict)


class StrictModel(BaseModel):
    """Base of configuration models: unknown keys are errors, values validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class NoConfig(StrictModel):
    """A resource with no configuration worth modelling."""


class ResourceType:
    """Base class for resource types; see the module docstring."""

    id: ClassVar[str]
    aws_type: ClassVar[str]
    # Other CloudFormation types that are this resource for the simulation (the importer's
    # mapping table reads them with ``aws_type``): a classic ELB behaves as ``alb`` here.
    also_aws_types: ClassVar[tuple[str, ...]] = ()
    title: ClassVar[str]
    category: ClassVar[str]
    hourly_cost_cents: ClassVar[float] = 0.0
    metrics: ClassVar[tuple[MetricSpec, ...]] = ()
    sends: ClassVar[frozenset[str]] = frozenset({"managed_by"})
    receives: ClassVar[frozenset[str]] = frozenset({"monitors"})
    compliance_properties: ClassVar[tuple[str, ...]] = ()
    Config: ClassVar[type[StrictModel]] = NoConfig
    # IAM actions a caller's role needs on this resource, by sync edge kind.
    iam_actions: ClassVar[dict[str, str]] = {}
    # Whether data reached through this resource is protected by its KMS key (SSE-KMS).
    kms_protected_data: ClassVar[bool] = False
    # The service principal this resource acts as when it calls others (resource policies).
    service_principal: ClassVar[str | None] = None
    # TCP port its workload listens on (security groups are checked against it).
    port: ClassVar[int | None] = None
    # The EventBridge event an AWS service emits on its own (``source``, ``detail-type``).
    event: ClassVar[dict[str, Any] | None] = None
    # Whether it reads more of its callees' observables than success and latency.
    reads_callee_reports: ClassVar[bool] = False
    # Whether delivery to consumers depends on their health (a queue): re-tick when they change.
    stateful_delivery: ClassVar[bool] = False
    # Whether the resource can receive outside traffic (an entry point of the architecture).
    entry_point: ClassVar[bool] = False
    log_group: ClassVar[str | None] = None

    def __deepcopy__(self, memo: dict[int, Any]) -> ResourceType:
        return self  # types are shared singletons; forking a game must not copy them

    @property
    def description(self) -> str:
        """The first paragraph of the type's docstring (shown by the catalog)."""
        from ..registry import describe

        return describe(type(self))

    def default_config(self) -> dict[str, Any]:
        """The configuration a new resource of this type has."""
        return self.Config().model_dump(mode="json")

    def validate_config(self, config: dict[str, Any]) -> dict[str, Any]:
        """Validate and complete a configuration (raises ``pydantic.ValidationError``)."""
        return self.Config.model_validate(config).model_dump(mode="json")

    def initial_status(self, node: Node) -> dict[str, Any]:
        """Runtime state a resource starts with (queue depth, instance states, ...)."""
        return {}

    def config_refs(self, node: Node) -> tuple[str, ...]:
        """Other resources whose state this one reads through its configuration (not an edge).

        When one of them changes, this resource is recomputed (a bucket and its replication role).
        """
        return ()

    def metric(self, name: str) -> MetricSpec | None:
        """The metric called ``name``, if this service publishes it."""
        for spec in self.metrics:
            if spec.name == name:
                return spec
        return None

    # -- behaviour hooks -------------------------------------------------------------
    def local(self, node: Node, world: World) -> Local:
        """How the resource itself treats the ``node.load`` requests per second it receives."""
        return Local()

    def route_weights(self, node: Node, world: World) -> dict[str, float] | None:
        """For routers: weight per ``routes`` target id, or ``None`` to split evenly."""
        return None

    def emit(self, node: Node, target: str, world: World) -> float:
        """Events per second sent along the ``triggers`` edge to ``target``.

        By default a resource emits one event per request it served successfully, if its
        role may deliver to the target (``logs:PutLogEvents`` to a log group, say).
        """
        action = world.nodes[target].type.iam_actions.get("triggers")
        role = world.role_of.get(node.id)
        if action and role and not world.role_can(node.id, action, target):
            return 0.0
        ratio = world.edge_attr(node.id, target, "ratio", 1.0)
        return node.load * node.ok * ratio

    def downstream_error(self, node: Node, callee: Node) -> str:
        """The log line this resource writes when a call to ``callee`` fails."""
        if callee.causes:
            top = max(callee.causes.items(), key=lambda item: (item[1], item[0]))[0]
            if not top.startswith("Error calling"):
                return f"Error calling {callee.id}: {top}"
        return f"Error calling {callee.id}: {callee.type.title} request failed"

    def finish(self, node: Node, observed: dict[str, float], world: World) -> None:
        """Adjust observables once success is known (split errors into 4XX/5XX, ...)."""

    def relay_problem(self, node: Node, origin: str, upstream: str, downstream: str, world: World) -> str | None:
        """Why this resource does not pass ``origin``'s events (via ``upstream``) to ``downstream``."""
        return None

    def reach(self, node: Node, callee: Node, world: World) -> str | None:
        """Why this resource cannot reach ``callee`` over the network, or ``None``."""
        return None

    def kind_success(self, node: Node, kind: str) -> tuple[float, str] | None:
        """Success of the ``kind`` requests (``reads``, ``writes``, ``routes``, ``calls``) this
        resource serves and the error callers log for the rest, when it differs by kind — S3
        answering GET while PUT fails. ``None`` (the default): callers see ``node.ok``."""
        return None

    def stale_connection_error(self, node: Node) -> str:
        """The error callers log while holding connections to an old endpoint of this resource."""
        return f"Connection to {node.id} lost: server closed the connection unexpectedly"

    def on_start(self, node: Node, sim: Simulation) -> None:
        """Called once when a game starts (schedule health checks, start ticking, ...)."""

    def on_timer(self, node: Node, sim: Simulation, tag: str) -> None:
        """A timer this type scheduled with ``sim.node_timer`` has fired."""

    def on_tick(self, node: Node, world: World) -> bool:
        """Advance per-second state; return ``True`` to keep ticking next second."""
        return False

    def hourly_cost(self, node: Node) -> float:
        """Running cost in cents per hour for the resource as configured and loaded."""
        return self.hourly_cost_cents


RESOURCES: Registry[ResourceType] = Registry("resource type")
