"""The guardian's private link: the e-mail address signed with the site's secret, valid for 30 days.

Anyone holding the link sees that address's registrations, so it is sent
only to that address, expires, and a new one is sent on request (the form
answers the same whether the address is known or not).
"""

from django.core import signing

SALT = "activities.private-link"
MAX_AGE = 30 * 24 * 3600


def make_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=SALT, compress=True)


def read_token(token: str) -> str | None:
    """The address of a valid, unexpired token, or None."""
    try:
        return signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
