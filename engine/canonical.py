"""Canonical JSON: the one serialisation that digests are taken over.

Sorted keys, no whitespace, floats by their shortest round-tripping repr (the same on every
IEEE-754 machine), NaN refused.
"""

from __future__ import annotations

import json
from typing import Any


def canonical_json(value: Any) -> str:
    """Deterministic JSON text for ``value``."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)
