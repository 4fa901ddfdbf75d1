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
        "params": {"invocations": 2500, "by": "leo.marsh"},
    }
    return fresh(kit.scenario("ticketing-platform", [{"entry": "tix-api", "rate": 200}], injects=[inject]))


def test_a_runaway_s3_trigger_is_filed_under_the_bucket_in_cloudtrail() -> None:
    sim = runaway_game()
    run_until(sim, 120)
    (record,) = [r for r in sim.trail if r.event == "PutBucketNotificationConfiguration"]
    assert record.resource == "tickets-bucket"
    assert record.user.endswith("user/leo.marsh")
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
