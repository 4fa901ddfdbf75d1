"""The engine is headless: every module imports without pygame, and it imports nothing but the
standard library, networkx, PyYAML and pydantic (DESIGN §2)."""

from __future__ import annotations

import ast
import importlib
import json
import subprocess
import sys
from pathlib import Path

PROBE = """
import importlib, json, pkgutil, sys
sys.modules["pygame"] = None          # any "import pygame" now raises ImportError
import warroom.engine
names = sorted(m.name for m in pkgutil.walk_packages(warroom.engine.__path__, "warroom.engine."))
failed = {}
for name in names:
    try:
        importlib.import_module(name)
    except Exception as exc:  # report every module, not just the first
        failed[name] = f"{type(exc).__name__}: {exc}"
game = sorted(m for m in sys.modules if m.startswith("warroom.game"))
print(json.dumps({"modules": names, "failed": failed, "game": game}))
"""

ALLOWED = {"networkx", "yaml", "pydantic", "warroom"}


def test_every_engine_module_imports_without_pygame() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["failed"] == {}
    assert len(report["modules"]) >= 40
    assert {"warroom.engine.world", "warroom.engine.simulation", "warroom.engine.scoring"} <= set(report["modules"])
    assert report["game"] == [], "the engine must not import the game"


def test_the_engine_imports_only_the_standard_library_and_its_three_dependencies() -> None:
    root = Path(importlib.import_module("warroom.engine").__file__).parent
    foreign = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ALLOWED:
                    foreign.append(f"{path.relative_to(root)}:{node.lineno} imports {name}")
                if name.startswith(("warroom.game", "warroom.assets")):
                    foreign.append(f"{path.relative_to(root)}:{node.lineno} imports {name}")
    assert foreign == []
