"""Scripted plays of kinesis-cascade-2020 (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

# Kinesis fails at 0:30 and CloudWatch with it; collector-fn has lost its reserved concurrency.
# The right play works from logs and direct checks, declares (so nobody freelances a restart),
# restores the bulkhead through the pipeline and leaves the sessionizer alone.
FIND: list[Step] = [
    (150, "query_logs", "checkout-fn", {}),
    (150, "describe_concurrency", "checkout-fn", {}),
    (210, "query_logs", "collector-fn", {}),
    (240, "declare_incident", None, {}),
    (270, "lookup_cloudtrail", "collector-fn", {}),
]

RIGHT: list[Step] = [
    *FIND,
    (315, "iac_revert_drift", "collector-fn", {}),
    (
        330,
        "post_status_update",
        None,
        {"text": "Checkout errors from 05:15; an AWS Kinesis issue, mitigated on our side."},
    ),
    (600, "check_aws_health", None, {}),
    (1800, "end", None, {}),
]


CONSOLE: list[Step] = [
    *FIND,
    (315, "set_reserved_concurrency", "collector-fn", {"value": 50}),
    (330, "post_status_update", None, {}),
    (600, "check_aws_health", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "restart-the-consumers": (
        [
            *FIND,
            (315, "iac_revert_drift", "collector-fn", {}),
            (330, "post_status_update", None, {}),
            (500, "recycle_connections", "sessionize-svc", {}),
            (1800, "end", None, {}),
        ],
        ("before mitigation (target 18:00)", "clicks sessionized live"),
    ),
    "mute-the-blank-alarms": (
        [
            *FIND,
            (315, "iac_revert_drift", "collector-fn", {}),
            (330, "post_status_update", None, {}),
            (500, "mute_alarm", "iterator-age", {}),
            (1800, "end", None, {}),
        ],
        ("audit-disabled", "cloudwatch-alarm-action-check"),
    ),
}
