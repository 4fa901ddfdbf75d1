"""The standing: how rounds combine into points, and how ties are broken."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st
from warroom.engine.gameday import Standing
from warroom.engine.gameday.judge import RoundScore
from warroom.engine.gameday.standing import standings

TEAMS = ("blue", "red", "gold")


def game(team: str, number: int, total: float, *, resolved: bool = True, detected: int | None = 300, hits: int = 0):
    return RoundScore(team, number, total, total, 90.0, 90.0, "B", resolved, detected, hits, 1800)


def ranked(standing: Standing, scores: list[RoundScore], rounds: int = 3) -> list[tuple[int, str, float]]:
    return [(line.rank, line.team, line.points) for line in standings(TEAMS, scores, standing, rounds)]


SCORES = [game("blue", 1, 90), game("blue", 2, 40), game("red", 1, 70), game("red", 2, 70), game("red", 3, 10)]


def test_sum():
    assert ranked(Standing(combine="sum"), SCORES) == [(1, "red", 150.0), (2, "blue", 130.0), (3, "gold", 0.0)]


def test_average_counts_a_round_not_played_as_zero():
    assert ranked(Standing(combine="average"), SCORES) == [(1, "red", 50.0), (2, "blue", 43.33), (3, "gold", 0.0)]


def test_best_of_counts_each_teams_best_rounds():
    lines = standings(TEAMS, SCORES, Standing(combine="best-of", best_of=1), 3)
    assert [(line.team, line.points, line.counted) for line in lines] == [
        ("blue", 90.0, (1,)),
        ("red", 70.0, (1,)),
        ("gold", 0.0, ()),
    ]


def test_ties_are_broken_in_the_files_order():
    scores = [
        game("blue", 1, 80, resolved=False, detected=100),
        game("red", 1, 80, resolved=True, detected=900),
        game("gold", 1, 80, resolved=True, detected=200, hits=3),
    ]
    assert [t for _, t, _ in ranked(Standing(), scores)] == ["gold", "red", "blue"]
    only_hits = Standing(tie_breakers=["fewest-compliance-hits"])
    assert ranked(only_hits, scores)[:2] == [(1, "blue", 80.0), (1, "red", 80.0)]  # equal on everything: shared
    assert ranked(only_hits, scores)[2] == (3, "gold", 80.0)


def test_a_round_never_detected_counts_its_time_limit():
    scores = [game("blue", 1, 50, detected=None), game("red", 1, 50, detected=1700)]
    assert [t for _, t, _ in ranked(Standing(tie_breakers=["earliest-detection"]), scores)][:2] == ["red", "blue"]


@given(st.lists(st.tuples(st.sampled_from(TEAMS), st.integers(1, 3), st.floats(0, 100).map(lambda x: round(x, 1)))))
def test_sum_points_and_ranks_agree(games):
    unique = {(team, number): total for team, number, total in games}
    scores = [game(team, number, total) for (team, number), total in unique.items()]
    lines = standings(TEAMS, scores, Standing(combine="sum", tie_breakers=[]), 3)
    for line in lines:
        assert abs(line.points - sum(t for (team, _), t in unique.items() if team == line.team)) < 0.01
    assert [line.points for line in lines] == sorted((line.points for line in lines), reverse=True)
    assert all(a.rank <= b.rank for a, b in pairwise(lines))
    assert all((a.rank == b.rank) == (a.points == b.points) for a, b in pairwise(lines))
