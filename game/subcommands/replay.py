"""``warroom replay``: re-simulate a recording; watch it in the window, print its timeline and
score, or verify it (DESIGN §8).

Scores in a recording are never trusted: the game is re-simulated from its commands and
every digest and the final score are compared. ``--verify`` turns that comparison into the
exit code and names the first tick that differs. Where a window can open (as for ``warroom
play``) the replay viewer opens; ``--text`` or no display prints instead. ``--compare B``
puts a second game of the same scenario beside the first.
"""

from __future__ import annotations

import argparse
import sys

from rich.text import Text
from warroom.engine import (
    LoadedScenario,
    Recording,
    ReplayResult,
    ScenarioError,
    format_clock,
    read_recording,
    resolve,
    score,
    verify,
)
from warroom.engine.gameday import as_recorded
from warroom.engine.solver.par import par_card

from ..comparison import comparison_table
from ..console import make_console
from ..debrief import debrief
from ..errors import EXIT_FAILED, EXIT_OK, Failure
from ..timeline import timeline_lines
from .play import stdin_is_terminal

NAME = "replay"
HELP = "show or verify a recorded game"
DESCRIPTION = """\
Re-simulate a recorded game from its commands. Where a display exists (and standard input
is a terminal) it opens the replay viewer: scrub through the game, show the truth, fork a new
game from any moment, compare with par. Otherwise, or with --text, print its timeline (what
the team saw, and the truth behind it) and the score breakdown. With --verify, exit 0 when
every recomputed digest and the score match the recording, 1 naming the first tick that
differs. --compare B shows a second game of the same scenario beside it. The scenario is
found from the recording's header; --scenario overrides it."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``replay``'s arguments."""
    parser.add_argument("file", metavar="FILE", help="a recording (.jsonl) written by 'warroom play'")
    parser.add_argument("--verify", action="store_true", help="check the recording; exit 1 if it does not match")
    parser.add_argument("--scenario", metavar="PATH", help="the scenario to replay on (default: as recorded)")
    parser.add_argument("--text", action="store_true", help="print in the terminal even where a window could open")
    parser.add_argument("--compare", metavar="B", help="another recording of the same scenario, shown beside it")


def _read(file: str) -> Recording:
    recording = read_recording(file)
    for warning in recording.warnings:
        print(f"warroom: {warning}", file=sys.stderr)
    return recording


def load(args: argparse.Namespace) -> tuple[Recording, LoadedScenario]:
    """The recording and the scenario it was played on."""
    recording = _read(args.file)
    reference = args.scenario or str(recording.header.get("scenario", ""))
    try:
        scenario = resolve(reference)
    except ScenarioError as exc:
        raise Failure(
            f"{args.file}: cannot load its scenario {reference!r} ({exc.problems[0].message}); "
            "name it with --scenario PATH"
        ) from None
    return recording, as_recorded(recording.header, scenario)


def load_compared(args: argparse.Namespace, first: Recording) -> Recording | None:
    """The recording to compare with (``--compare``), checked to be of the same scenario."""
    if not args.compare:
        return None
    other = _read(args.compare)
    ids = (first.header.get("scenario_id"), other.header.get("scenario_id"))
    if ids[0] != ids[1]:
        raise Failure(f"{args.compare}: a game of {ids[1]}, not {ids[0]}; compare games of the same scenario")
    return other


def mismatch(file: str, recording: Recording, result: ReplayResult) -> str:
    """Why a recording does not verify, naming the first tick that differs."""
    if result.first_mismatch is not None:
        tick = result.first_mismatch
        detail = f"; {result.message}" if result.message else ""
        return f"{file}: does not verify: first difference at tick {tick} ({format_clock(tick)}){detail}"
    end = recording.end or {}
    if "tick" in end and "score" in result.message:
        tick = int(end["tick"])
        return f"{file}: does not verify: at tick {tick} ({format_clock(tick)}), {result.message}"
    return f"{file}: does not verify: {result.message}"


def _summary(recording: Recording, result: ReplayResult) -> str:
    card = result.score
    commands = len(recording.commands)
    if recording.end is None:
        return (
            f"verified: {commands} command(s) up to {format_clock(result.sim.tick)}; "
            "the game was not finished (resume it with 'warroom play --resume')"
        )
    return (
        f"verified: {commands} command(s), ended at {format_clock(int(recording.end['tick']))} "
        f"({recording.end.get('reason', '')}); score {card['total']} ({card['grade']})"
    )


def run(args: argparse.Namespace) -> int:
    """Verify, or watch the game in the window, or print the timeline and the score."""
    recording, scenario = load(args)
    other = load_compared(args, recording)
    if not args.verify and not args.text and stdin_is_terminal():
        from ..window import display_problem

        problem = display_problem()
        if problem is None:
            from ..window.launch import replay_in_window

            return replay_in_window(scenario, [r for r in (recording, other) if r is not None])
        print(f"warroom: no window ({problem}); printing the replay", file=sys.stderr)
    result = verify(recording, scenario)
    if args.verify:
        if not result.ok:
            print(mismatch(args.file, recording, result), file=sys.stderr)
            return EXIT_FAILED
        print(f"{args.file}: {_summary(recording, result)}")
        return EXIT_OK
    if other is not None:
        return _print_comparison(args, recording, other, scenario)
    console = make_console()
    header = recording.header
    console.print(
        Text(
            f"{scenario.model.title} — seed {header.get('seed')}, player {header.get('player', '?')}, "
            f"engine {header.get('engine')}",
            style="bold",
        )
    )
    for line in timeline_lines(result.sim.log):
        console.print(line)
    sim = result.sim
    par = par_card(sim.scenario, sim.seed, sim.variant)
    console.print(debrief(score(sim.model, sim.log), sim.as_played(), par, sim.log))
    if not result.ok:
        print(f"warroom: note: {mismatch(args.file, recording, result)}", file=sys.stderr)
    return EXIT_OK


def _print_comparison(args: argparse.Namespace, first: Recording, other: Recording, scenario: LoadedScenario) -> int:
    """Both games' scores and moments side by side (each re-simulated, never trusted)."""
    games = []
    for letter, file, recording in (("A", args.file, first), ("B", args.compare, other)):
        result = verify(recording, scenario)
        if not result.ok:
            print(f"warroom: note: {mismatch(file, recording, result)}", file=sys.stderr)
        games.append((f"{letter}: {recording.name}", score(result.sim.model, result.sim.log)))
    make_console().print(comparison_table(games))
    return EXIT_OK
