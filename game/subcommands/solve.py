"""``warroom solve``: search a scenario for its best achievable outcome (par) and its plan."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rich.table import Table
from warroom.engine import LoadedScenario, format_clock, read_recording, resolve
from warroom.engine.solver import Solution, Step, solve
from warroom.engine.solver.par import (
    PAR_SEED,
    par_data,
    par_location,
    read_par,
    stored_pars,
    summary,
    variants_of,
)
from warroom.engine.solver.played import played_plan

from ..console import make_console
from ..errors import EXIT_OK, Failure, Misuse
from ..paths import write_json

NAME = "solve"
HELP = "find a scenario's par: the best plan the solver can find, and its score"
DESCRIPTION = f"""\
Search the scenario's moves over forked simulations, from the incident's first signal, for
the best total score; print the plan with its times and the par per dimension.

Without --variant, every variant of the scenario is solved. --write stores the result as
the scenario's par (par/ID.json beside the scenario file, solved on seed {PAR_SEED}); CI
checks that the stored par of every bundled scenario is fresh. On the par seed the stored
par's plan competes with the search, so a new par is never worse than the one it replaces. --budget stops a search
early (the plan found so far is shown, marked incomplete)."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``solve``'s arguments."""
    parser.add_argument("scenario", metavar="SCENARIO", help="bundled scenario id or path to a .yaml file")
    parser.add_argument("--seed", type=int, help=f"seed to solve on (default {PAR_SEED})")
    parser.add_argument("--variant", metavar="ID", help="solve only this variant")
    parser.add_argument("--budget", type=float, default=60.0, metavar="SECONDS", help="time limit per variant")
    parser.add_argument("--json", action="store_true", help="print the plans and scores as JSON")
    parser.add_argument("--write", action="store_true", help="store the result as the scenario's par")
    parser.add_argument(
        "--from",
        dest="recordings",
        nargs="+",
        default=[],
        metavar="RECORDING",
        help="played games of this scenario whose moves (those the game accepted) compete with the search",
    )


def run(args: argparse.Namespace) -> int:
    """Solve each variant; print or store the result."""
    scenario = resolve(args.scenario)
    if args.write and (args.seed not in (None, PAR_SEED) or args.variant):
        raise Misuse(f"--write stores par for every variant on seed {PAR_SEED}; drop --seed and --variant")
    if args.budget <= 0:
        raise Misuse("--budget must be a positive number of seconds")
    seed = PAR_SEED if args.seed is None else args.seed
    wanted = [args.variant] if args.variant else variants_of(scenario)
    if args.variant and args.variant not in scenario.model.variant_ids():
        raise Failure(f"{scenario.id} has no variant {args.variant!r} (variants: {', '.join(variants_of(scenario))})")
    played = [("a played game", _plan_of(path, scenario)) for path in args.recordings]
    stored = stored_pars(read_par(scenario)[0] or {}) if seed == PAR_SEED else []
    solutions = {
        variant: solve(
            scenario,
            seed,
            variant=variant,
            budget=args.budget,
            known=played + [("the stored par", p.plan) for p in stored if p.variant == variant],
        )
        for variant in wanted
    }
    if args.json:
        print(json.dumps(_as_json(scenario.id, seed, solutions), indent=2))
    else:
        _print(scenario.model.title, seed, solutions)
    if args.write:
        if not all(s.stats.complete for s in solutions.values()):
            raise Failure("a search ran out of its --budget; par was not written (raise --budget)")
        location = par_location(scenario)
        if not isinstance(location, Path):
            raise Failure("bundled par files are written from a source checkout: warroom solve scenarios/ID.yaml")
        write_json(location, par_data(scenario, solutions))
        print(f"par written to {location}")
    return EXIT_OK


def _plan_of(path: str, scenario: LoadedScenario) -> list[Step]:
    """The moves a recorded game of this scenario made (what the game refused is left out)."""
    recording = read_recording(path)
    if recording.header.get("scenario_id") != scenario.id:
        raise Failure(f"{path} is a game of {recording.header.get('scenario_id')}, not {scenario.id}")
    return played_plan(recording, scenario)


def _as_json(scenario_id: str, seed: int, solutions: dict[str | None, Solution]) -> dict[str, Any]:
    return {
        "scenario": scenario_id,
        "seed": seed,
        "solutions": [
            {
                "variant": variant,
                "par": summary(s.card),
                "plan": [step.to_json() for step in s.plan],
                "search": vars(s.stats),
            }
            for variant, s in solutions.items()
        ],
    }


def _print(title: str, seed: int, solutions: dict[str | None, Solution]) -> None:
    console = make_console()
    for variant, solution in solutions.items():
        card, stats = solution.card, solution.stats
        heading = f"{title} — seed {seed}" + (f", variant {variant}" if variant else "")
        plan = Table(title=heading, title_justify="left")
        for column in ("time", "move", "target", "parameters"):
            plan.add_column(column)
        for step in solution.plan:
            if step.move is None:
                plan.add_row(format_clock(step.tick), "declare the incident over", "", "")
                continue
            params = " ".join(f"{k}={json.dumps(v)}" for k, v in sorted(step.move.params.items()) if v is not None)
            plan.add_row(format_clock(step.tick), step.move.action, step.move.target or "team", params)
        console.print(plan)
        outcome = "resolved" if card.resolved else "NOT resolved"
        console.print(
            f"par: total {card.total} ({card.grade}) — recovery {card.recovery}, cost {card.cost}, "
            f"compliance {card.compliance}; {outcome}"
        )
        note = "" if stats.complete else " — stopped at the budget: the plan is incomplete"
        note += "" if stats.source == "search" else f"; the best plan came from {stats.source}"
        console.print(
            f"search: {stats.seconds:.1f} s, {stats.forks} forked simulations, {stats.rollouts} played out, "
            f"{stats.screened} screened, {stats.decisions} decision points{note}\n"
        )
