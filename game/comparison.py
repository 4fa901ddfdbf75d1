"""Two games of one scenario side by side in the terminal (``warroom replay A --compare B``):
the scores, and when each found, mitigated and resolved the incident."""

from __future__ import annotations

from rich.table import Table
from warroom.engine import ScoreCard, format_clock


def _when(tick: int | None) -> str:
    return "never" if tick is None else format_clock(tick)


def _last(ticks: list[int | None]) -> int | None:
    """The moment the last of ``ticks`` happened (``None`` if one never did)."""
    return None if not ticks or None in ticks else max(t for t in ticks if t is not None)


ROWS = {
    "recovery": lambda card: f"{card.recovery:.1f}",
    "cost": lambda card: f"{card.cost:.1f}",
    "compliance": lambda card: f"{card.compliance:.1f}",
    "total (grade)": lambda card: f"{card.total:.1f} ({card.grade})",
    "every cause found": lambda card: _when(_last([f.discovered for f in card.faults])),
    "users back within the SLO": lambda card: _when(card.facts.get("mitigated_at")),
    "every cause resolved": lambda card: _when(_last([f.resolved for f in card.faults])),
    "ended": lambda card: f"{_when(card.facts.get('ended_at'))} ({card.facts.get('end_reason', 'unfinished')})",
}


def comparison_table(games: list[tuple[str, ScoreCard]]) -> Table:
    """A table with a column per game and a row per score and moment."""
    table = Table(title="Side by side")
    table.add_column("")
    for name, _ in games:
        table.add_column(name)
    for label, value in ROWS.items():
        table.add_row(label, *(value(card) for _, card in games))
    return table
