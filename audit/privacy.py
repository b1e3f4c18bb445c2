"""The audit trail keeps that an action happened, never who the erased person was."""

from lms.personal_data import PersonalData


def export_data(user):
    from .models import AuditEvent

    events = AuditEvent.objects.filter(actor=user).values("created_at", "action", "target_repr")
    return PersonalData(records={"actions": list(events)})


def erase_data(user, replacements):
    from .models import AuditEvent

    AuditEvent.objects.anonymise(user, previous=replacements["previous"], replacement=replacements["full_name"])
