"""Scripted plays of logs-go-dark (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

PUT = {"action": "logs:PutLogEvents", "resource": "checkout-logs"}
CREATE = {"action": "logs:CreateLogStream", "resource": "checkout-logs"}

# Runs past Dana's release at 20m, which re-applies checkout-role's template: the pipeline
# fix is in the template, so it survives.
RIGHT: list[Step] = [
    (330, "view_metrics", "checkout-logs", {}),
    (360, "query_logs", "checkout-fn", {}),
    (420, "simulate_iam_policy", "checkout-role", {}),
    (480, "declare_incident", None, {}),
    (490, "grant_permission_iac", "checkout-role", PUT),
    (510, "grant_permission_iac", "checkout-role", CREATE),
    (720, "post_status_update", None, {"text": "Checkout payment logs were not recorded from 09:02; fixed at 09:12."}),
    (1500, "end", None, {}),
]


CONSOLE: list[Step] = [
    (330, "view_metrics", "checkout-logs", {}),
    (360, "query_logs", "checkout-fn", {}),
    (420, "simulate_iam_policy", "checkout-role", {}),
    (480, "declare_incident", None, {}),
    (490, "grant_permission", "checkout-role", PUT),
    (510, "grant_permission", "checkout-role", CREATE),
    (560, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "logs-full-access": (
        [
            (330, "view_metrics", "checkout-logs", {}),
            (360, "query_logs", "checkout-fn", {}),
            (480, "declare_incident", None, {}),
            (490, "grant_service_wildcard", "checkout-role", {"services": ["logs"]}),
            (560, "post_status_update", None, {}),
        ],
        ("over-privileged-grant", "iam-no-wildcard-actions", "logs-dark not resolved"),
    )
}


NEXT_RELEASE = ("iac_revert_drift", 1200)
