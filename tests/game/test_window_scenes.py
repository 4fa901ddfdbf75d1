"""The scenes around the play screen, driven headless with real input events.

Every test goes through ``App.step``: key presses, and clicks at the centre of the hotspots
the last frame drew (found by label). Settings and the history live under ``tmp_path``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pygame
import pytest
from scripted import RIGHT
from warroom.engine import (
    CatalogEntry,
    LoadedScenario,
    ScenarioError,
    ScoreCard,
    bundled_ids,
    catalog,
    format_clock,
    resolve,
)
from warroom.game.history import best_totals, keep, read_games
from warroom.game.played import played_game
from warroom.game.window import scenes
from warroom.game.window.app import App
from warroom.game.window.chart import MARKERS
from warroom.game.window.scenes.debrief import ledger_order, ledger_text
from warroom.game.window.settings import Settings, load_settings

from .history_rows import row
from .window import SCALES, SIZES, MakeApp, click, press, texts, unreadable


@pytest.fixture
def canary(load: Callable[[str], LoadedScenario]) -> LoadedScenario:
    return load("canary-checkout")


@pytest.fixture
def canary_game(canary: LoadedScenario, play: Callable[..., Any]) -> Any:
    """The canary scenario's right fix (tests/scenarios/scripted.py), played to the end."""
    return play(canary, RIGHT["canary-checkout"])


def cards(app: App) -> list[str]:
    """The scenario ids of the picker's cards drawn in the last frame."""
    return [s.payload for s in app.log.hotspots if s.action == "open"]


def debrief_data(scenario: LoadedScenario, game: Any, **extra: Any) -> dict[str, Any]:
    """What the play screen hands the debrief at the end of ``game`` (the finished game included)."""
    played = played_game(
        game.sim, game.card, player="player", autopilot=False, front_end="window", recording=None, wall_seconds=None
    )
    data = {"scenario": scenario, "card": game.card, "events": list(game.sim.log), "recording": None}
    return data | {"played": played, **extra}


# -- picker -------------------------------------------------------------------------------------
def all_cards(app: App) -> list[str]:
    """Every card the picker offers, paging through them with the arrow keys from the first."""
    for _ in range(len(bundled_ids())):
        press(app, pygame.K_LEFT)
    seen = list(cards(app))
    for _ in range(len(bundled_ids())):
        press(app, pygame.K_RIGHT)
        seen += [c for c in cards(app) if c not in seen]
    return seen


def test_picker_lists_every_bundled_scenario_with_difficulty_length_and_best_score(make_app: MakeApp) -> None:
    first = catalog()[0]
    keep(row(first.id, 91.0))
    keep(row(first.id, 99.0, autopilot=True, minute=1))  # watching par play is not the player's best
    app = make_app("picker")
    shown = texts(app)
    page = cards(app)
    assert page[0] == first.id and f"{first.difficulty} · about {first.minutes} min" in shown
    assert "Best score 91.0" in shown
    assert shown.count("Not played yet") == len(page) - 1
    assert f"Cards 1–{len(page)} of {len(bundled_ids())}" in shown
    assert "4 Monitoring and Logging" in " ".join(shown)
    assert sorted(all_cards(app)) == bundled_ids()


def test_picker_filters_by_domain_and_difficulty(make_app: MakeApp) -> None:
    entries = catalog()
    sdlc = sorted(e.id for e in entries if "sdlc" in e.domains)
    security = sorted(e.id for e in entries if "security" in e.domains)
    intermediate = sorted(e.id for e in entries if e.difficulty == "intermediate")
    app = make_app("picker")
    press(app, pygame.K_d)  # all → 1 SDLC Automation
    assert sorted(all_cards(app)) == sdlc
    click(app, f"6 Security and Compliance ({len(security)})")
    assert sorted(all_cards(app)) == security
    click(app, "All domains")
    click(app, f"intermediate ({len(intermediate)})")
    assert sorted(all_cards(app)) == intermediate
    press(app, pygame.K_d)
    press(app, pygame.K_d)  # 2 Configuration Management and IaC, intermediate only
    iac_intermediate = sorted(e.id for e in entries if "iac" in e.domains and e.difficulty == "intermediate")
    assert sorted(all_cards(app)) == iac_intermediate


