"""The history in the window: a finished game is kept, the picker's best comes from it, and the
profile screen shows the same tallies and suggestions as ``warroom profile`` — driven headless
with real key presses and clicks, user data under ``tmp_path``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pygame
import pytest
from warroom.engine import DOMAINS, catalog, resolve
from warroom.game.history import history_path, keep, read_games
from warroom.game.played import played_game
from warroom.game.profile_stats import build_profile, library_tasks
from warroom.game.sessions import resume
from warroom.game.window.app import App

from .history_rows import row
from .window import SCALES, SIZES, MakeApp, click, press, texts, unreadable, wait, wheel

FAMILIES = [f"family number {n:02d}" for n in range(30)]


def shown(app: App) -> str:
    """Everything the last frame wrote, as one line (wrapped text joined back up)."""
    return " ".join(texts(app))


def many_games() -> None:
    """A history touching every domain and thirty fault families (so the family table must scroll)."""
    for number, family in enumerate(FAMILIES):
        domains = (list(DOMAINS)[number % len(DOMAINS)],)
        keep(row("cert-expiry", 40.0 + number, minute=number, domains=domains, families=(family,)))


def test_a_finished_window_game_lands_in_the_history_and_its_best_in_the_picker(
    make_app: MakeApp, tmp_path: Path
) -> None:
    record = tmp_path / "game.jsonl"
    scenario = resolve("canary-checkout")
    app = make_app("briefing", {"scenario": scenario, "reference": scenario.id}, seed=7, record=record)
    press(app, pygame.K_RETURN)  # briefing → play
    wait(app, 30)
    press(app, pygame.K_SPACE)  # a pause is not time played
    wait(app, 10)
    press(app, pygame.K_SPACE)
    press(app, pygame.K_e)
    press(app, pygame.K_e)  # end the incident, confirmed
    app.step(16, [])
    assert app.scene.name == "debrief"
    card = app.scene.card
    assert "New best score!" in texts(app)
    [game] = read_games()
    assert (game.scenario_id, game.seed, game.variant, game.front_end) == ("canary-checkout", 7, None, "window")
    assert (game.total, game.grade, game.resolved, game.autopilot, game.player) == (
        card.total,
        card.grade,
        card.resolved,
        False,
        None,
    )
    assert game.families == ("silent alarm", "canary regression")
    assert game.ended_at == card.facts["ended_at"] and game.recording == str(record.resolve())
    assert game.wall_seconds is not None and 30 <= game.wall_seconds < 32
    press(app, pygame.K_RETURN)  # debrief → picker
    app.step(16, [])
    assert app.scene.name == "picker"
    assert f"Best score {card.total:.1f}" in texts(app)


def test_a_window_game_played_over_two_sittings_keeps_the_time_of_both(make_app: MakeApp, tmp_path: Path) -> None:
    record = tmp_path / "game.jsonl"
    scenario = resolve("canary-checkout")
    first = make_app("briefing", {"scenario": scenario, "reference": scenario.id}, seed=7, record=record)
    press(first, pygame.K_RETURN)
    wait(first, 20)
    first.close()  # the window closed mid-game: the sitting's 20 s are kept for the next
    opened = resume(str(record), None, None)
    assert opened.earlier_seconds == pytest.approx(20.0, abs=0.1)
    again = make_app(
        "play", {"scenario": scenario, "session": opened.session, "earlier_seconds": opened.earlier_seconds}
    )
    wait(again, 15)
    press(again, pygame.K_e)
    press(again, pygame.K_e)
    again.step(16, [])
    assert again.scene.name == "debrief"
    [game] = read_games()
    assert game.wall_seconds is not None and 35 <= game.wall_seconds < 36


def test_the_picker_best_is_the_players_best_game(make_app: MakeApp) -> None:
    first = catalog()[0].id
    keep(row(first, 55.0))
    keep(row(first, 72.0, minute=1))
    keep(row(first, 98.0, minute=2, autopilot=True))
    app = make_app("picker")
    assert "Best score 72.0" in texts(app)


def test_a_damaged_history_is_said_not_a_crash(make_app: MakeApp, play: Callable[..., Any]) -> None:
    path = history_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database " * 100)
    picker = make_app("picker")
    assert not any(t.startswith("Best score") for t in texts(picker))
    profile = make_app("profile")
    assert shown(profile).startswith(f"Your profile Your history cannot be read: {path}: cannot open the history")
    assert unreadable(profile) == []
    scenario = resolve("canary-checkout")
    game = play(scenario, [], end_at=60)
    finished = played_game(
        game.sim, game.card, player="player", autopilot=False, front_end="window", recording=None, wall_seconds=1.0
    )
    data = {"scenario": scenario, "card": game.card, "events": list(game.sim.log), "played": finished}
    debrief = make_app("debrief", data)
    assert f"This game could not be kept in your history: {path}: cannot open the history" in shown(debrief)
    assert "New best score!" not in texts(debrief)
    assert unreadable(debrief) == []


@pytest.mark.parametrize("start", ["title", "picker"])
def test_the_profile_opens_from_the_title_and_the_picker_by_key_and_button(make_app: MakeApp, start: str) -> None:
    app = make_app(start)
    press(app, pygame.K_y)
    app.step(16, [])
    assert app.scene.name == "profile"
    press(app, pygame.K_ESCAPE)
    app.step(16, [])
    assert app.scene.name == start
    click(app, "Your profile  [Y]")
    app.step(16, [])
    assert app.scene.name == "profile"
    click(app, "Back  [Esc]")
    app.step(16, [])
    assert app.scene.name == start


def test_the_profile_shows_what_warroom_profile_prints(make_app: MakeApp) -> None:
    keep(row("cert-expiry", 62.0, domains=("security", "resilience"), families=("certificate",), resolved=False))
    keep(row("logs-go-dark", 88.0, domains=("monitoring",), families=("log delivery",), minute=1))
    profile = build_profile(read_games(), catalog(), tasks_of=library_tasks(catalog()))
    app = make_app("profile", size=(1920, 1080))
    text = shown(app)
    assert "2 finished games." in text
    for tally in profile.domains + profile.tasks + profile.families:
        assert " ".join((tally.label, *tally.cells())) in text  # one table row, cell after cell
    assert "6 Security and Compliance 1 62.0 62.0 0%" in text
    assert "log delivery 1 88.0 88.0 100%" in text
    assert len(profile.recommendations) == 3
    for number, suggestion in enumerate(profile.recommendations, start=1):
        assert f"{number}. {suggestion.title}" in text
        assert suggestion.reason in text
    assert unreadable(app) == []


def test_a_suggestion_opens_its_briefing_by_click_or_number(make_app: MakeApp) -> None:
    suggestions = build_profile([], catalog(), tasks_of=library_tasks(catalog())).recommendations
    app = make_app("profile", {"back": "picker"})
    click(app, f"1. {suggestions[0].title}")
    app.step(16, [])
    assert (app.scene.name, app.scene.scenario.id) == ("briefing", suggestions[0].scenario_id)
    app = make_app("profile")
    press(app, pygame.K_3)
    app.step(16, [])
    assert (app.scene.name, app.scene.scenario.id) == ("briefing", suggestions[2].scenario_id)


def test_a_counts_autopilot_games_and_leaves_them_out_again(make_app: MakeApp) -> None:
    keep(row("cert-expiry", 50.0, families=("certificate",)))
    keep(row("lambda-runaway", 100.0, families=("concurrency",), autopilot=True, minute=1))
    app = make_app("profile")
    assert "1 finished game (1 autopilot game left out)." in texts(app)
    assert "concurrency" not in texts(app)
    press(app, pygame.K_a)
    assert "2 finished games, autopilot games included." in texts(app)
    assert "concurrency" in texts(app)
    click(app, "Leave autopilot games out  [A]")
    assert "1 finished game (1 autopilot game left out)." in texts(app)


def test_the_family_table_scrolls_by_keys_and_wheel(make_app: MakeApp) -> None:
    many_games()
    app = make_app("profile")
    info = app.log.notes["profile_families"]
    assert info.hidden > 0
    weakest = "family number 00"  # the lowest mean total: the first row
    assert weakest in texts(app) and "family number 29" not in texts(app)
    pygame.mouse.set_pos(app.log.notes["profile_families_area"].center)  # the keys page the table under the pointer
    press(app, pygame.K_PAGEDOWN)
    assert app.scene.families.scroll.offset == min(info.shown - 1, info.hidden)
    assert weakest not in texts(app)
    for _ in range(10):
        press(app, pygame.K_PAGEDOWN)
    assert app.scene.families.scroll.offset == info.hidden
    assert "family number 29" in texts(app)
    press(app, pygame.K_PAGEUP)
    wheel(app, app.log.notes["profile_families_area"].center, -20)
    assert app.scene.families.scroll.offset == 0


@pytest.mark.parametrize("history", ["empty", "full"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES)
def test_the_profile_is_readable(
    make_app: MakeApp, tmp_path: Path, history: str, size: tuple[int, int], scale: float
) -> None:
    if history == "full":
        many_games()
    app = make_app("profile", size=size, scale=scale)
    assert app.scene.name == "profile"
    assert all(label in texts(app) for label in DOMAINS.values())  # no domain name shortened
    assert unreadable(app) == []
    app.screenshot(tmp_path / "profile.png")
    assert (tmp_path / "profile.png").stat().st_size > 0
