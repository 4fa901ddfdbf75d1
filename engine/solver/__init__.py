"""The solver: searches a scenario's action sequences over forked simulations for the best
achievable score (its *par*), and keeps par beside the bundled scenarios."""

from .moves import Move, candidates
from .search import Solution, Stats, Step, plan_score, play_plan, solve

__all__ = ["Move", "Solution", "Stats", "Step", "candidates", "plan_score", "play_plan", "solve"]
