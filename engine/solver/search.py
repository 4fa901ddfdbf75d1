"""Search for the best plan: greedy choices checked by rollouts over forked simulations.

The solver plays the game forward on a main line. At each decision point — the first
signal of the incident, and from then on whenever something happens (a fault is injected,
resolved or comes back, an action completes or fails, a scripted inject or message fires)
or a minute passes — it weighs its options:

* each candidate move (:mod:`engine.solver.moves`), first **screened** on a short rollout
  (fork, make the move, run until it completes and a little after, score the game as if
  it stayed that way), then the best few **played out** to the time limit;
* waiting (the game played out from here with no further move);
* declaring the incident over now.

The best option by total score is taken on the main line (ties go to waiting, then to the
earlier candidate in sorted order), so the search is deterministic. When no single move
helps, pairs of changes to what a fault watches are tried (fixes that only work together).
Finally, moves the plan does better without are dropped. The result is the plan and its
score card: the scenario's **par**.

The solver knows the truth (which faults exist and where), but it may only act from the
incident's first signal — the moment a responder could first know something is wrong — and
only through moves a player could make.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import events as ev
from ..actions import ACTIONS
from ..commands import DeclareResolved
from ..errors import CommandError
from ..scoring import ScoreCard, score
from ..simulation import Simulation
from .moves import Move, candidates

if TYPE_CHECKING:
    from ..scenario.loader import LoadedScenario

SCREEN_AFTER = 120  # ticks a screening rollout runs past the move's completion
PLAY_OUT = 12  # candidates played out to the time limit at each decision point
PER_ACTION = 2  # of which at most this many of one action type
MAX_PAIRS = 30  # pairs of moves tried when no single move helps
IDLE_STEP = 120  # the longest wait between decision points
WAKING_EVENTS = (ev.FaultInjected, ev.FaultResolved, ev.FaultReactivated, ev.ActionCompleted, ev.ActionFailed)
RESCREEN = 3  # after this many quiet waits in a row, every candidate is screened again
NOTICED = (ev.MessageReceived, ev.TicketOpened, ev.AlarmStateChanged, ev.ConfigComplianceChanged)

#: Screening trials of the moves shortlisted at a decision point (``None``: the move was refused).
Trials = dict[Move, Simulation | None]


@dataclass(frozen=True)
class Step:
    """One step of a plan: a move at a tick, or (``move is None``) declaring the incident over."""

    tick: int
    move: Move | None

    def to_json(self) -> dict[str, object]:
        """The step as JSON-able data."""
        if self.move is None:
            return {"tick": self.tick, "end": True}
        return {"tick": self.tick, "action": self.move.action, "target": self.move.target, "params": self.move.params}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Step:
        """A step from :meth:`to_json`'s form."""
        if data.get("end"):
            return cls(int(data["tick"]), None)  # type: ignore[call-overload]
        params = data.get("params") or {}
        return cls(int(data["tick"]), Move.of(str(data["action"]), data.get("target"), dict(params)))  # type: ignore[arg-type, call-overload]


@dataclass
class Stats:
    """What the search cost."""

    forks: int = 0
    rollouts: int = 0
    screened: int = 0
    decisions: int = 0
    seconds: float = 0.0
    complete: bool = True
    source: str = "search"  # where the best plan came from: the search, a played game, or the stored par


@dataclass
class Solution:
    """The best plan found and its score card."""

    plan: list[Step]
    card: ScoreCard
    stats: Stats = field(default_factory=Stats)


def play_plan(scenario: LoadedScenario, seed: int, plan: list[Step], variant: str | None = None) -> Simulation:
    """Play a plan from the start to the end of the game; the finished simulation."""
    sim = Simulation(scenario, seed, variant=variant)
    for step in plan:
        if sim.ended:
            break
        sim.advance(step.tick - sim.tick)
        if sim.ended:
            break
        if step.move is None:
            sim.submit(DeclareResolved())
        else:
            sim.submit(step.move.command())
    if not sim.ended:
        sim.advance(sim.duration)
    return sim


def plan_score(scenario: LoadedScenario, seed: int, plan: list[Step], variant: str | None = None) -> ScoreCard:
    """The score card of a plan played on ``seed``."""
    sim = play_plan(scenario, seed, plan, variant)
    return score(sim.model, sim.log)


