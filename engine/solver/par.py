"""Par: the best plan the solver found for each variant of a scenario, kept beside it.

A par file (``par/<scenario-id>.json`` in the scenario's folder) holds, per variant, the
plan and the score it makes on :data:`PAR_SEED`, with the scenario's sha256 and the engine
version it was solved with. It is *fresh* while the scenario and engine are unchanged and
replaying each plan still gives its stored score; CI checks that for every bundled scenario.

A plan is a list of timed moves, not tied to a seed, so the debrief can replay it on the
player's own seed and variant to show the par of *their* game (:func:`par_card`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from ..scenario.loader import LoadedScenario, bundled_root
from ..scoring import ScoreCard
from ..version import ENGINE_VERSION
from .search import Solution, Step, plan_score

PAR_SEED = 7
PAR_FORMAT = 1
SUMMARY = ("recovery", "cost", "compliance", "total", "grade", "resolved")


@dataclass(frozen=True)
class Par:
    """The stored par of one variant (``variant is None``: a scenario without variants)."""

    variant: str | None
    plan: list[Step]
    score: dict[str, Any]


def summary(card: ScoreCard) -> dict[str, Any]:
    """The parts of a score card a par file keeps."""
    data = card.to_json()
    return {key: data[key] for key in SUMMARY}


def par_location(scenario: LoadedScenario) -> Traversable:
    """Where a scenario's par file lives: ``par/<id>.json`` beside the scenario file."""
    if scenario.source.startswith("<bundled>/"):
        return bundled_root().joinpath("par", f"{scenario.id}.json")
    return Path(scenario.source).parent / "par" / f"{scenario.id}.json"


def variants_of(scenario: LoadedScenario) -> list[str | None]:
    """The variants par is kept for (``[None]`` when the scenario has none)."""
    return list(scenario.model.variant_ids()) or [None]


def read_par(scenario: LoadedScenario) -> tuple[dict[str, Any] | None, str]:
    """The stored par file's data and ``''``, or ``None`` and why there is none."""
    location = par_location(scenario)
    try:
        data = json.loads(location.read_text(encoding="utf-8"))
    except FileNotFoundError:
        named = scenario.id if scenario.source.startswith("<bundled>/") else scenario.source
        return None, f"no par file ({location}); run: warroom solve {named} --write"
    except (OSError, ValueError) as exc:
        return None, f"cannot read the par file {location}: {exc}"
    return data, ""


def stored_pars(data: dict[str, Any]) -> list[Par]:
    """The pars in a par file's data."""
    return [Par(p["variant"], [Step.from_json(s) for s in p["plan"]], p["score"]) for p in data.get("pars", [])]


def staleness(scenario: LoadedScenario) -> str:
    """Why the stored par is missing or stale (``''`` when it is fresh)."""
    data, problem = read_par(scenario)
    if data is None:
        return problem
    named = scenario.id if scenario.source.startswith("<bundled>/") else scenario.source
    rerun = f"run: warroom solve {named} --write"
    if data.get("scenario_sha256") != scenario.sha256:
        return f"the scenario changed since par was solved; {rerun}"
    if data.get("engine") != ENGINE_VERSION:
        return f"par was solved with engine {data.get('engine')}, this is {ENGINE_VERSION}; {rerun}"
    pars = {p.variant: p for p in stored_pars(data)}
    missing = [v or "(no variant)" for v in variants_of(scenario) if v not in pars]
    if missing:
        return f"no par for variant {', '.join(missing)}; {rerun}"
    for variant in variants_of(scenario):
        par = pars[variant]
        now = summary(plan_score(scenario, int(data.get("seed", PAR_SEED)), par.plan, variant))
        if now != par.score:
            which = variant or "the scenario"
            return f"the par plan of {which} now scores {now['total']}, not {par.score['total']}; {rerun}"
    return ""


def par_data(scenario: LoadedScenario, solutions: dict[str | None, Solution]) -> dict[str, Any]:
    """A par file's data for these solutions (one per variant)."""
    return {
        "format": PAR_FORMAT,
        "scenario": scenario.id,
        "scenario_sha256": scenario.sha256,
        "engine": ENGINE_VERSION,
        "seed": PAR_SEED,
        "pars": [
            {
                "variant": variant,
                "source": s.stats.source,
                "score": summary(s.card),
                "plan": [step.to_json() for step in s.plan],
            }
            for variant, s in solutions.items()
        ],
    }


def stored_plan(scenario: LoadedScenario, variant: str | None) -> list[Step] | None:
    """The stored par plan of a variant, if the par file was solved on this scenario and engine."""
    data, _ = read_par(scenario)
    if data is None or data.get("scenario_sha256") != scenario.sha256 or data.get("engine") != ENGINE_VERSION:
        return None
    return next((p.plan for p in stored_pars(data) if p.variant == variant), None)


def par_card(scenario: LoadedScenario, seed: int, variant: str | None) -> ScoreCard | None:
    """The par of one game: the stored plan of its variant replayed on its seed (``None`` if no fresh par)."""
    plan = stored_plan(scenario, variant)
    return None if plan is None else plan_score(scenario, seed, plan, variant)
