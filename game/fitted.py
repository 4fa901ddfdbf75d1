"""Terminal tables that fit the console's width: the least important columns give way first.

A wide listing (the catalog has up to seven columns of ids, lists and descriptions) is
unreadable when every column is squeezed to a few characters and words are cut in half. So
a table is declared as :class:`Column` specs instead: identifiers stay on one line, lists
and prose wrap at word boundaries within a readable width, a description takes whatever
width is left, and on a narrow console whole columns are left out, least important first.
:func:`print_fitted` then tells the reader which ones, and where to find them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

CELL_EDGES = 3  # a cell's two spaces of padding and the border line before it
TABLE_EDGE = 1  # the border line after the last cell


@dataclass(frozen=True)
class Column:
    """One column of a fitted table.

    ``width`` is the narrowest a wrapping column stays readable at (it is never made wider
    than its longest value, and, unless it ``grows``, never wider than this either); a column
    that does not ``wrap`` (an identifier) is as wide as its longest value. ``rank`` 1 is
    always shown; on a narrow console the highest ranks are left out first."""

    header: str
    width: int = 0
    rank: int = 1
    wrap: bool = True
    grows: bool = False


def _needed(column: Column, values: list[str]) -> int:
    """The narrowest width the column takes: its longest line, but a wrapping one at most ``width``."""
    longest = max(len(line) for text in [column.header, *values] for line in text.splitlines() or [""])
    return min(longest, column.width) if column.wrap else longest


def _fit(columns: Sequence[Column], needed: list[int], width: int) -> list[int]:
    """The indexes of the columns to show: the least important give way, one at a time, until
    the rest fit; then any of those that fits again in the room left comes back."""

    def fits(shown: set[int]) -> bool:
        return sum(needed[i] + CELL_EDGES for i in shown) + TABLE_EDGE <= width

    shown = set(range(len(columns)))
    least_first = sorted((i for i in shown if columns[i].rank > 1), key=lambda i: (-columns[i].rank, -i))
    dropped = []
    for i in least_first:
        if fits(shown):
            break
        shown.discard(i)
        dropped.append(i)
    for i in reversed(dropped):
        if fits(shown | {i}):
            shown.add(i)
    return sorted(shown)


def fitted_table(
    title: str, columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int
) -> tuple[Table, list[str]]:
    """A table of ``rows`` at most ``width`` wide, and the headers of the columns left out."""
    needed = [_needed(column, [row[i] for row in rows]) for i, column in enumerate(columns)]
    kept = _fit(columns, needed, width)
    table = Table(title=title, title_justify="left", expand=any(columns[i].grows for i in kept))
    for i in kept:
        column = columns[i]
        table.add_column(
            column.header,
            min_width=needed[i],
            max_width=None if column.grows or not column.wrap else column.width,
            ratio=1 if column.grows else None,
            no_wrap=not column.wrap,
            overflow="fold",
        )
    for row in rows:
        table.add_row(*(row[i] for i in kept))
    return table, [column.header for i, column in enumerate(columns) if i not in kept]


def print_fitted(
    console: Console, title: str, columns: Sequence[Column], rows: Sequence[Sequence[str]], more: str
) -> None:
    """Print a table as wide as the console; when columns had to be left out, say which, and
    where to find them (``more``: the option that prints everything, say)."""
    table, left_out = fitted_table(title, columns, rows, console.width)
    console.print(table)
    if left_out:
        console.print(f"(left out at {console.width} columns: {', '.join(left_out)}; see {more})")
