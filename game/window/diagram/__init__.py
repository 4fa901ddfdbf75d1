"""The architecture diagram: layout (:mod:`.layout`), camera (:mod:`.view`) and drawing (:mod:`.draw`)."""

from .draw import DiagramModel, DrawStats, draw_diagram
from .layout import Group, compute_layout, groups
from .view import DiagramView

__all__ = ["DiagramModel", "DiagramView", "DrawStats", "Group", "compute_layout", "draw_diagram", "groups"]
