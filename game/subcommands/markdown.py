"""Small Markdown builders for the reference pages: code spans, table cells, tables, links.

Everything here is deterministic text: the pages are committed and compared byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any


def code(text: str) -> str:
    """``text`` as a code span (longer fences when it holds backquotes)."""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def value(data: Any) -> str:
    """A YAML-ish rendering of a default or example value as a code span.

    Strings appear as written in a scenario (quoted only when empty); other values as
    compact JSON, which is also valid YAML flow syntax.
    """
    if isinstance(data, str):
        return code(data) if data else code('""')
    return code(json.dumps(data, ensure_ascii=False, separators=(", ", ": ")))


def cell(text: str) -> str:
    """Text made safe for one table cell: no line breaks, pipes escaped (also inside code spans)."""
    return " ".join(text.split()).replace("|", "\\|") or "—"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GitHub-flavoured Markdown table, as lines."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return lines


def link(unit_id: str, page: str = "") -> str:
    """A link to a unit's entry (``page`` empty: on this page)."""
    return f"[{code(unit_id)}]({page}#{unit_id})"


def links(unit_ids: Iterable[str], page: str = "", empty: str = "—") -> str:
    """Comma-separated links to units, or ``empty``."""
    items = [link(unit_id, page) for unit_id in unit_ids]
    return ", ".join(items) if items else empty


def anchor_heading(level: int, unit_id: str, title: str = "") -> list[str]:
    """A heading for one unit with an explicit anchor named by its id (stable across renderers)."""
    suffix = f" — {title}" if title else ""
    return [f'<a id="{unit_id}"></a>', "", f"{'#' * level} {code(unit_id)}{suffix}"]
