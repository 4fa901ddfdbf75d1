"""Scripted plays of cert-expiry (see tests/scenarios/scripted.py for the format). Seed 7 plays
the variant ``imported``; ``VARIANTS`` holds the right fix of the other."""

from __future__ import annotations

from scripted import Step

# The certificate expires at 04:00; customers write in from about 05:00.
LOOK: list[Step] = [
    (330, "view_metrics", "web-alb", {}),
    (370, "describe_certificate", "web-cert", {}),
    (400, "declare_incident", None, {}),
]

RIGHT: list[Step] = [
    *LOOK,
    (400, "reimport_certificate", "web-cert", {}),
    (440, "post_status_update", None, {"text": "Browsers reject our certificate; a renewed one is being installed."}),
    (1200, "end", None, {}),
]


# The same look finds an Amazon-issued certificate whose renewal failed: put its record back.
VARIANTS: dict[str, list[Step]] = {
    "validation-record-deleted": [
        *LOOK,
        (400, "iac_revert_drift", "web-cert", {}),
        (440, "post_status_update", None, {"text": "Browsers reject our certificate; its renewal is under way."}),
        (1200, "end", None, {}),
    ]
}


# The fast console "fix": browsers stop complaining because nothing is encrypted any more.
CONSOLE: list[Step] = [
    *LOOK,
    (400, "switch_listener_to_http", "web-alb", {}),
    (440, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "plain-http-and-go-back-to-bed": (
        [*CONSOLE, (900, "end", None, {})],
        (
            "alb-http-to-https-redirection-check",
            "change-outside-pipeline",
            "declared the incident over while cert-lapses was active",
            "acm-certificate-expiration-check left open",
        ),
    ),
    "wait-for-aws-support": (
        [*LOOK, (400, "open_support_case", "web-cert", {}), (440, "post_status_update", None, {})],
        ("cert-lapses not resolved", "users or the business were still hurt at the end"),
    ),
}
