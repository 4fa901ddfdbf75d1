"""``warroom show``: look at an architecture file — the window's diagram with its groups where a
display exists, else an outline by stack and resource type in the terminal."""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from rich.tree import Tree
from warroom.engine import LoadedArchitecture

from ..console import make_console
from ..errors import EXIT_OK
from . import scaffold, suggest

NAME = "show"
HELP = "look at an architecture file: its diagram (grouped by stack), or an outline without a display"
DESCRIPTION = """\
Open an architecture file (a .yaml path — e.g. what 'warroom import cloudformation' wrote — or a
shared architecture's name) in the window: the diagram grouped by stack, Region, AZ and tier
(click a group's header to collapse it, G for all), and a resource's configuration and edges when
you click it. Without a display, or with --text, print an outline: each stack, its resources by
type. A bad file prints file:line:col problems and exits 1."""

NO_STACK = "(not in a stack)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``show``'s arguments."""
    parser.add_argument(
        "architecture", metavar="ARCH", help="an architecture .yaml file, or a shared architecture's name"
    )
    parser.add_argument("--text", action="store_true", help="print the outline even where a window could open")


def outline(architecture: LoadedArchitecture) -> Tree:
    """Each stack (Region when there are several), and its resources grouped by type."""
    spec = architecture.spec
    regions = {n.region for n in spec.nodes}
    by_group: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for node in spec.nodes:
        group = node.stack or (node.id if node.type == "cloudformation_stack" else NO_STACK)
        by_group[f"{group} ({node.region})" if len(regions) > 1 else group][node.type].append(node.id)
    stacks = len({n.stack for n in spec.nodes if n.stack})
    counts = ", ".join(
        _count(n, what) for n, what in ((len(spec.nodes), "resource"), (len(spec.edges), "edge"), (stacks, "stack"))
    )
    tree = Tree(f"{architecture.name}: {counts}")
    for group in sorted(by_group, key=lambda g: (g.startswith(NO_STACK), g)):
        types = by_group[group]
        branch = tree.add(f"{group} — {_count(sum(map(len, types.values())), 'resource')}")
        for type_id in sorted(types):
            branch.add(f"{type_id}: {', '.join(sorted(types[type_id]))}")
    return tree


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def run(args: argparse.Namespace) -> int:
    """Load the file, then open the window or print the outline."""
    architecture = suggest.load(scaffold.resolve_architecture(args.architecture, Path.cwd()))
    if not args.text:
        from ..window import display_problem

        problem = display_problem()
        if problem is None:
            from ..window.app import App

            App("architecture", {"architecture": architecture}).run()
            return EXIT_OK
        print(f"warroom: no window ({problem}); printing the outline", file=sys.stderr)
    make_console().print(outline(architecture))
    return EXIT_OK
