"""How long ``warroom import cloudformation`` takes on the largest public test template.

Prints the median (and min/max) of several runs of :func:`import_templates` plus writing
the YAML, in-process (start-up of the command line not included). Never fails on a slow
result. The template folder: ``--templates``, ``$WARROOM_CFN_TEMPLATES``,
``../shared/cfn-templates`` beside the repository, or ``/work/shared/cfn-templates``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from warroom.engine import ScenarioError
from warroom.engine.importers.cloudformation import import_templates
from warroom.engine.importers.cloudformation.output import architecture_yaml

REPO = Path(__file__).resolve().parent.parent
LARGEST = "Solutions/CloudFrontCustomOriginLambda@Edge/CloudFront.yaml"


def folder(given: str | None) -> Path | None:
    """The folder of test templates, or ``None``."""
    for candidate in (given, os.environ.get("WARROOM_CFN_TEMPLATES"), REPO.parent / "shared" / "cfn-templates"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    fixed = Path("/work/shared/cfn-templates")
    return fixed if fixed.is_dir() else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--templates", help="folder of the public CloudFormation templates")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    root = folder(args.templates)
    if root is None:
        print("CloudFormation test templates not found (see --templates)", file=sys.stderr)
        return 1
    sizes = sorted((p.stat().st_size, p) for p in root.rglob("*.y*ml"))
    for label, path in (("largest", root / LARGEST), ("all 49 in turn", None)):
        times = []
        for _ in range(args.runs if path else max(3, args.runs // 5)):
            start = time.perf_counter()
            for template in [path] if path else [p for _, p in sizes]:
                try:
                    imported = import_templates([template])
                    architecture_yaml(imported.architecture, imported.summary.templates)
                except ScenarioError:  # the one template that fails (a Rain module) still counts its time
                    continue
            times.append(time.perf_counter() - start)
        size = f"{path.stat().st_size} bytes" if path else f"{len(sizes)} files"
        print(
            f"{label:>16} ({size}): median {statistics.median(times) * 1000:.1f} ms, "
            f"min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms over {len(times)} runs"
        )
    print(f"largest file in the folder: {sizes[-1][1].relative_to(root)} ({sizes[-1][0]} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