def test_picker_says_when_nothing_matches(make_app: MakeApp) -> None:
    app = make_app("picker")
    app.scene.entries = [e for e in app.scene.entries if e.difficulty != "advanced"]
    for _ in range(3):  # any → intro → intermediate → advanced
        press(app, pygame.K_l)
    assert cards(app) == []
    assert any(t.startswith("No scenario matches") for t in texts(app))


def test_picker_enter_opens_the_selected_briefing(make_app: MakeApp) -> None:
    app = make_app("picker")
    first = cards(app)[0]
    press(app, pygame.K_RIGHT)
    press(app, pygame.K_LEFT)
    press(app, pygame.K_RETURN)
    app.step(16, [])
    assert app.scene.name == "briefing"
    assert app.scene.scenario.id == first
    assert app.scene.reference == first


def test_picker_click_opens_that_card_and_esc_goes_back(make_app: MakeApp) -> None:
    app = make_app("picker")
    second = cards(app)[1]
    click(app, resolve(second).model.title)
    app.step(16, [])
    assert app.scene.name == "briefing"
    assert app.scene.scenario.id == second
    press(app, pygame.K_ESCAPE)
    app.step(16, [])
    assert app.scene.name == "picker"
    press(app, pygame.K_ESCAPE)
    app.step(16, [])
    assert app.scene.name == "title"


def test_a_broken_scenario_opens_the_error_screen_with_its_location(
    make_app: MakeApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: broken\ntitle: Broken\nsummary: x\ndifficulty: impossible\n", encoding="utf-8")
    entry = CatalogEntry(str(broken), "Broken", "intro", ("monitoring",), "Does not load.", 5)
    monkeypatch.setattr(scenes.picker, "catalog", lambda: [entry])
    app = make_app("picker")
    press(app, pygame.K_RETURN)
    app.step(16, [])
    assert app.scene.name == "error"
    assert any(re.search(re.escape(str(broken)) + r":\d+:\d+", t) for t in texts(app))
    press(app, pygame.K_ESCAPE)
    app.step(16, [])
    assert app.scene.name == "picker"


# -- briefing -----------------------------------------------------------------------------------
def test_briefing_shows_the_facts_and_scrolls(make_app: MakeApp) -> None:
    scenario = resolve("drifted-web-tier")
    app = make_app("briefing", {"scenario": scenario, "reference": scenario.id}, size=(960, 600), scale=1.25)
    shown = texts(app)
    assert scenario.model.title in shown
    assert any(t.startswith("SLO: 99.9%") for t in shown)
    assert any(t.startswith("Time limit: 30m") for t in shown)
    assert any("Revenue: $3,000 a minute" in t for t in shown)
    assert "Briefing" in shown
    info = app.log.notes["briefing_text"]
    assert info.hidden > 0
    press(app, pygame.K_DOWN)
    assert app.scene.scrolls["text"].offset == 1
    press(app, pygame.K_PAGEDOWN)
    assert app.scene.scrolls["text"].offset > 1
    app.step(16, [pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False)])
    app.step(16, [])
    assert "Briefing" not in texts(app)
    for _ in range(20):
        press(app, pygame.K_PAGEDOWN)
    assert app.scene.scrolls["text"].offset == app.log.notes["briefing_text"].hidden
    last_words = scenario.model.runbook[-1].body.split()[-1]
    assert texts(app)[-1].endswith(last_words) or any(t.endswith(last_words) for t in texts(app))
    press(app, pygame.K_HOME)
    assert app.scene.scrolls["text"].offset == 0
    assert unreadable(app) == []


