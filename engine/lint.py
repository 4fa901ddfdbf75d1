"""Semantic checks of a valid scenario: is it *fair*? (what ``warroom lint`` adds to ``validate``)

Loading already proves the file is well formed and every reference resolves. These checks
play the scenario to prove what a reader cannot see:

* **winnable** — for every variant, a plan resolves every fault within the time limit (the
  stored par when it is fresh, else the solver's search);
* **doing nothing does not win** — left alone, the incident is not resolved;
* **mitigation alone is not resolution** — the winning plan without its remediations (keeping
  what it looked at and said) does not score as resolved;
* **every inject and message can fire** — in some game of a variant that plays it: doing
  nothing, the winning plan, a game that makes the move its condition waits for, or one
  that makes any single move at the first notice (a wrong or half fix). This covers the
  variants' own items and anything scheduled past the time limit;
* **the text names real actions** — every ``snake_case`` word in the briefing, runbook,
  hints, messages and debrief (the variants' and the deck's too) that looks like an action
  id is one;
* **everything can happen in time** — no hint comes after the time limit, and no card holds
  an item due after it even if dealt at the start;
* **par is stored and fresh** (a warning: ``warroom solve --write`` fixes it).

Each finding is a :class:`~engine.errors.Problem` located at the field it is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .actions import ACTIONS
from .errors import Problem
from .faults import FAULTS
from .options import allowed
from .registry import did_you_mean
from .resources import RESOURCES
from .scenario.loader import LoadedScenario
from .scenario.models import Condition, Inject, Message, Path
from .scoring import ScoreCard, score
from .simulation import Simulation
from .solver import Move, Step, candidates, play_plan, solve
from .solver.par import PAR_SEED, read_par, staleness, stored_pars, variants_of
from .solver.search import first_notice

SNAKE = re.compile(r"(?<![\w.-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w-])")


@dataclass
class _Game:
    """A finished game played for the checks."""

    sim: Simulation
    card: ScoreCard


class _Linter:
    def __init__(self, scenario: LoadedScenario, budget: float) -> None:
        self.scenario = scenario
        self.model = scenario.model
        self.budget = budget
        self.problems: list[Problem] = []

    def add(self, path: tuple[str | int, ...], message: str, hint: str = "", severity: str = "error") -> None:
        file, line, col = self.scenario.marks.locate(path)
        shown = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")
        self.problems.append(Problem(file, line, col, message, shown, hint, severity))

    def play(self, plan: list[Step], variant: str | None) -> _Game:
        sim = play_plan(self.scenario, PAR_SEED, plan, variant)
        return _Game(sim, score(sim.model, sim.log))

    def winning_plans(self) -> dict[str | None, list[Step]]:
        """The par plan of each variant: stored when fresh, else searched for."""
        stale = staleness(self.scenario)
        if stale:
            self.add(("id",), f"par: {stale}", severity="warning")
            return {
                v: solve(self.scenario, PAR_SEED, variant=v, budget=self.budget).plan
                for v in variants_of(self.scenario)
            }
        data, _ = read_par(self.scenario)
        assert data is not None
        return {p.variant: p.plan for p in stored_pars(data)}

    def run(self) -> list[Problem]:
        fired: set[Path] = set()  # where the items that fired in some game are written
        items: dict[Path, tuple[Inject | Message, str | None]] = {}  # every scripted item, with a variant playing it
        for variant, plan in self.winning_plans().items():
            where = f" (variant {variant})" if variant else ""
            played = self.played(variant)
            for item, path in played.values():
                items.setdefault(path, (item, variant))
            best = self.play(plan, variant)
            nothing = self.play([], variant)
            seen = best.sim.fired | nothing.sim.fired
            if not best.card.resolved:
                active = ", ".join(f.key for f in best.card.faults if f.active_at_end)
                self.add(
                    ("clock", "duration"),
                    f"not winnable{where}: the best plan found leaves {active} active at the time limit",
                    "give the player more time, or make the fault fixable (warroom solve shows the plan)",
                )
            if nothing.card.resolved:
                self.add(
                    ("injects",),
                    f"doing nothing wins{where}: every fault is resolved without a single action",
                    "a fault that AWS or automation fixes by itself teaches nothing; make it last",
                )
            elif best.card.resolved:
                self.mitigation_alone(plan, variant, where)
            seen |= self.waited_for(plan, variant)
            waiting = {k for k, (item, path) in played.items() if item.when and k not in seen and path not in fired}
            seen |= self.explored(variant, waiting)
            fired |= {played[k][1] for k in seen if k in played}
        self.unfired(items, fired)
        self.never_due()
        self.named_actions()
        return self.problems

    def played(self, variant: str | None) -> dict[tuple[str, int], tuple[Inject | Message, Path]]:
        """The scripted items ``variant`` plays, keyed as the simulation's ``fired`` keys them."""
        injects, messages = self.model.played(variant)
        keyed: dict[tuple[str, int], tuple[Inject | Message, Path]] = {}
        for kind, entries in (("injects", injects), ("messages", messages)):
            keyed.update({(kind, index): entry for index, entry in enumerate(entries)})
        return keyed

    def mitigation_alone(self, plan: list[Step], variant: str | None, where: str) -> None:
        """The winning plan without its remediations (keeping what it looked at and said) must
        not resolve: resolution has to come from fixing something, not from declaring,
        communicating or waiting while a teammate or AWS does it."""
        rest = [s for s in plan if s.move is None or ACTIONS.get(s.move.action).family != "remediate"]
        if len(rest) < len(plan) and self.play(rest, variant).card.resolved:
            self.add(
                ("injects",),
                f"mitigation alone scores as resolved{where}: the winning plan without its fixes still resolves "
                "every fault",
                "each fault should stay active until the player fixes its root cause",
            )

    def waited_for(self, plan: list[Step], variant: str | None) -> set[tuple[str, int]]:
        """Items fired in games that make the move a condition waits for, at the first signal."""
        fired: set[tuple[str, int]] = set()
        first = min((s.tick for s in plan), default=0)
        model = self.scenario.model.with_variant(variant)
        conditions = [c for c in (i.when for i in model.injects) if c] + [
            c for c in (m.when for m in model.messages) if c
        ]
        start = Simulation(self.scenario, PAR_SEED, variant)
        for action_id in sorted({c.action for c in conditions if c.action}):
            action = ACTIONS.get(action_id)
            if not allowed(start, action):
                continue
            targets = start.targets_for(action) if action.needs_target else [None]
            params = action.suggestions(start, targets[0]) if targets else []
            if not params:
                continue  # no target, or parameters state cannot choose: _why_not explains what never fired
            target = targets[0]
            move = Move.of(action_id, target, params[0])
            fired |= self.play([Step(first, move)], variant).sim.fired
        return fired

    def explored(self, variant: str | None, waiting: set[tuple[str, int]]) -> set[tuple[str, int]]:
        """If some conditional item has not fired yet: games of ``variant`` that make one move
        at the first notice and nothing more (a wrong fix, a half fix), until every item has fired."""
        fired: set[tuple[str, int]] = set()
        if not waiting:
            return fired
        start = first_notice(Simulation(self.scenario, PAR_SEED, variant))
        for move in candidates(start, set()):
            if not waiting:
                break
            seen = self.play([Step(start.tick, move)], variant).sim.fired
            fired |= seen
            waiting -= seen
        return fired

    def unfired(self, items: dict[Path, tuple[Inject | Message, str | None]], fired: set[Path]) -> None:
        duration = self.model.clock.duration
        for path, (item, variant) in items.items():
            if path in fired:
                continue
            kind = "inject" if path[-2] == "injects" else "message"
            where = f" in variant {variant}" if variant and path[0] == "variants" else ""
            why = _why_not(item.when, item.at, duration, self.model)
            self.add((*path, "when" if item.when else "at"), f"this {kind}{where} can never fire: {why}")

    def never_due(self) -> None:
        """Hints that only come after the time limit, and cards whose items would be due after
        it even if the facilitator dealt them at the very start."""
        duration = self.model.clock.duration
        hints = [(("hints", i), h) for i, h in enumerate(self.model.hints)]
        hints += [
            (("variants", v, "hints", i), h)
            for v, variant in enumerate(self.model.variants)
            for i, h in enumerate(variant.hints or [])
        ]
        for path, hint in hints:
            if hint.after >= duration:
                self.add(
                    (*path, "after"),
                    f"this hint can never be taken: it comes at {hint.after}s, at or after the time limit "
                    f"({duration}s)",
                )
        for c, card in enumerate(self.model.deck):
            for kind, entries in (("injects", card.injects), ("messages", card.messages)):
                for i, item in enumerate(entries):
                    if item.at >= duration:
                        self.add(
                            ("deck", c, kind, i, "at"),
                            f"card {card.id}'s {kind[:-1]} is due {item.at}s after the card is dealt: past the time "
                            f"limit ({duration}s) even if it is dealt at the start",
                        )

    def named_actions(self) -> None:
        known = set(ACTIONS.ids()) | set(FAULTS.ids()) | set(RESOURCES.ids()) | _parameter_names()
        texts: list[tuple[tuple[str | int, ...], str]] = [(("briefing",), self.model.briefing)]
        texts += [(("debrief",), self.model.debrief)]
        texts += [(("runbook", i, "body"), page.body) for i, page in enumerate(self.model.runbook)]
        texts += [(("hints", i, "text"), hint.text) for i, hint in enumerate(self.model.hints)]
        texts += [(("messages", i, "text"), message.text) for i, message in enumerate(self.model.messages)]
        for v, variant in enumerate(self.model.variants):
            at = ("variants", v)
            texts += [((*at, "summary"), variant.summary), ((*at, "debrief"), variant.debrief)]
            texts += [((*at, "hints", i, "text"), hint.text) for i, hint in enumerate(variant.hints or [])]
            texts += [((*at, "messages", i, "text"), message.text) for i, message in enumerate(variant.messages)]
        for c, card in enumerate(self.model.deck):
            texts += [(("deck", c, "messages", i, "text"), message.text) for i, message in enumerate(card.messages)]
        for path, text in texts:
            for word in sorted({m.group(1) for m in SNAKE.finditer(text)} - known):
                hint = did_you_mean(word, ACTIONS.ids())
                if hint:
                    self.add(path, f"the text names an action {word!r} that does not exist", hint)


