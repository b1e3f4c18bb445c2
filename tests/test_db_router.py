"""The replica router's decisions (the cluster tests check it against a real replica)."""

import pytest
from django.core.exceptions import MiddlewareNotUsed

from lms import db_router


@pytest.fixture
def route():
    token = db_router._route.set(db_router._Route(replica=True))
    yield db_router._route.get()
    db_router._route.reset(token)


def test_without_a_chosen_route_everything_reads_the_primary():
    router = db_router.ReplicaRouter()
    assert router.db_for_read(object) == "default"
    assert router.db_for_write(object) == "default"


def test_a_request_that_chose_the_replica_reads_it_until_it_writes(route):
    router = db_router.ReplicaRouter()
    assert router.db_for_read(object) == "replica"
    spy = db_router._WriteSpy(route)
    spy(lambda *args: None, "  select 1", None, False, {})
    assert router.db_for_read(object) == "replica"
    spy(lambda *args: None, "update accounts_user set full_name = %s", ["x"], False, {})
    assert route.wrote
    assert router.db_for_read(object) == "default"


def test_migrations_run_only_on_the_primary():
    router = db_router.ReplicaRouter()
    assert router.allow_migrate("default", "lms")
    assert not router.allow_migrate("replica", "lms")


def test_the_middleware_stands_aside_without_a_replica():
    with pytest.raises(MiddlewareNotUsed):
        db_router.ReplicaRoutingMiddleware(lambda request: None)


def test_replica_reads_is_a_no_op_without_a_replica():
    with db_router.replica_reads():
        assert db_router._route.get() is None
