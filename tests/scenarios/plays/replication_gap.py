"""Scripted plays of replication-gap (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

INTERNAL = {
    "audience": "internal",
    "text": "Invoice replication to us-west-2 is fixed; backfilling the last nine days.",
}

# Runs past Dev's module release (20m), which rebuilds invoices-bucket from the template.
RIGHT: list[Step] = [
    (60, "check_replication", "invoices-bucket", {}),
    (60, "simulate_iam_policy", "replication-role", {}),
    (120, "declare_incident", None, {"severity": "SEV2"}),
    (125, "fix_replication_iac", "invoices-bucket", {"replica_kms_key": "replica-key"}),
    (150, "iac_revert_drift", "replication-role", {}),
    (390, "post_status_update", None, INTERNAL),
    (450, "s3_batch_replication", "invoices-bucket", {}),
    (1500, "end", None, {}),
]


# The rule is fixed by hand (the role's two key grants through the pipeline): Dev's release
# rebuilds the rule from the module.
CONSOLE: list[Step] = [
    (60, "check_replication", "invoices-bucket", {}),
    (60, "simulate_iam_policy", "replication-role", {}),
    (120, "declare_incident", None, {"severity": "SEV2"}),
    (125, "fix_replication", "invoices-bucket", {"replica_kms_key": "replica-key"}),
    (150, "grant_permission_iac", "replication-role", {"action": "kms:Decrypt", "resource": "invoices-key"}),
    (190, "grant_permission_iac", "replication-role", {"action": "kms:Encrypt", "resource": "replica-key"}),
    (430, "post_status_update", None, INTERNAL),
    (450, "s3_batch_replication", "invoices-bucket", {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "remove-source-encryption": (
        [
            (60, "check_replication", "invoices-bucket", {}),
            (120, "declare_incident", None, {"severity": "SEV2"}),
            (150, "remove_bucket_encryption", "invoices-bucket", {}),
            (400, "post_status_update", None, INTERNAL),
        ],
        ("s3-bucket-server-side-encryption-enabled", "change-outside-pipeline"),
    ),
    "s3-sync": (
        [
            (60, "check_replication", "invoices-bucket", {}),
            (120, "declare_incident", None, {"severity": "SEV2"}),
            (150, "s3_sync_copy", "invoices-bucket", {}),
            (400, "post_status_update", None, INTERNAL),
        ],
        ("s3_sync_copy on invoices-bucket", "paid for by actions", "rule-skips-kms not resolved"),
    ),
    "kms-star": (
        [
            (60, "check_replication", "invoices-bucket", {}),
            (120, "declare_incident", None, {"severity": "SEV2"}),
            (125, "fix_replication_iac", "invoices-bucket", {"replica_kms_key": "replica-key"}),
            (400, "grant_service_wildcard", "replication-role", {"services": ["kms"]}),
            (440, "post_status_update", None, INTERNAL),
        ],
        ("over-privileged-grant", "iam-no-wildcard-actions"),
    ),
}


NEXT_RELEASE = ("iac_revert_drift", 1200)
