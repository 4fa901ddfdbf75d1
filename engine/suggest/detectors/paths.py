"""Single points of failure on the request paths from entry points to data stores.

* ``single-point-of-failure`` — a node every request path crosses (a dominator of the
  stores seen from the entry points) that lives in one Availability Zone.
* ``zone-cut`` — no single node cuts every path, but the fewest zonal nodes that do (a
  minimum node cut) all run in one Availability Zone: losing it still stops every request.
* ``single-az`` — a zonal resource on some request path that is neither: part of the
  service, not all of it, goes down with its zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..knowledge import breaks, config_rule_note, zone_of
from ..model import Finding, Resource, Severity, Topology
from ..registry import detector

FIXES = {
    "rds_instance": "turn on Multi-AZ for {node} (a synchronous standby in a second AZ; RDS fails over in 60-120 s) "
    "and keep the application's DNS TTL and connection pools short so it follows the failover",
    "elasticache_cluster": "give {node} a replica in another AZ with automatic failover (Multi-AZ), and let the "
    "application fall back to the database when the cache is down",
    "autoscaling_group": "let {node} launch in at least two Availability Zones (two or three subnets), behind a load "
    "balancer with cross-zone health checks",
    "ec2_instance": "replace {node} with an Auto Scaling group across two or more AZs behind a load balancer",
    "ecs_service": "run {node} with at least two tasks spread over subnets in different AZs",
}
"""The lasting fix for a zonal resource of each type."""


def _zonal(topo: Topology, nodes: Iterable[str]) -> Iterator[tuple[Resource, str, str]]:
    """``(resource, zone, why)`` for the nodes confined to one Availability Zone, in the order given."""
    for node in nodes:
        resource = topo.nodes[node]
        zone = zone_of(resource)
        if zone is not None:
            yield resource, zone[0] or "its Availability Zone", zone[1]


def _finding(topo: Topology, resource: Resource, kind: str, severity: Severity, title: str, why: str) -> Finding:
    fix = FIXES.get(resource.type, "add a redundant path around {node} in a second Availability Zone")
    return Finding(
        kind=kind,
        severity=severity,
        nodes=(resource.id,),
        title=title,
        why=why,
        fix=fix.format(node=resource.id),
        proposals=tuple(breaks(resource, topo)),
    )


@detector(
    "single-point-of-failure",
    "a zonal resource every request path crosses",
    order=0,
    domain="resilience",
    tasks=("3.1",),
)
def single_points_of_failure(topo: Topology) -> Iterator[Finding]:
    """Chokepoints of the request paths that live in one Availability Zone."""
    for resource, az, why in _zonal(topo, topo.chokepoints):
        yield _finding(
            topo,
            resource,
            "single-point-of-failure",
            Severity.HIGH,
            f"every request path from {', '.join(topo.entries)} crosses {resource.id}: {why}",
            f"{resource.id} is {why}. Every request that reaches a data store goes through it, so when {az} is "
            "impaired (power or networking in one zone: instances answer slowly or not at all until AWS recovers "
            "it) or the resource itself fails, the whole service is down — there is nothing to shift traffic to.",
        )


def zone_cuts_of(topo: Topology) -> dict[str, list[str]]:
    """For each Availability Zone, the fewest of its zonal resources whose loss cuts every
    request path, when there are two or more (one is a chokepoint, reported on its own)."""
    zones: dict[str, set[str]] = {}
    for node in topo.reached:
        zone = zone_of(topo.nodes[node])
        if zone is not None and zone[0] is not None:  # a resource whose zone is not given is in no known zone
            zones.setdefault(zone[0], set()).add(node)
    cuts = {az: topo.cut_within(members) for az, members in sorted(zones.items())}
    return {az: cut for az, cut in cuts.items() if len(cut) > 1}


@detector(
    "zone-cut",
    "the request paths all cross resources in one Availability Zone",
    order=1,
    domain="resilience",
    tasks=("3.1",),
)
def zone_cuts(topo: Topology) -> Iterator[Finding]:
    """A minimum node cut of the request paths that lies wholly in one zone."""
    for az, cut in zone_cuts_of(topo).items():
        names = ", ".join(cut)
        yield Finding(
            kind="zone-cut",
            severity=Severity.HIGH,
            nodes=tuple(cut),
            title=f"every request path crosses one of {names}, all in {az}",
            why=(
                f"No single node carries every request, but {names} together do, and all of them run in {az}. "
                "An impaired Availability Zone takes them down together, so the redundancy is only apparent: "
                "spreading a service over nodes is not spreading it over zones."
            ),
            fix=f"move at least one of {names} (or a copy of it) into a second Availability Zone",
            proposals=tuple(p for n in cut for p in breaks(topo.nodes[n], topo)),
        )


@detector(
    "single-az",
    "a resource on a request path that lives in one Availability Zone",
    order=2,
    domain="resilience",
    tasks=("3.1",),
)
def single_az(topo: Topology) -> Iterator[Finding]:
    """Zonal resources some requests depend on (chokepoints and zone cuts are reported above)."""
    reported = set(topo.chokepoints).union(*zone_cuts_of(topo).values())
    for resource, az, why in _zonal(topo, topo.ordered(topo.reached - reported)):
        yield _finding(
            topo,
            resource,
            "single-az",
            Severity.MEDIUM,
            f"{resource.id} is {why}",
            f"{resource.id} is {why}. The requests that depend on it fail whenever {az} is impaired or the "
            "resource is replaced; the Well-Architected reliability pillar (REL10) asks for workloads spread over "
            f"several Availability Zones for this reason{config_rule_note(resource.type)}.",
        )