def test_tab_moves_the_scrolling_keys_to_the_facts(make_app: MakeApp, canary: LoadedScenario) -> None:
    app = make_app("briefing", {"scenario": canary, "reference": canary.id}, size=(960, 600), scale=1.5)
    assert app.log.notes["briefing_facts"].hidden > 0
    press(app, pygame.K_TAB)
    press(app, pygame.K_PAGEDOWN)
    assert app.scene.scrolls["facts"].offset > 0
    assert app.scene.scrolls["text"].offset == 0
    press(app, pygame.K_TAB)
    press(app, pygame.K_DOWN)
    assert app.scene.scrolls["text"].offset == 1


def test_briefing_never_tells_which_runbook_pages_are_outdated(make_app: MakeApp, canary: LoadedScenario) -> None:
    assert any(page.outdated for page in canary.model.runbook)
    app = make_app("briefing", {"scenario": canary, "reference": canary.id}, size=(1920, 1080))
    assert not any("outdated" in t.lower() or "out of date" in t.lower() for t in texts(app))


def test_briefing_enter_asks_for_play_with_the_scenario_and_seed(make_app: MakeApp, canary: LoadedScenario) -> None:
    app = make_app("briefing", {"scenario": canary, "reference": "canary-checkout"}, seed=42)
    app.dispatch(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode=""))
    assert app.scene.request == ("go", "play", {"scenario": canary, "reference": "canary-checkout", "seed": 42})


# -- settings -----------------------------------------------------------------------------------
def test_settings_apply_at_once_and_persist(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app("title")
    press(app, pygame.K_s)
    app.step(16, [])
    assert [s.name for s in app.stack] == ["title", "settings"]
    press(app, pygame.K_p)
    assert app.theme.palette.name == "high contrast"
    assert app.surface.get_at((0, 0))[:3] == (0, 0, 0)  # the title underneath is drawn in the new palette
    press(app, pygame.K_u)
    assert app.settings.ui_scale == 1.25
    press(app, pygame.K_s)
    assert app.settings.sound is False and app.sounds.enabled is False
    click(app, "x4")
    assert app.settings.practice_speed == 4
    click(app, "colour-blind safe (default)")
    assert app.settings.palette == "colour-blind safe"
    assert load_settings(tmp_path / "s.json") == Settings("colour-blind safe", 1.25, False, 4)
    assert unreadable(app) == []
    press(app, pygame.K_ESCAPE)
    app.step(16, [])
    assert [s.name for s in app.stack] == ["title"]


def test_settings_arrows_choose_and_change(make_app: MakeApp) -> None:
    app = make_app("title")
    press(app, pygame.K_s)
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RIGHT)
    assert app.settings.ui_scale == 1.25
    press(app, pygame.K_LEFT)
    press(app, pygame.K_LEFT)
    assert app.settings.ui_scale == 0.85
    click(app, "Done  [Esc]")
    app.step(16, [])
    assert app.scene.name == "title"


# -- debrief ------------------------------------------------------------------------------------
def test_debrief_shows_exactly_the_engines_scores(make_app: MakeApp, canary: LoadedScenario, canary_game: Any) -> None:
    card = canary_game.card
    app = make_app("debrief", debrief_data(canary, canary_game), size=(1920, 1080))
    shown = texts(app)
    for value in (card.recovery, card.cost, card.compliance, card.total):
        assert f"{value:.1f}" in shown
    assert card.grade in shown
    assert "New best score!" in shown
    assert best_totals() == {"canary-checkout": card.total}
    for line in card.ledger:
        assert app.log.find(ledger_text(line)) is not None
    assert not any(t.startswith("par") or " par " in t for t in shown)
    for fault in card.faults:
        assert any(len(t) > 20 and fault.explanation.startswith(t) for t in shown)  # its first line


