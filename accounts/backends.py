"""Who signs in, and the signed-in person read with their roles in one query.

Every signed-in request reads its user (Django's ``get_user``, through the backend named in the
session), and nearly every page then asks for the user's roles (``accounts.roles.role_names``): a
second query, ~0.5 ms of the 7-10 ms a signed-in page costs at province scale. This module's
``AuthenticationBackend`` (allauth's, which signs people in by e-mail address, for allauth's
forms and Wagtail's admin login alike) reads the roles with the user, as one string of group
names.

A session keeps the path of the backend that signed it in, and Django reads a session whose
backend is no longer listed in ``AUTHENTICATION_BACKENDS`` as signed out. Sessions opened before this module
name Django's ``ModelBackend`` or allauth's own backend, so both stay listed, after
``SignInStopsHere``: they only read the user of those sessions (in two queries, as before) and
never check a password, so a wrong password is hashed once, not once per backend.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Aggregate, CharField, OuterRef, Subquery, Value

from lms import compiled_sql

from . import roles

SEPARATOR = "\n"  # not in a role's name (accounts.roles: the names are fixed)


class _Joined(Aggregate):
    """The values of a column joined by a separator: ``STRING_AGG`` / SQLite's ``GROUP_CONCAT``."""

    function = "STRING_AGG"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def with_role_names(queryset):
    """``queryset`` of users, each with ``role_list``: the names of their groups, joined."""
    memberships = get_user_model().groups.through.objects.filter(user_id=OuterRef("pk")).order_by()
    joined = memberships.values("user_id").annotate(names=_Joined("group__name", Value(SEPARATOR))).values("names")
    return queryset.annotate(role_list=Subquery(joined))


def _session_user(user_id):
    return with_role_names(get_user_model()._default_manager.filter(pk=user_id).order_by())


class AuthenticationBackend(AllauthBackend):
    """allauth's backend; the user of a session is read with their roles (see the module docstring)."""

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user_id = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        # Read on every signed-in request: its SQL is built once per process (lms.compiled_sql).
        found = compiled_sql.instances(("accounts.session_user",), _session_user, user_id)
        if not found:
            return None
        user = found[0]
        names = user.__dict__.pop("role_list") or ""
        roles.remember_role_names(user, names.split(SEPARATOR) if names else [])
        return user if self.user_can_authenticate(user) else None


class SignInStopsHere(BaseBackend):
    """Ends the search for a backend that accepts the credentials: the backends listed after it
    only keep older sessions valid (see the module docstring). Django stops at PermissionDenied,
    sends ``user_login_failed`` (django-axes counts it) and signs nobody in."""

    def authenticate(self, request, **credentials):
        raise PermissionDenied
