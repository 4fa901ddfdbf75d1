"""Scripted plays of leaked-key (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

# Runs past Dana's stack update at 20m, which re-applies ci-deployer's template: the rotation
# is in the template, so the leaked key stays dead.
RIGHT: list[Step] = [
    (240, "describe_concurrency", "authorize-fn", {}),
    (270, "lookup_cloudtrail", "statements-fn", {}),
    (315, "deactivate_access_key", "ci-deployer", {}),
    (330, "declare_incident", None, {"severity": "SEV1"}),
    (360, "rotate_access_key_iac", "ci-deployer", {}),
    (360, "lookup_cloudtrail", "ci-deployer", {}),
    (405, "terminate_rogue_instances", "ci-deployer", {}),
    (600, "post_status_update", None, {"text": "Card payments recovered at 11:26; a leaked CI key was used."}),
    (660, "set_reserved_concurrency", "statements-fn", {"value": 0}),
    (1500, "end", None, {}),
]


CONSOLE: list[Step] = [
    (240, "describe_concurrency", "authorize-fn", {}),
    (270, "lookup_cloudtrail", "statements-fn", {}),
    (315, "deactivate_access_key", "ci-deployer", {}),
    (330, "declare_incident", None, {"severity": "SEV1"}),
    (360, "rotate_access_key", "ci-deployer", {}),
    (360, "lookup_cloudtrail", "ci-deployer", {}),
    (420, "terminate_rogue_instances", "ci-deployer", {}),
    (540, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "watch-the-attacker": (
        [
            (240, "describe_concurrency", "authorize-fn", {}),
            (270, "lookup_cloudtrail", "statements-fn", {}),
            (330, "declare_incident", None, {"severity": "SEV1"}),
            (360, "review_guardduty", None, {}),
            (420, "lookup_cloudtrail", "ci-deployer", {}),
            (500, "post_status_update", None, {}),
            (960, "deactivate_access_key", "ci-deployer", {}),
            (990, "rotate_access_key_iac", "ci-deployer", {}),
            (990, "terminate_rogue_instances", "ci-deployer", {}),
        ],
        ("users hurt for", "infrastructure above the normal run rate", "resolved leak after"),
    ),
    "admin-for-the-responder": (
        [
            (240, "describe_concurrency", "authorize-fn", {}),
            (270, "lookup_cloudtrail", "statements-fn", {}),
            (315, "attach_admin_policy", "oncall-role", {}),
            (335, "deactivate_access_key", "ci-deployer", {}),
            (340, "declare_incident", None, {"severity": "SEV1"}),
            (360, "rotate_access_key_iac", "ci-deployer", {}),
            (380, "lookup_cloudtrail", "ci-deployer", {}),
            (425, "terminate_rogue_instances", "ci-deployer", {}),
            (600, "post_status_update", None, {}),
        ],
        ("admin-grant", "iam-policy-no-statements-with-admin-access"),
    ),
}


NEXT_RELEASE = ("iac_revert_drift", 1200)
