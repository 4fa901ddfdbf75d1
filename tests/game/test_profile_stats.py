"""The skill profile on purpose-built games: tallies by domain and by fault family, and the rule
that picks what to play next (game/profile_stats.py)."""

from __future__ import annotations

from typing import Any

import pytest
from warroom.engine import DOMAINS, CatalogEntry
from warroom.game.profile_stats import build_profile, by_domain, by_family, by_task, recommend

from .history_rows import row


def entry(scenario_id: str, difficulty: str, *domains: str) -> CatalogEntry:
    return CatalogEntry(scenario_id, scenario_id.upper(), difficulty, tuple(domains), "", 30)


def test_a_game_counts_once_in_each_of_its_domains() -> None:
    games = [
        row("a", 60.0, domains=("sdlc", "monitoring"), resolved=False),
        row("b", 90.0, domains=("monitoring",)),
        row("c", 75.0, domains=("monitoring", "security")),
    ]
    tallies = {t.key: t for t in by_domain(games)}
    assert [t.key for t in by_domain(games)] == list(DOMAINS)  # every domain, in exam order
    monitoring = tallies["monitoring"]
    assert (monitoring.games, monitoring.mean, monitoring.best, monitoring.resolved) == (3, 75.0, 90.0, 2)
    assert monitoring.resolved_rate == pytest.approx(2 / 3)
    assert monitoring.cells() == ("3", "75.0", "90.0", "67%")
    assert (tallies["sdlc"].games, tallies["sdlc"].mean, tallies["sdlc"].resolved_rate) == (1, 60.0, 0.0)
    assert (tallies["iac"].games, tallies["iac"].mean, tallies["iac"].resolved_rate) == (0, None, None)
    assert tallies["iac"].cells() == ("0", "-", "-", "-")
    assert tallies["iac"].label == "2 Configuration Management and IaC"


def test_fault_families_are_tallied_weakest_first() -> None:
    games = [
        row("a", 40.0, families=("stack drift", "credentials")),
        row("b", 80.0, families=("credentials",), resolved=False),
        row("c", 95.0, families=("public bucket",)),
        row("d", 70.0, families=("stack drift",)),
    ]
    tallies = by_family(games)
    assert [(t.key, t.games, t.mean, t.best, t.resolved) for t in tallies] == [
        ("stack drift", 2, 55.0, 70.0, 2),
        ("credentials", 2, 60.0, 80.0, 1),
        ("public bucket", 1, 95.0, 95.0, 1),
    ]


def test_autopilot_games_are_left_out_unless_asked_for() -> None:
    games = [row("a", 50.0), row("b", 100.0, autopilot=True)]
    mine = build_profile(games, [])
    assert (mine.counted, mine.autopilot_left_out) == (1, 1)
    assert {t.key: t.mean for t in mine.domains}["monitoring"] == 50.0
    assert mine.describe() == "1 finished game (1 autopilot game left out)."
    everything = build_profile(games, [], autopilot=True)
    assert (everything.counted, everything.autopilot_left_out) == (2, 0)
    assert {t.key: t.mean for t in everything.domains}["monitoring"] == 75.0
    assert everything.describe() == "2 finished games, autopilot games included."
    assert build_profile([], []).describe() == "No finished games yet."


LIBRARY = [
    entry("sec-intro", "intro", "security"),
    entry("sec-mid", "intermediate", "security"),
    entry("sec-adv", "advanced", "security"),
    entry("mon-intro", "intro", "monitoring"),
    entry("mon-mid-a", "intermediate", "monitoring"),
    entry("mon-mid-b", "intermediate", "monitoring"),
    entry("mon-adv", "advanced", "monitoring"),
    entry("x-both-mid", "intermediate", "monitoring", "security"),
    entry("res-mid", "intermediate", "resilience"),
    entry("res-adv", "advanced", "resilience"),
    entry("iac-intro", "intro", "iac"),
    entry("sdlc-intro", "intro", "sdlc"),
    entry("ir-intro", "intro", "incident-response"),
]


def test_unplayed_domains_come_first_in_exam_order_at_intro() -> None:
    games = [row("mon-intro", 95.0, domains=("monitoring",), difficulty="intro")]
    picks = recommend(by_domain(games), games, LIBRARY, count=3)
    assert [(p.domain, p.scenario_id) for p in picks] == [
        ("sdlc", "sdlc-intro"),
        ("iac", "iac-intro"),
        ("resilience", "res-mid"),  # the domain has no intro scenario: the nearest tier that has one
    ]
    assert picks[0].reason == "You have not played 1 SDLC Automation yet: start at intro."
    assert picks[2].reason == (
        "You have not played 3 Resilient Cloud Solutions yet: start at intro "
        "(it has no intro scenario, so intermediate)."
    )


def test_played_domains_go_weakest_first_to_the_tier_after_the_one_cleared() -> None:
    everywhere = ("sdlc", "iac", "resilience", "incident-response")
    games = [
        row("other", 99.0, domains=everywhere, difficulty="advanced"),  # every other domain played and strong
        row("sec-intro", 72.0, domains=("security",), difficulty="intro"),  # cleared: resolved and C or better
        row("mon-intro", 64.0, domains=("monitoring",), difficulty="intro"),  # not cleared: below 70
        row("mon-mid-a", 90.0, domains=("monitoring",), difficulty="intermediate", resolved=False),  # not cleared
    ]
    picks = recommend(by_domain(games), games, LIBRARY, count=2)
    assert [(p.domain, p.scenario_id) for p in picks] == [
        ("security", "sec-mid"),  # mean 72.0: the weakest; intro cleared, so intermediate
        ("monitoring", "mon-mid-b"),  # 77.0; nothing cleared, so intro — played, so the nearest: intermediate
    ]
    assert picks[0].reason == (
        "6 Security and Compliance is your weakest domain (mean 72.0 over 1 game); "
        "you have cleared intro there, so intermediate."
    )
    assert picks[1].reason == (
        "4 Monitoring and Logging is your second weakest domain (mean 77.0 over 2 games); "
        "nothing cleared there yet, so intro (you have played every intro one, so intermediate)."
    )


