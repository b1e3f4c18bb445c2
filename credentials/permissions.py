"""Who may do what with credentials. Views ask these, nothing else.

- Only the holder (the learner the certificate was issued to) downloads a
  credential: it is theirs to hand to a wallet or an employer. Managers
  have the certificate register and its PDFs; they have no use for a
  credential signed for someone else's wallet.
- The issuer profile, its keys, the status lists and the JSON verification
  answer are public: verifiers need them without an account.
"""

from django.db.models import QuerySet

from accounts.roles import is_signed_in

from .models import Credential


def can_download(user, credential: Credential) -> bool:
    """The holder of a valid certificate's credential."""
    if not is_signed_in(user):
        return False
    certificate = credential.certificate
    return certificate.learner_id == user.pk and certificate.status == "valid" and bool(credential.jwt)


def credentials_visible_to(user) -> QuerySet[Credential]:
    """A learner's own credentials; none for anyone else."""
    if not is_signed_in(user):
        return Credential.objects.none()
    return Credential.objects.filter(certificate__learner=user)
