"""State shared by the faults and actions of three changes that go wrong
(:mod:`engine.faults.changes`): a secret rotation, an ECS rolling deployment, a bucket's
public access.

**Secrets Manager rotation.** A secret's versions carry staging labels (``AWSCURRENT``,
``AWSPENDING``, ``AWSPREVIOUS``). The database accepts one password (``status.auth`` on the
RDS instance: which version, since when). Each application that reads the secret keeps the
version it read when its tasks started (``status.credentials``). While the database no
longer accepts an application's cached password, its *new* connections fail
authentication; the connections it pooled before the password changed keep working until
the pool recycles them (``pool_lifetime``), so the failures grow over that time. An
application restarted after the change has no old pool to fall back on. The database
refuses those connection attempts, so the refusals show in its own log as well as the
application's.

**ECS rolling deployments.** ``UpdateService`` to a task definition revision whose tasks
never become healthy leaves the service stuck: with ``minimumHealthyPercent`` below 100
ECS stops old tasks to make room, then launches new ones that fail, stops them and
launches more, forever — unless the deployment circuit breaker counts enough failures
(half the desired count, at least 3 and at most 200), marks the deployment FAILED and
rolls back to the last deployment that completed. A revision whose tasks become healthy
reaches a steady state.

**S3 public access.** A bucket is readable by anyone when Block Public Access is off and
its bucket policy grants ``s3:GetObject`` to Principal ``"*"``.
"""

from __future__ import annotations

import copy
import hashlib
import math
from typing import TYPE_CHECKING, Any

from .delivery import dominant

if TYPE_CHECKING:
    from ..world import Node, World

DAY = 86400
CURRENT, PENDING, PREVIOUS = "AWSCURRENT", "AWSPENDING", "AWSPREVIOUS"
AUTH_IMPAIRMENT = "password-auth"
ROTATION_ACTIONS = (
    "secretsmanager:DescribeSecret",
    "secretsmanager:GetSecretValue",
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecretVersionStage",
)


