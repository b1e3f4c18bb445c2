"""``seed_bench`` (``bench.seeds.seed_all``) builds the whole data set, deterministically, and a rerun adds nothing."""

import io
import json

import pytest

from bench.seeds import SCALES, seed_all

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from assessment.models import Grade, LessonPlan, Submission
    from camps.models import CampMaterialPage
    from certificates.models import Certificate
    from courses.models import CoursePage, LessonPage, ProgrammePage
    from enrolment.models import Attendance, Cohort, Enrolment, EnrolmentEvent, LessonProgress, Session
    from stem_lessons.models import StemLessonPage

    models = [
        get_user_model(),
        ProgrammePage,
        CoursePage,
        LessonPage,
        StemLessonPage,
        CampMaterialPage,
        Cohort,
        Session,
        Enrolment,
        EnrolmentEvent,
        LessonProgress,
        Attendance,
        Submission,
        LessonPlan,
        Grade,
        Certificate,
    ]
    return {model._meta.label: model.objects.count() for model in models}


def test_the_tiny_data_set_has_every_kind_of_row_and_a_rerun_adds_nothing(tmp_path):
    from wagtail.models import Page

    from enrolment.models import Enrolment

    manifest = tmp_path / "manifest.json"
    seed_all("tiny", stdout=io.StringIO(), manifest=manifest)
    first = row_counts()
    first_manifest = json.loads(manifest.read_text())
    seed_all("tiny", stdout=io.StringIO(), manifest=manifest)
    assert row_counts() == first
    assert json.loads(manifest.read_text()) == first_manifest  # same addresses: deterministic

    sizes = SCALES["tiny"]
    assert first["courses.LessonPage"] == sizes["courses"] * sizes["lessons_per_course"]
    assert first["enrolment.Enrolment"] == sizes["enrolments"]
    assert first["enrolment.LessonProgress"] == sizes["progress"]
    assert 0 < first["assessment.Submission"] <= sizes["submissions"]  # as many as seated learners allow
    assert 0 < first["certificates.Certificate"] <= sizes["certificates"]
    assert set(Enrolment.objects.values_list("status", flat=True)) == set(Enrolment.Status.values)
    assert not any(Page.find_problems())  # a sound page tree
    for key in ("url.course", "url.enrolled_lesson", "url.grading_page", "url.roster", "url.verify", "url.enrol"):
        assert first_manifest[key].startswith("/")
