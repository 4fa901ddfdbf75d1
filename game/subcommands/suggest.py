"""``warroom suggest``: the weak spots of an architecture, numbered, each with a fault that would exercise it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from warroom.engine import LoadedArchitecture, ScenarioError, load_architecture
from warroom.engine.scenario.archfile import SCENARIO_KEYS
from warroom.engine.scenario.safeyaml import load as load_yaml
from warroom.engine.suggest import DETECTORS, Finding, suggest

from ..console import make_console
from ..errors import EXIT_OK, Failure, Misuse
from ..fitted import Column, print_fitted
from . import scaffold

NAME = "suggest"
HELP = "find an architecture's weak spots, and a fault that would exercise each"
DESCRIPTION = f"""\
Read an architecture file (a .yaml path, or a shared architecture's name: architectures/NAME.yaml
here, else a bundled one) and list what is fragile, most severe first, each finding numbered:
{chr(10).join(f"  {d.id:<24} {d.title}" for d in sorted(DETECTORS, key=lambda d: d.order))}
Each names the nodes, says why it matters, and proposes a fault from the catalog with its target
and parameters. Give a NUMBER to read one finding in full; --json prints every field.
'warroom new ID --architecture ARCH --from-suggestion NUMBER' scaffolds a scenario from one.
A bad architecture file prints file:line:col problems and exits 1; findings do not fail."""

COLUMNS = (
    Column("#", wrap=False),
    Column("severity", 8, rank=4),
    Column("kind", wrap=False, rank=3),
    Column("nodes", 14),
    Column("finding", 20, grows=True),
    Column("suggested fault", 29, rank=2),
)


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare ``suggest``'s arguments."""
    parser.add_argument(
        "architecture", metavar="ARCH", help="an architecture .yaml file, or a shared architecture's name"
    )
    parser.add_argument("number", metavar="NUMBER", nargs="?", type=int, help="show this finding in full")
    parser.add_argument("--json", action="store_true", help="print the findings as JSON")


def load(ref: scaffold.ArchitectureRef) -> LoadedArchitecture:
    """Load and check the architecture file; a scenario file given instead is refused in one
    line naming the architecture it plays on (its own problems would all be beside the point)."""
    try:
        return load_architecture(ref.source, ref.shown)
    except ScenarioError as exc:
        try:
            data, _ = load_yaml(ref.source.read_text(encoding="utf-8"), ref.shown)
        except (ScenarioError, OSError, UnicodeDecodeError):
            raise exc from None
        if not isinstance(data, dict) or not set(data) & SCENARIO_KEYS:
            raise
        named = data.get("architecture")
        hint = f"; it plays on {named!r}: 'warroom suggest {named}'" if isinstance(named, str) else ""
        raise Failure(f"{ref.shown} is a scenario, not an architecture file{hint}") from None


def findings_of(argument: str, folder: Path) -> tuple[scaffold.ArchitectureRef, list[Finding]]:
    """The architecture an argument names, loaded and checked, and its findings."""
    ref = scaffold.resolve_architecture(argument, folder)
    return ref, suggest(load(ref))


def pick(findings: list[Finding], number: int, argument: str) -> Finding:
    """Finding ``number``; misuse naming the valid range when there is none."""
    if not 1 <= number <= len(findings):
        have = f"its findings are numbered 1 to {len(findings)}" if findings else "it has no findings"
        raise Misuse(f"{argument} has no finding {number}: {have} ('warroom suggest {argument}' lists them)")
    return findings[number - 1]


def _fault(finding: Finding) -> str:
    return finding.proposal.text() if finding.proposal else "— (none in the catalog)"


def _fault_cell(finding: Finding) -> str:
    """The suggested fault on up to three lines (fault, target, parameters), so ids stay whole."""
    if finding.proposal is None:
        return "—"
    params = ", ".join(f"{k}={v}" for k, v in finding.proposal.params.items())
    return "\n".join(filter(None, (finding.proposal.fault, f"on {finding.proposal.target}", params)))


def _details(finding: Finding) -> list[str]:
    """One finding in full: what, where, why, the lasting fix, and every fault proposed."""
    where = [f"   at {finding.where}"] if finding.where else []
    return [
        f"{finding.number}. [{finding.severity.label}] {finding.kind}: {finding.title}",
        *where,
        "",
        f"Why it matters: {finding.why}",
        "",
        f"The lasting fix: {finding.fix}.",
        "",
        f"Suggested fault: {_fault(finding)}",
        *(f"  or: {p.text()}" for p in finding.proposals[1:]),
    ]


def run(args: argparse.Namespace) -> int:
    """Load the architecture, run every detector, print the findings."""
    ref, findings = findings_of(args.architecture, Path.cwd())
    shown = [pick(findings, args.number, args.architecture)] if args.number is not None else findings
    console = make_console()
    if args.json:
        data = {"architecture": ref.name, "file": ref.shown, "findings": [f.as_json() for f in shown]}
        print(json.dumps(data, indent=2))
    elif args.number is not None:
        console.print("\n".join(_details(shown[0])))
    elif not findings:
        console.print(f"{ref.name}: no weak spots found by {len(DETECTORS)} detectors")
    else:
        rows = [
            (str(f.number), f.severity.label, f.kind, ", ".join(f.nodes), f.title, _fault_cell(f)) for f in findings
        ]
        print_fitted(console, f"Weak spots of {ref.name}", COLUMNS, rows, f"'warroom suggest {args.architecture} N'")
        console.print(
            f"'warroom suggest {args.architecture} N' explains finding N; "
            f"'warroom new ID --architecture {args.architecture} --from-suggestion N' scaffolds a scenario from it."
        )
    return EXIT_OK
