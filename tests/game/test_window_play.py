"""The play screen, driven headless with real input events — a whole game from the title to the
debrief, pause as a true freeze, the parameter form, cancelling, resizing, and a crash that
loses nothing."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import pygame
import pytest
from warroom.engine import Session, bundled_ids, format_clock, read_recording, resolve, verify
from warroom.engine.solver.par import par_card
from warroom.game.history import best_totals, read_games
from warroom.game.window.app import App

from .window import SCALES, SIZES, MakeApp, click, press, texts, unreadable, wait, wheel


def option_label(app: App, action: str) -> str:
    """Scroll the panel's menu (PgDn) until ``action`` shows; its label (the action id)."""
    for _ in range(20):
        if any(s.action == "choose" and s.label == action for s in app.log.hotspots):
            return action
        press(app, pygame.K_PAGEDOWN)
    raise AssertionError(f"{action} never showed in the menu")


def test_a_whole_game_through_real_input_reaches_a_debrief_with_the_engines_scores(
    make_app: MakeApp, tmp_path: Path
) -> None:
    record = tmp_path / "game.jsonl"
    app = make_app("title", record=record, seed=7)
    press(app, pygame.K_RETURN)  # title → picker
    scenario = resolve("orders-go-quiet")
    for _ in range(len(bundled_ids())):  # page through the cards to it
        if scenario.model.title in texts(app):
            break
        press(app, pygame.K_RIGHT)
    click(app, scenario.model.title)  # picker → briefing
    assert app.scene.name == "briefing"
    press(app, pygame.K_RETURN)  # briefing → play
    assert app.scene.name == "play"
    wait(app, 240)  # the permission is gone at 2:00; orders stop
    click(app, "fulfil-fn")  # select the faulty function on the diagram
    press(app, pygame.K_a)  # its actions
    click(app, option_label(app, "add_invoke_permission_iac"))  # it has parameters: a form opens
    assert "Run [Enter]" in texts(app)
    press(app, pygame.K_RETURN)  # run it with the defaults: events.amazonaws.com from the connected rule
    assert any(s.action == "cancel" for s in app.log.hotspots), "the action is in flight in the top bar"
    wait(app, 300)
    press(app, pygame.K_e)  # end the incident ...
    press(app, pygame.K_e)  # ... confirmed
    app.step(16, [])
    assert app.scene.name == "debrief"
    card = app.scene.card
    assert card.resolved
    recording = read_recording(record)
    result = verify(recording, scenario)
    assert result.ok, (result.first_mismatch, result.message)
    assert result.score == card.to_json()
    shown = texts(app)
    for value in (card.recovery, card.cost, card.compliance):
        assert any(f"{value:.1f}" in t for t in shown)
    assert card.grade in shown
    assert str(record) in " ".join(shown)


def test_pause_is_a_true_freeze(make_app: MakeApp) -> None:
    app = make_app("play", {"scenario": resolve("canary-checkout"), "reference": "canary-checkout", "seed": 1})
    wait(app, 30)
    tick = app.stack[0].state.sim.tick
    press(app, pygame.K_SPACE)
    assert app.scene.name == "pause"
    wait(app, 120)
    assert app.stack[0].state.sim.tick == tick
    assert "Paused — the clock is stopped" in texts(app)
    press(app, pygame.K_SPACE)
    wait(app, 10)
    assert app.scene.name == "play" and app.scene.state.sim.tick == tick + 10


def test_the_form_shows_what_the_engine_refuses_and_stays_open(make_app: MakeApp) -> None:
    app = make_app("play", {"scenario": resolve("canary-checkout"), "reference": "canary-checkout", "seed": 1})
    click(app, "checkout-fn")
    press(app, pygame.K_a)
    click(app, option_label(app, "shift_alias"))
    press(app, pygame.K_RETURN)  # version is required and empty
    assert app.scene.form is not None and app.scene.form.error
    for char in "99":
        press(app, 0, char)
    press(app, pygame.K_RETURN)  # there is no version 99
    assert "has no version 99" in app.scene.form.error
    press(app, pygame.K_ESCAPE)
    assert app.scene.form is None


def test_clicking_an_action_in_flight_cancels_it(make_app: MakeApp) -> None:
    app = make_app("play", {"scenario": resolve("canary-checkout"), "reference": "canary-checkout", "seed": 1})
    click(app, "checkout-fn")
    press(app, pygame.K_a)
    click(app, option_label(app, "query_logs"))
    cancel = next(s.label for s in app.log.hotspots if s.action == "cancel")
    click(app, cancel)
    assert not any(s.action == "cancel" for s in app.log.hotspots)
    assert any("cancelled" in t for t in texts(app))


@pytest.fixture
def practice_copy(tmp_path: Path) -> Path:
    """The canary scenario as a practice scenario (the player may change the speed)."""
    text = (files("warroom.scenarios") / "canary-checkout.yaml").read_text(encoding="utf-8")
    assert "clock: {duration: 30m}" in text
    path = tmp_path / "practice.yaml"
    path.write_text(text.replace("clock: {duration: 30m}", "clock: {duration: 30m, practice: true}"), encoding="utf-8")
    return path


def test_practice_scenarios_run_faster_on_request(make_app: MakeApp, practice_copy: Path) -> None:
    app = make_app("play", {"scenario": resolve(str(practice_copy)), "reference": str(practice_copy), "seed": 1})
    wait(app, 10)
    assert app.scene.state.sim.tick == 10
    press(app, pygame.K_PLUS)
    press(app, pygame.K_PLUS)
    assert any("speed ×4" in t for t in texts(app))
    start = app.scene.state.sim.tick
    wait(app, 10)
    assert app.scene.state.sim.tick - start == 40
    press(app, pygame.K_MINUS)
    start = app.scene.state.sim.tick
    wait(app, 10)
    assert app.scene.state.sim.tick - start == 20


