"""``warroom schema``: the JSON Schema of scenario (or architecture) files, for editors, or of JSON reports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from warroom.engine import architecture_schema, scenario_schema, schema_text

from ..errors import EXIT_OK, Failure

NAME = "schema"
HELP = "print the JSON Schema of scenario files"
DESCRIPTION = """\
Print the JSON Schema of the scenario format, enriched from the catalog so editors complete
fault, action and resource ids and check their parameters. The repository keeps copies in
docs/scenario.schema.json and docs/architecture.schema.json; scenario files point at them with
'# yaml-language-server: $schema=...'. With --report, the schema of 'warroom report --format json';
with --gameday, the schema of game-day files (docs/gameday.schema.json)."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``schema``'s arguments."""
    parser.add_argument("-o", "--output", metavar="FILE", help="write the schema to FILE instead of printing it")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--architecture", action="store_true", help="the schema of a shared architecture file instead")
    which.add_argument("--report", action="store_true", help="the schema of 'warroom report --format json' instead")
    which.add_argument("--gameday", action="store_true", help="the schema of a game-day file instead")


def run(args: argparse.Namespace) -> int:
    """Print or write the schema."""
    if args.report:
        from ..report.model import Report  # its chart type comes with pygame: loaded only when asked for

        text = schema_text(Report.model_json_schema())
    elif args.gameday:
        from warroom.engine.gameday import gameday_schema

        text = schema_text(gameday_schema())
    else:
        text = schema_text(architecture_schema() if args.architecture else scenario_schema())
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise Failure(f"cannot write {args.output}: {exc.strerror or exc}") from None
        return EXIT_OK
    sys.stdout.write(text)
    return EXIT_OK
