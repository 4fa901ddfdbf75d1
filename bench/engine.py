"""Engine benchmark: how fast ``Simulation.step()`` runs on large generated architectures.

Run ``python bench/engine.py`` (or ``make bench``); ``--quick`` does fewer runs and steps.
It prints figures and never asserts timings.

What it measures
----------------
DESIGN §3 says: *recompute only what changed: the cost of a tick must not grow with nodes
that nothing touched.* So for generated architectures of 50, 500 and 5,000 nodes, with one
fault active, this prints

* **ticks per second** of ``Simulation.step()`` — the median of several runs; each run is a
  fresh game, warmed up past the fault's injection, then timed over a fixed number of steps;
* **the bare loop** — the time of the smallest possible "visit every node once" tick::

      for node in nodes:
          node.load += 0.0

  over the world's real :class:`Node` objects (slotted, in a list built beforehand, so no
  dict or graph lookups are charged to it). It reads and writes one attribute per node and
  does nothing else: any engine that recomputes every node each tick costs at least this
  (a real recompute costs tens of times more). Summing an attribute instead would only drop
  the store; the loop is timed the same way as the engine (median of batches);
* **the ratio** engine tick ÷ bare loop. The project's goal at 5,000 nodes is a ratio below
  1: a tick cheaper than merely touching every node, because the work follows what changed.

It also reports, for the largest size, the time to build and load the scenario (generate,
validate, check, start the simulation), the cost of ``sim.digest()``, the cost of single
ticks grouped by the periodic work due in them (ordinary ticks, target-group health checks
every 30 s, the alarm round every 60 s), and a cProfile summary of one run's steps (top
functions by cumulative and by own time, and how many nodes the propagation recomputed
per tick). The numbers are wall-clock times on a shared machine: run it twice and compare
before drawing conclusions from differences of a few per cent.

The generated architectures
---------------------------
Deterministic from ``--seed``. A scenario is a few account-wide resources (a stack, the
on-call SNS topic, the CloudTrail trail) plus *services* until the size is reached; each
service is one CloudFormation stack holding:

* an entry with an ACM certificate — an API Gateway stage routing to 1–3 Lambda functions,
  or an HTTPS ALB routing through a target group to 1–2 ECS services on Fargate;
* 1–3 DynamoDB tables the front compute reads and writes, each front function or service
  with its own IAM role (least privilege, by resource) and log group;
* an EventBridge bus: every front compute puts its own event on it, and one rule per event
  (with a dead-letter queue) triggers a consumer function that records it in a table;
* an SQS work queue (most with a redrive policy to the service's DLQ) fed by the front
  compute and consumed by a worker function (batches of 10, no partial-batch responses);
* CloudWatch alarms on about one in ten resources that publish metrics (about one node in
  twenty), each paging the on-call topic.

Leftover nodes (fewer than one service's worth) are orphaned log groups in the account
stack, so each architecture has exactly the requested number of nodes. Every entry has
traffic (2–8 requests/s) and the KPI is the work the faulted queue's worker completes.

The fault
---------
``sqs_poison_message`` on the work queue of the middle service, which is given no redrive
policy, so the message never leaves, as in the classic incident. It is injected at 1 m and
stays active for the whole run. From then on the queue's state changes every tick (the age
of its oldest message, the poison message's receive count), and at injection the worker's
failing share, its KPI and the queue's metrics move. In the engine's model the worker's
failing share settles within a few ticks (a batch of ten fails per visibility timeout
whatever the traffic), so in steady state the region that changes each tick is the queue
itself; the profile line "nodes recomputed per tick" shows it. It is the only fault type
with per-second state (queues are the only resources that tick), which is why it was
chosen: a canary regression changes state only at its traffic steps.

``--fault runaway`` instead injects ``lambda_concurrency_exhaustion`` on that service's
worker: it takes the account's 1,000 concurrent executions, every unreserved function is
throttled and every work queue backs up, so hundreds of nodes change every tick. It is a
stress test of a large region (and slow: use ``--runs 3 --steps 600``), not the headline.

The scenario is built as Python data, validated with ``Scenario.model_validate``, checked
with ``check_architecture`` (must report no issues) and ``check_scenario`` (the loader's
reference checks), and wrapped in a ``LoadedScenario`` — the loader's own path minus YAML.
(At 50 and 500 nodes, loading the same data from a file gives the same game digest; the
report says how large the 5,000-node scenario is against the YAML loader's limits.)
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import warroom.engine
from warroom.engine.architecture import check_architecture
from warroom.engine.scenario.checks import check_scenario
from warroom.engine.scenario.loader import LoadedScenario
from warroom.engine.scenario.models import Scenario
from warroom.engine.scenario.safeyaml import MAX_BYTES, MAX_VALUES, Marks
from warroom.engine.simulation import Simulation

REPO = Path(__file__).resolve().parent.parent
SIZES = (50, 500, 5000)
INJECT_AT = 60  # the fault arrives at 1 m
#: --fault choices: the fault type, and which node of the middle service it targets
FAULT_CHOICES = {
    "poison": ("sqs_poison_message", "queue"),
    "runaway": ("lambda_concurrency_exhaustion", "worker"),
}
WARM_UNTIL = 120  # timing starts at 2 m: initial propagation and first ticks are over
EVENT_TYPES = ("OrderPlaced", "PaymentCaptured", "ItemViewed", "UserSignedUp", "InvoiceIssued", "StockChanged")
#: metric each type is alarmed on, with a threshold it does not reach at baseline
ALARMED = {
    "lambda_function": ("Errors", 50.0),
    "api_gateway": ("5XXError", 50.0),
    "alb": ("HTTPCode_ELB_5XX_Count", 50.0),
    "target_group": ("UnHealthyHostCount", 1.0),
    "ecs_service": ("CPUUtilization", 90.0),
    "dynamodb_table": ("ThrottledRequests", 10.0),
    "sqs_queue": ("ApproximateAgeOfOldestMessage", 900.0),
    "eventbridge_rule": ("FailedInvocations", 1.0),
}
ALARM_ODDS = 0.1


# -- generating architectures ------------------------------------------------------------------
@dataclass
class Service:
    """One generated service: its nodes, edges, entry and work queue."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    entry: str = ""
    rate: float = 0.0
    queue: str = ""
    redrive: bool = False
    worker: str = ""


