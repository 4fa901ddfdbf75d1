"""The simulation: one game of one scenario with one seed (DESIGN §3–§8).

:class:`Simulation` owns time. ``step()`` advances one tick: due timers fire (injects,
action completions, deployment steps, health checks, alarm evaluations), stateful
resources tick, the world propagates what changed, and the consequences are judged —
fault predicates, compliance rules, the service level, KPIs and spend — but only for what
changed. ``submit()`` applies a command at the current tick.

The simulation writes an event log. Visible events are what the player sees; the rest is
the truth that :mod:`engine.scoring` reads. Same scenario + seed + commands ⇒ same log and
same :meth:`digest`, on any machine.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import heapq
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from . import events as ev
from .actions import ACTIONS
from .actions.base import ActionType, Context, is_player
from .architecture import build_world
from .canonical import canonical_json
from .commands import CancelAction, Command, DeclareResolved, PlayCard, RequestHint, StartAction
from .compliance import CONDUCT_RULES, state_rules_for
from .durations import format_clock
from .errors import CommandError
from .faults import FAULTS
from .faults.base import Fault
from .registry import did_you_mean
from .rng import RandomStreams
from .scenario.loader import LoadedScenario
from .scenario.models import Condition, Hint, Kpi
from .scoring import PRE_EXISTING
from .signals import alarms
from .signals import metrics as cw
from .version import ENGINE_VERSION

WARMUP = 3600
ASYNC_SETTLE = 10
ALARM_INTERVAL = 60
CUSTOMER_INTERVAL = 60
CONFIG_INTERVAL = 60

# Timer priorities: lower runs first within a tick.
P_TRAFFIC, P_INJECT, P_COMPLETE, P_NODE, P_FAULT, P_ALARMS, P_MESSAGE, P_CUSTOMERS = range(8)


@dataclass
class InFlight:
    """An action a responder is working on."""

    number: int
    action: str
    target: str | None
    params: dict[str, Any]
    by: str
    started: int
    ends: int

    def state(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "target": self.target,
            "params": self.params,
            "by": self.by,
            "started": self.started,
            "ends": self.ends,
        }


@dataclass
class TrailRecord:
    """A CloudTrail management event."""

    tick: int
    event: str
    source: str
    user: str
    resource: str | None = None
    detail: str = ""
    error: str | None = None


@dataclass
class _Pending:
    """A scripted item (inject or message) waiting for its time or condition; ``card`` names
    the facilitator card it came from (its index is then within the card)."""

    kind: str
    index: int
    at: int
    when: Condition | None = None
    fired: bool = field(default=False)
    card: str | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> _Pending:
        """A copy for a forked game; the condition is the scenario's, shared like the scenario."""
        return copy.copy(self)


