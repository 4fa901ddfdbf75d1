"""Scripted plays of rds-failover (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

TYPO_FIX = {"metric": "HTTPCode_Target_5XX_Count"}  # the metric name CloudWatch really publishes

# Runs past Sam's release (17m), which a console fix of the alarm would not survive.
RIGHT: list[Step] = [
    (290, "describe_db_events", "app-db", {}),
    (300, "declare_incident", None, {}),
    (330, "query_logs", "web-asg", {}),
    (390, "recycle_connections", "web-asg", {}),
    (
        400,
        "post_status_update",
        None,
        {"text": "Most pages are failing after a database failover. We are reconnecting the web servers."},
    ),
    (460, "describe_alarm", "target-5xx", {}),
    (490, "fix_alarm_iac", "target-5xx", TYPO_FIX),
    (1320, "end", None, {}),
]


# The alarm is fixed by hand first (then the pools): Sam's release puts the typo back.
CONSOLE: list[Step] = [
    (290, "describe_alarm", "target-5xx", {}),
    (300, "fix_alarm", "target-5xx", TYPO_FIX),
    (310, "describe_db_events", "app-db", {}),
    (345, "declare_incident", None, {}),
    (390, "recycle_connections", "web-asg", {}),
    (400, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "restore-the-snapshot": (
        [
            (290, "describe_db_events", "app-db", {}),
            (300, "declare_incident", None, {}),
            (330, "restore_db_snapshot", "app-db", {}),
            (400, "post_status_update", None, {}),
        ],
        ("data-destroyed", "restore_db_snapshot on app-db"),
    ),
    "scale-out-for-the-cpu-page": (  # the red herring: the patch scan's CPU page, not the stale pools
        [
            (290, "describe_db_events", "app-db", {}),
            (300, "declare_incident", None, {}),
            (760, "set_desired_capacity", "web-asg", {"desired": 6}),
            (800, "post_status_update", None, {}),
        ],
        ("db-failover not resolved", "change-outside-pipeline"),
    ),
    "fail-over-again": (
        [
            (290, "describe_db_events", "app-db", {}),
            (300, "declare_incident", None, {}),
            (330, "failover_db", "app-db", {}),
            (400, "post_status_update", None, {}),
        ],
        ("db-failover not resolved",),
    ),
}


NEXT_RELEASE = ("iac_revert_drift", 1020)
