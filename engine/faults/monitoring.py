"""Monitoring faults: an alarm that cannot fire, logs that stop arriving."""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import Field

from .. import iam
from ..resources.base import StrictModel
from ..world import World
from .base import FAULTS, Fault, FaultType
from .policies import revoke_actions


class SilentAlarmParams(StrictModel):
    mode: Literal["metric_name", "qualifier", "threshold"]
    metric: str | None = Field(None, description="metric_name: the wrong name (default: the right one minus its 's')")
    qualifier: str | None = Field(None, description="qualifier: the alias or version that does not exist")


def alarm_blind(world: World, alarm_id: str) -> str | None:
    """Why an alarm can never see its metric (wrong name, wrong dimension), or ``None``."""
    alarm = world.nodes[alarm_id]
    watched = world.related(alarm_id, "monitors")
    if not watched:
        return "it monitors nothing"
    resource = world.nodes[watched[0]]
    spec = resource.type.metric(alarm.config["metric"])
    if spec is None:
        return f"{resource.type.id} publishes no metric {alarm.config['metric']!r}"
    qualifier = alarm.config["qualifier"]
    if qualifier:
        known = set(resource.config.get("traffic", {})) | set(resource.status.get("versions", {}))
        known.add(resource.config.get("alias", ""))
        if not spec.qualified or qualifier not in known:
            return f"no datapoints exist for dimension {qualifier!r}"
    return None


@FAULTS.register
class SilentAlarm(FaultType):
    """A CloudWatch alarm is misconfigured so that it can never fire: its metric name or
    dimension matches nothing the resource publishes (and missing data is treated as not
    breaching), or its threshold is out of reach. The mistake is in the template too.
    Active until the alarm could fire again on what it is for: a wrong metric name is fixed
    by the right one, not by any metric that exists."""

    id = "silent_alarm"
    family = "silent alarm"
    targets = ("cloudwatch_alarm",)
    Params = SilentAlarmParams

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        alarm = world.nodes[fault.target]
        p = fault.params
        fault.memory["threshold"] = alarm.config["threshold"]
        if p["mode"] == "metric_name":
            fault.memory["metric"] = alarm.config["metric"]
            values: dict[str, Any] = {
                "metric": p["metric"] or alarm.config["metric"].rstrip("s"),
                "treat_missing_data": "notBreaching",
            }
        elif p["mode"] == "qualifier":
            values = {"qualifier": p["qualifier"] or "prod", "treat_missing_data": "notBreaching"}
        else:
            values = {"threshold": alarm.config["threshold"] * 100}
        for key, value in values.items():
            world.set_config(fault.target, key, value)
            if alarm.template is not None:
                world.set_template(fault.target, key, copy.deepcopy(value))

    def active(self, fault: Fault, world: World) -> bool:
        if fault.params["mode"] == "threshold":
            return bool(world.nodes[fault.target].config["threshold"] > fault.memory["threshold"] * 10)
        if "metric" in fault.memory and world.nodes[fault.target].config["metric"] != fault.memory["metric"]:
            return True  # pointing it at some other metric that exists silences it just the same
        return alarm_blind(world, fault.target) is not None

    def evidence(self, fault: Fault, world: World) -> set[str]:
        return {f"alarm:{fault.target}"}

    def explain(self, fault: Fault) -> str:
        return {
            "metric_name": f"Alarm {fault.target} watches a metric name that does not exist and treats missing "
            "data as not breaching, so it stays OK whatever happens.",
            "qualifier": f"Alarm {fault.target} watches an alias dimension that publishes nothing, and treats "
            "missing data as not breaching.",
            "threshold": f"Alarm {fault.target}'s threshold is a hundred times too high.",
        }[fault.params["mode"]]


class LogDeliveryParams(StrictModel):
    by: str = Field("secops-bot", description="who tightened the policy (an IAM user, or a note for the pipeline)")
    through_pipeline: bool = Field(
        False, description="the tightened policy shipped through the stack: the template lacks logs:* too"
    )
    detail: str = Field("least-privilege cleanup removed logs:*", description="what CloudTrail's entry says")


@FAULTS.register
class LogDeliveryStopped(FaultType):
    """A role loses ``logs:PutLogEvents``: its functions keep running but their logs stop
    arriving — and are lost — an audit gap, and a blind spot in the next incident. Either
    the policy was tightened by hand (the template still has the permission), or the
    tightened policy shipped through the pipeline (with ``through_pipeline``: a console fix
    drifts, and the next stack update removes it again). Active while the role cannot
    write logs."""

    id = "log_delivery_stopped"
    family = "log delivery"
    targets = ("iam_role",)
    Params = LogDeliveryParams

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        role = world.nodes[fault.target]
        pipeline = fault.params["through_pipeline"] and role.template is not None
        holders = ("config", "template") if pipeline else ("config",)
        revoke_actions(world, fault.target, lambda action: action.lower().startswith("logs:"), holders)
        who = (
            "arn:aws:sts::123456789012:assumed-role/pipeline-deploy-role"
            if pipeline
            else f"arn:aws:iam::123456789012:user/{fault.params['by']}"
        )
        detail = fault.params["detail"] + (f" ({fault.params['by']})" if pipeline else "")
        sim.record_trail("PutRolePolicy", "iam.amazonaws.com", who, fault.target, detail)

    def _groups(self, fault: Fault, world: World) -> list[str]:
        return sorted(
            {
                g
                for user in world.role_users.get(fault.target, ())
                for g in world.trigger_out[user]
                if world.nodes[g].type.id == "log_group"
            }
        )

    def active(self, fault: Fault, world: World) -> bool:
        role = world.nodes[fault.target].config
        return any(not iam.role_allows(role, "logs:PutLogEvents", g) for g in self._groups(fault, world))

    def watch(self, fault: Fault, world: World) -> set[str]:
        return {fault.target, *self._groups(fault, world)}

    def evidence(self, fault: Fault, world: World) -> set[str]:
        users = world.role_users.get(fault.target, [])
        return {f"iam:{fault.target}", *(f"logs-missing:{u}" for u in users)}

    def explain(self, fault: Fault) -> str:
        return f"Role {fault.target} lost logs:PutLogEvents; the functions using it stopped shipping logs."
