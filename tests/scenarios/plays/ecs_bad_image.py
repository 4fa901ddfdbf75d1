"""Scripted plays of ecs-bad-image (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

RIGHT: list[Step] = [
    (270, "describe_ecs_service", "api-svc", {}),
    (270, "declare_incident", None, {"severity": "SEV2"}),
    (310, "pipeline_revert", "api-pipeline", {}),
    (310, "set_circuit_breaker_iac", "api-svc", {}),
    (
        650,
        "post_status_update",
        None,
        {"text": "Bookings failed for some customers after a release; it is rolled back."},
    ),
    (1620, "end", None, {}),
]


CONSOLE: list[Step] = [
    (270, "describe_ecs_service", "api-svc", {}),
    (270, "declare_incident", None, {"severity": "SEV2"}),
    (310, "update_ecs_service", "api-svc", {"revision": "57"}),
    (470, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "scale-out": (
        [
            (270, "view_metrics", "api-tg", {}),
            (270, "declare_incident", None, {}),
            (310, "set_desired_tasks", "api-svc", {"desired": 8}),
            (420, "post_status_update", None, {}),
        ],
        ("change-outside-pipeline", "bad-image not resolved", "users or the business were still hurt at the end"),
    ),
}


NEXT_RELEASE = ("release_pipeline", 1200)
