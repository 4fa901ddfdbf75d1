"""Shared helpers for the engine tests: purpose-made architectures and scripted play.

The *kitchen sink* (``fixtures/architectures/kitchen-sink.yaml``) holds at least one node of
every resource type, wired legally, so every fault and every action has a target. Scenarios
are plain dicts, written to a temporary folder and loaded through the real loader, so every
test also exercises loading and validation.
"""

from __future__ import annotations

import atexit
import copy
import json
import shutil
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from warroom.engine import Event, LoadedScenario, Simulation, StartAction, load_scenario
from warroom.engine import events as ev

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
KITCHEN_SINK = FIXTURES / "architectures" / "kitchen-sink.yaml"
REPO = HERE.parent.parent
BUNDLED = REPO / "scenarios"

OUTCOMES = (ev.ActionCompleted, ev.ActionFailed, ev.ActionRejected)

# Faults that give the remediations something to remediate (rollbacks, DLQs, certificates).
SETUP = [
    {"id": "canary", "at": 0, "fault": "canary_regression", "target": "orders-dg", "params": {"version": "2"}},
    {"id": "poison", "at": 0, "fault": "sqs_poison_message", "target": "orders-queue", "params": {}},
    {"id": "cert", "at": 0, "fault": "certificate_expired", "target": "web-cert", "params": {"expires_in": "2h"}},
    {"id": "leak", "at": 0, "fault": "leaked_access_key", "target": "deploy-user", "params": {}},
]

# Target and parameters per action (the ``_iac`` variants share their console twin's entry).
# Actions not listed take the first resource they apply to, and no parameters.
TABLE: dict[str, tuple[str | None, dict[str, Any]]] = {
    "add_invoke_permission": ("orders-fn", {"principal": "sns.amazonaws.com"}),
    "add_origin_failover": ("cdn", {}),
    "authorize_ingress": ("app-sg", {"port": 8443, "source": "10.0.0.0/16"}),
    "check_replication": ("receipts-bucket", {}),
    "describe_deployment": ("orders-dg", {}),
    "enable_partial_batch_response": ("worker-fn", {}),
    "fail_over_region": ("failover-dns", {}),
    "enable_rule": ("legacy-rule", {}),
    "fix_alarm": ("orders-errors", {"threshold": 7}),
    "fix_event_pattern": ("legacy-rule", {"source": "com.example.legacy2"}),
    "fix_replication": ("receipts-bucket", {"replica_kms_key": "data-key"}),
    "grant_permission": ("orders-role", {"action": "s3:GetObject", "resource": "receipts-bucket"}),
    "grant_service_wildcard": ("orders-role", {"services": ["s3"]}),
    "hardcode_db_password": ("web-ecs", {}),
    "set_bucket_policy": ("artifacts-bucket", {"public": True}),
    "set_circuit_breaker": ("web-ecs", {"enabled": False}),
    "set_public_access_block": ("artifacts-bucket", {"blocked": False}),
    "set_secret_rotation": ("app-secret", {"enabled": False}),
    "inspect_queue": ("orders-queue", {}),
    "purge_queue": ("orders-queue", {}),
    "quarantine_message": ("orders-queue", {}),
    "redrive_dlq": ("orders-dlq", {}),
    "reimport_certificate": ("web-cert", {}),
    "rotate_access_key": ("ci-user", {}),
    "restore_validation_record": ("legacy-cert", {}),
    "revoke_ingress": ("app-sg", {"port": 8080, "source": "alb-sg"}),
    "rollback_deployment": ("orders-dg", {}),
    "s3_batch_replication": ("receipts-bucket", {}),
    "s3_sync_copy": ("receipts-bucket", {}),
    "set_desired_capacity": ("web-asg", {"desired": 4}),
    "set_health_check": ("failover-dns", {"depth": "deep"}),
    "set_desired_tasks": ("web-ecs", {"desired": 5}),
    "set_instance_type": ("web-ec2", {"instance_type": "m5.xlarge"}),
    "set_redrive_policy": ("orders-queue", {"dlq": "orders-dlq", "max_receive_count": 3}),
    "set_reserved_concurrency": ("orders-fn", {"value": 200}),
    "set_shard_count": ("clicks-stream", {"shards": 4}),
    "set_table_capacity": ("orders-table", {"wcu": 6000}),
    "shift_alias": ("orders-fn", {"version": "1"}),
    "terminate_rogue_instances": ("deploy-user", {}),
    "view_metrics": ("orders-fn", {}),
    "query_logs": ("orders-fn", {}),
    "zonal_shift": ("web-alb", {"az": "us-east-1a"}),
}


@cache
def _kitchen_arch() -> str:
    return json.dumps(yaml.safe_load(KITCHEN_SINK.read_text(encoding="utf-8")))


