"""A red herring in the debrief: both front ends name it, its innocent cause, and the change
the team made to it (rds-failover's patch-scan CPU page, chased by scaling out the fleet)."""

from __future__ import annotations

from typing import Any

import pygame
import pytest
from rich.console import Console
from warroom.engine import resolve
from warroom.game.debrief import debrief

from .test_window_scenes import debrief_data
from .window import MakeApp, press, texts, unreadable

SCALED_OUT = [(300, "declare_incident", None, {}), (760, "set_desired_capacity", "web-asg", {"desired": 6})]


@pytest.fixture(scope="module")
def chased() -> Any:
    from tests.conftest import play_script

    return play_script(resolve("rds-failover"), SCALED_OUT)


def test_the_terminal_debrief_names_the_red_herring_and_the_chase(chased: Any) -> None:
    console = Console(width=100, record=True)
    console.print(debrief(chased.card, resolve("rds-failover")))
    shown = " ".join(console.export_text().split())
    assert "Red herrings (harmless signals that pointed the wrong way)" in shown
    assert "patch-baseline scan of the web fleet" in shown
    assert "changed anyway: 12:40 set_desired_capacity" in shown


def test_the_window_debrief_names_it_readably_and_marks_it_on_the_timeline(make_app: MakeApp, chased: Any) -> None:
    app = make_app("debrief", debrief_data(resolve("rds-failover"), chased), size=(1280, 720))
    seen: list[str] = []
    for _ in range(12):
        seen += texts(app)
        press(app, pygame.K_PAGEDOWN)
    drawn = " ".join(seen)
    assert "Red herrings" in drawn and "changed anyway: 12:40 set_desired_capacity" in drawn
    assert unreadable(app) == []
    (herring,) = [m for m in app.scene.chart.markers if m.kind == "herring"]
    assert herring.tick == 120 and "patch-scan" in herring.text
