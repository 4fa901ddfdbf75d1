"""``warroom list``: the bundled scenarios."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from warroom.engine import catalog

from ..console import make_console
from ..errors import EXIT_OK
from ..fitted import Column, print_fitted

NAME = "list"
HELP = "list the bundled scenarios"
COLUMNS = (
    Column("id", wrap=False),
    Column("title", 22),
    Column("difficulty", 12, rank=3),
    Column("domains", 17, rank=2),
    Column("minutes", 7, rank=3),
    Column("summary", 22, grows=True),
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``list``'s arguments."""
    parser.add_argument("--json", action="store_true", help="print a JSON array instead of a table")


def run(args: argparse.Namespace) -> int:
    """Print the scenario library."""
    entries = catalog()
    if args.json:
        print(json.dumps([asdict(e) for e in entries], indent=2))
        return EXIT_OK
    rows = [(e.id, e.title, e.difficulty, "\n".join(e.domains), str(e.minutes), e.summary) for e in entries]
    print_fitted(make_console(), "Bundled scenarios  (warroom play ID)", COLUMNS, rows, "--json")
    return EXIT_OK
