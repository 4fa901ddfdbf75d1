"""Semantic checks of a valid scenario: is it *fair*? (what ``warroom lint`` adds to ``validate``)

Loading already proves the file is well formed and every reference resolves. These checks
play the scenario to prove what a reader cannot see:

* **winnable** — for every variant, a plan resolves every fault within the time limit (the
  stored par when it is fresh, else the solver's search);
* **doing nothing does not win** — left alone, the incident is not resolved;
* **mitigation alone is not resolution** — the winning plan without its remediations (keeping
  what it looked at and said) does not score as resolved;
* **every conditional inject and message can fire** — its condition held in some game: doing
  nothing, the winning plan, a game that makes the move its condition waits for, or one
  that makes any single move at the first notice (a wrong or half fix);
* **the text names real actions** — every ``snake_case`` word in the briefing, runbook,
  hints and debrief that looks like an action id is one;
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
from .scenario.models import Condition
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
        fired: set[tuple[str, int]] = set()
        for variant, plan in self.winning_plans().items():
            where = f" (variant {variant})" if variant else ""
            best = self.play(plan, variant)
            nothing = self.play([], variant)
            fired |= best.sim.fired | nothing.sim.fired
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
            fired |= self.waited_for(plan, variant)
        self.unfired(self.explored(fired))
        self.named_actions()
        return self.problems

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

    def explored(self, fired: set[tuple[str, int]]) -> set[tuple[str, int]]:
        """If some conditional item has not fired yet: games that make one move at the first
        notice and nothing more (a wrong fix, a half fix), until every item has fired."""
        items = [("injects", i) for i, x in enumerate(self.model.injects) if x.when]
        items += [("messages", i) for i, x in enumerate(self.model.messages) if x.when]
        waiting = set(items) - fired
        if not waiting:
            return fired
        start = first_notice(Simulation(self.scenario, PAR_SEED))
        for move in candidates(start, set()):
            if not waiting:
                break
            seen = self.play([Step(start.tick, move)], None).sim.fired
            fired |= seen
            waiting -= seen
        return fired

    def unfired(self, fired: set[tuple[str, int]]) -> None:
        duration = self.model.clock.duration
        for kind, items in (("injects", self.model.injects), ("messages", self.model.messages)):
            for index, item in enumerate(items):
                if (kind, index) in fired:
                    continue
                why = _why_not(item.when, item.at, duration, self.model)
                self.add((kind, index, "when" if item.when else "at"), f"this {kind[:-1]} can never fire: {why}")

    def named_actions(self) -> None:
        known = set(ACTIONS.ids()) | set(FAULTS.ids()) | set(RESOURCES.ids()) | _parameter_names()
        texts: list[tuple[tuple[str | int, ...], str]] = [(("briefing",), self.model.briefing)]
        texts += [(("debrief",), self.model.debrief)]
        texts += [(("runbook", i, "body"), page.body) for i, page in enumerate(self.model.runbook)]
        texts += [(("hints", i, "text"), hint.text) for i, hint in enumerate(self.model.hints)]
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
