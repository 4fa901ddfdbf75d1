"""The postmortem as a document: headings, paragraphs, tables, lists and a figure, in reading order.

The Markdown and HTML formats render the same :func:`document`, each block by its type, so
the two say the same things in the same order and differ only in markup. Text here is
plain (each format escapes it); only the scenario's debrief carries Markdown-style
``code`` spans, which the HTML format keeps.
"""

from __future__ import annotations

from dataclasses import dataclass

from warroom.engine import format_clock, format_duration
from warroom.engine.scoring import FaultOutcome, herring_story
from warroom.game.window.chart import Chart

from ..console import money, reflow
from .model import Impact, PlanStep, Report


@dataclass(frozen=True)
class Heading:
    """A section heading (level 1 is the title)."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table with a header row."""

    header: tuple[str, ...]
    rows: list[tuple[str, ...]]


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: list[str]


@dataclass(frozen=True)
class Figure:
    """A chart, which a format embeds or writes beside the report as ``name``."""

    name: str
    caption: str
    chart: Chart


Block = Heading | Paragraph | Table | Bullets | Figure


class BlockWriter:
    """Base of a format's writer: one method per block type, named after it (``heading``, ``table``, ...)."""

    def write(self, blocks: list[Block]) -> list[str]:
        """Each block in the format's markup."""
        return [getattr(self, type(block).__name__.lower())(block) for block in blocks]


def clock(tick: int | None) -> str:
    """A tick on the incident clock; a dash for a moment that never came."""
    return "—" if tick is None else format_clock(tick)


def dollars(amount: float) -> str:
    """Dollars as the console shows money: ``$1,234.56``."""
    return money(amount * 100)


def document(report: Report) -> list[Block]:
    """Every block of the postmortem, in reading order."""
    return [
        Heading(1, f"Postmortem: {report.summary.title}"),
        *_summary(report),
        *_impact(report.impact, report.chart),
        *_detection(report),
        *_timeline(report),
        *_actions(report),
        *_causes(report),
        *_score(report),
        *_par(report),
        *_action_items(report),
        *_debrief(report),
    ]


def _summary(report: Report) -> list[Block]:
    s = report.summary
    outcome = "every fault resolved" if s.resolved else "NOT resolved: a fault was still active at the end"
    par = f" (par {report.score.par_total:.1f}, {report.score.par_grade})" if report.score.par_total is not None else ""
    verified = (
        "verified (re-simulated: every recorded state digest and the score match)"
        if s.verified
        else f"NOT verified — {s.verification}"
    )
    items = [
        f"Scenario: {s.scenario_id} ({s.difficulty}) — {s.summary}",
        f"Seed: {s.seed}" + (f", variant {s.variant}" if s.variant else ""),
        f"Responders: {', '.join(s.responders) or 'nobody acted'}",
        f"Outcome: {outcome}; {s.end_reason} at {clock(s.ended_at)}",
        f"Score: {report.score.total:.1f} ({report.score.grade}){par}",
        f"Recording: {s.commands} command(s), engine {s.engine}; {verified}",
    ]
    intro = (
        "A blameless review of a recorded game-day: what happened, what the team saw and did, and what to follow up."
    )
    return [Paragraph(intro), Heading(2, "Summary"), Bullets(items)]


def _impact(impact: Impact, chart: Chart) -> list[Block]:
    if impact.impact_started is None:
        hurt = "Users and the business were never hurt."
    else:
        until = f"until {clock(impact.mitigated_at)}" if impact.mitigated_at is not None else "until the end"
        hurt = f"Users were hurt from {clock(impact.impact_started)} {until} ({format_duration(impact.hurt_seconds)})."
    kpis = " / ".join(impact.kpi_names) or "KPI units"
    share = 100.0 * impact.kpi_lost / impact.kpi_expected if impact.kpi_expected else 0.0
    rows = [
        ("users hurt for", format_duration(impact.hurt_seconds)),
        ("failed requests", f"as many as {impact.failed_request_minutes:g} minutes of all traffic"),
        ("SLO error budget burned", f"{impact.error_budget_burned_pct:g}% of the {impact.slo_target:g}% budget"),
        (f"{kpis} lost", f"{impact.kpi_lost:,.0f} of {impact.kpi_expected:,.0f} expected ({share:.1f}%)"),
        ("revenue lost", dollars(impact.revenue_lost)),
        ("KPI value not delivered", dollars(impact.kpi_value_lost)),
        ("infrastructure above normal", dollars(impact.extra_infrastructure)),
        ("paid for by actions", dollars(impact.action_costs)),
        ("dollars lost in all", dollars(impact.dollars_lost)),
    ]
    caption = "True availability and KPIs against normal; below, the faults' moments, what was found, and the team."
    return [
        Heading(2, "Impact"),
        Paragraph(hurt),
        Table(("measure", "value"), rows),
        Figure("timeline.png", caption, chart),
    ]


