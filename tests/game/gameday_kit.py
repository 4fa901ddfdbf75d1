"""Scripted game-day rounds for the game-day tests: a team's play recorded through a
:class:`RoundSession` as ``warroom play --gameday`` records it, each step given by a member in turn."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from scripted import Step
from warroom.engine import DeclareResolved, PlayCard, Session, Simulation, StartAction, score
from warroom.engine.gameday import LoadedGameDay, PlannedRound
from warroom.engine.gameday.session import RoundSession, round_labels

DRILL = """\
title: Tuesday drill
teams:
  - {name: blue, members: [Ana, Ben]}
  - {name: red}
rounds:
  - scenario: canary-checkout
    seed: 7
    time_limit: 25m
    hints: forbidden
    injects:
      - {at: 10m, card: vp-on-the-bridge}
  - scenario: drifted-web-tier
    seed: 3
"""
"""A two-round game-day: round 1 with a shorter time limit, no hints and a facilitator inject."""


def by_turns(members: Sequence[str], script: list[Step]) -> list[str]:
    """Who gives each step of ``script`` (the members take turns)."""
    return [members[i % len(members)] for i in range(len(script))]


def drive(session: Session, script: list[Step], members: Sequence[str]) -> None:
    """Play ``script`` through ``session`` to the end of the game, each step by its member."""
    for (tick, action, target, params), who in zip(script, by_turns(members, script), strict=True):
        session.advance(tick - session.sim.tick)
        if session.sim.ended:
            break
        if action == "end":
            session.declare_over(by=who)
            break
        session.submit(StartAction(action, target, params, by=who))
    if not session.sim.ended:
        session.advance(session.sim.duration)
    session.close()


def play_round(
    gameday: LoadedGameDay, planned: PlannedRound, team: str, script: list[Step], path: Path, members: Sequence[str]
) -> Path:
    """``team``'s game of ``planned``, recorded to ``path`` as distributed mode records it."""
    drive(RoundSession.begin(gameday, planned, team, path, {"player": members[0]}), script, members)
    return path


def play_on_seed(
    gameday: LoadedGameDay, planned: PlannedRound, team: str, script: list[Step], path: Path, seed: int
) -> Path:
    """A team that changed the seed in its copy: the round's header, another seed."""
    session = Session.start(planned.scenario, seed, path, planned.reference, round_labels(gameday, planned, team))
    drive(session, script, [team])
    return path


def expected_total(planned: PlannedRound, script: list[Step]) -> float:
    """The round's total for ``script``, played apart (a bare simulation, the cards dealt by hand)."""
    sim = Simulation(planned.scenario, planned.spec.seed, planned.spec.variant)
    due = [(inject.at, inject.card) for inject in planned.spec.injects]
    steps: list[tuple[int, int, Any]] = [(at, 0, card) for at, card in due]
    steps += [(tick, 1, (action, target, params)) for tick, action, target, params in script]
    for tick, kind, what in sorted(steps, key=lambda s: (s[0], s[1])):
        sim.advance(tick - sim.tick)
        if sim.ended:
            break
        if kind == 0:
            sim.submit(PlayCard(what))
        elif what[0] == "end":
            sim.submit(DeclareResolved())
            break
        else:
            sim.submit(StartAction(*what))
    sim.advance(sim.duration)
    return score(sim.model, sim.log).total


def edit_lines(path: Path, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> Path:
    """Rewrite a recording's JSON lines through ``change`` (a team editing its file)."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    text = "".join(json.dumps(line, sort_keys=True, separators=(",", ":")) + "\n" for line in change(lines))
    path.write_text(text, encoding="utf-8")
    return path
