"""Incident-response faults on asynchronous paths: a silent EventBridge rule, a poison message."""

from __future__ import annotations

import copy
from typing import Any, Literal

from pydantic import Field

from ..patterns import matches
from ..resources.base import StrictModel
from ..resources.messaging import event_mix
from ..world import World
from .base import FAULTS, Fault, FaultType


class SilentRuleParams(StrictModel):
    mode: Literal["disabled", "permission", "pattern"]
    by: str = Field("ops-automation", description="who made the change")
    new_source: str | None = Field(None, description="pattern mode: the source the producer sends from now on")


@FAULTS.register
class SilentRule(FaultType):
    """An EventBridge rule stops delivering, and nothing alarms.

    * ``disabled`` — someone disabled the rule (CloudTrail ``DisableRule``); it matches
      nothing and publishes no metrics at all.
    * ``permission`` — a redeploy dropped the target function's resource-policy statement
      for ``events.amazonaws.com``; every invocation fails (``FailedInvocations``), is not
      retried, and is lost unless the rule has a dead-letter queue.
    * ``pattern`` — the producer's release renamed its event ``source``; the rule's pattern
      matches none of the events on the bus, so nothing happens at all.

    Work downstream simply stops: the business KPI falls and customers write in.
    """

    id = "eventbridge_rule_silent"
    family = "silent eventbridge rule"
    targets = ("eventbridge_rule",)
    Params = SilentRuleParams

    def _targets(self, fault: Fault, world: World) -> list[str]:
        rule = world.nodes[fault.target]
        return rule.type.targets(rule, world)  # type: ignore[attr-defined,no-any-return]

    def _producers(self, fault: Fault, world: World) -> list[tuple[str, str]]:
        """(producer, bus) pairs whose events the rule's template pattern is meant to match."""
        rule = world.nodes[fault.target]
        intended = (rule.template or rule.config)["pattern"]
        pairs = []
        for bus in world.trigger_in[fault.target]:
            for producer in world.callers[bus] + world.trigger_in[bus]:
                if matches(intended, world.event_of(producer, bus)) or producer in fault.memory.get("producers", []):
                    pairs.append((producer, bus))
        return pairs

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        fault = Fault("check", self, target, params, 0)
        if params["mode"] == "permission" and not any(
            "resource_policy" in world.nodes[t].config for t in self._targets(fault, world)
        ):
            return f"{target} has no target with a resource policy to break"
        if params["mode"] == "pattern" and not self._producers(fault, world):
            return f"no producer on {target}'s bus sends events its pattern matches"
        return None

    def inject(self, fault: Fault, sim: Any) -> None:
        world = sim.world
        mode = fault.params["mode"]
        who = f"arn:aws:iam::123456789012:user/{fault.params['by']}"
        if mode == "disabled":
            world.set_config(fault.target, "state", "DISABLED")
            sim.record_trail("DisableRule", "events.amazonaws.com", who, fault.target)
        elif mode == "permission":
            for target in self._targets(fault, world):
                node = world.nodes[target]
                if "resource_policy" not in node.config:
                    continue
                kept = [s for s in node.config["resource_policy"] if s.get("principal") != "events.amazonaws.com"]
                world.set_config(target, "resource_policy", kept)
                if node.template is not None:
                    world.set_template(target, "resource_policy", copy.deepcopy(kept))
                sim.record_trail(
                    "RemovePermission20150331v2",
                    "lambda.amazonaws.com",
                    "arn:aws:sts::123456789012:assumed-role/pipeline-deploy-role",
                    target,
                    "stack update replaced the function's permissions",
                )
        else:
            pairs = self._producers(fault, world)
            fault.memory["producers"] = sorted({p for p, _ in pairs})
            for producer, bus in pairs:
                event = copy.deepcopy(world.event_of(producer, bus))
                old = event.get("source", "")
                event["source"] = fault.params["new_source"] or f"{old}.v2"
                world.set_edge_attr(producer, bus, "event", event)
                world.touch(bus)
                world.touch(fault.target)
        world.touch(fault.target)

    def active(self, fault: Fault, world: World) -> bool:
        rule = world.nodes[fault.target]
        mode = fault.params["mode"]
        if mode == "disabled":
            return bool(rule.config["state"] != "ENABLED")
        if mode == "permission":
            return any(not world.admits(t, "events.amazonaws.com", fault.target) for t in self._targets(fault, world))
        events = [e for bus in world.trigger_in[fault.target] for _, e in event_mix(world.nodes[bus], world)]
        produced = [world.event_of(p, b) for p, b in self._producers(fault, world)]
        return not any(matches(rule.config["pattern"], e) for e in produced or events)

    def watch(self, fault: Fault, world: World) -> set[str]:
        return {fault.target, *self._targets(fault, world), *world.trigger_in[fault.target]}

    def evidence(self, fault: Fault, world: World) -> set[str]:
        mode = fault.params["mode"]
        if mode == "disabled":
            return {f"rule-state:{fault.target}", f"trail:{fault.target}:DisableRule"}
        if mode == "permission":
            return {f"policy:{t}" for t in self._targets(fault, world)}
        return {f"rule-pattern:{fault.target}"}

    def explain(self, fault: Fault) -> str:
        mode = fault.params["mode"]
        return {
            "disabled": f"{fault.params['by']} disabled rule {fault.target}; nothing it should trigger runs.",
            "permission": f"A redeploy removed the events.amazonaws.com statement from the resource policy of "
            f"{fault.target}'s target; every invocation fails permanently.",
            "pattern": f"The producer now sends events with a new source; the pattern of {fault.target} no longer "
            "matches anything.",
        }[mode]


