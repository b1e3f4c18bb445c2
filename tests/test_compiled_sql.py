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


def test_instances_are_read_as_the_queryset_reads_them_for_every_value_from_one_build():
    """compiled_sql.instances: one build serves every user; fields come through Django's converters
    (on SQLite a date-time is text until converted), annotations are set, a missing row is no row."""
    from django.db.models import F, Value
    from django.db.models.functions import Concat

    lan, mai = UserFactory(full_name="Lan"), UserFactory(full_name="Mai")
    built = []

    def build(user_id):
        built.append(user_id)
        return User.objects.filter(pk=user_id).annotate(label=Concat(F("full_name"), Value("!")))

    for person in (lan, mai, lan):
        [found] = compiled_sql.instances(("test.instances",), build, person.pk)
        expected = User.objects.get(pk=person.pk)
        assert found == expected and found.label == f"{person.full_name}!"
        assert found.date_joined == expected.date_joined and found.date_joined.tzinfo is not None
        assert found.is_active is True and found.full_name == person.full_name
        assert not found._state.adding and found._state.db == "default"
    assert len(built) == 1 and built[0] < 0  # built once, with a stand-in for the user
    assert compiled_sql.instances(("test.instances",), build, max(lan.pk, mai.pk) + 1000) == []


def test_instances_refuse_a_build_that_does_not_pass_its_value_through():
    with pytest.raises(ValueError):
        compiled_sql.instances(("test.transformed",), lambda user_id: User.objects.filter(pk=abs(user_id)), 3)
    with pytest.raises(TypeError):
        compiled_sql.instances(("test.bool",), lambda flag: User.objects.filter(is_active=flag), True)


def test_the_database_is_chosen_at_each_run_not_kept_from_the_request_that_built_the_sql(monkeypatch):
    """A query built on a report page (reading the replica) must not keep reading the replica on
    every page after it: the router is asked on every run."""
    from types import SimpleNamespace

    person = UserFactory(full_name="Lan")
    asked = []
    monkeypatch.setattr(
        compiled_sql, "router", SimpleNamespace(db_for_read=lambda model: asked.append(model) or "default")
    )
    build = lambda: User.objects.filter(pk=person.pk).values_list("full_name")  # noqa: E731
    assert compiled_sql.rows(("routed", person.pk), build) == [("Lan",)]
    assert compiled_sql.rows(("routed", person.pk), build) == [("Lan",)]
    assert compiled_sql.instances(("routed.instances",), lambda pk: User.objects.filter(pk=pk), person.pk) == [person]
    assert asked == [User, User, User]


@pytest.mark.postgresql_only
def test_instances_are_prepared_once_per_connection_on_postgresql():
    lan, mai = UserFactory(full_name="Lan"), UserFactory(full_name="Mai")
    before = _prepared_statements()
    for person in (lan, mai):
        [found] = compiled_sql.instances(("prepared.instances",), lambda pk: User.objects.filter(pk=pk), person.pk)
        assert found.full_name == person.full_name
    new = [s for s in _prepared_statements() if s not in before]
    assert len(new) == 1 and "$1" in new[0]


def test_instances_bring_their_select_related_rows_and_rows_take_values_too():
    from django.contrib.auth.models import Group

    lan, mai = UserFactory(full_name="Lan"), UserFactory(full_name="Mai")
    lan.groups.add(Group.objects.create(name="Nhóm Lan"))
    mai.groups.add(Group.objects.create(name="Nhóm Mai"))
    memberships = User.groups.through.objects

    def build(user_id):
        return memberships.select_related("group", "user").filter(user_id=user_id, group__name__startswith="Nhóm")

    for person in (lan, mai):
        with CaptureQueriesContext(connection) as queries:
            [found] = compiled_sql.instances(("test.related",), build, person.pk)
            assert found.group.name == f"Nhóm {person.full_name}" and found.user.full_name == person.full_name
        assert len(queries) == 1  # the related rows came with it
        assert compiled_sql.rows(
            ("test.rows",), lambda pk: User.objects.filter(pk=pk).values_list("full_name"), person.pk
        ) == [(person.full_name,)]
