"""``warroom play``: play a scenario in the terminal, recorded as it goes (DESIGN §8, §10)."""

from __future__ import annotations

import argparse
import io
import os
import sys
import time

from rich.console import Console
from rich.text import Text
from warroom.engine import format_clock
from warroom.engine.solver.par import par_card

from .. import autopilot
from ..console import make_console
from ..debrief import debrief
from ..errors import EXIT_INTERRUPTED, EXIT_OK, Misuse
from ..history import HistoryError, keep
from ..played import played_game
from ..sessions import Opened, check_players, leave, resume, start_new
from ..terminal.dashboard import feed_view
from ..terminal.game import TerminalGame
from ..terminal.loop import play_manual, play_realtime
from ..terminal.screen import Screen
from ..terminal.start import choose_scenario
from ..terminal.story import briefing_view

NAME = "play"
HELP = "play a scenario (in a window, or in the terminal)"
DESCRIPTION = """\
Play an incident. SCENARIO is a bundled id (see 'warroom list') or a scenario file.
It opens a window where a display exists (and standard input is a terminal); otherwise,
or with --text or --clock, it plays in the terminal.
Type 'help' in the game for its commands. The game is recorded as it goes (to --record,
or under the user data folder) so it can be replayed, verified and resumed.

With --clock manual (always, when standard input is not a terminal) time moves only
through 'wait', so a scripted game is deterministic; at the end of input the clock runs
out to the time limit and the score is shown."""
RESUME_TAIL = 10


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``play``'s arguments."""
    parser.add_argument("scenario", nargs="?", metavar="SCENARIO", help="bundled scenario id or path to a .yaml file")
    parser.add_argument("--text", action="store_true", help="play in the terminal even where a window could open")
    parser.add_argument(
        "--clock",
        choices=("realtime", "manual"),
        help="realtime: time runs while you type (default on a terminal); manual: only 'wait' moves it",
    )
    parser.add_argument("--seed", type=_seed, help="random seed of the game (default 1); it also picks the variant")
    parser.add_argument("--variant", metavar="ID", help="play this variant of the scenario instead of the seed's pick")
    parser.add_argument("--record", metavar="FILE", help="write the recording here")
    parser.add_argument("--resume", metavar="FILE", help="continue the unfinished game recorded in FILE")
    parser.add_argument(
        "--player",
        metavar="NAME[,NAME...]",
        help="your name, as the feed and the recording show it; a team's names separated by commas "
        "(the first acts first; 'as NAME' in the terminal, W in the window, switches who acts)",
    )
    parser.add_argument(
        "--gameday", metavar="FILE", help="play a round of this game-day (it pins scenario, seed, rules)"
    )
    parser.add_argument("--team", metavar="NAME", help="with --gameday: the team you play for")
    parser.add_argument("--round", type=_round, metavar="N", help="with --gameday: which round (1, 2, ...)")
    parser.add_argument(
        "--autopilot",
        action="store_true",
        help="watch the scenario's par plan (or a fresh search) play itself, recorded like any game",
    )


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("the seed cannot be negative")
    return value


