"""Scripted plays of flash-sale-hot-key (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

# The Lanterns' seats unlock at 00:30; inventory-throttles pages at 03:00.
LOOK: list[Step] = [
    (190, "view_metrics", "inventory-table", {}),
    (190, "declare_incident", None, {}),
    (220, "contributor_insights", "inventory-table", {}),
]

RIGHT: list[Step] = [
    *LOOK,
    (370, "enable_write_sharding", "inventory-table", {}),
    (380, "post_status_update", None, {"text": "Seat holds for the Lanterns are failing; a fix is deploying."}),
    (1200, "end", None, {}),
]


# Raj's offer: ten times the capacity, in the console, in a minute.
CONSOLE: list[Step] = [
    *LOOK,
    (370, "set_table_capacity", "inventory-table", {"wcu": 100000}),
    (380, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "on-demand-through-the-pipeline": (
        [
            *LOOK,
            (370, "set_table_capacity_iac", "inventory-table", {"billing": "PAY_PER_REQUEST"}),
            (380, "post_status_update", None, {}),
        ],
        ("hot-key not resolved", "users or the business were still hurt at the end"),
    ),
}
