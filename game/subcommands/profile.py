"""``warroom profile``: your scores by DOP-C02 domain, task statement and fault family, and what to play next."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from warroom.engine import catalog

from ..console import make_console
from ..errors import EXIT_OK
from ..history import read_games
from ..profile_stats import CLEARED, FIGURES, Profile, Tally, build_profile, library_tasks

NAME = "profile"
HELP = "your scores by exam domain, task statement and fault family, and what to play next"
DESCRIPTION = f"""\
Sum up the games in your history ('warroom history'): for each DOP-C02 domain, each task
statement the bundled scenarios train and each family of faults, how many games, the mean
and best totals and how many were resolved; then the scenarios to play next. Those are
unplayed scenarios of your weakest domains (unplayed domains first, then by mean total), at
the tier after the highest you have cleared there (resolved with a total of at least
{CLEARED:g}), preferring those that train task statements you have not played or are weakest
at, each with the reason. Autopilot games are left out unless --autopilot is given."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``profile``'s arguments."""
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--autopilot", action="store_true", help="count autopilot games too")


def run(args: argparse.Namespace) -> int:
    """Print the profile."""
    entries = catalog()
    profile = build_profile(read_games(), entries, autopilot=args.autopilot, tasks_of=library_tasks(entries))
    if args.json:
        print(json.dumps(profile.to_json(), indent=2))
        return EXIT_OK
    make_console().print(view(profile))
    return EXIT_OK


def tally_table(title: str, heading: str, tallies: Sequence[Tally]) -> Table:
    """One table of tallies: a row per domain or family."""
    table = Table(title=title, title_justify="left")
    table.add_column(heading, overflow="fold")
    for figure in FIGURES:
        table.add_column(figure, justify="right")
    for t in tallies:
        table.add_row(t.label, *t.cells())
    return table


def view(profile: Profile) -> Group:
    """The whole profile: the summary, the tables, the recommendations."""
    counts = " --autopilot counts them." if profile.autopilot_left_out else ""
    parts: list[Text | Table] = [Text(f"Your profile: {profile.describe()}{counts}", style="bold")]
    parts.append(tally_table("By DOP-C02 domain", "domain", profile.domains))
    parts.append(tally_table("By DOP-C02 task statement", "task statement", profile.tasks))
    if profile.families:
        parts.append(tally_table("By fault family (weakest first)", "family", profile.families))
    parts.append(Text("What to play next", style="bold"))
    if not profile.recommendations:
        parts.append(Text("  You have played every bundled scenario. Replay your weakest with another seed."))
    for number, r in enumerate(profile.recommendations, start=1):
        line = Text(f"  {number}. warroom play {r.scenario_id}", style="bold")
        line.append(f"  {r.title} ({r.difficulty})\n     {r.reason}", style="")
        parts.append(line)
    return Group(*parts)
