"""``warroom suggest``'s detectors: each finds its planted weakness, names the node and a
fault that fits, stays quiet on a sturdy architecture, and numbers findings stably."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warroom.engine import FAULTS, bundled_architectures, load_architecture
from warroom.engine.scenario.models import ArchitectureSpec
from warroom.engine.suggest import DETECTORS, Finding, Topology, suggest
from warroom.engine.suggest.model import SINK, SOURCE

FIXTURES = Path(__file__).parent / "fixtures" / "suggest"
BUNDLED = Path(__file__).parents[2] / "scenarios" / "architectures"


def findings_of(name: str) -> list[Finding]:
    return suggest(load_architecture(FIXTURES / f"{name}.yaml"))


def of_kind(findings: list[Finding], kind: str) -> list[Finding]:
    return [f for f in findings if f.kind == kind]


@pytest.fixture(scope="module")
def fragile() -> list[Finding]:
    return findings_of("fragile-shop")


def test_every_request_path_through_one_single_az_group_is_the_first_finding(fragile):
    first = fragile[0]
    assert (first.number, first.kind, first.severity.label, first.nodes) == (
        1,
        "single-point-of-failure",
        "high",
        ("web-asg",),
    )
    assert "us-east-1a only" in first.title and "shop-record, shop-alb" in first.title
    assert first.proposal is not None
    assert first.proposal.as_json() == {
        "fault": "az_degradation",
        "target": "shop-alb",
        "params": {"az": "us-east-1a", "lasts": "20m"},
    }
    assert [p.fault for p in first.proposals[1:]] == ["control_plane_impaired", "stack_drift", "stack_drift"]


PLANTED = [
    ("fragile-shop", "single-point-of-failure", ("web-asg",), "az_degradation"),
    ("zonal-pair", "zone-cut", ("web-1", "web-2"), "control_plane_impaired"),
    ("fragile-shop", "single-az", ("orders-db",), None),
    ("fragile-shop", "single-az", ("session-cache",), None),
    ("fragile-shop", "no-dead-letter-queue", ("jobs-queue", "worker-fn"), "sqs_poison_message"),
    ("fragile-shop", "no-dead-letter-queue", ("shipped-rule", "notify-fn"), "eventbridge_rule_silent"),
    ("fragile-shop", "unencrypted-store", ("uploads-bucket",), "s3_bucket_public"),
    ("fragile-shop", "unencrypted-store", ("orders-db",), None),
    ("fragile-shop", "unencrypted-store", ("jobs-queue",), None),
    ("fragile-shop", "no-backup", ("orders-table",), None),
    ("fragile-shop", "no-backup", ("orders-db",), None),
    ("fragile-shop", "no-backup", ("uploads-bucket",), None),
    ("fragile-shop", "unwatched", ("worker-fn",), "lambda_concurrency_exhaustion"),
    ("fragile-shop", "wildcard-iam", ("web-role", "web-asg"), "log_delivery_stopped"),
]


@pytest.mark.parametrize(("fixture", "kind", "nodes", "fault"), PLANTED, ids=str)
def test_each_planted_weakness_is_found_with_a_fitting_fault(fixture, kind, nodes, fault):
    found = [f for f in of_kind(findings_of(fixture), kind) if f.nodes == nodes]
    assert len(found) == 1, [f.nodes for f in of_kind(findings_of(fixture), kind)]
    finding = found[0]
    assert finding.proposal is None if fault is None else finding.proposal.fault == fault
    assert finding.why and finding.fix and nodes[0] in finding.title
    assert finding.where.startswith(str(FIXTURES / f"{fixture}.yaml") + ":")


def test_every_detector_has_a_planted_case():
    assert {kind for _, kind, _, _ in PLANTED} == set(DETECTORS.ids())


@pytest.mark.parametrize("kind", DETECTORS.ids())
def test_a_sturdy_architecture_yields_no_finding_of_any_kind(kind):
    assert of_kind(findings_of("sturdy-shop"), kind) == []


def test_a_multi_az_database_is_not_single_az_and_its_failover_fault_applies(tmp_path):
    text = (FIXTURES / "fragile-shop.yaml").read_text(encoding="utf-8")
    healed = text.replace(
        "config: {multi_az: false, storage_encrypted: false", "config: {multi_az: true, storage_encrypted: false"
    )
    (tmp_path / "healed.yaml").write_text(healed, encoding="utf-8")
    findings = suggest(load_architecture(tmp_path / "healed.yaml"))
    assert not [f for f in of_kind(findings, "single-az") if f.nodes == ("orders-db",)]
    watched = next(f for f in of_kind(findings, "unwatched") if f.nodes == ("orders-db",))
    assert watched.proposal is not None and watched.proposal.fault == "rds_failover_stale_connections"


def test_a_proposal_the_fault_would_refuse_is_dropped(fragile):
    """A single-AZ database has no standby, so the failover fault cannot be proposed for it."""
    database = [f for f in fragile if f.nodes == ("orders-db",)]
    assert database and all(p.fault != "rds_failover_stale_connections" for f in database for p in f.proposals)


@pytest.mark.parametrize("name", bundled_architectures())
def test_bundled_architectures_give_stable_numbered_findings(name, tmp_path):
    source = BUNDLED / f"{name}.yaml"
    first = suggest(load_architecture(source))
    assert [f.number for f in first] == list(range(1, len(first) + 1))
    severities = [f.severity for f in first]
    assert severities == sorted(severities)
    shutil.copyfile(source, tmp_path / source.name)
    again = suggest(load_architecture(tmp_path / source.name))
    assert [(f.number, f.kind, f.nodes, f.proposals) for f in again] == [
        (f.number, f.kind, f.nodes, f.proposals) for f in first
    ]
    for finding in first:
        for proposal in finding.proposals:
            assert proposal.fault in FAULTS and not FAULTS.get(proposal.fault).harmless


def test_a_resource_unknown_to_the_simulation_is_not_on_a_request_path():
    """An imported template's generic resource neither carries requests nor breaks the analysis."""
    spec = ArchitectureSpec.model_validate(
        {
            "nodes": [
                {"id": "api", "type": "api_gateway"},
                {"id": "fn", "type": "lambda_function"},
                {"id": "imported", "type": "cfn_resource"},
                {"id": "table", "type": "dynamodb_table", "config": {"pitr": False}},
            ],
            "edges": ["api routes fn", "fn calls imported", "imported writes table", "fn reads table"],
        }
    )
    topo = Topology(spec)
    assert "imported" not in topo.work and "imported" not in topo.reached
    assert topo.reached == {"api", "fn", "table"}
    findings = [f for d in DETECTORS for f in d.find(topo)]
    assert all("imported" not in f.nodes for f in findings)
    assert {f.kind for f in findings} == {"no-backup", "unwatched"}


