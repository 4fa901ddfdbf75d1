"""Messaging: EventBridge buses and rules, SQS queues, SNS topics.

These are the asynchronous paths (``triggers`` edges): when they fail, the producer never
knows. Failure shows as backlog, dead letters, a metric that stops being published, or
simply work that never happens downstream.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from ..patterns import matches, pattern_problem
from ..world import Node, World
from .base import RESOURCES, Local, MetricSpec, ResourceType, StrictModel
from .common import per_request_cost

MESSAGING_SENDS = frozenset({"triggers", "encrypts_with", "managed_by", "uses_role"})


# -- EventBridge ---------------------------------------------------------------------------
class BusConfig(StrictModel):
    archive: bool = Field(False, description="an archive keeps events for replay")
    archive_retention_days: int = Field(7, ge=0, le=3650)


class EventBus(ResourceType):
    """Amazon EventBridge event bus (AWS::Events::EventBus); the default bus included.

    Applications put events on it (``writes`` edges, each with the ``event`` it puts); AWS
    services deliver theirs (``triggers`` edges). Every rule on the bus sees every event
    and keeps those its pattern matches. An archive lets lost events be replayed.
    """

    id = "eventbridge_bus"
    aws_type = "AWS::Events::EventBus"
    title = "EventBridge bus"
    category = "messaging"
    Config = BusConfig
    sends = MESSAGING_SENDS
    receives = frozenset({"writes", "triggers", "monitors"})
    iam_actions = {"writes": "events:PutEvents"}
    metrics = (
        MetricSpec("PutEventsApproximateCallCount", "AWS/Events", "EventBusName", "requests", presence="active"),
        MetricSpec("PutEventsApproximateSuccessCount", "AWS/Events", "EventBusName", "ok", presence="active"),
    )

    def emit(self, node: Node, target: str, world: World) -> float:
        return node.load * node.ok  # events whose PutEvents failed never reach a rule

    def hourly_cost(self, node: Node) -> float:
        """$1.00 per million events put on the bus."""
        return per_request_cost(node.load, 1.0)


def event_mix(bus: Node, world: World) -> list[tuple[float, dict[str, Any]]]:
    """The events arriving on a bus: ``(events per second, event)`` per producer."""
    mix = []
    for producer in world.callers[bus.id]:
        rate = world.nodes[producer].load * world.nodes[producer].ok * world.edge_attr(producer, bus.id, "ratio", 1.0)
        mix.append((rate, world.event_of(producer, bus.id)))
    for producer in world.trigger_in[bus.id]:
        mix.append((world.trigger_rates.get((producer, bus.id), 0.0), world.event_of(producer, bus.id)))
    return mix


def _pattern_default() -> dict[str, Any]:
    return {"source": ["com.example.app"]}


class RuleConfig(StrictModel):
    state: Literal["ENABLED", "DISABLED"] = "ENABLED"
    pattern: dict[str, Any] = Field(default_factory=_pattern_default, description="the event pattern")
    dlq: str | None = Field(None, description="SQS queue receiving events that could not be delivered")
    retry_attempts: int = Field(185, ge=0, le=185)
    max_event_age: int = Field(86400, ge=60, le=86400)

    @field_validator("pattern")
    @classmethod
    def _valid_pattern(cls, value: dict[str, Any]) -> dict[str, Any]:
        problem = pattern_problem(value)
        if problem:
            raise ValueError(problem)
        return value


class EventRule(ResourceType):
    """EventBridge rule (AWS::Events::Rule): a pattern and targets on a bus.

    A DISABLED rule matches nothing and publishes no metrics at all. A target whose
    resource policy does not admit ``events.amazonaws.com`` fails every invocation; such
    permission errors are not retried (EventBridge retries only throttling and 5xx), so
    each event goes to the rule's dead-letter queue if it has one and is lost if not —
    ``FailedInvocations`` is the only trace. A pattern that no longer matches the events
    on the bus is the quietest failure of all: nothing happens.
    """

    id = "eventbridge_rule"
    aws_type = "AWS::Events::Rule"
    title = "EventBridge rule"
    category = "messaging"
    Config = RuleConfig
    sends = MESSAGING_SENDS
    receives = frozenset({"triggers", "monitors"})
    service_principal = "events.amazonaws.com"
    compliance_properties = ("state", "dlq")
    metrics = tuple(
        MetricSpec(name, "AWS/Events", "RuleName", source, presence="nonzero")
        for name, source in (
            ("MatchedEvents", "matched"),
            ("TriggeredRules", "matched"),
            ("Invocations", "invocations"),
            ("FailedInvocations", "failed"),
            ("DeadLetterInvocations", "dead_letter"),
            ("InvocationAttempts", "attempts"),
        )
    )

    def targets(self, node: Node, world: World) -> list[str]:
        """The rule's targets (its ``triggers`` edges, except its dead-letter queue)."""
        return [t for t in world.trigger_out[node.id] if t != node.config["dlq"]]

    def match_fraction(self, node: Node, world: World) -> float:
        """Share of the bus's events that this rule's pattern matches."""
        mix = [m for bus in world.trigger_in[node.id] for m in event_mix(world.nodes[bus], world)]
        total = sum(rate for rate, _ in mix)
        if total <= 0:
            return 0.0
        return sum(rate for rate, event in mix if matches(node.config["pattern"], event)) / total

    def denied(self, node: Node, target: str, world: World) -> bool:
        """Whether a target's resource policy refuses this rule."""
        return not world.admits(target, "events.amazonaws.com", node.id)

    def local(self, node: Node, world: World) -> Local:
        enabled = node.config["state"] == "ENABLED"
        matched = node.load * self.match_fraction(node, world) if enabled else 0.0
        targets = self.targets(node, world)
        failed = matched * sum(1 for t in targets if self.denied(node, t, world))
        delivered = matched * len(targets) - failed
        has_dlq = node.config["dlq"] is not None
        self._unwanted(node, world, targets)
        return Local(
            extras={
                "matched": matched,
                "invocations": delivered + failed,
                "attempts": delivered + failed,
                "failed": 0.0 if has_dlq else failed,
                "dead_letter": failed if has_dlq else 0.0,
            }
        )

    def _unwanted(self, node: Node, world: World, targets: list[str]) -> None:
        """Targets that only handle some detail-types fail on the other events they are sent."""
        enabled = node.config["state"] == "ENABLED"
        mix = [m for bus in world.trigger_in[node.id] for m in event_mix(world.nodes[bus], world)]
        delivered = [(rate, event) for rate, event in mix if enabled and matches(node.config["pattern"], event)]
        total = sum(rate for rate, _ in delivered)
        for target in targets:
            accepts = world.nodes[target].config.get("accepts")
            bad = [e for r, e in delivered if accepts is not None and e.get("detail-type") not in accepts and r > 0]
            share = sum(r for r, e in delivered if e in bad) / total if total > 0 and bad else 0.0
            kind = bad[0].get("detail-type", "?") if bad else ""
            world.set_impairment(
                target,
                f"unexpected-events:{node.id}",
                1.0 - share,
                f"KeyError: 'orderId' — cannot handle event of type {kind!r} from {node.id}",
            )

    def emit(self, node: Node, target: str, world: World) -> float:
        matched = node.observed.get("matched", 0.0)
        if target == node.config["dlq"]:
            return node.observed.get("dead_letter", 0.0)
        return 0.0 if self.denied(node, target, world) else matched

    def relay_problem(self, node: Node, origin: str, upstream: str, downstream: str, world: World) -> str | None:
        if node.config["state"] != "ENABLED":
            return f"rule {node.id} is DISABLED"
        if not matches(node.config["pattern"], world.event_of(origin, upstream)):
            return f"the event pattern of {node.id} does not match events from {origin}"
        if self.denied(node, downstream, world):
            return f"{downstream} does not allow events.amazonaws.com to invoke it from {node.id}"
        return None

    def hourly_cost(self, node: Node) -> float:
        """Nothing: the bus is charged for the events, not the rules."""
        return 0.0


