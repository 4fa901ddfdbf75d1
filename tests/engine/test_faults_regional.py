"""Regional faults (engine/faults/regional.py): what breaks, what a player can see, what ends it.

Two small two-Region architectures: a media site (CloudFront in front of an S3 bucket with
a cross-Region replica, an upload queue whose worker writes the bucket) and an order
service (a Route 53 failover record in front of a stack per Region, a global table, a
fulfilment queue in the primary Region). Each fault is played against them.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError
from warroom.engine import Simulation, score
from warroom.engine import events as ev
from warroom.engine.faults import FAULTS
from warroom.engine.signals.metrics import published

from . import kit
from .kit import act, fresh, of, run_until

FAULT_TYPES = ("s3_regional_outage", "dynamodb_endpoint_dns")
INJECT = 60
WEST = ["us-west-2a", "us-west-2b", "us-west-2c"]

PIPELINE = {
    "id": "pipeline",
    "type": "codepipeline",
    "config": {
        "stages": [
            {"name": "Source", "kind": "source", "duration": 20},
            {"name": "Deploy", "kind": "deploy", "duration": 40},
        ]
    },
}

MEDIA: dict[str, Any] = {
    "nodes": [
        {"id": "www", "type": "route53_record", "stack": "site"},
        {"id": "cdn", "type": "cloudfront_distribution", "stack": "site"},
        {"id": "media", "type": "s3_bucket", "stack": "site"},
        {"id": "replica", "type": "s3_bucket", "region": "us-west-2", "stack": "site"},
        {"id": "api", "type": "api_gateway", "stack": "site"},
        {
            "id": "upload-fn",
            "type": "lambda_function",
            "stack": "site",
            "config": {"resource_policy": [{"principal": "apigateway.amazonaws.com", "source": "api"}]},
        },
        {
            "id": "uploads",
            "type": "sqs_queue",
            "stack": "site",
            "config": {"redrive": {"dlq": "uploads-dlq", "max_receive_count": 3}},
        },
        {"id": "uploads-dlq", "type": "sqs_queue", "stack": "site"},
        {"id": "ingest-fn", "type": "lambda_function", "stack": "site"},
        {"id": "catalog", "type": "dynamodb_table", "stack": "site"},
        {"id": "fleet", "type": "autoscaling_group", "stack": "site", "config": {"desired_capacity": 2, "min_size": 2}},
        {"id": "site", "type": "cloudformation_stack"},
        PIPELINE,
    ],
    "edges": [
        "www routes cdn",
        "cdn routes media",
        {"from": "cdn", "to": "replica", "kind": "routes", "weight": 0},
        "media replicates_to replica",
        "api routes upload-fn",
        "upload-fn writes uploads",
        "uploads triggers ingest-fn",
        "ingest-fn writes media",
        "ingest-fn writes catalog",
        "pipeline deploys site",
    ],
}

ORDERS: dict[str, Any] = {
    "nodes": [
        {
            "id": "orders-dns",
            "type": "route53_record",
            "stack": "app",
            "config": {
                "routing": "failover",
                "primary": "alb-east",
                "health_check": True,
                "health_check_depth": "shallow",
            },
        },
        {"id": "alb-east", "type": "alb", "stack": "app"},
        {"id": "tg-east", "type": "target_group", "stack": "app"},
        {
            "id": "fleet-east",
            "type": "autoscaling_group",
            "stack": "app",
            "config": {"desired_capacity": 2, "min_size": 2, "max_size": 6},
        },
        {"id": "table-east", "type": "dynamodb_table", "stack": "app", "config": {"billing": "PAY_PER_REQUEST"}},
        {
            "id": "orders-queue",
            "type": "sqs_queue",
            "stack": "app",
            "config": {"redrive": {"dlq": "orders-dlq", "max_receive_count": 3}},
        },
        {"id": "orders-dlq", "type": "sqs_queue", "stack": "app"},
        {"id": "fulfil-fn", "type": "lambda_function", "stack": "app"},
        {"id": "alb-west", "type": "alb", "region": "us-west-2", "stack": "app"},
        {"id": "tg-west", "type": "target_group", "region": "us-west-2", "stack": "app"},
        {
            "id": "fleet-west",
            "type": "autoscaling_group",
            "region": "us-west-2",
            "stack": "app",
            "config": {"desired_capacity": 2, "min_size": 2, "max_size": 6, "availability_zones": WEST},
        },
        {
            "id": "table-west",
            "type": "dynamodb_table",
            "region": "us-west-2",
            "stack": "app",
            "config": {"billing": "PAY_PER_REQUEST"},
        },
        {"id": "app", "type": "cloudformation_stack"},
        PIPELINE,
    ],
    "edges": [
        "orders-dns routes alb-east",
        "orders-dns routes alb-west",
        "alb-east routes tg-east",
        "tg-east routes fleet-east",
        "fleet-east writes table-east",
        "fleet-east writes orders-queue",
        "orders-queue triggers fulfil-fn",
        "fulfil-fn writes table-east",
        "table-east replicates_to table-west",
        "table-west replicates_to table-east",
        "alb-west routes tg-west",
        "tg-west routes fleet-west",
        "fleet-west writes table-west",
        "fleet-west writes orders-queue",
        "pipeline deploys app",
    ],
}


def media_game(**params: Any) -> Simulation:
    inject = {"id": "s3", "at": INJECT, "fault": "s3_regional_outage", "target": "media", "params": params}
    data = kit.scenario(
        MEDIA,
        [{"entry": "www", "rate": 50}, {"entry": "api", "rate": 5}],
        injects=[inject],
        clock={"duration": "1h"},
        responders=3,
        business={
            "revenue_per_minute": 100,
            "kpis": [{"id": "published", "name": "Photos published", "node": "ingest-fn"}],
        },
    )
    return fresh(data)


def orders_game(**params: Any) -> Simulation:
    inject = {"id": "dns", "at": INJECT, "fault": "dynamodb_endpoint_dns", "target": "table-east", "params": params}
    data = kit.scenario(
        ORDERS,
        [{"entry": "orders-dns", "rate": 200}],
        injects=[inject],
        clock={"duration": "1h"},
        responders=3,
        business={
            "revenue_per_minute": 100,
            "kpis": [{"id": "fulfilled", "name": "Orders fulfilled", "node": "fulfil-fn"}],
        },
    )
    return fresh(data)


def latest(sim: Simulation, node: str, metric: str) -> float | None:
    target = sim.world.nodes[node]
    spec = target.type.metric(metric)
    assert spec is not None
    return published(target, spec, None, sim.tick, 1, sim.streams)[0].value


def causes(sim: Simulation, node: str) -> str:
    return " | ".join(sim.world.nodes[node].causes)


def activities(sim: Simulation, node: str) -> str:
    return " | ".join(a["text"] for a in sim.world.nodes[node].status["activities"])


def test_both_faults_are_registered_and_documented() -> None:
    for fault_id in FAULT_TYPES:
        assert fault_id in FAULTS
        assert "Active until" in FAULTS.get(fault_id).__doc__


# -- S3 --------------------------------------------------------------------------------------
def test_s3_phases_must_be_in_order() -> None:
    with pytest.raises(ValidationError, match="writes_recover"):
        FAULTS.get("s3_regional_outage").validate_params({"reads_recover": "30m", "writes_recover": "20m"})


def test_an_s3_outage_fails_every_bucket_in_the_region_and_nothing_else() -> None:
    sim = media_game()
    run_until(sim, INJECT + 150)
    assert sim.faults["s3"].active
    # the site's images and the upload worker fail, with S3's own errors
    assert sim.world.nodes["cdn"].ok == 0.0
    assert "SlowDown" in causes(sim, "cdn") and "GetObject" in causes(sim, "cdn")
    assert "InternalError" in causes(sim, "ingest-fn") and "PutObject" in causes(sim, "ingest-fn")
    assert sim.availability < 0.2
    # S3 answers (503s are counted), the replica in the other Region and DynamoDB are fine
    assert (latest(sim, "media", "5xxErrors") or 0) > 0
    assert sim.world.nodes["replica"].ok == 1.0
    assert sim.world.nodes["catalog"].ok == 1.0
    # the queue accepts uploads; the ones the worker cannot store end in the dead-letter queue
    assert sim.world.nodes["upload-fn"].ok == 1.0
    assert sim.world.nodes["uploads-dlq"].status["depth"] > 0


def test_aws_health_says_nothing_until_its_delay_then_reveals_the_outage() -> None:
    sim = media_game(health_delay="10m")
    run_until(sim, INJECT + 300)
    early = act(sim, "check_aws_health")
    assert "no open events" in early.summary
    assert not of(sim.log, ev.FaultDiscovered, fault="s3")
    run_until(sim, INJECT + 600 + 5)
    (posted,) = [e for e in of(sim.log, ev.MessageReceived) if e.sender == "AWS Health"]
    assert "S3" in posted.text and "US-EAST-1" in posted.text
    later = act(sim, "check_aws_health")
    assert "AWS_S3_OPERATIONAL_ISSUE" in " ".join(later.findings[0].lines)
    (found,) = of(sim.log, ev.FaultDiscovered, fault="s3")
    assert found.how.startswith("check_aws_health")


def test_the_workers_logs_name_s3_and_reveal_the_outage() -> None:
    sim = media_game()
    run_until(sim, INJECT + 120)
    outcome = act(sim, "query_logs", "ingest-fn")
    assert "InternalError" in " ".join(outcome.findings[0].lines)
    assert of(sim.log, ev.FaultDiscovered, fault="s3")


def test_reads_come_back_before_writes() -> None:
    sim = media_game(reads_recover="10m", writes_recover="20m", health_delay="2m")
    run_until(sim, INJECT + 600 + 5)
    assert sim.world.nodes["cdn"].ok == 1.0  # GET works again
    assert "PutObject" in causes(sim, "ingest-fn")  # PUT still fails
    probe = act(sim, "resolve_endpoint", "media")
    assert "writes fail" in probe.summary
    notices = [e.text for e in of(sim.log, ev.MessageReceived) if e.sender == "AWS Health"]
    assert any("object retrievals" in t and "PUT" in t for t in notices)
    assert sim.faults["s3"].active
    run_until(sim, INJECT + 1200 + 5)
    assert sim.world.nodes["ingest-fn"].ok == 1.0
    assert any("operating normally" in e.text for e in of(sim.log, ev.MessageReceived))
    assert sim.faults["s3"].active, "failed uploads still wait in the dead-letter queue"


def test_an_origin_group_serves_reads_from_the_replica_and_returns_by_itself() -> None:
    sim = media_game(reads_recover="15m", writes_recover="20m")
    run_until(sim, INJECT + 60)
    outcome = act(sim, "add_origin_failover_iac", "cdn")
    assert isinstance(outcome, ev.ActionCompleted)
    sim.advance(3)
    assert sim.world.nodes["cdn"].ok == pytest.approx(1.0)
    assert sim.world.nodes["replica"].load > 0  # the replica in us-west-2 serves the GETs
    assert sim.world.nodes["cdn"].config["failover_origin"] == "replica"
    assert sim.world.nodes["cdn"].drift() == {}
    assert sim.faults["s3"].active  # a mitigation: S3 is still down
    run_until(sim, INJECT + 900 + 5)  # S3 serves reads again: CloudFront goes back to the primary
    assert sim.world.route_shares["cdn"]["media"] == pytest.approx(1.0)
    assert sim.world.nodes["replica"].load == pytest.approx(0.0)


def test_a_console_origin_group_works_and_drifts() -> None:
    sim = media_game()
    run_until(sim, INJECT + 60)
    act(sim, "add_origin_failover", "cdn")
    sim.advance(3)
    assert sim.world.nodes["cdn"].ok == pytest.approx(1.0)
    assert "failover_origin" in sim.world.nodes["cdn"].drift()
    assert of(sim.log, ev.ConductViolation, rule="change-outside-pipeline")


def test_the_outage_is_over_only_when_the_failed_work_is_redriven() -> None:
    sim = media_game(reads_recover="8m", writes_recover="12m")
    run_until(sim, INJECT + 300)
    early = act(sim, "redrive_dlq", "uploads-dlq")  # hammering: the worker still cannot write
    assert "will fail again" in early.summary
    assert not of(sim.log, ev.WorkRecovered)
    sim.advance(30)
    assert sim.world.nodes["uploads-dlq"].status["depth"] > 0  # they came straight back
    run_until(sim, INJECT + 720 + 30)
    assert sim.faults["s3"].active
    stuck = sim.world.nodes["uploads-dlq"].status["depth"]
    act(sim, "redrive_dlq", "uploads-dlq")
    sim.advance(10)
    (resolved,) = of(sim.log, ev.FaultResolved, fault="s3")
    assert "(player)" in resolved.by
    (redone,) = of(sim.log, ev.WorkRecovered)
    assert redone.units == pytest.approx(stuck, rel=0.05)


def test_purging_the_dead_letters_ends_it_by_destroying_the_uploads() -> None:
    sim = media_game(reads_recover="8m", writes_recover="12m")
    run_until(sim, INJECT + 720 + 30)
    act(sim, "purge_queue", "uploads-dlq")
    sim.advance(5)
    assert not sim.faults["s3"].active
    assert of(sim.log, ev.WorkLost)
    assert of(sim.log, ev.ConductViolation, rule="data-destroyed")


def test_ec2_cannot_launch_instances_while_s3_is_down() -> None:
    sim = media_game(reads_recover="6m", writes_recover="8m")
    run_until(sim, INJECT + 30)
    act(sim, "set_desired_capacity", "fleet", {"desired": 3})
    assert "Launching EC2 instance failed" in activities(sim, "fleet")
    assert len(sim.world.nodes["fleet"].status["instances"]) == 2
    run_until(sim, INJECT + 360 + 80)  # launches work once S3 serves reads again
    assert len(sim.world.nodes["fleet"].type.serving(sim.world.nodes["fleet"])) == 3


def test_doing_nothing_leaves_the_s3_outage_unresolved() -> None:
    sim = media_game(reads_recover="8m", writes_recover="12m")
    sim.advance(sim.duration)
    card = score(sim.model, sim.log)
    assert not card.resolved
    assert any("not resolved" in line.reason for line in card.ledger)


# -- DynamoDB DNS ----------------------------------------------------------------------------
def test_an_empty_dns_record_fails_every_client_without_a_single_throttle() -> None:
    sim = orders_game()
    run_until(sim, INJECT + 200)
    assert sim.faults["dns"].active
    assert "NameResolutionError" in causes(sim, "fleet-east")
    assert "dynamodb.us-east-1.amazonaws.com" in causes(sim, "fulfil-fn")
    assert sim.availability == 0.0  # Route 53's shallow check sees a load balancer that answers
    assert sim.world.route_shares["orders-dns"]["alb-east"] == 1.0
    # no request reaches the table: its metrics go quiet, no throttling anywhere
    table = sim.world.nodes["table-east"]
    assert table.load == 0.0
    assert latest(sim, "table-east", "ConsumedWriteCapacityUnits") == 0.0
    assert latest(sim, "table-east", "ThrottledRequests") is None
    assert sim.world.nodes["table-west"].ok == 1.0
    # the fulfilment backlog fails into the dead-letter queue
    assert sim.world.nodes["orders-dlq"].status["depth"] > 0


def test_resolving_the_endpoint_shows_the_empty_answer() -> None:
    sim = orders_game()
    run_until(sim, INJECT + 60)
    outcome = act(sim, "resolve_endpoint", "table-east")
    assert "does not resolve" in outcome.summary
    assert any("Could not resolve host" in line for line in outcome.findings[0].lines)
    assert of(sim.log, ev.FaultDiscovered, fault="dns")
    healthy = act(sim, "resolve_endpoint", "table-west")
    assert "resolves and answers normally" in healthy.summary


def test_aws_health_is_vague_before_it_names_dynamodb() -> None:
    sim = orders_game(health_delay="3m", identified="8m")
    run_until(sim, INJECT + 240)
    vague = act(sim, "check_aws_health")
    assert "multiple AWS services" in " ".join(vague.findings[0].lines)
    assert not of(sim.log, ev.FaultDiscovered, fault="dns")
    run_until(sim, INJECT + 480 + 5)
    named = act(sim, "check_aws_health")
    assert "DNS resolution of the DynamoDB API endpoint" in " ".join(named.findings[0].lines)
    assert of(sim.log, ev.FaultDiscovered, fault="dns")


def test_fixing_dns_does_not_end_it_ec2_still_cannot_launch() -> None:
    sim = orders_game(dns_recovers="5m", launches_recover="8m")
    run_until(sim, INJECT + 300 + 5)
    assert sim.availability == pytest.approx(1.0)  # DynamoDB is back ...
    assert sim.faults["dns"].active  # ... and it is not over
    assert any("continue to fail" in e.text for e in of(sim.log, ev.MessageReceived))
    act(sim, "set_desired_capacity", "fleet-east", {"desired": 4})
    assert "InsufficientInstanceCapacity" in activities(sim, "fleet-east")
    assert len(sim.world.nodes["fleet-east"].status["instances"]) == 2
    seen = act(sim, "describe_scaling_activity", "fleet-east")
    assert "launch:fleet-east" in seen.findings[0].evidence
    # the other Region launches fine
    act(sim, "set_desired_capacity", "fleet-west", {"desired": 3})
    sim.advance(80)
    assert len(sim.world.nodes["fleet-west"].type.serving(sim.world.nodes["fleet-west"])) == 3
    run_until(sim, INJECT + 300 + 480 + 80)
    assert len(sim.world.nodes["fleet-east"].type.serving(sim.world.nodes["fleet-east"])) == 4
    assert any("have recovered" in e.text for e in of(sim.log, ev.MessageReceived))
    assert sim.faults["dns"].active, "orders that failed still wait in the dead-letter queue"
    act(sim, "redrive_dlq", "orders-dlq")
    sim.advance(10)
    assert not sim.faults["dns"].active
    assert of(sim.log, ev.WorkRecovered)


def test_failing_over_to_the_replica_region_brings_users_back() -> None:
    sim = orders_game()
    run_until(sim, INJECT + 120)
    assert sim.availability == 0.0
    act(sim, "fail_over_region_iac", "orders-dns")
    sim.advance(3)
    assert sim.world.route_shares["orders-dns"]["alb-west"] == 1.0
    assert sim.availability == pytest.approx(1.0)
    assert sim.world.nodes["orders-dns"].drift() == {}
    sim.advance(120)  # Route 53's checks of the new primary keep it there
    assert sim.availability == pytest.approx(1.0)
    assert sim.faults["dns"].active


def test_a_deep_health_check_fails_over_and_back_by_itself() -> None:
    sim = orders_game(dns_recovers="8m", launches_recover="2m")
    run_until(sim, INJECT + 60)
    act(sim, "set_health_check_iac", "orders-dns", {"depth": "deep"})
    sim.advance(120)  # three failed checks, 30 s apart
    assert sim.world.route_shares["orders-dns"]["alb-west"] == 1.0
    assert sim.availability == pytest.approx(1.0)
    run_until(sim, INJECT + 480 + 150)  # DynamoDB is back: three good checks and it returns
    assert sim.world.route_shares["orders-dns"]["alb-east"] == 1.0
    assert sim.availability == pytest.approx(1.0)


def test_doing_nothing_leaves_the_dynamodb_outage_unresolved() -> None:
    sim = orders_game(dns_recovers="6m", launches_recover="4m")
    sim.advance(sim.duration)
    card = score(sim.model, sim.log)
    assert not card.resolved
    assert sim.world.nodes["orders-dlq"].status["depth"] > 0


def test_the_control_plane_shares_the_broken_endpoint() -> None:
    sim = orders_game()
    run_until(sim, INJECT + 60)
    refused = act(sim, "set_table_capacity_iac", "table-east", {"billing": "PROVISIONED", "wcu": 5000})
    assert isinstance(refused, ev.ActionRejected)
    assert "UpdateTable failed" in refused.reason and "Name or service not known" in refused.reason


def test_switching_the_primary_after_an_automatic_failover_keeps_users_in_the_healthy_region() -> None:
    sim = orders_game()
    run_until(sim, INJECT + 30)
    act(sim, "set_health_check_iac", "orders-dns", {"depth": "deep"})
    sim.advance(120)
    assert sim.world.route_shares["orders-dns"]["alb-west"] == 1.0  # Route 53 failed over by itself
    act(sim, "fail_over_region_iac", "orders-dns", {"to": "alb-west"})  # ... and now it is made permanent
    for _ in range(4):  # the new primary's checks start afresh and pass
        sim.advance(30)
        assert sim.world.route_shares["orders-dns"]["alb-west"] == 1.0
    assert sim.availability == pytest.approx(1.0)
