"""The panel of the selected resource: what the team can see of it (its metrics as sparklines,
its alarms, what investigations found) and what it can do to it (the numbered action menu).

Without a selection it offers the team-wide actions (declare, post an update, page, ...).
Two tabs keep both readable in a small window; long content scrolls with the wheel. A replay
shows no actions (nothing can be done to a recorded game) and, when the truth is shown, heads
*What we know* with how the resource really was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame
from warroom.engine import ActionOption, MetricSeries, NodeTruth, Snapshot, format_clock, format_duration

from ..canvas import Canvas
from ..layout import inset, split_top
from .screenstate import ScreenState
from .sparkline import draw_sparkline

TABS = ("info", "actions")
NO_ACTIONS = "No action applies here."


@dataclass
class Block:
    """A piece of panel content: its height, and how to draw it with its top-left at ``(x, y)``."""

    height: int
    draw: Callable[[int, int], None]


def _value(series: MetricSeries) -> str:
    last = next((v for v in reversed(series.points) if v is not None), None)
    if last is None:
        return "no data"
    text = f"{last:,.0f}" if abs(last) >= 100 or float(last).is_integer() else f"{last:,.2f}"
    return f"{text} {series.unit.lower()}" if series.unit not in ("Count", "None") else text


def _text_block(canvas: Canvas, width: int, text: str, role: str, colour: tuple[int, int, int]) -> Block:
    """A block of wrapped text."""
    height = canvas.fit_lines(text, width, role) * canvas.line_height(role)
    return Block(height, lambda x, y: canvas.text(text, pygame.Rect(x, y, width, height), role=role, colour=colour))


def _truth_blocks(canvas: Canvas, width: int, truth: NodeTruth) -> list[Block]:
    """How the resource really was (replays only, when the truth is shown)."""
    p = canvas.theme.palette
    colour = p.ok if truth.healthy else p.alarm
    head = f"TRUTH: {truth.ok * 100:.1f}% of its work succeeds · {truth.latency_ms:,.0f} ms · load {truth.load:,.1f}/s"
    lines = [f"fault here: {fault}" for fault in truth.faults] + [f"fails because: {c}" for c in truth.causes]
    return [_text_block(canvas, width, head, "small", colour)] + [
        _text_block(canvas, width, text, "tiny", colour) for text in lines
    ]


def _info_blocks(
    canvas: Canvas, width: int, snap: Snapshot, state: ScreenState, node_id: str, metrics: tuple[MetricSeries, ...]
) -> list[Block]:
    theme, p = canvas.theme, canvas.theme.palette
    line = canvas.line_height("small")
    blocks: list[Block] = []
    for alarm in (a for a in snap.alarms if a.watches == node_id):
        letter = {"ALARM": "A", "OK": "ok", "INSUFFICIENT_DATA": "?"}.get(alarm.state, "?")
        text = f"[{letter}] {alarm.id}: {alarm.state} ({alarm.metric}) since {format_clock(max(alarm.since, 0))}"

        def draw_alarm(x: int, y: int, text: str = text, state: str = alarm.state) -> None:
            canvas.text(
                canvas.ellipsize(text, width, "small"),
                pygame.Rect(x, y, width, line),
                role="small",
                colour=theme.state_colour(state),
                wrap_lines=False,
            )

        blocks.append(Block(line, draw_alarm))
    spark_height = line
    for series in metrics:

        def draw_metric(x: int, y: int, series: MetricSeries = series) -> None:
            label_width = width * 11 // 20
            canvas.text(
                canvas.ellipsize(f"{series.name}  {_value(series)}", label_width, "tiny"),
                pygame.Rect(x, y, label_width, line),
                role="tiny",
                wrap_lines=False,
            )
            spark = pygame.Rect(
                x + label_width + theme.space(), y + 2, width - label_width - theme.space(), spark_height - 4
            )
            draw_sparkline(canvas.surface, spark, series.points, p.accent, p.panel_edge)

        blocks.append(Block(line + theme.space(0.25), draw_metric))
    for learned in reversed(state.learned.get(node_id, [])):
        for finding in learned.findings:
            text = f"{format_clock(learned.tick)} {learned.action}: {finding.title}"
            blocks.append(_text_block(canvas, width, text, "small", p.text))
            blocks += [_text_block(canvas, width, entry, "tiny", p.muted) for entry in finding.lines[:6]]
    if not blocks:
        blocks.append(_text_block(canvas, width, "Nothing known yet: investigate.", "small", p.muted))
    return blocks


def _action_blocks(canvas: Canvas, width: int, options: list[ActionOption], selected: int | None) -> list[Block]:
    theme, p = canvas.theme, canvas.theme.palette
    line = canvas.line_height("small")
    blocks = []
    for index, option in enumerate(options):
        action = option.action
        key = str(index + 1) if index < 9 else " "
        facts = [format_duration(option.duration), action.channel]
        if action.cost_cents:
            facts.append(f"${action.cost_cents / 100:,.0f}")
        facts += sorted(option.tags)
        head = f"{key}  {action.id}"
        detail = " · ".join(facts)

        def draw_option(
            x: int, y: int, index: int = index, head: str = head, detail: str = detail, option: ActionOption = option
        ) -> None:
            row = pygame.Rect(x, y, width, line * 2)
            if index == selected:
                canvas.fill(row, p.button, radius=3)
            canvas.text(
                canvas.ellipsize(head, width, "small"),
                pygame.Rect(x + 2, y, width - 4, line),
                role="small",
                colour=p.accent if option.action.family == "investigate" else p.text,
                wrap_lines=False,
            )
            canvas.text(
                canvas.ellipsize(detail, width - theme.space(3), "tiny"),
                pygame.Rect(x + theme.space(3), y + line, width - theme.space(3), line),
                role="tiny",
                colour=p.warning if option.tags else p.muted,
                wrap_lines=False,
            )
            canvas.hotspot(row, "choose", index, label=option.action.id)

        blocks.append(Block(line * 2 + theme.space(0.25), draw_option))
    return blocks


def draw_node_panel(
    canvas: Canvas,
    rect: pygame.Rect,
    snap: Snapshot,
    state: ScreenState,
    node_id: str | None,
    tab: str,
    options: list[ActionOption],
    metrics: tuple[MetricSeries, ...],
    scroll: int,
    chosen: int | None,
    *,
    truth: NodeTruth | None = None,
    no_actions: str = NO_ACTIONS,
) -> int:
    """Draw the panel; returns how many blocks are above the fold (for scrolling limits).

    ``truth`` (replays only) heads what we know with how the resource really was;
    ``no_actions`` is what the actions tab says when ``options`` is empty."""
    theme, p = canvas.theme, canvas.theme.palette
    canvas.fill(rect, p.panel, border=p.panel_edge)
    body = inset(rect, theme.space())
    node = next((n for n in snap.nodes if n.id == node_id), None)
    line = canvas.line_height("body")
    header, rest = split_top(body, line + canvas.line_height("tiny"), theme.space(0.5))
    if node is None:
        canvas.text(
            "The team",
            pygame.Rect(header.x, header.y, header.width, line),
            role="body",
            colour=p.accent,
            wrap_lines=False,
        )
        sub = "Click a resource on the diagram to see it and act on it."
        tab = "actions"
    else:
        canvas.text(
            canvas.ellipsize(node.label, header.width, "body"),
            pygame.Rect(header.x, header.y, header.width, line),
            colour=p.accent,
            wrap_lines=False,
        )
        sub = " · ".join(x for x in (node.type, node.stack and f"stack {node.stack}", node.region, node.az) if x)
    canvas.text(
        canvas.ellipsize(sub, header.width, "tiny"),
        pygame.Rect(header.x, header.y + line, header.width, canvas.line_height("tiny")),
        role="tiny",
        colour=p.muted,
        wrap_lines=False,
    )
    tab_height = canvas.line_height("small") + theme.space(0.5)
    tabs, content = split_top(rest, tab_height, theme.space(0.5))
    if node is not None:
        half = (tabs.width - theme.space()) // 2
        for index, name in enumerate(TABS):
            label = {"info": "What we know [I]", "actions": "Actions [A]"}[name]
            canvas.button(
                pygame.Rect(tabs.x + index * (half + theme.space()), tabs.y, half, tab_height),
                label,
                "tab",
                name,
                highlight=tab == name,
                role="small",
            )
    else:
        content = rest
    if tab == "info" and node is not None:
        blocks = _truth_blocks(canvas, content.width, truth) if truth is not None else []
        blocks += _info_blocks(canvas, content.width, snap, state, node.id, metrics)
    else:
        blocks = _action_blocks(canvas, content.width, options, chosen)
        blocks = blocks or [_text_block(canvas, content.width, no_actions, "small", p.muted)]
    y = content.y
    shown = 0
    for block in blocks[scroll:]:
        if y + block.height > content.bottom:
            break
        block.draw(content.x, y)
        y += block.height
        shown += 1
    return len(blocks) - shown
