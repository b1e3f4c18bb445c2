"""Reads from a streaming replica where that is safe; everything else on the primary.

Active only when ``DATABASES["replica"]`` exists (``DATABASE_REPLICA_URL``).
By default every query goes to the primary ("default"). A request reads from
the replica only when all of these hold:

- its path starts with one of ``REPLICA_PATH_PREFIXES`` (the report screens,
  the transcript: pages that read a lot and change nothing), or the code runs
  inside :func:`replica_reads` (a background export);
- the session has not written anything in the last ``READ_YOUR_WRITES_SECONDS``
  (read-your-writes: a manager who has just changed a target sees the change);
- the request itself has not written yet (a read after a write in the same
  request sees that write);
- the replica answers and lags the primary by at most ``REPLICA_MAX_LAG_SECONDS``
  (``pg_stat_replication.replay_lag`` on the primary, read at most once a
  second per process); a replica that stops answering in the middle of a
  safe request is retried once on the primary.

Writes always go to the primary, and migrations run only there. The engines
are PostgreSQL's own streaming replication and Django's database routers;
this module only decides, per request, which one to read.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

REPLICA = "replica"
SESSION_KEY = "_db_wrote_until"
WRITE_VERBS = ("INSERT", "UPDATE", "DELETE", "MERGE")

log = logging.getLogger(__name__)


@dataclass
class _Route:
    replica: bool = False
    wrote: bool = False
    reason: str = "default"


_route: contextvars.ContextVar[_Route | None] = contextvars.ContextVar("db_route", default=None)


def has_replica() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    """Sends a read to the replica only when the current request or task chose it."""

    def db_for_read(self, model, **hints):
        route = _route.get()
        if route is not None and route.replica and not route.wrote:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from either may relate to one from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


# --- Is the replica usable? ---------------------------------------------------------

_health_lock = threading.Lock()
_health: dict = {"checked": 0.0, "usable": False, "why": "unchecked"}
CHECK_EVERY = 1.0


def mark_replica_down(why: str) -> None:
    with _health_lock:
        _health.update(checked=time.monotonic(), usable=False, why=why)


def replica_usable() -> tuple[bool, str]:
    """(usable, reason), from the primary's view of its standby, cached for a second."""
    now = time.monotonic()
    with _health_lock:
        if now - _health["checked"] < CHECK_EVERY:
            return _health["usable"], _health["why"]
    usable, why = _check_replica()
    with _health_lock:
        _health.update(checked=time.monotonic(), usable=usable, why=why)
    return usable, why


def _check_replica() -> tuple[bool, str]:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            # NULL replay_lag: caught up and idle. No row: no standby streaming.
            cursor.execute(
                "SELECT COALESCE(EXTRACT(EPOCH FROM replay_lag), 0) FROM pg_stat_replication"
                " WHERE state = 'streaming' ORDER BY replay_lag DESC NULLS LAST LIMIT 1"
            )
            row = cursor.fetchone()
    except Exception as error:  # a check must never fail a page
        log.warning("replica check failed: %s", error)
        return False, "check failed"
    if row is None:
        return False, "replica not streaming"
    lag = float(row[0])
    if lag > settings.REPLICA_MAX_LAG_SECONDS:
        return False, f"replica lag {lag:.1f}s"
    return True, "replica"


# --- Choosing per request or per task ------------------------------------------------


class _WriteSpy:
    """Notes an INSERT/UPDATE/DELETE sent to the primary during a request."""

    def __init__(self, route: _Route):
        self.route = route

    def __call__(self, execute, sql, params, many, context):
        if not self.route.wrote and sql.lstrip().upper().startswith(WRITE_VERBS):
            self.route.wrote = True
        return execute(sql, params, many, context)


def primary_position() -> str | None:
    """Where the primary's write-ahead log stands now (to read from the replica once it got there)."""
    if not has_replica():
        return None
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def _replayed(position: str, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while True:
        try:
            with connections[REPLICA].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
                if cursor.fetchone()[0]:
                    return True
        except Exception as error:
            log.warning("replica position check failed: %s", error)
            return False
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


@contextlib.contextmanager
def replica_reads(after: str | None = None, wait: float = 10.0):
    """Reads inside this block come from the replica when it is usable (a background export).

    ``after``: a :func:`primary_position`; the replica is used only once it has replayed
    that far (waiting up to ``wait`` seconds), so a task reads what its request wrote.
    """
    if not has_replica():
        yield
        return
    usable, why = replica_usable()
    if usable and after and not _replayed(after, wait):
        usable, why = False, "replica behind the request"
    token = _route.set(_Route(replica=usable, reason=why))
    try:
        yield
    finally:
        _route.reset(token)


def _wants_replica(request) -> bool:
    return any(request.path.startswith(prefix) for prefix in settings.REPLICA_PATH_PREFIXES)


class ReplicaRoutingMiddleware:
    """Decides where a request reads from; remembers in the session that it wrote."""

    def __init__(self, get_response):
        if not has_replica():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        route = _Route()
        if _wants_replica(request):
            if request.session.get(SESSION_KEY, 0) > time.time():
                route.reason = "own recent write"
            else:
                route.replica, route.reason = replica_usable()
                if route.replica and not _replica_answers():
                    route.replica, route.reason = False, "replica not answering"
        request.db_route = route
        token = _route.set(route)
        try:
            with connections[DEFAULT_DB_ALIAS].execute_wrapper(_WriteSpy(route)):
                response = self.get_response(request)
        finally:
            _route.reset(token)
        if route.wrote and _has_session(request):
            request.session[SESSION_KEY] = time.time() + settings.READ_YOUR_WRITES_SECONDS
        if settings.DATABASE_ROUTE_HEADER:
            response["X-Database-Route"] = "replica" if route.replica and not route.wrote else "primary"
        return response

    def process_exception(self, request, exception):
        """A replica that went away mid-request: once more on the primary (safe methods only)."""
        route = getattr(request, "db_route", None)
        if not (route and route.replica and isinstance(exception, OperationalError)):
            return None
        if request.method not in ("GET", "HEAD"):
            return None
        mark_replica_down(f"replica failed: {exception}")
        route.replica = False
        route.reason = "replica failed"
        with contextlib.suppress(Exception):
            connections[REPLICA].close()
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        # A failure while rendering comes here after the view: Django would not render this answer.
        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response = response.render()
        return response


def _replica_answers() -> bool:
    """A round trip to the replica before the request relies on it (the middleware below
    reads the signed-in user there, outside the view's retry)."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure means: read from the primary
        mark_replica_down(f"replica not answering: {error}")
        with contextlib.suppress(Exception):
            connections[REPLICA].close()
        return False
    return True


def _has_session(request) -> bool:
    session = getattr(request, "session", None)
    if session is None:
        return False
    if session.session_key:
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)