RELEASE_CHECK = 15  # seconds between looks at what a FIFO queue's unblocked group delivered


class PoisonParams(StrictModel):
    count: int = Field(1, ge=1, le=100, description="messages that fail every time they are processed")


@FAULTS.register
class PoisonMessage(FaultType):
    """A message the consumer can never process arrives on a queue.

    It fails on every receive; without ReportBatchItemFailures it takes its whole batch
    down with it; without a redrive policy it never leaves (``ApproximateAgeOfOldestMessage``
    climbs forever); in a FIFO queue it blocks its message group. Active while it is in the
    queue.
    """

    id = "sqs_poison_message"
    family = "poison message"
    targets = ("sqs_queue",)
    Params = PoisonParams

    def check_target(self, world: World, target: str, params: dict[str, Any]) -> str | None:
        return None if world.trigger_out[target] else f"{target} has no consumer to fail"

    def inject(self, fault: Fault, sim: Any) -> None:
        queue = sim.world.nodes[fault.target]
        sim.world.set_status(
            fault.target,
            poison=queue.status["poison"] + fault.params["count"],
            depth=queue.status["depth"] + fault.params["count"],
        )
        sim.world.start_ticking(fault.target)
        if queue.config["fifo"]:
            sim.fault_timer(fault.key, RELEASE_CHECK, "released")

    def on_timer(self, fault: Fault, sim: Any, tag: str) -> None:
        """A FIFO group's backlog, delivered late once the bad message left, is work recovered."""
        sim.fault_timer(fault.key, RELEASE_CHECK, "released")
        released = float(sim.world.nodes[fault.target].status.get("released", 0.0))
        if released >= 1:
            sim.world.set_status(fault.target, released=0.0)
            sim.recover_work(fault.target, released, f"{released:.0f} messages held behind the bad message delivered")

    def active(self, fault: Fault, world: World) -> bool:
        return bool(world.nodes[fault.target].status["poison"] > 0)

    def evidence(self, fault: Fault, world: World) -> set[str]:
        return {f"queue:{fault.target}", *(f"logs:{c}" for c in world.trigger_out[fault.target])}

    def explain(self, fault: Fault) -> str:
        return f"{fault.params['count']} malformed message(s) in {fault.target} fail on every receive."
