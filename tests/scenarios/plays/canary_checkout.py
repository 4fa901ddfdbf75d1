"""Scripted plays of canary-checkout (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

# Runs past Dana's release (the smoke test and the window tests play it too). Fixing the
# alarm before the revert deployment has finished would make CodeDeploy stop the revert —
# so the alarm is fixed after it.
RIGHT: list[Step] = [
    (540, "describe_deployment", "checkout-dg", {}),
    (600, "pipeline_revert", "shop-pipeline", {}),
    (600, "declare_incident", None, {}),
    (640, "post_status_update", None, {"text": "Some card payments are failing at checkout. We are rolling back."}),
    (1121, "fix_alarm_iac", "checkout-errors", {"qualifier": "live", "treat_missing_data": "breaching"}),
    (1500, "end", None, {}),
]


CONSOLE: list[Step] = [
    (540, "describe_deployment", "checkout-dg", {}),
    (570, "shift_alias", "checkout-fn", {"version": "41"}),
    (600, "declare_incident", None, {}),
    (640, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "mute-the-pager": (
        [
            (540, "describe_deployment", "checkout-dg", {}),
            (600, "declare_incident", None, {}),
            (640, "post_status_update", None, {}),
            (730, "mute_alarm", "api-5xx", {}),
        ],
        ("audit-disabled", "cloudwatch-alarm-action-check"),
    )
}


NEXT_RELEASE = ("release_pipeline", 1200)
