"""Frame time of the play screen: how long one frame takes for architectures of 20, 100 and 300 nodes.

Each size is a generated architecture (the same generator as ``bench/engine.py``: one
CloudFormation stack per service, plus the platform's) played in the real window code with
SDL's dummy video driver at 1280×720: a game is started, run for two simulated minutes so
the feed, alarms and metrics have content, a resource is selected so its panel shows
sparklines, and then ``App.step(16)`` — events, one engine update, the whole draw, the flip
— is timed frame by frame. It prints the median and the 90th percentile of several runs
(median of the runs' medians) and never asserts a timing.

Each architecture is timed twice: as it opens (more than 60 resources: its groups, one per
stack, collapsed) and with every group expanded (the G key). One more case spreads 150
resources' six stacks over two Regions (:func:`two_regions`, the architecture of the
grouping tests and the ``diagram-`` screenshots). For each case it also prints how long
laying the architecture out takes with those groups collapsed (``arrange``: positions,
boxes, label room, folded and routed edges; median of 21 calls).

The project's goals: under 8 ms a frame at 100 nodes on a 2-core machine, so 60 FPS has
room, and a 150-node layout well under 100 ms.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
from warroom.engine import LoadedScenario, Simulation, snapshot
from warroom.game.window import scenes  # noqa: F401  (registers the scenes)
from warroom.game.window.app import App, Launch
from warroom.game.window.diagram.layout import arrange
from warroom.game.window.settings import Settings


def _sibling(name: str) -> ModuleType:
    """A module of this folder, loaded from its file: a bare ``import engine`` could find
    another ``engine`` (the tests' package of that name, when the grouping tests load this)."""
    spec = importlib.util.spec_from_file_location(
        f"warroom_bench_{name}", Path(__file__).resolve().parent / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = _sibling("engine")

SIZES = (20, 100, 300)
REGIONS = ("us-east-1", "us-west-2")


def architecture(size: int) -> generator.Generated:
    """A generated scenario of exactly ``size`` nodes (small sizes need a seed whose service fits)."""
    for seed in range(1, 200):
        try:
            return generator.generate(size, seed)
        except SystemExit:
            continue
    raise SystemExit(f"no generated service fits in {size} nodes")


def two_regions(size: int) -> generator.Generated:
    """A generated architecture of ``size`` nodes whose services' stacks alternate between
    :data:`REGIONS` (the account-wide platform stack stays in the first): many stacks in two
    Regions, as a CloudFormation import of a real estate gives."""
    generated = architecture(size)
    stacks = sorted({n["stack"] for n in generated.data["architecture"]["nodes"] if n.get("stack")})
    services = [s for s in stacks if s != "platform-stack"]
    region = {stack: REGIONS[i % 2 == 1] for i, stack in enumerate(services)}
    for node in generated.data["architecture"]["nodes"]:
        stack = node.get("stack") or node["id"]
        node["region"] = region.get(stack, REGIONS[0])
    return generated


def frame_times(
    loaded: LoadedScenario, expanded: bool, frames: int, folder: Path
) -> tuple[list[float], frozenset[str]]:
    """Seconds per frame of the play screen for ``loaded``, its groups as opened or all
    expanded; and the groups that were collapsed."""
    app = App(
        "play",
        {"scenario": loaded, "reference": loaded.id, "seed": 1},
        settings=Settings(sound=False),
        settings_file=folder / "settings.json",
        launch=Launch(record=folder / f"render-{loaded.id}.jsonl"),
    )
    for _ in range(120):
        app.step(1000)
    if expanded and app.scene.view.collapsed:
        app.step(16, [pygame.event.Event(pygame.KEYDOWN, key=pygame.K_g, mod=0, unicode="")])
    entry = loaded.model.traffic[0].entry
    spot = app.log.find(entry)
    if spot is not None:
        app.scene.clicked(spot, 1)  # select a resource: its panel shows metrics
    app.step(16)
    times = []
    for _ in range(frames):
        start = time.perf_counter()
        app.step(16)
        times.append(time.perf_counter() - start)
    collapsed = app.scene.view.collapsed
    app.close()
    return times, collapsed


def layout_time(loaded: LoadedScenario, collapsed: frozenset[str]) -> float:
    """Median seconds of one ``arrange`` of the architecture with the ``collapsed`` groups."""
    snap = snapshot(Simulation(loaded, 1))
    times = []
    for _ in range(21):
        start = time.perf_counter()
        arrange(snap.nodes, snap.edges, collapsed)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cases(sizes: list[int]) -> list[tuple[str, LoadedScenario]]:
    """The architectures timed: each size, then 150 nodes over two Regions."""
    out = [(f"{size}", generator.load(architecture(size)).scenario) for size in sizes]
    return [*out, ("150 (2 Regions)", generator.load(two_regions(150)).scenario)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--frames", type=int, default=240)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args(argv)
    print(f"warroom render benchmark: play screen at 1280x720 (SDL dummy driver)\nmachine:  {generator.machine()}")
    print(
        f"method:   median of {args.runs} runs; each {args.frames} frames of App.step(16) after 2 simulated minutes\n"
    )
    print(f"{'nodes':>16} {'groups':>9} {'median frame':>13} {'p90 frame':>10} {'fps (median)':>13} {'layout':>10}")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for name, loaded in cases(args.sizes):
            for expanded in (False, True):
                medians, p90s = [], []
                for _ in range(args.runs):
                    times, collapsed = frame_times(loaded, expanded, args.frames, folder)
                    times.sort()
                    medians.append(statistics.median(times))
                    p90s.append(times[int(len(times) * 0.9)])
                median = statistics.median(medians)
                shape = "expanded" if expanded else "as opened"
                layout = layout_time(loaded, collapsed)
                print(
                    f"{name:>16} {shape:>9} {median * 1000:>10.2f} ms {statistics.median(p90s) * 1000:>7.2f} ms "
                    f"{1 / median:>13.0f} {layout * 1000:>7.2f} ms"
                )


if __name__ == "__main__":
    main()
