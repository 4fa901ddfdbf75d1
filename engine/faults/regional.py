"""Regional faults: an AWS service fails for a whole Region, as in AWS's post-event summaries.

The team cannot fix these: AWS recovers the service in its own time, in phases, and tells
customers late. What the team controls is the blast radius — failing over to another
Region, serving from replicas, keeping out of the way of the recovery — and the work the
outage left behind: messages that failed while the service was down wait in dead-letter
queues until someone redrives them, so the fault is not over until they have been.

* ``s3_regional_outage`` — S3 in one Region answers 503 SlowDown / 500 InternalError
  (2017-02-28, aws.amazon.com/message/41926).
* ``dynamodb_endpoint_dns`` — the regional DynamoDB endpoint's DNS record is empty, then
  EC2 cannot launch instances for a while after DynamoDB is back
  (2025-10-19/20, aws.amazon.com/message/101925).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, model_validator

from ..durations import parse_duration
from ..resources.base import StrictModel
from ..world import World
from .base import FAULTS, Fault, FaultType

DLQ_SLACK = 0.5  # messages: less than this left in a dead-letter queue counts as empty


def in_region(world: World, type_id: str, region: str) -> list[str]:
    """Ids of the resources of one type in one Region."""
    return [n.id for n in world.of_type(type_id) if n.region == region]


def dead_letter_queues(world: World, stores: list[str]) -> list[str]:
    """Dead-letter queues of the queues whose consumer calls one of ``stores`` directly:
    where the work a regional outage fails ends up."""
    found = set()
    for queue in world.of_type("sqs_queue"):
        redrive = queue.config["redrive"]
        if not redrive or redrive["dlq"] not in world.nodes:
            continue
        consumers = world.trigger_out[queue.id]
        if any(callee in stores for c in consumers for callee, _ in world.callees[c]):
            found.add(redrive["dlq"])
    return sorted(found)


def stranded(fault: Fault, world: World) -> list[str]:
    """Dead-letter queues still holding work that failed during the outage."""
    baseline = fault.memory.get("dlqs", {})
    return [q for q in sorted(baseline) if world.nodes[q].status.get("depth", 0.0) > baseline[q] + DLQ_SLACK]


def callers_of(world: World, stores: list[str]) -> list[str]:
    """Everything that calls one of ``stores`` synchronously (what fails with them)."""
    return sorted({c for s in stores for c in world.callers[s]})


def _durations(model: StrictModel, *names: str) -> list[int]:
    return [parse_duration(getattr(model, name)) for name in names]


def strike_region(fault: Fault, world: World, type_id: str, key: str, **state: Any) -> list[str]:
    """Remember, in ``fault.memory``, what an outage of ``type_id`` in the target's Region hits.

    That is the Region, every resource of the type there (under ``key``), the Region's Auto
    Scaling groups (EC2 launches fail with the service) and the depth of the dead-letter
    queues behind those resources now — work the outage fails later shows up above it.
    ``state`` adds the fault's own starting phase. Returns the resources hit.
    """
    region = world.nodes[fault.target].region
    hit = in_region(world, type_id, region)
    fault.memory.update(
        region=region,
        **{key: hit},
        fleets=in_region(world, "autoscaling_group", region),
        dlqs={q: world.nodes[q].status.get("depth", 0.0) for q in dead_letter_queues(world, hit)},
        **state,
    )
    return hit


def fail_launches(fault: Fault, world: World, error: str) -> None:
    """Every Auto Scaling group in the Region fails instance launches with ``error``."""
    for fleet in fault.memory["fleets"]:
        world.set_status(fleet, launch_error=error)


def resume_launches(fault: Fault, sim: Any) -> None:
    """Launches work again: each group in the Region launches what it has been short of."""
    for fleet in fault.memory["fleets"]:
        sim.world.set_status(fleet, launch_error=None)
        node = sim.world.nodes[fleet]
        node.type.reconcile(node, sim)


class S3OutageParams(StrictModel):
    reads_recover: str | int = Field("28m", description="when GET and LIST succeed again (after the injection)")
    writes_recover: str | int = Field(
        "36m", description="when PUT succeeds again (after the injection; S3 brings writes back after reads)"
    )
    health_delay: str | int = Field(
        "14m", description="how long before AWS Health says anything (the status page itself depended on S3)"
    )

    @model_validator(mode="after")
    def _phases_in_order(self) -> S3OutageParams:
        reads, writes = _durations(self, "reads_recover", "writes_recover")
        if writes < reads:
            raise ValueError("writes_recover must not come before reads_recover: PUT needs the index back first")
        return self


READ_ERROR = (
    "An error occurred (SlowDown) when calling the GetObject operation on bucket {bucket} "
    "(reached max retries: 4): Please reduce your request rate. (503)"
)
WRITE_ERROR = (
    "An error occurred (InternalError) when calling the PutObject operation on bucket {bucket} "
    "(reached max retries: 4): We encountered an internal error. Please try again. (500)"
)
S3_LAUNCH_ERROR = "Server.InternalError: Internal error on launch (the instance's image could not be read)."


@FAULTS.register
class S3RegionalOutage(FaultType):
    """Amazon S3 in one Region stops serving: GET and LIST answer 503 SlowDown, PUT 500
    InternalError, for every bucket there (2017-02-28 us-east-1: a mistyped playbook input
    removed the index and placement subsystems' capacity and both needed a full restart).

    What the team sees: everything that reads or writes those buckets fails — CloudFront
    origins, functions, instances; ``5xxErrors`` on the buckets; EC2 cannot launch
    instances in the Region. AWS Health says nothing for a long while (the status page
    depended on S3 too). Reads recover first, writes later (``reads_recover``,
    ``writes_recover``). The team cannot fix S3: it can serve reads from a replica in
    another Region (a CloudFront origin group on the cross-Region replica), keep writes
    queued, and must not call the incident over while S3 is still impaired. Active until S3
    has fully recovered and the work that failed meanwhile has left the dead-letter queues.
    """

    id = "s3_regional_outage"
    family = "regional outage"
    targets = ("s3_bucket",)
    Params = S3OutageParams

    def inject(self, fault: Fault, sim: Any) -> None:
        strike_region(fault, sim.world, "s3_bucket", "buckets", phase="down", health_posted=False)
        self._serve(fault, sim, reads=False, writes=False)
        fail_launches(fault, sim.world, S3_LAUNCH_ERROR)
        reads, writes, health = _durations(
            self.Params.model_validate(fault.params), "reads_recover", "writes_recover", "health_delay"
        )
        sim.fault_timer(fault.key, health, "health")
        sim.fault_timer(fault.key, reads, "reads")
        sim.fault_timer(fault.key, writes, "writes")

    def _serve(self, fault: Fault, sim: Any, *, reads: bool, writes: bool) -> None:
        """Set what S3 answers in the Region: per kind, served or failing with its error."""
        world = sim.world
        for bucket in fault.memory["buckets"]:
            errors = {}
            if not reads:
                errors["reads"] = {"ok": 0.0, "cause": READ_ERROR.format(bucket=bucket)}
            if not writes:
                errors["writes"] = {"ok": 0.0, "cause": WRITE_ERROR.format(bucket=bucket)}
            world.set_status(bucket, op_errors=errors or None)
            world.touch_readers(bucket)  # CloudFront re-picks its origin, callers fail or recover

    def on_timer(self, fault: Fault, sim: Any, tag: str) -> None:
        region = fault.memory["region"].upper()
        if tag == "health" and fault.memory["phase"] != "up":
            fault.memory["health_posted"] = True
            sim.post_health_event(
                "S3",
                "AWS_S3_OPERATIONAL_ISSUE",
                f"Increased Error Rates: We are investigating increased error rates for Amazon S3 requests in "
                f"the {region} Region. Other AWS services that use S3 in {region} (EC2 instance launches, "
                "Lambda) are also affected. We were unable to update this dashboard until now.",
            )
            if fault.memory["phase"] == "reads":
                self._reads_back_notice(sim, region)
        elif tag == "reads":
            fault.memory["phase"] = "reads"
            self._serve(fault, sim, reads=True, writes=False)
            resume_launches(fault, sim)
            if fault.memory["health_posted"]:
                self._reads_back_notice(sim, region)
        elif tag == "writes":
            fault.memory["phase"] = "up"
            self._serve(fault, sim, reads=True, writes=True)
            sim.post_health_event(
                "S3",
                "AWS_S3_OPERATIONAL_ISSUE",
                f"S3 is operating normally in {region}: PUT requests have recovered. Services that depend on S3 "
                "are working through the backlog of work that accumulated during the disruption.",
                closed=True,
            )

    @staticmethod
    def _reads_back_notice(sim: Any, region: str) -> None:
        sim.post_health_event(
            "S3",
            "AWS_S3_OPERATIONAL_ISSUE",
            f"We are seeing recovery for S3 object retrievals, listings and deletions in {region}. We continue to "
            "work on recovery for adding new objects (PUT requests), which still fail.",
        )

    def active(self, fault: Fault, world: World) -> bool:
        return fault.memory.get("phase") != "up" or bool(stranded(fault, world))

    def watch(self, fault: Fault, world: World) -> set[str]:
        return {fault.target, *fault.memory.get("buckets", []), *fault.memory.get("dlqs", {})}

    def evidence(self, fault: Fault, world: World) -> set[str]:
        buckets = fault.memory.get("buckets", [fault.target])
        return {
            "health:AWS_S3_OPERATIONAL_ISSUE",
            *(f"endpoint:{b}" for b in buckets),
            *(f"logs:{c}" for c in callers_of(world, buckets)),
        }

    def explain(self, fault: Fault) -> str:
        p = fault.params
        return (
            f"Amazon S3 in {fault.memory.get('region', 'the Region')} failed every request (GET 503 SlowDown, PUT "
            f"500 InternalError) while AWS restarted its index and placement subsystems: reads came back after "
            f"{p['reads_recover']}, writes after {p['writes_recover']}; AWS Health said nothing for "
            f"{p['health_delay']}. Work that failed meanwhile waited in dead-letter queues."
        )


class DynamoDnsParams(StrictModel):
    dns_recovers: str | int = Field(
        "20m", description="when AWS repairs the endpoint's DNS record (after the injection)"
    )
    launches_recover: str | int = Field(
        "14m", description="how long after that EC2 keeps failing instance launches in the Region"
    )
    health_delay: str | int = Field("7m", description="how long before AWS Health posts anything at all")
    identified: str | int = Field(
        "14m", description="when AWS Health names DynamoDB's DNS as the cause (after the injection)"
    )


DNS_ERROR = (
    'EndpointConnectionError: Could not connect to the endpoint URL: "https://{endpoint}/" '
    "(NameResolutionError: Failed to resolve '{endpoint}' ([Errno -2] Name or service not known))"
)
CAPACITY_ERROR = (
    "We currently do not have sufficient {type} capacity in the Availability Zone you requested ({az}). "
    "Our system will be working on provisioning additional capacity. (InsufficientInstanceCapacity)"
)


@FAULTS.register
class DynamoEndpointDns(FaultType):
    """The Regional DynamoDB endpoint's DNS record is empty (2025-10-19/20 us-east-1: a race
    between two DNS Enactors applied an old plan and the clean-up deleted it), so every
    client fails to resolve ``dynamodb.<region>.amazonaws.com`` — DNS resolution errors,
    not throttles: the tables' metrics go quiet because no request reaches them, and even
    the control plane (restores, backups) is unreachable. Global-table replicas in other
    Regions keep serving.

    Fixing the root does not end it. When AWS repairs the record (``dns_recovers``), EC2 —
    whose instance-launch workflow leases lived in DynamoDB — keeps failing launches in the
    Region for a while (``launches_recover``: InsufficientInstanceCapacity), so groups that
    must scale out cannot. AWS Health is slow and vague at first. The team can fail over to
    the replica Region (a Route 53 failover record, or the app's Regional endpoint) and must
    not fail back or call it over while launches still fail. Active until both phases are
    over and the work that failed meanwhile has left the dead-letter queues.
    """

    id = "dynamodb_endpoint_dns"
    family = "regional outage"
    targets = ("dynamodb_table",)
    Params = DynamoDnsParams

    def inject(self, fault: Fault, sim: Any) -> None:
        strike_region(fault, sim.world, "dynamodb_table", "tables", phase="dns")
        self._resolve(fault, sim, broken=True)
        fail_launches(fault, sim.world, CAPACITY_ERROR)
        dns, after, health, identified = _durations(
            self.Params.model_validate(fault.params), "dns_recovers", "launches_recover", "health_delay", "identified"
        )
        sim.fault_timer(fault.key, health, "health")
        if identified < dns:
            sim.fault_timer(fault.key, identified, "identified")
        sim.fault_timer(fault.key, dns, "dns")
        sim.fault_timer(fault.key, dns + after, "launches")

    def _resolve(self, fault: Fault, sim: Any, *, broken: bool) -> None:
        world = sim.world
        endpoint = f"dynamodb.{fault.memory['region']}.amazonaws.com"
        for table in fault.memory["tables"]:
            world.set_status(table, endpoint_failure=DNS_ERROR.format(endpoint=endpoint) if broken else None)
            world.touch_readers(table)

    def on_timer(self, fault: Fault, sim: Any, tag: str) -> None:
        region = fault.memory["region"].upper()
        phase = fault.memory["phase"]
        if tag == "health" and phase == "dns":
            sim.post_health_event(
                "Multiple services",
                "AWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE",
                f"Increased Error Rates and Latencies: We are investigating increased error rates and latencies for "
                f"multiple AWS services in the {region} Region.",
            )
        elif tag == "identified" and phase == "dns":
            sim.post_health_event(
                "DynamoDB",
                "AWS_DYNAMODB_OPERATIONAL_ISSUE",
                f"We have identified a potential root cause for error rates for the DynamoDB APIs in {region}: "
                f"the issue appears to be related to DNS resolution of the DynamoDB API endpoint in {region}. "
                "Global tables replicas in other Regions are not affected.",
            )
        elif tag == "dns":
            fault.memory["phase"] = "launches"
            self._resolve(fault, sim, broken=False)
            sim.post_health_event(
                "DynamoDB",
                "AWS_DYNAMODB_OPERATIONAL_ISSUE",
                f"The underlying DNS issue has been fully mitigated and DynamoDB API requests in {region} are "
                "succeeding.",
                closed=True,
            )
            sim.post_health_event(
                "Multiple services",
                "AWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE",
                f"Most AWS services in {region} are recovering now that DynamoDB is available; some are working "
                "through backlogs. EC2 instance launches remain impaired (see the EC2 event).",
                closed=True,
            )
            sim.post_health_event(
                "EC2",
                "AWS_EC2_OPERATIONAL_ISSUE",
                f"New EC2 instance launches in {region} continue to fail with insufficient-capacity errors while "
                "we recover the subsystem that manages instance placement. We recommend not depending on launching "
                "new instances (including Auto Scaling) in this Region until we confirm recovery.",
            )
        elif tag == "launches":
            fault.memory["phase"] = "over"
            resume_launches(fault, sim)
            sim.post_health_event(
                "EC2",
                "AWS_EC2_OPERATIONAL_ISSUE",
                f"EC2 instance launches in {region} have recovered. All AWS services are operating normally.",
                closed=True,
            )

    def active(self, fault: Fault, world: World) -> bool:
        return fault.memory.get("phase") != "over" or bool(stranded(fault, world))

    def watch(self, fault: Fault, world: World) -> set[str]:
        return {
            fault.target,
            *fault.memory.get("tables", []),
            *fault.memory.get("fleets", []),
            *fault.memory.get("dlqs", {}),
        }

    def evidence(self, fault: Fault, world: World) -> set[str]:
        tables = fault.memory.get("tables", [fault.target])
        return {
            "health:AWS_DYNAMODB_OPERATIONAL_ISSUE",
            *(f"endpoint:{t}" for t in tables),
            *(f"logs:{c}" for c in callers_of(world, tables)),
            *(f"launch:{f}" for f in fault.memory.get("fleets", [])),
        }

    def explain(self, fault: Fault) -> str:
        p = fault.params
        region = fault.memory.get("region", "the Region")
        return (
            f"The DNS record of dynamodb.{region}.amazonaws.com was empty: every client failed to resolve it for "
            f"{p['dns_recovers']}; then EC2 failed instance launches in {region} for {p['launches_recover']} more. "
            "Work that failed meanwhile waited in dead-letter queues."
        )
