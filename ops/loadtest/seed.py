"""The load test's people and work, made on the cluster's primary (run by run.py through remote.py).

``LABEL`` and ``TEACHERS`` are set by run.py before this code runs. One class with
a trainer, an assignment with the lesson-plan form, two lessons, ``TEACHERS`` enrolled
teachers (each a fresh session), six earlier hand-ins waiting in the trainer's queue,
and a manager.
"""

from django.conf import settings
from django.test import Client

from accounts import roles
from assessment import services
from courses.models import LessonPage
from tests.factories import AssignmentFactory, CohortFactory, EnrolmentFactory, UserFactory


def _session(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


trainer = UserFactory(role=roles.TRAINER, email=f"gv-cham-{LABEL}@load.test", full_name="Phạm Minh Đức")  # noqa: F821
cohort = CohortFactory(running=True, trainers=[trainer], capacity=TEACHERS + 10)  # noqa: F821
assignment = AssignmentFactory(course=cohort.course)
manager = UserFactory(role=roles.MANAGER, email=f"ql-{LABEL}@load.test", full_name="Lê Thị Thu Hà")  # noqa: F821
teachers = []
for index in range(TEACHERS + 6):  # noqa: F821
    user = UserFactory(email=f"gv{index}-{LABEL}@load.test", full_name=f"Giáo viên {index}")  # noqa: F821
    enrolment = EnrolmentFactory(user=user, cohort=cohort)
    teachers.append(user)
plan = {
    "topic": "Tên lửa nước",
    "grade_level": "Lớp 7",
    "problem": "Làm sao để tên lửa bay xa nhất?",
    "product_criteria": "Bay xa trên 20 m",
    "subjects": [],
    "activities": [{} for _ in range(5)],
}
for user in teachers[TEACHERS:]:  # noqa: F821
    enrolment = user.enrolments.get(cohort=cohort)
    services.save_work(user, assignment, enrolment, plan=plan, uploads=[], hand_in=True, confirmed=True)
lessons = [page.get_url_parts()[2] for page in LessonPage.objects.descendant_of(cohort.course).live()]
result = {
    "assignment": assignment.pk,
    "cohort": cohort.pk,
    "lessons": lessons,
    "teachers": [{"id": u.pk, "session": _session(u)} for u in teachers[:TEACHERS]],  # noqa: F821
    "trainer": _session(trainer),
    "manager": _session(manager),
}
