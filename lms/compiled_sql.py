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
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import connections, router
from django.db.models.query import get_related_populators

ENTRIES = 1024
_compiled: OrderedDict = OrderedDict()
_lock = threading.Lock()


def rows(key: tuple, build, *values) -> list[tuple]:
    """The rows of ``build(*values)`` (a queryset), its SQL compiled once per ``key`` (for every
    ``values``: see :func:`instances`)."""
    compiled = _cached(key)
    if compiled is None:
        compiled = _remember(key, _compile(build, values, objects=False))
    return _run(compiled, values)[1]


def instances(key: tuple, build, *values) -> list:
    """The model instances of ``build(*values)``, with their annotations and the rows of its
    ``select_related``, as the queryset would give them (Django's converters applied), its SQL
    compiled once per ``key`` for every ``values``.

    ``build`` must use each value only as a parameter of the SQL (``filter(pk=value)``), so that
    the SQL of other values differs in its parameters alone: it is built once with stand-ins (a
    negative number for an ``int``, a marked text for a ``str``) and run with each call's values in
    their place. The session's user of ``accounts.backends``: about 1 ms of building and 0.4 ms of
    PostgreSQL's planning on every signed-in request, where running it takes 0.2 ms.
    """
    compiled = _cached(key)
    if compiled is None:
        compiled = _remember(key, _compile(build, values, objects=True))
    connection, found = _run(compiled, values)
    alias = connection.alias
    related = compiled.populators.get(alias)
    if related is None:
        related = compiled.populators[alias] = get_related_populators(compiled.klass_info, compiled.select, alias)
    model, fields, start, end = compiled.model, compiled.fields, compiled.start, compiled.end
    objects = []
    for row in found:
        row = list(row)
        for index, converters, expression in compiled.converters:
            for converter in converters:
                row[index] = converter(row[index], expression, connection)
        obj = model.from_db(alias, fields, row[start:end])
        for populator in related:
            populator.populate(row, obj)
        for name, index in compiled.annotations:
            setattr(obj, name, row[index])
        objects.append(obj)
    return objects


@dataclass(frozen=True, slots=True)
class _Compiled:
    model: type
    using: str | None  # the queryset's own ``using()``, else the router's choice at each run
    sql: str
    params: tuple
    value_positions: tuple  # where each value of a call goes in ``params``
    # instances() only: how a row becomes an instance
    klass_info: dict | None = None
    select: list = field(default_factory=list)
    fields: list = field(default_factory=list)
    start: int = 0
    end: int = 0
    annotations: tuple = ()
    converters: tuple = ()
    populators: dict = field(default_factory=dict)  # per database alias, made on first use


def _stand_in(value, index: int):
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"compiled_sql: a value is an int or a str, not {type(value).__name__}")
    return -(2**62) - index if isinstance(value, int) else f"\x00compiled_sql stand-in {index}\x00"


def _compile(build, values, *, objects: bool) -> _Compiled:
    stand_ins = [_stand_in(value, index) for index, value in enumerate(values)]
    queryset = build(*stand_ins)
    compiler = queryset.query.get_compiler(queryset.db)
    sql, params = compiler.as_sql()
    positions = []
    for stand_in in stand_ins:
        where = tuple(i for i, p in enumerate(params) if type(p) is type(stand_in) and p == stand_in)
        if not where:
            raise ValueError("compiled_sql: build() must pass each value to the SQL as it is")
        positions.append(where)
    compiled = _Compiled(queryset.model, queryset._db, sql, tuple(params), tuple(positions))
    if not objects:
        return compiled
    info = compiler.klass_info
    if info is None:
        raise ValueError("compiled_sql.instances: a queryset of model instances, not of values")
    select_fields = info["select_fields"]
    expressions = [column for column, _sql, _alias in compiler.select]
    converters = compiler.get_converters(expressions)
    return replace(
        compiled,
        klass_info=info,
        select=compiler.select,
        fields=[expressions[i].target.attname for i in select_fields],
        start=select_fields[0],
        end=select_fields[-1] + 1,
        annotations=tuple(compiler.annotation_col_map.items()),
        converters=tuple((index, tuple(found), expression) for index, (found, expression) in converters.items()),
    )


def _cached(key):
    with _lock:
        compiled = _compiled.get(key)
        if compiled is not None:
            _compiled.move_to_end(key)
    return compiled


def _remember(key, compiled):
    with _lock:
        _compiled[key] = compiled
        while len(_compiled) > ENTRIES:
            _compiled.popitem(last=False)
    return compiled


def _run(compiled: _Compiled, values):
    """Runs the SQL with ``values`` in place of the stand-ins, on the database the router names now
    (not the one of the request that built it: a report page may read from the replica), prepared
    on PostgreSQL."""
    params = compiled.params
    if values:
        params = list(params)
        for value, where in zip(values, compiled.value_positions, strict=True):
            for index in where:
                params[index] = value
    alias = compiled.using or router.db_for_read(compiled.model)
    connection = connections[alias]
    if connection.vendor == "postgresql" and getattr(settings, "PREPARE_QUERIES", True):
        cursor = _wrapped(connection, _prepared_cursor(connection))
    else:
        cursor = connection.cursor()
    with cursor:
        cursor.execute(compiled.sql, params)
        return connection, cursor.fetchall()


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
