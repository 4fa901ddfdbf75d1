"""Choosing a scenario at the terminal (a table and a question, or the gentlest with nobody to ask)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from warroom.engine import catalog, did_you_mean

from ..errors import Misuse

DIFFICULTY_ORDER = ("intro", "intermediate", "advanced")


def choose_scenario(console: Console, interactive: bool) -> str:
    """Ask which bundled scenario to play; with nobody to ask, take the gentlest one."""
    entries = catalog()
    if not interactive:
        first = min(entries, key=lambda e: (DIFFICULTY_ORDER.index(e.difficulty), e.id))
        console.print(f"No scenario named; playing {first.id} ('warroom list' shows them all).")
        return first.id
    table = Table(title="Scenarios", title_justify="left")
    for column in ("#", "id", "title", "difficulty", "minutes"):
        table.add_column(column)
    for number, entry in enumerate(entries, start=1):
        table.add_row(str(number), entry.id, entry.title, entry.difficulty, str(entry.minutes))
    console.print(table)
    ids = [e.id for e in entries]
    while True:
        try:
            answer = input("Which scenario? (number or id) ").strip()
        except EOFError:
            raise Misuse("no scenario chosen") from None
        if answer.isdigit() and 1 <= int(answer) <= len(ids):
            return ids[int(answer) - 1]
        if answer in ids:
            return answer
        starting = [i for i in ids if answer and i.startswith(answer)]
        if len(starting) == 1:
            return starting[0]
        hint = did_you_mean(answer, ids)
        console.print(f"No scenario {answer!r}" + (f"; {hint}" if hint else f"; pick 1-{len(ids)}"))
