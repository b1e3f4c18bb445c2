"""A learner's classes in "Dữ liệu của tôi", and their erasure (see ``accounts.privacy``).

Export: the person's enrolments with their own history, attendance and
lesson progress. Not exported: who else is in the class, who changed a
status (a manager's or trainer's name), enrolment lists a manager uploaded.

Erasure: enrolments, attendance and progress stay (reports count them),
attached to the anonymised account; the person's name and e-mail are
replaced wherever a note or an uploaded enrolment list quotes them.
"""

from django.db.models import Q

from accounts.privacy import PersonalData, scrub

from .models import Attendance, Enrolment, EnrolmentEvent, EnrolmentImport, LessonProgress, SentReminder


def export_data(user) -> PersonalData:
    enrolments = []
    for enrolment in Enrolment.objects.filter(user=user).select_related("cohort__course").order_by("pk"):
        cohort = enrolment.cohort
        enrolments.append(
            {
                "class": cohort.code,
                "class_title": cohort.title,
                "course": cohort.course.title,
                "starts_on": cohort.starts_on,
                "ends_on": cohort.ends_on,
                "status": enrolment.get_status_display(),
                "enrolled_at": enrolment.created_at,
                "completed_at": enrolment.completed_at,
                "history": [
                    {"from": event.from_status, "to": event.to_status, "at": event.at}
                    for event in enrolment.events.all()
                ],
            }
        )
    attendance = [
        {
            "class": row.session.cohort.code,
            "date": row.session.date,
            "topic": row.session.topic,
            "status": row.get_status_display(),
        }
        for row in Attendance.objects.filter(enrolment__user=user).select_related("session__cohort")
    ]
    progress = [
        {"lesson": row.lesson.title, "completed_at": row.completed_at}
        for row in LessonProgress.objects.filter(user=user).select_related("lesson")
    ]
    reminders = list(SentReminder.objects.filter(user=user).order_by("sent_at").values("kind", "key", "sent_at"))
    records = {
        "enrolments": enrolments,
        "attendance": attendance,
        "lesson_progress": progress,
        "reminders_sent": reminders,
    }
    return PersonalData(records=records)


def erase_data(user, replacements) -> None:
    previous = [value for value in replacements.get("previous", []) if value]
    if not previous:
        return
    replacement = replacements["full_name"]
    mentions = Q()
    for value in previous:
        mentions |= Q(note__icontains=value)
    for event in EnrolmentEvent.objects.filter(mentions):
        EnrolmentEvent.objects.filter(pk=event.pk).update(note=scrub(event.note, previous, replacement))
    mentions = Q()
    for value in previous:
        mentions |= Q(rows__icontains=value) | Q(summary__icontains=value) | Q(file_name__icontains=value)
    for upload in EnrolmentImport.objects.filter(mentions):
        upload.rows = scrub(upload.rows, previous, replacement)
        upload.summary = scrub(upload.summary, previous, replacement)
        upload.file_name = scrub(upload.file_name, previous, replacement)
        upload.save(update_fields=["rows", "summary", "file_name"])
