"""warroom's headless simulation engine (DESIGN §2): no pygame, no terminal, no wall clock.

The front ends use only what this module exports: load a scenario, create a
:class:`Simulation`, send it :mod:`commands <engine.commands>`, read its
:class:`~engine.snapshot.Snapshot` and visible events, score it, record and replay it.
"""

from .commands import CancelAction, Command, DeclareResolved, RequestHint, StartAction
from .durations import format_clock, format_duration, parse_duration
from .errors import CommandError, Problem, ScenarioError
from .events import Event, Finding
from .recording import Recorder, Recording, ReplayResult, read_recording, replay, verify
from .scenario.library import bundled_ids, catalog, resolve
from .scenario.loader import LoadedScenario, load_bundled, load_scenario
from .scoring import LedgerLine, ScoreCard, score
from .simulation import Simulation
from .snapshot import Snapshot, snapshot
from .version import ENGINE_VERSION, RECORDING_FORMAT

__all__ = [
    "ENGINE_VERSION",
    "RECORDING_FORMAT",
    "CancelAction",
    "Command",
    "CommandError",
    "DeclareResolved",
    "Event",
    "Finding",
    "LedgerLine",
    "LoadedScenario",
    "Problem",
    "Recorder",
    "Recording",
    "ReplayResult",
    "RequestHint",
    "ScenarioError",
    "ScoreCard",
    "Simulation",
    "Snapshot",
    "StartAction",
    "bundled_ids",
    "catalog",
    "format_clock",
    "format_duration",
    "load_bundled",
    "load_scenario",
    "parse_duration",
    "read_recording",
    "replay",
    "resolve",
    "score",
    "snapshot",
    "verify",
]
