"""Strings of django-allauth that our users read, so they reach our catalogue.

allauth ships no Vietnamese translation. The templates we override carry
their own text; these are the remaining messages allauth builds in Python or
in templates we keep. Listing them here lets ``makemessages`` extract them
into the ``accounts`` catalogue, which takes precedence over allauth's own
because ``accounts`` comes first in ``INSTALLED_APPS``.
"""

from django.utils.translation import gettext_noop as _
from django.utils.translation import pgettext_noop

ALLAUTH_STRINGS = [
    # Form labels and errors
    _("Email"),
    _("Password"),
    _("Current Password"),
    _("New Password"),
    _("New Password (again)"),
    _("Password (again)"),
    _("Remember Me"),
    _("Forgot your password?"),
    pgettext_noop("field label", "Login"),
    _("This account is currently inactive."),
    _("The email address and/or password you specified are not correct."),
    _("A user is already registered with this email address."),
    _("Please type your current password."),
    _("Incorrect password."),
    _("The password reset token was invalid."),
    _("Too many failed login attempts. Try again later."),
    _("The email address is not assigned to any user account."),
    _("Your primary email address must be verified."),
    _("You must type the same password each time."),
    _("You must type the same email each time."),
    _("Be patient, you are sending too many requests."),
    _("The new value must be different from the current one."),
    _("You cannot remove your primary email address."),
    _("This email address is already associated with this account."),
    _("Invalid or expired key."),
    # Messages shown after an action (account/messages/*.txt)
    _("You cannot remove your primary email address (%(email)s)."),
    _("Unable to confirm %(email)s because it is already confirmed by a different account."),
    _("Confirmation email sent to %(email)s."),
    _("You have confirmed %(email)s."),
    _("Removed email address %(email)s."),
    _("Successfully signed in as %(name)s."),
    _("You have signed out."),
    _("Password successfully changed."),
    _("Password successfully set."),
    _("Primary email address set."),
    # Notification e-mails kept from allauth
    _("Password Changed"),
    _("Your password has been changed."),
    _("Password Set"),
    _("A password has been set for your account."),
    _("Email Changed"),
    _("Your email has been changed from %(from_email)s to %(to_email)s."),
    _("Email Confirmed"),
    _("Your email has been confirmed."),
    _("Email Removed"),
    _("The email address %(deleted_email)s has been removed from your account."),
    # Pages kept from allauth (e-mail management, re-authentication)
    _("Email Addresses"),
    _("The following email addresses are associated with your account:"),
    _("Verified"),
    _("Unverified"),
    _("Primary"),
    _("Make Primary"),
    _("Re-send Verification"),
    _("Remove"),
    _("Add Email Address"),
    _("Add Email"),
    _("Do you really want to remove the selected email address?"),
    _("Change Email"),
    _("Current email"),
    _("Change to"),
    _("Your email address is still pending verification."),
    _("Cancel Change"),
    _("Confirm Access"),
    _("Please reauthenticate to safeguard your account."),
    _("Confirm"),
    _("Cancel"),
]