def test_debrief_says_who_did_what(make_app: MakeApp, canary: LoadedScenario, canary_game: Any) -> None:
    app = make_app("debrief", debrief_data(canary, canary_game), size=(1920, 1080))
    for _ in range(30):  # page the story down to the section
        if "Who did what" in texts(app):
            break
        press(app, pygame.K_PAGEDOWN)
    shown = texts(app)
    assert "Who did what" in shown
    story = " ".join(shown)
    assert "09:30 player: describe_deployment checkout-dg (discovered bad-release)" in story
    assert "player: fix_alarm_iac checkout-errors (resolved blind-alarm)" in story


def test_debrief_keeps_each_game_and_tells_a_new_best_once(
    make_app: MakeApp, canary: LoadedScenario, canary_game: Any
) -> None:
    first = make_app("debrief", debrief_data(canary, canary_game))
    assert "New best score!" in texts(first)
    again = make_app("debrief", debrief_data(canary, canary_game))
    assert "New best score!" not in texts(again)
    assert best_totals() == {"canary-checkout": canary_game.card.total}
    assert [g.total for g in read_games()] == [canary_game.card.total] * 2


def test_a_debrief_without_the_finished_game_keeps_nothing(
    make_app: MakeApp, canary: LoadedScenario, canary_game: Any
) -> None:
    app = make_app("debrief", debrief_data(canary, canary_game, played=None))
    assert "New best score!" not in texts(app)
    assert read_games() == []


def test_clicking_a_ledger_line_moves_the_chart_cursor(
    make_app: MakeApp, canary: LoadedScenario, canary_game: Any
) -> None:
    app = make_app("debrief", debrief_data(canary, canary_game), size=(1920, 1080))
    assert "chart_cursor" not in app.log.notes
    ordered = ledger_order(canary_game.card)
    for line in (ordered[1], ordered[-1], ordered[0]):
        click(app, ledger_text(line))
        app.step(16, [])
        assert app.log.notes["chart_cursor"][0] == line.tick
        assert f"{line.points:+.1f} {line.dimension}: {line.reason}" in " ".join(texts(app))


def test_up_and_down_step_through_the_ledger_and_keep_it_in_view(
    make_app: MakeApp, canary: LoadedScenario, canary_game: Any
) -> None:
    app = make_app("debrief", debrief_data(canary, canary_game), scale=1.25)
    ordered = ledger_order(canary_game.card)
    assert app.log.find(ledger_text(ordered[-1])) is None  # scrolled out of view at first
    for _ in ordered:
        press(app, pygame.K_DOWN)
        assert app.log.find(ledger_text(ordered[app.scene.selected])) is not None
    assert app.scene.selected == len(ordered) - 1
    assert app.log.notes["chart_cursor"][0] == ordered[-1].tick
    assert app.log.find(ledger_text(ordered[-1])) is not None
    press(app, pygame.K_UP)
    assert app.log.notes["chart_cursor"][0] == ordered[-2].tick
    assert unreadable(app) == []


def test_markers_show_the_faults_the_players_actions_and_mitigation(
    make_app: MakeApp, canary: LoadedScenario, canary_game: Any
) -> None:
    app = make_app("debrief", debrief_data(canary, canary_game), size=(1920, 1080))
    markers = app.scene.chart.markers
    assert {m.kind for m in markers} == set(MARKERS) - {"herring"}  # the canary has no red herring
    actions = [m for m in markers if m.kind == "action"]
    assert len(actions) == 5 and all(" player started " in m.text for m in actions)  # not Dana's release
    assert [m.tick for m in markers] == sorted(m.tick for m in markers)
    mitigated = next(m for m in markers if m.kind == "mitigated")
    click(app, f"{format_clock(mitigated.tick)} {mitigated.text}")
    app.step(16, [])
    assert app.log.notes["chart_cursor"][0] == canary_game.card.facts["mitigated_at"]
    press(app, pygame.K_RIGHT)
    following = markers[markers.index(mitigated) + 1]
    assert app.log.notes["chart_cursor"][0] == following.tick
    assert f"{format_clock(following.tick)}  {following.text}" in texts(app)


