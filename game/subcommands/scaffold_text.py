"""The text of a scaffolded scenario: every section present, commented, valid as written.

:func:`render` writes a :class:`Plan` as YAML by hand (not through a YAML dumper) so that
each field can carry the comment that explains it. Values are placeholders a new author
replaces; they are chosen to load cleanly and play at once.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from warroom.engine import ACTIONS, docstring, format_duration
from warroom.engine.suggest import DETECTORS

from .scaffold import Architecture, Node, takes_orders
from .schemafields import rows

FAULT_AT = 120
PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


@dataclass(frozen=True)
class Plan:
    """Everything the scaffold says: the scenario id, its architecture and where the fault goes."""

    id: str
    arch: Architecture
    entry: Node
    kpi: Node
    schema_ref: str
    schema_note: tuple[str, ...]
    fault: Any = None
    target: Node | None = None
    params: dict[str, Any] = field(default_factory=dict)
    example: str = ""
    finding: Any = None  # the ``warroom suggest`` finding the scenario exercises, if any

    @property
    def inject_id(self) -> str:
        """The id of the fault's inject (the fault type with dashes)."""
        return self.fault.id.replace("_", "-") if self.fault else ""


def scalar(value: Any) -> str:
    """A YAML scalar: plain when unambiguous, else JSON (a valid YAML flow value)."""
    if isinstance(value, str) and PLAIN.match(value) and value.lower() not in RESERVED:
        return value
    return json.dumps(value, ensure_ascii=False)


def _block(text: str, indent: int = 2) -> list[str]:
    """A ``|`` block scalar body, wrapped at 92 columns."""
    pad = " " * indent
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        if lines:
            lines.append("")
        lines += textwrap.wrap(
            paragraph, 92 - indent, initial_indent=pad, subsequent_indent=pad, break_on_hyphens=False
        )
    return lines


def _c(text: str, comment: str, column: int = 34) -> str:
    """``text`` with ``# comment`` aligned at ``column`` (or two spaces after a longer text)."""
    return f"{text.ljust(column - 2)}  # {comment}"


def _rule(title: str) -> str:
    """A section heading comment: ``# -- title ------`` to 92 columns."""
    return f"# -- {title} ".ljust(92, "-")


def _comment_wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(
        text, 92, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}# ", break_on_hyphens=False
    )


def render(plan: Plan) -> str:
    """The scenario file."""
    sections = (_head, _identity, _story, _architecture, _clock, _traffic, _business, _history, _injects)
    sections += (_messages, _customers, _runbook, _hints, _scoring, _debrief)
    lines: list[str] = []
    for section in sections:
        lines += [*section(plan), ""]
    return "\n".join(lines).rstrip() + "\n"


def _head(plan: Plan) -> list[str]:
    return [
        f"# yaml-language-server: $schema={plan.schema_ref}",
        "#",
        f"# {plan.id}: a warroom scenario scaffolded by `warroom new`. Replace every TODO, then check",
        f"# it with `warroom validate {plan.id}.yaml` and play it with `warroom play {plan.id}.yaml`",
        "# (`--clock manual` moves time only when you type `wait`).",
        "#",
        *plan.schema_note,
        *_finding_note(plan),
        "#",
        "# Every id a scenario can name (resource types, faults, actions, rules) is listed by",
        "# `warroom catalog` and documented in docs/reference/ of the warroom repository.",
    ]


def _finding_note(plan: Plan) -> list[str]:
    if plan.finding is None:
        return []
    f = plan.finding
    return [
        "#",
        *_comment_wrap(
            f"It exercises finding {f.number} of `warroom suggest {plan.arch.name}` ({f.kind}): {f.title}. "
            "The runbook page, the hints and the debrief below are drawn from it: edit them into your own words."
        ),
    ]


def _exam(plan: Plan) -> tuple[list[str], list[str]]:
    """The scenario's domains and task statements: troubleshooting, and the finding's own."""
    domains, tasks = ["incident-response"], ["5.3"]
    if plan.finding is not None:
        kind = DETECTORS.get(plan.finding.kind)
        domains = list(dict.fromkeys([kind.domain, *domains]))
        tasks = list(dict.fromkeys([*kind.tasks, *tasks]))
    return domains, tasks


