"""Who may do what with certificates. Views, admin screens and services ask these, nothing else.

- Managers (and administrators) issue, revoke, reissue, confirm completion,
  edit templates and rules, and see every certificate.
- A learner sees and downloads their own certificates.
- Anyone may verify a certificate from its code (the public page shows only
  what the issue lists; see ``views.verify``).
"""

from django.db.models import QuerySet

from accounts import roles
from accounts.roles import is_signed_in

from .models import Certificate


def can_issue(user) -> bool:
    """Issue certificates, confirm completion, bulk-issue a class."""
    return roles.is_manager(user)


def can_revoke(user, certificate: Certificate | None = None) -> bool:
    """Revoke or reissue a certificate."""
    return roles.is_manager(user)


def can_manage_templates(user) -> bool:
    return roles.is_manager(user)


def can_download(user, certificate: Certificate) -> bool:
    """The learner it was issued to, and managers."""
    if not is_signed_in(user):
        return False
    return certificate.learner_id == user.pk or roles.is_manager(user)


def certificates_visible_to(user) -> QuerySet[Certificate]:
    """Every certificate for managers; a learner's own; none for anyone else."""
    if not is_signed_in(user):
        return Certificate.objects.none()
    if roles.is_manager(user):
        return Certificate.objects.all()
    return Certificate.objects.filter(learner=user)


def can_view_job(user, job) -> bool:
    return roles.is_manager(user)
