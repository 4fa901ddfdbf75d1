"""Terminal commands in-process: what they show, what they refuse, how time moves."""

from __future__ import annotations

import io
import os

import pytest
from warroom.engine import Session
from warroom.game.console import make_console
from warroom.game.terminal.commands import COMMANDS, execute
from warroom.game.terminal.game import TerminalGame
from warroom.game.terminal.loop import play_realtime
from warroom.game.terminal.screen import Screen


class Terminal:
    """A game with its output captured; ``type`` runs a line and returns what it printed."""

    def __init__(self, game: TerminalGame, buffer: io.StringIO) -> None:
        self.game = game
        self.buffer = buffer

    def type(self, line: str) -> str:
        start = self.buffer.tell()
        execute(self.game, line)
        self.buffer.seek(start)
        return self.buffer.read()


@pytest.fixture
def terminal(load, tmp_path) -> Terminal:
    scenario = load("canary-checkout")
    session = Session.start(scenario, 7, tmp_path / "t.jsonl", "canary-checkout")
    buffer = io.StringIO()
    game = TerminalGame(session, scenario, Screen(make_console(buffer), echo=False))
    yield Terminal(game, buffer)
    session.close()


def test_status_view(terminal):
    out = terminal.type("status")
    assert "incident clock 00:00 / 30:00 (30:00 left)" in out
    assert "error budget left 100.0%" in out
    assert "checkout-errors" in out and "Orders placed" in out
    assert "Responders: 0 busy, 2 free of 2" in out


def test_inspect_shows_what_the_player_may_know(terminal):
    out = terminal.type("inspect checkout-fn")
    assert "Lambda function (lambda_function)" in out
    assert "Alarms watching it: checkout-errors OK (Errors)" in out
    assert "alias: live" in out
    for truth in ("health", "load", "ok=", "success"):
        assert truth not in out.lower()


def test_inspect_lists_actions_in_flight_and_findings(terminal):
    terminal.type("wait 9m")
    terminal.type("do describe_deployment checkout-dg")
    during = terminal.type("inspect checkout-dg")
    assert "describe_deployment" in during and "%" in during
    terminal.type("wait")
    after = terminal.type("inspect checkout-dg")
    assert "Recent findings" in after
    assert "version 42: 67 errors / 222 invocations" in after


def test_unknown_node_gets_a_did_you_mean(terminal):
    assert "no resource called 'chekout-fn'; did you mean 'checkout-fn'?" in terminal.type("inspect chekout-fn")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("do describe_deployment", "describe_deployment needs a target: one of checkout-dg"),
        (
            "do describe_deploymnt checkout-dg",
            "unknown action 'describe_deploymnt'; did you mean 'describe_deployment'?",
        ),
        ("do describe_deployment checkout-fn", "describe_deployment does not apply to checkout-fn"),
        ("do declare_incident severity=SEV9", "bad parameters for declare_incident"),
        ("cancel 5", "no action #5 is in flight"),
        ("wait forever", "'forever' is not a duration"),
        ("inspect", "usage: inspect NODE"),
        ("stauts", "unknown command 'stauts'; did you mean 'status'?"),
        ("query_logs checkout-fn", "to start that action type: do query_logs"),
    ],
)
def test_refusals_are_shown_verbatim(terminal, line, message):
    out = terminal.type(line)
    assert message in out
    assert "Traceback" not in out


def test_string_parameters_need_no_quotes(terminal):
    out = terminal.type("do shift_alias checkout-fn version=41 percent=1")
    assert "#1 player started shift_alias checkout-fn" in out


def test_wait_alone_runs_to_the_next_completion(terminal):
    terminal.type("do describe_deployment checkout-dg")
    terminal.type("wait")
    assert terminal.game.tick == 30
    terminal.type("wait")
    assert terminal.game.tick == 60  # nothing in flight: the next whole minute


def test_actions_lists_what_applies(terminal):
    out = terminal.type("actions checkout-errors")
    assert "fix_alarm_iac" in out and "pipeline" in out
    assert "describe_deployment" not in out
    everywhere = terminal.type("actions")
    assert "declare_incident" in everywhere and "(team-wide)" in everywhere


def test_help_lists_every_command(terminal):
    out = terminal.type("help")
    for name in COMMANDS:
        assert COMMANDS[name].usage in out


def test_end_finishes_the_game(terminal):
    out = terminal.type("end")
    assert "game over: declared over by player" in out
    assert terminal.game.over
    assert "the game is over" in terminal.type("status")


def test_realtime_clock_advances_while_the_player_types(terminal):
    """Four wall seconds at speed 1 (a fake clock) pass four ticks; end of input runs the clock out."""
    read, write = os.pipe()
    os.write(write, b"status\n")
    os.close(write)
    ticks = iter(range(100))
    play_realtime(terminal.game, read, speed=1.0, now=lambda: float(next(ticks)))
    os.close(read)
    out = terminal.buffer.getvalue()
    assert "incident clock 00:0" in out
    assert terminal.game.over
    assert "[30:00] game over: time limit reached" in out