# -- SQS -------------------------------------------------------------------------------------
class Redrive(StrictModel):
    dlq: str
    max_receive_count: int = Field(5, ge=1, le=1000)


class QueueConfig(StrictModel):
    fifo: bool = False
    visibility_timeout: int = Field(30, ge=0, le=43200)
    retention: int = Field(345600, ge=60, le=1209600)
    sse: Literal["SQS", "KMS", "none"] = "SQS"
    redrive: Redrive | None = None
    resource_policy: list[dict[str, Any]] = Field(default_factory=list)


CONSUMER_CAPACITY = 1000.0


class SqsQueue(ResourceType):
    """Amazon SQS queue (AWS::SQS::Queue), optionally FIFO, with a redrive policy.

    Producers send messages (``writes``); a Lambda event source mapping polls them
    (``triggers``). Messages that fail return after the visibility timeout and are retried;
    after ``max_receive_count`` receives they move to the dead-letter queue (which does not
    count them in its ``NumberOfMessagesSent``). Without ReportBatchItemFailures a single
    bad message fails its whole batch; in a FIFO queue it blocks its message group.
    """

    id = "sqs_queue"
    stateful_delivery = True
    aws_type = "AWS::SQS::Queue"
    title = "SQS queue"
    category = "messaging"
    Config = QueueConfig
    sends = MESSAGING_SENDS
    receives = frozenset({"writes", "triggers", "monitors"})
    iam_actions = {"writes": "sqs:SendMessage", "triggers": "sqs:SendMessage"}
    kms_protected_data = True
    compliance_properties = ("sse", "redrive")
    metrics = (
        *(
            MetricSpec(name, "AWS/SQS", "QueueName", source, statistic, unit, aggregation="gauge")
            for name, source, statistic, unit in (
                ("ApproximateNumberOfMessagesVisible", "visible", "Average", "Count"),
                ("ApproximateNumberOfMessagesNotVisible", "in_flight", "Average", "Count"),
                ("ApproximateAgeOfOldestMessage", "age", "Maximum", "Seconds"),
            )
        ),
        *(
            MetricSpec(name, "AWS/SQS", "QueueName", source)
            for name, source in (
                ("NumberOfMessagesSent", "requests"),
                ("NumberOfMessagesReceived", "received"),
                ("NumberOfMessagesDeleted", "deleted"),
            )
        ),
    )

    def initial_status(self, node: Node) -> dict[str, Any]:
        return {
            "depth": 0.0,
            "poison": 0,
            "poison_receives": 0,
            "age": 0.0,
            "received": 0.0,
            "deleted": 0.0,
            "delivered": 0.0,
        }

    def consumer(self, node: Node, world: World) -> str | None:
        """The function polling this queue (its event source mapping), if any."""
        return next(iter(world.trigger_out[node.id]), None)

    def consumer_problem(self, node: Node, world: World) -> str | None:
        """Why the event source mapping cannot receive from this queue, or ``None``."""
        return self._receive_problem(node, world, self.consumer(node, world))

    @staticmethod
    def _receive_problem(node: Node, world: World, consumer: str | None) -> str | None:
        """:meth:`consumer_problem` once the consumer is known (a queue asks every second)."""
        if consumer is None:
            return "no consumer"
        if world.role_of.get(consumer) and not world.role_can(consumer, "sqs:ReceiveMessage", node.id):
            return (
                f"The provided execution role does not have permissions to call ReceiveMessage on SQS "
                f"({consumer} → {node.id})"
            )
        return None

    def local(self, node: Node, world: World) -> Local:
        world.start_ticking(node.id)
        st = node.status
        in_flight = min(st["depth"], st["delivered"] * max(node.config["visibility_timeout"], 1) * 0.1)
        return Local(
            extras={
                "visible": max(st["depth"] - in_flight, 0.0),
                "in_flight": in_flight,
                "age": st["age"],
                "received": st["received"],
                "deleted": st["deleted"],
            }
        )

    def on_start(self, node: Node, sim: Any) -> None:
        sim.world.start_ticking(node.id)

    def on_tick(self, node: Node, world: World) -> bool:
        """One second of queue life: arrivals, deliveries, successes, retries, dead letters."""
        st = dict(node.status)
        cfg = node.config
        timeout = max(cfg["visibility_timeout"], 1)
        arrivals = node.load
        consumer = self.consumer(node, world)
        blocked = self._receive_problem(node, world, consumer)
        receiving = consumer is not None and not blocked  # an event source mapping is polling
        capacity = CONSUMER_CAPACITY if receiving else 0.0
        success = self._success(node, world, consumer) if consumer and receiving else 0.0
        poison = int(st["poison"])
        held = st["depth"]  # what waited in the queue when this second began
        depth = held + arrivals
        head = 0.0
        if poison and cfg["fifo"]:
            capacity = 0.0  # the bad message holds its message group ...
            if receiving:  # ... and is received again every visibility timeout, with the batch behind it
                head = min(float(self._batch(world.nodes[consumer])), depth) / timeout
        delivered = min(capacity, depth)
        failing = 1.0 - success
        deleted = delivered * success
        redrive = cfg["redrive"]
        moved = delivered * failing / redrive["max_receive_count"] if redrive else 0.0
        depth = max(depth - deleted - moved, float(poison))
        moved_poison = 0
        if poison and receiving:
            st["poison_receives"] = st["poison_receives"] + 1.0 / timeout
            if redrive and st["poison_receives"] >= redrive["max_receive_count"]:
                moved += poison
                moved_poison = poison
                depth = max(depth - poison, 0.0)
                poison = 0
                st["poison_receives"] = 0
        if redrive and moved > 0 and redrive["dlq"] in world.nodes:
            dlq = world.nodes[redrive["dlq"]]
            world.set_status(
                dlq.id,
                depth=dlq.status.get("depth", 0.0) + moved,
                poison=int(dlq.status.get("poison", 0)) + moved_poison,  # it still cannot be processed
            )
        stalled = bool(poison) and cfg["fifo"]
        if stalled or "stalled" in st:
            if st.get("stalled") and not stalled:
                # the bad message left the head of the group: the backlog it held is delivered now, late
                st["released"] = st.get("released", 0.0) + max(held - moved_poison, 0.0)
            st["stalled"] = stalled
        draining = depth <= float(poison) + 1e-6
        st["age"] = 0.0 if depth <= 1e-6 else (st["age"] + 1.0 if poison or not draining else st["age"] * 0.5)
        st.update(depth=depth, poison=poison, delivered=delivered + head, received=delivered + head, deleted=deleted)
        if consumer:
            self._mark_consumer(node, world, consumer, poison, delivered, head)
        changed = st != node.status
        if changed:
            node.status = st
            world.touch(node.id)
        return changed or depth > 1e-6 or bool(poison)

    @staticmethod
    def _batch(consumer: Node) -> int:
        """Messages per invocation: one with ReportBatchItemFailures, the batch size without."""
        return 1 if consumer.config.get("partial_batch_response") else int(consumer.config.get("batch_size", 10))

    @staticmethod
    def _success(node: Node, world: World, consumer: str) -> float:
        """Share of deliveries the consumer processes, as its last recomputation left it.

        Right after the bad message leaves (quarantined, purged, dead-lettered), that still
        counts the failures it caused: they are taken out, so the backlog is not failed (or
        dead-lettered) for one more second by a message that is no longer there.
        """
        target = world.nodes[consumer]
        ok = target.ok
        mark = target.status.get("impairments", {}).get(f"poison:{node.id}")
        if mark is not None and not node.status["poison"]:
            factor = float(mark.get("ok", 1.0))
            ok = min(ok / factor, 1.0) if factor > 0 else 1.0
        return ok

    def _mark_consumer(
        self, node: Node, world: World, consumer: str, poison: int, delivered: float, head: float
    ) -> None:
        """Show the poison message's failures on the consumer (whole batches unless partial;
        in a blocked FIFO group, every receive of the head batch)."""
        target = world.nodes[consumer]
        share = 0.0
        if poison and head > 0:
            share = 1.0  # Lambda stops at the failed message and returns it and all after it
        elif poison and delivered > 0:
            per_second = poison / max(node.config["visibility_timeout"], 1)
            share = min(1.0, per_second * self._batch(target) / delivered)
        world.set_impairment(
            consumer,
            f"poison:{node.id}",
            1.0 - share,
            f"Error processing SQS message from {node.id}: ValueError: invalid payload (same messageId retried)",
        )

    def emit(self, node: Node, target: str, world: World) -> float:
        return node.status.get("delivered", 0.0)

    def hourly_cost(self, node: Node) -> float:
        """$0.40 per million requests (each message is sent, received and deleted)."""
        return per_request_cost(node.load + node.status.get("received", 0.0) * 2, 0.40)


