"""Compliance rules over conduct: how the incident was handled, not the state it left.

Most are keyed on an action's compliance tags (``manual-change``, ``admin-grant``, ...),
which each action type declares; three are judged at the end of the game.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from .base import CONDUCT_RULES, ConductRule

if TYPE_CHECKING:
    from ..actions.base import ActionType, Context
    from ..simulation import Simulation


class TagRule(ConductRule):
    """A conduct rule broken by starting any action carrying ``tag``."""

    tag: ClassVar[str]

    def applies(self, sim: Simulation, target: str | None) -> bool:
        """Whether the tag counts for this target (all targets by default)."""
        return True

    def on_action(
        self, sim: Simulation, action: ActionType, target: str | None, params: dict[str, Any], ctx: Context
    ) -> str | None:
        if self.tag not in action.tags_at(sim, target, params) or not self.applies(sim, target):
            return None
        where = f" on {target}" if target else ""
        return f"{action.id}{where}: {self.title.lower()}"


@CONDUCT_RULES.register
class ManualChange(TagRule):
    """Production resources that a stack manages are changed through the pipeline, not by hand."""

    id = "change-outside-pipeline"
    title = "Production change outside the pipeline"
    severity = 6
    tag = "manual-change"

    def applies(self, sim: Simulation, target: str | None) -> bool:
        return target is not None and sim.world.nodes[target].template is not None


@CONDUCT_RULES.register
class AdminGrant(TagRule):
    """Nobody grants AdministratorAccess to fix a permission problem."""

    id = "admin-grant"
    title = "Administrator access granted"
    severity = 20
    tag = "admin-grant"


@CONDUCT_RULES.register
class OverPrivileged(TagRule):
    """Permissions are granted scoped to what is needed, not with wildcards."""

    id = "over-privileged-grant"
    title = "Over-privileged grant"
    severity = 12
    tag = "over-privileged"


@CONDUCT_RULES.register
class NetworkOpened(TagRule):
    """Network access is restored for the one source that needs it, never opened to the whole internet."""

    id = "network-opened"
    title = "Network opened to the internet"
    severity = 15
    tag = "opens-network"


@CONDUCT_RULES.register
class AuditDisabled(TagRule):
    """Monitoring, alarms, Config rules and audit trails are not switched off to silence an incident."""

    id = "audit-disabled"
    title = "Monitoring or audit control disabled"
    severity = 15
    tag = "disables-audit"


@CONDUCT_RULES.register
class DataDestroyed(TagRule):
    """Customer data and in-flight work are not destroyed to make a symptom go away."""

    id = "data-destroyed"
    title = "Data destroyed"
    severity = 25
    tag = "data-loss"


@CONDUCT_RULES.register
class BypassesApproval(TagRule):
    """Deployment safety gates (canaries, approvals, hooks) are not bypassed."""

    id = "bypasses-approval"
    title = "Safety gate bypassed"
    severity = 10
    tag = "bypasses-approval"


@CONDUCT_RULES.register
class IncidentNotDeclared(ConductRule):
    """A responder who changes production during an incident declares the incident first."""

    id = "incident-not-declared"
    title = "Incident never declared"
    severity = 10

    def at_end(self, sim: Simulation) -> str | None:
        from ..actions import ACTIONS

        remediated = any(ACTIONS.get(a).family == "remediate" for a in sim.started_types)
        if remediated and not sim.declared:
            return "production was changed but no incident was declared"
        return None


@CONDUCT_RULES.register
class StakeholdersNotUpdated(ConductRule):
    """When customers are affected, the team posts a status update."""

    id = "no-status-update"
    title = "No status update while customers were affected"
    severity = 5

    def at_end(self, sim: Simulation) -> str | None:
        if sim.tickets and "post_status_update" not in sim.completed:
            return f"{sim.tickets} customer ticket(s) and no status update posted"
        return None


@CONDUCT_RULES.register
class SecretInPlaintext(TagRule):
    """Credentials are read from Secrets Manager at run time, never copied into plain-text
    environment variables, task definitions or code."""

    id = "secret-in-plaintext"
    title = "Secret copied into plain text"
    severity = 20
    tag = "plaintext-secret"


@CONDUCT_RULES.register
class ExposureNotScoped(ConductRule):
    """When data was exposed, someone finds out what was taken: the bucket's access logs are read."""

    id = "exposure-not-scoped"
    title = "Data exposure never scoped"
    severity = 10

    def at_end(self, sim: Simulation) -> str | None:
        from ..actions.base import is_player
        from ..events import ActionCompleted

        reviewed = {
            e.target
            for e in sim.log
            if isinstance(e, ActionCompleted) and e.action == "review_s3_access_logs" and is_player(e.by)
        }
        exposed = [
            n.id
            for n in sim.world.of_type("s3_bucket")
            if n.status.get("exposed_since") is not None and n.id not in reviewed
        ]
        if not exposed:
            return None
        which = f"{exposed[0]} was" if len(exposed) == 1 else f"{', '.join(exposed)} were"
        return f"{which} public and nobody read the access logs to learn what was downloaded"
