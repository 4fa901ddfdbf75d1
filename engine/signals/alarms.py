"""CloudWatch alarm evaluation: OK / ALARM / INSUFFICIENT_DATA as AWS decides it.

An alarm looks at the last ``evaluation_periods`` published datapoints of one metric and
goes to ALARM when at least ``datapoints_to_alarm`` of them breach the threshold ("M out of
N"). Missing datapoints are treated as configured (``TreatMissingData``):

* ``missing`` (the default) — not considered; if every datapoint is missing the alarm goes
  to INSUFFICIENT_DATA;
* ``notBreaching`` — treated as good; ``breaching`` — treated as bad;
* ``ignore`` — the current state is kept when the datapoints are missing.

Alarms on ``AWS/DynamoDB`` metrics always ignore missing data, as AWS documents. An alarm
whose metric name or dimension matches nothing the resource publishes only ever sees
missing data — the classic silent alarm. So does every alarm of a Region whose CloudWatch
ingestion is impaired: it drifts to INSUFFICIENT_DATA, or holds its state, or reads as OK.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..resources.common import metrics_blind
from ..rng import RandomStreams
from ..world import Node, World
from .metrics import published, source_key

OK, ALARM, INSUFFICIENT = "OK", "ALARM", "INSUFFICIENT_DATA"

_PHRASE = {
    "GreaterThanOrEqualToThreshold": "greater than or equal to",
    "GreaterThanThreshold": "greater than",
    "LessThanThreshold": "less than",
    "LessThanOrEqualToThreshold": "less than or equal to",
}
_COMPARE = {
    "GreaterThanOrEqualToThreshold": lambda v, t: v >= t,
    "GreaterThanThreshold": lambda v, t: v > t,
    "LessThanThreshold": lambda v, t: v < t,
    "LessThanOrEqualToThreshold": lambda v, t: v <= t,
}
COMPARISONS = tuple(_COMPARE)
TREAT_MISSING = ("missing", "notBreaching", "breaching", "ignore")


@dataclass(frozen=True)
class Evaluation:
    """The outcome of one evaluation: the new state, why, and the values looked at.

    ``settled`` says the outcome cannot change while the watched metric's input stays
    constant: every datapoint is further from the threshold than metric noise can move it
    (or the metric does not exist at all). ``lookback`` is how far back it read.
    """

    state: str
    reason: str
    values: tuple[float | None, ...]
    settled: bool = False
    lookback: int = 0


def _settled(
    values: tuple[float | None, ...], threshold: float, *, source_zero: bool, nonzero: bool, parts: int, gauge: bool
) -> bool:
    """Whether metric noise could flip any datapoint's verdict while the input stays constant.

    A zero input publishes exactly zero (or nothing) every time. Otherwise gauges move by at
    most ±2 % between draws and counts by ±3 % plus one unit of rounding per native period,
    so a datapoint further than that from the threshold keeps its verdict.
    """
    if source_zero:
        return True
    for value in values:
        if value is None:
            return False
        if gauge:
            if abs(value - threshold) <= 0.06 * max(abs(value), abs(threshold)):
                return False
            continue
        if nonzero and value < 5 * parts:
            return False
        if abs(value - threshold) <= 0.15 * max(abs(value), abs(threshold)) + 3 * parts:
            return False
    return True


def reusable(previous: Evaluation | None, evaluated_at: int, watched: Node | None) -> bool:
    """Whether a previous evaluation still holds: settled, and nothing it read has changed since."""
    if previous is None or not previous.settled:
        return False
    if watched is None:
        return True
    last_change = watched.history_ticks[-1] if watched.history_ticks else -(10**9)
    return last_change <= evaluated_at - previous.lookback


def watched_node(world: World, alarm: Node) -> Node | None:
    """The resource an alarm monitors (its ``monitors`` edge)."""
    targets = world.monitored.get(alarm.id)
    return world.nodes[targets[0]] if targets else None


def evaluate(alarm: Node, world: World, streams: RandomStreams, current: str) -> Evaluation:
    """Evaluate ``alarm`` at the world's current tick."""
    cfg: dict[str, Any] = alarm.config
    target = watched_node(world, alarm)
    periods = int(cfg["evaluation_periods"])
    spec = target.type.metric(cfg["metric"]) if target else None
    threshold = float(cfg["threshold"])
    if spec is None or target is None:
        values: tuple[float | None, ...] = (None,) * periods
        namespace = cfg.get("namespace", "")
        settled, lookback = True, 0
    else:
        period = max(int(cfg["period"]), spec.period)
        points = published(target, spec, cfg.get("qualifier"), world.tick, periods, streams, period=period)
        values = tuple(p.value for p in points)
        namespace = spec.namespace
        key = source_key(spec, spec.source, cfg.get("qualifier"))
        parts = max(period // spec.period, 1)
        settled = _settled(
            values,
            threshold,
            source_zero=not target.observed.get(key),
            nonzero=spec.presence == "nonzero",
            parts=parts,
            gauge=spec.aggregation == "gauge",
        )
        lookback = spec.delay + (periods + 1) * period
        if metrics_blind(target, world.tick):
            settled = False  # what CloudWatch will have published changes as the outage goes on
    treat = "ignore" if namespace == "AWS/DynamoDB" else cfg["treat_missing_data"]
    needed = int(cfg.get("datapoints_to_alarm") or periods)
    compare = _COMPARE[cfg["comparison"]]
    present = [v for v in values if v is not None]
    missing = len(values) - len(present)
    breaching = sum(1 for v in present if compare(v, threshold))
    if treat == "breaching":
        breaching += missing
    if not present and treat in ("missing", "ignore"):
        if treat == "ignore":
            return Evaluation(current, "missing data ignored; state kept", values, settled, lookback)
        return Evaluation(INSUFFICIENT, f"no datapoints in the last {periods} period(s)", values, settled, lookback)
    if breaching >= needed:
        return Evaluation(
            ALARM,
            f"Threshold Crossed: {breaching} out of the last {len(values)} datapoints "
            f"were {_PHRASE[cfg['comparison']]} the threshold ({threshold:g})",
            values,
            settled,
            lookback,
        )
    return Evaluation(
        OK, f"{breaching} of {len(values)} datapoints breaching (need {needed})", values, settled, lookback
    )
