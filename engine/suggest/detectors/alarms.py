"""Resources no CloudWatch alarm watches (``unwatched``).

Alarms are ``cloudwatch_alarm`` nodes with a ``monitors`` edge to the resource whose
metric they evaluate. A resource that carries requests or events, publishes metrics and
has no such alarm fails silently (an alarm's notification topic does not count: alarms
are not work): the first signal is a customer.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..knowledge import ALARM_METRICS, breaks
from ..model import Finding, Severity, Topology
from ..registry import detector


@detector(
    "unwatched", "a resource that carries work and that no alarm watches", order=6, domain="monitoring", tasks=("4.3",)
)
def unwatched(topo: Topology) -> Iterator[Finding]:
    """Request- or event-carrying resources with metrics and no alarm on them."""
    for resource in topo.nodes.values():
        if resource.id not in topo.work or not topo.work.degree(resource.id) or resource.id in topo.watched:
            continue
        if resource.kind is None or not resource.kind.metrics:
            continue
        metric = ALARM_METRICS.get(resource.type, ", ".join(m.name for m in resource.kind.metrics[:2]))
        yield Finding(
            kind="unwatched",
            severity=Severity.LOW,
            nodes=(resource.id,),
            title=f"no alarm watches {resource.id}",
            why=(
                f"No CloudWatch alarm evaluates a metric of {resource.id}. When it fails, {metric} move(s) in "
                "CloudWatch and nobody is paged: detection waits for a customer ticket or a downstream alarm, "
                "and the time to detect counts against the error budget."
            ),
            fix=(
                f"add an alarm on {resource.id}'s {metric} with an SNS action to the on-call topic, and treat "
                "missing data deliberately (breaching for heartbeats, notBreaching for error counts)"
            ),
            proposals=tuple(breaks(resource, topo)),
        )
