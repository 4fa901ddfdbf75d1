"""Scripted plays of drifted-web-tier (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

HTTPS_RULE = "HTTPS from the load balancer"  # web-sg's rule as the template describes it


RIGHT: list[Step] = [
    (450, "describe_target_health", "web-tg", {}),
    (470, "lookup_cloudtrail", "web-sg", {}),
    (470, "declare_incident", None, {"severity": "SEV1"}),
    (500, "iac_revert_drift", "web-sg", {}),
    (515, "post_status_update", None, {"text": "The shop is down; we know why and are fixing it."}),
    (1200, "end", None, {}),
]


CONSOLE: list[Step] = [
    (450, "describe_target_health", "web-tg", {}),
    (470, "lookup_cloudtrail", "web-sg", {}),
    (470, "declare_incident", None, {"severity": "SEV1"}),
    (500, "authorize_ingress", "web-sg", {"port": 443, "source": "alb-sg", "description": HTTPS_RULE}),
    (515, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
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
}
