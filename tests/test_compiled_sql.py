"""lms.compiled_sql: the SQL of a page's hot query is built once, and on PostgreSQL prepared once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from lms import compiled_sql
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh():
    compiled_sql.forget()
    yield
    compiled_sql.forget()


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_sql_is_built_once_and_the_rows_follow_the_data():
    person = UserFactory(full_name="Lan")
    built = []

    def build():
        built.append(1)
        return User.objects.filter(pk=person.pk).values_list("full_name")

    assert compiled_sql.rows(("test", person.pk), build) == [("Lan",)]
    User.objects.filter(pk=person.pk).update(full_name="Mai")
    with CaptureQueriesContext(connection) as queries:
        assert compiled_sql.rows(("test", person.pk), build) == [("Mai",)]
    assert built == [1]
    # Logged like any query, with its text.
    [query] = queries.captured_queries
    assert "full_name" in query["sql"] and str(person.pk) in query["sql"]


@pytest.mark.postgresql_only
def test_on_postgresql_the_statement_is_prepared_once_per_connection(settings):
    person = UserFactory(full_name="Lan")

    def build():
        return User.objects.filter(pk=person.pk, full_name__startswith="L").values_list("full_name")

    before = _prepared_statements()
    assert compiled_sql.rows(("prepared", person.pk), build) == [("Lan",)]
    assert compiled_sql.rows(("prepared", person.pk), build) == [("Lan",)]
    new = [s for s in _prepared_statements() if s not in before]
    assert len(new) == 1 and "full_name" in new[0] and "$1" in new[0]


@pytest.mark.postgresql_only
def test_behind_pgbouncer_in_transaction_pooling_nothing_is_prepared(settings):
    settings.PREPARE_QUERIES = False
    person = UserFactory(full_name="Lan")
    before = _prepared_statements()
    rows = compiled_sql.rows(("unprepared", person.pk), lambda: User.objects.filter(pk=person.pk).values_list("pk"))
    assert rows == [(person.pk,)]
    assert _prepared_statements() == before


def test_a_summary_gives_every_aggregate_of_its_rows_in_one_subquery():
    """lms.digest.summary: a count and a latest value, one subquery, one text that follows both,
    the same whether the rows form one group or are grouped by their owner."""
    from django.contrib.auth.models import Group
    from django.db.models import Count, Max, OuterRef

    from lms.digest import summary

    person = UserFactory()
    memberships = User.groups.through.objects.filter(user=OuterRef("pk"))

    def read(**grouping):
        with CaptureQueriesContext(connection) as queries:
            [value] = (
                User.objects.filter(pk=person.pk)
                .annotate(s=summary(memberships, Count("pk"), Max("group_id"), **grouping))
                .values_list("s", flat=True)
            )
        assert queries.captured_queries[0]["sql"].count("SELECT") == 2  # the user's, and one subquery
        return value

    before = person.groups.count()
    added = Group.objects.create(name="Nhóm thử")
    person.groups.add(added)
    assert read() == f"{before + 1}|{added.pk}"
    assert read(by="user") == f"{before + 1}|{added.pk}"
    person.groups.clear()
    assert read() == "0|" and read(by="user") is None  # no rows: no group, no row in the subquery
