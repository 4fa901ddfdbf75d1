"""Scripted plays of stuck-lifecycle-hook (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

PERMISSION = {"action": "autoscaling:CompleteLifecycleAction", "resource": "web-asg"}

# Runs past Ana's release (22m), which re-asserts the bootstrap role from its template.
RIGHT: list[Step] = [
    (480, "describe_scaling_activity", "web-asg", {}),
    (510, "simulate_iam_policy", "bootstrap-role", {}),
    (520, "declare_incident", None, {}),
    (570, "grant_permission_iac", "bootstrap-role", PERMISSION),
    (580, "complete_lifecycle_action", "web-asg", {}),
    (820, "post_status_update", None, {"text": "We are bringing extra capacity online for the sale."}),
    (1800, "end", None, {}),
]


CONSOLE: list[Step] = [
    (480, "describe_scaling_activity", "web-asg", {}),
    (510, "simulate_iam_policy", "bootstrap-role", {}),
    (520, "declare_incident", None, {}),
    (570, "grant_permission", "bootstrap-role", PERMISSION),
    (620, "complete_lifecycle_action", "web-asg", {}),
    (860, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "delete-the-hook": (
        [
            (480, "describe_scaling_activity", "web-asg", {}),
            (520, "declare_incident", None, {}),
            (570, "delete_lifecycle_hook", "web-asg", {}),
            (620, "post_status_update", None, {}),
        ],
        ("bypasses-approval", "delete_lifecycle_hook on web-asg", "change-outside-pipeline"),
    ),
    "raise-desired-capacity": (
        [
            (480, "describe_scaling_activity", "web-asg", {}),
            (520, "declare_incident", None, {}),
            (570, "set_desired_capacity", "web-asg", {"desired": 9}),
            (620, "post_status_update", None, {}),
        ],
        ("change-outside-pipeline", "set_desired_capacity on web-asg", "stuck-hook not resolved"),
    ),
    "continue-without-bootstrap": (
        [
            (480, "describe_scaling_activity", "web-asg", {}),
            (520, "declare_incident", None, {}),
            (570, "complete_lifecycle_action", "web-asg", {"bootstrap": False}),
            (620, "post_status_update", None, {}),
        ],
        ("stuck-hook not resolved",),
    ),
}


NEXT_RELEASE = ("iac_revert_drift", 1320)
