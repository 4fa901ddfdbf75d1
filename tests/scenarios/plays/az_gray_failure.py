"""Scripted plays of az-gray-failure (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

SHIFT = {"az": "us-east-1c"}

# Runs past AWS's recovery of the zone (34m): the incident is over only then.
RIGHT: list[Step] = [
    (380, "query_logs", "web-asg", {}),
    (400, "declare_incident", None, {"severity": "SEV2"}),
    (440, "zonal_shift", "web-alb", SHIFT),
    (
        450,
        "post_status_update",
        None,
        {"text": "Some requests are timing out; we have moved traffic away from the affected zone."},
    ),
    (540, "detect_stack_drift", "web-stack", {}),
    (660, "iac_revert_drift", "web-asg", {}),
    (840, "check_aws_health", None, {}),
    (2160, "end", None, {}),
]


# Shifts, then scales out by hand to carry the load: fast, and the rightsizing drift stays.
CONSOLE: list[Step] = [
    (380, "query_logs", "web-asg", {}),
    (400, "declare_incident", None, {"severity": "SEV2"}),
    (440, "zonal_shift", "web-alb", SHIFT),
    (450, "post_status_update", None, {}),
    (600, "set_desired_capacity", "web-asg", {"desired": 5}),
    (840, "check_aws_health", None, {}),
    (2160, "end", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "scale-out-into-the-bad-zone": (
        [
            (380, "query_logs", "web-asg", {}),
            (400, "declare_incident", None, {"severity": "SEV2"}),
            (440, "set_desired_capacity", "web-asg", {"desired": 6}),
            (450, "post_status_update", None, {}),
            (2160, "end", None, {}),
        ],
        ("change-outside-pipeline", "set_desired_capacity on web-asg", "users hurt for"),
    ),
    "recycle-the-fleet": (
        [
            (380, "query_logs", "web-asg", {}),
            (400, "declare_incident", None, {"severity": "SEV2"}),
            (440, "recycle_connections", "web-asg", {}),
            (450, "post_status_update", None, {}),
            (2160, "end", None, {}),
        ],
        ("users hurt for", "fleet-shrunk not resolved"),
    ),
}
