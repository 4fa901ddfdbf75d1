"""The facilitator console: the ground truth of every resource and the scenario's deck, over a frozen game.

Opened from a game-day game with F2 pressed twice (the game stays frozen while it is open). The
left side is the truth (:func:`~warroom.engine.truth`): each resource's real success rate,
latency and load, the active faults aimed at it and why its work fails — the broken ones first.
The right side is the facilitator's deck: clicking a card (or pressing its number) plays it now,
through :meth:`~warroom.engine.gameday.session.RoundSession.fire`, a facilitator command that is
recorded and replays; under the cards, the round's scheduled injects and whether they are due.
Esc (or the button) closes it and the clock runs again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pygame
from warroom.engine import events as ev
from warroom.engine import format_clock, truth
from warroom.engine.gameday.session import RoundSession
from warroom.engine.truth import NodeTruth

from ..canvas import Canvas, Hotspot
from ..layout import inset, split_left, split_top
from ..scene import Scene
from ..theme import Palette
from ..widgets import Block, Scroll, ScrollInfo, button_height, footer, panel, scroll_view

HINT = "1-9: play that card · PgUp / PgDn or the wheel: scroll the truth · the game is frozen"


def truth_blocks(nodes: dict[str, NodeTruth], p: Palette) -> list[Block]:
    """Each resource's truth, the ones with something wrong first."""
    blocks = []
    for node in sorted(nodes.values(), key=lambda n: (n.healthy, n.ok, n.id)):
        figures = f"{node.ok * 100:.0f}% ok · {node.latency_ms:.0f} ms · load {node.load:.1f}"
        blocks.append(Block(f"{node.id}   {figures}", role="small", colour=p.ok if node.healthy else p.alarm, after=0))
        for fault in node.faults:
            blocks.append(Block(f"fault {fault}", role="tiny", colour=p.warning, indent=2, after=0))
        for cause in node.causes:
            blocks.append(Block(f"why: {cause}", role="tiny", colour=p.muted, indent=2, after=0))
        blocks[-1] = Block(**{**blocks[-1].__dict__, "after": 0.75})
    return blocks


class Console(Scene):
    """The facilitator's overlay."""

    name = "gameday-console"
    overlay = True

    def startup(self, data: dict[str, Any]) -> None:
        self.session: RoundSession = data["session"]
        self.scroll = Scroll()
        self.said = ""

    @property
    def deck(self) -> list[Any]:
        """The scenario's facilitator cards."""
        return list(self.session.sim.scenario.model.deck)

    def keys(self) -> dict[int, Callable[[], None]]:
        return {
            pygame.K_ESCAPE: self.pop,
            pygame.K_F2: self.pop,
            pygame.K_PAGEDOWN: lambda: self.scroll.page(1, self.info()),
            pygame.K_PAGEUP: lambda: self.scroll.page(-1, self.info()),
            **{pygame.K_1 + n: lambda n=n: self.fire(n) for n in range(min(len(self.deck), 9))},
        }

    def info(self) -> ScrollInfo:
        return self.app.log.notes.get("truth", ScrollInfo())

    def wheel(self, notches: int, pos: tuple[int, int]) -> None:
        self.scroll.by(notches * 3, self.info())

    def clicked(self, spot: Hotspot, button: int) -> None:
        if spot.action == "fire":
            self.fire(int(spot.payload))
        elif spot.action == "close":
            self.pop()

    def fire(self, index: int) -> None:
        """Play the deck's ``index``-th card now, as the facilitator (recorded)."""
        card = self.deck[index]
        if self.session.sim.ended:
            return
        self.session.fire(card.id)
        self.said = f"Played '{card.title}' at {format_clock(self.session.sim.tick)}; it is in the recording."

    def played(self) -> dict[str, list[int]]:
        """When each card has been played so far."""
        out: dict[str, list[int]] = {}
        for event in self.session.sim.log:
            if isinstance(event, ev.CardPlayed):
                out.setdefault(event.card, []).append(event.tick)
        return out

    # -- drawing ----------------------------------------------------------------------
    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        canvas.shade(200)
        box = inset(canvas.rect, theme.space(3))
        canvas.fill(box, p.background, border=p.accent)
        area = inset(box, theme.space(2))
        sim = self.session.sim
        head = canvas.line_height("heading")
        canvas.text(
            canvas.ellipsize(f"Facilitator console · the truth at {format_clock(sim.tick)}", area.width, "heading"),
            pygame.Rect(area.x, area.y, area.width, head),
            role="heading",
            colour=p.accent,
            wrap_lines=False,
        )
        body = pygame.Rect(area.x, area.y + head + theme.space(), area.width, area.height - head - theme.space())
        foot = button_height(canvas)
        main, bottom = split_top(body, body.height - foot - theme.space(), theme.space())
        left, right = split_left(main, main.width * 11 // 20, theme.space(2))
        inner = panel(canvas, left, "Ground truth", "broken first")
        canvas.log.notes["truth"] = scroll_view(canvas, inner, truth_blocks(truth(sim), p), self.scroll.offset)
        self.draw_deck(canvas, right)
        footer(
            canvas, pygame.Rect(bottom.x, bottom.bottom - foot, bottom.width, foot), [("Close  [Esc]", "close")], HINT
        )

    def draw_deck(self, canvas: Canvas, rect: pygame.Rect) -> None:
        """The cards to play (buttons), what was said, and the round's schedule."""
        theme, p = canvas.theme, canvas.theme.palette
        inner = panel(canvas, rect, "Facilitator deck", "click to play now")
        played = self.played()
        y = inner.y
        pad = theme.space()
        tiny = canvas.line_height("tiny")
        for index, card in enumerate(self.deck):
            title = f"[{index + 1}] {card.title}"
            lines = canvas.fit_lines(title, inner.width - 2 * pad)
            height = lines * canvas.line_height("body") + tiny + 2 * pad
            if y + height > inner.bottom:
                break
            box = pygame.Rect(inner.x, y, inner.width, height)
            canvas.fill(box, p.button, border=p.panel_edge)
            text = pygame.Rect(box.x + pad, box.y + pad, box.width - 2 * pad, lines * canvas.line_height("body"))
            canvas.text(title, text, colour=p.button_text)
            when = played.get(card.id)
            note = (
                f"{card.id} · played at {', '.join(format_clock(t) for t in when)}"
                if when
                else f"{card.id} · not played"
            )
            canvas.text(
                canvas.ellipsize(note, text.width, "tiny"),
                pygame.Rect(text.x, text.bottom, text.width, tiny),
                role="tiny",
                colour=p.ok if when else p.muted,
                wrap_lines=False,
            )
            canvas.hotspot(box, "fire", index, card.title)
            y += height + theme.space()
        if not self.deck:
            y += canvas.text(
                "This scenario has no facilitator deck.",
                pygame.Rect(inner.x, y, inner.width, canvas.line_height("body") * 2),
                colour=p.muted,
            )
        blocks = [Block(self.said, role="small", colour=p.warning)] if self.said else []
        schedule = self.session.planned.schedule()
        if schedule:
            blocks.append(Block("The round's schedule", role="small", colour=p.text, after=0.25))
            for at, card in schedule:
                state = "dealt" if at <= self.session.sim.tick and card.card in played else "due"
                blocks.append(
                    Block(f"{format_clock(at)}  {card.card}  ({state})", role="tiny", colour=p.muted, after=0.1)
                )
        if blocks:
            scroll_view(
                canvas,
                pygame.Rect(inner.x, y + theme.space(), inner.width, max(inner.bottom - y - theme.space(), 0)),
                blocks,
                0,
            )