def _identity(plan: Plan) -> list[str]:
    domains, tasks = _exam(plan)
    return [
        _rule("identity: what `warroom list` shows"),
        _c(f"id: {plan.id}", "^[a-z0-9][a-z0-9-]*$; by convention the file name"),
        'title: "TODO: a title players will remember"',
        'summary: "TODO: one sentence: what goes wrong, and what makes it interesting"',
        _c("difficulty: intro", "intro | intermediate | advanced"),
        _c(f"domains: [{', '.join(domains)}]", "sdlc, iac, resilience, monitoring, incident-response, security"),
        _c(
            f"tasks: [{', '.join(map(json.dumps, tasks))}]",
            'DOP-C02 task statements, e.g. "1.4" (SDLC), "5.3" (troubleshooting)',
        ),
    ]


def _story(plan: Plan) -> list[str]:
    what = plan.arch.description.split(". ")[0].rstrip(".") if plan.arch.description else plan.arch.name
    text = (
        "TODO: the time, who the player is and what they are watching. It is 02:10 on a Saturday and "
        f"you are on call for {plan.arch.name}: {what}.\n\n"
        + (
            "A design review listed weak spots in this architecture last quarter; the fixes are still in the "
            "backlog.\n\n"
            if plan.finding
            else ""
        )
        + "Keep it running, find out what is wrong, and leave it in a state the owning team can trust on Monday."
    )
    return [
        _rule("briefing: what the player reads before the clock starts"),
        "briefing: |",
        *_block(text),
    ]


def _architecture(plan: Plan) -> list[str]:
    listed = ", ".join(f"{n.id} ({n.type})" for n in plan.arch.nodes)
    return [
        _rule("architecture"),
        "# A shared one by name (architectures/NAME.yaml next to this file, else the bundled",
        "# library), a relative .yaml path, or `nodes:` and `edges:` inline.",
        f"architecture: {plan.arch.name}",
        *_comment_wrap(f"Its nodes: {listed}."),
    ]


def _clock(plan: Plan) -> list[str]:
    return [
        _rule("time and the service-level objective"),
        "clock:",
        _c("  duration: 30m", "the time limit of the game"),
        _c("  speed: 1", "simulated seconds per wall second"),
        _c("  practice: true", "players may change the speed (intro scenarios)"),
        "slo:",
        _c("  target: 99.9", "percent of requests that must succeed at the entry points"),
        _c("  window: 30d", "the error-budget window"),
        _c(f"  # entries: [{plan.entry.id}]", "entry nodes measured (default: every entry)"),
    ]


def _traffic(plan: Plan) -> list[str]:
    return [
        _rule("traffic: requests per second arriving from outside, at an entry point"),
        "traffic:",
        _c(f"  - entry: {plan.entry.id}", "a DNS record, CloudFront, API Gateway or load balancer"),
        "    rate: 20",
        _c("    # changes: [{at: 15m, rate: 40}]", "a rush later in the game"),
    ]


def _kpi_id(plan: Plan) -> str:
    return "orders" if takes_orders(plan.kpi) else "requests-served"


def _business(plan: Plan) -> list[str]:
    name = "Orders placed" if takes_orders(plan.kpi) else f"Requests served by {plan.kpi.id}"
    return [
        _rule("business: what downtime costs, and the figures the business watches"),
        "business:",
        _c("  revenue_per_minute: 6000", "dollars earned per minute at full service"),
        "  kpis:",
        f"    - id: {_kpi_id(plan)}",
        f"      name: {name}",
        _c(f"      node: {plan.kpi.id}", "the node that produces it"),
        _c("      measure: ok", "ok: requests it serves successfully; requests: all it receives"),
        _c("      value_cents: 0", "revenue per unit lost when it is not produced"),
        _c("responders: 2", "people on the team (1 to 12); more can be paged"),
    ]


def _history(plan: Plan) -> list[str]:
    stacks = [n.id for n in plan.arch.nodes if n.type == "cloudformation_stack"]
    resource = f", resource: {stacks[0]}" if stacks else ""
    return [
        _rule("history: CloudTrail entries from before the game (`lookup_cloudtrail` finds them)"),
        "history:",
        "  - {ago: 9d, event: ExecuteChangeSet, source: cloudformation.amazonaws.com,",
        f'     user: "arn:aws:sts::123456789012:assumed-role/pipeline-deploy-role"{resource},',
        '     detail: "TODO: the last release before the incident"}',
    ]


