"""Checks beyond the schema: a game-day's teams, standing and rounds make sense together.

Team names are unique; ``best_of`` goes with ``combine: best-of`` and counts no more rounds
than there are; every round's scenario loads, its variant exists, its time limit is
positive, and each facilitator inject names a card of the scenario's deck and falls inside
the time limit. Every finding is an :class:`~engine.architecture.Issue` at its field path.
"""

from __future__ import annotations

from pathlib import Path

from ..architecture import Issue
from ..durations import format_clock
from ..errors import ScenarioError
from ..registry import did_you_mean
from ..scenario.library import bundled_ids
from ..scenario.loader import LoadedScenario
from .models import GameDay, Round
from .rounds import PlannedRound, plan_round, resolve_scenario

Path_ = tuple[str | int, ...]


def check_gameday(model: GameDay, folder: Path) -> tuple[list[Issue], list[PlannedRound]]:
    """Every problem in a schema-valid game-day, and its rounds (planned only when there are none)."""
    issues = _teams(model) + _standing(model)
    loaded: dict[str, tuple[LoadedScenario, str] | Issue] = {}
    rounds: list[PlannedRound] = []
    for index, spec in enumerate(model.rounds):
        at: Path_ = ("rounds", index)
        if spec.scenario not in loaded:
            loaded[spec.scenario] = _load(spec.scenario, folder, (*at, "scenario"))
        found = loaded[spec.scenario]
        if isinstance(found, Issue):
            issues.append(Issue((*at, "scenario"), found.message, found.hint))
            continue
        scenario, reference = found
        round_issues = _round(spec, scenario, at)
        issues += round_issues
        if not round_issues:
            rounds.append(plan_round(index + 1, spec, scenario, reference))
    return issues, rounds if not issues else []


RESERVED = ("facilitator", "automation", "player")
"""Names the engine gives its own commands: a team or a member called so could not be told apart."""


def _teams(model: GameDay) -> list[Issue]:
    issues = []
    first: dict[str, int] = {}
    for index, team in enumerate(model.teams):
        for path, name in [(("teams", index, "name"), team.name)] + [
            (("teams", index, "members", i), member) for i, member in enumerate(team.members)
        ]:
            if name.casefold() in RESERVED or name.startswith("npc:"):
                issues.append(Issue(path, f"{name!r} is a name warroom keeps for itself", "choose another name"))
        key = team.name.casefold()
        if key in first:
            issues.append(
                Issue(
                    ("teams", index, "name"),
                    f"duplicate team name {team.name!r}",
                    f"first used by team #{first[key] + 1}; team names must differ (ignoring case)",
                )
            )
        else:
            first[key] = index
    return issues


def _standing(model: GameDay) -> list[Issue]:
    standing = model.standing
    issues = []
    if standing.combine == "best-of" and standing.best_of is None:
        issues.append(Issue(("standing", "combine"), "'combine: best-of' needs 'best_of'", "add 'best_of: N'"))
    elif standing.combine != "best-of" and standing.best_of is not None:
        issues.append(Issue(("standing", "best_of"), "'best_of' applies only with 'combine: best-of'", "remove it"))
    elif standing.best_of is not None and standing.best_of > len(model.rounds):
        issues.append(
            Issue(
                ("standing", "best_of"),
                f"best of {standing.best_of} rounds, but the game-day has {len(model.rounds)}",
                f"use at most {len(model.rounds)}",
            )
        )
    seen: set[str] = set()
    for index, breaker in enumerate(standing.tie_breakers):
        if breaker in seen:
            issues.append(Issue(("standing", "tie_breakers", index), f"{breaker!r} is listed twice"))
        seen.add(breaker)
    return issues


def _load(reference: str, folder: Path, at: Path_) -> tuple[LoadedScenario, str] | Issue:
    try:
        return resolve_scenario(reference, folder)
    except ValueError as exc:
        return Issue(at, str(exc), "name a bundled scenario ('warroom list') or a .yaml file beside the game-day")
    except ScenarioError as exc:
        problem = exc.problems[0]
        if problem.message == "file not found":
            hint = did_you_mean(reference, bundled_ids()) or "see 'warroom list' for the bundled scenarios"
            return Issue(at, f"no scenario {reference!r}", hint)
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        return Issue(at, f"the scenario {reference!r} does not load: {problem}{more}", "run 'warroom validate' on it")


def _round(spec: Round, scenario: LoadedScenario, at: Path_) -> list[Issue]:
    issues = []
    model = scenario.model
    variants = model.variant_ids()
    if spec.variant is not None and spec.variant not in variants:
        hint = did_you_mean(spec.variant, variants) or (
            f"{scenario.id} has the variants {', '.join(variants)}" if variants else f"{scenario.id} has no variants"
        )
        issues.append(Issue((*at, "variant"), f"{scenario.id} has no variant {spec.variant!r}", hint))
    limit = model.clock.duration if spec.time_limit is None else spec.time_limit
    if spec.time_limit is not None and spec.time_limit < 60:
        issues.append(Issue((*at, "time_limit"), "a round lasts at least a minute", "write it like 20m or 45m"))
    cards = [card.id for card in model.deck]
    for index, inject in enumerate(spec.injects):
        where = (*at, "injects", index)
        if inject.card not in cards:
            hint = did_you_mean(inject.card, cards) or (
                f"its deck holds: {', '.join(cards)}" if cards else f"{scenario.id} has no facilitator deck"
            )
            issues.append(Issue((*where, "card"), f"{scenario.id}'s deck has no card {inject.card!r}", hint))
        if inject.at >= limit >= 60:
            issues.append(
                Issue(
                    (*where, "at"),
                    f"the inject at {format_clock(inject.at)} comes after the round's time limit "
                    f"({format_clock(limit)})",
                    "play it earlier, or lengthen the round with 'time_limit'",
                )
            )
    return issues
