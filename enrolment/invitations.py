"""Invitations for accounts a manager's import created: inactive until the
person opens the link, chooses a password, and so proves the address is theirs.

The token is signed, expires after ``INVITATION_MAX_AGE`` and is bound to the
account's current password hash, so it stops working once it has been used.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils.crypto import salted_hmac

import audit
from lms.site import absolute_url

SALT = "enrolment.invitation"
INVITATION_MAX_AGE = 14 * 24 * 3600


def _state(user) -> str:
    return salted_hmac(SALT, f"{user.pk}:{user.password}:{user.is_active}").hexdigest()[:20]


def make_token(user) -> str:
    return signing.dumps({"u": user.pk, "s": _state(user)}, salt=SALT, compress=True)


def accept_url(user) -> str:
    return absolute_url(reverse("accept_invitation", args=[make_token(user)]))


def user_for_token(token: str):
    """The inactive account the token invites, or None (bad, expired or used token)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=False).first()
    if user is None or data.get("s") != _state(user):
        return None
    return user


def accept_invitation(user, password: str):
    """Activate the invited account with the chosen password; its e-mail is now verified."""
    with transaction.atomic():
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        audit.record("enrolment.invitation_accepted", actor=user, target=user)
    return user