def test_each_scenario_is_suggested_once_and_advanced_stays_advanced() -> None:
    everywhere = ("sdlc", "iac", "resilience", "incident-response")
    games = [
        row("other", 99.0, domains=everywhere, difficulty="advanced"),
        row("sec-adv", 80.0, domains=("security",), difficulty="advanced"),
        row("sec-mid", 75.0, domains=("security",), difficulty="intermediate", resolved=False),
        row("mon-adv", 85.0, domains=("monitoring",), difficulty="advanced"),
        row("mon-mid-a", 85.0, domains=("monitoring",), difficulty="intermediate"),
        row("mon-mid-b", 85.0, domains=("monitoring",), difficulty="intermediate"),
    ]
    picks = recommend(by_domain(games), games, LIBRARY, count=2)
    # Security (mean 77.5) cleared advanced and has none left: the nearest tier, intermediate — the
    # scenario it shares with monitoring. Monitoring (85.0) then has only intro left.
    assert [(p.domain, p.scenario_id, p.difficulty) for p in picks] == [
        ("security", "x-both-mid", "intermediate"),
        ("monitoring", "mon-intro", "intro"),
    ]
    assert picks[1].reason == (
        "4 Monitoring and Logging is your second weakest domain (mean 85.0 over 3 games); "
        "you have cleared advanced there: more advanced practice (you have played every advanced one, so intro)."
    )


def test_nothing_left_to_suggest_when_everything_was_played() -> None:
    games = [row(e.id, 90.0, domains=e.domains, difficulty=e.difficulty) for e in LIBRARY]
    assert build_profile(games, LIBRARY).recommendations == []


def test_task_statements_are_tallied_in_exam_order_with_the_offered_unplayed_at_zero() -> None:
    games = [
        row("a", 60.0, tasks=("5.3", "1.4")),
        row("b", 80.0, tasks=("5.3",), resolved=False),
        row("c", 90.0, tasks=("10.1",)),  # a task statement a newer exam guide may add: kept, unnamed
    ]
    tallies = by_task(games, offered=("6.2", "1.4", "3.1"))
    assert [(t.key, t.games, t.mean, t.resolved) for t in tallies] == [
        ("1.4", 1, 60.0, 1),
        ("3.1", 0, None, 0),
        ("5.3", 2, 70.0, 1),
        ("6.2", 0, None, 0),
        ("10.1", 1, 90.0, 1),
    ]
    assert tallies[2].label == "5.3 Troubleshoot system and application failures"
    assert tallies[-1].label == "10.1 task statement"
    profile = build_profile(games, [], tasks_of={"x": ("6.2",)})
    assert [t.key for t in profile.tasks] == ["1.4", "5.3", "6.2", "10.1"]
    assert profile.to_json()["tasks"][2] == {
        "key": "6.2",
        "label": "6.2 Security controls and data protection",
        "games": 0,
        "mean": None,
        "best": None,
        "resolved": 0,
        "resolved_rate": None,
    }


MONITORING = [
    entry("mon-a", "intro", "monitoring"),
    entry("mon-b", "intro", "monitoring"),
    entry("mon-c", "intro", "monitoring"),
]


@pytest.mark.parametrize(
    ("tasks_of", "played", "pick", "why"),
    [
        (  # by id when task statements say nothing
            {},
            [],
            "mon-a",
            "",
        ),
        (  # the most task statements not played yet
            {"mon-a": ("4.1",), "mon-b": ("4.2", "4.3"), "mon-c": ("4.2",)},
            [row("old", 90.0, domains=("sdlc",), tasks=("4.1",))],
            "mon-b",
            " It trains task statements you have not played: 4.2 Audit and analyse logs and metrics, "
            "4.3 Automate monitoring and event management.",
        ),
        (  # all played: the weakest task statement below the clearing mark
            {"mon-a": ("4.1",), "mon-b": ("4.2",), "mon-c": ("4.3",)},
            [
                row("old-1", 95.0, domains=("sdlc",), tasks=("4.1",)),
                row("old-2", 50.0, domains=("sdlc",), tasks=("4.2",)),
                row("old-3", 65.0, domains=("sdlc",), tasks=("4.3",)),
            ],
            "mon-b",
            " It trains 4.2 Audit and analyse logs and metrics, your weakest task statement there (mean 50.0).",
        ),
        (  # all cleared: by id, nothing to add
            {"mon-a": ("4.1",), "mon-b": ("4.2",), "mon-c": ("4.3",)},
            [row(f"old-{t}", 90.0, domains=("sdlc",), tasks=(t,)) for t in ("4.1", "4.2", "4.3")],
            "mon-a",
            "",
        ),
    ],
    ids=["no-tasks", "unplayed", "weakest", "all-cleared"],
)
def test_the_suggestion_in_a_domain_prefers_unplayed_then_weak_task_statements(
    tasks_of: dict[str, tuple[str, ...]], played: list[Any], pick: str, why: str
) -> None:
    [suggestion] = recommend(by_domain(played), played, MONITORING, count=1, tasks_of=tasks_of)
    assert suggestion.scenario_id == pick
    assert suggestion.reason == "You have not played 4 Monitoring and Logging yet: start at intro." + why
