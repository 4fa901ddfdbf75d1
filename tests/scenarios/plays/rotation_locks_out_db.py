"""Scripted plays of rotation-locks-out-db (see tests/scenarios/scripted.py for the format)."""

from __future__ import annotations

from scripted import Step

FINISH = {"action": "secretsmanager:UpdateSecretVersionStage", "resource": "db-secret"}

RIGHT: list[Step] = [
    (200, "query_logs", "bookings-db", {}),
    (200, "declare_incident", None, {"severity": "SEV2"}),
    (260, "describe_secret", "db-secret", {}),
    (290, "finish_secret_rotation", "db-secret", {}),
    (340, "recycle_connections", "api-svc", {}),
    (340, "grant_permission_iac", "rotation-role", FINISH),
    (
        530,
        "post_status_update",
        None,
        {"text": "Bookings failed for about ten minutes after a credential rotation; fixed."},
    ),
    (1500, "end", None, {}),
]


CONSOLE: list[Step] = [
    (200, "query_logs", "bookings-db", {}),
    (200, "declare_incident", None, {"severity": "SEV2"}),
    (260, "describe_secret", "db-secret", {}),
    (290, "finish_secret_rotation", "db-secret", {}),
    (340, "recycle_connections", "api-svc", {}),
    (530, "grant_permission", "rotation-role", FINISH),
    (530, "post_status_update", None, {}),
]


WRONG: dict[str, tuple[list[Step], tuple[str, ...]]] = {
    "restart-first": (
        [
            (200, "query_logs", "bookings-db", {}),
            (200, "declare_incident", None, {}),
            (230, "recycle_connections", "api-svc", {}),
            (430, "post_status_update", None, {}),
        ],
        ("rotation not resolved", "users or the business were still hurt at the end"),
    ),
    "plaintext-password": (
        [
            (200, "query_logs", "bookings-db", {}),
            (200, "declare_incident", None, {}),
            (260, "describe_secret", "db-secret", {}),
            (290, "hardcode_db_password", "api-svc", {}),
            (420, "post_status_update", None, {}),
        ],
        ("secret-in-plaintext", "change-outside-pipeline", "rotation not resolved"),
    ),
    "disable-rotation": (
        [
            (200, "query_logs", "bookings-db", {}),
            (200, "declare_incident", None, {}),
            (260, "set_secret_rotation", "db-secret", {"enabled": False}),
            (300, "post_status_update", None, {}),
        ],
        ("secretsmanager-rotation-enabled-check", "change-outside-pipeline", "rotation not resolved"),
    ),
}


NEXT_RELEASE = ("iac_revert_drift", 1080)
