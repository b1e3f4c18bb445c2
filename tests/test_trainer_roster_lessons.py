"""The roster shows which lessons each learner has done, not only a percentage, at a cost that
does not grow with the class."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonPage
from enrolment.models import LessonProgress

from .factories import CohortFactory, CourseFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def ticks(page: str, name: str) -> list[str]:
    """The marks of one learner's row in the lessons-done table: "done" or "not yet" per lesson."""
    table = re.search(r'<table class="lessons-done-table".*?</table>', page, re.S).group(0)
    row = re.search(rf"<tr>\s*<th scope=\"row\">{re.escape(name)}.*?</tr>", table, re.S).group(0)
    return re.findall(r'<span class="visually-hidden">(đã học|chưa học)</span>', row)


def test_the_roster_ticks_each_lesson_a_learner_has_done(client, trainer):
    cohort = CohortFactory(running=True, trainers=[trainer], course=CourseFactory(lessons=4))
    lessons = list(LessonPage.objects.descendant_of(cohort.course).order_by("path"))
    nhung = EnrolmentFactory(cohort=cohort, user=UserFactory(full_name="Nguyễn Thị Hồng Nhung")).user
    EnrolmentFactory(cohort=cohort, user=UserFactory(full_name="Trần Văn Bình"))
    for lesson in (lessons[0], lessons[2]):
        LessonProgress.objects.create(user=nhung, lesson=lesson, completed_at=timezone.now())
    client.force_login(trainer)
    page = client.get(reverse("trainer_roster", args=[cohort.pk])).content.decode()
    assert ticks(page, "Nguyễn Thị Hồng Nhung") == ["đã học", "chưa học", "đã học", "chưa học"]
    assert ticks(page, "Trần Văn Bình") == ["chưa học"] * 4
    for lesson in lessons:
        assert f'title="{lesson.title}"' in page


def test_the_lessons_done_cost_the_same_for_three_and_for_sixty_learners(client, trainer):
    cohort = CohortFactory(running=True, trainers=[trainer], capacity=100, course=CourseFactory(lessons=5))
    lessons = list(LessonPage.objects.descendant_of(cohort.course))

    def add(count):
        for n in range(count):
            user = EnrolmentFactory(cohort=cohort).user
            for lesson in lessons[: n % 5]:
                LessonProgress.objects.create(user=user, lesson=lesson, completed_at=timezone.now())

    client.force_login(trainer)
    url = reverse("trainer_roster", args=[cohort.pk])
    add(3)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(57)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert len(large) == len(small)
    assert page.count('class="lesson-done"') == sum(n % 5 for n in range(3)) + sum(n % 5 for n in range(57))