def _found_after(fault: FaultOutcome) -> str:
    if fault.discovered is None:
        return "never found"
    if fault.first_signal is None:
        return "found without a signal"
    delay = fault.discovered - fault.first_signal
    return f"{format_duration(abs(delay))} {'before' if delay < 0 else 'after'} the first signal"


def _detection(report: Report) -> list[Block]:
    declared = (
        f"The incident was declared at {clock(report.declared_at)}."
        if report.declared_at is not None
        else "The incident was never declared."
    )
    rows = [
        (
            f.key,
            clock(f.injected),
            clock(f.first_signal),
            f.signal or "no signal reached the team",
            clock(f.discovered),
            _found_after(f),
            "still active" if f.active_at_end else clock(f.resolved),
        )
        for f in report.faults
    ]
    header = ("fault", "injected", "first signal", "what signalled it", "discovered", "detection", "resolved")
    return [Heading(2, "Detection"), Paragraph(declared), Table(header, rows)]


def _timeline(report: Report) -> list[Block]:
    rows = [(clock(e.tick), e.kind, e.text) for e in report.timeline]
    note = "What the team saw and did; 'truth' rows are what was really going on, which nobody saw at the time."
    return [Heading(2, "Timeline"), Paragraph(note), Table(("time", "kind", "what happened"), rows)]


def _actions(report: Report) -> list[Block]:
    rows = [
        (f"#{a.number}", clock(a.started), a.by, a.action, a.target or "", a.outcome, clock(a.ended), a.detail)
        for a in report.actions
    ]
    header = ("#", "started", "by", "action", "target", "outcome", "ended", "result")
    return [Heading(2, "What was done, and by whom"), Table(header, rows) if rows else Paragraph("Nobody acted.")]


def _fault_line(fault: FaultOutcome) -> str:
    return f"{fault.key} ({fault.fault_type} on {fault.target}): {fault.explanation}"


def _causes(report: Report) -> list[Block]:
    roots = [_fault_line(f) for f in report.faults if f.key in report.root_causes]
    factors = [_fault_line(f) for f in report.contributing()]
    for herring in report.red_herrings:
        headline, explanation, done = herring_story(herring.model_dump())
        factors.append(f"Red herring {headline}: {explanation} — {done}.")
    factors += [f"Inherited: {f.title} — {f.detail} ({f.rule} on {f.resource})." for f in report.follow_ups()]
    factors += [f"{c.title} broken at {clock(c.tick)} by {c.action}: {c.detail}." for c in report.conduct if c.by_team]
    return [
        Heading(2, "Root cause"),
        Bullets(roots) if roots else Paragraph("No fault was injected."),
        Heading(2, "Contributing factors"),
        Bullets(factors) if factors else Paragraph("None."),
    ]


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _score(report: Report) -> list[Block]:
    score = report.score
    rows = [(d.name, f"{d.score:.1f}", _points(d.par), f"{d.weight:g}") for d in score.dimensions]
    rows += [
        ("total", f"{score.total:.1f}", _points(score.par_total), ""),
        ("grade", score.grade, score.par_grade or "—", ""),
    ]
    ledger = [(clock(x.tick), x.dimension, f"{x.points:+.1f}", x.reason) for x in score.ledger]
    return [
        Heading(2, "Score"),
        Table(("dimension", "score", "par", "weight"), rows),
        Heading(3, "Ledger"),
        Table(("time", "dimension", "points", "reason"), ledger) if ledger else Paragraph("No points gained or lost."),
    ]


def _par(report: Report) -> list[Block]:
    moves: dict[int, tuple[list[str], list[str]]] = {}
    for step in report.par.plan:
        moves.setdefault(step.tick, ([], []))[0].append(str(step))
    team = [
        PlanStep(tick=a.started, action=a.action, target=a.target, params=a.params)
        for a in report.actions
        if a.by in report.summary.responders
    ]
    if report.summary.end_reason.startswith("declared"):
        team.append(PlanStep(tick=report.summary.ended_at, action=None))
    for step in team:
        moves.setdefault(step.tick, ([], []))[1].append(str(step))
    rows = [(clock(tick), " · ".join(par), " · ".join(mine)) for tick, (par, mine) in sorted(moves.items())]
    return [
        Heading(2, "Par beside the team"),
        Paragraph(f"Par: {report.par.note}."),
        Table(("time", "par", "the team"), rows),
    ]


def _action_items(report: Report) -> list[Block]:
    items = [f"{i.title} — {i.detail}. {i.why}" for i in report.action_items]
    return [Heading(2, "Action items"), Bullets(items) if items else Paragraph("Nothing was left open.")]


def _debrief(report: Report) -> list[Block]:
    paragraphs = [Paragraph(p) for p in reflow(report.debrief).split("\n\n") if p.strip()]
    return [Heading(2, "What the scenario teaches"), *paragraphs] if paragraphs else []
