"""Wildcard IAM (``wildcard-iam``): roles and users whose policies allow ``*`` actions
(``*`` or ``service:*``) or ``*`` resources, as the engine evaluates them
(:mod:`warroom.engine.iam`: a statement without ``resources`` means every resource)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Finding, Proposal, Resource, Severity, Topology
from ..registry import detector

PROPOSALS = {
    "iam_user": lambda r: [Proposal("leaked_access_key", r.id)],
    "iam_role": lambda r: [Proposal("log_delivery_stopped", r.id)],
}
"""Faults that exercise a broad grant: a leaked key used with it, or the least-privilege
clean-up of a wildcard that removes more than it meant to."""


def _wild(statement: dict[str, Any]) -> bool:
    actions = statement.get("actions", [])
    return any(a == "*" or a.endswith(":*") for a in actions) or "*" in statement.get("resources", ["*"])


def _admin(statement: dict[str, Any]) -> bool:
    return "*" in statement.get("actions", []) and "*" in statement.get("resources", ["*"])


def _describe(policy: str, statement: dict[str, Any]) -> str:
    actions = ", ".join(statement.get("actions", []))
    resources = ", ".join(statement.get("resources", ["*"]))
    return f"policy {policy!r}: {actions} on {resources}"


def _wildcards(resource: Resource) -> list[tuple[str, dict[str, Any]]]:
    return [
        (policy.get("name", "?"), statement)
        for policy in resource.config.get("policies", [])
        for statement in policy.get("statements", [])
        if statement.get("effect", "Allow") == "Allow" and _wild(statement)
    ]


@detector("wildcard-iam", "a role or user allowed * actions or * resources", order=7, domain="security", tasks=("6.1",))
def wildcard_iam(topo: Topology) -> Iterator[Finding]:
    """Identities with an Allow statement on ``*`` actions or resources."""
    for resource in topo.of_type(*PROPOSALS):
        found = _wildcards(resource)
        if not found:
            continue
        admin = any(_admin(s) for _, s in found)
        users = topo.sources(resource.id, "uses_role")
        holder = f" (used by {', '.join(users)})" if users else ""
        yield Finding(
            kind="wildcard-iam",
            severity=Severity.HIGH if admin else Severity.MEDIUM,
            nodes=(resource.id, *users),
            title=f"{resource.id}{holder} allows {'everything' if admin else 'wildcards'}: "
            + "; ".join(_describe(p, s) for p, s in found),
            why=(
                f"{resource.id} grants more than its work needs. Whoever gets its credentials — a leaked access "
                "key, a compromised dependency in the function — can do all of it, and CloudTrail is the only "
                "record; the AWS Config managed rule IAM_POLICY_NO_STATEMENTS_WITH_"
                f"{'ADMIN' if admin else 'FULL'}_ACCESS reports it. Tightening it by hand later is how outages "
                "start: the clean-up removes a permission something still used."
            ),
            fix=(
                f"replace the wildcards on {resource.id} with the actions and resources it uses (IAM Access "
                "Analyzer's policy generation reads them from CloudTrail), deployed through the pipeline"
            ),
            proposals=tuple(PROPOSALS[resource.type](resource)),
        )
