"""A game-day run at the projector: who plays next, where each game is recorded, and the standing.

The day is played round by round, each round team by team (in the file's order). A team's game
of a round is recorded to ``<game-day>-r<N>-<team>-<seed>.jsonl`` (named like distributed mode's)
in the output folder, and when it ends it is judged and written to the game-day's leaderboard
(:func:`~warroom.game.gameday.scoring.judge_batch` and :func:`~warroom.game.gameday.scoring.score_into`,
exactly as ``warroom gameday score`` does). The state lives in those files, never in the window:
a game quit midway is resumed from its recording, a finished game not yet scored is scored, and
a game on the leaderboard is done — so closing the window at any moment loses nothing, and
``warroom gameday run`` started again carries on where the day stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from warroom.engine import format_clock, read_recording
from warroom.engine.gameday import HEADER_KEY, LoadedGameDay, PlannedRound
from warroom.engine.gameday.session import CONSOLE_KEY, RoundSession
from warroom.engine.gameday.standing import TeamStanding
from warroom.engine.solver.par import par_card

from ...errors import Failure
from ...gameday.distributed import round_stem
from ...gameday.leaderboard import Rejection, Result, opened
from ...gameday.scoring import Batch, judge_batch, score_into
from ...gameday.standing import combine_text, team_standings

FRONT_END = "projector"


@dataclass(frozen=True)
class Turn:
    """One team's game of one round."""

    round: int
    team: str


@dataclass
class ProjectorDay:
    """A game-day being run on one screen (see the module docstring)."""

    gameday: LoadedGameDay
    file: Path
    out: Path
    board: Path
    _par: dict[int, float | None] = field(default_factory=dict, init=False, repr=False)

    # -- the plan ---------------------------------------------------------------------
    @cached_property
    def turns(self) -> list[Turn]:
        """Every game of the day in the order it is played: round by round, team by team."""
        return [Turn(p.number, team) for p in self.gameday.rounds for team in self.gameday.team_names()]

    def planned(self, turn: Turn | int) -> PlannedRound:
        """The round a turn (or round number) plays."""
        return self.gameday.round(turn.round if isinstance(turn, Turn) else turn)

    def members(self, team: str) -> list[str]:
        """The team's members, as the file lists them."""
        return next(t.members for t in self.gameday.model.teams if t.name == team)

    def recording(self, turn: Turn) -> Path:
        """Where the turn's game is recorded."""
        planned = self.planned(turn)
        return self.out / f"{round_stem(self.file, turn.round, turn.team)}-{planned.spec.seed}.jsonl"

    def standing_rule(self) -> str:
        """How the standing is made, in words (the combination, then the tie-breakers)."""
        breakers = ", ".join(self.gameday.model.standing.tie_breakers) or "nothing (a shared rank)"
        return f"Points: {combine_text(self.gameday)}. Ties broken by {breakers}."

    def par(self, number: int) -> float | None:
        """The round's par: the best-known solution's total on its seed (``None`` without a stored plan)."""
        if number not in self._par:
            planned = self.planned(number)
            card = par_card(planned.scenario, planned.spec.seed, planned.variant)
            self._par[number] = None if card is None else card.total
        return self._par[number]

    # -- what has been played -----------------------------------------------------------
    def results(self) -> list[Result]:
        """Every game on the leaderboard."""
        with opened(self.gameday, self.board) as board:
            return board.results()

    def scored(self) -> dict[Turn, Result]:
        """The games on the leaderboard, by turn."""
        return {Turn(r.score.round, r.score.team): r for r in self.results()}

    def next_turn(self) -> Turn | None:
        """The first game of the day not on the leaderboard yet (``None``: the day is over)."""
        done = self.scored()
        return next((t for t in self.turns if t not in done), None)

    def unfinished(self, turn: Turn) -> str | None:
        """Where an unfinished recording of the turn stopped (``None`` when there is none to resume)."""
        path = self.recording(turn)
        if not path.exists():
            return None
        recording = read_recording(path)
        return None if recording.end is not None else format_clock(recording.last_tick)

    def standing(self, through: int | None = None) -> list[TeamStanding]:
        """The ranked standing from the games of rounds up to ``through`` (all rounds by default)."""
        results = [r for r in self.results() if through is None or r.score.round <= through]
        return team_standings(self.gameday, results)

    def check_folder(self) -> None:
        """Refuse an output folder holding recordings of another version of the game-day file."""
        for turn in self.turns:
            path = self.recording(turn)
            if path.exists():
                block = read_recording(path).header.get(HEADER_KEY)
                if not isinstance(block, dict) or block.get("sha256") != self.gameday.sha256:
                    raise Failure(
                        f"{path}: recorded for another version of {self.file}; choose another folder with --out"
                    )

    # -- playing ------------------------------------------------------------------------
    def open(self, turn: Turn) -> RoundSession:
        """The turn's game: its unfinished recording resumed, or a new one begun."""
        path = self.recording(turn)
        planned = self.planned(turn)
        if self.unfinished(turn) is not None:
            return RoundSession.resume_round(planned, path)
        if path.exists():
            refused = self.score(turn).rejected
            why = f"it was not accepted: {refused[0].reason}" if refused else "it is on the leaderboard now"
            raise Failure(f"{path} holds a finished game ({why}); move it aside to play this game again")
        labels = {"player": turn.team, "front_end": FRONT_END, CONSOLE_KEY: True}
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            return RoundSession.begin(self.gameday, planned, turn.team, path, labels)
        except OSError as exc:
            raise Failure(f"cannot write the recording {path}: {exc.strerror or exc}") from None

    def score(self, turn: Turn) -> Batch:
        """Judge the turn's finished recording and write it to the leaderboard; what was accepted and refused."""
        batch = judge_batch(self.gameday, [self.recording(turn)])
        with opened(self.gameday, self.board) as board:
            return score_into(board, batch)

    def settle(self) -> list[Rejection]:
        """Score every finished recording that is not on the leaderboard yet (a run stopped before it
        could); the ones that were not accepted, and why."""
        done = self.scored()
        refused: list[Rejection] = []
        for turn in self.turns:
            if turn not in done and self.recording(turn).exists() and self.unfinished(turn) is None:
                refused += self.score(turn).rejected
        return refused
