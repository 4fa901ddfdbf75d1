"""Build a :class:`~.model.Report` from a recording: re-simulate it, score it, and read its log.

Nothing stored in the recording is trusted: the game is replayed from its commands
(:func:`~warroom.engine.verify`) and scored afresh; par is the scenario's stored plan replayed
on the game's seed and variant. Everything else is read from the re-simulated event log and
the score card, so the report says what the debrief says.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from warroom.engine import (
    CONDUCT_RULES,
    STATE_RULES,
    Event,
    LoadedScenario,
    Recording,
    ReplayResult,
    ScoreCard,
    describe_event,
    format_clock,
    is_player,
    score,
    verify,
)
from warroom.engine import events as ev
from warroom.engine.scenario.models import Weights
from warroom.engine.scoring import DIMENSIONS, PRE_EXISTING, FaultOutcome
from warroom.engine.solver import Step, plan_score
from warroom.engine.solver.par import read_par, stored_plan
from warroom.game.window.chart import Chart, chart_markers, chart_series

from .model import (
    ActionItem,
    ActionRecord,
    ComplianceFinding,
    ConductBreach,
    DimensionScore,
    Impact,
    Par,
    PlanStep,
    RedHerring,
    Report,
    Score,
    Summary,
    TimelineEntry,
)

SERIES_EVENTS = (ev.ServiceLevelChanged, ev.KpiChanged, ev.SpendRateChanged)  # drawn by the chart instead
DONE_EVENTS = (
    ev.ActionStarted,
    ev.ActionCompleted,
    ev.ActionFailed,
    ev.ActionCancelled,
    ev.ActionRejected,
    ev.IncidentDeclared,
    ev.HintShown,
)
ORIGINS = {
    "inherited": "inherited from before the incident",
    "the team": "introduced by the team",
    "the incident": "introduced during the incident",
}


def build_report(recording: Recording, scenario: LoadedScenario) -> Report:
    """The postmortem of a recorded game, re-simulated on ``scenario``."""
    result = verify(recording, scenario)
    sim = result.sim
    card = score(sim.model, sim.log)
    plan = stored_plan(sim.scenario, sim.variant)
    par_card = None if plan is None else plan_score(sim.scenario, sim.seed, plan, sim.variant)
    log = sim.log
    findings = compliance_findings(log)
    return Report(
        summary=_summary(recording, result, card),
        impact=impact(card, sim.model.slo.target, [k.name for k in sim.model.business.kpis]),
        faults=card.faults,
        root_causes=root_causes(card.faults, card.facts.get("impact_started")),
        declared_at=next((e.tick for e in log if isinstance(e, ev.IncidentDeclared)), None),
        red_herrings=[RedHerring(**h) for h in card.facts.get("red_herrings", [])],
        findings=findings,
        conduct=conduct_breaches(log),
        actions=action_records(log),
        timeline=timeline(log),
        score=_score(card, par_card, sim.model.scoring.weights),
        par=_par(sim.scenario, plan),
        action_items=action_items(card.faults, findings),
        chart=Chart(
            chart_series(sim.as_played(), log, card.facts.get("kpi_baselines", {})),
            chart_markers(card, log),
            int(card.facts["horizon"]),
            int(card.facts["ended_at"]),
        ),
        debrief=sim.model.debrief.strip(),
    )


def _summary(recording: Recording, result: ReplayResult, card: ScoreCard) -> Summary:
    sim = result.sim
    players = [e.by for e in sim.log if isinstance(e, ev.ActionStarted) and is_player(e.by)]
    header_player = recording.header.get("player")
    verification = "; ".join(
        ([f"first difference at tick {result.first_mismatch}"] if result.first_mismatch is not None else [])
        + ([result.message] if result.message else [])
    )
    return Summary(
        scenario_id=sim.scenario.id,
        title=sim.model.title,
        summary=sim.model.summary,
        difficulty=sim.model.difficulty,
        seed=sim.seed,
        variant=sim.variant,
        responders=list(dict.fromkeys(players or ([str(header_player)] if header_player else []))),
        engine=str(recording.header.get("engine", "")),
        commands=len(recording.commands),
        ended_at=int(card.facts["ended_at"]),
        horizon=int(card.facts["horizon"]),
        end_reason=str(card.facts["end_reason"]),
        resolved=card.resolved,
        verified=not verification,
        verification=verification,
    )


def impact(card: ScoreCard, slo_target: float, kpi_names: list[str]) -> Impact:
    """The impact figures of a score card (``facts``), with how long users were hurt."""
    facts = card.facts
    started, mitigated = facts.get("impact_started"), facts.get("mitigated_at")
    hurt = 0 if started is None else (mitigated if mitigated is not None else int(facts["horizon"])) - started
    dollars = ("revenue_lost", "kpi_value_lost", "extra_infrastructure", "action_costs")
    return Impact(
        impact_started=started,
        mitigated_at=mitigated,
        hurt_seconds=hurt,
        failed_request_minutes=facts["bad_minutes"],
        slo_target=slo_target,
        error_budget_burned_pct=facts["error_budget_burned_pct"],
        kpi_names=kpi_names,
        kpi_expected=facts["kpi_expected"],
        kpi_lost=facts["kpi_lost"],
        **{key: facts[key] for key in dollars},
        dollars_lost=round(sum(facts[key] for key in dollars), 2),
    )


def root_causes(faults: Sequence[FaultOutcome], impact_started: int | None) -> list[str]:
    """The faults that started the impact: those injected last before users were first hurt.

    Faults injected earlier were latent conditions (a blind alarm, a drifted template) and
    later ones blocked the recovery; both contributed. Without impact every fault is a root cause.
    """
    before = [f for f in faults if impact_started is not None and f.injected <= impact_started]
    if not before:
        return [f.key for f in faults]
    last = max(f.injected for f in before)
    return [f.key for f in before if f.injected == last]


def compliance_findings(log: Sequence[Event]) -> list[ComplianceFinding]:
    """Every state-rule violation opened in the game, with when (if ever) it closed."""
    found: list[dict[str, Any]] = []
    open_now: dict[tuple[str, str], dict[str, Any]] = {}
    for event in log:
        if isinstance(event, ev.ViolationOpened):
            rule = STATE_RULES.get(event.rule)
            origin = "inherited" if event.cause == PRE_EXISTING else "the team" if event.by_player else "the incident"
            finding = {
                "rule": event.rule,
                "title": rule.title,
                "description": rule.description,
                "severity": rule.severity,
                "resource": event.resource,
                "detail": event.detail,
                "origin": origin,
                "opened": event.tick,
                "closed": None,
            }
            found.append(finding)
            open_now[(event.rule, event.resource)] = finding
        elif isinstance(event, ev.ViolationClosed) and (event.rule, event.resource) in open_now:
            open_now.pop((event.rule, event.resource))["closed"] = event.tick
    return [ComplianceFinding(**f) for f in found]


def conduct_breaches(log: Sequence[Event]) -> list[ConductBreach]:
    """Every conduct rule broken, by whom."""
    return [
        ConductBreach(
            tick=e.tick,
            rule=e.rule,
            title=CONDUCT_RULES.get(e.rule).title,
            detail=e.detail,
            action=e.action,
            by_team=e.by_player,
        )
        for e in log
        if isinstance(e, ev.ConductViolation)
    ]


def action_records(log: Sequence[Event]) -> list[ActionRecord]:
    """Every action started, by whom, and how it ended."""
    records: dict[int, dict[str, Any]] = {}
    for e in log:
        if isinstance(e, ev.ActionStarted):
            records[e.number] = {
                "number": e.number,
                "by": e.by,
                "action": e.action,
                "target": e.target,
                "params": e.params,
                "started": e.tick,
                "ended": None,
                "outcome": "in flight",
                "detail": "",
            }
        elif isinstance(e, ev.ActionCompleted | ev.ActionFailed | ev.ActionCancelled) and e.number in records:
            outcome = {ev.ActionCompleted: "done", ev.ActionFailed: "failed", ev.ActionCancelled: "cancelled"}
            detail = getattr(e, "summary", "") or getattr(e, "reason", "")
            records[e.number].update(ended=e.tick, outcome=outcome[type(e)], detail=detail)
    return [ActionRecord(**r) for r in records.values()]


def timeline(log: Sequence[Event]) -> list[TimelineEntry]:
    """What the team saw and did, and the truth behind it (the service level and KPIs are charted instead)."""
    return [
        TimelineEntry(
            tick=e.tick,
            kind="truth" if not e.visible else "did" if isinstance(e, DONE_EVENTS) else "saw",
            text=describe_event(e),
        )
        for e in log
        if not isinstance(e, SERIES_EVENTS)
    ]


def _score(card: ScoreCard, par: ScoreCard | None, weights: Weights) -> Score:
    return Score(
        dimensions=[
            DimensionScore(
                name=d,
                score=getattr(card, d),
                par=getattr(par, d) if par else None,
                weight=getattr(weights, d),
            )
            for d in DIMENSIONS
        ],
        total=card.total,
        grade=card.grade,
        par_total=par.total if par else None,
        par_grade=par.grade if par else None,
        ledger=card.ledger,
    )


def _par(scenario: LoadedScenario, plan: list[Step] | None) -> Par:
    if plan is None:
        _, problem = read_par(scenario)
        why = problem or "the stored par is stale (the scenario or the engine changed since it was solved)"
        return Par(available=False, note=why, plan=[])
    steps = [
        PlanStep(tick=s.tick)
        if s.move is None
        else PlanStep(tick=s.tick, action=s.move.action, target=s.move.target, params=s.move.params)
        for s in plan
    ]
    note = "the solver's best plan for this scenario, replayed on this game's seed and variant"
    return Par(available=True, note=note, plan=steps)


def action_items(faults: Sequence[FaultOutcome], findings: Sequence[ComplianceFinding]) -> list[ActionItem]:
    """Follow-ups: root causes still there at the end, then compliance findings left open."""
    items = [
        ActionItem(title=f"Resolve {f.key}", detail=f"{f.fault_type} on {f.target}", why=f.explanation)
        for f in faults
        if f.active_at_end
    ]
    items += [
        ActionItem(
            title=f"{f.title}: {f.resource}",
            detail=f.detail,
            why=f"{f.description} Open since {format_clock(f.opened)}, {ORIGINS[f.origin]} (rule {f.rule}).",
        )
        for f in findings
        if f.closed is None
    ]
    return items
