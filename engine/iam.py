"""IAM as state: identity policies on roles, key policies on KMS keys, resource policies.

The simulation asks three questions, each answered from configuration alone:

* :func:`role_allows` — does a role's identity policy allow an action on a resource?
  Explicit ``Deny`` wins; ``*`` and ``?`` wildcards work in actions and resources as in IAM.
* :func:`key_allows` — may a role use a KMS key? The key policy is authoritative: either it
  names the role, or it keeps the account-root statement (which delegates to IAM) and the
  role's policy allows the action. A key that is disabled or pending deletion allows nobody.
* :func:`resource_policy_allows` — does a resource policy (Lambda, SQS, SNS) let a service
  principal such as ``events.amazonaws.com`` in, optionally scoped to a source?

Resources are named by node id (glob patterns allowed) — the game's short form of an ARN.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

ADMIN_STATEMENT = {"effect": "Allow", "actions": ["*"], "resources": ["*"]}


def _matches(patterns: list[str], value: str, *, fold: bool) -> bool:
    subject = value.lower() if fold else value
    return any(fnmatchcase(subject, p.lower() if fold else p) for p in patterns)


def statement_matches(statement: dict[str, Any], action: str, resource: str) -> bool:
    """Whether one policy statement covers ``action`` on ``resource``."""
    return _matches(statement.get("actions", []), action, fold=True) and _matches(
        statement.get("resources", ["*"]), resource, fold=False
    )


def role_allows(role_config: dict[str, Any], action: str, resource: str) -> bool:
    """Evaluate a role's attached policies for ``action`` on ``resource`` (Deny wins)."""
    allowed = False
    for policy in role_config.get("policies", []):
        for statement in policy.get("statements", []):
            if not statement_matches(statement, action, resource):
                continue
            if statement.get("effect", "Allow") == "Deny":
                return False
            allowed = True
    return allowed


def is_admin_policy(policy: dict[str, Any]) -> bool:
    """An identity policy that allows every action on every resource."""
    return any(
        s.get("effect", "Allow") == "Allow" and "*" in s.get("actions", []) and "*" in s.get("resources", [])
        for s in policy.get("statements", [])
    )


def has_wildcard(policy: dict[str, Any]) -> bool:
    """A policy with a service-wide or global action wildcard (``s3:*``, ``kms:*``, ``*``)."""
    return any(
        s.get("effect", "Allow") == "Allow" and any(a == "*" or a.endswith(":*") for a in s.get("actions", []))
        for s in policy.get("statements", [])
    )


def key_usable(key_config: dict[str, Any]) -> bool:
    """A key can be used at all only while it is enabled."""
    return key_config.get("state", "Enabled") == "Enabled"


def key_allows(
    key_config: dict[str, Any], role_id: str | None, role_config: dict[str, Any] | None, action: str, key_id: str
) -> bool:
    """Whether ``role_id`` may perform KMS ``action`` with the key (key policy authoritative)."""
    if not key_usable(key_config) or role_id is None:
        return False
    policy = key_config.get("policy", {})
    if role_id in policy.get("users", []) or role_id in policy.get("admins", []):
        return True
    return (
        bool(policy.get("root_access", True)) and role_config is not None and role_allows(role_config, action, key_id)
    )


def resource_policy_allows(statements: list[dict[str, Any]], principal: str, source: str | None) -> bool:
    """Whether a resource policy admits ``principal`` (optionally from ``source``)."""
    for statement in statements:
        who = statement.get("principal", "")
        if who not in ("*", principal):
            continue
        scoped = statement.get("source")
        if scoped and (source is None or not fnmatchcase(source, scoped)):
            continue
        return True
    return False
