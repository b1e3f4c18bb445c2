"""Events other apps listen to (the certificates app re-checks completion on them).

Sent by ``assessment.services`` after the change is committed.
"""

from django.dispatch import Signal

# kwargs: submission (Submission), grade (Grade), enrolment (Enrolment).
# Sent once per released grade, after the transaction commits.
grade_released = Signal()

# kwargs: submission (Submission), enrolment (Enrolment).
# Sent when a learner hands in a version, after the transaction commits.
submission_submitted = Signal()
