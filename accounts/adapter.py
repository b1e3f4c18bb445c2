"""allauth adapter: e-mails in the recipient's language, sent in the background."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.http import urlencode

from lms.mail import enqueue_email
from lms.site import organisation_name


class AccountAdapter(DefaultAccountAdapter):
    def get_email_verification_redirect_url(self, email_address) -> str:
        """After a confirmation, where a new account starts (``ACCOUNT_SIGNUP_REDIRECT_URL``).

        allauth signs in on confirmation only the browser that signed up (a link alone must
        not open an account); a confirmation opened elsewhere asks for the password first,
        then goes to the same place."""
        target = resolve_url(settings.ACCOUNT_SIGNUP_REDIRECT_URL)
        if self.request.user.is_authenticated:
            return target
        return f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': target})}"

    def send_mail(self, template_prefix, email, context):
        # Write the message in the recipient's language when we know them,
        # otherwise in the language of the page that triggered it.
        user = context.get("user")
        language = getattr(user, "language", None) or translation.get_language() or "vi"
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "organisation": organisation_name(request),
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        enqueue_email(message)
