"""The grouped layout: with two or more CloudFormation stacks, each Region is cut into a box per
stack (AZ boxes inside it), arranged by tier, with no node or box overlapping another; a
collapsed group is one node that the edges of its members are folded into; and for any
architecture the layout is the same whatever order it arrives in."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from itertools import combinations, pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warroom.engine import EDGE_KINDS, RESOURCES, Simulation, resolve, snapshot
from warroom.engine.snapshot import NodeView
from warroom.game.window.diagram.grouping import TIERS, UNSTACKED, fold_edges, group_of, tier_of
from warroom.game.window.diagram.layout import SATELLITE_TYPES, Arrangement, Box, arrange, compute_layout, groups
from warroom.game.window.screenshots import estate

Nodes = tuple[NodeView, ...]
Edges = tuple[tuple[str, str, str], ...]
GENERIC = "cfn_resource"  # an imported template's inert resource: a type the catalog does not know


def node(node_id: str, rtype: str, region: str, stack: str | None = None, az: str | None = None) -> NodeView:
    return NodeView(node_id, rtype, node_id, region, az, stack, (), None)


@pytest.fixture(scope="module")
def estate_views() -> tuple[Nodes, Edges]:
    """The 150-resource, six-stack, two-Region estate as the diagram gets it, with the
    functions of one western stack spread over two AZs and a few generic template resources."""
    snap = snapshot(Simulation(estate(), 1))
    assert len(snap.nodes) == 150
    assert len({n.stack for n in snap.nodes if n.stack}) == 6 and {n.region for n in snap.nodes} == {
        "us-east-1",
        "us-west-2",
    }
    functions = sorted(n.id for n in snap.nodes if n.stack == "svc0002-stack" and n.type == "lambda_function")
    zoned = {f: f"us-west-2{'ab'[i % 2]}" for i, f in enumerate(functions)}
    nodes = tuple(dataclasses.replace(n, az=zoned.get(n.id)) for n in snap.nodes)
    generic = tuple(node(f"svc0003-assoc{k}", GENERIC, "us-east-1", "svc0003-stack") for k in range(4))
    return nodes + generic, tuple(snap.edges)


def inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] < point[0] < box[2] and box[1] < point[1] < box[3]


def disjoint(a: Box, b: Box) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def assert_readable(nodes: Nodes, arrangement: Arrangement) -> None:
    """No two node cells overlap; every node (or its collapsed group's node) is inside its
    Region's, stack's and AZ's box and no other of the same kind; boxes of one kind inside one
    parent never overlap; inner boxes are inside their parent."""
    positions = arrangement.positions
    points = sorted(positions.values())
    for (x, y), (ox, oy) in combinations(points, 2):
        assert abs(ox - x) > 1 - 1e-9 or abs(oy - y) > 1 - 1e-9, ((x, y), (ox, oy))
    membership = group_of(nodes)
    by_key = {g.key: g for g in arrangement.groups}
    for n in nodes:
        shown = arrangement.folded.get(n.id, n.id)
        point = positions[shown]
        regions = [g.name for g in arrangement.groups if g.kind == "region" and inside(point, g.box)]
        assert regions == [n.region], n.id
        stacks = [g.key for g in arrangement.groups if g.kind == "group" and inside(point, g.box)]
        assert stacks == ([membership[n.id][0]] if membership else []), n.id
        zones = [g for g in arrangement.groups if g.kind == "az" and inside(point, g.box)]
        expected_zone = [n.az] if n.az and shown == n.id else []
        assert [z.name for z in zones] == expected_zone, n.id
        assert all(n.id in z.members for z in zones)
    for group in arrangement.groups:
        parent = by_key.get(group.key.rpartition("/")[0])
        if parent is not None:
            assert parent.box[0] < group.box[0] and group.box[2] < parent.box[2], group.key
            assert parent.box[1] < group.box[1] and group.box[3] < parent.box[3], group.key
    for a, b in combinations(arrangement.groups, 2):
        if a.kind == b.kind and a.key.rpartition("/")[0] == b.key.rpartition("/")[0]:
            assert disjoint(a.box, b.box), (a.key, b.key)


# -- the estate ----------------------------------------------------------------------------------
def test_the_estate_is_boxed_by_stack_in_its_regions_and_zones(estate_views):
    nodes, edges = estate_views
    arrangement = arrange(nodes, edges)
    stacks = {g.key: g for g in arrangement.groups if g.kind == "group"}
    assert len(stacks) == 6
    assert sorted(g.key for g in arrangement.groups if g.kind == "az") == [
        "us-west-2/svc0002-stack/us-west-2a",
        "us-west-2/svc0002-stack/us-west-2b",
    ]
    counts = Counter(group_of(nodes)[n.id][0] for n in nodes)
    assert {key: len(g.members) for key, g in stacks.items()} == counts
    assert stacks["us-east-1/platform-stack"].members.count("platform-stack") == 1, "a stack is in its own box"
    assert_readable(nodes, arrangement)


def test_inside_a_stack_the_tiers_run_left_to_right(estate_views):
    nodes, edges = estate_views
    positions = compute_layout(nodes, edges)
    membership = group_of(nodes)
    for key in {group.key for group in membership.values()}:
        placed = [n for n in nodes if membership[n.id][0] == key and not n.az]
        main = [n for n in placed if n.type not in SATELLITE_TYPES and tier_of(n.type) != "supporting"]
        columns = [sorted(positions[n.id][0] for n in main if tier_of(n.type) == tier) for tier in TIERS]
        present = [xs for xs in columns if xs]
        for left, right in pairwise(present):
            assert left[-1] < right[0], key
        # generic template resources and loose supporting ones sit below the tiers
        bottom = max((positions[n.id][1] for n in main), default=-1)
        for n in placed:
            if n.type == GENERIC:
                assert positions[n.id][1] > bottom, n.id


def test_tiers_come_from_the_catalog_category():
    assert {t.id: tier_of(t.id) for t in RESOURCES if t.id in ("alb", "lambda_function", "sqs_queue", "s3_bucket")} == {
        "alb": "edge",
        "lambda_function": "compute",
        "sqs_queue": "integration",
        "s3_bucket": "data",
    }
    assert tier_of("iam_role") == tier_of("log_group") == tier_of(GENERIC) == "supporting"


def test_collapsing_a_stack_folds_its_members_and_merges_their_edges(estate_views):
    nodes, edges = estate_views
    key = "us-west-2/svc0002-stack"
    expanded, collapsed = arrange(nodes, edges), arrange(nodes, edges, {key})
    members = {n.id for n in nodes if group_of(nodes)[n.id][0] == key}
    assert key in collapsed.positions and not members & collapsed.positions.keys()
    assert collapsed.folded == dict.fromkeys(members, key)
    for source, target, _ in collapsed.edges:
        assert source not in members and target not in members
    leaving = [e for e in expanded.edges if (e[0] in members) != (e[1] in members)]
    touching = {e: n for e, n in collapsed.counts.items() if key in e[:2]}
    assert sum(touching.values()) == len(leaving) > len(touching) >= 1, "parallel edges merged, with their count"
    assert max(touching.values()) > 1
    box = next(g for g in collapsed.groups if g.key == key)
    assert box.collapsed and box.members == tuple(sorted(members))
    width = collapsed.bounds[2] - collapsed.bounds[0]
    assert width * (collapsed.bounds[3] - collapsed.bounds[1]) < (expanded.bounds[2] - expanded.bounds[0]) * (
        expanded.bounds[3] - expanded.bounds[1]
    )
    assert_readable(nodes, collapsed)
    everything = arrange(nodes, edges, {group.key for group in group_of(nodes).values()})
    assert len(everything.positions) == 6
    assert_readable(nodes, everything)


def test_fold_edges_merges_by_ends_and_flow():
    edges = [
        ("a", "x", "writes"),
        ("b", "x", "reads"),
        ("a", "y", "triggers"),
        ("a", "b", "calls"),
        ("b", "y", "uses_role"),
    ]
    assert fold_edges(edges, {"a": "G", "b": "G"}) == {
        ("G", "x", "reads"): 2,
        ("G", "y", "triggers"): 1,
        ("G", "y", "uses_role"): 1,
    }


def test_a_small_architecture_with_one_stack_or_none_has_no_group_boxes():
    canary = snapshot(Simulation(resolve("canary-checkout"), 1))
    assert len({n.stack for n in canary.nodes if n.stack}) == 1
    assert group_of(canary.nodes) == {}
    assert not [g for g in groups(canary.nodes, compute_layout(canary.nodes, canary.edges)) if g.kind != "region"]
    two = [node("a", "lambda_function", "r", "s1"), node("b", "sqs_queue", "r", "s2"), node("c", "iam_role", "r")]
    assert {n: (g.key, g.name, g.icon) for n, g in group_of(two).items()} == {
        "a": ("r/s1", "s1", "cloudformation_stack"),
        "b": ("r/s2", "s2", "cloudformation_stack"),
        "c": (f"r/{UNSTACKED}", UNSTACKED, "cloudformation_stack"),
    }


def test_a_large_single_stack_architecture_is_grouped_by_tier_in_flow_order(estate_views):
    nodes, edges = estate_views
    single = tuple(dataclasses.replace(n, stack="one-template" if n.stack else None) for n in nodes)
    membership = group_of(single)
    assert {g.name for g in membership.values()} == {"entry", "compute", "integration", "data", "supporting"}
    assert membership["svc0001-api"].icon == "api_gateway" and membership["svc0001-worker-role"].name == "supporting"
    arrangement = arrange(single, edges)
    assert_readable(single, arrangement)
    east = [g for g in arrangement.groups if g.kind == "group" and g.key.startswith("us-east-1/")]
    reading = [g.name for g in sorted(east, key=lambda g: (round(g.box[1], 6), g.box[0]))]
    assert reading == ["entry", "compute", "integration", "data", "supporting"], "tiers read in flow order"
    shut = arrange(single, edges, {g.key for g in membership.values()})
    assert len(shut.positions) == len({g.key for g in membership.values()})
    assert_readable(single, shut)


# -- any architecture ----------------------------------------------------------------------------
TYPES = [*sorted(t.id for t in RESOURCES), GENERIC]
KINDS = sorted(EDGE_KINDS)


@st.composite
def architectures(draw: st.DrawFn) -> tuple[Nodes, Edges, frozenset[str]]:
    """1–200 resources over up to three Regions, up to seven stacks (or none) and a few AZs,
    random edges, and a random set of collapsed groups."""
    size = draw(st.integers(1, 200))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = random.Random(seed)
    regions = [f"r{k}" for k in range(draw(st.integers(1, 3)))]
    stacks = [f"stack{k}" for k in range(draw(st.integers(0, 7)))]
    nodes = []
    for i in range(size):
        region = rng.choice(regions)
        az = rng.choice([None, None, f"{region}a", f"{region}b"])
        stack = rng.choice([*stacks, None]) if stacks else None
        nodes.append(node(f"n{i:03d}", rng.choice(TYPES), region, stack, az))
    edges = tuple(
        (f"n{rng.randrange(size):03d}", f"n{rng.randrange(size):03d}", rng.choice(KINDS))
        for _ in range(rng.randrange(size * 2 + 1))
    )
    keys = sorted({group.key for group in group_of(nodes).values()})
    shut = frozenset(k for k in keys if rng.random() < 0.4)
    return tuple(nodes), edges, shut


@settings(max_examples=60, deadline=None)
@given(architectures(), st.randoms(use_true_random=False))
def test_any_architecture_lays_out_the_same_whatever_the_order_and_without_overlaps(case, rng):
    nodes, edges, shut = case
    first = arrange(nodes, edges, shut)
    shuffled_nodes, shuffled_edges = list(nodes), list(edges)
    rng.shuffle(shuffled_nodes)
    rng.shuffle(shuffled_edges)
    again = arrange(shuffled_nodes, shuffled_edges, sorted(shut))
    assert again.positions == first.positions
    assert again.groups == first.groups and again.counts == first.counts
    assert_readable(nodes, first)
