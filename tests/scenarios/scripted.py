"""Scripted plays of the bundled scenarios, shared by the outcome tests and tests/golden/regenerate.py.

A script is a list of ``(tick, action, target, params)`` steps, played the way a terminal
player would (``play_script`` in tests/conftest.py); ``action == "end"`` declares the incident
over. Each scenario has a right fix (through the pipeline), the faster console fix that
drifts, its tempting wrong fixes (with the ledger reasons that must say why they are wrong),
and doing nothing.
"""

from __future__ import annotations

from typing import Any

Step = tuple[int, str, str | None, dict[str, Any]]

SEED = 7
SCENARIOS = ("canary-checkout", "drifted-web-tier", "orders-go-quiet")
HTTPS_RULE = "HTTPS from the load balancer"  # web-sg's rule as the template describes it

RIGHT: dict[str, list[Step]] = {
    # Runs past Dana's release (the smoke test and the window tests play it too). Fixing the
    # alarm before the revert deployment has finished would make CodeDeploy stop the revert —
    # so the alarm is fixed after it.
    "canary-checkout": [
        (540, "describe_deployment", "checkout-dg", {}),
        (600, "pipeline_revert", "shop-pipeline", {}),
        (600, "declare_incident", None, {}),
        (640, "post_status_update", None, {"text": "Some card payments are failing at checkout. We are rolling back."}),
        (1121, "fix_alarm_iac", "checkout-errors", {"qualifier": "live", "treat_missing_data": "breaching"}),
        (1500, "end", None, {}),
    ],
    "drifted-web-tier": [
        (450, "describe_target_health", "web-tg", {}),
        (470, "lookup_cloudtrail", "web-sg", {}),
        (470, "declare_incident", None, {"severity": "SEV1"}),
        (500, "iac_revert_drift", "web-sg", {}),
        (515, "post_status_update", None, {"text": "The shop is down; we know why and are fixing it."}),
        (1200, "end", None, {}),
    ],
    "orders-go-quiet": [
        (420, "view_metrics", "order-placed-rule", {}),
        (450, "get_resource_policy", "fulfil-fn", {}),
        (480, "declare_incident", None, {}),
        (490, "add_invoke_permission_iac", "fulfil-fn", {}),
        (520, "post_status_update", None, {"text": "Orders since 10:02 are delayed; every paid order will ship."}),
        (710, "replay_archived_events", "orders-bus", {}),
        (1500, "end", None, {}),
    ],
}

CONSOLE: dict[str, list[Step]] = {
    "canary-checkout": [
        (540, "describe_deployment", "checkout-dg", {}),
        (570, "shift_alias", "checkout-fn", {"version": "41"}),
        (600, "declare_incident", None, {}),
        (640, "post_status_update", None, {}),
    ],
    "drifted-web-tier": [
        (450, "describe_target_health", "web-tg", {}),
        (470, "lookup_cloudtrail", "web-sg", {}),
        (470, "declare_incident", None, {"severity": "SEV1"}),
        (500, "authorize_ingress", "web-sg", {"port": 443, "source": "alb-sg", "description": HTTPS_RULE}),
        (515, "post_status_update", None, {}),
    ],
    "orders-go-quiet": [
        (420, "view_metrics", "order-placed-rule", {}),
        (450, "get_resource_policy", "fulfil-fn", {}),
        (480, "declare_incident", None, {}),
        (490, "add_invoke_permission", "fulfil-fn", {}),
        (520, "post_status_update", None, {}),
        (540, "replay_archived_events", "orders-bus", {}),
    ],
}

#: scenario → name → (script, reasons the ledger must give for what was wrong)
WRONG: dict[str, dict[str, tuple[list[Step], tuple[str, ...]]]] = {
    "canary-checkout": {
        "mute-the-pager": (
            [
                (540, "describe_deployment", "checkout-dg", {}),
                (600, "declare_incident", None, {}),
                (640, "post_status_update", None, {}),
                (730, "mute_alarm", "api-5xx", {}),
            ],
            ("audit-disabled", "cloudwatch-alarm-action-check"),
        ),
    },
    "drifted-web-tier": {
        "open-to-the-world": (
            [
                (450, "describe_target_health", "web-tg", {}),
                (470, "declare_incident", None, {"severity": "SEV1"}),
                (500, "open_security_group", "web-sg", {}),
                (515, "post_status_update", None, {}),
            ],
            ("change-outside-pipeline", "open_security_group on web-sg", "restricted-ssh left open"),
        ),
        "recreate-the-stack": (
            [
                (450, "describe_target_health", "web-tg", {}),
                (470, "declare_incident", None, {"severity": "SEV1"}),
                (500, "recreate_stack", "web-stack", {}),
                (515, "post_status_update", None, {}),
            ],
            ("data-destroyed", "recreate_stack on web-stack"),
        ),
        "silence-config": (
            [
                (450, "describe_target_health", "web-tg", {}),
                (470, "declare_incident", None, {"severity": "SEV1"}),
                (500, "disable_config_rule", "stack-drift-check", {}),
                (515, "post_status_update", None, {}),
            ],
            ("audit-disabled", "disable_config_rule on stack-drift-check"),
        ),
    },
    "orders-go-quiet": {
        "principal-star": (
            [
                (420, "view_metrics", "order-placed-rule", {}),
                (450, "get_resource_policy", "fulfil-fn", {}),
                (480, "declare_incident", None, {}),
                (490, "grant_public_invoke", "fulfil-fn", {}),
                (520, "post_status_update", None, {}),
            ],
            ("lambda-function-public-access-prohibited", "over-privileged-grant"),
        ),
    },
}

#: scenario → (the teammate's release that undoes a console fix: its action, when it starts)
NEXT_RELEASE: dict[str, tuple[str, int]] = {
    "canary-checkout": ("release_pipeline", 1200),
    "orders-go-quiet": ("iac_revert_drift", 1200),
}
