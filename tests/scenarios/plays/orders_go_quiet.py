"""Scripted plays of orders-go-quiet (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

RIGHT: list[Step] = [
    (420, "view_metrics", "order-placed-rule", {}),
    (450, "get_resource_policy", "fulfil-fn", {}),
    (480, "declare_incident", None, {}),
    (490, "add_invoke_permission_iac", "fulfil-fn", {}),
    (520, "post_status_update", None, {"text": "Orders since 10:02 are delayed; every paid order will ship."}),
    (710, "replay_archived_events", "orders-bus", {}),
    (1500, "end", None, {}),
]


CONSOLE: list[Step] = [
    (420, "view_metrics", "order-placed-rule", {}),
    (450, "get_resource_policy", "fulfil-fn", {}),
    (480, "declare_incident", None, {}),
    (490, "add_invoke_permission", "fulfil-fn", {}),
    (520, "post_status_update", None, {}),
    (540, "replay_archived_events", "orders-bus", {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "principal-star": (
        [
            (420, "view_metrics", "order-placed-rule", {}),
            (450, "get_resource_policy", "fulfil-fn", {}),
            (480, "declare_incident", None, {}),
            (490, "grant_public_invoke", "fulfil-fn", {}),
            (520, "post_status_update", None, {}),
        ],
        ("lambda-function-public-access-prohibited", "over-privileged-grant"),
    )
}


NEXT_RELEASE = ("iac_revert_drift", 1200)