def test_debrief_shows_par_when_given(make_app: MakeApp, canary: LoadedScenario, canary_game: Any) -> None:
    card = canary_game.card
    par = ScoreCard(95.0, 99.0, 100.0, 97.0, "A", [], [])
    app = make_app("debrief", debrief_data(canary, canary_game, par=par, recording=Path("/tmp/game.jsonl")))
    shown = texts(app)
    assert "weight 0.5 · par 95.0" in shown
    assert "par 97.0 (A)" in shown
    assert f"{card.total:.1f}" in shown
    assert any("/tmp/game.jsonl" in t for t in shown)


def test_debrief_enter_and_esc_go_to_the_picker(make_app: MakeApp, canary: LoadedScenario, canary_game: Any) -> None:
    for key in (pygame.K_RETURN, pygame.K_ESCAPE):
        app = make_app("debrief", debrief_data(canary, canary_game))
        press(app, key)
        app.step(16, [])
        assert app.scene.name == "picker"


# -- every scene, every size: nothing clipped, nothing drawn over other text ----------------------
@pytest.fixture
def broken_problems(tmp_path: Path) -> list[Any]:
    """What the loader says about a scenario with several mistakes."""
    broken = tmp_path / "scenarios" / "a-rather-long-folder-name" / "broken.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("id: broken\ntitle: Broken\nsummary: x\ndifficulty: impossible\nclock: {limit: soon}\n")
    with pytest.raises(ScenarioError) as caught:
        resolve(str(broken))
    return list(caught.value.problems)


def _scene_data(
    name: str, canary: LoadedScenario, game: Any, problems: list[Any]
) -> tuple[str, dict[str, Any], list[int]]:
    """Where to start for ``name`` and which keys to press to get there."""
    par = ScoreCard(95.0, 99.0, 100.0, 97.0, "A", [], [])
    return {
        "title": ("title", {}, []),
        "picker": ("picker", {}, []),
        "briefing": ("briefing", {"scenario": canary, "reference": canary.id}, []),
        "settings": ("title", {}, [pygame.K_s]),
        "debrief": ("debrief", debrief_data(canary, game, par=par, recording=Path("/tmp/a/b.jsonl")), [pygame.K_DOWN]),
        "error": ("error", {"problems": problems, "back": "picker"}, []),
    }[name]


@pytest.mark.parametrize("name", ["title", "picker", "briefing", "settings", "debrief", "error"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES)
def test_every_scene_is_readable(
    make_app: MakeApp,
    canary: LoadedScenario,
    canary_game: Any,
    broken_problems: list[Any],
    name: str,
    size: tuple[int, int],
    scale: float,
    tmp_path: Path,
) -> None:
    start, data, keys = _scene_data(name, canary, canary_game, broken_problems)
    app = make_app(start, data, size=size, scale=scale)
    for key in keys:
        press(app, key)
    app.step(16, [])
    assert app.scene.name == name
    assert app.log.texts
    assert unreadable(app) == []
    app.screenshot(tmp_path / f"{name}.png")
    assert (tmp_path / f"{name}.png").stat().st_size > 0


FIT_CASES = [("canary-checkout", size, scale) for size in SIZES for scale in SCALES] + [
    (scenario_id, min(SIZES), max(SCALES)) for scenario_id in bundled_ids() if scenario_id != "canary-checkout"
]  # every size and scale for one scenario; the tightest fit for every other


@pytest.mark.parametrize(("scenario_id", "size", "scale"), FIT_CASES, ids=str)
def test_every_bundled_briefing_and_debrief_fit(
    make_app: MakeApp, play: Callable[..., Any], scenario_id: str, size: tuple[int, int], scale: float
) -> None:
    scenario = resolve(scenario_id)
    app = make_app("briefing", {"scenario": scenario, "reference": scenario_id}, size=size, scale=scale)
    assert unreadable(app) == []
    game = play(scenario, [], end_at=600)
    app = make_app("debrief", debrief_data(scenario, game), size=size, scale=scale)
    assert unreadable(app) == []