def _injects(plan: Plan) -> list[str]:
    lines = [
        _rule("injects: faults (or a teammate's action) at a time, or when a condition holds"),
        "# `warroom catalog --kind faults` lists every fault, its targets and parameters.",
    ]
    if plan.fault and plan.target:
        lines += [
            "injects:",
            f"  - id: {plan.inject_id}",
            f"    at: {format_duration(FAULT_AT)}",
            f"    fault: {plan.fault.id}",
            _c(f"    target: {plan.target.id}", _target_note(plan)),
            *_params(plan),
        ]
    else:
        lines += [
            "# None yet: `warroom new ID --fault TYPE` places a fault for you. To add injects, replace",
            "# `[]` with a list of them, for example (a fault that fits this architecture):",
            f"#   - {plan.example}"
            if plan.example
            else "#   - {id: NAME, at: 2m, fault: TYPE, target: NODE, params: {}}",
            "injects: []",
        ]
    return lines + _conditional_example(plan)


def example_inject(plan: Plan, required: dict[str, Any]) -> str:
    """A one-line inject of the plan's fault with its required parameters (for a comment)."""
    assert plan.fault and plan.target
    params = ", ".join(f"{k}: {scalar(v)}" for k, v in required.items())
    return (
        f"{{id: {plan.inject_id}, at: {format_duration(FAULT_AT)}, fault: {plan.fault.id}, "
        f"target: {plan.target.id}, params: {{{params}}}}}"
    )


def _target_note(plan: Plan) -> str:
    assert plan.fault and plan.target
    others = [t for t in plan.fault.targets if t != plan.target.type]
    if len(others) > 2:
        return f"type {plan.target.type}; it can also target {len(others)} other types"
    return f"type {plan.target.type}" + (f"; it can also target {', '.join(others)}" if others else "")


def _params(plan: Plan) -> list[str]:
    fields = rows(plan.fault.Params.model_json_schema())
    if not fields:
        return ["    params: {}"]
    lines = ["    params:"]
    for row in fields:
        note = ("required; " if row.required else "") + row.type.replace("`", "")
        if row.description:
            note += f": {row.description}"
        lines.append(_c(f"      {row.name}: {scalar(plan.params.get(row.name))}", note, 40))
    return lines


def _conditional_example(plan: Plan) -> list[str]:
    pipelines = [n.id for n in plan.arch.nodes if n.type == "codepipeline"]
    when = (
        f"{{fault_active: {plan.inject_id}, after: 15m}}"
        if plan.fault
        else "{after: 15m, not_action: declare_incident}"
    )
    action = (
        ["#   action: release_pipeline", f"#   target: {pipelines[0]}"] if pipelines else ["#   action: page_responder"]
    )
    lines = [
        "# A conditional inject happens once, as soon as everything under `when` holds (AND-ed):",
        "# after, action / not_action (an action type), fault_active / fault_resolved (an inject id),",
        "# availability_below, kpi_below {kpi, percent}, alarm {alarm, state}, declared. For example,",
        "# a teammate who ships a release in the middle of the incident:",
        "#   - id: teammate-release",
        f"#     when: {when}",
        *[line.replace("#   ", "#     ", 1) for line in action],
        "#     by: Dana (teammate)",
    ]
    return lines


def _messages(plan: Plan) -> list[str]:
    return [
        _rule("messages: stakeholders, bots and AWS Health"),
        "# Channels: slack, email, page, phone, aws-health, status-page; `when` works as in injects.",
        "messages:",
        "  - at: 6m",
        "    from: Priya (customer support lead)",
        "    channel: slack",
        '    text: "TODO: Support here: customers are telling us something is wrong. Is something going on?"',
        "  - at: 12m",
        _c("    when: {not_action: declare_incident}", "only if nobody has declared the incident by then", 44),
        "    from: Marcus (VP Engineering)",
        "    channel: phone",
        '    text: "Customers are hurting and I have no incident channel. Declare it and tell me what is happening."',
        "  - at: 18m",
        "    from: Dana (teammate)",
        "    channel: slack",
        '    text: "TODO: a teammate with a plausible, tempting idea, or a change of their own in flight."',
        "  # Where AWS itself is involved: - {at: 20m, from: AWS Health, channel: aws-health, text: ...}",
    ]


