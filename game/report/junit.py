"""The JUnit XML report: a game-day as test results a CI system shows.

Three suites: **faults** (each fault found, and resolved by the end), **compliance** (each
finding closed by the end, and no conduct rule broken by the team) and **score** (each
dimension and the total at least :data:`PASS_MARK`). A test's ``time`` is the incident time it
took, in seconds, where that means something.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from warroom.engine import format_clock

from .model import Report
from .output import Format, Output

PASS_MARK = 80.0  # grade B: the score a game-day should reach
Check = tuple[str, str | None, str, int | None]  # name, failure message (None: passed), detail, seconds


def _faults(report: Report) -> list[Check]:
    checks: list[Check] = []
    for f in report.faults:
        role = "root cause" if f.key in report.root_causes else "contributing fault"
        found = None if f.discovered is not None else "never found"
        resolved = f"still active at the end ({f.fault_type} on {f.target})" if f.active_at_end else None
        found_in = None if f.discovered is None else f.discovered - f.injected
        resolved_in = None if f.resolved is None or f.active_at_end else f.resolved - f.injected
        checks += [
            (f"{role} {f.key} found", found, f.explanation, found_in),
            (f"{role} {f.key} resolved", resolved, f.explanation, resolved_in),
        ]
    return checks


def _compliance(report: Report) -> list[Check]:
    checks: list[Check] = [
        (
            f"{f.rule} on {f.resource}",
            None if f.closed is not None else f"open at the end ({f.origin}): {f.detail}",
            f"{f.title}: {f.description}",
            None,
        )
        for f in report.findings
    ]
    checks += [
        (f"conduct {c.rule} at {format_clock(c.tick)}", f"{c.title}: {c.detail}", f"by {c.action}", None)
        for c in report.conduct
        if c.by_team
    ]
    return checks


def _score(report: Report) -> list[Check]:
    parts = [(d.name, d.score, d.par) for d in report.score.dimensions]
    parts.append(("total", report.score.total, report.score.par_total))
    return [
        (
            f"{name} at least {PASS_MARK:g}",
            None if value >= PASS_MARK else f"{name} {value:.1f} is below {PASS_MARK:g}",
            f"{name} {value:.1f}" + (f" (par {par:.1f})" if par is not None else ""),
            None,
        )
        for name, value, par in parts
    ]


SUITES = {"faults": _faults, "compliance": _compliance, "score": _score}


def render(report: Report, stem: str) -> Output:
    """The report as JUnit XML (``stem`` is unused: nothing is written beside it)."""
    scenario = report.summary.scenario_id
    root = ET.Element("testsuites", name=f"warroom game-day: {report.summary.title}")
    for suite_name, checks_of in SUITES.items():
        checks = checks_of(report)
        failures = sum(1 for _, failure, _, _ in checks if failure is not None)
        suite = ET.SubElement(
            root, "testsuite", name=suite_name, tests=str(len(checks)), failures=str(failures), errors="0"
        )
        for name, failure, detail, seconds in checks:
            case = ET.SubElement(suite, "testcase", name=name, classname=f"{scenario}.{suite_name}")
            if seconds is not None:
                case.set("time", str(seconds))
            if failure is not None:
                ET.SubElement(case, "failure", message=failure).text = detail
            else:
                ET.SubElement(case, "system-out").text = detail
    root.set("tests", str(sum(int(s.get("tests", 0)) for s in root)))
    root.set("failures", str(sum(int(s.get("failures", 0)) for s in root)))
    ET.indent(root)
    return Output(ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n")


FORMAT = Format(".xml", render)
