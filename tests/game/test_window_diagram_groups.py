"""Stack groups in the window, driven headless with real clicks and key presses: a large
architecture opens with its stacks collapsed, a click on a group's header collapses it into
one node whose edges are merged with their count, a click on that node expands it again, G
collapses or expands them all — in the play scene and in the replay viewer — and no text is
ever clipped or drawn over other text."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest
from warroom.engine import LoadedScenario, Simulation, read_recording, snapshot
from warroom.game.window.app import App
from warroom.game.window.canvas import Canvas
from warroom.game.window.diagram import DiagramModel, DiagramView, draw_diagram
from warroom.game.window.replay.state import Game
from warroom.game.window.screenshots import estate
from warroom.game.window.theme import PALETTES, Theme

from .window import MakeApp, click, press, texts, unreadable, wait

WEST = "us-west-2/svc0002-stack"  # two of its alarms page the on-call topic: a merged edge of two
STACKS = 6


@pytest.fixture(scope="module")
def large() -> LoadedScenario:
    return estate()


@pytest.fixture(scope="module")
def screen() -> pygame.Surface:
    pygame.init()
    return pygame.display.set_mode((1280, 720))


def drawn_nodes(app: App) -> set[str]:
    return {s.payload for s in app.log.hotspots if s.action == "node"}


def group_nodes(app: App) -> set[str]:
    """The collapsed groups drawn as nodes (their hotspot is labelled with the key, not ``header …``)."""
    return {s.payload for s in app.log.hotspots if s.action == "group" and s.label == s.payload}


def members(app: App, key: str) -> set[str]:
    groups = app.scene.view.arrangement(app.scene.state.snapshot().nodes, app.scene.state.snapshot().edges).groups
    return set(next(g for g in groups if g.key == key).members)


@pytest.fixture
def play(make_app: MakeApp, large: LoadedScenario) -> App:
    app = make_app("play", {"scenario": large, "reference": large.id, "seed": 1})
    wait(app, 60)
    return app


def test_a_large_architecture_opens_with_its_stacks_collapsed(play: App) -> None:
    assert drawn_nodes(play) == set()
    assert len(group_nodes(play)) == STACKS
    assert play.log.notes["diagram_stats"].nodes == STACKS
    shown = texts(play)
    assert "+ svc0001-stack" in shown and "18 resources" in shown
    assert {"us-east-1", "us-west-2"} <= set(shown)
    assert unreadable(play) == []


def test_a_click_on_a_header_collapses_the_group_and_a_click_on_its_node_expands_it(play: App) -> None:
    press(play, pygame.K_g)  # expand them all
    assert len(drawn_nodes(play)) == 150 and group_nodes(play) == set()
    expanded = {s.payload: s.rect for s in play.log.hotspots if s.action == "node"}
    inside = members(play, WEST)
    assert unreadable(play) == []

    click(play, f"header {WEST}")
    assert group_nodes(play) == {WEST}
    assert drawn_nodes(play) == expanded.keys() - inside
    assert play.log.notes["diagram_stats"].nodes == 150 - len(inside) + 1
    assert "×2" in texts(play), "the two alarms' edges to the on-call topic are merged, with their count"
    assert any(t.startswith("+ svc0002") for t in texts(play)), "its header (shortened to fit at this zoom)"
    assert unreadable(play) == []

    click(play, WEST)  # the collapsed group's node
    assert group_nodes(play) == set() and drawn_nodes(play) == expanded.keys()
    assert {s.payload: s.rect for s in play.log.hotspots if s.action == "node"} == expanded, "the same frame again"
    assert "×2" not in texts(play)


def test_an_expanded_group_at_the_fitted_zoom_has_readable_labels(play: App) -> None:
    click(play, "us-east-1/svc0001-stack")  # expand one group: the untouched view fits again
    assert len(group_nodes(play)) == STACKS - 1
    assert drawn_nodes(play) == members(play, "us-east-1/svc0001-stack")
    assert play.log.notes["diagram_stats"].labels > len(drawn_nodes(play)) // 2
    assert "- svc0001-stack (18)" in texts(play)
    assert unreadable(play) == []


def test_g_collapses_and_expands_them_all_and_selection_survives(play: App) -> None:
    press(play, pygame.K_g)
    click(play, "svc0001-api")
    assert play.scene.selected == "svc0001-api"
    press(play, pygame.K_g)
    assert len(group_nodes(play)) == STACKS and drawn_nodes(play) == set()
    assert play.scene.selected == "svc0001-api", "collapsing does not drop the selection"
    press(play, pygame.K_g)
    assert len(drawn_nodes(play)) == 150


def test_badges_of_a_collapsed_group_sum_up_its_members(screen: pygame.Surface, large: LoadedScenario) -> None:
    snap = snapshot(Simulation(large, 1))
    inside = sorted(n.id for n in snap.nodes if n.stack == "svc0001-stack")
    model = DiagramModel(
        snap.nodes,
        snap.edges,
        alarm_state={inside[0]: "OK", inside[1]: "ALARM"},
        findings=frozenset(inside[2:4]),
        in_flight={inside[5]: 2, inside[6]: 1},
        selected=inside[7],
    )
    view, rect = DiagramView(), pygame.Rect(0, 0, 900, 640)
    canvas = Canvas(screen, Theme(PALETTES["colour-blind safe"]))
    draw_diagram(canvas, rect, view, model)
    assert "us-east-1/svc0001-stack" not in view.collapsed, "a group holding an alarm opens expanded"
    view.toggle_group("us-east-1/svc0001-stack", rect)
    canvas = Canvas(screen, Theme(PALETTES["colour-blind safe"]))
    draw_diagram(canvas, rect, view, model)
    shown = [t.text for t in canvas.log.texts]
    assert {"A", "2", "3", "18 resources"} <= set(shown), "worst alarm state, findings, actions in flight"
    assert canvas.log.clipped == [] and canvas.log.overlaps == []


def test_the_replay_viewer_groups_the_same_way(make_app: MakeApp, large: LoadedScenario, tmp_path: Path) -> None:
    record = tmp_path / "large.jsonl"
    played = make_app("play", {"scenario": large, "reference": large.id, "seed": 1}, record=record)
    wait(played, 90)
    played.close()
    viewer = make_app("replay", {"scenario": large, "games": [Game.of(read_recording(record), large)]})
    assert len(group_nodes(viewer)) == STACKS
    press(viewer, pygame.K_g)
    assert len(drawn_nodes(viewer)) == 150
    click(viewer, f"header {WEST}")
    assert group_nodes(viewer) == {WEST} and "×2" in texts(viewer)
    assert unreadable(viewer) == []
