"""``warroom import``: architectures from what a team already has; ``cloudformation`` first."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from warroom.engine.importers.cloudformation import DEFAULT_REGION, Summary, import_templates
from warroom.engine.importers.cloudformation.output import architecture_yaml

from ..console import make_console
from ..errors import EXIT_OK, Misuse
from ..fitted import Column, print_fitted

NAME = "import"
HELP = "turn CloudFormation templates into an architecture file (warroom import cloudformation ...)"
DESCRIPTION = """\
Read infrastructure you already have into an architecture file that 'warroom validate',
'warroom list --architectures' and scenarios use.

  warroom import cloudformation TEMPLATE... [-o ARCH.yaml] [--stack-name NAME] [--param KEY=VALUE]

Several templates join into one graph: Fn::ImportValue of another template's exports and
local nested stacks become edges between the stacks. Resources warroom does not simulate
become visible cfn_resource nodes; the summary lists them, resources left out by a false
Condition and the values only known once deployed (kept as ${...} placeholders)."""


def _param(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"write a parameter as KEY=VALUE, not {text!r}")
    return name, value


def _configure_cloudformation(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("templates", nargs="+", type=Path, metavar="TEMPLATE", help="CloudFormation templates")
    parser.add_argument("-o", "--output", type=Path, help="architecture file to write (default: standard output)")
    parser.add_argument(
        "--stack-name",
        action="append",
        default=[],
        metavar="NAME",
        help="stack name of each template in order (default: the file name's stem)",
    )
    parser.add_argument(
        "--param", action="append", type=_param, default=[], metavar="KEY=VALUE", help="a parameter value"
    )
    parser.add_argument("--region", default=DEFAULT_REGION, help=f"the Region deployed to (default {DEFAULT_REGION})")


IMPORTERS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]] = {}
"""Importer name → (help, configure, run); one sub-subcommand each."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare one sub-subcommand per importer."""
    kinds = parser.add_subparsers(dest="source", metavar="SOURCE", required=True)
    for name, (help_text, configure_importer, run_importer) in IMPORTERS.items():
        sub = kinds.add_parser(name, help=help_text, description=help_text)
        configure_importer(sub)
        sub.set_defaults(run_import=run_importer)


def run(args: argparse.Namespace) -> int:
    """Run the chosen importer."""
    return int(args.run_import(args))


def _run_cloudformation(args: argparse.Namespace) -> int:
    if len(args.stack_name) > len(args.templates):
        raise Misuse(f"{len(args.stack_name)} --stack-name for {len(args.templates)} template(s)")
    imported = import_templates(args.templates, args.stack_name, dict(args.param), args.region)
    text = architecture_yaml(imported.architecture, imported.summary.templates)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        summary_stream = sys.stdout
    else:
        sys.stdout.write(text)
        summary_stream = sys.stderr
    console = make_console(summary_stream)
    print_summary(console, imported.summary, args.output)
    return EXIT_OK


def summary_rows(summary: Summary) -> list[tuple[str, str, str]]:
    """The summary as (section, item, detail) rows."""
    rows = [("nodes", name, str(n)) for name, n in sorted(summary.nodes_by_type.items())]
    rows += [("not simulated", name, f"{n} cfn_resource") for name, n in sorted(summary.unmapped.items())]
    rows += [("config or edges", name, str(n)) for name, n in sorted(summary.folded.items())]
    rows += [("left out", f"{stack}/{logical}", f"{cond} is false") for stack, logical, cond in summary.skipped]
    rows += [("condition unknown", name, "assumed true") for name in summary.assumed]
    rows += [("placeholder", f"${{{name}}}", "known once deployed") for name in summary.symbolic]
    rows += [("unattached", f"{stack}/{logical}", "names nothing imported") for stack, logical, _ in summary.unattached]
    rows += [("nested stack", f"{stack}/{logical}", f"not read: {url}") for stack, logical, url in summary.unfollowed]
    rows += [("alarm not simulated", node, "watches nothing imported") for node in summary.unwatched]
    return rows


def print_summary(console: Console, summary: Summary, output: Path | None) -> None:
    """Print what was imported and what was not carried over as is."""
    columns = (Column("section", 13), Column("item", 30, grows=True), Column("detail", 16))
    where = f" → {output}" if output else ""
    nodes = sum(summary.nodes_by_type.values())
    title = f"Imported {len(summary.stacks)} stack(s): {nodes} node(s), {summary.edges} edge(s){where}"
    print_fitted(console, title, columns, summary_rows(summary), "a wider terminal")


IMPORTERS["cloudformation"] = (
    "CloudFormation templates (YAML or JSON) → an architecture file",
    _configure_cloudformation,
    _run_cloudformation,
)
