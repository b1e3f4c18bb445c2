"""E-mails to the person who entered a team (``Entry.contact``), queued after commit (``enqueue_email``).

Team members have no accounts; the contact (a teacher, usually) holds their award certificates
for them. When a correction of the results removes the team's prize, or changes it, the members'
certificates are revoked or replaced by corrected ones, and the contact is told which, with the
reason and the addresses where anyone can verify them.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from lms.mail import enqueue_email
from lms.site import absolute_url, organisation_name


def awards_withdrawn(result, rows: list[tuple], *, reason: str, replaced: bool) -> None:
    """``rows``: (award, old certificate, new certificate or None) of ``result``'s team."""
    if not rows:
        return
    entry = result.entry
    contact = entry.contact
    if not contact.email:
        return
    with translation.override(getattr(contact, "language", "") or settings.LANGUAGE_CODE):
        context = {
            "contact": contact,
            "team": str(entry),
            "competition": result.round.competition.title,
            "prize": result.prize,
            "reason": reason,
            "rows": [
                {
                    "name": award.snapshot.get("name") or (award.member.full_name if award.member else ""),
                    "old_number": old.number,
                    "new_number": new.number if new else "",
                    "verification_url": absolute_url(award.get_verification_path()),
                }
                for award, old, new in rows
            ],
            "organisation": organisation_name(),
        }
        kind = "awards_reissued" if replaced else "awards_revoked"
        subject = " ".join(render_to_string(f"competitions/emails/{kind}_subject.txt", context).split())
        body = render_to_string(f"competitions/emails/{kind}_message.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email])
    enqueue_email(message)  # delivered once the correction commits