class Simulation:
    """One game in progress; see the module docstring."""

    def __init__(self, scenario: LoadedScenario, seed: int = 1, variant: str | None = None) -> None:
        self.scenario = scenario
        self.seed = int(seed)
        known = scenario.model.variant_ids()
        if variant is not None and variant not in known:
            hint = did_you_mean(variant, known)
            raise CommandError(
                f"{scenario.id} has no variant {variant!r}"
                + (f"; {hint}" if hint else f" (variants: {', '.join(known) or 'none'})")
            )
        self.variant = variant if variant is not None else scenario.model.pick_variant(self.seed)
        self.model = scenario.model.with_variant(self.variant)
        self.streams = RandomStreams(self.seed)
        self.world = build_world(scenario.architecture)
        self.log: list[ev.Event] = []
        self.faults: dict[str, Fault] = {}
        self.inflight: dict[int, InFlight] = {}
        self.responders = self.model.responders
        self.trail: list[TrailRecord] = []
        self.violations: dict[tuple[str, str], str] = {}
        self.completed: set[str] = set()
        self.started_types: set[str] = set()
        self.declared = False
        self.ended = False
        self.ended_at: int | None = None
        self.end_reason = ""
        self.hints_taken = 0
        self.tickets = 0
        self.availability = 1.0
        self.kpi_rates: dict[str, float] = {}
        self.kpi_baseline: dict[str, float] = {}
        self.spend_rate = 0.0
        self._next_number = 1
        self._queue: list[tuple[int, int, int, str, tuple[Any, ...]]] = []
        self._seq = 0
        self._cause: Context | None = None
        self._watchers: dict[str, set[str]] = {}
        self._pending: list[_Pending] = []
        self.fired: set[tuple[str, int]] = set()  # scripted items that fired: ("injects" | "messages", index)
        self._signalled: set[str] = set()
        self._health: list[dict[str, Any]] = []
        self._spent = 0.0
        self._spent_at = 0
        self._config_dirty: set[str] = set()
        self._config_scope: dict[str, frozenset[str]] = {}
        self._alarm_memo: dict[str, tuple[int, alarms.Evaluation]] = {}
        self._entries = list(self.model.slo.entries or [t.entry for t in self.model.traffic])
        self._setup()

    # -- forking and identity -------------------------------------------------------------
    def fork(self) -> Simulation:
        """An independent copy of this game at this tick.

        The scenario is shared, and so are the logged events (frozen) and each node's history
        (see :meth:`Node.__deepcopy__`): the copy costs the game's state, not its length.
        """
        memo: dict[int, Any] = {id(self.scenario): self.scenario, id(self.model): self.model}
        clone = copy.copy(self)
        memo[id(self)] = clone
        for name, value in vars(self).items():
            setattr(clone, name, list(value) if name == "log" else copy.deepcopy(value, memo))
        return clone

    def as_played(self) -> LoadedScenario:
        """The scenario as this game plays it (its variant's injects, messages and debrief)."""
        return dataclasses.replace(self.scenario, model=self.model)

    @property
    def tick(self) -> int:
        """The current simulated second."""
        return self.world.tick

    @property
    def duration(self) -> int:
        """The game's time limit in ticks."""
        return self.model.clock.duration

    # -- setup ----------------------------------------------------------------------------
    def _setup(self) -> None:
        world = self.world
        for traffic in self.model.traffic:
            world.set_entry_rate(traffic.entry, traffic.rate)
            for change in traffic.changes:
                self.schedule(change.at, P_TRAFFIC, "traffic", traffic.entry, change.rate)
        world.tick = -WARMUP
        world.propagate()
        for _ in range(ASYNC_SETTLE):  # each asynchronous hop delivers a tick later: let them all arrive
            world.begin_tick()
            world.run_ticking()
            world.propagate()
        world.tick = 0
        for node_id in sorted(world.nodes):  # timers they set count from the start of the game
            world.nodes[node_id].type.on_start(world.nodes[node_id], self)
        world.propagate()
        world.changed = set()
        for node_id in sorted(world.nodes):
            node = world.nodes[node_id]
            if node.type.id == "cloudwatch_alarm":
                result = alarms.evaluate(node, world, self.streams, alarms.INSUFFICIENT)
                node.status.update(state=result.state, reason=result.reason, since=-WARMUP)
        for entry in self.model.history:
            self.trail.append(
                TrailRecord(-entry.ago, entry.event, entry.source, entry.user, entry.resource, entry.detail)
            )
        self.availability = self._true_availability()
        self.log.append(ev.ServiceLevelChanged(0, self.availability))
        for kpi in self.model.business.kpis:
            rate = self._kpi_rate(kpi)
            self.kpi_baseline[kpi.id] = rate
            self.kpi_rates[kpi.id] = rate
            self.log.append(ev.KpiChanged(0, kpi.id, rate))
        self.spend_rate = world.cost_rate_total
        self.log.append(ev.SpendRateChanged(0, self.spend_rate))
        for node_id in sorted(world.nodes):
            self._check_rules(node_id, by_player=False, cause=PRE_EXISTING)
        for index, inject in enumerate(self.model.injects):
            self._pending.append(_Pending("inject", index, inject.at, inject.when))
        for index, message in enumerate(self.model.messages):
            self._pending.append(_Pending("message", index, message.at, message.when))
        self.schedule(ALARM_INTERVAL, P_ALARMS, "alarms")
        self.schedule(CUSTOMER_INTERVAL, P_CUSTOMERS, "customers")
        self._fire_pending()
        # After the injects of tick 0: what holds when the game starts (a change made days ago)
        # was evaluated by AWS Config long before, and is not announced as news.
        for rule in world.of_type("config_rule"):
            self.evaluate_config_rule(rule.id, announce=False)
        if world.of_type("config_rule"):
            self.schedule(CONFIG_INTERVAL, P_ALARMS, "config")

    # -- the timer queue ------------------------------------------------------------------
    def schedule(self, at: int, priority: int, handler: str, *args: Any) -> None:
        """Run ``_on_<handler>(*args)`` at tick ``at`` (ties broken by priority, then order)."""
        self._seq += 1
        heapq.heappush(self._queue, (max(at, self.tick + 1), priority, self._seq, handler, args))

    def node_timer(self, node_id: str, delay: int, tag: str) -> None:
        """Call the node type's ``on_timer(node, sim, tag)`` after ``delay`` ticks.

        A timer set while an action acts carries that action: what it does later (a
        deployment's next traffic step, its end) is still that action's doing, so a fault it
        resolves or a rule it breaks is the responder's, not "the system's"."""
        cause = (self._cause,) if self._cause is not None else ()
        self.schedule(self.tick + max(delay, 1), P_NODE, "node", node_id, tag, *cause)

    def fault_timer(self, key: str, delay: int, tag: str) -> None:
        """Call the fault type's ``on_timer(fault, sim, tag)`` after ``delay`` ticks."""
        self.schedule(self.tick + max(delay, 1), P_FAULT, "fault", key, tag)

    def _run_due(self) -> None:
        tick = self.world.tick
        while self._queue and self._queue[0][0] <= tick:
            _, _, _, handler, args = heapq.heappop(self._queue)
            getattr(self, f"_on_{handler}")(*args)

    # -- time -----------------------------------------------------------------------------
    def step(self) -> list[ev.Event]:
        """Advance one tick; return the visible events it produced."""
        if self.ended:
            raise CommandError("the game is over")
        mark = len(self.log)
        self._tick()
        if self.world.tick >= self.duration and not self.ended:
            self._end("time limit reached")
        if len(self.log) == mark:  # most ticks log nothing
            return []
        return [e for e in self.log[mark:] if e.visible]

    def _tick(self) -> None:
        self.world.begin_tick()
        self._run_due()
        self.world.run_ticking()
        self._settle()
        self._fire_pending()

    def advance(self, ticks: int) -> list[ev.Event]:
        """Advance up to ``ticks`` ticks (stopping early if the game ends)."""
        out: list[ev.Event] = []
        for _ in range(max(ticks, 0)):
            if self.ended:
                break
            out += self.step()
        return out

    def _settle(self) -> None:
        """Propagate changes and judge their consequences (faults, rules, service, spend)."""
        world = self.world
        world.propagate()
        changed = world.changed
        world.changed = set()
        if not changed:
            return
        self._config_dirty |= changed
        for node_id in changed & self._alarm_memo.keys():
            del self._alarm_memo[node_id]
        by_player = self._cause is not None and self._cause.player
        cause = f"action #{self._cause.number}" if self._cause else "the system"
        for node_id in sorted(changed):
            self._check_rules(node_id, by_player=by_player, cause=cause)
        self._check_faults(changed)
        self._sample(changed)

    # -- commands -------------------------------------------------------------------------
    def submit(self, command: Command) -> list[ev.Event]:
        """Apply a command at the current tick; return the visible events it produced.

        Raises :class:`CommandError` for commands that make no sense (unknown action,
        target or parameters; a finished game). Actions that make sense but cannot run now
        (no free responder, a precondition) are *rejected* with a visible event instead.
        """
        if self.ended:
            raise CommandError("the game is over")
        mark = len(self.log)
        handler = {
            StartAction: self._start_action,
            CancelAction: self._cancel_action,
            RequestHint: self._hint,
            PlayCard: self._play_card,
            DeclareResolved: self._declare_resolved,
        }[type(command)]
        handler(command)
        last = self.duration if self.ended_at is None else self.ended_at  # not what the world did after
        return [e for e in self.log[mark:] if e.visible and e.tick <= last]

    def validate_action(self, command: StartAction) -> tuple[ActionType, dict[str, Any]]:
        """Check an action command's type, target and parameters; ``CommandError`` if wrong."""
        if command.action not in ACTIONS:
            hint = did_you_mean(command.action, ACTIONS.ids())
            raise CommandError(f"unknown action {command.action!r}" + (f"; {hint}" if hint else ""))
        action = ACTIONS.get(command.action)
        rules = self.model.actions
        if (rules.allow is not None and action.id not in rules.allow) or action.id in rules.deny:
            raise CommandError(f"{action.id} is not available in this scenario")
        if action.needs_target and command.target is None:
            raise CommandError(f"{action.id} needs a target: one of {', '.join(self.targets_for(action))}")
        if action.takes_target and command.target is not None:
            if command.target not in self.world.nodes:
                hint = did_you_mean(command.target, list(self.world.nodes))
                raise CommandError(f"no resource called {command.target!r}" + (f"; {hint}" if hint else ""))
            if not action.applies_to(self, command.target):
                kinds = ", ".join(action.targets)
                raise CommandError(
                    f"{action.id} does not apply to {command.target} "
                    f"({self.world.nodes[command.target].type.id}); it applies to {kinds}"
                )
        elif not action.takes_target and command.target is not None:
            raise CommandError(f"{action.id} takes no target")
        try:
            params = action.validate_params(dict(command.params))
        except ValidationError as exc:
            fields = list(action.Params.model_fields)
            hints = [
                did_you_mean(str(e["loc"][-1]), fields) if e["type"] == "extra_forbidden" else "" for e in exc.errors()
            ]
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'params'}: {e['msg']}" + (f" ({hint})" if hint else "")
                for e, hint in zip(exc.errors(), hints, strict=True)
            )
            raise CommandError(f"bad parameters for {action.id}: {problems}") from None
        return action, params

    def targets_for(self, action: ActionType) -> list[str]:
        """The resources an action could be aimed at in this architecture."""
        return [n for n in sorted(self.world.nodes) if action.applies_to(self, n)]

    def busy(self) -> int:
        """Responders working on an action right now."""
        return sum(1 for a in self.inflight.values() if is_player(a.by))

    def _start_action(self, command: StartAction) -> None:
        action, params = self.validate_action(command)
        if self.busy() >= self.responders:
            self._reject(
                action,
                command.target,
                f"all {self.responders} responders are busy; wait for an action to finish, or cancel one",
            )
            return
        self._launch(action, command.target, params, command.by)

    def _reject(self, action: ActionType, target: str | None, reason: str) -> None:
        self.log.append(ev.ActionRejected(self.tick, action.id, target, reason))

    def _launch(self, action: ActionType, target: str | None, params: dict[str, Any], by: str) -> None:
        reason = action.precondition(self, target, params)
        if reason:
            self._reject(action, target, reason)
            return
        number = self._next_number
        self._next_number += 1
        ctx = Context(number, by)
        ends = self.tick + max(action.duration_for(self, target, params), 1)
        self.inflight[number] = InFlight(number, action.id, target, params, by, self.tick, ends)
        if ctx.player:
            self.started_types.add(action.id)
        self.log.append(ev.ActionStarted(self.tick, number, action.id, target, params, ends, by))
        for rule in CONDUCT_RULES:
            detail = rule.on_action(self, action, target, params, ctx)
            if detail:
                self.log.append(ev.ConductViolation(self.tick, rule.id, detail, action.id, ctx.player))
        with self.acting(ctx):
            action.start(self, target, params, ctx)
        self.schedule(ends, P_COMPLETE, "complete", number)

    def _on_complete(self, number: int) -> None:
        flight = self.inflight.pop(number, None)
        if flight is None:
            return
        action = ACTIONS.get(flight.action)
        ctx = Context(number, flight.by)
        with self.acting(ctx):
            outcome = action.apply(self, flight.target, flight.params, ctx)
        if action.cost_cents:
            self.log.append(ev.Charged(self.tick, action.cost_cents, f"{action.id} (#{number})"))
        if outcome is None:
            return
        if ctx.player:
            self.completed.add(action.id)
        self.log.append(
            ev.ActionCompleted(
                self.tick, number, action.id, flight.target, outcome.summary, outcome.findings, flight.by
            )
        )
        self._discover(outcome.findings, f"{action.id} #{number}")

    def fail_action(self, ctx: Context, target: str | None, action_id: str, reason: str) -> None:
        """Record that an action could not do its work (its effect did not happen)."""
        self.log.append(ev.ActionFailed(self.tick, ctx.number, action_id, target, reason, ctx.by))

    @contextmanager
    def acting(self, ctx: Context) -> Iterator[None]:
        """Attribute state changes (and any violations they cause) to an action."""
        self._settle()
        previous = self._cause
        self._cause = ctx
        try:
            yield
            self._settle()
        finally:
            self._cause = previous

    def _cancel_action(self, command: CancelAction) -> None:
        flight = self.inflight.get(command.number)
        if flight is None or not is_player(flight.by):
            raise CommandError(f"no action #{command.number} is in flight")
        del self.inflight[command.number]
        self.log.append(ev.ActionCancelled(self.tick, command.number, flight.action, flight.target))

    def next_hint(self) -> Hint | None:
        """The hint a request would reveal now (None: none is available yet, or none is left)."""
        available = [h for h in self.model.hints if h.after <= self.tick]
        return available[self.hints_taken] if self.hints_taken < len(available) else None

    def _hint(self, command: RequestHint) -> None:
        hint = self.next_hint()
        if hint is None:
            raise CommandError(
                "no hint is available yet" if self.hints_taken < len(self.model.hints) else "there are no more hints"
            )
        self.hints_taken += 1
        self.log.append(ev.HintShown(self.tick, hint.text, hint.cost))

    def _play_card(self, command: PlayCard) -> None:
        """Deal a facilitator card: its injects and messages are due from now."""
        card = next((c for c in self.model.deck if c.id == command.card), None)
        if card is None:
            hint = did_you_mean(command.card, [c.id for c in self.model.deck])
            raise CommandError(f"the deck has no card {command.card!r}" + (f"; {hint}" if hint else ""))
        self.log.append(ev.CardPlayed(self.tick, card.id, card.title, command.by))
        for index, inject in enumerate(card.injects):
            self._pending.append(_Pending("inject", index, self.tick + inject.at, inject.when, card=card.id))
        for index, message in enumerate(card.messages):
            self._pending.append(_Pending("message", index, self.tick + message.at, message.when, card=card.id))
        self._fire_pending()

    def _declare_resolved(self, command: DeclareResolved) -> None:
        self.end_play(command)
        self.play_on(self.duration)

    def end_play(self, command: DeclareResolved) -> None:
        """End the player's game as ``command`` declares, without playing the world on yet.

        ``submit`` of the command is this and :meth:`play_on` to the time limit at once; a
        replay viewer plays on in pieces, to show the moments after the declaration.
        """
        if self.ended:
            raise CommandError("the game is over")
        self._end(f"declared over by {command.by}")

    def play_on(self, until: int) -> None:
        """After the team declared the incident over, the world goes on with nobody acting, up to
        tick ``until`` (at most the time limit): scripted events still happen (a teammate's
        release brings back what a hand fix left in the template), and the score covers all of it."""
        while self.ended and self.tick < min(until, self.duration):
            self._tick()

    def declare_incident(self, severity: str) -> None:
        """Mark the incident declared (the coordinate action calls this)."""
        if not self.declared:
            self.declared = True
            self.log.append(ev.IncidentDeclared(self.tick, severity))

    def _end(self, reason: str) -> None:
        for rule in CONDUCT_RULES:
            detail = rule.at_end(self)
            if detail:
                self.log.append(ev.ConductViolation(self.tick, rule.id, detail, "", True))
        self.ended = True
        self.ended_at = self.tick
        self.end_reason = reason
        self.log.append(ev.GameEnded(self.tick, reason))

    # -- faults ---------------------------------------------------------------------------
    def inject_fault(self, type_id: str, target: str, params: dict[str, Any], key: str) -> Fault:
        """Inject a fault now (scenario injects and facilitators use this)."""
        ftype = FAULTS.get(type_id)
        fault = Fault(key, ftype, target, ftype.validate_params(params), self.tick)
        self.faults[key] = fault
        ftype.inject(fault, self)
        self._settle()
        fault.active = ftype.active(fault, self.world)
        planted = ev.RedHerringPlanted if ftype.harmless else ev.FaultInjected
        self.log.append(planted(self.tick, key, type_id, target, ftype.explain(fault)))
        self._watch(fault)
        return fault

    def _watch(self, fault: Fault) -> None:
        for node_id in fault.type.watch(fault, self.world):
            self._watchers.setdefault(node_id, set()).add(fault.key)

    def _check_faults(self, changed: set[str]) -> None:
        keys = sorted({k for n in changed for k in self._watchers.get(n, ())})
        by = f"action #{self._cause.number} ({self._cause.by})" if self._cause else "the system"
        for key in keys:
            fault = self.faults[key]
            active = fault.type.active(fault, self.world)
            if active == fault.active:
                continue
            fault.active = active
            if active:
                fault.resolved_at = None
                self.log.append(ev.FaultReactivated(self.tick, key, by))
            else:
                fault.resolved_at = self.tick
                number = self._cause.number if self._cause else None
                self.log.append(ev.FaultResolved(self.tick, key, by, number))
                if fault.discovered_at is None and self._cause is not None and self._cause.player:
                    fault.discovered_at = self.tick
                    self.log.append(ev.FaultDiscovered(self.tick, key, f"fixed by {by}"))
            self._watch(fault)

    def _discover(self, findings: tuple[ev.Finding, ...], how: str) -> None:
        shown = {token for finding in findings for token in finding.evidence}
        if not shown:
            return
        for key in sorted(self.faults):
            fault = self.faults[key]
            if fault.discovered_at is not None or not fault.active:
                continue
            if shown & fault.type.evidence(fault, self.world):
                fault.discovered_at = self.tick
                self.log.append(ev.FaultDiscovered(self.tick, key, how))

    def _on_fault(self, key: str, tag: str) -> None:
        fault = self.faults[key]
        fault.type.on_timer(fault, self, tag)

    # -- compliance -----------------------------------------------------------------------
    def _check_rules(self, node_id: str, *, by_player: bool, cause: str) -> None:
        node = self.world.nodes[node_id]
        for rule in state_rules_for(node.type.id):
            key = (rule.id, node_id)
            detail = rule.violation(node, self.world)
            if detail and key not in self.violations:
                self.violations[key] = detail
                self.log.append(ev.ViolationOpened(self.tick, rule.id, node_id, detail, by_player, cause))
            elif not detail and key in self.violations:
                del self.violations[key]
                self.log.append(ev.ViolationClosed(self.tick, rule.id, node_id))

    # -- service level, KPIs and spend ----------------------------------------------------
    def entry_nodes(self) -> list[str]:
        """The nodes whose success defines the SLO."""
        return self._entries

    def _true_availability(self) -> float:
        total = served = 0.0
        for entry in self.entry_nodes():
            node = self.world.nodes[entry]
            total += node.load
            served += node.load * node.ok
        return served / total if total > 0 else 1.0

    def _kpi_rate(self, kpi: Kpi) -> float:
        node = self.world.nodes[kpi.node]
        per_second = node.observed.get(kpi.measure, 0.0)
        return round(per_second * 60.0, 6)

    def _sample(self, changed: set[str]) -> None:
        if not changed.isdisjoint(self._entries):
            availability = round(self._true_availability(), 9)
            if availability != self.availability:
                self.availability = availability
                self.log.append(ev.ServiceLevelChanged(self.tick, availability))
        for kpi in self.model.business.kpis:
            if kpi.node in changed:
                rate = self._kpi_rate(kpi)
                if rate != self.kpi_rates.get(kpi.id):
                    self.kpi_rates[kpi.id] = rate
                    self.log.append(ev.KpiChanged(self.tick, kpi.id, rate))
        spend = round(self.world.cost_rate_total, 6)
        if spend != self.spend_rate:
            self._spent += self.spend_rate * (self.tick - self._spent_at) / 3600.0
            self._spent_at = self.tick
            self.spend_rate = spend
            self.log.append(ev.SpendRateChanged(self.tick, spend))

    def spent_cents(self) -> float:
        """Infrastructure spend since the incident began, in cents."""
        return self._spent + self.spend_rate * (self.tick - self._spent_at) / 3600.0

    # -- scripted items -------------------------------------------------------------------
    def _fire_pending(self) -> None:
        fired, tick = False, self.world.tick
        for item in self._pending:
            if item.fired or item.at > tick:
                continue
            if item.when is not None and not self.condition_holds(item.when):
                continue
            item.fired = fired = True
            if item.card is None:
                self.fired.add((f"{item.kind}s", item.index))
            card = next((c for c in self.model.deck if c.id == item.card), None)
            if item.kind == "inject":
                injects = card.injects if card else self.model.injects
                default = f"{card.id}-{item.index + 1}" if card else f"inject-{item.index + 1}"
                self._fire_inject(injects[item.index], default)
            else:
                message = (card.messages if card else self.model.messages)[item.index]
                self.post_message(message.sender, message.channel, message.text)
        if fired:
            self._pending = [p for p in self._pending if not p.fired]

    def _fire_inject(self, inject: Any, default_key: str) -> None:
        key = inject.id or default_key
        if inject.fault is not None:
            self.inject_fault(inject.fault, inject.target or "", inject.params, key)
            return
        action = ACTIONS.get(inject.action or "")
        params = action.validate_params(inject.params)
        by = inject.by if inject.by == "automation" else f"npc:{inject.by}"
        self._launch(action, inject.target, params, by)

    def condition_holds(self, cond: Condition) -> bool:
        """Whether every part of a scenario condition holds now."""
        checks = [
            cond.after is None or self.tick >= cond.after,
            cond.action is None or cond.action in self.completed,
            cond.not_action is None or cond.not_action not in self.started_types,
            cond.fault_resolved is None or self._fault_state(cond.fault_resolved) is False,
            cond.fault_active is None or self._fault_state(cond.fault_active) is True,
            cond.availability_below is None or self.availability * 100 < cond.availability_below,
            cond.declared is None or self.declared == cond.declared,
        ]
        if cond.kpi_below is not None:
            base = self.kpi_baseline.get(cond.kpi_below.kpi, 0.0)
            rate = self.kpi_rates.get(cond.kpi_below.kpi, 0.0)
            checks.append(base > 0 and rate * 100 < base * cond.kpi_below.percent)
        if cond.alarm is not None:
            node = self.world.nodes.get(cond.alarm.alarm)
            checks.append(node is not None and node.status.get("state") == cond.alarm.state)
        if cond.metric is not None:
            checks.append(self._metric_crossed(cond.metric))
        return all(checks)

    def _metric_crossed(self, crossed: Any) -> bool:
        """Whether a metric's latest published datapoint is past the condition's value."""
        node = self.world.nodes[crossed.node]
        spec = node.type.metric(crossed.name)
        latest = cw.published(node, spec, crossed.qualifier, self.tick, 1, self.streams) if spec else []
        value = latest[-1].value if latest else None
        if value is None:
            return False
        return value > crossed.above if crossed.above is not None else value < crossed.below

    def _fault_state(self, key: str) -> bool | None:
        fault = self.faults.get(key)
        return None if fault is None else fault.active

    def post_message(self, sender: str, channel: str, text: str) -> None:
        """Deliver a message to the team (stakeholders, AWS Health, notifications)."""
        self.log.append(ev.MessageReceived(self.tick, sender, channel, text))

    # -- periodic work --------------------------------------------------------------------
    def _on_traffic(self, entry: str, rate: float) -> None:
        self.world.set_entry_rate(entry, rate)

    def _on_node(self, node_id: str, tag: str, cause: Context | None = None) -> None:
        node = self.world.nodes[node_id]
        if cause is None:
            node.type.on_timer(node, self, tag)
            return
        with self.acting(cause):
            node.type.on_timer(node, self, tag)

    def _on_config(self) -> None:
        """Evaluate the AWS Config rules (every minute) and announce compliance changes."""
        self.schedule(self.tick + CONFIG_INTERVAL, P_ALARMS, "config")
        self._config_dirty = set()
        for rule in self.world.of_type("config_rule"):
            self.evaluate_config_rule(rule.id, announce=True)

    def _on_alarms(self) -> None:
        """Evaluate every alarm whose outcome could have changed since its last evaluation."""
        self.schedule(self.tick + ALARM_INTERVAL, P_ALARMS, "alarms")
        for node in self.world.of_type("cloudwatch_alarm"):
            memo = self._alarm_memo.get(node.id)
            watched = alarms.watched_node(self.world, node)
            if memo is not None and alarms.reusable(memo[1], memo[0], watched):
                continue
            current = node.status.get("state", alarms.INSUFFICIENT)
            result = alarms.evaluate(node, self.world, self.streams, current)
            self._alarm_memo[node.id] = (self.tick, result)
            if result.state == current:
                continue
            self.world.set_status(node.id, state=result.state, reason=result.reason, since=self.tick)
            pages = node.config["actions_enabled"] and node.config["alarm_actions"]
            paged = bool(pages and result.state == alarms.ALARM)
            self.log.append(ev.AlarmStateChanged(self.tick, node.id, current, result.state, result.reason, paged))
            if result.state == alarms.ALARM:
                self._first_signal(set(self.world.related(node.id, "monitors")), f"alarm {node.id} went to ALARM")

    def _on_customers(self) -> None:
        self.schedule(self.tick + CUSTOMER_INTERVAL, P_CUSTOMERS, "customers")
        customers = self.model.customers
        failing = 1.0 - self.availability
        pools: list[tuple[float, list[str]]] = [(failing, customers.errors)]
        for kpi_id, texts in sorted(customers.kpi.items()):
            base = self.kpi_baseline.get(kpi_id, 0.0)
            if base > 0:
                pools.append((max(0.0, 1.0 - self.kpi_rates.get(kpi_id, 0.0) / base), texts))
        rng = self.streams.stream("customers")
        for impact, texts in pools:
            if impact < 0.005 or not texts:
                continue
            if rng.random() < min(0.95, customers.propensity * (0.15 + 2.0 * impact)):
                self.tickets += 1
                text = texts[rng.randrange(len(texts))]
                self.log.append(
                    ev.TicketOpened(
                        self.tick, f"CS-{1040 + self.tickets}", f"customer {rng.randrange(1000, 9999)}", text
                    )
                )
                self._first_signal(None, f"customer ticket {self.tickets} at {format_clock(self.tick)}")

    def _first_signal(self, nodes: set[str] | None, signal: str) -> None:
        """Note the first push signal for each active fault it relates to (``None``: all)."""
        for key in sorted(self.faults):
            fault = self.faults[key]
            if key in self._signalled or not fault.active:
                continue
            if nodes is None or nodes & self.impact_of(fault):
                self._signalled.add(key)
                self.log.append(ev.FirstSignal(self.tick, key, signal))

    def impact_of(self, fault: Fault) -> set[str]:
        """Nodes a fault can disturb: its watch set and, transitively, their callers, async
        consumers, and what runs with, is encrypted by or is guarded by what it broke."""
        world = self.world
        seen = set(fault.type.watch(fault, world))
        frontier = list(seen)
        while frontier:
            node_id = frontier.pop()
            related = (
                world.callers[node_id],
                world.trigger_out[node_id],
                world.role_users.get(node_id, ()),
                world.protected_by.get(node_id, ()),
                world.guarded_by_group.get(node_id, ()),
            )
            for nxt in (n for group in related for n in group):
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
        return seen

    # -- services the faults and actions share -------------------------------------------
    def lose_work(self, node_id: str, units: float, reason: str) -> None:
        """Record business work destroyed outright (it counts against KPIs and revenue)."""
        if units > 0:
            self.log.append(ev.WorkLost(self.tick, node_id, round(units, 3), reason))

    def recover_work(self, node_id: str, units: float, reason: str) -> None:
        """Record lost or stalled work that has been redone."""
        if units > 0:
            self.log.append(ev.WorkRecovered(self.tick, node_id, round(units, 3), reason))

    def replay_lost_work(self, bus: str) -> float:
        """Replay an archive: KPI work missed since the game began is redone; returns the units."""
        from .scoring import kpi_shortfall

        missed = sum(
            kpi_shortfall(self.log, kpi.id, self.kpi_baseline.get(kpi.id, 0.0), self.tick)
            for kpi in self.model.business.kpis
        )
        already = sum(e.units for e in self.log if isinstance(e, ev.WorkRecovered) and e.reason.startswith("replay"))
        units = max(missed - already, 0.0)
        self.recover_work(bus, units, f"replay of archived events on {bus}")
        return units

    def fail_over_database(self, db: str, stale_share: float, reason: str) -> None:
        """A Multi-AZ failover: 60–120 s unavailable, then callers keep stale connections."""
        world = self.world
        node = world.nodes[db]
        outage = self.streams.stream("faults").randint(60, 120)
        primary, standby = node.status["primary_az"], node.status["standby_az"] or node.status["primary_az"]
        events = [
            *node.status["events"],
            {"tick": self.tick, "text": f"Multi-AZ instance failover started ({reason})"},
            {"tick": self.tick + outage, "text": f"Multi-AZ instance failover completed; primary now in {standby}"},
        ]
        world.set_status(
            db, unavailable_until=self.tick + outage, primary_az=standby, standby_az=primary, events=events
        )
        self.node_timer(db, outage, "available")
        for caller in world.callers[db]:
            stale = {**world.nodes[caller].status.get("stale_connections", {}), db: stale_share}
            world.set_status(caller, stale_connections=stale)

    def shift_away(self, lb: str, az: str) -> list[str]:
        """Zonal shift: the load balancer stops routing to targets in ``az``."""
        shifted = []
        for group in self.world.callees[lb]:
            for target, _ in self.world.callees[group[0]]:
                node = self.world.nodes[target]
                if node.type.id == "autoscaling_group":
                    self.world.set_status(target, shifted_azs=sorted({*node.status.get("shifted_azs", []), az}))
                    shifted.append(target)
        return shifted

    def post_health_event(
        self, service: str, code: str, text: str, az: str | None = None, closed: bool = False
    ) -> None:
        """Publish (or close) an AWS Health event for the account."""
        for event in self._health:
            if event["code"] == code and closed:
                event["closed"] = True
        if not closed:
            self._health.append(
                {
                    "tick": self.tick,
                    "service": service,
                    "code": code,
                    "text": text,
                    "region": "us-east-1",
                    "az": az,
                    "closed": False,
                }
            )
        self.post_message("AWS Health", "aws-health", f"[{service}] {text}")

    def health_events(self) -> list[dict[str, Any]]:
        """Open AWS Health events."""
        return [e for e in self._health if not e["closed"]]

    def report_guardduty(self, finding_type: str, severity: int, resource: str, text: str) -> None:
        """Add a GuardDuty finding (detectors that are off see nothing)."""
        for detector in self.world.of_type("guardduty_detector"):
            if not detector.config["enabled"]:
                continue
            finding = {
                "tick": self.tick,
                "type": finding_type,
                "severity": severity,
                "resource": resource,
                "text": text,
            }
            self.world.set_status(detector.id, findings=[*detector.status["findings"], finding])
            if self.world.trigger_out[detector.id]:
                self.post_message("GuardDuty", "page", f"High severity finding {finding_type}: {text}")
                self._first_signal({resource}, f"GuardDuty finding {finding_type}")

    def evaluate_config_rule(self, rule_id: str, *, announce: bool) -> None:
        """Evaluate an AWS Config rule over its scope; announce compliance changes."""
        from .compliance import STATE_RULES

        world = self.world
        rule = world.nodes[rule_id]
        if not rule.config["enabled"]:
            return
        checks = [r for r in STATE_RULES if r.config_identifier == rule.config["identifier"]]
        scope = world.related(rule_id, "monitors") or sorted(
            n for n, node in world.nodes.items() if any(node.type.id in c.resource_types for c in checks)
        )
        results = dict(rule.status["results"])
        for resource in scope:
            node = world.nodes[resource]
            problems = [
                c.violation(node, world) for c in checks if node.type.id in c.resource_types or "*" in c.resource_types
            ]
            problem = next((p for p in problems if p), None)
            verdict = {"compliance": "NON_COMPLIANT" if problem else "COMPLIANT", "annotation": problem or ""}
            if results.get(resource) == verdict:
                continue
            results[resource] = verdict
            if announce:
                self.log.append(
                    ev.ConfigComplianceChanged(
                        self.tick, rule_id, resource, verdict["compliance"], verdict["annotation"]
                    )
                )
                if problem:
                    self._first_signal({resource}, f"Config rule {rule_id}: {resource} NON_COMPLIANT")
        if results != rule.status["results"]:
            world.set_status(rule_id, results=results)

    # -- traces ---------------------------------------------------------------------------
    def record_trail(
        self,
        event: str,
        source: str,
        user: str,
        resource: str | None = None,
        detail: str = "",
        error: str | None = None,
        at: int | None = None,
    ) -> None:
        """Add a CloudTrail management event (Event history keeps them whether or not a trail logs)."""
        self.trail.append(TrailRecord(self.tick if at is None else at, event, source, user, resource, detail, error))

    def actor_arn(self, ctx: Context | None) -> str:
        """The IAM identity CloudTrail shows for whoever acts now."""
        if ctx is None or ctx.by == "automation":
            return "arn:aws:sts::123456789012:assumed-role/automation"
        name = ctx.by.removeprefix("npc:").split(" ")[0].lower()
        return f"arn:aws:sts::123456789012:assumed-role/OnCallEngineer/{name}"

    # -- state ----------------------------------------------------------------------------
    def shared_state(self) -> dict[str, Any]:
        """The canonical state outside the world's nodes."""
        return {
            "engine": ENGINE_VERSION,
            "seed": self.seed,
            **({"variant": self.variant} if self.variant else {}),
            "world": self.world.shared_state(),
            "faults": {k: f.state() for k, f in sorted(self.faults.items())},
            "inflight": {str(n): a.state() for n, a in sorted(self.inflight.items())},
            "violations": sorted(f"{r}|{n}" for r, n in self.violations),
            "declared": self.declared,
            "ended": self.ended,
            "hints": self.hints_taken,
            "tickets": self.tickets,
            "responders": self.responders,
            "health": self._health,
            "trail": len(self.trail),
            "events": len(self.log),
            "queue": [[t, p, h, list(map(str, a))] for t, p, _, h, a in sorted(self._queue)],
            "rng": self.streams.fingerprint(),
        }

    def state(self) -> dict[str, Any]:
        """The whole canonical state, nodes included (for inspection and debugging)."""
        return {**self.shared_state(), "nodes": self.world.state()["nodes"]}

    def digest(self) -> str:
        """SHA-256 of the canonical state: equal digests mean identical games.

        Nodes are hashed one by one (and only again when they change); the digest covers
        those hashes and everything else.
        """
        text = canonical_json(self.shared_state()) + "\n" + self.world.node_digests()
        return hashlib.sha256(text.encode()).hexdigest()
