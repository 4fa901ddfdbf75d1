"""The skill profile: how a player does by DOP-C02 domain, task statement and fault family, and
what to play next.

Pure functions over kept games (:class:`~warroom.game.played.PlayedGame`) and the bundled
scenario catalog, shared by ``warroom profile`` and the window's profile screen, so both
always say the same. Autopilot games are left out unless asked for: watching par play is
not the player's skill.

A game counts once in each domain and each task statement its scenario trains and once in
each family of the faults it injected. What to play next follows one rule (:func:`recommend`):

1. Domains, weakest first: a domain without a game yet comes first (in exam order), then the
   others by mean total, lowest first.
2. In each, the tier to play is the one after the highest tier the player has *cleared* there
   (a game resolved with a total of at least :data:`CLEARED`, grade C); intro when none is.
   Past advanced there is no tier: advanced again.
3. The suggestion is a bundled scenario of that domain the player has not played, at that
   tier; when none is left there, at the nearest tier that has one (the easier first). Among
   those, the one training the most task statements the player has not played yet, then the
   one with the weakest task statement (lowest mean total below :data:`CLEARED`), then the
   first by id; the reason names those task statements.
4. One suggestion per domain, each scenario once, until there are ``count``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from statistics import fmean
from typing import Any

from warroom.engine import DOMAINS, CatalogEntry
from warroom.engine.scenario.loader import load_bundled

from .played import PlayedGame

TIERS = ("intro", "intermediate", "advanced")
CLEARED = 70.0
SUGGESTIONS = 3
ORDINALS = ("", "second ", "third ", "fourth ", "fifth ", "sixth ")
FIGURES = ("games", "mean", "best", "resolved")
"""The headings of :meth:`Tally.cells`."""

TASKS: dict[str, str] = {
    "1.1": "CI/CD pipelines",
    "1.2": "Automated testing in pipelines",
    "1.3": "Build and manage artifacts",
    "1.4": "Deployment strategies",
    "2.1": "Reusable infrastructure as code",
    "2.2": "Multi-account, multi-Region automation",
    "2.3": "Automation at scale",
    "3.1": "Highly available solutions",
    "3.2": "Scalable solutions",
    "3.3": "Automated recovery (RTO and RPO)",
    "4.1": "Collect and store logs and metrics",
    "4.2": "Audit and analyse logs and metrics",
    "4.3": "Automate monitoring and event management",
    "5.1": "Event sources and responses",
    "5.2": "Configuration changes in response to events",
    "5.3": "Troubleshoot system and application failures",
    "6.1": "Identity and access management at scale",
    "6.2": "Security controls and data protection",
    "6.3": "Security monitoring and auditing",
}
"""The DOP-C02 task statements (the exam guide's, shortened), by number."""


@dataclass(frozen=True)
class Tally:
    """How a group of games went: how many, the mean and best totals, how many were resolved."""

    key: str
    label: str
    games: int
    mean: float | None
    best: float | None
    resolved: int

    @property
    def resolved_rate(self) -> float | None:
        """The share of the games that were resolved (``None`` without games)."""
        return self.resolved / self.games if self.games else None

    def to_json(self) -> dict[str, Any]:
        """The tally as JSON-able data, with the resolved rate."""
        return asdict(self) | {"resolved_rate": self.resolved_rate}

    def cells(self) -> tuple[str, str, str, str]:
        """Games, mean, best and resolved rate as both front ends print them (a dash for none)."""
        if not self.games:
            return ("0", "-", "-", "-")
        return (str(self.games), f"{self.mean:.1f}", f"{self.best:.1f}", f"{self.resolved / self.games:.0%}")


@dataclass(frozen=True)
class Recommendation:
    """A scenario to play next, and why (see the module docstring for the rule)."""

    scenario_id: str
    title: str
    difficulty: str
    domain: str
    reason: str


@dataclass(frozen=True)
class Profile:
    """The games counted, the tallies by domain (exam order) and by family (weakest first), and
    the recommendations."""

    counted: int
    autopilot_counted: bool
    autopilot_left_out: int
    domains: list[Tally]
    tasks: list[Tally]
    families: list[Tally]
    recommendations: list[Recommendation]

    def describe(self) -> str:
        """How many games count, in a sentence (both front ends show it above the tables)."""
        if not self.counted and not self.autopilot_left_out:
            return "No finished games yet."
        games = plural(self.counted, "finished game")
        if self.autopilot_counted:
            return f"{games}, autopilot games included."
        left_out = f" ({plural(self.autopilot_left_out, 'autopilot game')} left out)" if self.autopilot_left_out else ""
        return f"{games}{left_out}."

    def to_json(self) -> dict[str, Any]:
        """The profile as JSON-able data (``warroom profile --json``)."""
        return {
            "games": self.counted,
            "autopilot_counted": self.autopilot_counted,
            "autopilot_left_out": self.autopilot_left_out,
            "domains": [t.to_json() for t in self.domains],
            "tasks": [t.to_json() for t in self.tasks],
            "families": [t.to_json() for t in self.families],
            "recommendations": [asdict(r) for r in self.recommendations],
        }


def plural(count: int, noun: str) -> str:
    """``count`` and ``noun``, with an "s" unless there is one."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def tally(key: str, label: str, games: Sequence[PlayedGame]) -> Tally:
    """The :class:`Tally` of ``games``."""
    totals = [g.total for g in games]
    return Tally(
        key,
        label,
        len(games),
        round(fmean(totals), 1) if totals else None,
        max(totals, default=None),
        sum(g.resolved for g in games),
    )


def _grouped(games: Iterable[PlayedGame], keys: Callable[[PlayedGame], Iterable[str]]) -> dict[str, list[PlayedGame]]:
    groups: dict[str, list[PlayedGame]] = {}
    for game in games:
        for key in keys(game):
            groups.setdefault(key, []).append(game)
    return groups


def by_domain(games: Sequence[PlayedGame]) -> list[Tally]:
    """A tally for every DOP-C02 domain, in exam order (a domain without games has zero)."""
    groups = _grouped(games, lambda g: g.domains)
    return [tally(key, label, groups.get(key, [])) for key, label in DOMAINS.items()]


def task_label(task: str) -> str:
    """A task statement's number and title (``5.3 Troubleshoot system and application failures``)."""
    return f"{task} {TASKS.get(task, 'task statement')}"


def by_task(games: Sequence[PlayedGame], offered: Iterable[str] = ()) -> list[Tally]:
    """A tally for every task statement played or ``offered`` (trained by a scenario on offer),
    in exam order (an unplayed one has zero)."""
    groups = _grouped(games, lambda g: g.tasks)
    keys = sorted(set(groups) | set(offered), key=lambda task: tuple(int(part) for part in task.split(".")))
    return [tally(key, task_label(key), groups.get(key, [])) for key in keys]


def library_tasks(entries: Iterable[CatalogEntry]) -> dict[str, tuple[str, ...]]:
    """The task statements each bundled scenario of ``entries`` trains (reads the library)."""
    return {entry.id: tuple(load_bundled(entry.id).model.tasks) for entry in entries}


def by_family(games: Sequence[PlayedGame]) -> list[Tally]:
    """A tally for every fault family met, weakest (lowest mean total) first."""
    groups = _grouped(games, lambda g: g.families)
    tallies = [tally(family, family, members) for family, members in groups.items()]
    return sorted(tallies, key=lambda t: (t.mean, t.key))


def weakest_first(domains: Sequence[Tally]) -> list[Tally]:
    """Domains without games first (in the order given), then the rest by mean total, lowest first."""
    order = {t.key: number for number, t in enumerate(domains)}
    return sorted(domains, key=lambda t: (t.games > 0, t.mean or 0.0, order[t.key]))


def cleared_tier(domain: str, games: Sequence[PlayedGame]) -> int | None:
    """The index in :data:`TIERS` of the highest tier cleared in ``domain`` (``None``: none)."""
    cleared = [
        TIERS.index(g.difficulty)
        for g in games
        if domain in g.domains and g.resolved and g.total >= CLEARED and g.difficulty in TIERS
    ]
    return max(cleared, default=None)


def _by_nearness(target: int) -> list[int]:
    """Tier indexes, ``target`` first, then by distance from it (the easier first on a tie)."""
    return sorted(range(len(TIERS)), key=lambda tier: (abs(tier - target), tier))


def _why_domain(domain: Tally, rank: int) -> str:
    if not domain.games:
        return f"You have not played {domain.label} yet"
    games = plural(domain.games, "game")
    return f"{domain.label} is your {ORDINALS[rank]}weakest domain (mean {domain.mean:.1f} over {games})"


def _why_tier(domain: Tally, cleared: int | None, target: int) -> str:
    if not domain.games:
        return ": start at intro"
    if cleared is None:
        return "; nothing cleared there yet, so intro"
    if cleared == len(TIERS) - 1:
        return "; you have cleared advanced there: more advanced practice"
    return f"; you have cleared {TIERS[cleared]} there, so {TIERS[target]}"


def _why_not_target(target: str, chosen: str, exists: bool) -> str:
    if chosen == target:
        return ""
    reason = f"you have played every {target} one" if exists else f"it has no {target} scenario"
    return f" ({reason}, so {chosen})"


def _task_need(tasks: Sequence[str], tallies: Mapping[str, Tally]) -> tuple[list[Tally], list[Tally]]:
    """Of a scenario's task statements: those the player has not played, and those played but
    not yet cleared on average, weakest first."""
    mine = [tallies[task] for task in tasks if task in tallies]
    weak = sorted((t for t in mine if t.games and (t.mean or 0.0) < CLEARED), key=lambda t: (t.mean, t.key))
    return [t for t in mine if not t.games], weak


def _why_tasks(unplayed: list[Tally], weak: list[Tally]) -> str:
    if unplayed:
        which = ", ".join(t.label for t in unplayed)
        some = "task statements" if len(unplayed) > 1 else "a task statement"
        return f" It trains {some} you have not played: {which}."
    if weak:
        return f" It trains {weak[0].label}, your weakest task statement there (mean {weak[0].mean:.1f})."
    return ""


def recommend(
    domains: Sequence[Tally],
    games: Sequence[PlayedGame],
    entries: Sequence[CatalogEntry],
    count: int = SUGGESTIONS,
    tasks_of: Mapping[str, Sequence[str]] | None = None,
) -> list[Recommendation]:
    """What to play next, by the rule in the module docstring (``tasks_of``: the task statements
    each entry trains, by id)."""
    tasks_of = tasks_of or {}
    tallies = {t.key: t for t in by_task(games, (task for tasks in tasks_of.values() for task in tasks))}

    def need(entry: CatalogEntry) -> tuple[int, float, str]:
        unplayed, weak = _task_need(tasks_of.get(entry.id, ()), tallies)
        return -len(unplayed), weak[0].mean if weak and weak[0].mean is not None else CLEARED, entry.id

    played = {g.scenario_id for g in games}
    suggested: list[Recommendation] = []
    rank = 0
    for domain in weakest_first(domains):
        if len(suggested) == count:
            break
        taken = played | {r.scenario_id for r in suggested}
        cleared = cleared_tier(domain.key, games)
        target = 0 if cleared is None else min(cleared + 1, len(TIERS) - 1)
        mine = sorted((e for e in entries if domain.key in e.domains), key=lambda e: e.id)
        fresh = [e for e in mine if e.id not in taken]
        tiers = [TIERS[tier] for tier in _by_nearness(target) if any(e.difficulty == TIERS[tier] for e in fresh)]
        if domain.games:
            rank += 1
        if not tiers:
            continue
        entry = min((e for e in fresh if e.difficulty == tiers[0]), key=need)
        exists = any(e.difficulty == TIERS[target] for e in mine)
        why = _why_domain(domain, rank - 1) + _why_tier(domain, cleared, target)
        why += _why_not_target(TIERS[target], tiers[0], exists) + "."
        why += _why_tasks(*_task_need(tasks_of.get(entry.id, ()), tallies))
        suggested.append(Recommendation(entry.id, entry.title, entry.difficulty, domain.key, why))
    return suggested


def build_profile(
    games: Sequence[PlayedGame],
    entries: Sequence[CatalogEntry],
    *,
    autopilot: bool = False,
    tasks_of: Mapping[str, Sequence[str]] | None = None,
) -> Profile:
    """The profile of ``games`` (autopilot games only if ``autopilot``), suggesting from ``entries``
    (``tasks_of``: the task statements each trains, by id; :func:`library_tasks` for the bundled ones)."""
    counted = [g for g in games if autopilot or not g.autopilot]
    domains = by_domain(counted)
    offered = (task for tasks in (tasks_of or {}).values() for task in tasks)
    return Profile(
        len(counted),
        autopilot,
        len(games) - len(counted),
        domains,
        by_task(counted, offered),
        by_family(counted),
        recommend(domains, counted, entries, tasks_of=tasks_of),
    )
