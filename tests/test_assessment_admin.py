"""Admin screens: rubrics, assignments and the read-only submission list, for managers only."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from assessment.models import Assignment

from .assessment_helpers import hand_in
from .factories import CohortFactory

pytestmark = pytest.mark.django_db


def test_managers_see_the_assessment_screens(manager_client, enrolment, stem_class):
    hand_in(enrolment, stem_class.assignment)
    for name in [
        "wagtailsnippets_assessment_rubric:list",
        "assessment_assignment:index",
        "assessment_submission:index",
    ]:
        response = manager_client.get(reverse(name))
        assert response.status_code == 200, name
    page = manager_client.get(reverse("assessment_submission:index")).content.decode()
    assert enrolment.user.full_name in page
    assert reverse("assessment_submission:add") not in page


def test_the_submission_list_filters_by_status_and_exports(manager_client, enrolment, stem_class):
    hand_in(enrolment, stem_class.assignment)
    url = reverse("assessment_submission:index")
    assert enrolment.user.full_name in manager_client.get(url, {"status": "submitted"}).content.decode()
    assert enrolment.user.full_name not in manager_client.get(url, {"status": "passed"}).content.decode()
    export = manager_client.get(url, {"export": "csv"})
    assert export.status_code == 200
    assert enrolment.user.full_name in b"".join(export.streaming_content).decode()


def test_trainers_and_learners_have_no_admin_screens(client, trainer, learner):
    for user in (trainer, learner):
        client.force_login(user)
        response = client.get(reverse("assessment_assignment:index"))
        assert response.status_code in (302, 403)


def test_a_manager_creates_an_assignment_with_dates_for_a_class(manager_client, stem_class):
    data = nested_form_data(
        {
            "course": stem_class.course.pk,
            "title": "Bài tập cuối khóa",
            "instructions": rich_text("<p>Nộp giáo án hoàn chỉnh.</p>"),
            "opens_at": "",
            "due_at": "2026-12-20 17:00",
            "cut_off_at": "2026-12-27 17:00",
            "class_dates": inline_formset(
                [{"cohort": stem_class.cohort.pk, "opens_at": "", "due_at": "2026-12-22 17:00", "cut_off_at": ""}]
            ),
            "lesson_plan": "required",
            "files_required": "",
            "accepted_types": ["pdf", "docx"],
            "max_file_size_mb": 10,
            "max_files": 3,
            "max_attempts": 2,
            "rubric": stem_class.assignment.rubric.pk,
            "pass_mark": "60",
            "required_for_completion": "on",
        }
    )
    data["accepted_types"] = ["pdf", "docx"]
    response = manager_client.post(reverse("assessment_assignment:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assignment = Assignment.objects.get(title="Bài tập cuối khóa")
    assert assignment.accepted_types == ["pdf", "docx"]
    assert assignment.dates_for(stem_class.cohort.pk).due_at.day == 22


def test_dates_for_a_class_of_another_course_are_refused(manager_client, stem_class):
    stranger = CohortFactory(running=True)
    data = nested_form_data(
        {
            "course": stem_class.course.pk,
            "title": "Sai lớp",
            "instructions": rich_text("<p>Nộp giáo án hoàn chỉnh.</p>"),
            "due_at": "2026-12-20 17:00",
            "class_dates": inline_formset([{"cohort": stranger.pk, "due_at": "2026-12-22 17:00"}]),
            "lesson_plan": "optional",
            "max_file_size_mb": 10,
            "max_files": 3,
            "max_attempts": 2,
            "rubric": stem_class.assignment.rubric.pk,
            "pass_mark": "60",
        }
    )
    data["accepted_types"] = ["pdf"]
    response = manager_client.post(reverse("assessment_assignment:add"), data)
    assert response.status_code == 200
    assert f"Lớp {stranger.code} không học khóa học này." in response.content.decode()
    assert not Assignment.objects.filter(title="Sai lớp").exists()


def test_a_cut_off_before_the_due_time_is_refused(manager_client, stem_class):
    data = nested_form_data(
        {
            "course": stem_class.course.pk,
            "title": "Ngày sai",
            "instructions": rich_text("<p>Nộp giáo án hoàn chỉnh.</p>"),
            "due_at": "2026-12-20 17:00",
            "cut_off_at": "2026-12-19 17:00",
            "class_dates": inline_formset([]),
            "lesson_plan": "optional",
            "max_file_size_mb": 10,
            "max_files": 3,
            "max_attempts": 2,
            "rubric": stem_class.assignment.rubric.pk,
            "pass_mark": "60",
        }
    )
    data["accepted_types"] = ["pdf"]
    response = manager_client.post(reverse("assessment_assignment:add"), data)
    assert response.status_code == 200
    assert "Hạn chót không được trước hạn nộp." in response.content.decode()


def test_the_admin_never_shows_a_learners_draft(manager_client, enrolment, stem_class):
    from assessment import services
    from assessment.models import Submission

    from .assessment_helpers import PLAN

    services.save_draft_plan(enrolment.user, stem_class.assignment, enrolment, PLAN)
    draft = Submission.objects.get()
    page = manager_client.get(reverse("assessment_submission:index")).content.decode()
    assert enrolment.user.full_name not in page
    assert manager_client.get(reverse("assessment_submission:inspect", args=[draft.pk])).status_code == 404
    hand_in_draft = hand_in(enrolment, stem_class.assignment)
    assert hand_in_draft.pk == draft.pk
    assert manager_client.get(reverse("assessment_submission:inspect", args=[draft.pk])).status_code == 200
