"""The registry of detectors: one small function per kind of weakness.

A detector reads a :class:`~.model.Topology` and yields :class:`~.model.Finding`\\ s;
``order`` places its findings among others of the same severity, so the numbering
``warroom suggest`` prints is stable for a given file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..registry import Registry
from .model import Finding, Topology

Find = Callable[[Topology], Iterable[Finding]]


@dataclass(frozen=True)
class Detector:
    """One kind of weakness: its id (a finding's ``kind``), a title, the function finding it,
    and the exam domain and DOP-C02 task statements a scenario exercising it belongs to."""

    id: str
    title: str
    order: int
    find: Find
    domain: str
    tasks: tuple[str, ...]


DETECTORS: Registry[Detector] = Registry("detector")


def detector(
    detector_id: str, title: str, *, order: int, domain: str, tasks: tuple[str, ...]
) -> Callable[[Find], Find]:
    """Register the decorated function as the detector ``detector_id``."""

    def register(find: Find) -> Find:
        DETECTORS.add(detector_id, Detector(detector_id, title, order, find, domain, tasks))
        return find

    return register
