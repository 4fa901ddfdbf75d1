"""Asynchronous paths without a dead-letter queue (``no-dead-letter-queue``).

A failed asynchronous delivery never reaches the producer: without a dead-letter queue it
is retried until it expires and then lost, or, on a queue, it blocks the messages behind
it. Each entry of :data:`DLQ_RULES` says, for one type that hands events to a consumer
(a ``triggers`` edge), whether its configuration names a dead-letter queue and what the
missing one costs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..knowledge import breaks
from ..model import Finding, Resource, Severity, Topology
from ..registry import detector


@dataclass(frozen=True)
class DlqRule:
    """How one type keeps failed deliveries: the check, why it matters, the fix."""

    has_dlq: Callable[[Resource], bool]
    why: str
    fix: str


DLQ_RULES: dict[str, DlqRule] = {
    "sqs_queue": DlqRule(
        lambda r: bool(r.config.get("redrive")),
        "{node} has no redrive policy. A message its consumer ({consumers}) can never process comes back after "
        "every visibility timeout and, without ReportBatchItemFailures, fails the whole batch with it: "
        "ApproximateAgeOfOldestMessage climbs while the good messages behind it wait (a poison message).",
        "give {node} a redrive policy to a dead-letter queue with maxReceiveCount of 5 or more, alarm on the "
        "dead-letter queue's ApproximateNumberOfMessagesVisible, and redrive once the consumer is fixed",
    ),
    "eventbridge_rule": DlqRule(
        lambda r: bool(r.config.get("dlq")),
        "{node} has no dead-letter queue on its target. When {consumers} refuses the event (a resource policy "
        "without events.amazonaws.com, a throttled function), EventBridge retries for up to 24 hours and 185 "
        "attempts and then drops it; FailedInvocations is published only when non-zero, so nothing alarms.",
        "attach an SQS dead-letter queue and a retry policy to {node}'s target, and alarm on FailedInvocations "
        "and DeadLetterInvocations",
    ),
}


@detector(
    "no-dead-letter-queue",
    "an asynchronous path without a dead-letter queue",
    order=3,
    domain="incident-response",
    tasks=("5.1",),
)
def missing_dead_letter_queues(topo: Topology) -> Iterator[Finding]:
    """Queues and rules that trigger a consumer but keep no failed delivery."""
    for resource in topo.nodes.values():
        rule = DLQ_RULES.get(resource.type)
        consumers = topo.targets(resource.id, "triggers")
        if rule is None or not consumers or rule.has_dlq(resource):
            continue
        names = {"node": resource.id, "consumers": ", ".join(consumers)}
        yield Finding(
            kind="no-dead-letter-queue",
            severity=Severity.MEDIUM,
            nodes=(resource.id, *consumers),
            title=f"{resource.id} → {', '.join(consumers)} keeps no failed delivery (no dead-letter queue)",
            why=rule.why.format(**names),
            fix=rule.fix.format(**names),
            proposals=tuple(breaks(resource, topo)),
        )
