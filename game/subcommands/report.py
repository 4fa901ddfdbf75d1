"""``warroom report``: a blameless postmortem of a recorded game, as Markdown, HTML, JSON or JUnit XML.

The game is re-simulated from its commands, as ``warroom replay`` does, so the report never
trusts a score stored in the recording; a recording that does not verify still gets its
report (of the re-simulated game), with a note.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import EXIT_OK
from ..report import FORMATS, load_format, save
from .replay import load

NAME = "report"
HELP = "write a postmortem of a recorded game"
DESCRIPTION = """\
Re-simulate a recorded game and write its postmortem: summary, impact (minutes users were
hurt, error budget, KPI units and dollars lost), detection, timeline, who did what, root
cause and contributing factors, the score with its ledger, par beside the team's moves, and
action items for what was left open. Formats: md (Markdown, the chart as a PNG beside it),
html (one self-contained page), json (the report model: 'warroom schema --report'), junit
(test results for CI). The scenario is found from the recording's header; --scenario
overrides it."""


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``report``'s arguments."""
    parser.add_argument("file", metavar="FILE", help="a recording (.jsonl) written by 'warroom play'")
    parser.add_argument("--format", choices=list(FORMATS), default="md", help="the report's format (default: md)")
    parser.add_argument("-o", "--output", metavar="OUT", help="where to write it (default: FILE's name, here)")
    parser.add_argument("--scenario", metavar="PATH", help="the scenario to replay on (default: as recorded)")


def run(args: argparse.Namespace) -> int:
    """Build the report and write it (and its charts) to OUT."""
    from ..report.build import build_report  # draws with pygame: loaded only when a report is made

    recording, scenario = load(args)
    report = build_report(recording, scenario)
    if not report.summary.verified:
        note = f"{args.file} does not verify ({report.summary.verification}); this is the re-simulated game"
        print(f"warroom: note: {note}", file=sys.stderr)
    chosen = load_format(args.format)
    out = Path(args.output or Path(args.file).with_suffix(chosen.suffix).name)
    for path in save(chosen.render(report, out.stem), out):
        print(path)
    return EXIT_OK