def _why_not(cond: Condition | None, at: int, duration: int, model: object) -> str:
    if at >= duration:
        return f"it is due at {at}s, at or after the time limit ({duration}s)"
    if cond is None:
        return "it never came due"
    if cond.after is not None and cond.after >= duration:
        return f"'after' is at or after the time limit ({duration}s)"
    rules = model.actions  # type: ignore[attr-defined]
    for name in ("action", "not_action"):
        action = getattr(cond, name)
        if action and ((rules.allow is not None and action not in rules.allow) or action in rules.deny):
            return f"it waits for {action}, which this scenario does not allow"
    return (
        "its condition held in no game played "
        "(doing nothing, the winning plan, the move it waits for, or any single move)"
    )


def _parameter_names() -> set[str]:
    names: set[str] = set()
    for unit in [*ACTIONS, *FAULTS]:
        names |= set(unit.Params.model_fields)
    for rtype in RESOURCES:
        names |= set(rtype.Config.model_fields)
    return names


def lint(scenario: LoadedScenario, budget: float = 60.0) -> list[Problem]:
    """The semantic problems of a valid scenario (see the module docstring), errors and warnings."""
    return sorted(_Linter(scenario, budget).run(), key=lambda p: (p.line, p.col, p.message))


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """Only the errors."""
    return [p for p in problems if p.severity == "error"]
