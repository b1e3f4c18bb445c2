"""Which e-mails a person has asked for: one definition, asked by every app that sends one.

Optional messages are named here with the user field that switches them off
(shown in the profile). Anything else (the account, enrolment decisions, a
revoked certificate) is legal or transactional and always sent.
"""

from django.utils.translation import gettext_lazy as _

# kind -> the user's field that turns it off.
OPTIONAL = {
    "certificate_issued": "email_certificate_issued",
    "session_reminder": "email_session_reminder",
    "due_reminder": "email_due_reminder",
    "feedback_released": "email_feedback_released",
}
PREFERENCE_FIELDS = tuple(OPTIONAL.values())
ALWAYS_SENT = _("E-mails about your account, decisions on your enrolments and a revoked certificate are always sent.")


def wants_email(user, kind: str) -> bool:
    """Whether ``user`` should get the ``kind`` e-mail: an active account with an address and,
    for an optional kind, its preference on."""
    if not (user and getattr(user, "is_active", False) and getattr(user, "email", "")):
        return False
    field = OPTIONAL.get(kind)
    return True if field is None else bool(getattr(user, field, True))
