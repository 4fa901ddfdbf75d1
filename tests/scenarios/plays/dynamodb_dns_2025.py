"""Scripted plays of dynamodb-dns-2025 (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

# DynamoDB's endpoint stops resolving at 2m and resolves again at 22m; EC2 launches in
# us-east-1 fail until 36m. The breakfast rush arrives at 25m.
FAIL_OVER: list[Step] = [
    (240, "resolve_endpoint", "orders-table", {}),
    (270, "declare_incident", None, {"severity": "SEV1"}),
    (300, "fail_over_region_iac", "orders-record", {}),
    (
        330,
        "post_status_update",
        None,
        {"text": "Ordering is failing because of an AWS outage in us-east-1; we are moving you to our second Region."},
    ),
    (540, "set_desired_capacity_iac", "orders-asg-west", {"desired": 5}),
]

RIGHT: list[Step] = [
    *FAIL_OVER,
    (1340, "redrive_dlq", "orders-dlq", {}),
    (1500, "check_aws_health", None, {}),
    (
        2200,
        "post_status_update",
        None,
        {"text": "AWS has fully recovered; every order placed this morning has reached its store."},
    ),
    (2280, "end", None, {}),
]


CONSOLE: list[Step] = [
    (240, "resolve_endpoint", "orders-table", {}),
    (270, "declare_incident", None, {"severity": "SEV1"}),
    (300, "fail_over_region", "orders-record", {}),
    (330, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "fail-back-when-dynamodb-recovers": (
        [
            *FAIL_OVER,
            (1340, "redrive_dlq", "orders-dlq", {}),
            (1380, "fail_over_region_iac", "orders-record", {"to": "orders-alb-east"}),
            (1680, "end", None, {}),
        ],
        (
            "declared the incident over while dynamodb-dns was active",
            "before mitigation",
        ),
    ),
    "purge-the-backlog": (
        [*FAIL_OVER, (1340, "purge_queue", "orders-dlq", {}), (2280, "end", None, {})],
        ("data-destroyed", "purge_queue on orders-dlq"),
    ),
}
