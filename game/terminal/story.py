"""The scenario's own words: the briefing and the team's runbook (which may be out of date)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text
from warroom.engine import LoadedScenario, format_duration

from ..console import reflow


def briefing_view(scenario: LoadedScenario) -> RenderableType:
    """The briefing, with the facts of the exercise (time limit, SLO, team)."""
    model = scenario.model
    facts = Text(
        f"Time limit {format_duration(model.clock.duration)} · SLO {model.slo.target:g}% · "
        f"{model.responders} responders · {model.difficulty} · domains: {', '.join(model.domains)}",
        style="dim",
    )
    return Panel(Group(Text(reflow(model.briefing)), Text(""), facts), title=model.title, title_align="left")


def runbook_view(scenario: LoadedScenario) -> RenderableType:
    """The team's runbook pages, as written (they may be out of date)."""
    pages = scenario.model.runbook
    if not pages:
        return Text("This team has no runbook.", style="dim")
    return Group(*(Panel(Text(reflow(p.body)), title=p.title, title_align="left") for p in pages))
