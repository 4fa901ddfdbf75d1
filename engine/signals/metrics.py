"""CloudWatch datapoints, computed lazily from each node's history of observables.

Nothing is sampled per tick. A datapoint for period ``[k·P, (k+1)·P)`` is derived when
someone reads it (an alarm, the player) by integrating the piecewise-constant observables
over the period, then adding noise that depends only on (seed, node, metric, period) — so
reading order never changes a value, and replays see exactly the same numbers.

Publication follows AWS: a datapoint is readable ``delay`` seconds after its period ends;
``active`` metrics are absent for periods without traffic and ``nonzero`` metrics are absent
when their value is zero. While CloudWatch ingestion in a Region is impaired (a node's
``metrics_gap``), datapoints due in that window are withheld: published late, or never.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..resources.base import MetricSpec
from ..resources.common import metrics_withheld
from ..rng import RandomStreams
from ..world import Node


@dataclass(frozen=True)
class Datapoint:
    """One published CloudWatch datapoint (``value`` is ``None`` when nothing was published)."""

    start: int
    value: float | None


def source_key(spec: MetricSpec, source: str, qualifier: str | None) -> str:
    """The observable a metric reads, per version or alias when qualified."""
    return f"{source}@{qualifier}" if qualifier else source


def integrate(node: Node, key: str, start: int, end: int) -> float:
    """The integral of an observable over ``[start, end)`` (a count from a per-second rate)."""
    return sum(obs.get(key, 0.0) * (b - a) for a, b, (obs, _) in node.segments(start, end))


def _gauge(node: Node, key: str, start: int, end: int, statistic: str) -> float | None:
    pieces = [(b - a, obs.get(key)) for a, b, (obs, _) in node.segments(start, end)]
    values = [(w, v) for w, v in pieces if v is not None]
    if not values:
        return None
    if statistic == "Maximum":
        return max(v for _, v in values)
    if statistic == "Minimum":
        return min(v for _, v in values)
    total = sum(w for w, _ in values)
    return sum(w * v for w, v in values) / total


def datapoint(
    node: Node, spec: MetricSpec, qualifier: str | None, period_index: int, streams: RandomStreams
) -> Datapoint:
    """The datapoint of ``spec`` on ``node`` for one period (published or not)."""
    start = period_index * spec.period
    end = start + spec.period
    if qualifier and not spec.qualified:
        return Datapoint(start, None)
    if spec.presence == "active" and integrate(node, source_key(spec, "requests", qualifier), start, end) <= 0:
        return Datapoint(start, None)
    key = source_key(spec, spec.source, qualifier)
    noise = streams.uniform("metric", node.id, spec.name, qualifier or "", period_index)
    if spec.aggregation == "count":
        expected = integrate(node, key, start, end)
        jittered = max(expected * (1.0 + 0.06 * (noise - 0.5)), 0.0)
        value: float | None = float(math.floor(jittered + streams.uniform("round", node.id, spec.name, period_index)))
    else:
        level = _gauge(node, key, start, end, spec.statistic)
        value = None if level is None else level * (1.0 + 0.04 * (noise - 0.5))
    if spec.presence == "nonzero" and not value:
        return Datapoint(start, None)
    return Datapoint(start, value)


def _remembered(
    node: Node, spec: MetricSpec, qualifier: str | None, period_index: int, streams: RandomStreams
) -> Datapoint:
    """:func:`datapoint` of a period that has ended, computed once per node (in ``node.datapoints``):
    the history it integrates can no longer change, and alarms read each period again and again."""
    key = (spec, qualifier, period_index)
    point = node.datapoints.get(key)
    if point is None:
        point = node.datapoints[key] = datapoint(node, spec, qualifier, period_index, streams)
    return point


def published(
    node: Node,
    spec: MetricSpec,
    qualifier: str | None,
    now: int,
    count: int,
    streams: RandomStreams,
    period: int | None = None,
) -> list[Datapoint]:
    """The last ``count`` periods whose datapoints are readable at tick ``now``, oldest first.

    ``period`` may be a multiple of the metric's native period (an alarm over 5 minutes of a
    1-minute metric); counts are summed and gauges combined over the native periods.
    """
    native = spec.period
    period = max(period or native, native)
    factor = max(period // native, 1)
    last_end = now - spec.delay
    last_index = last_end // period - 1
    points = []
    for index in range(last_index - count + 1, last_index + 1):
        parts = [
            Datapoint((index * factor + i) * native, None)
            if metrics_withheld(node, (index * factor + i + 1) * native, spec.delay, now)
            else _remembered(node, spec, qualifier, index * factor + i, streams)
            for i in range(factor)
        ]
        values = [p.value for p in parts if p.value is not None]
        if not values:
            points.append(Datapoint(index * period, None))
        elif spec.aggregation == "count":
            points.append(Datapoint(index * period, float(sum(values))))
        elif spec.statistic == "Maximum":
            points.append(Datapoint(index * period, max(values)))
        elif spec.statistic == "Minimum":
            points.append(Datapoint(index * period, min(values)))
        else:
            points.append(Datapoint(index * period, sum(values) / len(values)))
    return points
