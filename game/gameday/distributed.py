"""Distributed game-days: a team plays its round on its own machine (``warroom play --gameday``).

The round pins everything — scenario, seed, variant, time limit, rules and the facilitator's
injects — so the options that would change them are refused, and the game is a
:class:`~warroom.engine.gameday.session.RoundSession`: hints are refused where the round forbids
them, speed changes where it forbids them (the scenario is played as a non-practice one), and the
facilitator's cards are dealt on time. The recording header names the game-day, round and team;
each command names the responder (``--player``, one of the team's members when the file lists them).
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from warroom.engine import format_clock, read_recording
from warroom.engine.gameday import LoadedGameDay, PlannedRound, load_gameday
from warroom.engine.gameday.session import HEADER_KEY, RoundSession
from warroom.engine.registry import did_you_mean

from ..errors import Failure, Misuse
from ..paths import default_recording
from ..sessions import Opened, check_player, named


def pick_team(gameday: LoadedGameDay, name: str) -> str:
    """The team called ``name`` (case-insensitive), as the file spells it."""
    names = gameday.team_names()
    team = named(names, name)
    if team is not None:
        return team
    hint = did_you_mean(name, names)
    raise Misuse(
        f"--team {name!r}: no such team in {gameday.title!r}" + (f"; {hint}" if hint else f" ({', '.join(names)})")
    )


def pick_round(gameday: LoadedGameDay, number: int | None) -> PlannedRound:
    """Round ``number``; without one, the only round (a game-day of several rounds must say which)."""
    count = len(gameday.rounds)
    if number is None:
        if count == 1:
            return gameday.rounds[0]
        raise Misuse(f"the game-day has {count} rounds: say which with --round 1..{count}")
    if not 1 <= number <= count:
        raise Misuse(f"--round {number}: the game-day has rounds 1..{count}")
    return gameday.round(number)


def pick_player(gameday: LoadedGameDay, team: str, player: str | None) -> str:
    """Who the commands name: ``--player`` (one of the team's members, when it lists them), else the team."""
    if player is None:
        return team
    name = check_player(player)
    members = members_of(gameday, team)
    if members:
        match = named(members, name)
        if match is None:
            raise Misuse(f"--player {name!r} is not on team {team} (its members: {', '.join(members)})")
        return match
    return name


def members_of(gameday: LoadedGameDay, team: str) -> tuple[str, ...]:
    """The team's members, whom its commands may be given as (empty when the file lists none)."""
    return tuple(next(t.members for t in gameday.model.teams if t.name == team))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "team"


def round_stem(gameday_file: str | Path, number: int, team: str) -> str:
    """How a team's recording of a round is named (before the seed): ``<game-day>-r<N>-<team>``."""
    return f"{_slug(Path(gameday_file).stem)}-r{number}-{_slug(team)}"


def start_round(
    gameday_file: str, team: str, number: int | None, record: str | None, player: str | None, front_end: str
) -> Opened:
    """A new recorded game of a game-day round for ``team``."""
    gameday = load_gameday(gameday_file)
    team = pick_team(gameday, team)
    planned = pick_round(gameday, number)
    who = pick_player(gameday, team, player)
    stem = round_stem(gameday_file, planned.number, team)
    path = Path(record) if record else default_recording(stem, planned.spec.seed, datetime.now())
    labels = {"player": who, "front_end": front_end}
    try:
        session = RoundSession.begin(gameday, planned, team, path, labels)
    except OSError as exc:
        raise Failure(f"cannot write the recording {path}: {exc.strerror or exc}") from None
    return Opened(session, planned.scenario, who, resumed=False, roster=members_of(gameday, team))


def resume_round(gameday_file: str, path: str, player: str | None) -> Opened:
    """Continue a game-day round's unfinished recording (the header names the team and round)."""
    gameday = load_gameday(gameday_file)
    recording = read_recording(path)
    block = recording.header.get(HEADER_KEY)
    if not isinstance(block, dict):
        raise Failure(f"{path}: not a game-day recording; resume it without --gameday")
    if block.get("sha256") != gameday.sha256:
        raise Failure(f"{path}: recorded for another version of {gameday_file}")
    if recording.end is not None:
        raise Failure(f"{path}: that game is over; hand it to the facilitator to score")
    team = pick_team(gameday, str(block.get("team")))
    planned = pick_round(gameday, int(block.get("round", 0)))
    who = pick_player(gameday, team, player) if player else str(recording.header.get("player") or team)
    try:
        session = RoundSession.resume_round(planned, path)
    except ValueError as exc:
        raise Failure(str(exc)) from None
    return Opened(session, planned.scenario, who, resumed=True, roster=members_of(gameday, team))


def rules_notice(opened: Opened) -> str:
    """What the team is told before it plays: the game-day, round, team and the rules pinned."""
    session = opened.session
    assert isinstance(session, RoundSession)
    planned = session.planned
    cards = len(planned.schedule())
    injects = f"; the facilitator will play {cards} card(s) on schedule" if cards else ""
    hints = "allowed" if planned.hints_allowed else "forbidden (the 'hint' command is refused)"
    speed = "allowed" if planned.speed_changes_allowed else "forbidden"
    return (
        f"Game-day, team {session.team}, round {planned.number}: {planned.scenario.id}, seed {planned.spec.seed}, "
        f"time limit {format_clock(planned.time_limit)}; hints {hints}; speed changes {speed}{injects}. "
        f"Playing as {opened.player}."
    )


def play_round_in_window(opened: Opened) -> int:
    """Play an opened round in the window (its play scene drives the round's session); the exit code."""
    from ..window.app import App, Launch

    sim = opened.session.sim
    launch = Launch(sim.seed, opened.session.path, opened.player, sim.variant, roster=opened.roster)
    App("play", {"scenario": opened.scenario, "session": opened.session}, launch=launch).run()
    return 0