def test_an_internal_load_balancer_is_not_an_entry_point():
    spec = ArchitectureSpec.model_validate(
        {
            "nodes": [
                {"id": "inner-alb", "type": "alb", "config": {"scheme": "internal"}},
                {"id": "web", "type": "ec2_instance"},
                {"id": "table", "type": "dynamodb_table"},
            ],
            "edges": ["inner-alb routes web", "web writes table"],
        }
    )
    topo = Topology(spec)
    assert topo.entries == [] and topo.chokepoints == []


@st.composite
def request_graphs(draw: st.DrawFn) -> ArchitectureSpec:
    """An API in front of up to six servers wired at random, some writing the one table."""
    servers = [f"s{i}" for i in range(draw(st.integers(1, 6)))]
    edges = {f"api routes {s}" for s in draw(st.sets(st.sampled_from(servers), min_size=1))}
    pairs = [(a, b) for a in servers for b in servers if a < b]  # forward only: no cycles
    if pairs:
        edges |= {f"{a} calls {b}" for a, b in draw(st.sets(st.sampled_from(pairs)))}
    edges |= {f"{s} writes table" for s in draw(st.sets(st.sampled_from(servers), min_size=1))}
    nodes = [
        {"id": "api", "type": "api_gateway"},
        *({"id": s, "type": "ec2_instance", "az": "us-east-1a"} for s in servers),
        {"id": "table", "type": "dynamodb_table"},
    ]
    return ArchitectureSpec.model_validate({"nodes": nodes, "edges": sorted(edges)})


def _cuts(topo: Topology, nodes: tuple[str, ...]) -> bool:
    graph = topo.request_graph.copy()
    graph.remove_nodes_from(nodes)
    return not nx.has_path(graph, SOURCE, SINK)


@settings(max_examples=60, deadline=None)
@given(request_graphs())
def test_chokepoints_and_cuts_agree_with_brute_force(spec):
    topo = Topology(spec)
    if not topo.has_request_paths:  # no server both takes requests and writes the table
        assert topo.chokepoints == [] and topo.cut_within(set(topo.reached)) == []
        return
    inner = [n for n in topo.request_graph if n not in (SOURCE, SINK, "api")]
    assert topo.chokepoints == topo.ordered([n for n in inner if _cuts(topo, (n,))])
    servers = {n for n in inner if n != "table"}
    cut = topo.cut_within(servers)
    smallest = next(
        (
            c
            for size in range(1, len(servers) + 1)
            for c in itertools.combinations(sorted(servers), size)
            if _cuts(topo, c)
        ),
        (),
    )
    assert _cuts(topo, tuple(cut)) and len(cut) == len(smallest)