def kitchen_arch() -> dict[str, Any]:
    """A fresh copy of the kitchen-sink architecture as a dict."""
    return json.loads(_kitchen_arch())


def node_spec(arch: dict[str, Any], node_id: str) -> dict[str, Any]:
    """The node entry called ``node_id`` in an architecture dict (to tweak it in a test)."""
    return next(n for n in arch["nodes"] if n["id"] == node_id)


def scenario(
    architecture: dict[str, Any] | str,
    traffic: list[dict[str, Any]],
    **fields: Any,
) -> dict[str, Any]:
    """A minimal valid scenario dict around an architecture; ``fields`` override anything."""
    data: dict[str, Any] = {
        "id": "engine-test",
        "title": "Engine test",
        "summary": "A purpose-made scenario for the engine tests.",
        "difficulty": "intro",
        "domains": ["incident-response"],
        "briefing": "Keep it running.",
        "architecture": architecture,
        "clock": {"duration": "30m"},
        "traffic": traffic,
        "debrief": "That was a test.",
    }
    data.update(fields)
    return data


def kitchen_scenario(**fields: Any) -> dict[str, Any]:
    """The kitchen sink with traffic at both entries and two business KPIs."""
    base: dict[str, Any] = {
        "business": {
            "revenue_per_minute": 500,
            "kpis": [
                {"id": "orders", "name": "Orders placed", "node": "orders-fn", "value_cents": 2000},
                {"id": "fulfilled", "name": "Orders fulfilled", "node": "fulfil-fn"},
            ],
        },
        "responders": 3,
    }
    base.update(fields)
    arch = base.pop("architecture", None) or kitchen_arch()
    traffic = base.pop("traffic", None) or [{"entry": "dns", "rate": 40}, {"entry": "api", "rate": 20}]
    return scenario(arch, traffic, **base)


def write(folder: Path, data: dict[str, Any], name: str = "scenario.yaml") -> Path:
    """Write a scenario (or architecture) dict as YAML."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


_CACHE: dict[str, LoadedScenario] = {}
_FOLDER: list[Path] = []


def load(data: dict[str, Any]) -> LoadedScenario:
    """Load a scenario dict through the real loader (cached: loaded scenarios are read-only)."""
    key = json.dumps(data, sort_keys=True)
    if key not in _CACHE:
        if not _FOLDER:
            _FOLDER.append(Path(tempfile.mkdtemp(prefix="warroom-engine-tests-")))
            atexit.register(shutil.rmtree, _FOLDER[0], ignore_errors=True)
        _CACHE[key] = load_scenario(write(_FOLDER[0], data, f"s{len(_CACHE)}.yaml"))
    return _CACHE[key]


def of(events: Iterable[Event], kind: type, **match: Any) -> list[Any]:
    """Events of one type whose fields equal ``match``."""
    return [e for e in events if isinstance(e, kind) and all(getattr(e, k) == v for k, v in match.items())]


def act(sim: Simulation, action: str, target: str | None = None, params: dict[str, Any] | None = None) -> Event:
    """Start an action and run time until it completes, fails or is rejected; return that event."""
    mark = len(sim.log)
    sim.submit(StartAction(action, target, dict(params or {})))
    started = of(sim.log[mark:], ev.ActionStarted)
    if not started:
        return of(sim.log[mark:], ev.ActionRejected)[-1]
    number = started[0].number
    sim.advance(started[0].ends_at - sim.tick)
    done = [e for e in sim.log[mark:] if isinstance(e, OUTCOMES[:2]) and e.number == number]
    assert done, f"{action} #{number} neither completed nor failed by {sim.tick}"
    return done[0]


def start(sim: Simulation, action: str, target: str | None = None, params: dict[str, Any] | None = None) -> int:
    """Start an action without waiting; return its number."""
    mark = len(sim.log)
    sim.submit(StartAction(action, target, dict(params or {})))
    started = of(sim.log[mark:], ev.ActionStarted)
    assert started, f"{action} was not started: {sim.log[mark:]}"
    return started[0].number


def run_until(sim: Simulation, tick: int) -> None:
    """Advance to an absolute tick."""
    sim.advance(tick - sim.tick)


def fresh(data: dict[str, Any], seed: int = 7) -> Simulation:
    """A new simulation of a scenario dict."""
    return Simulation(load(data), seed)


def deep(value: Any) -> Any:
    """A deep copy (shorthand)."""
    return copy.deepcopy(value)


def fuzz_settings(examples: int) -> Any:
    """Hypothesis settings for engine properties.

    Bounded examples and no deadline (machines vary), derandomized so that a failure in CI
    reproduces anywhere, and no example database written into the checkout.
    """
    from hypothesis import HealthCheck, settings

    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )
