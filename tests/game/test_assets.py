"""The generated art: an icon for every resource type, a sound for every cue, told apart by shape
and reproducible byte for byte by ``python -m warroom.assets.generate``."""

from __future__ import annotations

import itertools
import wave
from importlib import resources
from pathlib import Path

import pygame
import pytest
from warroom.assets import generate
from warroom.engine import RESOURCES
from warroom.game.window.sound import CUES

ASSETS = Path(str(resources.files("warroom.assets")))


def test_every_resource_type_has_a_64px_icon():
    for resource in RESOURCES:
        path = ASSETS / "icons" / f"{resource.id}.png"
        assert path.is_file(), f"no icon for {resource.id}"
        assert pygame.image.load(str(path)).get_size() == (64, 64)


def test_every_sound_cue_has_a_short_soft_wav():
    for cue in CUES:
        path = ASSETS / "sounds" / f"{cue}.wav"
        assert path.is_file(), f"no sound for {cue}"
        with wave.open(str(path), "rb") as sound:
            assert (sound.getframerate(), sound.getnchannels(), sound.getsampwidth()) == (44_100, 1, 2)
            frames = sound.readframes(sound.getnframes())
            assert 0.1 < sound.getnframes() / 44_100 < 1.5
        samples = memoryview(frames).cast("h")
        assert max(abs(s) for s in samples) < 0.6 * 32767, "not harsh: well below full scale"
        assert abs(samples[0]) < 200 and abs(samples[-1]) < 200, "starts and ends near silence (no click)"


def _glyph_mask(path: Path) -> int:
    """The icon's near-white pixels (its glyph) as a bit set: shape without colour."""
    image = pygame.image.load(str(path))
    bits = 0
    for y in range(64):
        for x in range(64):
            r, g, b, _ = image.get_at((x, y))
            if min(r, g, b) > 200:
                bits |= 1 << (y * 64 + x)
    return bits


def test_glyph_shapes_alone_tell_every_type_apart():
    masks = {r.id: _glyph_mask(ASSETS / "icons" / f"{r.id}.png") for r in RESOURCES}
    for (a, mask_a), (b, mask_b) in itertools.combinations(sorted(masks.items()), 2):
        differing = (mask_a ^ mask_b).bit_count()
        assert differing > 250, f"{a} and {b} differ in only {differing} glyph pixels"


@pytest.mark.parametrize("folder", ["icons", "sounds"])
def test_regenerating_gives_the_committed_bytes(tmp_path: Path, folder: str):
    generate.generate(tmp_path)
    fresh = sorted(p.name for p in (tmp_path / folder).iterdir())
    committed = sorted(p.name for p in (ASSETS / folder).iterdir() if p.suffix in (".png", ".wav"))
    assert fresh == committed
    for name in fresh:
        assert (tmp_path / folder / name).read_bytes() == (ASSETS / folder / name).read_bytes(), name