def test_real_time_scenarios_refuse_a_speed_change(make_app: MakeApp) -> None:
    app = make_app("play", {"scenario": resolve("canary-checkout"), "reference": "canary-checkout", "seed": 1})
    press(app, pygame.K_PLUS)
    assert any("runs in real time" in t for t in texts(app))
    start = app.scene.state.sim.tick
    wait(app, 10)
    assert app.scene.state.sim.tick - start == 10


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scale", SCALES)
def test_play_and_pause_are_readable(make_app: MakeApp, size: tuple[int, int], scale: float) -> None:
    app = make_app(
        "play",
        {"scenario": resolve("drifted-web-tier"), "reference": "drifted-web-tier", "seed": 1},
        size=size,
        scale=scale,
    )
    wait(app, 420)  # alarms, tickets and messages in the feed
    click(app, "web-tg")
    assert unreadable(app) == []
    press(app, pygame.K_a)
    assert unreadable(app) == []
    press(app, pygame.K_ESCAPE)
    assert app.scene.name == "pause" and unreadable(app) == []


def test_the_feed_scrolls_down_to_its_oldest_line_and_no_further(make_app: MakeApp) -> None:
    app = make_app("play", {"scenario": resolve("drifted-web-tier"), "reference": "drifted-web-tier", "seed": 1})
    wait(app, 600)

    def feed_lines() -> list[str]:
        feed = app.log.notes["feed"]
        return [t.text for t in app.log.texts if feed.colliderect(t.rect) and t.text.startswith("[")]

    newest = feed_lines()[0]
    assert app.log.notes["feed_hidden"] > 0, "more happened than the feed can show at once"
    wheel(app, app.log.notes["feed"].center, 500)
    assert app.log.notes["feed_hidden"] == 0
    lines = feed_lines()
    assert newest not in lines
    oldest = app.scene.state.snapshot().feed[0]
    assert lines[-1].startswith(f"[{format_clock(oldest.tick)}]"), "the oldest line is at the bottom"
    wheel(app, app.log.notes["feed"].center, -500)
    assert feed_lines()[0] == newest


def test_a_resized_window_lays_the_play_screen_out_again(make_app: MakeApp) -> None:
    app = make_app("play", {"scenario": resolve("canary-checkout"), "reference": "canary-checkout", "seed": 1})
    before = app.log.notes["diagram"]
    app.step(16, [pygame.event.Event(pygame.VIDEORESIZE, w=1600, h=900, size=(1600, 900))])
    app.step(16, [])
    after = app.log.notes["diagram"]
    assert after.width > before.width and after.height > before.height
    assert unreadable(app) == []


def test_a_crash_in_the_window_loses_nothing(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "crash.jsonl"
    scenario = resolve("canary-checkout")
    app = make_app("play", {"scenario": scenario, "reference": "canary-checkout", "seed": 3}, record=record)
    wait(app, 100)
    click(app, "checkout-dg")
    press(app, pygame.K_a)
    click(app, option_label(app, "describe_deployment"))
    wait(app, 20)
    tick = app.scene.state.sim.tick

    def broken(canvas: object) -> None:
        raise RuntimeError("a bug in the drawing code")

    monkeypatch.setattr(app.scene, "draw", broken)
    with pytest.raises(RuntimeError):
        app.run()
    resumed = Session.resume(scenario, record)
    assert resumed.sim.tick == tick
    assert [type(c).__name__ for _, c, _ in read_recording(record).commands] == ["StartAction"]
    resumed.close()


def test_the_autopilot_plays_par_in_the_window_and_records_it(make_app: MakeApp, tmp_path: Path) -> None:
    scenario = resolve("orders-go-quiet")
    record = tmp_path / "autopilot.jsonl"
    app = make_app("play", {"scenario": scenario, "reference": scenario.id}, seed=7, record=record, autopilot=True)
    for _ in range(scenario.model.clock.duration // 60 + 2):
        if app.scene.name == "debrief":
            break
        wait(app, 60)
    app.step(16, [])
    assert app.scene.name == "debrief"
    par = par_card(scenario, 7, None)
    assert par is not None and app.scene.card.to_json() == par.to_json()
    assert verify(read_recording(record), scenario).ok
    [kept] = read_games()
    assert (kept.scenario_id, kept.autopilot, kept.front_end, kept.total) == (scenario.id, True, "window", par.total)
    assert "New best score!" not in texts(app) and best_totals() == {}  # watching par is not the player's best


def test_a_hint_costs_two_presses_of_h_and_lands_in_the_feed_and_the_recording(
    make_app: MakeApp, tmp_path: Path
) -> None:
    record = tmp_path / "hint.jsonl"
    app = make_app("play", {"scenario": resolve("canary-checkout"), "reference": "canary-checkout"}, record=record)
    press(app, pygame.K_h)
    assert "no hint is available yet" in texts(app)  # the first comes after 8 minutes
    wait(app, 8 * 60)
    press(app, pygame.K_h)
    assert "A hint costs 5 recovery points: press H again to take it" in texts(app)
    press(app, pygame.K_f)  # any other key: nothing is taken
    press(app, pygame.K_h)
    press(app, pygame.K_h)
    shown = " ".join(texts(app))
    assert "Compare the deployment's timing" in shown
    app.scene.state.session.close()
    kinds = [line["command"]["kind"] for line in map(json.loads, record.read_text().splitlines()) if "command" in line]
    assert kinds == ["request_hint"]
