"""The detectors, one module per family; importing them registers them in ``DETECTORS``."""

from __future__ import annotations

from . import alarms, async_paths, iam, paths, stores

__all__ = ["alarms", "async_paths", "iam", "paths", "stores"]
