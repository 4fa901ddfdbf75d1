"""Faults and their remediations behave as AWS documents them, beyond the catalog's
seen-found-fixed cases: what playing the resilience scenarios showed."""

from __future__ import annotations

from warroom.engine import Simulation
from warroom.engine import events as ev

from . import kit
from .kit import act, fresh, of, run_until


def cert_game(expires_in: str) -> Simulation:
    inject = {"id": "fault", "at": 60, "fault": "certificate_expired", "target": "web-cert", "params": {}}
    inject["params"] = {"expires_in": expires_in}
    return fresh(kit.kitchen_scenario(injects=[inject]))


def test_describe_certificate_says_how_long_ago_an_imported_certificate_expired() -> None:
    sim = cert_game("3m")
    run_until(sim, 60 + 180 + 400)  # the lookup takes 20 s
    done = act(sim, "describe_certificate", "web-cert")
    assert isinstance(done, ev.ActionCompleted)
    lines = " | ".join(done.findings[0].lines)
    assert "Status: EXPIRED" in lines
    assert "NotAfter: 7m ago (EXPIRED)" in lines
    assert "INELIGIBLE (imported: ACM never renews it" in lines
    assert "validation record" not in lines  # an imported certificate has none


def test_describe_certificate_counts_down_before_expiry() -> None:
    sim = cert_game("3d")
    run_until(sim, 120)
    lines = " | ".join(act(sim, "describe_certificate", "web-cert").findings[0].lines)
    assert "NotAfter: in 3.0 days" in lines
    assert "Status: ISSUED" in lines


def test_an_imported_certificate_has_no_validation_record_to_restore() -> None:
    sim = cert_game("3m")
    run_until(sim, 300)
    for action in ("restore_validation_record", "restore_validation_record_iac"):
        refused = act(sim, action, "web-cert")
        assert isinstance(refused, ev.ActionRejected)
        assert "imported" in refused.reason
    assert sim.faults["fault"].active


def runaway_game() -> Simulation:
    inject = {
        "id": "fault",
        "at": 60,
        "fault": "lambda_concurrency_exhaustion",
        "target": "render-fn",
        "params": {"invocations": 2500},
    }
    return fresh(kit.scenario("ticketing-platform", [{"entry": "tix-api", "rate": 200}], injects=[inject]))


def test_a_runaway_s3_trigger_is_filed_under_the_bucket_in_cloudtrail() -> None:
    sim = runaway_game()
    run_until(sim, 120)
    (record,) = [r for r in sim.trail if r.event == "PutBucketNotificationConfiguration"]
    assert record.resource == "tickets-bucket"
    assert record.user.endswith("user/data-eng")
    found = act(sim, "lookup_cloudtrail", "tickets-bucket")
    assert "PutBucketNotificationConfiguration" in " ".join(found.findings[0].lines)


def test_describing_the_runaway_itself_names_it_as_the_hog() -> None:
    sim = runaway_game()
    run_until(sim, 240)
    done = act(sim, "describe_concurrency", "render-fn")
    assert "concurrency-hog:render-fn" in done.findings[0].evidence
    assert of(sim.log, ev.FaultDiscovered, fault="fault")


def test_no_hog_is_named_while_nothing_is_throttled() -> None:
    sim = runaway_game()
    run_until(sim, 30)
    done = act(sim, "describe_concurrency", "render-fn")
    assert done.findings[0].evidence == ()


# -- a poison message at the head of a FIFO queue ----------------------------------------------
QUEUE = "orders-queue"


def fifo_game(*injects: dict) -> Simulation:
    poison = {"id": "fault", "at": 60, "fault": "sqs_poison_message", "target": QUEUE, "params": {}}
    return fresh(kit.scenario("order-queue", [{"entry": "orders-api", "rate": 12}], injects=[poison, *injects]))


def test_a_blocked_fifo_group_still_fails_its_head_batch_where_the_logs_show_it() -> None:
    sim = fifo_game()
    run_until(sim, 400)
    worker = sim.world.nodes["fulfil-worker"]
    assert 0 < worker.load < 1  # one batch of ten per visibility timeout, not the backlog
    assert worker.ok == 0.0
    done = act(sim, "query_logs", "fulfil-worker")
    assert "Error processing SQS message from orders-queue" in " ".join(done.findings[0].lines)
    assert "logs-missing:fulfil-worker" not in done.findings[0].evidence
    assert of(sim.log, ev.FaultDiscovered, fault="fault")
    assert sim.world.nodes[QUEUE].status["depth"] > 3000


def test_quarantining_the_head_of_a_fifo_group_delivers_the_backlog_late_not_lost() -> None:
    sim = fifo_game()
    run_until(sim, 400)
    held = sim.world.nodes[QUEUE].status["depth"] - 1
    act(sim, "quarantine_message", QUEUE)
    run_until(sim, sim.tick + 30)
    assert sim.world.nodes[QUEUE].status["depth"] < 20
    (recovered,) = of(sim.log, ev.WorkRecovered)
    assert recovered.units >= held
    assert not of(sim.log, ev.WorkLost)


def test_purging_a_blocked_fifo_group_counts_its_backlog_once() -> None:
    sim = fifo_game()
    run_until(sim, 400)
    act(sim, "purge_queue", QUEUE)
    run_until(sim, sim.tick + 60)
    assert not of(sim.log, ev.WorkLost)  # already work not done; purged, it never will be
    assert not of(sim.log, ev.WorkRecovered)
    assert not sim.faults["fault"].active


def test_a_dead_lettered_poison_message_fails_again_when_the_dlq_is_redriven() -> None:
    sim = fifo_game()
    run_until(sim, 400)  # received about six times already
    act(sim, "set_redrive_policy", QUEUE, {"dlq": "orders-dlq", "max_receive_count": 5})
    run_until(sim, sim.tick + 20)
    dlq = sim.world.nodes["orders-dlq"].status
    assert (dlq["depth"], dlq["poison"]) == (1.0, 1)  # the bad message only: the backlog was not failed with it
    assert not sim.faults["fault"].active
    assert of(sim.log, ev.WorkRecovered)
    act(sim, "redrive_dlq", "orders-dlq")
    assert sim.faults["fault"].active
    assert sim.world.nodes[QUEUE].status["poison"] == 1
    assert of(sim.log, ev.FaultReactivated, fault="fault")


def test_a_fifo_queue_needs_a_fifo_dead_letter_queue() -> None:
    arch = kit.kitchen_arch()
    kit.node_spec(arch, "orders-queue")["config"]["fifo"] = True
    sim = fresh(kit.kitchen_scenario(architecture=arch))
    refused = act(sim, "set_redrive_policy", "orders-queue", {"dlq": "orders-dlq"})
    assert isinstance(refused, ev.ActionRejected)
    assert "dead-letter queue must be of its queue's kind" in refused.reason


def test_the_action_menu_shows_pipeline_time_and_tags_before_parameters_are_chosen() -> None:
    from warroom.engine.options import options_for

    sim = fifo_game()
    menu = {o.action.id: o for o in options_for(sim, QUEUE)}
    assert menu["set_redrive_policy_iac"].duration == 210  # orders-pipeline, not the console's 30 s
    assert "manual-change" in menu["set_redrive_policy"].tags  # a hand edit of a stack-managed queue
    assert menu["set_redrive_policy"].duration == 30
