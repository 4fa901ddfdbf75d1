"""The architecture diagram: a stable layout inside its Region and AZ boxes, a camera that pans,
zooms about the cursor and fits, and drawing that shows only what the player knows, with a
hotspot per visible node and no clipped text."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass

import pygame
import pytest
from warroom.engine import Simulation, Snapshot, resolve, snapshot
from warroom.engine.edges import EDGE_KINDS, Flow
from warroom.engine.snapshot import ActionView, AlarmView
from warroom.game.window.canvas import Canvas
from warroom.game.window.diagram import DiagramModel, DiagramView, compute_layout, draw_diagram, groups
from warroom.game.window.diagram.draw import icon, label_lines
from warroom.game.window.diagram.layout import ASYNC_KINDS, SYNC_KINDS, arrange
from warroom.game.window.theme import PALETTES, Theme

RELATIONS = {k for k, v in EDGE_KINDS.items() if v.flow is Flow.RELATION}


@dataclass(frozen=True)
class Node:
    """A node as the layout reads it (the engine's NodeView has the same fields)."""

    id: str
    type: str
    region: str = "us-east-1"
    az: str | None = None
    position: tuple[float, float] | None = None
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", self.label or f"{self.id} ({self.type})")


def service(prefix: str, region: str = "us-east-1", azs: tuple[str, ...] = ()) -> tuple[list[Node], list[tuple]]:
    """One service: API → two functions → table and queue → worker, with roles, logs and an alarm;
    with ``azs``, two instances behind the API spread over them."""
    n = [
        Node(f"{prefix}-api", "api_gateway", region),
        Node(f"{prefix}-fn1", "lambda_function", region),
        Node(f"{prefix}-fn2", "lambda_function", region),
        Node(f"{prefix}-table", "dynamodb_table", region),
        Node(f"{prefix}-queue", "sqs_queue", region),
        Node(f"{prefix}-worker", "lambda_function", region),
        Node(f"{prefix}-role", "iam_role", region),
        Node(f"{prefix}-logs", "log_group", region),
        Node(f"{prefix}-alarm", "cloudwatch_alarm", region),
        Node(f"{prefix}-key", "kms_key", region),
    ]
    e = [
        (f"{prefix}-api", f"{prefix}-fn1", "routes"),
        (f"{prefix}-api", f"{prefix}-fn2", "routes"),
        (f"{prefix}-fn1", f"{prefix}-table", "writes"),
        (f"{prefix}-fn2", f"{prefix}-queue", "writes"),
        (f"{prefix}-queue", f"{prefix}-worker", "triggers"),
        (f"{prefix}-worker", f"{prefix}-table", "writes"),
        (f"{prefix}-fn1", f"{prefix}-role", "uses_role"),
        (f"{prefix}-fn1", f"{prefix}-logs", "triggers"),
        (f"{prefix}-alarm", f"{prefix}-fn1", "monitors"),
        (f"{prefix}-table", f"{prefix}-key", "encrypts_with"),
    ]
    for i, az in enumerate(azs):
        n.append(Node(f"{prefix}-ec2-{i}", "ec2_instance", region, az))
        n.append(Node(f"{prefix}-ec2-{i}-sg", "security_group", region, az))
        e.append((f"{prefix}-api", f"{prefix}-ec2-{i}", "routes"))
        e.append((f"{prefix}-ec2-{i}", f"{prefix}-table", "reads"))
        e.append((f"{prefix}-ec2-{i}", f"{prefix}-ec2-{i}-sg", "secured_by"))
    if azs:  # an alarm (no AZ) on an instance in a zone: it must stay out of the zone's box
        n.append(Node(f"{prefix}-ec2-alarm", "cloudwatch_alarm", region))
        e.append((f"{prefix}-ec2-alarm", f"{prefix}-ec2-0", "monitors"))
    return n, e


def estate(services: int) -> tuple[list[Node], list[tuple]]:
    """Many services in one Region, plus one multi-AZ service in another and a loose trail."""
    nodes, edges = [Node("trail", "cloudtrail_trail")], []
    for k in range(services):
        n, e = service(f"svc{k:02d}")
        nodes += n
        edges += e
    n, e = service("west", "us-west-2", ("us-west-2a", "us-west-2b"))
    return nodes + n, edges + e


@pytest.fixture(scope="module")
def screen() -> pygame.Surface:
    pygame.init()
    return pygame.display.set_mode((1280, 720))


@pytest.fixture(scope="module")
def canary() -> Snapshot:
    return snapshot(Simulation(resolve("canary-checkout"), 1))


def draw(screen: pygame.Surface, view: DiagramView, model: DiagramModel, rect: pygame.Rect, theme: Theme | None = None):
    canvas = Canvas(screen, theme or Theme(PALETTES["colour-blind safe"]))
    return canvas, draw_diagram(canvas, rect, view, model)


# -- layout --------------------------------------------------------------------------------------
def test_layout_is_deterministic_and_independent_of_input_order():
    nodes, edges = estate(6)
    first = compute_layout(nodes, edges)
    assert compute_layout(nodes, edges) == first
    rng = random.Random(4)
    for _ in range(3):
        shuffled_nodes, shuffled_edges = nodes[:], edges[:]
        rng.shuffle(shuffled_nodes)
        rng.shuffle(shuffled_edges)
        assert compute_layout(shuffled_nodes, shuffled_edges) == first


def test_layout_uses_the_scenarios_positions_when_every_node_has_one():
    nodes = [Node("a", "alb", position=(3, 4)), Node("b", "ec2_instance", position=(10.5, -2))]
    assert compute_layout(nodes, [("a", "b", "routes")]) == {"a": (3.0, 4.0), "b": (10.5, -2.0)}
    partly = [nodes[0], Node("b", "ec2_instance")]
    assert compute_layout(partly, [("a", "b", "routes")]) != {"a": (3.0, 4.0), "b": (0.0, 0.0)}


def test_flow_runs_left_to_right_and_satellites_sit_by_their_resource():
    nodes, edges = service("s")
    layout = compute_layout(nodes, edges)
    assert layout["s-api"][0] < layout["s-fn1"][0] < layout["s-table"][0]
    assert layout["s-fn2"][0] < layout["s-queue"][0] < layout["s-worker"][0]
    for satellite, owner in (("s-role", "s-fn1"), ("s-logs", "s-fn1"), ("s-alarm", "s-fn1"), ("s-key", "s-table")):
        (x, y), (ox, oy) = layout[satellite], layout[owner]
        assert abs(x - ox) <= 0.5 and 0 < y - oy <= 3, satellite


def test_nodes_never_overlap_and_300_nodes_stay_screen_shaped():
    nodes, edges = estate(29)
    assert len(nodes) == 306
    layout = compute_layout(nodes, edges)
    points = sorted(layout.values())
    assert len(set(points)) == len(points)
    for i, (x, y) in enumerate(points):
        for ox, oy in points[i + 1 : i + 40]:
            assert abs(ox - x) >= 1 or abs(oy - y) >= 1
    left, top, right, bottom = arrange(nodes, edges).bounds
    assert 1.0 <= (right - left) / (bottom - top) <= 3.5


def _inside(point: tuple[float, float], box: tuple[float, float, float, float]) -> bool:
    return box[0] < point[0] < box[2] and box[1] < point[1] < box[3]


def test_every_node_is_inside_its_region_and_az_box_and_no_other():
    nodes, edges = estate(3)
    layout = compute_layout(nodes, edges)
    boxes = groups(nodes, layout)
    regions = {g.name: g.box for g in boxes if g.kind == "region"}
    zones = {g.name: g.box for g in boxes if g.kind == "az"}
    assert set(regions) == {"us-east-1", "us-west-2"}
    assert set(zones) == {"us-west-2a", "us-west-2b"}
    for node in nodes:
        point = layout[node.id]
        assert _inside(point, regions[node.region]), node.id
        assert [name for name, box in regions.items() if _inside(point, box)] == [node.region]
        assert [name for name, box in zones.items() if _inside(point, box)] == ([node.az] if node.az else []), node.id
    for zone in zones.values():
        west = regions["us-west-2"]
        assert west[0] < zone[0] and zone[2] < west[2] and west[1] < zone[1] and zone[3] < west[3]
    a, b = zones["us-west-2a"], zones["us-west-2b"]
    assert a[3] < b[1] or b[3] < a[1], "AZ boxes do not overlap"
    east, west = regions["us-east-1"], regions["us-west-2"]
    assert east[2] < west[0] or west[2] < east[0], "Region boxes do not overlap"


# -- the view ------------------------------------------------------------------------------------
def test_the_layout_is_computed_once_per_architecture(canary):
    view = DiagramView()
    first = view.arrangement(canary.nodes, canary.edges)
    copies = tuple(n for n in canary.nodes), tuple(e for e in canary.edges)
    assert copies[0] is not canary.nodes
    assert view.arrangement(*copies) is first
    assert view.arrangement(canary.nodes[:-1], canary.edges) is not first


def test_zoom_keeps_the_point_under_the_cursor(screen, canary):
    view, rect = DiagramView(), pygame.Rect(40, 30, 900, 600)
    draw(screen, view, DiagramModel(canary.nodes, canary.edges), rect)
    cursor = (610, 222)
    before = view.to_layout(cursor, rect)
    for factor in (1.7, 1.7, 0.3, 1.15):
        view.zoom_at(factor, cursor, rect)
        assert view.to_layout(cursor, rect) == pytest.approx(before)
    wheel = pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=2, pos=cursor)
    scale = view.scale
    assert view.handle_event(wheel, rect)
    assert view.scale > scale
    assert view.to_layout(cursor, rect) == pytest.approx(before)
    outside = pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, pos=(5, 5))
    assert not view.handle_event(outside, rect)