class ServiceBuilder:
    """Builds one service's nodes and edges (see the module docstring)."""

    def __init__(self, prefix: str, rng: random.Random) -> None:
        self.p = prefix
        self.rng = rng
        self.out = Service()
        self.stack = f"{prefix}-stack"
        self.statements: dict[str, list[dict[str, Any]]] = {}

    def node(self, node_id: str, rtype: str, config: dict[str, Any] | None = None, *, stack: bool = True) -> str:
        spec: dict[str, Any] = {"id": node_id, "type": rtype, "config": config or {}}
        if stack:
            spec["stack"] = self.stack
        self.out.nodes.append(spec)
        return node_id

    def edge(self, source: str, kind: str, target: str, **attrs: Any) -> None:
        self.out.edges.append({"from": source, "kind": kind, "to": target, **attrs})

    def allow(self, role: str, actions: list[str], resource: str) -> None:
        self.statements[role].append({"actions": actions, "resources": [resource]})

    def compute(self, name: str, rtype: str, config: dict[str, Any], trust: str) -> tuple[str, str]:
        """A function or service with its own role and log group; returns ``(id, role)``."""
        node_id = self.node(name, rtype, config)
        role = self.node(f"{name}-role", "iam_role", {"trust": [f"{trust}.amazonaws.com"]})
        self.statements[role] = []
        logs = self.node(f"{name}-logs", "log_group", {"retention_days": self.rng.choice([14, 30, 90])})
        self.edge(node_id, "uses_role", role)
        self.edge(node_id, "triggers", logs, ratio=float(self.rng.randint(1, 4)))
        self.allow(role, ["logs:CreateLogStream", "logs:PutLogEvents"], logs)
        return node_id, role

    def lambda_config(self, **extra: Any) -> dict[str, Any]:
        version = str(self.rng.randint(3, 120))
        return {"traffic": {version: 1.0}, "latency_ms": float(self.rng.randint(30, 150)), **extra}

    def build(self) -> Service:
        rng, p = self.rng, self.p
        self.node(self.stack, "cloudformation_stack", stack=False)
        tables = [
            self.node(f"{p}-table{k}", "dynamodb_table", {"wcu": 500, "rcu": 1000, "partitions": 4})
            for k in range(1, rng.randint(1, 3) + 1)
        ]
        bus = self.node(f"{p}-bus", "eventbridge_bus", {"archive": rng.random() < 0.5})
        dlq = self.node(f"{p}-dlq", "sqs_queue")
        redrive = rng.random() < 0.7
        queue = self.node(
            f"{p}-queue", "sqs_queue", {"redrive": {"dlq": dlq, "max_receive_count": 5}} if redrive else {}
        )
        cert = self.node(f"{p}-cert", "acm_certificate", {"domain": f"{p}.example.com"})
        fronts: list[tuple[str, str]] = []
        if rng.random() < 0.6:
            entry = self.node(f"{p}-api", "api_gateway")
            self.edge(entry, "encrypts_with", cert)
            for k in range(1, rng.randint(1, 3) + 1):
                policy = [{"principal": "apigateway.amazonaws.com", "source": entry}]
                config = self.lambda_config(resource_policy=policy)
                fn = self.compute(f"{p}-api-fn{k}", "lambda_function", config, "lambda")
                self.edge(entry, "routes", fn[0], weight=float(rng.choice([1, 2, 5])))
                fronts.append(fn)
        else:
            entry = self.node(f"{p}-alb", "alb")
            group = self.node(f"{p}-tg", "target_group")
            self.edge(entry, "encrypts_with", cert)
            self.edge(entry, "routes", group)
            for k in range(1, rng.randint(1, 2) + 1):
                config = {"desired_count": rng.randint(2, 4), "latency_ms": float(rng.randint(20, 80))}
                svc = self.compute(f"{p}-web{k}", "ecs_service", config, "ecs-tasks")
                self.edge(group, "routes", svc[0])
                fronts.append(svc)
        sends_to_queue = [i == 0 or rng.random() < 0.5 for i in range(len(fronts))]
        for index, (front, role) in enumerate(fronts):
            read, write = rng.choice(tables), rng.choice(tables)
            if read != write:
                self.edge(front, "reads", read)
                self.allow(role, ["dynamodb:GetItem", "dynamodb:Query"], read)
            self.edge(front, "writes", write)
            self.allow(role, ["dynamodb:PutItem", "dynamodb:UpdateItem"], write)
            detail = rng.choice(EVENT_TYPES)
            source = f"com.{p}.{front.removeprefix(p + '-')}"
            event = {"source": source, "detail-type": detail}
            self.edge(front, "writes", bus, ratio=round(rng.uniform(0.2, 1.0), 2), event=event)
            self.allow(role, ["events:PutEvents"], bus)
            if sends_to_queue[index]:
                self.edge(front, "writes", queue, ratio=round(rng.uniform(0.2, 0.6), 2))
                self.allow(role, ["sqs:SendMessage"], queue)
            rule = self.node(
                f"{p}-rule{index + 1}",
                "eventbridge_rule",
                {"pattern": {"source": [source], "detail-type": [detail]}, "dlq": dlq},
            )
            self.edge(bus, "triggers", rule)
            self.edge(rule, "triggers", dlq)
            policy = [{"principal": "events.amazonaws.com", "source": rule}]
            config = self.lambda_config(resource_policy=policy, accepts=[detail])
            consumer, consumer_role = self.compute(f"{p}-on{index + 1}", "lambda_function", config, "lambda")
            self.edge(rule, "triggers", consumer)
            table = rng.choice(tables)
            self.edge(consumer, "writes", table)
            self.allow(consumer_role, ["dynamodb:PutItem", "dynamodb:UpdateItem"], table)
        worker, worker_role = self.compute(f"{p}-worker", "lambda_function", self.lambda_config(), "lambda")
        self.edge(queue, "triggers", worker)
        self.allow(worker_role, ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], queue)
        table = rng.choice(tables)
        self.edge(worker, "writes", table)
        self.allow(worker_role, ["dynamodb:PutItem", "dynamodb:UpdateItem"], table)
        for role, statements in self.statements.items():
            spec = next(n for n in self.out.nodes if n["id"] == role)
            spec["config"]["policies"] = [{"name": f"{role}-access", "statements": statements}]
        self.alarms()
        self.out.entry, self.out.rate = entry, round(rng.uniform(2.0, 8.0), 1)
        self.out.queue, self.out.redrive, self.out.worker = queue, redrive, worker
        return self.out

    def alarms(self) -> None:
        for spec in list(self.out.nodes):
            alarmed = ALARMED.get(spec["type"])
            if alarmed is None or self.rng.random() >= ALARM_ODDS:
                continue
            metric, threshold = alarmed
            alarm = self.node(
                f"{spec['id']}-alarm",
                "cloudwatch_alarm",
                {
                    "metric": metric,
                    "threshold": threshold,
                    "evaluation_periods": 3,
                    "datapoints_to_alarm": 3,
                    "treat_missing_data": "notBreaching",
                    "alarm_actions": ["oncall-topic"],
                },
            )
            self.edge(alarm, "monitors", spec["id"])
            self.edge(alarm, "triggers", "oncall-topic")


