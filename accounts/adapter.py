"""allauth adapter: e-mails in the recipient's language, sent in the background."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from lms.mail import enqueue_email
from lms.site import organisation_name


class AccountAdapter(DefaultAccountAdapter):
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
