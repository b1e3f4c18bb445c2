"""A signed-in person is read with their roles in one query; older sessions stay valid; a wrong
password is checked once (accounts/backends.py)."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from accounts.models import User

from .factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/khoa-hoc-cua-toi/"


def group_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if '"auth_group"' in q["sql"]]


def test_a_signed_in_page_reads_the_roles_with_the_user_not_after_it(client):
    trainer = UserFactory(role=roles.TRAINER)
    client.force_login(trainer)
    client.get(DASHBOARD)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    [user_query] = [q for q in queries.captured_queries if q["sql"].startswith('SELECT "accounts_user"."id"')]
    assert "auth_group" in user_query["sql"]  # the roles come with the user...
    assert [q for q in group_queries(queries) if q != user_query["sql"]] == []  # ...and not again
    assert response.wsgi_request.user._role_names == frozenset({roles.TRAINER})
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.AuthenticationBackend"


def test_the_roles_read_with_the_user_decide_what_the_user_may_open(client):
    person = UserFactory(role=roles.LEARNER)
    client.force_login(person)
    assert client.get(reverse("reports:overview")).status_code == 403
    roles.assign_role(person, roles.MANAGER)  # takes effect on the next request, not at next sign-in
    assert client.get(reverse("reports:overview")).status_code == 200
    person.groups.clear()
    response = client.get(DASHBOARD)
    assert response.wsgi_request.user._role_names == frozenset()


def test_sessions_signed_in_by_the_backends_listed_before_stay_valid(client):
    person = UserFactory(role=roles.MANAGER)
    for path in ("django.contrib.auth.backends.ModelBackend", "allauth.account.auth_backends.AuthenticationBackend"):
        client.force_login(person, backend=path)
        assert client.session[BACKEND_SESSION_KEY] == path
        response = client.get(reverse("reports:overview"))
        assert response.status_code == 200 and response.wsgi_request.user == person
        client.logout()


def test_signing_in_by_the_form_or_the_admin_uses_the_one_query_backend(client):
    person = UserFactory(role=roles.MANAGER, is_staff=True)
    response = client.post(reverse("account_login"), {"login": person.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(person.pk)
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.AuthenticationBackend"
    client.logout()
    admin = client.post(reverse("wagtailadmin_login"), {"username": person.email, "password": DEFAULT_PASSWORD})
    assert admin.status_code == 302 and client.session[SESSION_KEY] == str(person.pk)
    assert client.session[BACKEND_SESSION_KEY] == "accounts.backends.AuthenticationBackend"


def test_a_wrong_password_is_checked_once_not_once_per_backend(client, monkeypatch):
    person = UserFactory()
    checked = []
    check = User.check_password

    def counting(self, raw):
        checked.append(raw)
        return check(self, raw)

    monkeypatch.setattr(User, "check_password", counting)
    response = client.post(reverse("account_login"), {"login": person.email, "password": "sai-mat-khau"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert checked == ["sai-mat-khau"]  # it was checked twice, by Django's backend and allauth's