def test_dragging_pans(screen, canary):
    view, rect = DiagramView(), pygame.Rect(0, 0, 800, 600)
    draw(screen, view, DiagramModel(canary.nodes, canary.edges), rect)
    origin = view.origin
    assert view.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(100, 100)), rect)
    assert view.handle_event(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(130, 80), rel=(30, -20), buttons=(1, 0, 0)), rect
    )
    assert view.handle_event(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=(130, 80)), rect)
    assert view.origin == (origin[0] + 30, origin[1] - 20)
    assert not view.handle_event(
        pygame.event.Event(pygame.MOUSEMOTION, pos=(10, 10), rel=(1, 1), buttons=(0, 0, 0)), rect
    )
    assert not view.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=(900, 100)), rect)


@pytest.mark.parametrize("rect", [pygame.Rect(0, 0, 1280, 720), pygame.Rect(300, 120, 500, 260)])
def test_fit_puts_every_node_inside_the_rect(screen, canary, rect):
    view = DiagramView()
    model = DiagramModel(canary.nodes, canary.edges)
    draw(screen, view, model, rect)
    view.zoom_at(3.0, rect.topleft, rect)
    view.pan(-400, 250)
    view.fit(rect)
    canvas, stats = draw(screen, view, model, rect)
    arrangement = view.arrangement(canary.nodes, canary.edges)
    for node in canary.nodes:
        assert rect.collidepoint(view.to_screen(arrangement.positions[node.id], rect)), node.id
    assert stats.nodes == len(canary.nodes)
    assert all(rect.contains(spot.rect) for spot in canvas.log.hotspots)


