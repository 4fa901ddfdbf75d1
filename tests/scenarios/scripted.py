"""Scripted plays of the bundled scenarios, shared by the outcome tests, the report tests and
tests/golden/regenerate.py; :func:`record` plays one into a recording as a player's game is recorded.

Each bundled scenario has a module in ``tests/scenarios/plays/`` (its id with ``_`` for
``-``) holding its scripts. A script is a list of ``(tick, action, target, params)`` steps,
played the way a terminal player would (``play_script`` in tests/conftest.py);
``action == "end"`` declares the incident over. A plays module defines:

* ``RIGHT`` — the right fix, which resolves every fault;
* ``WRONG`` — tempting wrong fixes by name, each with the reasons its ledger must give;
* ``CONSOLE`` (optional) — the faster console fix that changes production by hand;
* ``NEXT_RELEASE`` (optional) — the teammate's release that undoes a console fix: its
  action and when it starts;
* ``VARIANTS`` (optional, for a scenario with variants) — the right fix of each variant
  that :data:`SEED` does not pick, by variant id.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from warroom.engine import Session, StartAction, resolve

Step = tuple[int, str, str | None, dict[str, Any]]

SEED = 7
PLAYS = Path(__file__).resolve().parent / "plays"


def _plays() -> dict[str, Any]:
    modules = sorted(p.stem for p in PLAYS.glob("*.py") if not p.stem.startswith("_"))
    return {name.replace("_", "-"): importlib.import_module(f"plays.{name}") for name in modules}


_MODULES = _plays()

SCENARIOS: tuple[str, ...] = tuple(_MODULES)
#: the scenarios whose right fix is kept as a golden recording (tests/golden)
GOLDEN: tuple[str, ...] = ("canary-checkout", "drifted-web-tier", "orders-go-quiet")
RIGHT: dict[str, list[Step]] = {s: m.RIGHT for s, m in _MODULES.items()}
CONSOLE: dict[str, list[Step]] = {s: m.CONSOLE for s, m in _MODULES.items() if hasattr(m, "CONSOLE")}
#: scenario → name → (script, reasons the ledger must give for what was wrong)
WRONG: dict[str, dict[str, tuple[list[Step], tuple[str, ...]]]] = {s: m.WRONG for s, m in _MODULES.items()}
#: scenario → (the teammate's release that undoes a console fix: its action, when it starts)
#: scenario → variant → its right fix (the variants the seed does not pick)
VARIANTS: dict[str, dict[str, list[Step]]] = {s: m.VARIANTS for s, m in _MODULES.items() if hasattr(m, "VARIANTS")}
NEXT_RELEASE: dict[str, tuple[str, int]] = {
    s: m.NEXT_RELEASE for s, m in _MODULES.items() if hasattr(m, "NEXT_RELEASE")
}


def record(scenario_id: str, script: list[Step], path: Path, seed: int = SEED) -> Session:
    """Play ``script`` on a bundled scenario through a recorded session, to the end of the game."""
    session = Session.start(resolve(scenario_id), seed, record=path, reference=scenario_id)
    for tick, action, target, params in script:
        session.advance(tick - session.sim.tick)
        if action == "end":
            session.declare_over()
            break
        session.submit(StartAction(action, target, params))
    if not session.sim.ended:
        session.advance(session.sim.duration)
    session.close()
    return session
