"""warroom's headless simulation engine (DESIGN §2): no pygame, no terminal, no wall clock.

The front ends use only what this module exports: load a scenario, create a
:class:`Simulation`, send it :mod:`commands <engine.commands>`, read its
:class:`~engine.snapshot.Snapshot` and visible events, score it, record and replay it.
"""

from .actions import ACTIONS, ActionType, is_player
from .commands import CancelAction, Command, DeclareResolved, PlayCard, RequestHint, StartAction
from .compliance import CONDUCT_RULES, STATE_RULES
from .durations import format_clock, format_duration, parse_duration
from .edges import EDGE_KINDS, SYNC_KINDS, WORK_KINDS
from .errors import CommandError, Problem, ScenarioError
from .events import Event, Finding
from .faults import FAULTS
from .options import ActionOption, option, options_for, ordered_actions
from .recording import Recorder, Recording, ReplayResult, read_recording, replay, verify
from .registry import did_you_mean, docstring
from .resources import RESOURCES
from .scenario.archfile import LoadedArchitecture, is_architecture_file, load_architecture
from .scenario.library import (
    ArchitectureEntry,
    architecture_catalog,
    bundled_architectures,
    bundled_ids,
    catalog,
    resolve,
)
from .scenario.library import Entry as CatalogEntry
from .scenario.loader import LoadedScenario, load_bundled, load_scenario
from .scenario.models import DOMAINS, Scenario
from .scenario.schema import architecture_schema, scenario_schema, schema_text
from .scoring import LedgerLine, ScoreCard, score
from .session import Session
from .simulation import Simulation
from .snapshot import MetricSeries, Snapshot, describe_event, node_metrics, snapshot
from .timeline import Timeline
from .truth import NodeTruth, truth
from .version import ENGINE_VERSION, RECORDING_FORMAT

__all__ = [
    "ACTIONS",
    "CONDUCT_RULES",
    "DOMAINS",
    "EDGE_KINDS",
    "ENGINE_VERSION",
    "FAULTS",
    "RECORDING_FORMAT",
    "RESOURCES",
    "STATE_RULES",
    "SYNC_KINDS",
    "WORK_KINDS",
    "ActionOption",
    "ActionType",
    "ArchitectureEntry",
    "CancelAction",
    "CatalogEntry",
    "Command",
    "CommandError",
    "DeclareResolved",
    "Event",
    "Finding",
    "LedgerLine",
    "LoadedArchitecture",
    "LoadedScenario",
    "MetricSeries",
    "NodeTruth",
    "PlayCard",
    "Problem",
    "Recorder",
    "Recording",
    "ReplayResult",
    "RequestHint",
    "Scenario",
    "ScenarioError",
    "ScoreCard",
    "Session",
    "Simulation",
    "Snapshot",
    "StartAction",
    "Timeline",
    "architecture_catalog",
    "architecture_schema",
    "bundled_architectures",
    "bundled_ids",
    "catalog",
    "describe_event",
    "did_you_mean",
    "docstring",
    "format_clock",
    "format_duration",
    "is_architecture_file",
    "is_player",
    "load_architecture",
    "load_bundled",
    "load_scenario",
    "node_metrics",
    "option",
    "options_for",
    "ordered_actions",
    "parse_duration",
    "read_recording",
    "replay",
    "resolve",
    "scenario_schema",
    "schema_text",
    "score",
    "snapshot",
    "truth",
    "verify",
]