# -- drawing -------------------------------------------------------------------------------------
def test_one_hotspot_per_visible_node(screen, canary):
    view, rect = DiagramView(), pygame.Rect(0, 0, 1280, 720)
    model = DiagramModel(canary.nodes, canary.edges)
    canvas, stats = draw(screen, view, model, rect)
    spots = [s for s in canvas.log.hotspots if s.action == "node"]
    assert sorted(s.payload for s in spots) == sorted(n.id for n in canary.nodes)
    assert all(s.label == s.payload for s in spots)
    assert canvas.log.find("checkout-fn").payload == "checkout-fn"
    view.zoom_at(6.0, rect.topleft, rect)
    canvas, stats = draw(screen, view, model, rect)
    spots = [s for s in canvas.log.hotspots if s.action == "node"]
    assert 0 < len(spots) == stats.nodes < len(canary.nodes)
    assert len({s.payload for s in spots}) == len(spots)
    assert all(rect.contains(s.rect) for s in spots)


def test_relation_edges_are_drawn_only_when_toggled_on(screen, canary):
    view, rect = DiagramView(), pygame.Rect(0, 0, 1280, 720)
    model = DiagramModel(canary.nodes, canary.edges)
    _, off = draw(screen, view, model, rect)
    assert not view.show_relations
    assert RELATIONS.isdisjoint(off.edges)
    assert off.edges["routes"] == 2 and off.edges["triggers"] > 0
    view.toggle_relations()
    _, on = draw(screen, view, model, rect)
    assert sum(on.edges[k] for k in RELATIONS) == sum(1 for e in canary.edges if e[2] in RELATIONS)
    assert all(on.edges[k] == off.edges[k] for k in SYNC_KINDS | ASYNC_KINDS)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize(
    ("palette", "scale"), [("colour-blind safe", 1.0), ("high contrast", 1.5), ("colour-blind safe", 0.85)]
)
def test_canary_checkout_renders_with_no_clipped_text(screen, canary, size, palette, scale):
    surface = pygame.Surface(size)
    rect = surface.get_rect()
    ids = [n.id for n in canary.nodes]
    model = DiagramModel(
        canary.nodes,
        canary.edges,
        alarm_state={"checkout-fn": "ALARM", "shop-api": "INSUFFICIENT_DATA", "api-5xx": "OK"},
        findings=frozenset({"checkout-fn", "orders-table"}),
        in_flight={"checkout-dg": 2},
        selected="checkout-fn",
    )
    view = DiagramView()
    view.toggle_relations()
    canvas, stats = draw(surface, view, model, rect, Theme(PALETTES[palette], scale))
    assert canvas.log.clipped == []
    assert stats.nodes == len(ids) and stats.labels == len(ids)
    texts = {t.text for t in canvas.log.texts}
    assert {"A", "?", "ok", "2", "us-east-1"} <= texts, "badges carry letters, not colour alone"
    for factor in (0.5, 0.5, 4.0, 3.0):  # far out (labels hidden) and close in (labels cut to fit)
        view.zoom_at(factor, rect.center, rect)
        canvas, _ = draw(surface, view, model, rect, Theme(PALETTES[palette], scale))
        assert canvas.log.clipped == []


