"""Generate the front end's original art: one icon per resource type, and the alert sounds.

Run ``python -m warroom.assets.generate`` after changing a glyph or a sound; the outputs are
committed (``icons/<type_id>.png``, ``sounds/<cue>.wav``) and shipped as package data.

Icons are drawn with pygame primitives at four times their size and box-filtered down to
64×64: a rounded tile in a colour per category, and a white glyph per type. The glyph alone
tells the types apart (a player need not see colour at all); the colour only groups them.
Sounds are synthesised sample by sample (44.1 kHz, mono, 16-bit), soft-edged so they never
click. Both are deterministic: the same bytes on every run, which a test checks. PNGs are
written here with ``zlib`` rather than by pygame, whose PNG writer differs between builds,
and the down-scaling uses pygame's portable (``GENERIC``) filter for the same reason.
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import struct
import sys
import wave
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
from warroom.engine import RESOURCES

HERE = Path(__file__).resolve().parent
ICON_SIZE = 64
SUPER = 4  # drawn at SUPER × ICON_SIZE, then filtered down: smooth edges without aa primitives
S = ICON_SIZE * SUPER  # the drawing canvas: glyph coordinates below are on a 256-pixel square
GLYPH = (248, 248, 248)

Point = tuple[float, float]
Colour = tuple[int, int, int]

CATEGORY_COLOURS: dict[str, Colour] = {
    "network": (0, 108, 178),
    "compute": (199, 102, 0),
    "messaging": (160, 62, 138),
    "data": (0, 128, 96),
    "security": (186, 48, 40),
    "delivery": (84, 84, 170),
    "observability": (122, 100, 28),
    "other": (96, 104, 112),
}


# -- drawing helpers (coordinates on the 256-pixel canvas) -------------------------------------
def stroke(surf: pygame.Surface, points: Sequence[Point], width: float, colour: Colour = GLYPH) -> None:
    """A polyline of ``width`` with round joins and caps."""
    radius = width / 2
    for a, b in itertools.pairwise(points):
        dx, dy = b[0] - a[0], b[1] - a[1]
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length * radius, dx / length * radius
        pygame.draw.polygon(
            surf,
            colour,
            [(a[0] + nx, a[1] + ny), (b[0] + nx, b[1] + ny), (b[0] - nx, b[1] - ny), (a[0] - nx, a[1] - ny)],
        )
    for x, y in points:
        pygame.draw.circle(surf, colour, (x, y), radius)


def arc(cx: float, cy: float, rx: float, ry: float, start: float, stop: float, steps: int = 24) -> list[Point]:
    """Points along an elliptic arc; angles in degrees, 0 to the right, counter-clockwise on screen."""
    return [
        (cx + rx * math.cos(math.radians(a)), cy - ry * math.sin(math.radians(a)))
        for a in (start + (stop - start) * i / steps for i in range(steps + 1))
    ]


def rotated(points: Sequence[Point], degrees: float, centre: Point = (S / 2, S / 2)) -> list[Point]:
    """``points`` turned about ``centre`` (clockwise on screen for positive degrees)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return [
        (centre[0] + x * c - y * s, centre[1] + x * s + y * c)
        for x, y in ((px - centre[0], py - centre[1]) for px, py in points)
    ]


def arrow_head(surf: pygame.Surface, tip: Point, direction: Point, size: float, colour: Colour = GLYPH) -> None:
    """A filled triangular arrowhead at ``tip`` pointing along ``direction``."""
    length = math.hypot(*direction) or 1.0
    ux, uy = direction[0] / length, direction[1] / length
    base = (tip[0] - ux * size, tip[1] - uy * size)
    half = size * 0.7
    pygame.draw.polygon(
        surf, colour, [tip, (base[0] - uy * half, base[1] + ux * half), (base[0] + uy * half, base[1] - ux * half)]
    )


# -- glyphs: one function per resource type ------------------------------------------------------
# Each draws in white on the tile; ``bg`` (the tile colour) cuts details out of a white shape.
Glyph = Callable[[pygame.Surface, Colour], None]
GLYPHS: dict[str, Glyph] = {}


