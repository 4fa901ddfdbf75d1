"""Edge kinds of the architecture graph and what each one means (DESIGN §3).

Every edge carries a kind. The kind decides how the simulation reads it:

* ``sync`` kinds (``calls``, ``reads``, ``writes``, ``routes``) carry requests: the caller's
  success is bounded by its callee's, latency adds up, load flows down.
* ``async`` kinds (``triggers``) carry events: failure never reaches the producer, it shows
  as backlog, retries, dead letters or missing work downstream. Deliveries lag one tick.
* ``relation`` kinds (``uses_role``, ``encrypts_with``, ``secured_by``, ``managed_by``,
  ``replicates_to``, ``deploys``, ``monitors``) carry no traffic; they say who may do what,
  which key or certificate protects what, which security group guards what, which stack
  owns what, what replicates where, which pipeline deploys what and which alarm or Config
  rule watches what.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Flow(StrEnum):
    """How an edge kind takes part in the simulation."""

    SYNC = "sync"
    ASYNC = "async"
    RELATION = "relation"


@dataclass(frozen=True)
class EdgeKind:
    """One kind of edge: its id, how it flows and what it means to an author."""

    id: str
    flow: Flow
    description: str


EDGE_KINDS: dict[str, EdgeKind] = {
    kind.id: kind
    for kind in (
        EdgeKind("calls", Flow.SYNC, "synchronous request; the caller fails when the callee fails"),
        EdgeKind("reads", Flow.SYNC, "synchronous read from a data store (needs read permission)"),
        EdgeKind("writes", Flow.SYNC, "synchronous write to a data store (needs write permission)"),
        EdgeKind("routes", Flow.SYNC, "a load balancer, alias or DNS record sends traffic by weight"),
        EdgeKind("triggers", Flow.ASYNC, "asynchronous delivery of events or messages"),
        EdgeKind("uses_role", Flow.RELATION, "runs with the permissions of an IAM role"),
        EdgeKind("encrypts_with", Flow.RELATION, "data or traffic protected by a KMS key or certificate"),
        EdgeKind("secured_by", Flow.RELATION, "network access controlled by a security group"),
        EdgeKind("managed_by", Flow.RELATION, "a member of a CloudFormation stack"),
        EdgeKind("replicates_to", Flow.RELATION, "replicates its data to another store"),
        EdgeKind("deploys", Flow.RELATION, "a pipeline or deployment group deploys to this target"),
        EdgeKind("monitors", Flow.RELATION, "a CloudWatch alarm or Config rule watches this resource"),
    )
}

SYNC_KINDS = frozenset(k for k, v in EDGE_KINDS.items() if v.flow is Flow.SYNC)
WORK_KINDS = frozenset(k for k, v in EDGE_KINDS.items() if v.flow is not Flow.RELATION)
