"""``warroom replay``: the viewer where a window can open, the printed replay elsewhere, and
two games of one scenario compared."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from warroom.engine import Recording, Session, read_recording, resolve
from warroom.game.subcommands import replay as replay_command

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
CANARY = GOLDEN / "canary-checkout-right.jsonl"


@pytest.fixture
def teammate(tmp_path: Path) -> Path:
    """A teammate's game of the canary scenario: the same start, declared over at 8:00."""
    path = tmp_path / "teammate.jsonl"
    session = Session.fork(resolve("canary-checkout"), read_recording(CANARY), 400, path, {"player": "teammate"})
    session.advance(80)
    session.declare_over("teammate")
    return path


def test_compare_prints_both_games_side_by_side(cli: Callable[..., Any], teammate: Path) -> None:
    ran = cli("replay", str(CANARY), "--compare", str(teammate), "--text")
    assert ran.code == 0, ran.err
    assert "A: canary-checkout-right" in ran.out and "B: teammate" in ran.out
    assert "91.0 (A)" in ran.out  # the golden game's score, re-simulated
    assert "08:00 (declared over by teammate)" in ran.out


def test_compare_refuses_a_game_of_another_scenario(cli: Callable[..., Any]) -> None:
    ran = cli("replay", str(CANARY), "--compare", str(GOLDEN / "orders-go-quiet-right.jsonl"), "--text")
    assert ran.code == 1
    assert "a game of orders-go-quiet, not canary-checkout" in ran.err


@pytest.mark.parametrize(
    ("flags", "window"),
    [([], True), (["--text"], False), (["--verify"], False), (["--compare", "TEAMMATE"], True)],
    ids=["display", "text", "verify", "compare"],
)
def test_the_viewer_opens_where_a_window_can(
    cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch, teammate: Path, flags: list[str], window: bool
) -> None:
    opened: list[list[Recording]] = []
    monkeypatch.setattr(replay_command, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr("warroom.game.window.launch.replay_in_window", lambda s, r: opened.append(r) or 0)
    ran = cli("replay", str(CANARY), *[str(teammate) if f == "TEAMMATE" else f for f in flags])
    assert ran.code == 0
    assert bool(opened) is window
    if window:
        assert [r.name for r in opened[0]] == ["canary-checkout-right", "teammate"][: 1 + ("--compare" in flags)]
    else:
        assert "verified" in ran.out or "The canary that sang too late" in ran.out