def glyph(type_id: str) -> Callable[[Glyph], Glyph]:
    """Register the glyph of ``type_id``."""

    def register(draw: Glyph) -> Glyph:
        GLYPHS[type_id] = draw
        return draw

    return register


# network
@glyph("alb")
def _alb(surf: pygame.Surface, bg: Colour) -> None:
    """A load balancer: one source fanning out to three targets."""
    for y in (66, 128, 190):
        stroke(surf, [(74, 128), (180, y)], 13)
        pygame.draw.circle(surf, GLYPH, (184, y), 20)
    pygame.draw.circle(surf, GLYPH, (72, 128), 30)
    pygame.draw.circle(surf, bg, (72, 128), 13)


@glyph("api_gateway")
def _api_gateway(surf: pygame.Surface, bg: Colour) -> None:
    """An API: ``</>``."""
    stroke(surf, [(98, 74), (56, 128), (98, 182)], 18)
    stroke(surf, [(158, 74), (200, 128), (158, 182)], 18)
    stroke(surf, [(142, 66), (114, 190)], 16)


@glyph("cloudfront_distribution")
def _cloudfront(surf: pygame.Surface, bg: Colour) -> None:
    """A content delivery network: a cloud handing content down to edge locations."""
    for x in (84, 128, 172):
        stroke(surf, [(x, 130), (x, 196)], 10)
        pygame.draw.circle(surf, GLYPH, (x, 200), 14)
    pygame.draw.circle(surf, GLYPH, (92, 116), 34)
    pygame.draw.circle(surf, GLYPH, (136, 94), 44)
    pygame.draw.circle(surf, GLYPH, (176, 122), 28)
    pygame.draw.rect(surf, GLYPH, pygame.Rect(62, 116, 142, 34), border_radius=16)


@glyph("route53_record")
def _route53(surf: pygame.Surface, bg: Colour) -> None:
    """DNS: a globe of meridians and parallels."""
    c, r = (128, 128), 74
    stroke(surf, arc(*c, r, r, 0, 360, 64), 12)
    stroke(surf, arc(*c, 32, r, 0, 360, 48), 10)
    stroke(surf, [(c[0], c[1] - r), (c[0], c[1] + r)], 10)
    stroke(surf, [(c[0] - r, c[1]), (c[0] + r, c[1])], 10)
    for dy in (-40, 40):
        half = math.sqrt(r * r - dy * dy)
        stroke(surf, [(c[0] - half + 4, c[1] + dy), (c[0] + half - 4, c[1] + dy)], 10)


