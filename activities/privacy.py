"""Activity registrations in "Dữ liệu của tôi", and their erasure (see ``accounts.privacy``).

A person's registrations are those of the registrant linked to their account
or using their account's e-mail address: their own, and their children's.
Export: the registrations, the children's details and every consent record
(a guardian's right to see what they agreed to). Erasure: names and contact
details are anonymised, the counts stay (``activities.retention``).
"""

from django.db.models import Q

from accounts.privacy import PersonalData

from .models import EmailCode, Registrant, Registration
from .retention import erase_registrant


def _registrants(user):
    return (
        Registrant.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        if user.email
        else Registrant.objects.filter(user=user)
    )


def export_data(user) -> PersonalData:
    people, registrations, consents = [], [], []
    for registrant in _registrants(user).prefetch_related("participants__consents"):
        for participant in registrant.participants.all():
            people.append(
                {
                    "full_name": participant.full_name,
                    "child": participant.is_child,
                    "date_of_birth": participant.date_of_birth,
                    "school": participant.school,
                    "grade": participant.grade,
                    "gender": participant.get_gender_display() if participant.gender else "",
                    "health_notes": participant.health_notes,
                    "relationship": participant.relationship,
                }
            )
            for consent in participant.consents.all():
                consents.append(
                    {
                        "for": participant.full_name,
                        "given_at": consent.given_at,
                        "purposes": consent.purposes,
                        "child_agrees_to_publishing": consent.child_agrees_to_publishing,
                        "withdrawal": consent.is_withdrawal,
                        "channel": consent.get_channel_display(),
                        "verification": consent.get_verification_display(),
                        "text_version": consent.text_version,
                        "text_sha256": consent.text_sha256,
                    }
                )
    rows = Registration.objects.filter(participant__registrant__in=_registrants(user)).select_related(
        "session__activity", "participant"
    )
    for row in rows.order_by("session__starts_at", "pk"):
        registrations.append(
            {
                "code": row.code,
                "participant": row.participant.full_name,
                "activity": row.session.activity.title,
                "starts_at": row.session.starts_at,
                "venue": row.session.venue_name,
                "status": row.get_status_display(),
                "checked_in_at": row.checked_in_at,
            }
        )
    return PersonalData(records={"participants": people, "registrations": registrations, "consents": consents})


def erase_data(user, replacements) -> None:
    for registrant in _registrants(user):
        erase_registrant(registrant, reason="account erased")
    if user.email:
        EmailCode.objects.filter(email__iexact=user.email).delete()
