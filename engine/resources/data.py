"""Data stores: DynamoDB tables, RDS instances, ElastiCache clusters, S3 buckets."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from .. import iam
from ..world import Node, World
from .base import RESOURCES, Local, MetricSpec, ResourceType, StrictModel
from .common import CACHE_SIZES, RDS_SIZES, per_request_cost, saturate

STORE_SENDS = frozenset({"encrypts_with", "managed_by", "replicates_to", "triggers", "secured_by"})
STORE_RECEIVES = frozenset({"reads", "writes", "monitors", "replicates_to"})

PARTITION_WCU = 1000.0
PARTITION_RCU = 3000.0


def key_unusable(node: Node, world: World) -> str | None:
    """For stores that use their KMS key themselves: why the key is unusable, or ``None``."""
    for key in world.key_of.get(node.id, ()):
        key_node = world.nodes[key]
        if key_node.type.id == "kms_key" and not iam.key_usable(key_node.config):
            return f"KMSInvalidStateException: {key} is {key_node.config.get('state')}; {node.id} is inaccessible"
    return None


class DynamoConfig(StrictModel):
    billing: Literal["PROVISIONED", "PAY_PER_REQUEST"] = "PROVISIONED"
    wcu: int = Field(1000, ge=1, le=400000, description="provisioned write capacity units")
    rcu: int = Field(2000, ge=1, le=400000, description="provisioned read capacity units")
    partitions: int = Field(4, ge=1, le=1000)
    pitr: bool = Field(True, description="point-in-time recovery")
    sse: Literal["AWS_OWNED", "AWS_MANAGED", "CMK"] = "AWS_OWNED"
    contributor_insights: bool = False
    deletion_protection: bool = True
    write_sharding: bool = Field(False, description="writes spread a hot key over suffixed keys")


class DynamoTable(ResourceType):
    """Amazon DynamoDB table (AWS::DynamoDB::Table).

    Throughput is capped for the table (provisioned mode) and for every partition —
    1,000 WCU and 3,000 RCU each, whatever the billing mode. A hot key concentrates demand
    on one partition: ``WriteThrottleEvents`` and ``WriteKeyRangeThroughputThrottleEvents``
    rise while consumed capacity stays far below what is provisioned, so buying more
    capacity does not help. Alarms on ``AWS/DynamoDB`` metrics ignore missing data.
    """

    id = "dynamodb_table"
    aws_type = "AWS::DynamoDB::Table"
    also_aws_types = ("AWS::DynamoDB::GlobalTable",)
    title = "DynamoDB table"
    category = "data"
    Config = DynamoConfig
    sends = STORE_SENDS
    receives = STORE_RECEIVES
    iam_actions = {"reads": "dynamodb:GetItem", "writes": "dynamodb:PutItem"}
    compliance_properties = ("pitr", "sse", "deletion_protection")
    metrics = (
        MetricSpec("ConsumedWriteCapacityUnits", "AWS/DynamoDB", "TableName", "consumed_wcu"),
        MetricSpec("ConsumedReadCapacityUnits", "AWS/DynamoDB", "TableName", "consumed_rcu"),
        MetricSpec(
            "ProvisionedWriteCapacityUnits",
            "AWS/DynamoDB",
            "TableName",
            "provisioned_wcu",
            "Average",
            aggregation="gauge",
            period=300,
        ),
        MetricSpec(
            "ProvisionedReadCapacityUnits",
            "AWS/DynamoDB",
            "TableName",
            "provisioned_rcu",
            "Average",
            aggregation="gauge",
            period=300,
        ),
        MetricSpec("WriteThrottleEvents", "AWS/DynamoDB", "TableName", "write_throttles", presence="nonzero"),
        MetricSpec("ReadThrottleEvents", "AWS/DynamoDB", "TableName", "read_throttles", presence="nonzero"),
        MetricSpec(
            "WriteKeyRangeThroughputThrottleEvents",
            "AWS/DynamoDB",
            "TableName",
            "key_range_throttles",
            presence="nonzero",
        ),
        MetricSpec("ThrottledRequests", "AWS/DynamoDB", "TableName", "throttled_requests", presence="nonzero"),
        MetricSpec(
            "SuccessfulRequestLatency",
            "AWS/DynamoDB",
            "TableName",
            "latency_ms",
            "Average",
            "Milliseconds",
            aggregation="gauge",
            presence="active",
        ),
    )

    def initial_status(self, node: Node) -> dict[str, Any]:
        return {"hot_key": None, "hot_share": 0.0}

    @staticmethod
    def _throttled(
        demand: float, table_cap: float | None, partitions: int, hot: float, per_partition: float, sharded: bool
    ) -> tuple[float, float]:
        """(throttled by the table, throttled by partition caps) in units per second."""
        if demand <= 0:
            return 0.0, 0.0
        table = max(demand - table_cap, 0.0) if table_cap is not None else 0.0
        if sharded or partitions == 1 or hot <= 1.0 / partitions:
            shares = [1.0 / partitions] * partitions
        else:
            shares = [hot] + [(1.0 - hot) / (partitions - 1)] * (partitions - 1)
        partition = sum(max(demand * s - per_partition, 0.0) for s in shares)
        return table, partition

    def local(self, node: Node, world: World) -> Local:
        cfg, st = node.config, node.status
        writes = world.inbound(node.id, ("writes",))
        reads = world.inbound(node.id, ("reads",))
        unusable = key_unusable(node, world) if cfg["sse"] == "CMK" else None
        if unusable:
            return Local(ok=0.0, latency_ms=5.0, causes=((unusable, 1.0),))
        provisioned = cfg["billing"] == "PROVISIONED"
        hot = float(st["hot_share"])
        w_table, w_part = self._throttled(
            writes, cfg["wcu"] if provisioned else None, cfg["partitions"], hot, PARTITION_WCU, cfg["write_sharding"]
        )
        r_table, r_part = self._throttled(
            reads, cfg["rcu"] if provisioned else None, cfg["partitions"], hot, PARTITION_RCU, cfg["write_sharding"]
        )
        w_throttled = min(max(w_table, w_part), writes)
        r_throttled = min(max(r_table, r_part), reads)
        total = writes + reads
        failed = (w_throttled + r_throttled) / total if total > 0 else 0.0
        causes = []
        if w_throttled + r_throttled > 0:
            causes.append(
                (
                    "ProvisionedThroughputExceededException: The level of configured provisioned "
                    "throughput for the table was exceeded. Consider increasing your provisioning level "
                    "with the UpdateTable API.",
                    failed,
                )
            )
        return Local(
            ok=1.0 - failed,
            latency_ms=6.0 if failed == 0 else 25.0,
            causes=tuple(causes),
            extras={
                "consumed_wcu": writes - w_throttled,
                "consumed_rcu": reads - r_throttled,
                "provisioned_wcu": float(cfg["wcu"]) if provisioned else 0.0,
                "provisioned_rcu": float(cfg["rcu"]) if provisioned else 0.0,
                "write_throttles": w_throttled,
                "read_throttles": r_throttled,
                "key_range_throttles": w_part if w_part > w_table else 0.0,
                "throttled_requests": w_throttled + r_throttled,
            },
        )

    def hourly_cost(self, node: Node) -> float:
        """Provisioned: $0.00065 per WCU-hour and $0.00013 per RCU-hour.

        On demand: $0.625 per million writes and $0.125 per million reads.
        """
        cfg = node.config
        if cfg["billing"] == "PROVISIONED":
            return cfg["wcu"] * 0.065 + cfg["rcu"] * 0.013
        writes = node.observed.get("consumed_wcu", 0.0)
        reads = node.observed.get("consumed_rcu", 0.0)
        return per_request_cost(writes, 0.625) + per_request_cost(reads, 0.125)


class RdsConfig(StrictModel):
    engine: Literal["postgres", "mysql", "aurora-postgresql", "aurora-mysql"] = "postgres"
    instance_class: str = "db.r6g.large"
    multi_az: bool = True
    storage_encrypted: bool = True
    backup_retention_days: int = Field(7, ge=0, le=35)
    deletion_protection: bool = True
    publicly_accessible: bool = False
    iam_auth: bool = False


class RdsInstance(ResourceType):
    """Amazon RDS DB instance (AWS::RDS::DBInstance), Multi-AZ by default.

    A Multi-AZ failover promotes the standby and moves the endpoint's DNS record; it
    typically takes 60–120 seconds, during which connections are refused. Clients that
    cache DNS or keep pooled connections to the old primary keep failing after that until
    their pools are recycled.
    """

    id = "rds_instance"
    aws_type = "AWS::RDS::DBInstance"
    also_aws_types = ("AWS::RDS::DBCluster",)
    title = "RDS DB instance"
    category = "data"
    Config = RdsConfig
    sends = STORE_SENDS
    receives = STORE_RECEIVES
    port = 5432
    compliance_properties = ("multi_az", "storage_encrypted", "backup_retention_days", "publicly_accessible")
    log_group = "/aws/rds/instance/{id}/postgresql"
    metrics = (
        *(
            MetricSpec(name, "AWS/RDS", "DBInstanceIdentifier", source, "Average", unit, aggregation="gauge")
            for name, source, unit in (
                ("CPUUtilization", "cpu", "Percent"),
                ("DatabaseConnections", "connections", "Count"),
                ("FreeableMemory", "freeable_memory", "Bytes"),
                ("ReadLatency", "read_latency", "Seconds"),
                ("WriteLatency", "write_latency", "Seconds"),
            )
        ),
        MetricSpec(
            "ReadIOPS", "AWS/RDS", "DBInstanceIdentifier", "read_iops", "Average", "Count/Second", aggregation="gauge"
        ),
        MetricSpec(
            "WriteIOPS", "AWS/RDS", "DBInstanceIdentifier", "write_iops", "Average", "Count/Second", aggregation="gauge"
        ),
    )

    def initial_status(self, node: Node) -> dict[str, Any]:
        return {
            "primary_az": "us-east-1a",
            "standby_az": "us-east-1b" if node.config["multi_az"] else None,
            "unavailable_until": None,
            "events": [],
        }

    def local(self, node: Node, world: World) -> Local:
        until = node.status.get("unavailable_until")
        if until is not None and world.tick < until:
            return Local(
                ok=0.0,
                latency_ms=5000.0,
                causes=(
                    (
                        f"could not connect to server: Connection refused. Is the server running on host "
                        f'"{node.id}" and accepting TCP/IP connections on port 5432?',
                        1.0,
                    ),
                ),
                extras={"cpu": 0.0, "connections": 0.0},
            )
        if node.config["storage_encrypted"]:
            unusable = key_unusable(node, world)
            if unusable:
                return Local(ok=0.0, causes=((f"{unusable} (inaccessible-encryption-credentials)", 1.0),))
        _, capacity = RDS_SIZES.get(node.config["instance_class"], (25.0, 1500.0))
        served = saturate(node.load, capacity, 4.0, node.id)
        utilization = served.extras["utilization"]
        return Local(
            ok=served.ok,
            latency_ms=served.latency_ms,
            causes=served.causes,
            extras={
                "cpu": 5.0 + 0.85 * utilization,
                "connections": 20.0 + node.load * 0.08,
                "freeable_memory": 8.0e9 * (1.0 - 0.4 * utilization / 100.0),
                "read_latency": served.latency_ms / 4000.0,
                "write_latency": served.latency_ms / 2500.0,
                "read_iops": node.load * 1.5,
                "write_iops": node.load * 0.6,
            },
        )

    def stale_connection_error(self, node: Node) -> str:
        return (
            f"PSQLException: Connection to {node.id}.cluster-abc123.us-east-1.rds.amazonaws.com:5432 "
            "refused. Check that the hostname and port are correct and that the postmaster is accepting "
            "TCP/IP connections."
        )

    def hourly_cost(self, node: Node) -> float:
        """The on-demand price of its instance class, doubled for Multi-AZ (the standby is billed too)."""
        price = RDS_SIZES.get(node.config["instance_class"], (25.0, 1500.0))[0]
        return price * (2 if node.config["multi_az"] else 1)

    def on_timer(self, node: Node, sim: Any, tag: str) -> None:
        if (
            tag == "available"
            and node.status["unavailable_until"] is not None
            and sim.tick >= node.status["unavailable_until"]
        ):
            sim.world.set_status(node.id, unavailable_until=None)


class CacheConfig(StrictModel):
    node_type: str = "cache.r6g.large"
    num_nodes: int = Field(2, ge=1, le=500)
    transit_encryption: bool = True
    at_rest_encryption: bool = True
    auth_token: bool = True
    automatic_failover: bool = True
    hit_ratio: float = Field(0.9, ge=0, le=1)


class ElastiCacheCluster(ResourceType):
    """Amazon ElastiCache for Redis replication group (AWS::ElastiCache::ReplicationGroup).

    Sub-millisecond reads while it keeps up; a miss falls through to the store behind it.
    """

    id = "elasticache_cluster"
    aws_type = "AWS::ElastiCache::ReplicationGroup"
    also_aws_types = ("AWS::ElastiCache::CacheCluster",)
    title = "ElastiCache cluster"
    category = "data"
    Config = CacheConfig
    sends = STORE_SENDS
    receives = STORE_RECEIVES
    port = 6379
    compliance_properties = ("transit_encryption", "at_rest_encryption", "auth_token")
    metrics = (
        MetricSpec(
            "CPUUtilization", "AWS/ElastiCache", "CacheClusterId", "cpu", "Average", "Percent", aggregation="gauge"
        ),
        MetricSpec(
            "EngineCPUUtilization",
            "AWS/ElastiCache",
            "CacheClusterId",
            "engine_cpu",
            "Average",
            "Percent",
            aggregation="gauge",
        ),
        MetricSpec("CacheHits", "AWS/ElastiCache", "CacheClusterId", "hits"),
        MetricSpec("CacheMisses", "AWS/ElastiCache", "CacheClusterId", "misses"),
        MetricSpec("Evictions", "AWS/ElastiCache", "CacheClusterId", "evictions"),
        MetricSpec(
            "CurrConnections", "AWS/ElastiCache", "CacheClusterId", "connections", "Average", aggregation="gauge"
        ),
    )

    def local(self, node: Node, world: World) -> Local:
        cfg = node.config
        capacity = CACHE_SIZES.get(cfg["node_type"], (20.6, 80000.0))[1] * cfg["num_nodes"]
        served = saturate(node.load, capacity, 0.6, node.id)
        utilization = served.extras["utilization"]
        return Local(
            ok=served.ok,
            latency_ms=served.latency_ms,
            causes=served.causes,
            extras={
                "cpu": 2.0 + 0.5 * utilization,
                "engine_cpu": 3.0 + 0.9 * utilization,
                "hits": node.load * cfg["hit_ratio"],
                "misses": node.load * (1.0 - cfg["hit_ratio"]),
                "evictions": 0.0,
                "connections": 10.0 + node.load * 0.01,
            },
        )

    def hourly_cost(self, node: Node) -> float:
        """The on-demand price of its node type, for each node."""
        return CACHE_SIZES.get(node.config["node_type"], (20.6, 80000.0))[0] * node.config["num_nodes"]


class Replication(StrictModel):
    destination: str
    role: str
    sse_kms_encrypted_objects: bool = Field(True, description="SourceSelectionCriteria.SseKmsEncryptedObjects")
    replica_kms_key: str | None = Field(None, description="ReplicaKmsKeyID in the destination Region")
    replication_metrics: bool = True


class BucketConfig(StrictModel):
    encryption: Literal["SSE-S3", "SSE-KMS", "none"] = "SSE-S3"
    bucket_key: bool = True
    versioning: bool = True
    public_access_block: bool = True
    public_policy: bool = Field(False, description='the bucket policy allows s3:GetObject to Principal "*"')
    replication: Replication | None = None
    logging: bool = True
    object_lock: bool = False


class S3Bucket(ResourceType):
    """Amazon S3 bucket (AWS::S3::Bucket) with encryption, versioning and replication.

    Reads (GET, LIST — and CloudFront's origin requests, ``routes`` edges) and writes (PUT)
    are answered separately: while S3 in a Region is impaired (``op_errors`` in its status,
    per kind) each kind fails with its own error, counted in ``5xxErrors``.
    Reads and writes of SSE-KMS objects need the caller to be allowed to use the key.
    Cross-Region replication needs versioning on both sides and a role allowed to read
    the source and write the destination; for SSE-KMS objects the rule must opt in with
    ``SseKmsEncryptedObjects`` (otherwise they are silently not replicated) and the role
    needs ``kms:Decrypt`` on the source key and ``kms:Encrypt`` on the replica key
    (otherwise replication status is FAILED).
    """

    id = "s3_bucket"
    aws_type = "AWS::S3::Bucket"
    title = "S3 bucket"
    category = "data"
    Config = BucketConfig
    sends = STORE_SENDS
    receives = STORE_RECEIVES | {"routes"}  # a CloudFront origin: its requests are GETs
    iam_actions = {"reads": "s3:GetObject", "writes": "s3:PutObject"}
    kms_protected_data = True
    compliance_properties = (
        "encryption",
        "versioning",
        "public_access_block",
        "public_policy",
        "replication",
        "logging",
    )
    metrics = (
        MetricSpec("AllRequests", "AWS/S3", "BucketName", "requests", presence="active"),
        MetricSpec("4xxErrors", "AWS/S3", "BucketName", "errors_4xx", presence="active"),
        MetricSpec("5xxErrors", "AWS/S3", "BucketName", "errors_5xx", presence="active"),
        MetricSpec(
            "OperationsPendingReplication",
            "AWS/S3",
            "SourceBucket",
            "pending_replication",
            "Maximum",
            aggregation="gauge",
            presence="active",
        ),
        MetricSpec("OperationsFailedReplication", "AWS/S3", "SourceBucket", "failed_replication", presence="active"),
        MetricSpec(
            "ReplicationLatency",
            "AWS/S3",
            "SourceBucket",
            "replication_latency",
            "Maximum",
            "Seconds",
            aggregation="gauge",
            presence="active",
        ),
    )

    def config_refs(self, node: Node) -> tuple[str, ...]:
        rule = node.config["replication"]
        if rule is None:
            return ()
        return tuple(ref for ref in (rule["role"], rule["destination"], rule["replica_kms_key"]) if ref)

    def replication_problem(self, node: Node, world: World) -> tuple[str, str] | None:
        """``(status, reason)`` when objects written now would not replicate, else ``None``.

        ``status`` is ``FAILED`` for objects S3 tried and failed to replicate, ``SKIPPED``
        for objects the configuration silently leaves out.
        """
        rule = node.config["replication"]
        if rule is None:
            return None
        dest_id, role = rule["destination"], rule["role"]
        if dest_id not in world.nodes or role not in world.nodes:
            return (
                "FAILED",
                f"replication rule refers to a missing {'destination' if dest_id not in world.nodes else 'role'}",
            )
        dest = world.nodes[dest_id]
        if not (node.config["versioning"] and dest.config.get("versioning")):
            return "FAILED", "versioning must be enabled on the source and destination buckets"
        for action, resource in (("s3:GetObjectVersionForReplication", node.id), ("s3:ReplicateObject", dest_id)):
            if not world.role_allows(role, action, resource):  # remembered: asked at every recompute
                return "FAILED", f"AccessDenied: {role} is not authorized to perform {action} on {resource}"
        if node.config["encryption"] == "SSE-KMS":
            if not rule["sse_kms_encrypted_objects"]:
                return (
                    "SKIPPED",
                    "SSE-KMS objects are excluded: SourceSelectionCriteria.SseKmsEncryptedObjects is not enabled",
                )
            denied = self.replication_key_problem(node, world)
            if denied:
                return "FAILED", denied
        return None

    @staticmethod
    def replication_key_problem(node: Node, world: World) -> str | None:
        """Why the replication role could not use the keys SSE-KMS objects need, or ``None``.

        Asked whether or not the rule includes SSE-KMS objects today: the role needs
        ``kms:Decrypt`` on the source key and ``kms:Encrypt`` on the replica key for them.
        """
        rule = node.config["replication"]
        if rule is None or node.config["encryption"] != "SSE-KMS" or rule["role"] not in world.nodes:
            return None
        role = rule["role"]
        role_cfg = world.nodes[role].config
        for key in world.key_of.get(node.id, ()):
            if not iam.key_allows(world.nodes[key].config, role, role_cfg, "kms:Decrypt", key):
                return f"AccessDenied: {role} cannot kms:Decrypt with source key {key}"
        replica_key = rule["replica_kms_key"]
        if (
            replica_key
            and replica_key in world.nodes
            and not iam.key_allows(world.nodes[replica_key].config, role, role_cfg, "kms:Encrypt", replica_key)
        ):
            return f"AccessDenied: {role} cannot kms:Encrypt with replica key {replica_key}"
        return None

    @staticmethod
    def _op_error(node: Node, kind: str) -> dict[str, Any] | None:
        """The error requests of one kind get while S3 is impaired (``reads`` or ``writes``)."""
        errors = node.status.get("op_errors")
        if not errors:
            return None
        return errors.get("writes" if kind == "writes" else "reads")  # type: ignore[no-any-return]

    def kind_success(self, node: Node, kind: str) -> tuple[float, str] | None:
        if not node.status.get("op_errors"):
            return None
        error = self._op_error(node, kind)
        return (1.0, "") if error is None else (float(error["ok"]), str(error["cause"]))

    def local(self, node: Node, world: World) -> Local:
        writes = world.inbound(node.id, ("writes",))
        extras = {"errors_4xx": 0.0, "errors_5xx": 0.0}
        latency = 20.0
        causes: list[tuple[str, float]] = []
        ok = 1.0
        if node.status.get("op_errors"):
            reads = world.inbound(node.id, ("reads", "routes"))
            total = reads + writes
            failed = 0.0
            for kind, rate in (("reads", reads), ("writes", writes)):
                error = self._op_error(node, kind)
                if error is None or total <= 0:
                    continue
                share = rate * (1.0 - float(error["ok"])) / total
                failed += share
                if share > 0:
                    causes.append((str(error["cause"]), share))
            ok = 1.0 - failed
            latency += 1200.0 * failed  # the SDK backs off and retries before it gives up
            extras["errors_5xx"] = failed * total
            write_error = self._op_error(node, "writes")
            writes *= float(write_error["ok"]) if write_error else 1.0  # only stored objects replicate
        if node.config["replication"] is not None:
            problem = self.replication_problem(node, world)
            failed = writes if problem and problem[0] == "FAILED" else 0.0
            skipped = writes if problem and problem[0] == "SKIPPED" else 0.0
            extras.update(
                replicated=writes - failed - skipped,
                failed_replication=failed,
                skipped_replication=skipped,
                pending_replication=writes * 15.0 if not problem else 0.0,
                replication_latency=12.0 if writes > 0 and not problem else 0.0,
            )
        return Local(ok=ok, latency_ms=latency, causes=tuple(causes), extras=extras)

    def finish(self, node: Node, observed: dict[str, float], world: World) -> None:
        observed["errors_4xx"] = max(observed["errors"] - observed.get("errors_5xx", 0.0), 0.0)

    def hourly_cost(self, node: Node) -> float:
        """$0.03 an hour of storage, $2.00 per million requests and $2.00 per million objects replicated."""
        writes = node.observed.get("replicated", 0.0)
        return 3.0 + per_request_cost(node.load, 2.0) + per_request_cost(writes, 2.0)


for resource_type in (DynamoTable(), RdsInstance(), ElastiCacheCluster(), S3Bucket()):
    RESOURCES.register(resource_type)