# -- Secrets Manager ----------------------------------------------------------------------
def version_id(secret: str, number: int) -> str:
    """A stable, UUID-shaped secret version id."""
    h = hashlib.sha256(f"{secret}#{number}".encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def short(version: str | None) -> str:
    """A version id as consoles abbreviate it."""
    return f"{version[:8]}…" if version else "(none)"


def versions(secret: Node) -> dict[str, dict[str, Any]]:
    """The secret's versions: id → ``{"labels", "created", "n"}`` (empty until rotation state exists)."""
    return secret.status.get("versions") or {}


def labelled(secret: Node, label: str) -> str | None:
    """The version carrying a staging label."""
    return next((v for v, info in sorted(versions(secret).items()) if label in info["labels"]), None)


def half_rotated(secret: Node) -> bool:
    """Whether AWSPENDING sits on a version other than AWSCURRENT (a rotation never finished)."""
    pending = labelled(secret, PENDING)
    return pending is not None and pending != labelled(secret, CURRENT)


def rotation(secret: Node) -> dict[str, Any]:
    """The last rotation: ``function``, ``state`` (Succeeded, Failed, RolledBack), ``at``, ``step``, ``error``."""
    return secret.status.get("rotation") or {}


def secret_database(world: World, secret_id: str) -> str | None:
    """The database whose password the secret holds: recorded, or the RDS instance its readers use."""
    recorded = world.nodes[secret_id].status.get("database")
    if recorded:
        return str(recorded)
    for reader in sorted(set(world.callers[secret_id])):
        for callee, _ in world.callees[reader]:
            if world.nodes[callee].type.id == "rds_instance":
                return callee
    return None


def holders(world: World, secret_id: str) -> list[str]:
    """Applications that read the secret and connect to its database (not its rotation function)."""
    db = secret_database(world, secret_id)
    function = rotation(world.nodes[secret_id]).get("function")
    return sorted(
        reader
        for reader in set(world.callers[secret_id])
        if reader != function and db in {callee for callee, _ in world.callees[reader]}
    )


def ensure_rotation_state(
    world: World,
    secret_id: str,
    *,
    function: str | None = None,
    pool_lifetime: int = 1800,
    user: str = "app_user",
) -> None:
    """Give a secret, its database and its readers explicit version state (idempotent).

    Before anything is known, the secret has been rotated twice (60 and 30 days ago) by
    ``function``, the database accepts the current version and every reader cached it two
    days ago.
    """
    secret = world.nodes[secret_id]
    if not rotation(secret):
        last = {"function": function, "state": "Succeeded", "at": -30 * DAY, "step": "finishSecret", "error": ""}
        world.set_status(secret_id, rotation=last)
    elif function and rotation(secret).get("function") != function:
        world.set_status(secret_id, rotation={**rotation(secret), "function": function})
    if not versions(secret):
        old, current = version_id(secret_id, 1), version_id(secret_id, 2)
        world.set_status(
            secret_id,
            versions={
                old: {"labels": [PREVIOUS], "created": -60 * DAY, "n": 1},
                current: {"labels": [CURRENT], "created": -30 * DAY, "n": 2},
            },
        )
    db_id = secret_database(world, secret_id)
    current = labelled(secret, CURRENT)
    if db_id is None:
        return
    if not secret.status.get("database"):
        world.set_status(secret_id, database=db_id)
    db = world.nodes[db_id]
    if not db.status.get("auth"):
        created = versions(secret)[current]["created"] if current else -30 * DAY
        world.set_status(
            db_id,
            auth={
                "secret": secret_id,
                "version": current,
                "changed_at": created,
                "pool_lifetime": pool_lifetime,
                "user": user,
            },
        )
    for holder in holders(world, secret_id):
        creds = world.nodes[holder].status.get("credentials", {})
        if secret_id not in creds:
            fresh = {**copy.deepcopy(creds), secret_id: {"version": current, "read_at": -2 * DAY, "pinned": False}}
            world.set_status(holder, credentials=fresh)


def failing_share(credential: dict[str, Any], auth: dict[str, Any], tick: int) -> float:
    """Share of an application's database requests refused with its cached password."""
    if credential["version"] == auth["version"]:
        return 0.0
    if credential["read_at"] >= auth["changed_at"]:
        return 1.0  # started after the change: no pooled connection from before it
    lifetime = max(int(auth["pool_lifetime"]), 1)
    return min(1.0, max(0.0, (tick - auth["changed_at"]) / lifetime))


def auth_failure(world: World, db_id: str) -> float:
    """Share of connection attempts the database refuses: the mean over the secret's holders."""
    auth = world.nodes[db_id].status.get("auth")
    if not auth:
        return 0.0
    shares = [
        failing_share(world.nodes[h].status["credentials"][auth["secret"]], auth, world.tick)
        for h in holders(world, auth["secret"])
        if auth["secret"] in world.nodes[h].status.get("credentials", {})
    ]
    return sum(shares) / len(shares) if shares else 0.0


def auth_error(db: Node) -> str:
    """The line the database engine logs when it refuses a password."""
    user = (db.status.get("auth") or {}).get("user", "app_user")
    if "mysql" in db.config.get("engine", ""):
        return f"Access denied for user '{user}'@'10.0.12.37' (using password: YES)"
    return f'FATAL:  password authentication failed for user "{user}"'


def sync_auth(world: World, db_id: str | None) -> float:
    """Bring the database's refusals up to date with the credentials its clients hold."""
    if db_id is None or not world.nodes[db_id].status.get("auth"):
        return 0.0
    share = auth_failure(world, db_id)
    world.set_impairment(db_id, AUTH_IMPAIRMENT, 1.0 - share, auth_error(world.nodes[db_id]))
    return share


def refresh_credentials(world: World, node_id: str, *, unpin: bool = False) -> list[str]:
    """New tasks start: they read each secret's AWSCURRENT again (a pinned password stays,
    unless the task definition that pinned it is replaced: ``unpin``). Returns the secrets read."""
    creds = world.nodes[node_id].status.get("credentials")
    if not creds:
        return []
    fresh, read = {}, []
    for secret_id, cred in sorted(creds.items()):
        if cred.get("pinned") and not unpin:
            fresh[secret_id] = dict(cred)
            continue
        current = labelled(world.nodes[secret_id], CURRENT)
        fresh[secret_id] = {"version": current, "read_at": world.tick, "pinned": False}
        read.append(secret_id)
    world.set_status(node_id, credentials=fresh)
    for secret_id in sorted(creds):
        sync_auth(world, secret_database(world, secret_id))
    return read


def pin_credentials(world: World, node_id: str) -> list[str]:
    """Hard-code, for each secret the application reads, the password its database accepts now."""
    pinned = []
    for secret_id in sorted({c for c, _ in world.callees[node_id]}):
        if world.nodes[secret_id].type.id != "secrets_manager_secret":
            continue
        ensure_rotation_state(world, secret_id)
        db_id = secret_database(world, secret_id)
        if db_id is None or node_id not in holders(world, secret_id):
            continue
        version = world.nodes[db_id].status["auth"]["version"]
        creds = copy.deepcopy(world.nodes[node_id].status.get("credentials", {}))
        creds[secret_id] = {"version": version, "read_at": world.tick, "pinned": True}
        world.set_status(node_id, credentials=creds)
        sync_auth(world, db_id)
        pinned.append(secret_id)
    return pinned


def _relabel(world: World, secret_id: str, moves: dict[str, str | None]) -> None:
    """Move staging labels: label → version (``None`` removes the label everywhere)."""
    table = copy.deepcopy(versions(world.nodes[secret_id]))
    for label, target in moves.items():
        for info in table.values():
            if label in info["labels"]:
                info["labels"].remove(label)
        if target is not None:
            table[target]["labels"].append(label)
    for info in table.values():
        info["labels"].sort()
    world.set_status(secret_id, versions=table)


def new_version(world: World, secret_id: str, at: int) -> str:
    """createSecret: a new version with a random password, labelled AWSPENDING."""
    table = copy.deepcopy(versions(world.nodes[secret_id]))
    number = max((info["n"] for info in table.values()), default=0) + 1
    version = version_id(secret_id, number)
    for info in table.values():
        if PENDING in info["labels"]:
            info["labels"].remove(PENDING)
    table[version] = {"labels": [PENDING], "created": at, "n": number}
    world.set_status(secret_id, versions=table)
    return version


def set_db_password(world: World, secret_id: str, version: str | None, at: int) -> None:
    """setSecret (or a reset with the master user): the database now accepts ``version``."""
    db_id = secret_database(world, secret_id)
    if db_id is None or version is None:
        return
    auth = dict(world.nodes[db_id].status.get("auth") or {})
    if auth.get("version") == version:
        return
    auth.update(version=version, changed_at=at)
    world.set_status(db_id, auth=auth)
    sync_auth(world, db_id)


def finish_rotation(world: World, secret_id: str, at: int, how: str) -> str | None:
    """finishSecret: AWSCURRENT moves to the pending version, the old one becomes AWSPREVIOUS."""
    secret = world.nodes[secret_id]
    pending, current = labelled(secret, PENDING), labelled(secret, CURRENT)
    if pending is None or pending == current:
        return None
    _relabel(world, secret_id, {PREVIOUS: current, CURRENT: pending, PENDING: None})
    world.set_status(secret_id, rotation={**rotation(secret), "state": "Succeeded", "at": at, "step": how, "error": ""})
    sync_auth(world, secret_database(world, secret_id))
    return pending


def roll_back_rotation(world: World, secret_id: str, at: int) -> str | None:
    """Undo the last rotation: drop a dangling AWSPENDING, or move AWSCURRENT back to
    AWSPREVIOUS; the database gets the password of the version left current. Returns it."""
    secret = world.nodes[secret_id]
    current, previous = labelled(secret, CURRENT), labelled(secret, PREVIOUS)
    if half_rotated(secret):
        _relabel(world, secret_id, {PENDING: None})
        target = current
    elif previous is not None:
        _relabel(world, secret_id, {CURRENT: previous, PREVIOUS: None, PENDING: None})
        target = previous
    else:
        return None
    set_db_password(world, secret_id, target, at)
    world.set_status(secret_id, rotation={**rotation(secret), "state": "RolledBack", "at": at})
    return target


# -- ECS rolling deployments ----------------------------------------------------------------
ECS_CYCLE = 120  # seconds for a failing task to start, fail its checks and be replaced


def ecs_rollout(service: Node) -> dict[str, Any] | None:
    """The service's latest deployment (``id``, ``from``, ``to``, ``state``, ``failed``, ...)."""
    return service.status.get("rollout")


def ecs_primary(service: Node) -> str:
    """The task definition revision the service is deploying or running (its PRIMARY deployment)."""
    rollout = ecs_rollout(service)
    if rollout and rollout["state"] in ("IN_PROGRESS", "COMPLETED"):
        return str(rollout["to"])
    return dominant(service.config.get("traffic"))


def ecs_stable(service: Node) -> str:
    """The revision of the last deployment that reached a steady state."""
    return str(service.status.get("stable") or dominant(service.config.get("traffic")))


def ecs_stuck(service: Node) -> bool:
    """Whether a deployment of a revision whose tasks never become healthy is in progress."""
    rollout = ecs_rollout(service)
    if not rollout or rollout["state"] != "IN_PROGRESS":
        return False
    return bool(service.status.get("versions", {}).get(rollout["to"], {}).get("fails"))


def _hex(*parts: Any) -> str:
    return hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()


def _task(service: str, number: int) -> str:
    return _hex(service, "task", number)[:32]


def _event(status: dict[str, Any], tick: int, text: str) -> None:
    status["events"] = [*status.get("events", [])[-19:], {"tick": tick, "text": text}]


def _launch(status: dict[str, Any], service: str, count: int) -> list[str]:
    first = int(status.get("launched", 0))
    status["launched"] = first + count
    return [_task(service, n) for n in range(first, first + count)]


def _tasks_text(tasks: list[str]) -> str:
    shown = " ".join(f"(task {t})" for t in tasks[:3])
    return shown + (f" and {len(tasks) - 3} more" if len(tasks) > 3 else "")


def ecs_update_service(
    world: World,
    service_id: str,
    revision: str,
    behaviour: dict[str, Any] | None = None,
    *,
    update_template: bool,
    from_template: bool,
) -> dict[str, Any]:
    """UpdateService to ``revision`` (``behaviour``: how its tasks behave, for a new revision).

    A revision whose tasks become healthy replaces the old tasks and reaches a steady state
    (within the time the action took). One whose tasks fail leaves the deployment in
    progress: old tasks down to ``minimumHealthyPercent``, new ones failing every cycle.
    Returns the new deployment.
    """
    node = world.nodes[service_id]
    status = copy.deepcopy(node.status)
    stable = ecs_stable(node)
    versions_ = status.setdefault("versions", {})
    if behaviour is not None or revision not in versions_:
        versions_[revision] = {"error_rate": 0.0, "latency_ms": node.config["latency_ms"], **(behaviour or {})}
    spec = versions_[revision]
    desired = int(node.config["desired_count"])
    count = int(status.get("deployments", 0)) + 1
    status["deployments"] = count
    rollout: dict[str, Any] = {
        "id": "ecs-svc/" + str(int(_hex(service_id, "deployment", count)[:15], 16))[:19],
        "from": stable,
        "to": revision,
        "started": world.tick,
        "failed": 0,
        "floor": desired,
        "state": "COMPLETED",
    }
    tasks = _launch(status, service_id, max(desired, 1))
    if spec.get("fails"):
        floor = min(desired, math.ceil(desired * int(spec.get("min_healthy", 100)) / 100))
        rollout.update(state="IN_PROGRESS", floor=floor)
        new = desired - floor if desired > floor else desired
        if spec.get("serves"):  # tasks pass their checks, take traffic, then die
            traffic = {stable: float(floor), revision: float(new)} if floor else {revision: 1.0}
            running = floor + new
        else:
            traffic, running = {stable: 1.0}, floor
        if floor < desired:
            _event(status, world.tick, f"(service {service_id}) has stopped {desired - floor} running tasks.")
        _event(status, world.tick, f"(service {service_id}) has started {new} tasks: {_tasks_text(tasks[:new])}.")
        rollout["tasks"] = tasks[:new]
        status.update(rollout=rollout, running=running, deploying=True)
    else:
        traffic = {revision: 1.0}
        _event(status, world.tick, f"(service {service_id}) has started {desired} tasks: {_tasks_text(tasks)}.")
        _event(status, world.tick, f"(service {service_id}) has reached a steady state.")
        status.update(rollout=rollout, running=desired, deploying=False, stable=revision)
    node.status = status
    world.touch(service_id)
    world.set_config(service_id, "traffic", traffic)
    if update_template and node.template is not None:
        world.set_template(service_id, "traffic", {revision: 1.0})
    if rollout["state"] == "COMPLETED":
        refresh_credentials(world, service_id, unpin=from_template)
    return rollout


def circuit_breaker_threshold(desired: int) -> int:
    """Failed tasks after which the deployment circuit breaker marks a deployment FAILED."""
    return min(200, max(3, math.ceil(0.5 * desired)))


def ecs_churn(world: World, service_id: str) -> str | None:
    """One launch cycle of a stuck deployment: new tasks fail and are replaced. With the
    circuit breaker on, enough failures roll the service back. Returns what happened."""
    node = world.nodes[service_id]
    if not ecs_stuck(node):
        return None
    status = copy.deepcopy(node.status)
    rollout = status["rollout"]
    spec = status["versions"][rollout["to"]]
    desired = int(node.config["desired_count"])
    floor = int(rollout["floor"])
    count = desired - floor if desired > floor else desired
    stopped = spec.get("stop_reason", "Essential container in task exited")
    for task in rollout.get("tasks", [])[:2]:
        _event(status, world.tick, f"(service {service_id}) (task {task}) {stopped}.")
    rollout["failed"] += len(rollout.get("tasks", []))
    started = _launch(status, service_id, count)
    rollout["tasks"] = started
    _event(status, world.tick, f"(service {service_id}) has started {count} tasks: {_tasks_text(started)}.")
    node.status = status
    world.touch(service_id)
    if not node.config["circuit_breaker"] or rollout["failed"] < circuit_breaker_threshold(desired):
        return f"{count} more task(s) of revision {rollout['to']} failed"
    return ecs_circuit_break(world, service_id)  # the tasks just started are stopped with it


def ecs_circuit_break(world: World, service_id: str) -> str:
    """The circuit breaker trips: the deployment FAILED, the service rolls back to the last
    completed deployment (and the stack update that started it rolls back too)."""
    node = world.nodes[service_id]
    status = copy.deepcopy(node.status)
    rollout = status["rollout"]
    rollout["state"] = "FAILED"
    failed_revision = rollout["to"]
    _event(status, world.tick, f"(service {service_id}) ({rollout['id']}) deployment failed: tasks failed to start.")
    _event(status, world.tick, f"(service {service_id}) rolling back to deployment with revision {rollout['from']}.")
    node.status = status
    world.touch(service_id)
    back = rollout["from"]
    done = ecs_update_service(world, service_id, back, update_template=True, from_template=False)
    world.set_status(service_id, rollout={**done, "rollback": failed_revision})
    return f"deployment {rollout['id']} failed; the circuit breaker rolled back to revision {back}"


# -- S3 public access -------------------------------------------------------------------------
def bucket_public(bucket: Node) -> bool:
    """Whether anyone on the internet can read the bucket's objects now."""
    if bucket.status.get("deleted"):
        return False
    return not bucket.config["public_access_block"] and bool(bucket.config.get("public_policy"))


def bucket_guarded(bucket: Node) -> bool:
    """Whether the bucket is back to private: Block Public Access on and no Principal ``*`` statement."""
    return bool(bucket.config["public_access_block"]) and not bucket.config.get("public_policy")
