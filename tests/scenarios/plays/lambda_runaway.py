"""Scripted plays of lambda-runaway (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

# render-fn runs away at 01:00; the API's 5XX alarm pages at 04:00.
LOOK: list[Step] = [
    (240, "describe_concurrency", "checkout-fn", {}),
    (270, "declare_incident", None, {}),
]

RIGHT: list[Step] = [
    *LOOK,
    (280, "set_reserved_concurrency_iac", "render-fn", {"value": 0}),
    (310, "post_status_update", None, {"text": "Checkout is failing; we have found why and a fix is deploying."}),
    (1500, "end", None, {}),
]


# The console's Throttle button: thirty seconds, and the template still says "unreserved".
CONSOLE: list[Step] = [
    *LOOK,
    (280, "set_reserved_concurrency", "render-fn", {"value": 0}),
    (310, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "ask-aws-for-more-concurrency": (
        [*LOOK, (280, "open_support_case", "render-fn", {}), (310, "post_status_update", None, {})],
        ("runaway not resolved", "users or the business were still hurt at the end"),
    ),
    "protect-checkout-only": (
        [
            *LOOK,
            (280, "set_reserved_concurrency_iac", "checkout-fn", {"value": 100}),
            (310, "post_status_update", None, {}),
        ],
        ("runaway not resolved", "users or the business were still hurt at the end"),
    ),
}


NEXT_RELEASE = ("iac_revert_drift", 1200)
