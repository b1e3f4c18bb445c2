"""Personal data: "Dữ liệu của tôi" (export) and erasure, across every app.

Each project app may provide a ``privacy`` module with two functions:

- ``export_data(user) -> PersonalData``: everything the app holds about
  ``user`` (JSON-serialisable records, and files as ``(name, bytes)``);
- ``erase_data(user, replacements) -> None``: erase or anonymise it
  irreversibly, keeping what aggregate reports need without identity.

:func:`export_user_data` and :func:`erase_user` call every app's module, in
``PROJECT_APPS`` order (accounts last for erasure, as the user row is the
key every other app uses).
"""

from __future__ import annotations

import io
import json
import zipfile
from importlib import import_module

from allauth.account.models import EmailAddress, EmailConfirmation
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from lms.personal_data import PersonalData

from .models import User
from .notifications import PREFERENCE_FIELDS


def _privacy_modules():
    modules = []
    for app in settings.PROJECT_APPS:
        try:
            modules.append((app, import_module(f"{app}.privacy")))
        except ModuleNotFoundError as error:
            if error.name != f"{app}.privacy":
                raise
    return modules


def export_data(user: User) -> PersonalData:
    """The accounts part of the export: the profile and the login history."""
    profile = {
        "email": user.email,
        "full_name": user.full_name,
        "organisation": user.organisation,
        "school_level": user.get_school_level_display() if user.school_level else "",
        "subjects": [subject.name for subject in user.subjects.all()],
        "area": user.area.name if user.area else "",
        "phone": user.phone,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "roles": list(user.groups.values_list("name", flat=True)),
        "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
        # Which optional e-mails they receive, and whether a private calendar address exists (not its key).
        "email_preferences": {field: getattr(user, field) for field in PREFERENCE_FIELDS},
        "calendar_address": bool(user.calendar_token),
    }
    logins = list(
        AccessLog.objects.filter(username__iexact=user.email).values("attempt_time", "ip_address", "logout_time")
    )
    return PersonalData(records={"profile": profile, "logins": logins})


def export_user_data(user: User) -> bytes:
    """A ZIP with ``data.json`` (every app's records) and the person's files."""
    buffer = io.BytesIO()
    everything = {"exported_at": timezone.now(), "user_id": user.pk}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for app, module in _privacy_modules():
            part = module.export_data(user)
            everything[app] = part.records
            for name, content in part.files:
                archive.writestr(f"{app}/{name}", content)
        archive.writestr("data.json", json.dumps(everything, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
    return buffer.getvalue()


def erase_data(user: User, replacements: dict) -> None:
    """The accounts part of erasure: the profile, addresses, sessions and login records."""
    email = user.email
    EmailConfirmation.objects.filter(email_address__user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    AccessAttempt.objects.filter(username__iexact=email).delete()
    AccessLog.objects.filter(username__iexact=email).delete()
    AccessFailureLog.objects.filter(username__iexact=email).delete()
    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
    user.subjects.clear()
    user.full_name = replacements["full_name"]
    user.email = replacements["email"]
    user.organisation = ""
    user.school = None
    user.phone = ""
    user.calendar_token = ""  # the private calendar address stops working
    user.is_active = False
    user.set_unusable_password()
    user.save()


def anonymous_identity(user: User) -> dict:
    """What an erased person becomes: no name, an address that cannot receive mail."""
    return {"full_name": f"Tài khoản đã xóa #{user.pk}", "email": f"erased-{user.pk}@erased.invalid"}


def erase_user(user: User) -> dict:
    """Erase ``user`` everywhere; returns the replacement identity. Not reversible."""
    replacements = anonymous_identity(user)
    replacements["previous"] = [value for value in (user.full_name, user.email) if value]
    modules = _privacy_modules()
    for app, module in modules:
        if app != "accounts":
            module.erase_data(user, replacements)
    import_module("accounts.privacy").erase_data(user, replacements)
    return replacements


def scrub(value, previous: list[str], replacement: str):
    """``value`` (text, or JSON of lists and dicts) with every one of ``previous`` replaced."""
    if isinstance(value, str):
        for old in previous:
            if old:
                value = value.replace(old, replacement)
        return value
    if isinstance(value, dict):
        return {key: scrub(item, previous, replacement) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item, previous, replacement) for item in value]
    return value