def test_labels_stay_inside_their_own_box(screen):
    nodes, edges = estate(2)
    by_id = {n.id: n for n in nodes}
    view, rect = DiagramView(), pygame.Rect(0, 0, 1280, 720)
    model = DiagramModel(nodes, edges)
    for factor in (1.0, 2.5):
        view.zoom_at(factor, rect.center, rect)
        canvas, stats = draw(screen, view, model, rect)
        assert stats.labels > 0 and canvas.log.clipped == []
        offset = (rect.x + round(view.origin[0]), rect.y + round(view.origin[1]))
        box = {(g.kind, g.name): r.move(offset) for g, r in view.prepare(nodes, edges, rect).groups}
        for spot in canvas.log.hotspots:  # a node's hotspot covers its icon and its label
            node = by_id[spot.payload]
            own = box[("az", node.az)] if node.az else box[("region", node.region)]
            assert own.left <= spot.rect.left and spot.rect.right <= own.right, node.id


def test_drawing_stays_inside_the_rect(screen, canary):
    surface = pygame.Surface((800, 600))
    surface.fill((1, 2, 3))
    rect = pygame.Rect(200, 150, 300, 200)
    view = DiagramView()
    model = DiagramModel(canary.nodes, canary.edges, selected="shop-api")
    draw(surface, view, model, rect)
    view.zoom_at(5.0, rect.center, rect)
    draw(surface, view, model, rect)
    assert surface.get_clip() == surface.get_rect()
    for x, y in ((rect.left - 1, rect.centery), (rect.right, rect.centery), (rect.centerx, rect.top - 1), (0, 0)):
        assert surface.get_at((x, y))[:3] == (1, 2, 3)


def test_model_from_snapshot_holds_only_what_the_player_knows(canary):
    snap = dataclasses.replace(
        canary,
        alarms=(
            AlarmView("checkout-errors", "OK", 0, "Errors", "checkout-fn", True),
            AlarmView("api-5xx", "ALARM", 0, "5XXError", "shop-api", True),
            AlarmView("extra", "INSUFFICIENT_DATA", 0, "Errors", "checkout-fn", False),
        ),
        in_flight=(
            ActionView(1, "view_logs", "checkout-fn", "you", 0, 30),
            ActionView(2, "rollback", "checkout-fn", "you", 0, 60),
            ActionView(3, "declare_incident", None, "you", 0, 10),
        ),
    )
    model = DiagramModel.from_snapshot(snap, findings=["orders-bus"], selected="shop-api")
    assert model.alarm_state == {
        "checkout-errors": "OK",
        "checkout-fn": "INSUFFICIENT_DATA",
        "api-5xx": "ALARM",
        "shop-api": "ALARM",
        "extra": "INSUFFICIENT_DATA",
    }
    assert model.in_flight == {"checkout-fn": 2}
    assert model.findings == {"orders-bus"} and model.selected == "shop-api"
    assert model.truth == {}  # only a replay, asked for the truth, fills it
    assert {f.name for f in dataclasses.fields(DiagramModel)} == {
        "nodes",
        "edges",
        "alarm_state",
        "findings",
        "in_flight",
        "selected",
        "truth",
    }


def test_labels_are_cut_to_fit_their_width(screen):
    canvas = Canvas(screen, Theme(PALETTES["colour-blind safe"]))
    for text in ("checkout deployment group", "/aws/lambda/checkout", "OrderPlaced → fulfil", "a" * 60):
        for width, lines in ((40, 1), (70, 2), (120, 2), (400, 1)):
            cut = label_lines(canvas, text, width, lines, "tiny")
            assert len(cut) <= lines
            assert all(canvas.text_width(line, "tiny") <= width for line in cut)
    assert label_lines(canvas, "/aws/lambda/checkout", 90, 2, "tiny") == ("/aws/lambda/", "checkout")
    assert label_lines(canvas, "checkout deployment group", 60, 1, "tiny")[0].endswith("…")


def test_icons_are_loaded_from_the_package_and_cached(screen):
    small = icon("lambda_function", 40)
    assert small.get_size() == (40, 40)
    assert icon("lambda_function", 40) is small