def _customers(plan: Plan) -> list[str]:
    return [
        _rule("customers: ticket texts, drawn while users are hurt"),
        "customers:",
        _c("  errors:", "tickets when requests fail"),
        '    - "TODO: The page keeps saying Something went wrong."',
        '    - "TODO: I tried three times and it failed every time."',
        _c("  kpi:", "tickets per KPI shortfall"),
        f"    {_kpi_id(plan)}:",
        '      - "TODO: I did everything right and nothing happened."',
        _c("  propensity: 1.0", "how readily customers complain (0 to 10)"),
    ]


def _runbook(plan: Plan) -> list[str]:
    pipelines = [n.id for n in plan.arch.nodes if n.type == "codepipeline"]
    how = f"through {pipelines[0]}" if pipelines else "through the pipeline"
    return [
        _rule("runbook: pages the player can read"),
        "# `outdated: true` marks a page that is wrong — a runbook that points the wrong way; players",
        "# are not told, the debrief says so.",
        "runbook:",
        "  - title: Changing production",
        "    body: |",
        *_block(
            f"Production changes go {how}. A change by hand in the console drifts from the template, "
            "and the next release undoes it.",
            6,
        ),
        *_finding_page(plan),
        "  - title: When errors spike",
        "    body: |",
        *_block("TODO: advice that was right once and now points the wrong way.", 6),
        "    outdated: true",
        "# actions: {deny: [recreate_stack]}    # restrict what players may do (allow: [...], deny: [...])",
    ]


def _finding_page(plan: Plan) -> list[str]:
    """A runbook page drawn from the finding (a stub the author is told to edit)."""
    if plan.finding is None:
        return []
    return [
        "  # TODO: a stub drawn from `warroom suggest`: rewrite it as your team would, or make it outdated.",
        f"  - title: {scalar(f'When {plan.finding.nodes[0]} fails')}",
        "    body: |",
        *_block(f"{plan.finding.why}\n\nWhat lasts: {plan.finding.fix}.", 6),
    ]


def _hints(plan: Plan) -> list[str]:
    second = "TODO: a sharper hint that names where to look."
    if plan.target:
        looks = [
            a.id for a in ACTIONS if a.family == "investigate" and plan.target.type in a.targets and a.takes_target
        ]
        second = f"Look closely at {plan.target.id}" + (f": {looks[0]} {plan.target.id}." if looks else ".")
    flagged = f"A design review flagged it: {plan.finding.title}." if plan.finding else ""
    third = [f"  - {{after: 18m, cost: 15, text: {scalar(flagged)}}}"] if plan.finding else []
    return [
        _rule("hints: each costs recovery points; available after a while"),
        "hints:",
        '  - {after: 8m, cost: 5, text: "What changed just before the errors started? lookup_cloudtrail shows it."}',
        f"  - {{after: 14m, cost: 10, text: {scalar(second)}}}",
        *third,
    ]


def _scoring(plan: Plan) -> list[str]:
    return [
        _rule("scoring"),
        "scoring:",
        "  weights: {recovery: 0.5, cost: 0.2, compliance: 0.3}",
        _c("  targets: {detect: 8m, mitigate: 12m, resolve: 20m}", "when a good team gets there", 56),
        _c("  # dollars_per_point: 500", "the cost scale (default: from revenue_per_minute)", 56),
    ]


def _debrief(plan: Plan) -> list[str]:
    if plan.fault and plan.target:
        cause = docstring(type(plan.fault)).split("\n\n")[0]
        truth = f"What happened: {plan.fault.id} on {plan.target.id} at {format_duration(FAULT_AT)}. {cause}"
    else:
        truth = "TODO: what happened, and the first signal that showed it."
    right = (
        f"Why it hurt: {plan.finding.why}\n\nThe right fix: {plan.finding.fix}."
        if plan.finding
        else "The right fix: TODO, and why it lasts."
    )
    text = (
        f"{truth}\n\n{right}\n\nThe tempting wrong fix: TODO, why it works in the short run, and what it costs later."
    )
    return [
        _rule("debrief: shown with the score: the root cause, the right fix, the tempting wrong one"),
        "debrief: |",
        *_block(text),
    ]
