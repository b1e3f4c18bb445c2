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
"""

from __future__ import annotations

import threading
from collections import OrderedDict

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
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def forget() -> None:
    """Empty this process's compiled queries (tests)."""
    with _lock:
        _compiled.clear()
