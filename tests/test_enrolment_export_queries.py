"""The enrolment register export (admin listing, CSV and XLSX): progress counted in bulk,
so its queries do not grow with the rows, and equal to the per-enrolment progress."""

import csv
import io
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import CoursePage, LessonPage
from enrolment.models import Attendance, Enrolment, LessonProgress
from enrolment.progress import bulk_progress, course_progress, percent

from .factories import (
    CohortFactory,
    CourseFactory,
    EnrolmentFactory,
    LessonFactory,
    ModuleFactory,
    ProgrammeIndexFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

URL = "wagtailsnippets_enrolment_enrolment:list"
EMAIL, DONE, PERCENT, PARTICIPATIONS = 3, 10, 11, 12  # columns of the export (with the class first)
_lesson_numbers = itertools.count(100)


def add_module_lesson(course, required=True, live=True):
    """A lesson one level deeper, in a module of ``course``."""
    module = ModuleFactory(parent=course, title="Chương", slug=f"chuong-{next(_lesson_numbers)}")
    lesson = LessonFactory(
        parent=module,
        title="Bài trong chương",
        slug="bai-chuong",
        summary="",
        body=[],
        required_for_completion=required,
    )
    if not live:
        lesson.unpublish()
    return lesson


def done(user, *lessons):
    for lesson in lessons:
        LessonProgress.objects.get_or_create(user=user, lesson=lesson, defaults={"completed_at": timezone.now()})


def lessons_of(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def build_register(courses: int, learners_per_class: int):
    """``courses`` courses (three lessons, two required, plus a required lesson in a module),
    a class each, learners with varied progress; one learner in every class."""
    everywhere = UserFactory(full_name="Người Học Mọi Lớp")
    for c in range(courses):
        course = CourseFactory(title=f"Khóa {c}", lessons=3, lessons__required=2)
        module_lesson = add_module_lesson(course)
        cohort = CohortFactory(course=course)
        session = SessionFactory(cohort=cohort)
        lessons = lessons_of(course)
        EnrolmentFactory(cohort=cohort, user=everywhere)
        done(everywhere, *lessons[: c % 4])
        for n in range(learners_per_class):
            enrolment = EnrolmentFactory(cohort=cohort, status=[Enrolment.Status.ACTIVE, "completed"][n % 2])
            done(enrolment.user, *[lesson for i, lesson in enumerate(lessons) if (i + n) % 3 == 0])
            if n % 2 == 0:
                done(enrolment.user, module_lesson)
                Attendance.objects.create(enrolment=enrolment, session=session, status=Attendance.Status.PRESENT)


def export_rows(client, fmt, **filters):
    response = client.get(reverse(URL), {**filters, "export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [["" if v is None else str(v) for v in row] for row in list(sheet.iter_rows(values_only=True))[1:]]


def export_queries(client, fmt) -> int:
    export_rows(client, fmt)  # warm per-process caches
    with CaptureQueriesContext(connection) as captured:
        rows = export_rows(client, fmt)
    assert rows
    # The query reading the rows counts no lessons: no correlated count over the page tree per row.
    reading = [q["sql"] for q in captured if '"accounts_user"."email"' in q["sql"]]
    reading = [sql for sql in reading if 'FROM "enrolment_enrolment"' in sql]
    assert len(reading) == 1 and "wagtailcore_page" not in reading[0] and "lessonprogress" not in reading[0]
    return len(captured)


def test_the_export_costs_the_same_queries_with_few_and_with_many_enrolments(manager_client):
    build_register(courses=2, learners_per_class=1)
    few = {fmt: export_queries(manager_client, fmt) for fmt in ("csv", "xlsx")}
    build_register(courses=4, learners_per_class=8)
    assert Enrolment.objects.count() == 4 + 4 * 9
    many = {fmt: export_queries(manager_client, fmt) for fmt in ("csv", "xlsx")}
    assert few == many
    assert many["csv"] <= 12


def expected(enrolment) -> tuple[str, str]:
    course = CoursePage.objects.get(pk=enrolment.cohort.course_id)
    lessons_done, required = course_progress(enrolment.user, course)
    return str(lessons_done), str(percent(lessons_done, required))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_exported_progress_is_the_progress_of_each_enrolment(manager_client, fmt):
    build_register(courses=3, learners_per_class=4)
    # Progress that must not count: a lesson not required, an unpublished one, another course's.
    extra = Enrolment.objects.filter(user__full_name="Người Học Mọi Lớp").first()
    course = CoursePage.objects.get(pk=extra.cohort.course_id)
    done(extra.user, add_module_lesson(course, required=False), add_module_lesson(course, live=False))
    # A course one level higher in the tree than the others: its paths are shorter.
    shallow = CourseFactory(parent=ProgrammeIndexFactory(), title="Khóa nông", slug="khoa-nong", lessons=4)
    shallow_lessons = lessons_of(shallow)
    shallow_enrolment = EnrolmentFactory(cohort=CohortFactory(course=shallow), user=extra.user)
    done(extra.user, *shallow_lessons[:3])

    rows = export_rows(manager_client, fmt)
    assert len(rows) == Enrolment.objects.count() == 3 * 5 + 1
    for row in rows:
        enrolment = Enrolment.objects.select_related("user", "cohort").get(user__email=row[EMAIL], cohort__code=row[0])
        assert (row[DONE], row[PERCENT]) == expected(enrolment), row
    assert expected(shallow_enrolment) == ("3", "75")
    assert {row[DONE] for row in rows} >= {"0", "1", "2", "3"}
    assert {row[PARTICIPATIONS] for row in rows} == {"0", "1"}


def test_a_filtered_export_counts_only_its_rows_and_still_right(manager_client):
    build_register(courses=2, learners_per_class=3)
    cohort = Enrolment.objects.order_by("pk").last().cohort
    rows = export_rows(manager_client, "csv", cohort=cohort.pk)
    assert {row[0] for row in rows} == {cohort.code} and len(rows) == 4
    searched = export_rows(manager_client, "csv", q="Mọi Lớp")
    assert len(searched) == 2 and {row[2] for row in searched} == {"Người Học Mọi Lớp"}
    rows += searched
    for row in rows:
        enrolment = Enrolment.objects.select_related("user", "cohort").get(user__email=row[EMAIL], cohort__code=row[0])
        assert (row[DONE], row[PERCENT]) == expected(enrolment)


def test_bulk_progress_agrees_with_course_progress_for_every_enrolment():
    build_register(courses=3, learners_per_class=3)
    table = bulk_progress(Enrolment.objects.all())
    for enrolment in Enrolment.objects.select_related("user", "cohort__course"):
        assert table.of(enrolment.user_id, enrolment.cohort.course_id) == course_progress(
            enrolment.user, enrolment.cohort.course
        )


def listing_percents(client) -> dict[tuple[str, str], str]:
    """(e-mail, class code) -> the listing's progress cell, for each row of the first page."""
    content = client.get(reverse(URL)).content.decode()
    found = re.findall(
        r"<td\s*>\s*(\S+@\S+)\s*</td>\s*<td\s*>\s*(\S+)\s*</td>\s*<td\s*>\s*<span class=\"w-status\">.*?</td>\s*"
        r"<td\s*>\s*(\d+)\s*</td>",
        content,
        re.S,
    )
    return {(email, code): value for email, code, value in found}


def test_the_listing_shows_each_rows_progress_with_the_same_queries_at_two_sizes(manager_client):
    build_register(courses=2, learners_per_class=1)
    listing_percents(manager_client)  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        shown = listing_percents(manager_client)
    assert len(shown) == 4
    build_register(courses=4, learners_per_class=4)
    with CaptureQueriesContext(connection) as many:
        shown = listing_percents(manager_client)
    assert len(shown) == min(Enrolment.objects.count(), 20) == 20
    assert len(few) == len(many)
    for (email, code), value in shown.items():
        enrolment = Enrolment.objects.select_related("user", "cohort").get(user__email=email, cohort__code=code)
        assert value == expected(enrolment)[1]
    assert len(set(shown.values())) > 1