# -- SNS -------------------------------------------------------------------------------------
class TopicConfig(StrictModel):
    sse: Literal["KMS", "none"] = "none"
    resource_policy: list[dict[str, Any]] = Field(
        default_factory=lambda: [{"principal": "cloudwatch.amazonaws.com"}, {"principal": "events.amazonaws.com"}]
    )


class SnsTopic(ResourceType):
    """Amazon SNS topic (AWS::SNS::Topic): fan-out to subscribers.

    Deliveries to a Lambda subscriber need its resource policy to admit
    ``sns.amazonaws.com``; failed deliveries count in ``NumberOfNotificationsFailed``.
    """

    id = "sns_topic"
    aws_type = "AWS::SNS::Topic"
    title = "SNS topic"
    category = "messaging"
    Config = TopicConfig
    sends = MESSAGING_SENDS
    receives = frozenset({"writes", "triggers", "monitors"})
    iam_actions = {"writes": "sns:Publish", "triggers": "sns:Publish"}
    service_principal = "sns.amazonaws.com"
    kms_protected_data = True
    compliance_properties = ("sse",)
    metrics = (
        MetricSpec("NumberOfMessagesPublished", "AWS/SNS", "TopicName", "requests", presence="active"),
        MetricSpec("NumberOfNotificationsDelivered", "AWS/SNS", "TopicName", "delivered", presence="active"),
        MetricSpec("NumberOfNotificationsFailed", "AWS/SNS", "TopicName", "failed", presence="nonzero"),
    )

    def local(self, node: Node, world: World) -> Local:
        subscribers = world.trigger_out[node.id]
        refused = sum(1 for s in subscribers if not world.admits(s, "sns.amazonaws.com", node.id))
        return Local(extras={"delivered": node.load * (len(subscribers) - refused), "failed": node.load * refused})

    def emit(self, node: Node, target: str, world: World) -> float:
        return node.load if world.admits(target, "sns.amazonaws.com", node.id) else 0.0

    def hourly_cost(self, node: Node) -> float:
        """$0.50 per million messages published."""
        return per_request_cost(node.load, 0.50)


for resource_type in (EventBus(), EventRule(), SqsQueue(), SnsTopic()):
    RESOURCES.register(resource_type)
