"""Fixtures for the command line: run ``warroom`` in a subprocess or in-process, and a small scenario."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from warroom.game.cli import main
from warroom.game.window.app import App, Launch
from warroom.game.window.settings import Settings

from .window import MakeApp

MINI = """\
id: mini
title: Mini
summary: A tiny scenario for tests.
difficulty: intro
domains: [monitoring]
briefing: A function behind an API.
architecture:
  nodes:
    - {id: api, type: api_gateway}
    - {id: fn, type: lambda_function, config: {traffic: {"1": 1.0}}}
    - id: fn-errors
      type: cloudwatch_alarm
      config: {metric: Errors, threshold: 1}
  edges:
    - api routes fn
    - fn-errors monitors fn
traffic:
  - {entry: api, rate: 5}
injects:
  - {id: quiet, at: 1m, fault: silent_alarm, target: fn-errors, params: {mode: metric_name}}
debrief: It was quiet.
"""

_ARCHITECTURE = MINI.partition("architecture:\n")[2].partition("\ntraffic:")[0]
MINI_ARCHITECTURE = f"description: A function behind an API.\n{textwrap.dedent(_ARCHITECTURE)}\n"
"""The mini scenario's architecture as a shared architecture file."""


@dataclass
class Ran:
    """What a ``warroom`` run returned."""

    code: int
    out: str
    err: str


@pytest.fixture
def mini_text() -> str:
    """A small valid scenario (inline architecture), as YAML text."""
    return MINI


@pytest.fixture
def mini_architecture_text() -> str:
    """A small valid shared architecture (the mini scenario's), as YAML text."""
    return MINI_ARCHITECTURE


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """The small scenario written to a file."""
    path = tmp_path / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    return path


def _environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "WARROOM_DEBUG", "FORCE_COLOR")}
    env.update(XDG_DATA_HOME=str(home), PYTHONIOENCODING="utf-8", NO_COLOR="1")
    return env


@pytest.fixture
def warroom(tmp_path: Path) -> Callable[..., Ran]:
    """Run ``warroom ARGS`` in a subprocess with ``stdin`` text; user data goes under ``tmp_path``."""
    return lambda *args, stdin="", env=None: run_warroom(tmp_path, list(map(str, args)), stdin, env)


def run_warroom(home: Path, args: list[str], stdin: str = "", env: dict[str, str] | None = None) -> Ran:
    """One subprocess run of the command line, as a user's shell would start it."""
    done = subprocess.run(
        [sys.executable, "-m", "warroom.game", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**_environment(home / "data"), **(env or {})},
        cwd=home,
        timeout=120,
        check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def warroom_at() -> Callable[..., Ran]:
    """``warroom_at(home, args, stdin)``: a subprocess run with user data under ``home`` (any scope)."""
    return run_warroom


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """Run ``warroom ARGS`` in this process (fast; for commands that read no standard input)."""

    def run(*args: str) -> Ran:
        code = main(list(args))
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run


@pytest.fixture
def make_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MakeApp]:
    """Open windows whose settings and user data live under ``tmp_path``; close them afterwards."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    opened: list[App] = []

    def make(
        start: str,
        data: dict[str, Any] | None = None,
        *,
        size: tuple[int, int] = (1280, 720),
        scale: float = 1.0,
        seed: int = 1,
        record: Path | None = None,
        autopilot: bool = False,
        roster: tuple[str, ...] = (),
    ) -> App:
        app = App(
            start,
            data,
            size=size,
            settings=Settings(ui_scale=scale),
            settings_file=tmp_path / "s.json",
            launch=Launch(
                seed=seed, record=record, autopilot=autopilot, player=roster[0] if roster else "player", roster=roster
            ),
        )
        opened.append(app)
        app.step(16, [])
        return app

    yield make
    for app in opened:
        app.close()
