"""Frame time of the play screen: how long one frame takes for architectures of 20, 100 and 300 nodes.

Each size is a generated architecture (the same generator as ``bench/engine.py``) played in
the real window code with SDL's dummy video driver at 1280×720: a game is started, run for
two simulated minutes so the feed, alarms and metrics have content, a resource is selected
so its panel shows sparklines, and then ``App.step(16)`` — events, one engine update, the
whole draw, the flip — is timed frame by frame. It prints the median and the 90th
percentile of several runs (median of the runs' medians) and never asserts a timing.

The project's goal: under 8 ms a frame at 100 nodes on a 2-core machine, so 60 FPS has room.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from warroom.game.window import scenes  # noqa: F401  (registers the scenes)
from warroom.game.window.app import App, Launch
from warroom.game.window.settings import Settings

import engine as generator

SIZES = (20, 100, 300)


def architecture(size: int) -> generator.Generated:
    """A generated scenario of exactly ``size`` nodes (small sizes need a seed whose service fits)."""
    for seed in range(1, 200):
        try:
            return generator.generate(size, seed)
        except SystemExit:
            continue
    raise SystemExit(f"no generated service fits in {size} nodes")


def frame_times(size: int, frames: int, folder: Path) -> list[float]:
    """Seconds per frame of the play screen for a generated architecture of ``size`` nodes."""
    loaded = generator.load(architecture(size)).scenario
    app = App(
        "play",
        {"scenario": loaded, "reference": loaded.id, "seed": 1},
        settings=Settings(sound=False),
        settings_file=folder / "settings.json",
        launch=Launch(record=folder / f"render-{size}.jsonl"),
    )
    for _ in range(120):
        app.step(1000)
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
    app.close()
    return times


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
    print(f"{'nodes':>6} {'median frame':>13} {'p90 frame':>10} {'fps (median)':>13}")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for size in args.sizes:
            medians, p90s = [], []
            for _ in range(args.runs):
                times = sorted(frame_times(size, args.frames, folder))
                medians.append(statistics.median(times))
                p90s.append(times[int(len(times) * 0.9)])
            median = statistics.median(medians)
            print(f"{size:>6} {median * 1000:>10.2f} ms {statistics.median(p90s) * 1000:>7.2f} ms {1 / median:>13.0f}")


if __name__ == "__main__":
    main()
