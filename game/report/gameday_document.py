"""The combined game-day report as a document of the postmortem's blocks (:mod:`.document`), so
the Markdown and HTML formats lay it out with the same writers: the standing, then per round
each team's scores beside par, the moments that separated them, and who made each decisive command."""

from __future__ import annotations

from warroom.engine import format_clock

from .document import Block, Bullets, Heading, Paragraph, Table, clock
from .gameday_model import Decisive, GameDayReport, RoundSection, TeamGame
from .moments import describe


def gameday_document(report: GameDayReport) -> list[Block]:
    """Every block of the combined report, in reading order."""
    blocks: list[Block] = [Heading(1, f"Game-day: {report.title}")]
    if report.description:
        blocks.append(Paragraph(report.description))
    blocks += _standing(report)
    for section in report.rounds:
        blocks += _round(section)
    blocks += _rejected(report)
    return blocks


def _standing(report: GameDayReport) -> list[Block]:
    numbers = [r.number for r in report.rounds]
    header = (
        "rank",
        "team",
        "members",
        "points",
        *(f"round {n}" for n in numbers),
        "resolved",
        "detection (summed)",
        "compliance hits",
    )
    rows = [
        (
            str(line.rank),
            line.team,
            ", ".join(line.members),
            f"{line.points:.1f}",
            *(f"{line.rounds[n]:.1f}" if n in line.rounds else "—" for n in numbers),
            str(line.resolved),
            format_clock(line.detection) if line.rounds else "—",
            str(line.compliance_hits),
        )
        for line in report.standing
    ]
    breakers = ", ".join(report.tie_breakers) or "none (equal teams share a rank)"
    return [
        Heading(2, "Standing"),
        Paragraph(f"Points are {report.combine}. Ties are broken by: {breakers}."),
        Table(header, rows),
    ]


def _round(section: RoundSection) -> list[Block]:
    variant = f", variant {section.variant}" if section.variant else ""
    facts = [
        f"Scenario: {section.scenario_id} — {section.title}",
        f"Seed {section.seed}{variant}; time limit {format_clock(section.time_limit)}; "
        f"hints {section.hints}; speed changes {section.speed_changes}",
        "Facilitator injects: " + (", ".join(section.injects) or "none"),
    ]
    if section.missing:
        facts.append("No accepted game from: " + ", ".join(section.missing))
    blocks: list[Block] = [Heading(2, f"Round {section.number}: {section.title}"), Bullets(facts)]
    if not section.games:
        return [*blocks, Paragraph("No team's game of this round was accepted.")]
    return [
        *blocks,
        Heading(3, "Scores beside par"),
        _scores(section),
        Heading(3, "The moments that separated them"),
        Bullets([_separated(game) for game in section.games]),
        Heading(3, "Decisive commands, and who made them"),
        _decisive(section),
    ]


def _scores(section: RoundSection) -> Table:
    games = section.games
    par = section.par
    measures: list[tuple[str, str, list[str]]] = [
        ("place", "", [str(g.rank) for g in games]),
        ("total", f"{par.total:.1f}" if par else "—", [f"{g.total:.1f}" for g in games]),
        ("grade", par.grade if par else "—", [g.grade for g in games]),
        ("recovery", f"{par.recovery:.1f}" if par else "—", [f"{g.recovery:.1f}" for g in games]),
        ("cost", f"{par.cost:.1f}" if par else "—", [f"{g.cost:.1f}" for g in games]),
        ("compliance", f"{par.compliance:.1f}" if par else "—", [f"{g.compliance:.1f}" for g in games]),
        ("resolved", ("yes" if par.resolved else "no") if par else "—", ["yes" if g.resolved else "no" for g in games]),
        ("first detection", clock(par.detected_at) if par else "—", [clock(g.moments.detected_at) for g in games]),
        ("compliance hits", "", [str(g.compliance_hits) for g in games]),
    ]
    return Table(("", "par", *(g.team for g in games)), [(name, p, *cells) for name, p, cells in measures])


def _command(decisive: Decisive) -> str:
    return decisive.action + (f" {decisive.target}" if decisive.target else "")


def _separated(game: TeamGame) -> str:
    m = game.moments
    found = f"found it at {clock(m.detected_at)}"
    if m.detection:
        found += f" ({m.detection.by}: {_command(m.detection)})"
    changes = "; ".join(f"{_command(c)} by {c.by} at {clock(c.tick)} ({c.what})" for c in m.changes)
    fix = f"the fix chosen: {changes}" if changes else "changed nothing"
    hits = f"{game.compliance_hits} compliance hit(s)"
    if m.hits:
        hits += " (" + "; ".join(f"{h.what} by {h.by}" for h in m.hits) + ")"
    declared = "ran to the time limit"
    if m.declared:
        declared = f"declared over by {m.declared.by} at {clock(m.declared.tick)}"
    return f"{game.team} (place {game.rank}, {game.total:.1f}): {found}; {fix}; {hits}; {declared}."


def _decisive(section: RoundSection) -> Table:
    moments: list[tuple[Decisive, str]] = []
    for game in section.games:
        m = game.moments
        found = [m.detection] if m.detection else []
        moments += [(d, game.team) for d in (*found, *m.changes, *m.hits)]
    rows = [(clock(d.tick), team, d.by, describe(d).split(": ", 1)[1]) for d, team in sorted(moments, key=_order)]
    return Table(("time", "team", "by", "command (what it decided)"), rows)


def _order(item: tuple[Decisive, str]) -> tuple[int, str]:
    return item[0].tick, item[1]


def _rejected(report: GameDayReport) -> list[Block]:
    if not report.rejected:
        return []
    return [Heading(2, "Rejected recordings"), Bullets(report.rejected)]
