"""Data stores without encryption at rest (``unencrypted-store``) or without a way back
from a bad write or delete (``no-backup``: PITR, backups, versioning).

Each :class:`StoreRule` reads one configuration key of the catalog's resource type (with
its default filled in), so a store is flagged only when its file really turns the
protection off.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ..model import Finding, Proposal, Resource, Severity, Topology
from ..registry import detector


@dataclass(frozen=True)
class StoreRule:
    """One protection of one store type: whether it is missing, and what to say."""

    type: str
    missing: Callable[[Resource], bool]
    what: str
    config_rule: str
    fix: str
    proposals: Callable[[Resource], list[Proposal]] = lambda r: []


ENCRYPTION = (
    StoreRule(
        "s3_bucket",
        lambda r: r.config.get("encryption") == "none",
        "objects are stored without server-side encryption",
        "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
        "set default encryption on {node} (SSE-KMS with a customer managed key where access must be audited)",
        lambda r: [Proposal("s3_bucket_public", r.id)] if r.config.get("public_access_block", True) else [],
    ),
    StoreRule(
        "rds_instance",
        lambda r: not r.config.get("storage_encrypted", True),
        "storage, snapshots and backups are unencrypted (encryption can only be chosen at creation: a restore "
        "into an encrypted copy is the way out)",
        "RDS_STORAGE_ENCRYPTED",
        "snapshot {node}, copy the snapshot with a KMS key, restore from the encrypted copy and cut over",
    ),
    StoreRule(
        "elasticache_cluster",
        lambda r: not r.config.get("at_rest_encryption", True),
        "cached data and backups are unencrypted at rest",
        "ELASTICACHE_REPL_GRP_ENCRYPTED_AT_REST",
        "recreate {node} with at-rest encryption (it cannot be turned on in place) and switch the endpoint",
    ),
    StoreRule(
        "sqs_queue",
        lambda r: r.config.get("sse") == "none",
        "messages wait unencrypted for up to the retention period",
        "SQS_QUEUE_ENCRYPTED",
        "turn on SSE-SQS (or SSE-KMS) for {node}",
    ),
    StoreRule(
        "kinesis_stream",
        lambda r: r.config.get("encryption") == "NONE",
        "records are stored unencrypted for the retention period",
        "KINESIS_STREAM_ENCRYPTED",
        "turn on server-side encryption with KMS for {node}",
    ),
)

BACKUPS = (
    StoreRule(
        "dynamodb_table",
        lambda r: not r.config.get("pitr", True),
        "point-in-time recovery is off: a bad deploy or script that overwrites items cannot be rolled back "
        "to a second in the last 35 days",
        "DYNAMODB_PITR_ENABLED",
        "turn on point-in-time recovery for {node} (and AWS Backup for long-term copies)",
    ),
    StoreRule(
        "rds_instance",
        lambda r: r.config.get("backup_retention_days", 7) == 0,
        "automated backups are off (retention 0): no point-in-time restore, and no snapshot to fall back on",
        "DB_INSTANCE_BACKUP_ENABLED",
        "set a backup retention period of 7 days or more on {node}",
    ),
    StoreRule(
        "s3_bucket",
        lambda r: not r.config.get("versioning", True),
        "versioning is off: an overwrite or delete is final, and replication cannot be set up",
        "S3_BUCKET_VERSIONING_ENABLED",
        "enable versioning on {node}, with a lifecycle rule that expires old versions",
    ),
)


def _findings(topo: Topology, rules: tuple[StoreRule, ...], kind: str, label: str) -> Iterator[Finding]:
    for rule in rules:
        for resource in topo.of_type(rule.type):
            if not rule.missing(resource):
                continue
            yield Finding(
                kind=kind,
                severity=Severity.MEDIUM,
                nodes=(resource.id,),
                title=f"{resource.id} {label}",
                why=f"{resource.id}: {rule.what}. The AWS Config managed rule {rule.config_rule} reports it "
                "NON_COMPLIANT.",
                fix=rule.fix.format(node=resource.id),
                proposals=tuple(rule.proposals(resource)),
            )


@detector("unencrypted-store", "a data store without encryption at rest", order=4, domain="security", tasks=("6.2",))
def unencrypted_stores(topo: Topology) -> Iterator[Finding]:
    """Stores whose configuration turns encryption at rest off."""
    return _findings(topo, ENCRYPTION, "unencrypted-store", "is not encrypted at rest")


@detector(
    "no-backup",
    "a data store without backups, versioning or point-in-time recovery",
    order=5,
    domain="resilience",
    tasks=("3.3",),
)
def stores_without_backups(topo: Topology) -> Iterator[Finding]:
    """Stores with no way back from a bad write or delete."""
    return _findings(topo, BACKUPS, "no-backup", "has no backups to restore from")
