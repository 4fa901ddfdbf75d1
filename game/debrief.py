"""The debrief: the score breakdown, the ledger and the root causes, as rich renderables.

Shared by the end of a terminal game and by ``warroom replay``. Everything comes from a
:class:`~warroom.engine.ScoreCard` (and the scenario's weights and debrief text), so what a
replay shows is exactly what the player saw at the end of the game.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from warroom.engine import Event, LoadedScenario, ScoreCard, format_clock, format_duration
from warroom.engine.scoring import herring_story

from .console import reflow
from .report.moments import in_time_order, moments

DIMENSIONS = ("recovery", "cost", "compliance")


def score_table(card: ScoreCard, scenario: LoadedScenario, par: ScoreCard | None = None) -> Table:
    """Recovery, cost, compliance (with their weights), the total and the grade — beside par
    (the solver's best plan replayed on this game's seed) when the scenario has one."""
    weights = scenario.model.scoring.weights
    table = Table(title="Score", title_justify="left")
    table.add_column("dimension")
    table.add_column("score", justify="right")
    if par is not None:
        table.add_column("par", justify="right")
    table.add_column("weight", justify="right")

    def row(label: str | Text, mine: str, best: str, weight: str, style: str = "") -> None:
        cells = [label, Text(mine, style=style), *([Text(best, style=style)] if par is not None else []), weight]
        table.add_row(*cells)

    for dimension in DIMENSIONS:
        best = f"{getattr(par, dimension):.1f}" if par else ""
        row(dimension, f"{getattr(card, dimension):.1f}", best, f"{getattr(weights, dimension):g}")
    table.add_section()
    row(Text("total", style="bold"), f"{card.total:.1f}", f"{par.total:.1f}" if par else "", "", "bold")
    row(Text("grade", style="bold"), card.grade, par.grade if par else "", "", "bold")
    return table


def ledger_table(card: ScoreCard) -> Table:
    """Every point won or lost, with its time and reason."""
    table = Table(title="Ledger", title_justify="left")
    table.add_column("time", justify="right")
    table.add_column("dimension")
    table.add_column("points", justify="right")
    table.add_column("reason", overflow="fold")
    for line in card.ledger:
        style = "red" if line.points < 0 else "green"
        table.add_row(format_clock(line.tick), line.dimension, Text(f"{line.points:+.1f}", style=style), line.reason)
    if not card.ledger:
        table.add_row("", "", "", "no points gained or lost")
    return table


def causes_view(card: ScoreCard) -> RenderableType:
    """The root causes revealed: each fault, when it could first be seen, when it was found."""
    title = Text("Root causes", style="bold")
    if not card.faults:
        return Group(title, Text("  No fault was injected."))
    blocks: list[RenderableType] = [title]
    for fault in card.faults:
        block = Text(f"  {fault.key}", style="bold")
        block.append(f" — {fault.fault_type} on {fault.target}\n")
        block.append(f"    {fault.explanation}\n")
        signal = "no signal reached the team"
        if fault.first_signal is not None:
            signal = f"first signal {format_clock(fault.first_signal)} ({fault.signal})"
        found = "never discovered"
        if fault.discovered is not None:
            found = f"discovered {format_clock(fault.discovered)}"
            if fault.first_signal is not None:
                found += _after(fault.discovered - fault.first_signal)
        if fault.resolved is None:
            fixed = "still active at the end"
        elif fault.active_at_end:
            fixed = f"resolved {format_clock(fault.resolved)} but active again at the end"
        else:
            fixed = f"resolved {format_clock(fault.resolved)}"
        block.append(f"    injected {format_clock(fault.injected)} · {signal} · {found} · {fixed}")
        blocks.append(block)
    herrings = card.facts.get("red_herrings") or []
    if herrings:
        blocks.append(Text("Red herrings (harmless signals that pointed the wrong way)", style="bold"))
    for herring in herrings:
        headline, explanation, done = herring_story(herring)
        blocks.append(Text(f"  {headline}\n    {explanation}\n    {done}"))
    return Group(*blocks)


def who_table(log: Sequence[Event]) -> Table | None:
    """Who did what: the commands that found a fault, changed something, cost compliance points
    or declared the incident over, each with the responder who gave it (None if nobody acted)."""
    decisive = in_time_order(moments(log))
    if not decisive:
        return None
    table = Table(title="Who did what", title_justify="left")
    table.add_column("time", justify="right")
    table.add_column("who")
    table.add_column("command", overflow="fold")
    table.add_column("what it did", overflow="fold")
    for m in decisive:
        table.add_row(format_clock(m.tick), m.by, f"{m.action} {m.target}" if m.target else m.action, m.what)
    return table


def _after(ticks: int) -> str:
    if ticks < 0:
        return f", {format_duration(-ticks)} before the first signal"
    return f", {format_duration(ticks)} after the first signal" if ticks else ", at the first signal"


def debrief(
    card: ScoreCard, scenario: LoadedScenario, par: ScoreCard | None = None, log: Sequence[Event] = ()
) -> RenderableType:
    """The whole debrief: score (beside par), ledger, root causes, who did what (from the game's
    event ``log``), the scenario's own debrief and follow-ups."""
    parts: list[RenderableType] = [score_table(card, scenario, par), ledger_table(card), causes_view(card)]
    who = who_table(log)
    if who is not None:
        parts.append(who)
    outcome = "resolved" if card.resolved else "NOT resolved: a root cause was still there at the end"
    parts.append(Text(f"Outcome: {outcome} ({card.facts.get('end_reason', 'unfinished')})"))
    follow_ups = card.facts.get("follow_ups") or []
    if follow_ups:
        parts.append(
            Text("Follow-ups inherited from before the incident:\n" + "\n".join(f"  - {f}" for f in follow_ups))
        )
    text = reflow(scenario.model.debrief)
    if text:
        parts.append(Panel(Text(text), title="Debrief", title_align="left"))
    return Group(*parts)
