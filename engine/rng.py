"""Seeded randomness, split into named streams (DESIGN §3).

Each subsystem draws from its own ``random.Random`` so that a new draw in one place never
shifts another. Stream seeds are derived with SHA-256, never ``hash()``, so they are the
same on every machine and Python build. For values that are computed lazily in whatever
order a reader asks (metric noise, say), :func:`stable_uniform` gives a counter-based draw
that depends only on its keys.
"""

from __future__ import annotations

import hashlib
import random

_SCALE = float(1 << 53)


def _digest_int(*keys: object) -> int:
    text = "\x1f".join(str(key) for key in keys).encode()
    return int.from_bytes(hashlib.sha256(text).digest()[:8], "big")


def stable_uniform(*keys: object) -> float:
    """A uniform number in [0, 1) determined only by ``keys`` (order-independent draws)."""
    return (_digest_int(*keys) >> 11) / _SCALE


class RandomStreams:
    """One game's generators, keyed by subsystem name, all derived from one integer seed."""

    def __init__(self, seed: int) -> None:
        self.seed = int(seed)
        self._streams: dict[str, random.Random] = {}

    def __deepcopy__(self, memo: dict[int, object]) -> RandomStreams:
        """A copy for a forked game: each generator at the same position (``getstate`` and
        ``setstate`` are far cheaper than copying the generator's state tuple item by item)."""
        clone = RandomStreams(self.seed)
        for name, generator in self._streams.items():
            clone._streams[name] = twin = random.Random()
            twin.setstate(generator.getstate())
        return clone

    def stream(self, name: str) -> random.Random:
        """The generator for subsystem ``name``, created on first use from the game seed."""
        generator = self._streams.get(name)
        if generator is None:
            generator = random.Random(_digest_int(self.seed, "stream", name))
            self._streams[name] = generator
        return generator

    def uniform(self, *keys: object) -> float:
        """A draw keyed by ``keys`` and this game's seed, independent of evaluation order."""
        return stable_uniform(self.seed, *keys)

    def fingerprint(self) -> dict[str, str]:
        """A short digest of every stream's position, for state digests."""
        return {
            name: hashlib.sha256(repr(gen.getstate()).encode()).hexdigest()[:16]
            for name, gen in sorted(self._streams.items())
        }
