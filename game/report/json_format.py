"""The JSON report: the report model as is, for machines (``warroom schema --report`` documents its keys)."""

from __future__ import annotations

from .model import Report
from .output import Format, Output


def render(report: Report, stem: str) -> Output:
    """The report model as indented JSON (``stem`` is unused: nothing is written beside it)."""
    return Output(report.model_dump_json(indent=2) + "\n")


FORMAT = Format(".json", render)
