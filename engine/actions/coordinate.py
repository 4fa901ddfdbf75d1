"""Coordination: declare the incident, keep people informed, bring in more hands."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ..resources.base import StrictModel
from .base import ActionType, Context, Outcome
from .kit import registered


class SeverityParams(StrictModel):
    severity: Literal["SEV1", "SEV2", "SEV3", "SEV4"] = "SEV2"


@registered
class DeclareIncident(ActionType):
    """Declare the incident: open the channel, name an incident commander, start the timeline."""

    id = "declare_incident"
    title = "Declare incident"
    family = "coordinate"
    Params = SeverityParams
    channel = "comms"
    duration = 30

    def precondition(self, sim: Any, target: str | None, params: dict[str, Any]) -> str | None:
        return "the incident is already declared" if sim.declared else None

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        sim.declare_incident(params["severity"])
        return Outcome(f"{params['severity']} incident declared; #inc channel open, incident commander {ctx.by}")


class UpdateParams(StrictModel):
    audience: Literal["internal", "customers"] = "customers"
    text: str = Field("We are investigating elevated errors and will update within 30 minutes.", max_length=500)


@registered
class PostStatusUpdate(ActionType):
    """Post a status update to stakeholders or to the public status page."""

    id = "post_status_update"
    title = "Post status update"
    family = "coordinate"
    Params = UpdateParams
    channel = "comms"
    duration = 60

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        where = "status page" if params["audience"] == "customers" else "#incident channel"
        sim.post_message(ctx.by, "status-page" if params["audience"] == "customers" else "slack", params["text"])
        return Outcome(f"update posted to the {where}")


@registered
class PageResponder(ActionType):
    """Page another on-call engineer; they join after about ten minutes."""

    id = "page_responder"
    title = "Page another responder"
    family = "coordinate"
    channel = "comms"
    duration = 600
    cost_cents = 20000

    def apply(self, sim: Any, target: str | None, params: dict[str, Any], ctx: Context) -> Outcome:
        sim.responders += 1
        return Outcome(f"a responder joined; the team is now {sim.responders}")
