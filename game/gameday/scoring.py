"""Scoring a batch of recordings into a game-day's leaderboard (``warroom gameday score``).

Each recording is judged (:func:`~warroom.engine.gameday.judge.judge_each`: the round's rules,
then a full re-simulation); an accepted game keeps its score and the decisive moments of its
re-simulated log (who discovered, fixed, and cost compliance points), and its simulation is
dropped before the next one is judged. The batch is then written in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from warroom.engine.gameday import LoadedGameDay
from warroom.engine.gameday.judge import Verdict, judge_each

from ..report.moments import moments
from .leaderboard import Leaderboard, Rejection, Result


@dataclass(frozen=True)
class Batch:
    """What a batch of recordings came to."""

    accepted: list[Result]
    rejected: list[Rejection]


def judge_batch(
    gameday: LoadedGameDay, paths: Sequence[str | Path], on_judged: Callable[[Verdict], None] | None = None
) -> Batch:
    """Judge every recording; ``on_judged`` hears of each as it is done (for a progress bar)."""
    accepted: list[Result] = []
    rejected: list[Rejection] = []
    for verdict in judge_each(gameday, paths):
        if verdict.accepted and verdict.score is not None and verdict.sim is not None:
            digest = hashlib.sha256(Path(verdict.file).read_bytes()).hexdigest()
            file = str(Path(verdict.file).resolve())
            accepted.append(Result(verdict.score, file, digest, moments(verdict.sim.log)))
        else:
            rejected.append(Rejection(verdict.file, verdict.team, verdict.round, verdict.reason))
        verdict.sim = None
        if on_judged is not None:
            on_judged(verdict)
    return Batch(accepted, rejected)


def score_into(board: Leaderboard, batch: Batch) -> Batch:
    """Write the batch (one transaction); what was accepted and what was rejected, board duplicates included."""
    refused = board.add_batch(batch.accepted, batch.rejected)
    dropped = {r.file for r in refused}
    return Batch([r for r in batch.accepted if r.file not in dropped], refused)
