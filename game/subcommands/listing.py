"""``warroom list``: the bundled scenarios, or (``--architectures``) the architectures they share."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from warroom.engine import architecture_catalog, catalog

from ..console import make_console
from ..errors import EXIT_OK
from ..fitted import Column, print_fitted

NAME = "list"
HELP = "list the bundled scenarios (or, with --architectures, the architectures they share)"


@dataclass(frozen=True)
class Listing:
    """One thing ``list`` lists: its entries, and how they print as a table."""

    title: str
    columns: tuple[Column, ...]
    entries: Callable[[], Sequence[Any]]
    row: Callable[[Any], tuple[str, ...]]


LISTINGS = {
    "scenarios": Listing(
        "Bundled scenarios  (warroom play ID)",
        (
            Column("id", wrap=False),
            Column("title", 22),
            Column("difficulty", 12, rank=3),
            Column("domains", 17, rank=2),
            Column("minutes", 7, rank=3),
            Column("summary", 22, grows=True),
        ),
        catalog,
        lambda e: (e.id, e.title, e.difficulty, "\n".join(e.domains), str(e.minutes), e.summary),
    ),
    "architectures": Listing(
        "Bundled architectures  (architecture: NAME in a scenario)",
        (
            Column("name", wrap=False),
            Column("nodes", 5),
            Column("resource types", 30, rank=2, grows=True),
            Column("regions", 9, rank=3),
            Column("used by", 21),
        ),
        architecture_catalog,
        lambda e: (e.name, str(e.nodes), ", ".join(e.types), "\n".join(e.regions), "\n".join(e.used_by) or "—"),
    ),
}


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``list``'s arguments."""
    parser.add_argument("--json", action="store_true", help="print a JSON array instead of a table")
    parser.add_argument(
        "--architectures",
        action="store_true",
        help="list the shared architectures: nodes, resource types, regions and the scenarios using each",
    )


def run(args: argparse.Namespace) -> int:
    """Print the scenario library or its architectures."""
    listing = LISTINGS["architectures" if args.architectures else "scenarios"]
    entries = listing.entries()
    if args.json:
        print(json.dumps([asdict(e) for e in entries], indent=2))
        return EXIT_OK
    more = "--architectures --json" if args.architectures else "--json"
    print_fitted(make_console(), listing.title, listing.columns, [listing.row(e) for e in entries], more)
    return EXIT_OK
