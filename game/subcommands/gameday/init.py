"""``warroom gameday init``: write a commented, valid game-day file to start from."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ...errors import EXIT_OK, Failure
from ...gameday.scaffold import scaffold

NAME = "init"
HELP = "write a commented game-day file drawn from the bundled scenarios"
DESCRIPTION = """\
Print (or write to -o FILE) a game-day file with four teams, two rounds of bundled scenarios
(the first with a facilitator inject) and a summed standing, every field explained in a
comment and the bundled scenarios listed at the end. It validates as written."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``gameday init``'s arguments."""
    parser.add_argument("-o", "--output", metavar="FILE", help="write the file here (it must not exist yet)")


def run(args: argparse.Namespace) -> int:
    """Print or write the new game-day file."""
    text = scaffold()
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(args.output)
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise Failure(f"{target} already exists; choose another name or remove it") from None
    except OSError as exc:
        raise Failure(f"cannot write {target}: {exc.strerror or exc}") from None
    print(f"wrote {target}; check it with: warroom gameday validate {target}")
    return EXIT_OK
