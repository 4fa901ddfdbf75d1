"""Streaming: Amazon Kinesis Data Streams.

A stream keeps every record for its retention period and each consumer reads at its own
position (its checkpoint), so a consumer that stops loses nothing while retention lasts: it
falls behind, and ``GetRecords.IteratorAgeMilliseconds`` says how far. Writes are limited
per shard (1,000 records or 1 MiB a second), reads to 2 MiB a second per shard shared by
the consumers.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..world import Node, World
from .base import RESOURCES, Local, MetricSpec, ResourceType, StrictModel
from .common import per_request_cost

#: records per second one shard accepts (PutRecord/PutRecords), and reads (2 MiB/s) per KiB record
WRITE_RECORDS_PER_SHARD = 1000.0
READ_KIB_PER_SHARD = 2048.0
WRITE_KIB_PER_SHARD = 1024.0
#: on-demand streams absorb up to this many shards' worth of writes without throttling
ON_DEMAND_SHARDS = 50
#: how long a consumer fleet restarted all at once keeps failing after the stream is healthy
HERD_SECONDS = 600
#: how much a restarted consumer reads again (records since its last checkpoint)
CHECKPOINT_SECONDS = 60


class StreamConfig(StrictModel):
    shards: int = Field(4, ge=1, le=10000, description="provisioned shards")
    mode: Literal["PROVISIONED", "ON_DEMAND"] = "PROVISIONED"
    retention_hours: int = Field(24, ge=24, le=8760, description="how long records stay readable")
    encryption: Literal["KMS", "NONE"] = "KMS"
    record_kb: float = Field(1.0, gt=0, le=1024, description="average record size in KiB")


class KinesisStream(ResourceType):
    """Amazon Kinesis data stream (AWS::Kinesis::Stream) with shards and consumers.

    Producers write records (``writes``, ``kinesis:PutRecords``); beyond a shard's 1,000
    records a second they get ProvisionedThroughputExceededException. A consumer (a Lambda
    event source mapping, or a KCL application on ECS: its ``triggers`` edge) reads at its
    own checkpoint: when it fails or cannot read, records wait in the stream and the iterator
    age grows, one second a second. A KCL fleet restarted all at once while the stream is
    failing or far behind becomes a thundering herd: every worker re-syncs shards and leases
    at the same moment, is throttled (LimitExceededException), backs off in step and tries
    again — for minutes after the stream is healthy — and rereads what it had not
    checkpointed.
    """

    id = "kinesis_stream"
    stateful_delivery = True
    aws_type = "AWS::Kinesis::Stream"
    title = "Kinesis data stream"
    category = "messaging"
    Config = StreamConfig
    sends = frozenset({"triggers", "encrypts_with", "managed_by"})
    receives = frozenset({"writes", "monitors"})
    iam_actions = {"writes": "kinesis:PutRecords"}
    kms_protected_data = True
    compliance_properties = ("encryption", "retention_hours")
    metrics = (
        MetricSpec("IncomingRecords", "AWS/Kinesis", "StreamName", "incoming"),
        MetricSpec("IncomingBytes", "AWS/Kinesis", "StreamName", "incoming_bytes", unit="Bytes"),
        MetricSpec("PutRecords.FailedRecords", "AWS/Kinesis", "StreamName", "failed_puts"),
        MetricSpec("WriteProvisionedThroughputExceeded", "AWS/Kinesis", "StreamName", "write_throttled"),
        MetricSpec("GetRecords.Records", "AWS/Kinesis", "StreamName", "read_records"),
        MetricSpec(
            "GetRecords.IteratorAgeMilliseconds",
            "AWS/Kinesis",
            "StreamName",
            "iterator_age_ms",
            "Maximum",
            "Milliseconds",
            aggregation="gauge",
        ),
        MetricSpec("ReadProvisionedThroughputExceeded", "AWS/Kinesis", "StreamName", "read_throttled"),
    )

    def initial_status(self, node: Node) -> dict[str, Any]:
        return {"backlog": 0.0, "age": 0.0, "delivered": 0.0, "processed": 0.0, "herd": None}

    # -- capacity ---------------------------------------------------------------------------
    def _shards(self, node: Node) -> int:
        shards = int(node.config["shards"])
        return shards if node.config["mode"] == "PROVISIONED" else max(shards, ON_DEMAND_SHARDS)

    def write_capacity(self, node: Node) -> float:
        """Records per second the stream accepts."""
        per_shard = min(WRITE_RECORDS_PER_SHARD, WRITE_KIB_PER_SHARD / node.config["record_kb"])
        return self._shards(node) * per_shard

    def read_capacity(self, node: Node) -> float:
        """Records per second all consumers together can read."""
        return self._shards(node) * READ_KIB_PER_SHARD / node.config["record_kb"]

    def consumer(self, node: Node, world: World) -> str | None:
        """The consumer application reading this stream (its ``triggers`` edge), if any."""
        return next(iter(world.trigger_out[node.id]), None)

    def consumer_capacity(self, node: Node, world: World, consumer: str) -> float:
        """Records per second the consumer can process when nothing fails."""
        target = world.nodes[consumer]
        if target.type.id == "ecs_service":
            return float(target.type.capacity(target))  # type: ignore[attr-defined]
        if target.type.id == "lambda_function":  # one batch in flight per shard
            latency = max(float(target.config.get("latency_ms", 100.0)), 1.0)
            return self._shards(node) * float(target.config.get("batch_size", 100)) * 1000.0 / latency
        return self.read_capacity(node)

    def impaired(self, node: Node) -> float:
        """The share of API calls the stream itself fails right now (an AWS-side impairment)."""
        ok = 1.0
        for impairment in node.status.get("impairments", {}).values():
            ok *= float(impairment.get("ok", 1.0))
        return 1.0 - ok

    # -- behaviour --------------------------------------------------------------------------
    def local(self, node: Node, world: World) -> Local:
        world.start_ticking(node.id)
        capacity = self.write_capacity(node)
        throttled = max(node.load - capacity, 0.0) / node.load if node.load > capacity else 0.0
        causes = (
            (
                (
                    "ProvisionedThroughputExceededException: Rate exceeded for shard shardId-000000000001 "
                    f"in stream {node.id} under account 123456789012.",
                    throttled,
                ),
            )
            if throttled
            else ()
        )
        st = node.status
        saturated = float(st["delivered"]) >= 0.999 * self.read_capacity(node) and st["backlog"] > 0
        return Local(
            ok=1.0 - throttled,
            latency_ms=12.0,
            causes=causes,
            extras={
                "write_throttled": node.load * throttled,
                "read_records": float(st["processed"]),
                "iterator_age_ms": float(st["age"]) * 1000.0,
                "read_throttled": 2.0 * self._shards(node) if saturated else 0.0,
            },
        )

    def finish(self, node: Node, observed: dict[str, float], world: World) -> None:
        observed["incoming"] = observed["ok"]
        observed["incoming_bytes"] = observed["ok"] * node.config["record_kb"] * 1024.0
        observed["failed_puts"] = max(observed["errors"] - observed.get("write_throttled", 0.0), 0.0)

    def on_start(self, node: Node, sim: Any) -> None:
        sim.world.start_ticking(node.id)

    def on_tick(self, node: Node, world: World) -> bool:
        """One second of the stream: records arrive, the consumer reads and processes what it can."""
        st = dict(node.status)
        arrivals = node.load * node.ok
        consumer = self.consumer(node, world)
        backlog = float(st["backlog"]) + arrivals
        herd = st.get("herd")
        if herd is not None and herd.get("until") is None and self.impaired(node) <= 0:
            herd = {**herd, "until": world.tick + HERD_SECONDS}
        if herd is not None and herd.get("until") is not None and world.tick >= herd["until"]:
            herd = None
        delivered = processed = 0.0
        if consumer is not None:
            capacity = min(self.read_capacity(node), self.consumer_capacity(node, world, consumer))
            delivered = min(capacity, backlog)
            processed = delivered * world.nodes[consumer].ok
            self._mark_consumer(node, world, consumer, herd)
        backlog = max(backlog - processed, 0.0)
        pace = max(arrivals, node.load * 0.05, 1.0)
        age = float(st["age"])
        age = 0.0 if backlog <= max(arrivals, 1.0) else max(age + 1.0 - processed / pace, 0.0)
        st.update(backlog=backlog, age=age, delivered=delivered, processed=processed, herd=herd)
        changed = st != node.status
        if changed:
            node.status = st
            world.touch(node.id)
        return changed or backlog > 1e-6 or herd is not None

    def _mark_consumer(self, node: Node, world: World, consumer: str, herd: dict[str, Any] | None) -> None:
        """What the consumer's own logs show: failed GetRecords calls, and a herd's throttling."""
        failing = self.impaired(node)
        world.set_impairment(
            consumer,
            f"kinesis-read:{node.id}",
            1.0 - failing,
            f"GetRecords on {node.id} failed: InternalFailure: Internal service failure. "
            "(Service: AmazonKinesis; Status Code: 500) — retrying from the last checkpoint",
        )
        world.set_impairment(
            consumer,
            f"kcl-herd:{node.id}",
            0.02 if herd is not None else 1.0,
            f"LimitExceededException: Rate exceeded for stream {node.id} under account 123456789012 "
            "(ListShards) — every worker re-syncing leases at once; shard consumers shut down",
        )

    def emit(self, node: Node, target: str, world: World) -> float:
        return float(node.status.get("delivered", 0.0))

    def consumers_restarted(self, node: Node, sim: Any, consumer: str) -> str:
        """The whole consumer fleet was restarted at once; what that did, in a sentence.

        While the stream fails or the consumer is far behind, every worker starts at the same
        moment, re-syncs shards and leases, is throttled and backs off in step: a thundering
        herd that lasts until ``HERD_SECONDS`` after the stream is healthy again — and the
        records since the last checkpoint are read a second time.
        """
        st = node.status
        failing = self.impaired(node) > 0
        if not failing and st["age"] < 60:
            return f"{consumer} re-took its leases on {node.id} and carries on from its checkpoints"
        reread = node.load * CHECKPOINT_SECONDS
        herd = {"consumer": consumer, "since": sim.tick, "until": None if failing else sim.tick + HERD_SECONDS}
        sim.world.set_status(node.id, herd=herd, backlog=float(st["backlog"]) + reread)
        sim.world.start_ticking(node.id)
        return (
            f"every worker of {consumer} restarted at once against {node.id}: throttled (LimitExceededException) "
            f"while they re-sync leases; {reread:.0f} records since the last checkpoint will be read again"
        )

    def hourly_cost(self, node: Node) -> float:
        if node.config["mode"] == "ON_DEMAND":  # $0.04 per stream-hour and $0.08 per GB written
            gb_per_hour = node.load * node.config["record_kb"] * 3600 / 1024 / 1024
            return 4.0 + gb_per_hour * 8.0
        # $0.015 per shard-hour and $0.014 per million 25 KB PUT payload units
        units = node.load * max(node.config["record_kb"] / 25.0, 1.0)
        return 1.5 * node.config["shards"] + per_request_cost(units, 0.014)


RESOURCES.register(KinesisStream())
