"""The skill profile on purpose-built games: tallies by domain and by fault family, and the rule
that picks what to play next (game/profile_stats.py)."""

from __future__ import annotations

import pytest
from warroom.engine import DOMAINS, CatalogEntry
from warroom.game.profile_stats import build_profile, by_domain, by_family, recommend

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