@glyph("security_group")
def _security_group(surf: pygame.Surface, bg: Colour) -> None:
    """A firewall: a brick wall."""
    top, height, gap = 62, 28, 8
    for row in range(4):
        y = top + row * (height + gap)
        edges = [56, 104, 152, 200] if row % 2 == 0 else [56, 80, 128, 176, 200]
        for x0, x1 in itertools.pairwise(edges):
            pygame.draw.rect(surf, GLYPH, pygame.Rect(x0 + gap // 2, y, x1 - x0 - gap, height), border_radius=4)


@glyph("target_group")
def _target_group(surf: pygame.Surface, bg: Colour) -> None:
    """Targets: a bull's-eye."""
    for radius, colour in ((74, GLYPH), (58, bg), (44, GLYPH), (28, bg), (14, GLYPH)):
        pygame.draw.circle(surf, colour, (128, 128), radius)


# compute
@glyph("lambda_function")
def _lambda(surf: pygame.Surface, bg: Colour) -> None:
    """A function: the letter lambda in strokes."""
    stroke(surf, [(74, 58), (104, 58), (178, 196), (196, 196)], 20)
    stroke(surf, [(134, 122), (76, 198)], 20)


@glyph("ec2_instance")
def _ec2(surf: pygame.Surface, bg: Colour) -> None:
    """A virtual machine: a chip with pins on every side."""
    for offset in (96, 128, 160):
        for a, b in (((offset, 50), (offset, 206)), ((50, offset), (206, offset))):
            stroke(surf, [a, b], 12)
    pygame.draw.rect(surf, bg, pygame.Rect(70, 70, 116, 116))
    pygame.draw.rect(surf, GLYPH, pygame.Rect(76, 76, 104, 104), border_radius=10)
    pygame.draw.rect(surf, bg, pygame.Rect(100, 100, 56, 56), border_radius=6)


@glyph("ecs_service")
def _ecs(surf: pygame.Surface, bg: Colour) -> None:
    """Containers: three stacked shipping containers."""
    for x, y in ((54, 136), (134, 136), (94, 66)):
        pygame.draw.rect(surf, GLYPH, pygame.Rect(x, y, 70, 56), border_radius=5)
        for dx in (18, 35, 52):
            stroke(surf, [(x + dx, y + 12), (x + dx, y + 44)], 6, bg)


@glyph("autoscaling_group")
def _autoscaling(surf: pygame.Surface, bg: Colour) -> None:
    """Scaling: a server with arrows pushing outwards in four directions."""
    pygame.draw.rect(surf, GLYPH, pygame.Rect(100, 100, 56, 56), border_radius=8)
    for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        start = (128 + dx * 42, 128 + dy * 42)
        tip = (128 + dx * 96, 128 + dy * 96)
        stroke(surf, [start, (tip[0] - dx * 18, tip[1] - dy * 18)], 12)
        arrow_head(surf, tip, (dx, dy), 30)


# messaging
@glyph("sqs_queue")
def _sqs(surf: pygame.Surface, bg: Colour) -> None:
    """A queue: messages as stacked bars, leaving at one end."""
    for y in (70, 114, 158):
        pygame.draw.rect(surf, GLYPH, pygame.Rect(52, y, 112, 30), border_radius=8)
    stroke(surf, [(176, 86), (206, 128), (176, 170)], 14)


@glyph("kinesis_stream")
def _kinesis(surf: pygame.Surface, bg: Colour) -> None:
    """A data stream: three waves flowing side by side, the middle one carried on by an arrow."""
    for y, amplitude in ((78, 14), (128, 18), (178, 14)):
        wave = [(x, y + amplitude * math.sin((x - 48) / 26.0)) for x in range(48, 181, 6)]
        stroke(surf, wave, 13)
    arrow_head(surf, (214, 128 + 18 * math.sin((186 - 48) / 26.0)), (1, 0), 30)


@glyph("sns_topic")
def _sns(surf: pygame.Surface, bg: Colour) -> None:
    """A topic: one source broadcasting in widening arcs."""
    pygame.draw.circle(surf, GLYPH, (70, 128), 22)
    for radius in (52, 90, 128):
        stroke(surf, arc(70, 128, radius, radius, -42, 42, 20), 14)


@glyph("eventbridge_bus")
def _eventbridge_bus(surf: pygame.Surface, bg: Colour) -> None:
    """An event bus: one bar with consumers tapped on above and below."""
    stroke(surf, [(46, 128), (210, 128)], 18)
    for x, y in ((78, 66), (128, 190), (178, 66)):
        stroke(surf, [(x, 128), (x, y)], 10)
        pygame.draw.circle(surf, GLYPH, (x, y), 18)


@glyph("eventbridge_rule")
def _eventbridge_rule(surf: pygame.Surface, bg: Colour) -> None:
    """A rule: a funnel that lets matching events through."""
    pygame.draw.polygon(surf, GLYPH, [(52, 62), (204, 62), (144, 132), (144, 186), (112, 206), (112, 132)])
    stroke(surf, [(70, 78), (186, 78)], 6, bg)


# data
@glyph("dynamodb_table")
def _dynamodb(surf: pygame.Surface, bg: Colour) -> None:
    """A table: a framed grid with a header row and a key column (outlined, unlike the brick wall)."""
    pygame.draw.rect(surf, GLYPH, pygame.Rect(50, 58, 156, 142), width=12, border_radius=10)
    pygame.draw.rect(surf, GLYPH, pygame.Rect(50, 58, 156, 44), border_top_left_radius=10, border_top_right_radius=10)
    stroke(surf, [(104, 100), (104, 196)], 10)
    for y in (134, 166):
        stroke(surf, [(56, y), (200, y)], 8)


@glyph("rds_instance")
def _rds(surf: pygame.Surface, bg: Colour) -> None:
    """A relational database: the classic cylinder of disks."""
    left, width, top, bottom, lid = 64, 128, 76, 180, 42
    pygame.draw.ellipse(surf, GLYPH, pygame.Rect(left, bottom - lid // 2, width, lid))
    pygame.draw.rect(surf, GLYPH, pygame.Rect(left, top, width, bottom - top))
    pygame.draw.ellipse(surf, GLYPH, pygame.Rect(left, top - lid // 2, width, lid))
    stroke(surf, arc(128, top, width / 2 - 10, lid / 2 - 8, 0, 360, 48), 6, bg)
    for y in (114, 150):
        stroke(surf, arc(128, y, width / 2 - 2, lid / 2, 200, 340, 24), 7, bg)


@glyph("elasticache_cluster")
def _elasticache(surf: pygame.Surface, bg: Colour) -> None:
    """A cache: a lightning bolt (fast memory)."""
    pygame.draw.polygon(surf, GLYPH, [(146, 44), (74, 140), (120, 140), (102, 212), (182, 108), (134, 108), (160, 44)])


@glyph("s3_bucket")
def _s3(surf: pygame.Surface, bg: Colour) -> None:
    """Object storage: a bucket with a handle."""
    stroke(surf, arc(128, 92, 70, 62, 10, 170, 24), 9)
    pygame.draw.polygon(surf, GLYPH, [(58, 92), (198, 92), (176, 198), (80, 198)])
    pygame.draw.ellipse(surf, GLYPH, pygame.Rect(58, 76, 140, 32))
    pygame.draw.ellipse(surf, bg, pygame.Rect(70, 82, 116, 20))
    pygame.draw.ellipse(surf, GLYPH, pygame.Rect(78, 184, 100, 26))


# security
@glyph("acm_certificate")
def _acm(surf: pygame.Surface, bg: Colour) -> None:
    """A certificate: a landscape document with a seal and ribbons."""
    pygame.draw.rect(surf, GLYPH, pygame.Rect(46, 60, 164, 112), border_radius=8)
    for y, end in ((84, 170), (106, 150), (128, 124)):
        stroke(surf, [(68, y), (end, y)], 8, bg)
    pygame.draw.polygon(surf, bg, [(148, 170), (136, 214), (156, 204), (168, 220), (176, 176)])
    pygame.draw.polygon(surf, GLYPH, [(154, 176), (144, 208), (158, 200), (166, 210), (172, 180)])
    pygame.draw.circle(surf, bg, (170, 156), 34)
    pygame.draw.circle(surf, GLYPH, (170, 156), 27)
    pygame.draw.circle(surf, bg, (170, 156), 14)


@glyph("guardduty_detector")
def _guardduty(surf: pygame.Surface, bg: Colour) -> None:
    """Threat detection: a shield with a watching eye."""
    right = [(128, 46), (196, 70), *arc(128, 70, 68, 136, -2, -88, 16)[1:]]
    left = [(256 - x, y) for x, y in reversed(right[1:-1])]
    pygame.draw.polygon(surf, GLYPH, right + left)
    eye = [*arc(128, 148, 60, 44, 150, 30, 16), *arc(128, 104, 60, 44, -30, -150, 16)]
    pygame.draw.polygon(surf, bg, eye)
    pygame.draw.circle(surf, GLYPH, (128, 126), 14)


@glyph("iam_role")
def _iam_role(surf: pygame.Surface, bg: Colour) -> None:
    """A role: an ID badge with a person on it (a role is worn, not a person)."""
    badge = pygame.Rect(66, 54, 124, 156)
    pygame.draw.rect(surf, GLYPH, badge, border_radius=14)
    pygame.draw.rect(surf, bg, pygame.Rect(106, 66, 44, 12), border_radius=6)
    pygame.draw.circle(surf, bg, (128, 114), 22)
    surf.set_clip(pygame.Rect(80, 100, 96, 74))
    pygame.draw.ellipse(surf, bg, pygame.Rect(88, 140, 80, 70))
    surf.set_clip(None)
    stroke(surf, [(92, 188), (164, 188)], 8, bg)


@glyph("iam_user")
def _iam_user(surf: pygame.Surface, bg: Colour) -> None:
    """A user: a person's head and shoulders."""
    pygame.draw.circle(surf, GLYPH, (128, 92), 38)
    surf.set_clip(pygame.Rect(0, 0, S, 204))
    pygame.draw.ellipse(surf, GLYPH, pygame.Rect(60, 140, 136, 128))
    surf.set_clip(None)
    pygame.draw.circle(surf, bg, (128, 92), 44, width=6)


@glyph("kms_key")
def _kms(surf: pygame.Surface, bg: Colour) -> None:
    """An encryption key."""
    pygame.draw.circle(surf, GLYPH, (84, 128), 40)
    pygame.draw.circle(surf, bg, (78, 128), 15)
    pygame.draw.rect(surf, GLYPH, pygame.Rect(112, 116, 98, 24), border_radius=4)
    pygame.draw.rect(surf, GLYPH, pygame.Rect(170, 128, 16, 42), border_radius=3)
    pygame.draw.rect(surf, GLYPH, pygame.Rect(194, 128, 16, 30), border_radius=3)


@glyph("secrets_manager_secret")
def _secret(surf: pygame.Surface, bg: Colour) -> None:
    """A secret: a padlock."""
    stroke(surf, [(90, 126), *arc(128, 100, 38, 42, 180, 0, 20), (166, 126)], 18)
    pygame.draw.rect(surf, GLYPH, pygame.Rect(66, 118, 124, 92), border_radius=12)
    pygame.draw.circle(surf, bg, (128, 152), 14)
    pygame.draw.polygon(surf, bg, [(122, 156), (134, 156), (140, 188), (116, 188)])


# delivery
@glyph("cloudformation_stack")
def _cloudformation(surf: pygame.Surface, bg: Colour) -> None:
    """Infrastructure as code: a stack of layers."""
    for cy in (164, 128, 92):
        layer = [(128, cy - 38), (204, cy), (128, cy + 38), (52, cy)]
        pygame.draw.polygon(surf, bg, [(x, y + (8 if y > cy else 0)) for x, y in layer])
        pygame.draw.polygon(surf, GLYPH, layer)


@glyph("codebuild_project")
def _codebuild(surf: pygame.Surface, bg: Colour) -> None:
    """A build: a hammer."""
    head = [(68, 62), (184, 62), (184, 104), (68, 104)]
    handle = [(114, 96), (142, 96), (142, 214), (114, 214)]
    pygame.draw.polygon(surf, GLYPH, rotated(handle, 40))
    pygame.draw.polygon(surf, GLYPH, rotated(head, 40))
    pygame.draw.polygon(surf, bg, rotated([(68, 76), (90, 76), (90, 90), (68, 90)], 40))


@glyph("codedeploy_group")
def _codedeploy(surf: pygame.Surface, bg: Colour) -> None:
    """A deployment: an arrow delivering into a tray."""
    stroke(surf, [(56, 150), (56, 200), (200, 200), (200, 150)], 14)
    pygame.draw.rect(surf, GLYPH, pygame.Rect(114, 46, 28, 86))
    pygame.draw.polygon(surf, GLYPH, [(80, 124), (176, 124), (128, 178)])


@glyph("codepipeline")
def _codepipeline(surf: pygame.Surface, bg: Colour) -> None:
    """A pipeline: a gear driving a flow to the right."""
    teeth = 8
    outline = []
    for i in range(teeth * 4):
        angle = 2 * math.pi * i / (teeth * 4)
        radius = 60 if (i % 4) in (0, 1) else 44
        outline.append((128 + radius * math.cos(angle), 104 + radius * math.sin(angle)))
    pygame.draw.polygon(surf, GLYPH, outline)
    pygame.draw.circle(surf, bg, (128, 104), 20)
    stroke(surf, [(46, 200), (190, 200)], 14)
    arrow_head(surf, (214, 200), (1, 0), 32)


# observability
@glyph("cloudwatch_alarm")
def _alarm(surf: pygame.Surface, bg: Colour) -> None:
    """An alarm: a bell."""
    pygame.draw.circle(surf, GLYPH, (128, 54), 12)
    pygame.draw.circle(surf, GLYPH, (128, 108), 46)
    pygame.draw.polygon(surf, GLYPH, [(82, 108), (174, 108), (190, 170), (66, 170)])
    pygame.draw.rect(surf, GLYPH, pygame.Rect(50, 164, 156, 22), border_radius=10)
    pygame.draw.circle(surf, GLYPH, (128, 200), 18)
    pygame.draw.rect(surf, bg, pygame.Rect(50, 186, 156, 6))


@glyph("log_group")
def _logs(surf: pygame.Surface, bg: Colour) -> None:
    """Logs: a page of timestamped lines with a folded corner."""
    pygame.draw.polygon(surf, GLYPH, [(64, 46), (156, 46), (194, 84), (194, 212), (64, 212)])
    pygame.draw.polygon(surf, bg, [(156, 46), (156, 84), (194, 84)])
    stroke(surf, [(156, 50), (156, 84), (190, 84)], 6, bg)
    for y, end in ((112, 172), (140, 160), (168, 176), (194, 148)):
        pygame.draw.circle(surf, bg, (86, y), 7)
        stroke(surf, [(104, y), (end, y)], 8, bg)


@glyph("config_rule")
def _config_rule(surf: pygame.Surface, bg: Colour) -> None:
    """A compliance rule: a clipboard with a tick."""
    pygame.draw.rect(surf, GLYPH, pygame.Rect(66, 62, 124, 150), border_radius=12)
    pygame.draw.rect(surf, bg, pygame.Rect(96, 44, 64, 36), border_radius=8)
    pygame.draw.rect(surf, GLYPH, pygame.Rect(104, 50, 48, 24), border_radius=6)
    stroke(surf, [(94, 140), (120, 166), (164, 112)], 18, bg)


@glyph("cloudtrail_trail")
def _cloudtrail(surf: pygame.Surface, bg: Colour) -> None:
    """An audit trail: footprints."""
    for cx, cy, tilt in ((82, 176, -14), (138, 150, 14), (112, 86, -14), (168, 60, 14)):
        sole = [(cx + 17 * math.cos(t), cy + 26 * math.sin(t)) for t in (2 * math.pi * i / 32 for i in range(32))]
        pygame.draw.polygon(surf, GLYPH, rotated(sole, tilt, (cx, cy)))
        heel = rotated([(cx, cy + 40)], tilt, (cx, cy))[0]
        pygame.draw.circle(surf, GLYPH, heel, 11)


# other
@glyph("cfn_resource")
def _cfn_resource(surf: pygame.Surface, bg: Colour) -> None:
    """A resource warroom does not simulate: an outlined box, drawn in dashes."""
    front = [(64, 104), (160, 104), (160, 200), (64, 200)]
    top = [(64, 104), (104, 64), (200, 64), (160, 104)]
    side = [(160, 104), (200, 64), (200, 160), (160, 200)]
    for face in (front, top, side):
        for (x0, y0), (x1, y1) in zip(face, face[1:] + face[:1], strict=True):
            for step in range(0, 6, 2):
                a, b = step / 6, (step + 1.2) / 6
                stroke(surf, [(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)], 11)
    pygame.draw.circle(surf, GLYPH, (112, 152), 12)


# -- icons ---------------------------------------------------------------------------------------
def draw_icon(type_id: str, category: str) -> pygame.Surface:
    """The 64×64 icon of one resource type."""
    colour = CATEGORY_COLOURS[category]
    big = pygame.Surface((S, S), pygame.SRCALPHA)
    big.fill((*colour, 0))
    lighter = tuple(min(c + 70, 255) for c in colour)
    pygame.draw.rect(big, lighter, pygame.Rect(6, 6, S - 12, S - 12), border_radius=44)
    pygame.draw.rect(big, colour, pygame.Rect(12, 12, S - 24, S - 24), border_radius=40)
    GLYPHS[type_id](big, colour)
    previous = pygame.transform.get_smoothscale_backend()
    pygame.transform.set_smoothscale_backend("GENERIC")
    try:
        return pygame.transform.smoothscale(big, (ICON_SIZE, ICON_SIZE))
    finally:
        pygame.transform.set_smoothscale_backend(previous)


def png_bytes(surface: pygame.Surface) -> bytes:
    """``surface`` as an RGBA PNG, byte for byte the same wherever it is written."""
    width, height = surface.get_size()
    raw = pygame.image.tobytes(surface, "RGBA")
    rows = b"".join(b"\x00" + raw[y * width * 4 : (y + 1) * width * 4] for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def write_icons(folder: Path) -> list[Path]:
    """Draw every catalog type's icon into ``folder``; a type without a glyph is an error."""
    missing = sorted(set(RESOURCES.ids()) - set(GLYPHS))
    if missing:
        raise SystemExit(f"no glyph for resource types: {', '.join(missing)}")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for resource in sorted(RESOURCES, key=lambda r: r.id):
        path = folder / f"{resource.id}.png"
        path.write_bytes(png_bytes(draw_icon(resource.id, resource.category)))
        written.append(path)
    return written


# -- sounds --------------------------------------------------------------------------------------
RATE = 44_100


def note(start_hz: float, end_hz: float, seconds: float, volume: float, decay: float = 0.0) -> Iterator[float]:
    """A soft tone gliding from ``start_hz`` to ``end_hz``: raised-cosine edges (no clicks), an
    optional exponential decay, and a quiet octave for warmth."""
    count = int(RATE * seconds)
    attack, release = int(RATE * 0.006), int(RATE * 0.03)
    phase = 0.0
    for i in range(count):
        t = i / RATE
        phase += 2 * math.pi * (start_hz + (end_hz - start_hz) * i / count) / RATE
        edge = min(1.0, i / attack, (count - i) / release)
        envelope = 0.5 - 0.5 * math.cos(math.pi * edge)
        yield volume * envelope * math.exp(-decay * t) * (math.sin(phase) + 0.18 * math.sin(2 * phase))


def silence(seconds: float) -> Iterator[float]:
    """Nothing, for ``seconds``."""
    return iter([0.0] * int(RATE * seconds))


def _sequence(*parts: Iterator[float]) -> list[float]:
    return [sample for part in parts for sample in part]


def _alarm_sound() -> list[float]:
    """Two alternating tones, twice: something changed state and wants attention."""
    high, low, volume = 784, 587, 0.32
    return _sequence(
        note(high, high, 0.16, volume),
        silence(0.03),
        note(low, low, 0.16, volume),
        silence(0.06),
        note(high, high, 0.16, volume),
        silence(0.03),
        note(low, low, 0.22, volume),
    )


def _message_sound() -> list[float]:
    """A soft bell-like ping: a message arrived."""
    return _sequence(note(1319, 1319, 0.42, 0.3, decay=9.0))


def _done_sound() -> list[float]:
    """A short rising glide and a settled top note: an action finished."""
    return _sequence(note(523, 1047, 0.12, 0.28), note(1047, 1047, 0.16, 0.26, decay=14.0))


def _urgent_sound() -> list[float]:
    """Three quick beeps: a page or a deadline."""
    beeps = [note(988, 988, 0.07, 0.3) for _ in range(3)]
    return _sequence(beeps[0], silence(0.05), beeps[1], silence(0.05), beeps[2])


SOUNDS: dict[str, Callable[[], list[float]]] = {
    "alarm": _alarm_sound,
    "message": _message_sound,
    "done": _done_sound,
    "urgent": _urgent_sound,
}


def write_wav(path: Path, samples: Sequence[float]) -> None:
    """``samples`` (−1…1) as a 44.1 kHz mono 16-bit WAV."""
    pcm = array("h", (round(max(-1.0, min(1.0, s)) * 32767) for s in samples))
    if sys.byteorder == "big":
        pcm.byteswap()
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.tobytes())


def write_sounds(folder: Path) -> list[Path]:
    """Synthesise every cue into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for cue, make in SOUNDS.items():
        path = folder / f"{cue}.wav"
        write_wav(path, make())
        written.append(path)
    return written


def generate(root: Path = HERE) -> list[Path]:
    """Write ``icons/`` and ``sounds/`` under ``root``; return the files written."""
    return write_icons(root / "icons") + write_sounds(root / "sounds")


def main(argv: list[str] | None = None) -> None:
    """Regenerate the committed assets (or write them elsewhere with ``--out``)."""
    parser = argparse.ArgumentParser(prog="python -m warroom.assets.generate", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write icons/ and sounds/ into")
    args = parser.parse_args(argv)
    written = generate(args.out)
    print(f"wrote {len(written)} files under {args.out}")


if __name__ == "__main__":
    main()
