"""Queries whose SQL is compiled once per process, for the pages read most often.

Building a query with a dozen subqueries through the ORM costs more than the
database takes to run it (a grader's fingerprint: ~7 ms to build, ~0.3 ms to
run on SQLite). :func:`rows` keeps the compiled SQL and its parameters under a
``key`` and runs them again, so a page read again costs the query, not its
construction. The ``key`` must name everything the SQL depends on (the user,
their role, the objects filtered on): use it only for querysets built from
those alone, never from the clock or anything else that changes.

Rows come straight from the database cursor, without Django's converters
(SQLite gives booleans as 0/1 and dates as text): fit for counts, flags and
digests.

On PostgreSQL the statement is also **prepared** on the connection, so the
server plans it once: planning a fingerprint of forty subqueries took 4 ms a
request at province scale, three times its execution (1.2 ms). Django's
cursors bind parameters on the client, which PostgreSQL cannot prepare; these
queries go through a server-binding cursor of Django's own PostgreSQL backend
with ``prepare=True`` (psycopg keeps the prepared statements per connection and
forgets them with it), still through Django's cursor wrapper, so the query is
logged and counted like any other. Not behind PgBouncer in transaction pooling
(``PGBOUNCER_TRANSACTION_POOLING``): a statement prepared on one server
connection would not exist on the next one lent (``settings.PREPARE_QUERIES``).
SQLite needs nothing: its driver keeps a cache of compiled statements per
connection already.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict

from django.conf import settings
from django.db import connections

ENTRIES = 1024
_compiled: OrderedDict = OrderedDict()
_lock = threading.Lock()


def rows(key: tuple, build) -> list[tuple]:
    """The rows of ``build()`` (a queryset), its SQL compiled once per ``key``."""
    with _lock:
        compiled = _compiled.get(key)
        if compiled is not None:
            _compiled.move_to_end(key)
    if compiled is None:
        queryset = build()
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
        compiled = (queryset.db, sql, tuple(params))
        with _lock:
            _compiled[key] = compiled
            while len(_compiled) > ENTRIES:
                _compiled.popitem(last=False)
    alias, sql, params = compiled
    connection = connections[alias]
    if connection.vendor == "postgresql" and getattr(settings, "PREPARE_QUERIES", True):
        cursor = _wrapped(connection, _prepared_cursor(connection))
    else:
        cursor = connection.cursor()
    with cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _wrapped(connection, cursor):
    """Django's cursor wrapper around ``cursor``, as ``connection._prepare_cursor`` makes it, except that
    a logged query is written out by ``compose_sql``: psycopg keeps no query text on a cursor that ran
    a prepared statement, where Django's logging looks for it."""
    connection.validate_thread_sharing()
    if not connection.queries_logged:
        return connection.make_cursor(cursor)
    return _debug_wrapper_class()(cursor, connection)


@functools.cache
def _debug_wrapper_class():
    from django.db.backends.postgresql.base import CursorDebugWrapper

    class PreparedDebugWrapper(CursorDebugWrapper):
        def execute(self, sql, params=None):
            with self.debug_sql(self.db.ops.compose_sql(sql, params)):
                return self._execute_with_wrappers(sql, params, many=False, executor=self._execute)

    return PreparedDebugWrapper


def _prepared_cursor(connection):
    """What Django's ``create_cursor`` makes, with the class below (and the same time zone loader)."""
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.pq import Format

    connection.ensure_connection()
    raw = connection.connection
    cursor = _prepared_cursor_class(type(connection), connection.alias)(raw)
    loader = raw.adapters.get_loader(raw.adapters.types["timestamptz"].oid, Format.TEXT)
    if connection.timezone != loader.timezone:
        register_tzloader(connection.timezone, cursor)
    return cursor


@functools.cache
def _prepared_cursor_class(wrapper_class, alias):
    """A cursor of Django's PostgreSQL backend that binds on the server and prepares what it runs,
    counted by django-prometheus like the backend's own cursors when the backend is its wrapper."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparedCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    if wrapper_class.__module__.startswith("django_prometheus."):
        from django_prometheus.db.common import ExportingCursorWrapper

        return ExportingCursorWrapper(PreparedCursor, alias, "postgresql")
    return PreparedCursor


def forget() -> None:
    """Empty this process's compiled queries (tests)."""
    with _lock:
        _compiled.clear()
