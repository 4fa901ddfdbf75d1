"""The scenario picker: a card per bundled scenario, filtered by exam domain and difficulty.

Each card shows the title, difficulty, estimated length, the DOP-C02 domains it trains, its
summary and the player's best score so far (from the history; autopilot games do not count).
Arrows choose a card and Enter opens its briefing (a click on a card opens it at once); D and
L cycle the domain and difficulty filters (their chips are clickable too); Y opens the
player's profile; Esc goes back to the title. A scenario that cannot be loaded opens the
error screen with its problems (``file:line:col``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pygame
from warroom.engine import DOMAINS, CatalogEntry, ScenarioError, catalog, resolve

from ...history import HistoryError, best_totals
from ..canvas import Canvas, Hotspot
from ..layout import columns, inset, split_left, split_top
from ..scene import Scene, cycle
from ..widgets import button_height, chips, chips_height, footer

DIFFICULTIES = ("intro", "intermediate", "advanced")
FILTER_LABEL_DOMAIN = "Domain  [D]"
FILTER_LABEL_DIFFICULTY = "Difficulty  [L]"
HINT = "Arrows choose · Enter or a click opens · D / L change the filters"


def open_briefing(scene: Scene, reference: str, back: str) -> None:
    """Load a scenario and have ``scene`` go to its briefing, or to the error screen with what is
    wrong (which goes ``back`` to that scene's name)."""
    try:
        scenario = resolve(reference)
    except ScenarioError as exc:
        scene.go("error", title="This scenario cannot be played", problems=exc.problems, back=back)
        return
    scene.go("briefing", scenario=scenario, reference=reference)


def best_or_none() -> dict[str, float]:
    """The player's best totals, or none when the history cannot be read (the picker still works;
    ``warroom history`` says what is wrong with it)."""
    try:
        return best_totals()
    except HistoryError:
        return {}


class Picker(Scene):
    """Choose the incident to play."""

    name = "picker"

    def startup(self, data: dict[str, Any]) -> None:
        self.entries: list[CatalogEntry] = catalog()
        self.best = best_or_none()
        self.domain: str | None = None
        self.difficulty: str | None = None
        self.selected = self.entries[0].id if self.entries else None

    # -- what is shown ---------------------------------------------------------------------
    def shown(self) -> list[CatalogEntry]:
        """The entries that pass the filters."""
        return [
            e
            for e in self.entries
            if (self.domain is None or self.domain in e.domains)
            and (self.difficulty is None or e.difficulty == self.difficulty)
        ]

    def _index(self) -> int:
        ids = [e.id for e in self.shown()]
        return ids.index(self.selected) if self.selected in ids else 0

    def _keep_selection(self) -> None:
        shown = self.shown()
        if shown and self.selected not in [e.id for e in shown]:
            self.selected = shown[0].id

    # -- input -----------------------------------------------------------------------------
    def keys(self) -> dict[int, Callable[[], None]]:
        across = self.app.log.notes.get("picker_columns", 1)
        return {
            pygame.K_LEFT: lambda: self.move(-1),
            pygame.K_RIGHT: lambda: self.move(1),
            pygame.K_UP: lambda: self.move(-across),
            pygame.K_DOWN: lambda: self.move(across),
            pygame.K_RETURN: self.open_selected,
            pygame.K_KP_ENTER: self.open_selected,
            pygame.K_d: lambda: self.set_domain(cycle([None, *DOMAINS], self.domain)),
            pygame.K_l: lambda: self.set_difficulty(cycle([None, *DIFFICULTIES], self.difficulty)),
            pygame.K_y: self.profile,
            pygame.K_ESCAPE: lambda: self.go("title"),
        }

    def wheel(self, notches: int, pos: tuple[int, int]) -> None:
        self.move(notches * self.app.log.notes.get("picker_columns", 1))

    def clicked(self, spot: Hotspot, button: int) -> None:
        handlers: dict[str, Callable[[Any], None]] = {
            "open": self.open,
            "domain": self.set_domain,
            "difficulty": self.set_difficulty,
            "open-selected": lambda _: self.open_selected(),
            "profile": lambda _: self.profile(),
            "back": lambda _: self.go("title"),
        }
        handler = handlers.get(spot.action)
        if handler is not None:
            handler(spot.payload)

    def move(self, step: int) -> None:
        """Select the card ``step`` places on (clamped to the list)."""
        shown = self.shown()
        if shown:
            self.selected = shown[min(max(self._index() + step, 0), len(shown) - 1)].id

    def set_domain(self, domain: str | None) -> None:
        """Show only scenarios training ``domain`` (``None``: all)."""
        self.domain = domain
        self._keep_selection()

    def set_difficulty(self, difficulty: str | None) -> None:
        """Show only scenarios of ``difficulty`` (``None``: all)."""
        self.difficulty = difficulty
        self._keep_selection()

    def open_selected(self) -> None:
        """Open the selected card's scenario (if any card is shown)."""
        shown = self.shown()
        if shown:
            self.open(shown[self._index()].id)

    def open(self, reference: str) -> None:
        """Load a scenario and go to its briefing, or to the error screen with what is wrong."""
        self.selected = reference
        open_briefing(self, reference, "picker")

    def profile(self) -> None:
        """Show the player's profile (Esc there comes back here)."""
        self.go("profile", back="picker")

    # -- drawing ---------------------------------------------------------------------------
    def _domain_options(self) -> list[tuple[str, str | None]]:
        count = {key: sum(key in e.domains for e in self.entries) for key in DOMAINS}
        return [("All domains", None)] + [(f"{name} ({count[key]})", key) for key, name in DOMAINS.items()]

    def _difficulty_options(self) -> list[tuple[str, str | None]]:
        count = {key: sum(e.difficulty == key for e in self.entries) for key in DIFFICULTIES}
        return [("Any difficulty", None)] + [(f"{key} ({count[key]})", key) for key in DIFFICULTIES]

    def draw(self, canvas: Canvas) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        canvas.surface.fill(p.background)
        area = inset(canvas.rect, theme.space(3))
        head, rest = split_top(area, canvas.line_height("heading"), theme.space())
        canvas.text("Choose an incident", head, role="heading", colour=p.accent, wrap_lines=False)
        filters = [
            (FILTER_LABEL_DOMAIN, self._domain_options(), self.domain, "domain"),
            (FILTER_LABEL_DIFFICULTY, self._difficulty_options(), self.difficulty, "difficulty"),
        ]
        label_width = max(canvas.text_width(label, "small") for label, *_ in filters) + theme.space(2)
        for label, options, active, action in filters:
            chip_width = rest.width - label_width
            height = chips_height(canvas, [o[0] for o in options], chip_width)
            band, rest = split_top(rest, height, theme.space())
            name, chip_area = split_left(band, label_width)
            chip_row = canvas.line_height("small") + theme.space()
            label_rect = pygame.Rect(
                name.x, name.y + (chip_row - canvas.line_height("small")) // 2, name.width, chip_row
            )
            canvas.text(label, label_rect, role="small", colour=p.muted, wrap_lines=False)
            chips(canvas, chip_area, options, active, action)
        footer_height = button_height(canvas)
        cards = pygame.Rect(rest.x, rest.y + theme.space(), rest.width, rest.height - footer_height - theme.space(3))
        self._draw_cards(canvas, cards)
        bottom = pygame.Rect(rest.x, rest.bottom - footer_height, rest.width, footer_height)
        buttons = [("Open  [Enter]", "open-selected"), ("Your profile  [Y]", "profile"), ("Back  [Esc]", "back")]
        footer(canvas, bottom, buttons, HINT)

    def _draw_cards(self, canvas: Canvas, area: pygame.Rect) -> None:
        theme, p = canvas.theme, canvas.theme.palette
        shown = self.shown()
        if not shown:
            canvas.text(
                "No scenario matches these filters. Press D or L (or click a chip) to change them.",
                area,
                colour=p.muted,
            )
            return
        gap = theme.space(2)
        across = max(1, min(len(shown), (area.width + gap) // (theme.space(36) + gap)))
        canvas.log.notes["picker_columns"] = across
        width = columns(area, across, gap)[0].width
        natural = max(_card_height(canvas, entry, width, self.best) for entry in shown)
        height = min(natural, area.height)
        visible_rows = max(1, (area.height + gap) // (height + gap))
        row = self._index() // across
        first = max(0, row - visible_rows + 1) * across
        for number, entry in enumerate(shown[first : first + visible_rows * across]):
            down, over = divmod(number, across)
            rect = pygame.Rect(area.x + over * (width + gap), area.y + down * (height + gap), width, height)
            _draw_card(canvas, rect, entry, self.best, selected=entry.id == self.selected)
        if len(shown) > visible_rows * across:
            note = f"Cards {first + 1}–{min(first + visible_rows * across, len(shown))} of {len(shown)}"
            line = canvas.line_height("tiny")
            canvas.text(note, pygame.Rect(area.x, area.bottom - line, area.width, line), role="tiny", colour=p.muted)


# -- a card ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CardLine:
    """A line of a card above its summary: text, text role, palette colour, space after (in units)."""

    text: str
    role: str
    colour: str
    after: float = 0.0


def _card_lines(entry: CatalogEntry, best: dict[str, float]) -> list[CardLine]:
    """The card's lines before the summary: title, length, best score, exam domains."""
    score = best.get(entry.id)
    played = CardLine(f"Best score {score:.1f}", "small", "ok", 1.5) if score is not None else None
    lines = [
        CardLine(entry.title, "heading", "text", 0.5),
        CardLine(f"{entry.difficulty} · about {entry.minutes} min", "small", "muted"),
        played or CardLine("Not played yet", "small", "muted", 1.5),
        CardLine("DOP-C02 domains", "tiny", "muted"),
    ]
    ordered = [key for key in DOMAINS if key in entry.domains]
    lines += [CardLine(DOMAINS[key], "small", "accent") for key in ordered]
    return lines


def _line_height(canvas: Canvas, line: CardLine, width: int) -> int:
    return canvas.fit_lines(line.text, width, line.role) * canvas.line_height(line.role)


def _card_height(canvas: Canvas, entry: CatalogEntry, width: int, best: dict[str, float]) -> int:
    """The height a card needs to show everything at ``width``."""
    theme = canvas.theme
    inner = width - theme.space(4)
    lines = _card_lines(entry, best)
    fixed = sum(_line_height(canvas, line, inner) + theme.space(line.after) for line in lines)
    summary = canvas.fit_lines(entry.summary, inner) * canvas.line_height("body")
    return fixed + summary + theme.space(4) + theme.space(1.5)


def _draw_card(
    canvas: Canvas, rect: pygame.Rect, entry: CatalogEntry, best: dict[str, float], *, selected: bool
) -> None:
    """One scenario card; the summary takes the room left (shortened with "…" if there is too little)."""
    theme, p = canvas.theme, canvas.theme.palette
    canvas.fill(rect, p.panel, border=p.panel_edge)
    if selected:
        pygame.draw.rect(canvas.surface, p.selected, rect, width=max(theme.space(0.4), 2), border_radius=6)
    body = inset(rect, theme.space(2))
    y = body.y
    for line in _card_lines(entry, best):
        height = _line_height(canvas, line, body.width)
        canvas.text(
            line.text, pygame.Rect(body.x, y, body.width, height), role=line.role, colour=getattr(p, line.colour)
        )
        y += height + theme.space(line.after)
    y += theme.space(1.5)
    step = canvas.line_height("body")
    room = max((body.bottom - y) // step, 0)
    if room:
        text = entry.summary
        if canvas.fit_lines(text, body.width) > room:
            text = _shorten(canvas, text, body.width, room)
        canvas.text(text, pygame.Rect(body.x, y, body.width, room * step))
    canvas.hotspot(rect, "open", entry.id, entry.title)


def _shorten(canvas: Canvas, text: str, width: int, lines: int) -> str:
    """``text`` cut at a word and ended with "…" so that it wraps to at most ``lines`` lines."""
    words = text.split(" ")
    while words and canvas.fit_lines(" ".join(words) + "…", width) > lines:
        words.pop()
    return " ".join(words) + "…"
