"""Events other apps listen to (the certificates app re-checks completion on them).

Sent by ``enrolment.services`` after the change is committed.
"""

from django.dispatch import Signal

# kwargs: user, lesson (a LessonPage), progress (LessonProgress)
lesson_completed = Signal()

# kwargs: session (Session), enrolments (list of Enrolment whose attendance changed)
attendance_saved = Signal()

# kwargs: enrolment, from_status, to_status, actor
enrolment_status_changed = Signal()
