"""IAM as state: identity policies (Deny wins, wildcards), KMS key policies, resource policies."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from warroom.engine import iam

from .kit import fuzz_settings


def role(*statements: dict) -> dict:
    return {"policies": [{"name": f"p{i}", "statements": [s]} for i, s in enumerate(statements)]}


def allow(actions: list[str], resources: list[str] | None = None) -> dict:
    statement = {"effect": "Allow", "actions": actions}
    if resources is not None:
        statement["resources"] = resources
    return statement


def deny(actions: list[str], resources: list[str] | None = None) -> dict:
    return {**allow(actions, resources), "effect": "Deny"}


@pytest.mark.parametrize(
    ("policy", "action", "resource", "expected"),
    [
        (role(allow(["s3:GetObject"], ["bucket"])), "s3:GetObject", "bucket", True),
        (role(allow(["s3:GetObject"], ["bucket"])), "s3:PutObject", "bucket", False),
        (role(allow(["s3:GetObject"], ["bucket"])), "s3:GetObject", "other-bucket", False),
        (role(allow(["s3:*"], ["*"])), "s3:DeleteObject", "anything", True),
        (role(allow(["s3:Get*"], ["bucket"])), "s3:GetObjectVersion", "bucket", True),
        (role(allow(["s3:Get*"], ["bucket"])), "s3:PutObject", "bucket", False),
        (role(allow(["s3:GetObjec?"], ["bucket"])), "s3:GetObject", "bucket", True),
        (role(allow(["*"], ["*"])), "kms:Decrypt", "key", True),
        (role(allow(["dynamodb:PutItem"], ["orders-*"])), "dynamodb:PutItem", "orders-table", True),
        (role(allow(["dynamodb:PutItem"], ["orders-*"])), "dynamodb:PutItem", "catalog-table", False),
        (role(allow(["dynamodb:PutItem"])), "dynamodb:PutItem", "any-table", True),  # Resource defaults to *
        # IAM action names are case-insensitive; resource names are not.
        (role(allow(["S3:getobject"], ["bucket"])), "s3:GetObject", "bucket", True),
        (role(allow(["s3:GetObject"], ["Bucket"])), "s3:GetObject", "bucket", False),
        # An explicit Deny wins, in the same policy or another one, however broad the Allow.
        (role(allow(["*"], ["*"]), deny(["s3:GetObject"], ["bucket"])), "s3:GetObject", "bucket", False),
        (role(deny(["s3:*"], ["*"]), allow(["s3:GetObject"], ["bucket"])), "s3:GetObject", "bucket", False),
        (role(allow(["*"], ["*"]), deny(["s3:GetObject"], ["bucket"])), "s3:GetObject", "other", True),
        (
            {"policies": [{"name": "x", "statements": [allow(["s3:GetObject"]), deny(["s3:Get*"])]}]},
            "s3:GetObject",
            "bucket",
            False,
        ),
        ({"policies": []}, "s3:GetObject", "bucket", False),
        ({}, "s3:GetObject", "bucket", False),
    ],
)
def test_role_allows(policy: dict, action: str, resource: str, expected: bool) -> None:
    assert iam.role_allows(policy, action, resource) is expected


ACTIONS = st.sampled_from(["s3:GetObject", "s3:PutObject", "kms:Decrypt", "sqs:SendMessage", "lambda:InvokeFunction"])
RESOURCES = st.sampled_from(["orders-table", "orders-queue", "bucket", "key", "fn"])
PATTERNS = st.one_of(
    ACTIONS,
    st.sampled_from(["*", "s3:*", "kms:*", "s3:Get*", "*Object", "sqs:?endMessage"]),
)
RESOURCE_PATTERNS = st.one_of(RESOURCES, st.sampled_from(["*", "orders-*", "b?cket"]))
STATEMENTS = st.builds(
    lambda effect, actions, resources: {"effect": effect, "actions": actions, "resources": resources},
    st.sampled_from(["Allow", "Deny"]),
    st.lists(PATTERNS, min_size=1, max_size=3),
    st.lists(RESOURCE_PATTERNS, min_size=1, max_size=2),
)


@fuzz_settings(300)
@given(statements=st.lists(STATEMENTS, max_size=5), action=ACTIONS, resource=RESOURCES)
def test_deny_wins_and_allow_only_adds(statements: list[dict], action: str, resource: str) -> None:
    policy = role(*statements)
    before = iam.role_allows(policy, action, resource)
    # Adding an Allow that covers the request grants it unless a Deny covers it.
    with_allow = role(*statements, allow([action], [resource]))
    denied = any(s["effect"] == "Deny" and iam.statement_matches(s, action, resource) for s in statements)
    assert iam.role_allows(with_allow, action, resource) is (not denied)
    # Adding a Deny that covers the request always refuses it.
    assert iam.role_allows(role(*statements, deny([action], [resource])), action, resource) is False
    # A Deny for something else changes nothing.
    assert iam.role_allows(role(*statements, deny(["ec2:RunInstances"], ["*"])), action, resource) is before


ADMIN = role(iam.ADMIN_STATEMENT)
DECRYPT = role(allow(["kms:Decrypt"], ["key"]))


@pytest.mark.parametrize(
    ("key", "role_id", "role_config", "expected"),
    [
        # The account-root statement delegates to IAM: the role's policy decides.
        ({"policy": {"root_access": True}}, "app-role", DECRYPT, True),
        ({"policy": {"root_access": True}}, "app-role", role(), False),
        # Without the root statement only roles the key policy names may use the key;
        # AdministratorAccess changes nothing.
        ({"policy": {"root_access": False, "users": ["legacy"]}}, "app-role", ADMIN, False),
        ({"policy": {"root_access": False, "users": ["app-role"]}}, "app-role", role(), True),
        ({"policy": {"root_access": False, "admins": ["app-role"]}}, "app-role", role(), True),
        # A disabled key, or one pending deletion, refuses everyone, named or not.
        ({"state": "Disabled", "policy": {"users": ["app-role"]}}, "app-role", ADMIN, False),
        ({"state": "PendingDeletion", "policy": {"root_access": True}}, "app-role", ADMIN, False),
        # Nothing runs as no role at all.
        ({"policy": {"root_access": True}}, None, None, False),
    ],
)
def test_key_allows(key: dict, role_id: str | None, role_config: dict | None, expected: bool) -> None:
    assert iam.key_allows(key, role_id, role_config, "kms:Decrypt", "key") is expected


@pytest.mark.parametrize(
    ("statements", "principal", "source", "expected"),
    [
        ([{"principal": "events.amazonaws.com", "source": "rule-a"}], "events.amazonaws.com", "rule-a", True),
        ([{"principal": "events.amazonaws.com", "source": "rule-a"}], "events.amazonaws.com", "rule-b", False),
        ([{"principal": "events.amazonaws.com", "source": "rule-*"}], "events.amazonaws.com", "rule-b", True),
        ([{"principal": "events.amazonaws.com"}], "events.amazonaws.com", "any-rule", True),
        ([{"principal": "apigateway.amazonaws.com"}], "events.amazonaws.com", "rule-a", False),
        ([{"principal": "*"}], "sns.amazonaws.com", "topic", True),
        ([], "events.amazonaws.com", "rule-a", False),
    ],
)
def test_resource_policy_allows(statements: list[dict], principal: str, source: str, expected: bool) -> None:
    assert iam.resource_policy_allows(statements, principal, source) is expected


@pytest.mark.parametrize(
    ("policy", "admin", "wildcard"),
    [
        ({"statements": [iam.ADMIN_STATEMENT]}, True, True),
        ({"statements": [allow(["s3:*"], ["*"])]}, False, True),
        ({"statements": [allow(["s3:GetObject"], ["*"])]}, False, False),
        ({"statements": [deny(["*"], ["*"])]}, False, False),
    ],
)
def test_admin_and_wildcard_policies(policy: dict, admin: bool, wildcard: bool) -> None:
    assert iam.is_admin_policy(policy) is admin
    assert iam.has_wildcard(policy) is wildcard
