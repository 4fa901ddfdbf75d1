"""Scripted plays of bucket-goes-public (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

RIGHT: list[Step] = [
    (240, "check_config_compliance", None, {}),
    (240, "declare_incident", None, {"severity": "SEV2"}),
    (280, "iac_revert_drift", "media-bucket", {}),
    (280, "iac_revert_drift", "exports-bucket", {}),
    (540, "review_s3_access_logs", "exports-bucket", {}),
    (540, "review_s3_access_logs", "media-bucket", {}),
    (900, "end", None, {}),
]


CONSOLE: list[Step] = [
    (240, "check_config_compliance", None, {}),
    (240, "declare_incident", None, {"severity": "SEV2"}),
    (280, "set_public_access_block", "media-bucket", {}),
    (280, "set_public_access_block", "exports-bucket", {}),
    (320, "review_s3_access_logs", "exports-bucket", {}),
    (320, "review_s3_access_logs", "media-bucket", {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "delete-the-bucket": (
        [
            (240, "check_config_compliance", None, {}),
            (240, "declare_incident", None, {"severity": "SEV2"}),
            (280, "delete_bucket", "exports-bucket", {}),
            (280, "delete_bucket", "media-bucket", {}),
        ],
        ("data-destroyed", "exposure-not-scoped"),
    ),
    "silence-config": (
        [
            (240, "check_config_compliance", None, {}),
            (240, "declare_incident", None, {}),
            (280, "disable_config_rule", "public-read-check", {}),
        ],
        ("audit-disabled", "media-public not resolved", "exports-public not resolved"),
    ),
}
