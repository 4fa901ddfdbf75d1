"""The report's data model: everything a postmortem says about one recorded game, format-free.

:func:`~warroom.game.report.build.build_report` fills it from a re-simulated recording; each
format (:mod:`~warroom.game.report.formats`) only lays it out. The JSON format is this model
dumped as is, so its keys are the field names below and ``warroom schema --report`` prints
the JSON Schema (with these descriptions). Times are ticks: seconds of incident clock.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from warroom.engine import LedgerLine
from warroom.engine.scoring import FaultOutcome
from warroom.game.window.chart import Chart

REPORT_FORMAT = 1


class Part(BaseModel):
    """Base of the report's parts: immutable, and unknown keys are errors when read back."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Summary(Part):
    """What was played, by whom, and how it ended."""

    scenario_id: str
    title: str
    summary: str = Field(description="the scenario's one-line summary")
    difficulty: str
    seed: int
    variant: str | None
    responders: list[str] = Field(description="who acted for the team (the players' names)")
    engine: str = Field(description="the engine version that re-simulated the game")
    commands: int = Field(description="commands in the recording")
    ended_at: int = Field(description="tick the game ended (or was interrupted)")
    horizon: int = Field(description="tick the world was judged until (the time limit, or later)")
    end_reason: str
    resolved: bool = Field(description="every fault resolved by the end")
    verified: bool = Field(description="the recording re-simulated to every recorded digest and the recorded score")
    verification: str = Field(description="why it did not verify ('' when it did)")


class Impact(Part):
    """What the incident cost users and the business (the score card's facts)."""

    impact_started: int | None = Field(description="tick users or the business were first hurt")
    mitigated_at: int | None = Field(description="tick they were last back within the SLO and normal KPIs")
    hurt_seconds: int = Field(description="from impact_started to mitigated_at (or to the horizon)")
    failed_request_minutes: float = Field(description="minutes of failed requests (a full outage minute is 1)")
    slo_target: float = Field(description="the SLO's availability target, in percent")
    error_budget_burned_pct: float
    kpi_names: list[str]
    kpi_expected: float = Field(description="KPI units the business expected over the horizon")
    kpi_lost: float = Field(description="KPI units not produced, or destroyed and not redone")
    revenue_lost: float = Field(description="dollars of revenue lost to failed requests")
    kpi_value_lost: float = Field(description="dollars of KPI value not delivered")
    extra_infrastructure: float = Field(description="dollars of infrastructure above the normal run rate")
    action_costs: float = Field(description="dollars paid for by actions")
    dollars_lost: float = Field(description="the four dollar figures together")


class RedHerring(Part):
    """A harmless signal that pointed the wrong way, and the changes the team made to it."""

    key: str
    target: str
    explanation: str
    planted: int
    changes: list[str] = Field(description="'MM:SS action' for each change made to its target")


class ComplianceFinding(Part):
    """A state rule broken on one resource during the game (open until ``closed``)."""

    rule: str
    title: str
    description: str
    severity: int
    resource: str
    detail: str
    origin: Literal["inherited", "the team", "the incident"] = Field(
        description="present at the start, introduced by a responder's action, or by the incident"
    )
    opened: int
    closed: int | None


class ConductBreach(Part):
    """A conduct rule broken by something someone did."""

    tick: int
    rule: str
    title: str
    detail: str
    action: str
    by_team: bool = Field(description="a responder did it (not a teammate's script or the automation)")


class ActionRecord(Part):
    """One action started in the game and what became of it."""

    number: int
    by: str
    action: str
    target: str | None
    params: dict[str, Any]
    started: int
    ended: int | None
    outcome: Literal["done", "failed", "cancelled", "in flight"]
    detail: str = Field(description="its summary, or why it failed")


class TimelineEntry(Part):
    """One moment: something the team saw, something it did, or the truth behind them."""

    tick: int
    kind: Literal["saw", "did", "truth"]
    text: str


class DimensionScore(Part):
    """One score dimension beside par."""

    name: str
    score: float
    par: float | None
    weight: float


class Score(Part):
    """The score breakdown, par's beside it, and the ledger behind it."""

    dimensions: list[DimensionScore]
    total: float
    grade: str
    par_total: float | None
    par_grade: str | None
    ledger: list[LedgerLine]


class PlanStep(Part):
    """One move of a plan (``action`` is ``None`` for declaring the incident over)."""

    tick: int
    action: str | None
    target: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    def __str__(self) -> str:
        if self.action is None:
            return "declare the incident over"
        words = [self.action, *([self.target] if self.target else [])]
        return " ".join(words + [f"{k}={v}" for k, v in sorted(self.params.items()) if v is not None])


class Par(Part):
    """The solver's best plan, replayed on this game's seed and variant."""

    available: bool
    note: str = Field(description="where par comes from, or why there is none")
    plan: list[PlanStep]


class ActionItem(Part):
    """A follow-up: something left wrong at the end of the game."""

    title: str
    detail: str
    why: str


class Report(Part):
    """A blameless postmortem of one recorded game."""

    format: int = REPORT_FORMAT
    summary: Summary
    impact: Impact
    faults: list[FaultOutcome] = Field(description="every fault: injected, first signal, discovered, resolved")
    root_causes: list[str] = Field(description="keys of the faults that started the impact; the rest contributed")
    declared_at: int | None = Field(description="tick the incident was declared")
    red_herrings: list[RedHerring]
    findings: list[ComplianceFinding]
    conduct: list[ConductBreach]
    actions: list[ActionRecord]
    timeline: list[TimelineEntry]
    score: Score
    par: Par
    action_items: list[ActionItem]
    chart: Chart = Field(description="true availability and KPIs as shares of normal, and the moments marked")
    debrief: str = Field(description="the scenario's own debrief")

    def contributing(self) -> list[FaultOutcome]:
        """The faults that were not root causes (latent conditions, blockers)."""
        return [f for f in self.faults if f.key not in self.root_causes]

    def follow_ups(self) -> list[ComplianceFinding]:
        """Findings inherited from before the incident and still open at the end."""
        return [f for f in self.findings if f.origin == "inherited" and f.closed is None]
