"""A game-day round in the window: the play scene drives the round's session, so the
facilitator's card is dealt on time and a forbidden speed change is refused."""

from __future__ import annotations

from pathlib import Path

import pygame
from warroom.engine import PlayCard, read_recording
from warroom.engine import events as ev
from warroom.engine.gameday import load_gameday
from warroom.engine.gameday.session import RoundSession

from .gameday_kit import DRILL
from .window import MakeApp, press, texts


def test_the_window_plays_a_round_by_its_rules(make_app: MakeApp, tmp_path: Path) -> None:
    file = tmp_path / "drill.yaml"
    file.write_text(DRILL, encoding="utf-8")
    gameday = load_gameday(file)
    planned = gameday.round(1)
    record = tmp_path / "blue.jsonl"
    session = RoundSession.begin(gameday, planned, "blue", record, {"player": "Ana", "front_end": "window"})
    app = make_app("play", {"scenario": planned.scenario, "session": session}, record=record)
    press(app, pygame.K_PLUS)
    assert any("runs in real time" in t for t in texts(app))
    for _ in range(11):
        app.step(60_000, [])
    sim = app.scene.state.sim
    assert sim.tick >= 660
    assert [(e.tick, e.card, e.by) for e in sim.log if isinstance(e, ev.CardPlayed)] == [
        (600, "vp-on-the-bridge", "facilitator")
    ]
    assert any("Marcus (VP Engineering)" in t for t in texts(app))
    recorded = [(t, c) for t, c, _ in read_recording(record).commands]
    assert recorded == [(600, PlayCard("vp-on-the-bridge", by="facilitator"))]