def _round(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a round number (1, 2, ...)")
    return int(text)


def stdin_is_terminal() -> bool:
    """Whether a person types at standard input (a window opens only for one)."""
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def run(args: argparse.Namespace) -> int:
    """Open (or resume) the game in the window where one can open, else in the terminal."""
    interactive = stdin_is_terminal()
    check_gameday_options(args)
    if not args.text and interactive and args.clock is None:
        from ..window import display_problem

        problem = display_problem()
        if problem is None and args.gameday:
            from ..gameday.distributed import play_round_in_window

            return play_round_in_window(_open(args, make_console(), interactive, None))
        if problem is None:
            from ..window.launch import play_in_window

            players = check_players(args.player) if args.player is not None else ("player",)
            seed = 1 if args.seed is None else args.seed
            return play_in_window(
                args.scenario,
                seed,
                args.record,
                players[0],
                args.resume,
                args.variant,
                autopilot=args.autopilot,
                roster=_roster(players),
            )
        print(f"warroom: no window ({problem}); playing in the terminal", file=sys.stderr)
    return run_in_terminal(args, interactive)


def run_in_terminal(args: argparse.Namespace, interactive: bool) -> int:
    """Open (or resume) the game, play it at the terminal, show the debrief."""
    console = make_console()
    clock = args.clock or ("realtime" if interactive else "manual")
    if clock == "realtime" and (not interactive or os.name == "nt"):
        if args.clock:
            print("warroom: standard input is not a terminal; playing with the manual clock", file=sys.stderr)
        clock = "manual"
    players = check_players(args.player) if args.player is not None else None
    opened = _open(args, console, interactive, players)
    screen = Screen(console, echo=not interactive or args.autopilot)
    game = TerminalGame(opened.session, opened.scenario, screen, opened.player, opened.roster)
    _introduce(game, opened, "autopilot" if args.autopilot else clock)
    if args.gameday:
        from ..gameday.distributed import rules_notice

        screen.note(rules_notice(opened))
    interrupted = False
    started = time.monotonic()
    try:
        if args.autopilot:
            sim = opened.session.sim
            plan, source = autopilot.plan_for(sim.scenario, sim.seed, sim.variant)
            screen.note(f"Autopilot: playing {source}.")
            play_manual(game, io.StringIO("\n".join(autopilot.typed(plan)) + "\n"), interactive=False)
        elif clock == "realtime":
            play_realtime(game, sys.stdin.fileno(), opened.scenario.model.clock.speed)
        else:
            play_manual(game, sys.stdin, interactive=interactive)
    except KeyboardInterrupt:
        interrupted = True
        console.print()
    sittings = opened.earlier_seconds + time.monotonic() - started  # the wall time of every sitting so far
    if game.over:
        _finish(game, opened, autopilot=args.autopilot, wall_seconds=sittings)
    else:
        game.leave()
        _left(game, opened, sittings)
    return EXIT_INTERRUPTED if interrupted else EXIT_OK


def check_gameday_options(args: argparse.Namespace) -> None:
    """A game-day round pins the scenario, seed and variant: refuse options that would change them."""
    if not args.gameday:
        if args.team or args.round:
            raise Misuse("--team and --round go with --gameday FILE")
        return
    clashing = [
        option
        for option, given in (
            ("SCENARIO", args.scenario),
            ("--seed", args.seed is not None),
            ("--variant", args.variant),
            ("--autopilot", args.autopilot),
        )
        if given
    ]
    if clashing:
        raise Misuse(f"--gameday pins the scenario, seed and variant of each round; drop {', '.join(clashing)}")
    if not args.resume and not args.team:
        raise Misuse("--gameday needs --team NAME (the team you play for)")


def _roster(players: tuple[str, ...]) -> tuple[str, ...]:
    """The team to switch among: the names given, when there are several."""
    return players if len(players) > 1 else ()


def _open(args: argparse.Namespace, console: Console, interactive: bool, players: tuple[str, ...] | None) -> Opened:
    if args.gameday:
        from ..gameday.distributed import resume_round, start_round

        if args.resume:
            return resume_round(args.gameday, args.resume, args.player)
        return start_round(args.gameday, args.team, args.round, args.record, args.player, "terminal")
    if args.resume:
        if args.seed is not None or args.record or args.variant or args.autopilot:
            raise Misuse(
                "--resume continues a recording with its own seed, variant and file; "
                "drop --seed, --variant, --record and --autopilot"
            )
        return resume(args.resume, args.scenario, players[0] if players else None)
    scenario = args.scenario or choose_scenario(console, interactive)
    seed = 1 if args.seed is None else args.seed
    first = players[0] if players else "player"
    return start_new(scenario, seed, args.record, first, args.variant, roster=_roster(players or ()))


def _introduce(game: TerminalGame, opened: Opened, clock: str) -> None:
    screen = game.screen
    if opened.resumed:
        screen.note(f"Resuming {opened.scenario.model.title} at {format_clock(game.tick)} as {opened.player}.")
        screen.show(feed_view(game.view(), RESUME_TAIL))
    else:
        screen.show(briefing_view(opened.scenario))
        screen.events(game.view().feed)
    speed = opened.scenario.model.clock.speed
    pace = {
        "realtime": f"time runs at {speed:g}× while you type",
        "manual": "time moves only when you 'wait'",
        "autopilot": "the plan types the commands",
    }[clock]
    screen.note(f"Clock: {clock} ({pace}). Type 'help' for commands, 'status' for the dashboard.")
    screen.note(f"Recording to {opened.session.path}")


def _finish(game: TerminalGame, opened: Opened, *, autopilot: bool, wall_seconds: float) -> None:
    screen = game.screen
    ended = game.tick if game.sim.ended_at is None else game.sim.ended_at
    screen.show(Text(f"Game over at {format_clock(ended)}.", style="bold"))
    sim = game.sim
    card = game.score()
    screen.show(debrief(card, sim.as_played(), par_card(sim.scenario, sim.seed, sim.variant), sim.log))
    path = opened.session.path
    screen.note(f"Recording: {path}")
    screen.note(f"Replay it with: warroom replay {path}")
    played = played_game(
        sim,
        card,
        player=opened.player,
        autopilot=autopilot,
        front_end="terminal",
        recording=path,
        wall_seconds=wall_seconds,
    )
    try:
        best = keep(played)
    except HistoryError as exc:
        screen.problem(f"This game could not be kept in your history: {exc}")
        return
    news = "A new best score for this scenario. " if best else ""
    screen.note(f"{news}Kept in your history: see 'warroom history' and 'warroom profile'.")


def _left(game: TerminalGame, opened: Opened, sittings: float) -> None:
    path = opened.session.path
    problem = leave(opened.session, sittings)
    if problem:
        game.screen.problem(problem)
    game.screen.note(f"Left the game at {format_clock(game.tick)}. Resume it with: warroom play --resume {path}")
