"""Scripted plays of kms-lockout (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

RIGHT: list[Step] = [
    (330, "query_logs", "authorize-fn", {}),
    (390, "describe_key_policy", "payments-key", {}),
    (410, "declare_incident", None, {"severity": "SEV1"}),
    (420, "lookup_cloudtrail", "payments-key", {}),
    (440, "restore_key_policy", "payments-key", {}),
    (470, "post_status_update", None, {"text": "Card payments are failing; we know why and are restoring them."}),
    (600, "detect_stack_drift", "payments-stack", {}),
    (900, "post_status_update", None, {"text": "Card payments are back since 16:48."}),
    (1200, "end", None, {}),
]


# The obvious IAM fix, by hand: the role gets kms:Decrypt again — which it already had.
CONSOLE: list[Step] = [
    (330, "query_logs", "authorize-fn", {}),
    (410, "declare_incident", None, {"severity": "SEV1"}),
    (420, "grant_permission", "authorize-role", {"action": "kms:Decrypt", "resource": "payments-key"}),
    (470, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "admin-for-authorize": (
        [
            (330, "query_logs", "authorize-fn", {}),
            (410, "declare_incident", None, {"severity": "SEV1"}),
            (420, "attach_admin_policy", "authorize-role", {}),
            (470, "post_status_update", None, {}),
        ],
        ("admin-grant", "iam-policy-no-statements-with-admin-access", "lockout not resolved"),
    ),
    "delete-the-key": (
        [
            (330, "query_logs", "authorize-fn", {}),
            (390, "describe_key_policy", "payments-key", {}),
            (410, "declare_incident", None, {"severity": "SEV1"}),
            (420, "schedule_key_deletion", "payments-key", {}),
            (470, "post_status_update", None, {}),
        ],
        ("data-destroyed", "kms-cmk-not-scheduled-for-deletion", "lockout not resolved"),
    ),
    "trust-the-pipeline": (
        [
            (330, "query_logs", "authorize-fn", {}),
            (390, "describe_key_policy", "payments-key", {}),
            (410, "declare_incident", None, {"severity": "SEV1"}),
            (420, "iac_revert_drift", "payments-key", {}),
            (470, "post_status_update", None, {}),
        ],
        ("lockout not resolved",),
    ),
}