@dataclass
class Generated:
    """A generated scenario (plain data) and the facts the report needs about it."""

    data: dict[str, Any]
    nodes: int
    edges: int
    services: int
    fault_type: str
    fault_target: str


def generate(size: int, seed: int, fault: str = "poison") -> Generated:
    """A valid scenario whose architecture has exactly ``size`` nodes (deterministic in ``seed``)."""
    rng = random.Random(f"warroom-bench/{seed}/{size}")
    nodes: list[dict[str, Any]] = [
        {"id": "platform-stack", "type": "cloudformation_stack"},
        {"id": "oncall-topic", "type": "sns_topic", "stack": "platform-stack"},
        {"id": "org-trail", "type": "cloudtrail_trail", "stack": "platform-stack"},
    ]
    edges: list[dict[str, Any]] = []
    services: list[Service] = []
    misses = 0
    while misses < 5:
        service = ServiceBuilder(f"svc{len(services) + 1:04d}", rng).build()
        if len(nodes) + len(service.nodes) > size:
            misses += 1
            continue
        misses = 0
        services.append(service)
        nodes += service.nodes
        edges += service.edges
    if not services:
        raise SystemExit(f"{size} nodes is too few for one service")
    for k in range(1, size - len(nodes) + 1):
        nodes.append({"id": f"orphan-logs{k:02d}", "type": "log_group", "stack": "platform-stack"})
    faulted = services[len(services) // 2]
    if faulted.redrive:  # the poisoned queue has no redrive policy, so the message never leaves
        queue = next(n for n in faulted.nodes if n["id"] == faulted.queue)
        queue["config"] = {}
    fault_type, role = FAULT_CHOICES[fault]
    target = faulted.queue if role == "queue" else faulted.worker
    data = {
        "id": f"bench-{size}",
        "title": f"Benchmark: {len(services)} services, {size} nodes",
        "summary": f"One fault ({fault}) in one of {len(services)} services.",
        "difficulty": "advanced",
        "domains": ["incident-response"],
        "briefing": "Generated by bench/engine.py.",
        "architecture": {"description": f"{len(services)} generated services", "nodes": nodes, "edges": edges},
        "clock": {"duration": "30m"},
        "slo": {"target": 99.9},
        "traffic": [{"entry": s.entry, "rate": s.rate} for s in services],
        "business": {
            "revenue_per_minute": 5000,
            "kpis": [{"id": "work-done", "name": "Work items processed", "node": faulted.worker, "measure": "ok"}],
        },
        "injects": [{"id": "fault", "at": f"{INJECT_AT}s", "fault": fault_type, "target": target}],
        "debrief": "Generated by bench/engine.py.",
    }
    return Generated(data, len(nodes), len(edges), len(services), fault_type, target)


@dataclass
class Loaded:
    """A loaded scenario and the time each loading phase took (seconds)."""

    scenario: LoadedScenario
    phases: dict[str, float]


def load(generated: Generated) -> Loaded:
    """Validate and check the generated scenario through the loader's code path."""
    phases: dict[str, float] = {}
    start = time.perf_counter()
    model = Scenario.model_validate(generated.data)
    phases["Scenario.model_validate"] = time.perf_counter() - start
    arch = model.architecture
    assert not isinstance(arch, str)
    start = time.perf_counter()
    issues = check_architecture(arch)
    phases["check_architecture"] = time.perf_counter() - start
    if issues:
        raise SystemExit(f"generated architecture is invalid: {issues[:5]}")
    marks = Marks("bench")
    start = time.perf_counter()
    problems, _warnings = check_scenario(model, arch, marks)
    phases["check_scenario (all reference checks)"] = time.perf_counter() - start
    if problems:
        raise SystemExit(f"generated scenario is invalid: {problems[:5]}")
    return Loaded(LoadedScenario(model, arch, source="bench", sha256="bench", marks=marks), phases)


# -- timing --------------------------------------------------------------------------------------
def bare_loop(nodes: list[Any]) -> None:
    """The minimal "touch every node" tick the engine is compared with."""
    for node in nodes:
        node.load += 0.0


def time_bare(nodes: list[Any], batches: int = 7, budget: float = 0.05) -> float:
    """Median seconds per call of :func:`bare_loop` (batches sized to ``budget`` seconds)."""
    start = time.perf_counter()
    bare_loop(nodes)
    once = max(time.perf_counter() - start, 1e-7)
    repeat = max(int(budget / once), 3)
    samples = []
    for _ in range(batches):
        start = time.perf_counter()
        for _ in range(repeat):
            bare_loop(nodes)
        samples.append((time.perf_counter() - start) / repeat)
    return statistics.median(samples)


def warmed(scenario: LoadedScenario, seed: int) -> Simulation:
    """A fresh game stepped past the fault's injection and the first ticks."""
    sim = Simulation(scenario, seed=seed)
    while sim.tick < WARM_UNTIL:
        sim.step()
    fault = sim.faults.get("fault")
    if fault is None or not fault.active:
        raise SystemExit("the fault is not active after warm-up")
    return sim


@dataclass
class Run:
    tick_seconds: float
    bare_seconds: float


def timed_run(scenario: LoadedScenario, seed: int, steps: int) -> Run:
    """One run: a fresh warmed game, ``steps`` timed steps, then the bare loop on its nodes."""
    sim = warmed(scenario, seed)
    step = sim.step
    gc.collect()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    elapsed = time.perf_counter() - start
    bare = time_bare(list(sim.world.nodes.values()))
    return Run(elapsed / steps, bare)


@dataclass
class SizeResult:
    generated: Generated
    loaded: Loaded
    generate_seconds: float
    setup_seconds: float
    runs: list[Run]
    scenario_bytes: tuple[int, int]  # as indented and as compact JSON (which is YAML)
    scenario_values: int

    @property
    def tick(self) -> float:
        return statistics.median(r.tick_seconds for r in self.runs)

    @property
    def bare(self) -> float:
        return statistics.median(r.bare_seconds for r in self.runs)

    @property
    def ratio(self) -> float:
        return statistics.median(r.tick_seconds / r.bare_seconds for r in self.runs)


def count_values(value: Any) -> int:
    """Values in a document as the YAML loader counts them (every scalar, list and mapping; not keys)."""
    if isinstance(value, dict):
        return 1 + sum(count_values(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(count_values(v) for v in value)
    return 1


def bench_size(size: int, seed: int, runs: int, steps: int, fault: str) -> SizeResult:
    start = time.perf_counter()
    generated = generate(size, seed, fault)
    generate_seconds = time.perf_counter() - start
    loaded = load(generated)
    start = time.perf_counter()
    Simulation(loaded.scenario, seed=seed)
    setup_seconds = time.perf_counter() - start
    sizes = (
        len(json.dumps(generated.data, indent=1).encode()),
        len(json.dumps(generated.data, separators=(",", ":")).encode()),
    )
    results = [timed_run(loaded.scenario, seed, steps) for _ in range(runs)]
    return SizeResult(generated, loaded, generate_seconds, setup_seconds, results, sizes, count_values(generated.data))


# -- reporting -----------------------------------------------------------------------------------
def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    return (
        f"{model}; {cores} logical cores ({usable} usable); "
        f"{platform.python_implementation()} {platform.python_version()}; {platform.system()} {platform.machine()}"
    )


def revision() -> str:
    engine_dir = Path(warroom.engine.__file__).resolve().parent
    if engine_dir != (REPO / "engine").resolve():
        return f"engine imported from {engine_dir} (not this checkout)"
    try:
        git = ["git", "-C", str(REPO)]
        head = subprocess.run([*git, "log", "-1", "--format=%h %s"], capture_output=True, text=True, check=True)
        dirty = subprocess.run([*git, "status", "--porcelain", "engine"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    return head.stdout.strip() + (" + uncommitted engine changes" if dirty.stdout.strip() else "")


def us(seconds: float) -> str:
    return f"{seconds * 1e6:,.0f} µs"


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:,.1f} ms"


def median_time(call: Callable[[], object], repeat: int = 5) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def where(func: tuple[str, int, str]) -> str:
    file, line, name = func
    if file == "~":
        return name
    path = Path(file)
    for root in (REPO, Path(sys.prefix)):
        try:
            path = path.relative_to(root)
            break
        except ValueError:
            continue
    else:
        path = Path(*path.parts[-2:])
    return f"{name} ({path}:{line})"


def tick_kinds(scenario: LoadedScenario, seed: int, steps: int) -> list[str]:
    """Time each step of one run, grouped by the periodic work that was due in it."""
    sim = warmed(scenario, seed)
    groups: dict[str, list[float]] = {}
    queue = getattr(sim, "_queue", None)  # the timer queue: (tick, priority, seq, handler, args)
    for _ in range(steps):
        due = {item[3] for item in queue or () if item[0] <= sim.tick + 1}
        if "alarms" in due:
            kind = "ticks with the alarm round (every 60 s)"
        elif "node" in due:
            kind = "ticks with resource timers (health checks...)"
        else:
            kind = "ordinary ticks"
        start = time.perf_counter()
        sim.step()
        groups.setdefault(kind, []).append(time.perf_counter() - start)
    total = sum(sum(samples) for samples in groups.values())
    lines = [f"  per-tick cost by the periodic work due (one run of {steps} steps, each step timed):"]
    for kind, samples in sorted(groups.items(), key=lambda item: len(item[1]), reverse=True):
        lines.append(
            f"    {kind:<46} {len(samples):>5} x median {us(statistics.median(samples)):>10}, "
            f"max {us(max(samples)):>10}  ({sum(samples) / total:.0%} of the time)"
        )
    return lines


def profile_report(scenario: LoadedScenario, seed: int, steps: int, nodes: int) -> list[str]:
    sim = warmed(scenario, seed)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(steps):
        sim.step()
    profiler.disable()
    stats = pstats.Stats(profiler)
    raw: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    lines = [f"  cProfile of one run ({steps} steps; times are profiled, so slower than above)"]
    for title, index in (("cumulative", 3), ("own time", 2)):
        lines.append(f"  top 10 by {title}:   cum ms   own ms     calls/tick  function")
        top = sorted(raw.items(), key=lambda item: item[1][index], reverse=True)
        shown = 0
        for func, (_, calls, own, cum, _) in top:
            if func[2] in ("<built-in method builtins.exec>", "<module>") or "profile" in func[0]:
                continue
            lines.append(f"    {cum * 1e3:21,.1f} {own * 1e3:8,.1f} {calls / steps:14,.1f}  {where(func)}")
            shown += 1
            if shown == 10:
                break
    recomputed = dict.fromkeys(("_recompute_load", "_recompute_success"), 0)
    for func, (_, calls, *_rest) in raw.items():
        if func[2] in recomputed and func[0].endswith("world.py"):
            recomputed[func[2]] += calls
    lines.append(
        f"  nodes recomputed per tick: load {recomputed['_recompute_load'] / steps:.1f}, "
        f"success {recomputed['_recompute_success'] / steps:.1f} (of {nodes:,})"
    )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="2 runs of 200 steps (a smoke check, not figures)")
    parser.add_argument("--runs", type=int, help="runs per size (default 7; the median is reported)")
    parser.add_argument("--steps", type=int, help="timed steps per run (default 1200)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="architecture sizes in nodes")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated architectures and games")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile summary")
    parser.add_argument(
        "--fault",
        choices=sorted(FAULT_CHOICES),
        default="poison",
        help="poison (default): a poison message on one queue; runaway: a Lambda function exhausts the "
        "account's concurrency, throttling every unreserved function (a large region; slow)",
    )
    args = parser.parse_args(argv)
    runs = args.runs or (2 if args.quick else 7)
    steps = args.steps or (200 if args.quick else 1200)
    if WARM_UNTIL + steps > 1800:
        parser.error(f"at most {1800 - WARM_UNTIL} steps fit in the 30 m clock after warm-up")
    began = time.perf_counter()
    fault_type = FAULT_CHOICES[args.fault][0]
    print(f"warroom engine benchmark: Simulation.step() with one fault active ({fault_type})")
    print(f"machine:  {machine()}")
    print(f"engine:   {revision()}")
    print(
        f"method:   median of {runs} runs; each run a fresh game warmed to tick {WARM_UNTIL} "
        f"(fault injected at {INJECT_AT}), then {steps} steps timed; seed {args.seed}"
    )
    print("bare loop: `for node in nodes: node.load += 0.0` over the same world's nodes (median of batches)")
    print()
    results = []
    header = (
        f"{'nodes':>6} {'edges':>6} {'svcs':>5} {'ticks/s':>9} {'tick':>10} {'bare loop':>10} "
        f"{'tick/bare':>9} {'spread':>7}  {'load+check':>10} {'sim setup':>10}"
    )
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        result = bench_size(size, args.seed, runs, steps, args.fault)
        results.append(result)
        ticks = [r.tick_seconds for r in result.runs]
        spread = (max(ticks) - min(ticks)) / result.tick if len(ticks) > 1 else 0.0
        print(
            f"{result.generated.nodes:>6,} {result.generated.edges:>6,} {result.generated.services:>5} "
            f"{1.0 / result.tick:>9,.0f} {us(result.tick):>10} {us(result.bare):>10} {result.ratio:>9.2f} "
            f"{spread:>6.0%}  {ms(sum(result.loaded.phases.values())):>10} {ms(result.setup_seconds):>10}",
            flush=True,
        )
    print()
    print("tick = median wall time of one Simulation.step(); tick/bare < 1 means a tick costs less than")
    print("touching every node once (the goal at 5,000 nodes); spread = (max - min) / median over the runs.")
    largest = results[-1]
    size = largest.generated.nodes
    print()
    print(f"at {size:,} nodes ({largest.generated.services} services, fault on {largest.generated.fault_target}):")
    print("  load and start:")
    print(f"    generate scenario data             {ms(largest.generate_seconds):>11}")
    for phase, seconds in largest.loaded.phases.items():
        print(f"    {phase:<34} {ms(seconds):>11}")
    print(f"    Simulation(...) (build world, setup) {ms(largest.setup_seconds):>9}")
    total = largest.generate_seconds + sum(largest.loaded.phases.values()) + largest.setup_seconds
    print(f"    total                              {ms(total):>11}")
    print(
        f"  as a file: {largest.scenario_bytes[0] / 1024:,.0f} KiB as indented JSON, "
        f"{largest.scenario_bytes[1] / 1024:,.0f} KiB compact; {largest.scenario_values:,} values "
        f"(the YAML loader's limits: {MAX_BYTES // 1024:,} KiB, {MAX_VALUES:,} values)"
    )
    sim = warmed(largest.loaded.scenario, args.seed)
    print(f"  sim.digest(): {ms(median_time(sim.digest))} (median of 5)")
    lambdas = sim.world.of_type("lambda_function")
    demand = sum(n.observed.get("concurrency", 0.0) for n in lambdas)
    print(
        f"  baseline sanity: availability {sim.availability:.4%}; Lambda concurrency in use "
        f"{demand:,.0f} of the account's 1,000 ({len(lambdas):,} functions)"
    )
    counts = {t: len(sim.world.of_type(t)) for t in ("cloudwatch_alarm", "target_group", "sqs_queue")}
    print(
        f"  periodic sweeps: {counts['cloudwatch_alarm']} alarms evaluated each minute, "
        f"{counts['target_group']} target groups health-checked every 30 s, {counts['sqs_queue']} queues"
    )
    print()
    for line in tick_kinds(largest.loaded.scenario, args.seed, steps):
        print(line)
    if not args.no_profile:
        print()
        for line in profile_report(largest.loaded.scenario, args.seed, steps, size):
            print(line)
    print()
    print(f"benchmark took {time.perf_counter() - began:,.0f} s")


if __name__ == "__main__":
    main()
