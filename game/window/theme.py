"""Colours and sizes. The default palette is colour-blind safe (Okabe–Ito hues, and state is
never shown by colour alone: badges carry a letter too); the other is high contrast.
Sizes scale with the UI scale setting."""

from __future__ import annotations

from dataclasses import dataclass

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Palette:
    """Every colour the window uses, by role."""

    name: str
    background: Colour
    panel: Colour
    panel_edge: Colour
    text: Colour
    muted: Colour
    accent: Colour
    ok: Colour
    alarm: Colour
    insufficient: Colour
    warning: Colour
    sync_edge: Colour
    async_edge: Colour
    relation_edge: Colour
    group: Colour
    selected: Colour
    button: Colour
    button_text: Colour


PALETTES: dict[str, Palette] = {
    "colour-blind safe": Palette(
        name="colour-blind safe",
        background=(24, 26, 32),
        panel=(36, 39, 48),
        panel_edge=(70, 75, 90),
        text=(236, 236, 236),
        muted=(160, 164, 176),
        accent=(86, 180, 233),
        ok=(0, 158, 115),
        alarm=(213, 94, 0),
        insufficient=(240, 228, 66),
        warning=(230, 159, 0),
        sync_edge=(170, 176, 190),
        async_edge=(204, 121, 167),
        relation_edge=(84, 90, 106),
        group=(48, 52, 64),
        selected=(86, 180, 233),
        button=(56, 62, 78),
        button_text=(236, 236, 236),
    ),
    "high contrast": Palette(
        name="high contrast",
        background=(0, 0, 0),
        panel=(12, 12, 12),
        panel_edge=(255, 255, 255),
        text=(255, 255, 255),
        muted=(210, 210, 210),
        accent=(0, 255, 255),
        ok=(0, 255, 0),
        alarm=(255, 64, 64),
        insufficient=(255, 255, 0),
        warning=(255, 170, 0),
        sync_edge=(255, 255, 255),
        async_edge=(255, 0, 255),
        relation_edge=(140, 140, 140),
        group=(40, 40, 40),
        selected=(0, 255, 255),
        button=(40, 40, 40),
        button_text=(255, 255, 255),
    ),
}

SCALES = (0.85, 1.0, 1.25, 1.5)


@dataclass(frozen=True)
class Theme:
    """A palette and a scale: font sizes and spacing derived from one base size."""

    palette: Palette
    scale: float = 1.0

    def size(self, role: str) -> int:
        """Font size in pixels for a text role."""
        base = {"title": 72, "heading": 34, "body": 25, "small": 21, "tiny": 18}[role]
        return max(int(base * self.scale), 9)

    def space(self, units: float = 1.0) -> int:
        """Spacing in pixels (one unit is 8 px at scale 1)."""
        return max(int(8 * units * self.scale), 1)

    def state_colour(self, state: str) -> Colour:
        """The colour of an alarm state."""
        p = self.palette
        return {"OK": p.ok, "ALARM": p.alarm, "INSUFFICIENT_DATA": p.insufficient}.get(state, p.muted)