class _Search:
    def __init__(self, scenario: LoadedScenario, seed: int, variant: str | None, budget: float) -> None:
        self.scenario = scenario
        self.seed = seed
        self.variant = variant
        self.deadline = time.perf_counter() + budget
        self.stats = Stats()
        self.shortlist: list[Move] = []

    def out_of_time(self) -> bool:
        return time.perf_counter() > self.deadline

    def fork(self, sim: Simulation) -> Simulation:
        self.stats.forks += 1
        return sim.fork()

    def played_out(self, sim: Simulation, move: Move | None, screened: Trials | None = None) -> float:
        """Total score if ``move`` is made now (``None``: nothing) and nothing more is done.

        A move screened at this decision point goes on from its screening trial (taken out of
        ``screened``) instead of being made again on a new fork: the same game, and its
        start is not played twice."""
        self.stats.rollouts += 1
        if move is not None and screened is not None and move in screened:
            trial = screened.pop(move)
            return -1.0 if trial is None else _play_out(trial)
        trial = self.fork(sim)
        if move is not None and not _make(trial, move):
            return -1.0
        return _play_out(trial)

    def ended_now(self, sim: Simulation) -> float:
        trial = self.fork(sim)
        trial.submit(DeclareResolved())
        return score(trial.model, trial.log).total

    def screened(self, sim: Simulation, move: Move) -> tuple[float, Simulation | None]:
        """Total score if ``move`` is made now and the game then stays as it is: a look is
        judged when it completes, a change a little after (once its effects have spread).
        Also the trial, at that moment (``None`` if the move was refused)."""
        trial = self.fork(sim)
        self.stats.screened += 1
        if not _make(trial, move):
            return -1.0, None
        started = next(e for e in reversed(trial.log) if isinstance(e, ev.ActionStarted))
        settle = SCREEN_AFTER if ACTIONS.get(move.action).family == "remediate" else 1
        trial.advance(min(started.ends_at + settle, trial.duration) - trial.tick)
        log = trial.log if trial.ended else [*trial.log, ev.GameEnded(trial.tick, "interrupted")]
        return score(trial.model, log).total, trial

    def shortlist_of(self, sim: Simulation, moves: list[Move]) -> Trials:
        """Screen every candidate and keep the best few (see :func:`_diverse`) as the
        shortlist; returns the shortlisted moves' screening trials, to be played out."""
        screens = {move: self.screened(sim, move) for move in moves}
        self.shortlist = _diverse(sorted(moves, key=lambda m: -screens[m][0]))
        return {move: screens[move][1] for move in self.shortlist}

    def after(self, sim: Simulation, move: Move) -> Simulation | None:
        """A trial where ``move`` is made now and then every action in flight completes;
        ``None`` if the move was refused or the game ended first."""
        trial = self.fork(sim)
        if not _make(trial, move):
            return None
        while trial.inflight and not trial.ended:
            trial.step()
        return None if trial.ended else trial

    def best_pair(self, sim: Simulation, moves: list[Move]) -> tuple[float, str, Move | None]:
        """When no single move helps, moves that only work together: two changes to what an
        active fault watches (or two looks at what a fault broke), the second made when the
        first completes. Returns the first move of the best pair (the second is found alone
        at the next decision). The game up to the second move is played once per first move."""
        faults = sim.faults.values()
        watched = set().union(*(f.type.watch(f, sim.world) | {f.target} for f in faults if f.active))
        broken = {f.target for f in faults}
        touching = [
            m
            for m in moves
            if (m.target in watched and ACTIONS.get(m.action).family == "remediate")
            or (m.target in broken and ACTIONS.get(m.action).family == "investigate")
        ]
        best: tuple[float, str, Move | None] = (-1.0, "wait", None)
        pairs = sorted(
            ((a, b) for a in touching for b in touching if a != b),
            key=lambda pair: pair[0].action != pair[1].action,  # the same move on two resources first
        )[:MAX_PAIRS]
        firsts: dict[Move, Simulation | None] = {}
        for first, second in pairs:
            self.stats.rollouts += 1
            if first not in firsts:
                firsts[first] = self.after(sim, first)
            started = firsts[first]
            if started is None:
                continue
            trial = self.fork(started)
            if not _make(trial, second):
                continue
            total = _play_out(trial)
            if total > best[0]:
                best = (total, "move", first)
        return best

    def decide(
        self, sim: Simulation, done: set[Move], fresh: bool, waited: float | None
    ) -> tuple[str, Move | None, float]:
        """The best option now: ("move", m), ("wait", None) or ("end", None), and the score
        of waiting.

        After a quiet wait (``fresh`` false: nothing happened but time passing) the last
        shortlist is played out again instead of screening every candidate anew, and pairs
        are not tried again: what did not help a minute ago is not worth the search now.
        ``waited`` is the score of waiting when it is already known: when the main line has
        only waited since the last decision, waiting now is the very game played out then."""
        self.stats.decisions += 1
        waiting = self.played_out(sim, None) if waited is None else waited
        best: tuple[float, str, Move | None] = (waiting, "wait", None)
        if sim.busy() < sim.responders:
            moves = candidates(sim, done)
            screened = self.shortlist_of(sim, moves) if fresh or not self.shortlist else None
            for move in (m for m in self.shortlist if m in moves):
                total = self.played_out(sim, move, screened)
                if total > best[0]:
                    best = (total, "move", move)
            if best[1] == "wait" and fresh:
                best = max(best, self.best_pair(sim, moves), key=lambda option: option[0])
        ended = self.ended_now(sim)
        if ended > best[0]:
            best = (ended, "end", None)
        return best[1], best[2], waiting

    def run(self) -> list[Step]:
        """The greedy pass (see the module docstring)."""
        sim = first_notice(Simulation(self.scenario, self.seed, variant=self.variant))
        plan: list[Step] = []
        done: set[Move] = set()
        fresh = True
        quiet = 0
        waited: float | None = None
        while not sim.ended:
            if self.out_of_time():
                self.stats.complete = False
                break
            choice, move, waited = self.decide(sim, done, fresh, waited)
            if choice == "end":
                plan.append(Step(sim.tick, None))
                break
            if choice == "move" and move is not None:
                _make(sim, move)
                plan.append(Step(sim.tick, move))
                done.add(move)
                fresh = True
                waited = None
                continue
            quiet = 0 if fresh else quiet + 1
            fresh = _wait(sim) or quiet >= RESCREEN
        return plan


