"""Scripted plays of poison-pill (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

# The bad order arrives at 01:00 and blocks orders.fifo's only message group.
LOOK: list[Step] = [
    (300, "inspect_queue", "orders-queue", {}),
    (300, "declare_incident", None, {}),
]

# Quarantine first: a redrive policy shipped while the bad order is still there would move
# it to the DLQ, where the dlq-visible alarm invites a redrive straight back.
RIGHT: list[Step] = [
    *LOOK,
    (330, "quarantine_message", "orders-queue", {}),
    (
        340,
        "post_status_update",
        None,
        {"text": "Orders since 16:41 are delayed, not lost; the warehouse gets them soon."},
    ),
    (580, "set_redrive_policy_iac", "orders-queue", {"dlq": "orders-dlq", "max_receive_count": 5}),
    (1200, "end", None, {}),
]


# ReportBatchItemFailures by hand: right for a standard queue, no help at the head of a FIFO group.
CONSOLE: list[Step] = [
    *LOOK,
    (330, "enable_partial_batch_response", "fulfil-worker", {}),
    (340, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "purge-the-queue": (
        [*LOOK, (330, "purge_queue", "orders-queue", {}), (340, "post_status_update", None, {})],
        ("data-destroyed", "purge_queue on orders-queue"),
    ),
    "more-concurrency": (
        [
            *LOOK,
            (330, "set_reserved_concurrency_iac", "fulfil-worker", {"value": 200}),
            (340, "post_status_update", None, {}),
        ],
        ("bad-order not resolved", "users or the business were still hurt at the end"),
    ),
}
