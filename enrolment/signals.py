"""Events other apps listen to (the certificates app re-checks completion on them).

Sent after the change is committed: by ``enrolment.services`` (and, for
``work_assessed``, by the apps whose work counts toward completion).
"""

from django.dispatch import Signal

# kwargs: user, lesson (a LessonPage), progress (LessonProgress)
lesson_completed = Signal()

# kwargs: session (Session), enrolments (list of Enrolment whose attendance changed)
attendance_saved = Signal()

# kwargs: enrolment, from_status, to_status, actor
enrolment_status_changed = Signal()

# kwargs: enrolment. Sent by the apps that register a completion requirement
# (enrolment.completion) when what it sees changed, e.g. a grade released.
work_assessed = Signal()
