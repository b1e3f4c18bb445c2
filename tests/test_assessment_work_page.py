"""The work page is one form: saving, uploading, removing a file and handing in never lose what was typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.models import LessonPlan, Submission, SubmissionFile

from .assessment_helpers import PLAN
from .sample_files import pdf_bytes

pytestmark = pytest.mark.django_db


def typed(plan=PLAN) -> dict:
    """The form fields of a whole plan, as the browser sends them."""
    data = {f"plan-{name}": plan[name] for name in ("topic", "grade_level", "duration", "problem", "product_criteria")}
    data["plan-subjects"] = plan["subjects"]
    data.update({"plan-materials": plan["materials"], "plan-safety": plan["safety"]})
    for number, activity in enumerate(plan["activities"], start=1):
        data.update({f"hd{number}-{name}": value for name, value in activity.items()})
    return data


@pytest.fixture(autouse=True)
def subjects(db):
    from .factories import SubjectFactory

    return [SubjectFactory(name=name) for name in PLAN["subjects"]]


def required_plan(stem_class):
    stem_class.assignment.lesson_plan = "required"
    stem_class.assignment.save()
    return stem_class.assignment


def post(client, assignment, data, **extra):
    return client.post(reverse("assessment:work", args=[assignment.pk]), data, **extra)


def test_handing_in_without_saving_saves_the_plan_and_hands_it_in(client, enrolment, stem_class):
    assignment = required_plan(stem_class)
    client.force_login(enrolment.user)
    response = post(client, assignment, {**typed(), "confirm": "on", "action": "hand_in"})
    submission = Submission.objects.get(assignment=assignment)
    assert response.status_code == 302 and response.url == reverse("assessment:submission", args=[submission.pk])
    assert submission.status == Submission.Status.SUBMITTED
    assert submission.lesson_plan.topic == PLAN["topic"]
    assert submission.lesson_plan.activity_list()[4]["content"] == "Nội dung 5"


def test_a_refused_hand_in_keeps_the_saved_plan_and_says_why(client, enrolment, stem_class):
    assignment = required_plan(stem_class)
    client.force_login(enrolment.user)
    response = post(client, assignment, {**typed(), "action": "hand_in"}, follow=True)  # declaration not ticked
    assert Submission.objects.get(assignment=assignment).status == Submission.Status.DRAFT
    assert LessonPlan.objects.get(submission__assignment=assignment).topic == PLAN["topic"]
    page = response.content.decode()
    assert "Hãy xác nhận đây là bài làm của bạn trước khi nộp." in page
    assert PLAN["topic"] in page


def test_an_upload_saves_what_was_typed_in_the_same_request(client, enrolment, stem_class):
    assignment = stem_class.assignment
    client.force_login(enrolment.user)
    upload = SimpleUploadedFile("Sơ đồ.pdf", pdf_bytes(), content_type="application/pdf")
    post(client, assignment, {**typed(), "files": [upload], "action": "upload"})
    draft = Submission.objects.get(assignment=assignment, status=Submission.Status.DRAFT)
    assert draft.lesson_plan.topic == PLAN["topic"]
    assert [f.original_name for f in draft.files.all()] == ["Sơ đồ.pdf"]


def test_a_refused_file_does_not_undo_the_plan(client, enrolment, stem_class):
    assignment = stem_class.assignment
    client.force_login(enrolment.user)
    fake = SimpleUploadedFile("giao-an.pdf", b"not a pdf at all", content_type="application/pdf")
    response = post(client, assignment, {**typed(), "files": [fake], "action": "upload"}, follow=True)
    assert LessonPlan.objects.get(submission__assignment=assignment).topic == PLAN["topic"]
    assert not SubmissionFile.objects.exists()
    assert "Đã lưu bản nháp." in response.content.decode()


def test_removing_a_file_saves_what_was_typed_first(client, enrolment, stem_class):
    assignment = stem_class.assignment
    client.force_login(enrolment.user)
    upload = SimpleUploadedFile("Sơ đồ.pdf", pdf_bytes(), content_type="application/pdf")
    post(client, assignment, {**typed(), "files": [upload], "action": "upload"})
    file = SubmissionFile.objects.get()
    post(client, assignment, {**typed({**PLAN, "topic": "Đèn ngủ thông minh"}), "remove_file": str(file.pk)})
    assert not SubmissionFile.objects.exists()
    assert LessonPlan.objects.get(submission__assignment=assignment).topic == "Đèn ngủ thông minh"


def test_a_file_of_another_learner_cannot_be_removed_through_the_form(client, enrolment, stem_class):
    from .assessment_helpers import hand_in
    from .factories import EnrolmentFactory

    assignment = stem_class.assignment
    client.force_login(enrolment.user)
    upload = SimpleUploadedFile("Sơ đồ.pdf", pdf_bytes(), content_type="application/pdf")
    post(client, assignment, {**typed(), "files": [upload], "action": "upload"})
    theirs = SubmissionFile.objects.get()
    hand_in(enrolment, assignment)  # now in a handed-in version: immutable
    client.force_login(EnrolmentFactory(cohort=stem_class.cohort).user)
    post(client, assignment, {"remove_file": str(theirs.pk)})
    assert SubmissionFile.objects.filter(pk=theirs.pk).exists()


def test_autosave_answers_in_json_with_the_time_it_saved(client, enrolment, stem_class):
    assignment = stem_class.assignment
    client.force_login(enrolment.user)
    response = post(client, assignment, {**typed(), "action": "autosave"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] and body["plan_saved"] and body["saved_label"].startswith("Đã lưu lúc ")
    assert LessonPlan.objects.get(submission__assignment=assignment).topic == PLAN["topic"]


def test_an_autosave_never_hands_in_nor_uploads(client, enrolment, stem_class):
    assignment = stem_class.assignment
    client.force_login(enrolment.user)
    upload = SimpleUploadedFile("Sơ đồ.pdf", pdf_bytes(), content_type="application/pdf")
    post(client, assignment, {**typed(), "confirm": "on", "files": [upload], "action": "autosave"})
    assert Submission.objects.get(assignment=assignment).status == Submission.Status.DRAFT
    assert not SubmissionFile.objects.exists()


def test_a_plan_that_cannot_be_saved_is_shown_again_with_what_was_typed(client, enrolment, stem_class):
    assignment = stem_class.assignment
    client.force_login(enrolment.user)
    response = post(client, assignment, {**typed(), "plan-topic": "Chủ đề " * 60, "action": "hand_in"})
    assert response.status_code == 400
    assert not Submission.objects.exists()
    page = response.content.decode()
    assert "Một số ô cần bạn xem lại" in page
    assert PLAN["problem"] in page


def test_an_expired_session_gets_the_login_page_not_a_lost_answer(client, enrolment, stem_class):
    response = post(client, stem_class.assignment, {**typed(), "action": "autosave"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 302 and "/tai-khoan/login/" in response.url
    assert not LessonPlan.objects.exists()


def test_enter_in_a_field_saves_the_draft(client, enrolment, stem_class):
    """The form's first submit button (the one Enter presses) saves: it never removes a file or hands in."""
    import re

    client.force_login(enrolment.user)
    html = client.get(reverse("assessment:work", args=[stem_class.assignment.pk])).content.decode()
    form = html[html.index('id="work-form"') :]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'name="action"' in first_button and 'value="save"' in first_button


def test_a_save_that_arrives_after_the_hand_in_never_starts_the_next_version(client, enrolment, stem_class, trainer):
    """An autosave from the page of version 1, arriving once it was handed in and returned, changes nothing."""
    from assessment.models import Grade

    from .assessment_helpers import release

    assignment = stem_class.assignment
    client.force_login(enrolment.user)
    post(client, assignment, {**typed(), "confirm": "on", "action": "hand_in", "attempt": "1"})
    version_1 = Submission.objects.get(assignment=assignment)
    release(trainer, version_1, outcome=Grade.Outcome.NEEDS_REVISION)  # returned: a version 2 may now be started

    late = post(
        client,
        assignment,
        {**typed({**PLAN, "topic": "Bản cũ"}), "action": "autosave", "attempt": "1"},
        HTTP_ACCEPT="application/json",
    )
    assert late.status_code == 409 and late.json()["stale"] is True
    assert Submission.objects.filter(assignment=assignment).count() == 1

    fresh = post(client, assignment, {**typed(), "action": "autosave", "attempt": "2"}, HTTP_ACCEPT="application/json")
    assert fresh.status_code == 200
    assert Submission.objects.get(assignment=assignment, attempt=2).status == Submission.Status.DRAFT
