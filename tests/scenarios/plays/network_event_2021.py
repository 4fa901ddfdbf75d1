"""Scripted plays of network-event-2021 (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

# The control planes fail at 0:00 and stay down for eighteen minutes; store-asg runs three
# instances instead of six (a console change on Saturday). The '12 Days' e-mail lands at 3:00
# and 5:00. The right play sees that nothing can launch, declares, sheds load with the kill
# switch, waits for AWS, then puts the minimum back through the pipeline.
FIND: list[Step] = [
    (200, "query_logs", "store-asg", {}),
    (200, "describe_scaling_activity", "store-asg", {}),
    (260, "lookup_cloudtrail", "store-asg", {}),
    (260, "declare_incident", None, {}),
]

RIGHT: list[Step] = [
    *FIND,
    (300, "shed_load", "store-asg", {"share": 0.4}),
    (330, "post_status_update", None, {"text": "An AWS us-east-1 issue limits our capacity; some features are off."}),
    (430, "check_aws_health", None, {}),
    (1100, "iac_revert_drift", "store-asg", {}),
    (1500, "shed_load", "store-asg", {"share": 0.0}),
    (1800, "end", None, {}),
]


CONSOLE: list[Step] = [
    *FIND,
    (300, "shed_load", "store-asg", {"share": 0.4}),
    (330, "post_status_update", None, {}),
    (430, "check_aws_health", None, {}),
    (1100, "set_desired_capacity", "store-asg", {"desired": 6}),
    (1500, "shed_load", "store-asg", {"share": 0.0}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "recycle-the-sick-instances": (
        [
            *FIND,
            (300, "replace_instances", "store-asg", {"count": 2}),
            (330, "post_status_update", None, {}),
            (360, "shed_load", "store-asg", {"share": 0.4}),
            (430, "check_aws_health", None, {}),
            (1100, "iac_revert_drift", "store-asg", {}),
            (1500, "shed_load", "store-asg", {"share": 0.0}),
            (1800, "end", None, {}),
        ],
        ("before mitigation (target 08:00)", "revenue lost to failed requests"),
    ),
    "scale-out-into-the-outage": (
        [
            *FIND,
            (300, "set_desired_capacity_iac", "store-asg", {"desired": 6}),
            (330, "post_status_update", None, {}),
            (560, "check_aws_health", None, {}),
            (1100, "iac_revert_drift", "store-asg", {}),
            (1800, "end", None, {}),
        ],
        ("before mitigation (target 08:00)", "revenue lost to failed requests"),
    ),
}
