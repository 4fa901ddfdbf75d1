"""The dashboard: the status view, the alarms, actions in flight, and the feed.

Built from a :class:`~warroom.engine.Snapshot`: the availability and error budget are
what the SLO dashboard shows (from what resources report, a minute late), never the true
service level (DESIGN §4).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from warroom.engine import LoadedScenario, Snapshot, format_clock, format_duration
from warroom.engine import events as ev

from ..console import money
from .game import TerminalGame
from .screen import event_text

BAR_WIDTH = 20
RECENT_MESSAGES = 5


def status_view(game: TerminalGame) -> RenderableType:
    """The dashboard: clock, SLO, KPIs, alarms, messages, actions in flight, spend, compliance, team."""
    snap = game.view()
    parts: list[RenderableType] = [_headline(game.scenario, snap), _service(snap)]
    if snap.kpis:
        parts.append(_kpis(snap))
    parts.append(alarms_view(snap))
    messages = [e for e in snap.feed if isinstance(e, ev.MessageReceived | ev.TicketOpened)]
    if messages:
        parts.append(Text("Recent messages", style="bold"))
        parts += [event_text(e) for e in messages[-RECENT_MESSAGES:]]
    parts.append(in_flight_view(snap))
    parts.append(_footer(snap))
    return Group(*parts)


def _headline(scenario: LoadedScenario, snap: Snapshot) -> Text:
    state = "GAME OVER" if snap.ended else f"{format_clock(snap.remaining)} left"
    text = Text(f"{scenario.model.title}  ", style="bold")
    text.append(f"incident clock {format_clock(snap.tick)} / {format_clock(snap.duration)} ({state})")
    return text


def _service(snap: Snapshot) -> Text:
    text = Text("Availability ")
    if snap.availability is None:
        text.append("no data yet", style="dim")
    else:
        value = snap.availability * 100
        text.append(f"{value:.2f}%", style="green" if value >= snap.slo_target else "bold red")
    text.append(f" (SLO {snap.slo_target:g}%)   error budget left ")
    budget = snap.error_budget_left
    text.append(f"{budget:.1f}%", style="green" if budget >= 50 else "yellow" if budget >= 20 else "bold red")
    return text


def _kpis(snap: Snapshot) -> Table:
    table = Table(title="Business", title_justify="left")
    table.add_column("KPI")
    table.add_column("per minute", justify="right")
    table.add_column("baseline", justify="right")
    table.add_column("vs baseline", justify="right")
    for kpi in snap.kpis:
        now = kpi.per_minute
        if now is None or kpi.baseline <= 0:
            share = Text("—")
        else:
            percent = 100 * now / kpi.baseline
            share = Text(f"{percent:.0f}%", style="green" if percent >= 95 else "bold red")
        table.add_row(kpi.name, "—" if now is None else f"{now:.1f}", f"{kpi.baseline:.1f}", share)
    return table


def _alarm_state(state: str) -> Text:
    return Text(state, style={"ALARM": "bold red", "OK": "green"}.get(state, "yellow"))


def alarms_view(snap: Snapshot) -> Table:
    """Every CloudWatch alarm: state, since when, what it watches, whether it pages."""
    table = Table(title="Alarms", title_justify="left")
    for column in ("alarm", "state", "since", "metric", "watches", "pages"):
        table.add_column(column)
    for alarm in snap.alarms:
        since = "before start" if alarm.since < 0 else format_clock(alarm.since)
        table.add_row(
            alarm.id, _alarm_state(alarm.state), since, alarm.metric, alarm.watches, "yes" if alarm.paging else "no"
        )
    if not snap.alarms:
        table.add_row("(no alarms configured)", "", "", "", "", "")
    return table


def progress_bar(fraction: float) -> str:
    """A text progress bar that reads the same with or without colour."""
    filled = round(fraction * BAR_WIDTH)
    return "█" * filled + "░" * (BAR_WIDTH - filled) + f" {fraction * 100:3.0f}%"


def in_flight_view(snap: Snapshot, node: str | None = None) -> RenderableType:
    """Actions in flight (optionally only those on ``node``) with progress bars."""
    flights = [a for a in snap.in_flight if node is None or a.target == node]
    if not flights:
        return Text("No actions in flight." if node is None else f"No action in flight on {node}.", style="dim")
    table = Table(title="In flight", title_justify="left")
    for column in ("#", "action", "target", "by", "progress", "done at"):
        table.add_column(column)
    for flight in flights:
        table.add_row(
            str(flight.number),
            flight.action,
            flight.target or "",
            flight.by,
            progress_bar(flight.progress(snap.tick)),
            f"{format_clock(flight.ends)} (in {format_duration(max(flight.ends - snap.tick, 0))})",
        )
    return table


def _footer(snap: Snapshot) -> Text:
    free = max(snap.responders - snap.busy, 0)
    findings = snap.compliance_findings
    text = Text(f"Spent {money(snap.spent_cents)}   ")
    text.append(f"Config findings: {findings} open", style="yellow" if findings else "")
    text.append(f"   Responders: {snap.busy} busy, {free} free of {snap.responders}")
    text.append(f"   Hints left: {snap.hints_left}")
    text.append("   Incident: " + ("declared" if snap.declared else "not declared"))
    return text


def feed_view(snap: Snapshot, count: int) -> RenderableType:
    """The last ``count`` feed lines."""
    lines = list(snap.feed)[-count:]
    if not lines:
        return Text("Nothing has happened yet.", style="dim")
    return Group(*(event_text(e) for e in lines))
