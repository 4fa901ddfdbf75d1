"""``warroom list``: the bundled scenarios."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from rich.table import Table
from warroom.engine import catalog

from ..console import make_console
from ..errors import EXIT_OK

NAME = "list"
HELP = "list the bundled scenarios"


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``list``'s arguments."""
    parser.add_argument("--json", action="store_true", help="print a JSON array instead of a table")


def run(args: argparse.Namespace) -> int:
    """Print the scenario library."""
    entries = catalog()
    if args.json:
        print(json.dumps([asdict(e) | {"domains": list(e.domains)} for e in entries], indent=2))
        return EXIT_OK
    table = Table(title="Bundled scenarios  (warroom play ID)", title_justify="left")
    for column in ("id", "title", "difficulty", "domains", "minutes", "summary"):
        table.add_column(column, overflow="fold")
    for e in entries:
        table.add_row(e.id, e.title, e.difficulty, ", ".join(e.domains), str(e.minutes), e.summary)
    make_console().print(table)
    return EXIT_OK