def first_notice(sim: Simulation) -> Simulation:
    """The game advanced to the moment a responder could first know something is wrong: a
    fault's first signal; for an incident no signal announces, anything the team sees (a
    message, a ticket, an alarm or a Config rule changing) once a fault exists; failing
    that, the moment the first fault is injected."""
    probe = sim.fork()
    probe.advance(probe.duration)
    signal = next((e.tick for e in probe.log if isinstance(e, ev.FirstSignal)), None)
    injected = next((e.tick for e in probe.log if isinstance(e, ev.FaultInjected)), 0)
    seen = (e.tick for e in probe.log if isinstance(e, NOTICED) and e.visible and e.tick >= injected)
    moment = signal if signal is not None else next(seen, injected)
    sim.advance(moment - sim.tick)
    return sim


def _play_out(sim: Simulation) -> float:
    """Play a trial to the time limit with nobody acting; its total score."""
    sim.advance(sim.duration)
    return score(sim.model, sim.log).total


def _diverse(ranked: list[Move]) -> list[Move]:
    """The best :data:`PLAY_OUT` moves, at most :data:`PER_ACTION` of each action type (so one
    action aimed at every resource cannot crowd out the rest)."""
    chosen: list[Move] = []
    taken: dict[str, int] = {}
    for move in ranked:
        if taken.get(move.action, 0) < PER_ACTION:
            chosen.append(move)
            taken[move.action] = taken.get(move.action, 0) + 1
        if len(chosen) == PLAY_OUT:
            break
    return chosen


@contextmanager
def _collector_spared() -> Iterator[None]:
    """Keep what exists before the search (modules, the loaded scenario) out of the garbage
    collector's full passes while it runs: the search allocates fast, and each full pass
    walked all of that again (some 5 % of a long solve). Nothing the search makes is frozen,
    and ``gc.unfreeze`` hands the rest back to the collector afterwards."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _make(sim: Simulation, move: Move) -> bool:
    """Make a move; whether it was accepted and started."""
    try:
        shown = sim.submit(move.command())
    except CommandError:
        return False
    return not any(isinstance(e, ev.ActionRejected) for e in shown)


def _wait(sim: Simulation) -> bool:
    """Advance to the next decision point; whether something happened (else time just passed)."""
    until = min(sim.tick + IDLE_STEP, sim.duration)
    while not sim.ended and sim.tick < until:
        mark = len(sim.log)
        sim.step()
        if any(isinstance(e, WAKING_EVENTS) for e in sim.log[mark:]):
            return True
    return False


def solve(
    scenario: LoadedScenario,
    seed: int = 1,
    *,
    variant: str | None = None,
    budget: float = 60.0,
    known: Sequence[tuple[str, list[Step]]] = (),
) -> Solution:
    """Search for the best plan (see the module docstring); stops early when ``budget`` seconds pass.

    ``known`` plans, each with where it came from ("a played game", "the stored par"),
    compete with the search: the best of all is kept, so par is never worse than a game
    someone has actually played, nor than the par it replaces (the search is greedy, and an
    engine change can send it down another path)."""
    started = time.perf_counter()
    search = _Search(scenario, seed, variant, budget)
    with _collector_spared():
        plan = search.run()
    card = plan_score(scenario, seed, plan, variant)
    for source, other in known:
        other_card = plan_score(scenario, seed, other, variant)
        if other_card.total > card.total:
            plan, card = other, other_card
            search.stats.source = source
    for step in reversed(list(plan)):
        if step.move is None or search.out_of_time():
            continue
        without = [s for s in plan if s is not step]
        trial = plan_score(scenario, seed, without, variant)
        if trial.total >= card.total:
            plan, card = without, trial
    search.stats.seconds = round(time.perf_counter() - started, 3)
    return Solution(plan, card, search.stats)
