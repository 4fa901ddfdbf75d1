"""Solver benchmark: how long ``warroom solve`` takes on each bundled scenario and variant.

Run ``python bench/solver.py`` (``--runs N``, default 3; ``--only ID ...``). For each bundled
scenario and each of its variants it solves on the par seed and prints the median wall time
over the runs, the number of simulations forked and played out, the decision points, and
the par found. The search is deterministic, so only the times vary between runs. It also
reports the cost of one fork (``Simulation.fork``) on each scenario's game at its first
signal. It prints figures and never asserts timings; the target is under 60 s a scenario.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time

from warroom.engine import Simulation, bundled_ids, resolve
from warroom.engine import events as ev
from warroom.engine.solver import solve
from warroom.engine.solver.par import PAR_SEED, variants_of


def fork_cost(scenario_id: str, repeats: int = 50) -> float:
    """Median milliseconds of one fork at the incident's first signal."""
    sim = Simulation(resolve(scenario_id), PAR_SEED)
    while not sim.ended and not any(isinstance(e, ev.FirstSignal) for e in sim.log):
        sim.step()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        sim.fork()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", metavar="ID", help="only these scenarios")
    args = parser.parse_args(argv)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"median of {args.runs} runs, seed {PAR_SEED}\n")
    columns = (("scenario", "<24"), ("variant", "<16"), ("seconds", ">8"), ("forks", ">7"), ("played", ">7"))
    columns += (("decisions", ">9"), ("fork ms", ">8"))
    header = " ".join(f"{name:{spec}}" for name, spec in columns) + " par"
    print(header)
    print("-" * len(header))
    slowest = 0.0
    for scenario_id in args.only or bundled_ids():
        scenario = resolve(scenario_id)
        fork_ms = fork_cost(scenario_id)
        for variant in variants_of(scenario):
            seconds = []
            for _ in range(args.runs):
                solution = solve(scenario, PAR_SEED, variant=variant, budget=600)
                seconds.append(solution.stats.seconds)
            stats, card = solution.stats, solution.card
            median = statistics.median(seconds)
            slowest = max(slowest, median)
            print(
                f"{scenario_id:<24} {variant or '-':<16} {median:>8.2f} {stats.forks:>7} {stats.rollouts:>7} "
                f"{stats.decisions:>9} {fork_ms:>8.2f} {card.total} ({'resolved' if card.resolved else 'NOT resolved'})"
            )
    print(f"\nslowest scenario: {slowest:.2f} s (target: under 60 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
