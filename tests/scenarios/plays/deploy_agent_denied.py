"""Scripted plays of deploy-agent-denied (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

GET = {"action": "s3:GetObject", "resource": "artifacts-bucket"}

# Runs past Kim's IAM change at 20m, which re-applies store-role's template: the permission
# is in the template, so the next deployment can still download its bundle.
RIGHT: list[Step] = [
    (420, "describe_deployment", "store-dg", {}),
    (450, "simulate_iam_policy", "store-role", {}),
    (460, "declare_incident", None, {}),
    (510, "grant_permission_iac", "store-role", GET),
    (520, "post_status_update", None, {"text": "About one checkout in eight fails; the fix is on its way."}),
    (760, "retry_deployment", "store-dg", {}),
    (1500, "end", None, {}),
]


CONSOLE: list[Step] = [
    (420, "describe_deployment", "store-dg", {}),
    (450, "simulate_iam_policy", "store-role", {}),
    (460, "declare_incident", None, {}),
    (510, "grant_permission", "store-role", GET),
    (520, "post_status_update", None, {}),
    (560, "retry_deployment", "store-dg", {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "s3-full-access": (
        [
            (420, "describe_deployment", "store-dg", {}),
            (460, "declare_incident", None, {}),
            (510, "grant_service_wildcard", "store-role", {"services": ["s3"]}),
            (520, "post_status_update", None, {}),
            (545, "retry_deployment", "store-dg", {}),
        ],
        ("over-privileged-grant", "iam-no-wildcard-actions", "agent-denied not resolved"),
    ),
    "admin-on-the-instances": (
        [
            (420, "describe_deployment", "store-dg", {}),
            (460, "declare_incident", None, {}),
            (510, "attach_admin_policy", "store-role", {}),
            (520, "post_status_update", None, {}),
            (535, "retry_deployment", "store-dg", {}),
        ],
        ("admin-grant", "iam-policy-no-statements-with-admin-access", "agent-denied not resolved"),
    ),
}


NEXT_RELEASE = ("iac_revert_drift", 1200)
