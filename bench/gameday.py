"""Game-day scoring: how long ``warroom gameday score`` takes for a full day of recordings.

A game-day of ``--teams`` teams (default 20) and three 30-minute rounds of bundled scenarios
(canary-checkout with a facilitator inject at 10:00, drifted-web-tier, orders-go-quiet) is
set up in a temporary folder, and every team's game of every round is recorded through a
real ``RoundSession``, as ``warroom play --gameday`` records it: the scenario's par plan,
each team a little later than the last (and every fifth team doing nothing at all), each
step given by a member in turn, every game run to its 30-minute limit.

Then, per run, a fresh leaderboard is filled as the command does: every recording judged
(the round's rules, then a full re-simulation with every digest compared, and the decisive
moments read from its log), the batch written in one transaction, and the standing made.
Also timed once: the combined report (Markdown, par replayed per round). A progress bar
shows the recording and the runs. It prints the median of the runs and never asserts a
timing; the project's goal is 20 teams × 3 rounds scored in under 10 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from warroom.engine import DeclareResolved, StartAction
from warroom.engine.gameday import LoadedGameDay, load_gameday
from warroom.engine.gameday.session import RoundSession
from warroom.engine.solver.par import stored_plan
from warroom.game.gameday.leaderboard import opened
from warroom.game.gameday.scoring import judge_batch, score_into
from warroom.game.gameday.standing import team_standings
from warroom.game.report import load_format
from warroom.game.report.gameday_build import build_gameday_report

ROUNDS = """\
rounds:
  - scenario: canary-checkout
    seed: 7
    injects:
      - {at: 10m, card: vp-on-the-bridge}
  - scenario: drifted-web-tier
    seed: 7
  - scenario: orders-go-quiet
    seed: 7
"""
MEMBERS = ("lead", "investigator", "scribe")


def gameday_text(teams: int) -> str:
    """The benchmark's game-day file."""
    lines = [f"  - {{name: team-{n:02d}, members: [{', '.join(MEMBERS)}]}}" for n in range(1, teams + 1)]
    return "title: Benchmark game-day\nteams:\n" + "\n".join(lines) + "\n" + ROUNDS


def record_team(gameday: LoadedGameDay, number: int, team: int, path: Path) -> None:
    """Team ``team``'s game of round ``number``: par's plan, ``team × 10`` seconds late (or nothing)."""
    planned = gameday.round(number)
    name = f"team-{team:02d}"
    session = RoundSession.begin(gameday, planned, name, path, {"player": MEMBERS[0]})
    plan = [] if team % 5 == 0 else stored_plan(planned.scenario, planned.variant) or []
    for index, step in enumerate(plan):
        who = MEMBERS[index % len(MEMBERS)]
        session.advance(step.tick + team * 10 - session.sim.tick)
        if session.sim.ended:
            break
        if step.move is None:
            session.submit(DeclareResolved(by=who))
            break
        command = step.move.command()
        session.submit(StartAction(command.action, command.target, command.params, by=who))
    session.advance(session.sim.duration)
    session.close()


def progress_bar(console: Console) -> Progress:
    """The progress bar the benchmark shows while it records and scores."""
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--teams", type=int, default=20, help="teams (default 20)")
    parser.add_argument("--runs", type=int, default=3, help="scoring runs (default 3; the median is reported)")
    args = parser.parse_args()
    console = Console(stderr=True)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        file = root / "gameday.yaml"
        file.write_text(gameday_text(args.teams), encoding="utf-8")
        gameday = load_gameday(file)
        games = [(number, team) for number in (1, 2, 3) for team in range(1, args.teams + 1)]
        paths = []
        started = time.perf_counter()
        with progress_bar(console) as progress:
            task = progress.add_task("recording", total=len(games))
            for number, team in games:
                path = root / f"r{number}-team-{team:02d}.jsonl"
                record_team(gameday, number, team, path)
                paths.append(path)
                progress.advance(task)
        recorded = time.perf_counter() - started
        timings = []
        with progress_bar(console) as progress:
            runs = progress.add_task("scoring runs", total=args.runs)
            for run in range(args.runs):
                games_task = progress.add_task(f"  run {run + 1}", total=len(paths))
                started = time.perf_counter()
                batch = judge_batch(gameday, paths, lambda _, task=games_task: progress.advance(task))
                with opened(gameday, root / f"run-{run}.sqlite3") as board:
                    written = score_into(board, batch)
                    standing = team_standings(gameday, board.results())
                timings.append(time.perf_counter() - started)
                progress.remove_task(games_task)
                progress.advance(runs)
        started = time.perf_counter()
        with opened(gameday, root / "run-0.sqlite3") as board:
            report = build_gameday_report(gameday, board.results(), board.rejections())
        load_format("md").render(report, "report")
        reported = time.perf_counter() - started
    median = statistics.median(timings)
    print(f"game-day: {args.teams} teams × 3 rounds of 30 minutes = {len(paths)} recordings")
    print(f"recording them (setup, not the figure): {recorded:.2f} s")
    print(
        f"score: median {median:.2f} s over {args.runs} runs ({median / len(paths) * 1000:.0f} ms a recording; "
        f"runs {', '.join(f'{t:.2f}' for t in timings)} s)"
    )
    print(f"accepted {len(written.accepted)}, rejected {len(written.rejected)}; leader: {standing[0].team}")
    print(f"combined report (Markdown, par replayed per round): {reported:.2f} s")
    print(f"goal: under 10 s — {'met' if median < 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
