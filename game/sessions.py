"""Opening a game for either front end: start a recorded session, or resume one from its recording.

A game may be played over several sittings (``--resume``). Its wall time is the sum of them:
a sitting that leaves the game unfinished keeps the total so far in the history
(:func:`leave`), and resuming reads it back (:attr:`Opened.earlier_seconds`), so the sitting
that finishes the game hands the history the whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warroom.engine import (
    LoadedScenario,
    ScenarioError,
    Session,
    read_recording,
    resolve,
)
from warroom.engine.gameday import HEADER_KEY

from .errors import Failure, Misuse
from .history import HistoryError, earlier_sittings, leave_sitting
from .paths import default_recording
from .played import Sitting

RESERVED_PLAYERS = ("automation",)


@dataclass
class Opened:
    """A session ready to play, with its scenario and the player's name."""

    session: Session
    scenario: LoadedScenario
    player: str
    resumed: bool
    earlier_seconds: float = 0.0
    """The wall time of the game's earlier sittings (resumed games only)."""
    roster: tuple[str, ...] = ()
    """The team's responders, whom commands may be given as ('as NAME'); empty: just :attr:`player`."""


def check_player(name: str) -> str:
    """A usable player name (it is who CloudTrail and the feed say acted)."""
    name = name.strip()
    if not name or len(name) > 40 or name in RESERVED_PLAYERS or name.startswith("npc:") or "," in name:
        raise Misuse(f"--player {name!r}: use a short name (not 'automation' or 'npc:...'; commas separate a team)")
    return name


def named(names: Sequence[str], name: str) -> str | None:
    """The one of ``names`` that ``name`` means, whatever its case (``None`` if none)."""
    wanted = name.strip().casefold()
    return next((n for n in names if n.casefold() == wanted), None)


def check_players(text: str) -> tuple[str, ...]:
    """``--player``: one name, or a team's names separated by commas (the first acts first)."""
    names = tuple(check_player(name) for name in text.split(","))
    if len({n.casefold() for n in names}) != len(names):
        raise Misuse(f"--player {text!r}: each responder once")
    return names


def team_labels(player: str, roster: tuple[str, ...], front_end: str) -> dict[str, object]:
    """What a recording header says about who played: the first responder, the team, the front end."""
    return {"player": player, "front_end": front_end, **({"responders": list(roster)} if roster else {})}


def recorded_roster(header: dict[str, object]) -> tuple[str, ...]:
    """The team's responders a recording header names (empty when one person played)."""
    names = header.get("responders")
    return tuple(str(n) for n in names) if isinstance(names, list) else ()


def reference_for(argument: str) -> str:
    """What a recording header names: a bundled id as is, a scenario file by absolute path.

    The absolute path lets ``warroom replay`` find the file from any folder.
    """
    path = Path(argument)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return str(path.resolve())
    return argument


def start_new(
    argument: str,
    seed: int,
    record: str | None,
    player: str,
    variant: str | None = None,
    front_end: str = "terminal",
    roster: tuple[str, ...] = (),
) -> Opened:
    """A new game of ``argument`` (bundled id or path), recorded to ``record`` or the default place;
    ``variant`` overrides the one the seed picks; ``roster`` names the team's responders."""
    scenario = resolve(argument)
    path = Path(record) if record else default_recording(scenario.id, seed, datetime.now())
    labels = team_labels(player, roster, front_end)
    try:
        session = Session.start(scenario, seed, path, reference_for(argument), labels, variant)
    except OSError as exc:
        raise Failure(f"cannot write the recording {path}: {exc.strerror or exc}") from None
    return Opened(session, scenario, player, resumed=False, roster=roster)


def resume(path: str, scenario_override: str | None, player: str | None) -> Opened:
    """Continue the game recorded in ``path`` from its last known tick, appending to the file."""
    recording = read_recording(path)
    if recording.end is not None:
        raise Failure(
            f"{path}: that game is over ({recording.end.get('reason', 'ended')}); see it with: warroom replay {path}"
        )
    if HEADER_KEY in recording.header:
        raise Failure(f"{path}: a game-day round; resume it with: warroom play --resume {path} --gameday GAMEDAY.yaml")
    reference = scenario_override or str(recording.header.get("scenario", ""))
    try:
        scenario = resolve(reference)
    except ScenarioError as exc:
        raise Failure(f"{path}: cannot load the scenario it was played on: {exc.problems[0]}") from None
    if recording.header.get("scenario_sha256") != scenario.sha256:
        raise Failure(f"{path}: the scenario {reference} has changed since this game was recorded")
    try:
        session = Session.resume(scenario, path)
    except ValueError as exc:
        raise Failure(str(exc)) from None
    name = player or str(recording.header.get("player") or "player")
    roster = recorded_roster(recording.header)
    return Opened(session, scenario, name, resumed=True, earlier_seconds=_earlier(session), roster=roster)


def _key(session: Session) -> str:
    return str(Path(session.path or "").resolve())


def _earlier(session: Session) -> float:
    """The wall time kept for a resumed game's earlier sittings (0 if the history cannot say)."""
    try:
        return earlier_sittings(_key(session), session.sim.tick, session.sim.digest())
    except HistoryError:
        return 0.0


def leave(session: Session, wall_seconds: float) -> str:
    """Keep the wall time of an unfinished game's sittings so far (``wall_seconds``: the earlier
    sittings' and this one's) for the sitting that will finish it; '' or why it could not be kept."""
    if session.path is None or session.sim.ended:
        return ""
    try:
        leave_sitting(Sitting(_key(session), session.sim.tick, session.sim.digest(), wall_seconds))
    except HistoryError as exc:
        return f"The time of this sitting could not be kept in your history: {exc}"
    return ""
