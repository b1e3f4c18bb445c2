"""Login security: the lockout key for django-axes and the audit of sign-ins and roles."""

import audit


def axes_username(request, credentials=None) -> str:
    """The account a login attempt targets: the e-mail typed, lower-cased.

    allauth authenticates with ``email=``; the form field is ``login``.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not value and request is not None:
        value = getattr(request, "POST", {}).get("login", "")
    return (value or "").strip().lower()


def on_login_failed(sender, credentials, request=None, **kwargs):
    # Never store the password: only the account that was tried.
    audit.record("security.login_failed", request=request, account=axes_username(request, credentials))


def on_logged_in(sender, request, user, **kwargs):
    audit.record("security.login", actor=user, target=user, request=request)


def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    audit.record("security.lockout", request=request, account=username or "", ip=ip_address or "")


def on_groups_changed(sender, instance, action, pk_set, reverse, **kwargs):
    """Record every change of a person's roles, from any screen or command."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    from django.contrib.auth.models import Group

    from .models import User

    if reverse:  # group.user_set.add(...): instance is the group
        users = User.objects.filter(pk__in=pk_set or [])
        groups = [instance.name]
    else:
        users = [instance]
        groups = list(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    for user in users:
        audit.record("security.roles_changed", target=user, change=action.removeprefix("post_"), roles=groups)
