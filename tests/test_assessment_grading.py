"""Grading: draft grades, release, optimistic locking, history, and every refusal with a message."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from assessment import services
from assessment.errors import AssessmentError, GradeConflict
from assessment.models import Grade, GradeRevision, Rubric, RubricCriterion, RubricLevel, Submission
from assessment.services.grading import compute_score, rubric_with_levels
from assessment.signals import grade_released

from .assessment_helpers import PLAN, hand_in, levels_at, release
from .factories import RubricFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(enrolment, stem_class):
    return hand_in(enrolment, stem_class.assignment)


@pytest.fixture
def second_trainer(stem_class):
    other = UserFactory(role="Giảng viên", full_name="Võ Thị Lan")
    stem_class.cohort.trainers.add(other)
    return other


def test_the_score_is_weighted_by_criterion():
    rubric = Rubric.objects.create(title="Trọng số")
    heavy = RubricCriterion.objects.create(rubric=rubric, title="Nặng", weight=3, sort_order=0)
    light = RubricCriterion.objects.create(rubric=rubric, title="Nhẹ", weight=1, sort_order=1)
    heavy_levels = [
        RubricLevel.objects.create(criterion=heavy, label=str(p), points=p, sort_order=p) for p in (0, 2, 4)
    ]
    light_levels = [RubricLevel.objects.create(criterion=light, label=str(p), points=p, sort_order=p) for p in (0, 1)]
    rubric = rubric_with_levels(rubric.pk)
    # heavy: 2/4 of weight 3 = 1.5; light: 1/1 of weight 1 = 1; (1.5 + 1) / 4 = 62.5 %
    assert compute_score(rubric, {heavy.pk: heavy_levels[1].pk, light.pk: light_levels[1].pk}) == Decimal("62.50")
    assert compute_score(rubric, {heavy.pk: heavy_levels[2].pk, light.pk: None}) is None


def test_a_draft_grade_puts_the_submission_in_grading_and_keeps_history(submission, trainer):
    rubric = submission.assignment.rubric
    grade = services.save_grade(trainer, submission, levels={}, feedback="Đang đọc", expected_version=0)
    assert (grade.version, grade.score, grade.released) == (1, None, False)
    submission.refresh_from_db()
    assert submission.status == "in_grading"
    grade = services.save_grade(trainer, submission, levels=levels_at(rubric, 2), expected_version=1)
    assert grade.version == 2
    assert grade.score == Decimal("66.67")
    history = list(GradeRevision.objects.filter(grade=grade).values_list("version", "action"))
    assert history == [(1, "saved"), (2, "saved")]
    assert GradeRevision.objects.get(grade=grade, version=2).data["score"] == "66.67"


def test_the_first_grade_locks_the_rubric(submission, trainer):
    rubric = submission.assignment.rubric
    assert rubric.locked_at is None
    services.save_grade(trainer, submission, levels={}, expected_version=0)
    rubric.refresh_from_db()
    assert rubric.locked_at is not None


def test_releasing_as_passed_tells_the_learner_and_the_other_apps(
    submission, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, submission, grade, enrolment, **kwargs):
        heard.append((submission.status, grade.outcome, enrolment.pk))

    grade_released.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            grade = release(trainer, submission, outcome="passed")
    finally:
        grade_released.disconnect(listener)
    submission.refresh_from_db()
    assert submission.status == "passed"
    assert (grade.released, grade.outcome, grade.score) == (True, "passed", Decimal("100.00"))
    assert heard == [("passed", "passed", submission.enrolment_id)]
    # (Passing may also complete the class: its certificate's e-mail follows.)
    [feedback] = [m for m in mailoutbox if m.subject.startswith("Kết quả bài")]
    assert feedback.subject == "Kết quả bài “Thiết kế giáo án STEM”: Đạt"
    assert reverse("assessment:submission", args=[submission.pk]) in feedback.body


def test_grade_released_is_sent_only_after_commit(submission, trainer, django_capture_on_commit_callbacks):
    heard = []
    grade_released.connect(lambda sender, **kwargs: heard.append(kwargs), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            release(trainer, submission)
        assert heard == []
        for callback in callbacks:
            callback()
        assert len(heard) == 1 and set(heard[0]) == {"submission", "grade", "enrolment", "signal"}
    finally:
        grade_released.disconnect(dispatch_uid="t")


def test_two_trainers_on_the_same_version_the_second_save_is_refused(submission, trainer, second_trainer):
    rubric = submission.assignment.rubric
    # both open the page on an ungraded version (version 0)
    services.save_grade(trainer, submission, levels=levels_at(rubric, 3), feedback="Rất tốt", expected_version=0)
    with pytest.raises(GradeConflict) as conflict:
        services.save_grade(
            second_trainer, submission, levels=levels_at(rubric, 0), feedback="Yếu", expected_version=0
        )
    assert conflict.value.grade.feedback == "Rất tốt"
    grade = Grade.objects.get()
    assert (grade.grader, grade.feedback, grade.version) == (trainer, "Rất tốt", 1)
    assert GradeRevision.objects.count() == 1


def test_a_stale_release_is_refused_too(submission, trainer, second_trainer):
    rubric = submission.assignment.rubric
    services.save_grade(trainer, submission, levels=levels_at(rubric, 1), expected_version=0)
    services.save_grade(trainer, submission, levels=levels_at(rubric, 3), expected_version=1)
    with pytest.raises(GradeConflict):
        services.save_and_release(
            second_trainer, submission, outcome="passed", expected_version=1, levels=levels_at(rubric, 3)
        )
    assert Grade.objects.get().released is False


def test_the_conflict_page_shows_the_other_grade_and_keeps_my_choices(client, submission, trainer, second_trainer):
    rubric = submission.assignment.rubric
    services.save_grade(
        trainer, submission, levels=levels_at(rubric, 3), feedback="Ý tưởng sáng tạo", expected_version=0
    )
    client.force_login(second_trainer)
    mine = {f"level_{c}": level for c, level in levels_at(rubric, 0).items()}
    response = client.post(
        reverse("assessment:grade", args=[submission.pk]),
        {**mine, "feedback": "Nhận xét của tôi", "version": 0, "action": "save"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Kết quả chấm của bạn chưa được lưu" in page
    assert "Ý tưởng sáng tạo" in page and trainer.full_name in page
    assert "Nhận xét của tôi" in page  # my text is still in the form
    assert 'name="version" value="1"' in page
    assert Grade.objects.get().feedback == "Ý tưởng sáng tạo"


def test_grading_a_draft_is_refused(enrolment, stem_class, trainer):
    services.save_draft_plan(enrolment.user, stem_class.assignment, enrolment, PLAN)
    draft = Submission.objects.get()
    with pytest.raises(AssessmentError, match="chưa được nộp"):
        services.save_grade(trainer, draft, levels={}, expected_version=0)


def test_releasing_twice_is_refused(submission, trainer):
    grade = release(trainer, submission)
    with pytest.raises(AssessmentError, match="đã được trả"):
        services.release_grade(trainer, grade, outcome="passed", expected_version=grade.version)
    with pytest.raises(AssessmentError):
        services.save_grade(trainer, submission, levels={}, expected_version=grade.version)


def test_a_level_of_another_rubric_is_refused(submission, trainer):
    other = RubricFactory()
    criterion = submission.assignment.rubric.criteria.first()
    foreign = other.criteria.first().levels.first()
    with pytest.raises(AssessmentError, match="không thuộc bộ tiêu chí"):
        services.save_grade(trainer, submission, levels={criterion.pk: foreign.pk}, expected_version=0)
    with pytest.raises(AssessmentError, match="không thuộc bộ tiêu chí"):
        services.save_grade(trainer, submission, levels={other.criteria.first().pk: foreign.pk}, expected_version=0)
    assert Grade.objects.count() == 0


def test_a_level_id_of_another_rubric_through_the_page_is_refused_with_a_message(client, submission, trainer):
    foreign = RubricFactory().criteria.first().levels.first()
    criterion = submission.assignment.rubric.criteria.first()
    client.force_login(trainer)
    response = client.post(
        reverse("assessment:grade", args=[submission.pk]),
        {f"level_{criterion.pk}": foreign.pk, "version": 0, "action": "passed"},
    )
    assert response.status_code == 400
    assert Grade.objects.count() == 0


def test_a_rubric_without_levels_is_refused_with_a_message(submission, trainer):
    rubric = submission.assignment.rubric
    RubricLevel.objects.filter(criterion__rubric=rubric, criterion__sort_order=0).delete()
    with pytest.raises(AssessmentError) as refused:
        services.save_grade(trainer, submission, levels={}, expected_version=0)
    assert "chưa có mức đánh giá nào" in refused.value.message


def test_a_grade_below_the_pass_mark_cannot_be_released_as_passed(submission, trainer):
    with pytest.raises(AssessmentError, match="thấp hơn điểm đạt"):
        release(trainer, submission, outcome="passed", level_index=0)
    assert Submission.objects.get(pk=submission.pk).status == "submitted"


def test_an_incomplete_grade_cannot_be_released(submission, trainer):
    grade = services.save_grade(trainer, submission, levels={}, expected_version=0)
    with pytest.raises(AssessmentError, match="mọi tiêu chí"):
        services.release_grade(trainer, grade, outcome="not_passed", expected_version=1)


def test_no_return_for_revision_when_the_attempts_are_used(submission, trainer):
    submission.assignment.max_attempts = 1
    submission.assignment.save()
    with pytest.raises(AssessmentError, match="đã dùng hết 1 lần nộp"):
        release(trainer, submission, outcome="needs_revision", level_index=1)


def test_an_unknown_outcome_is_refused(submission, trainer):
    grade = services.save_grade(
        trainer, submission, levels=levels_at(submission.assignment.rubric, 3), expected_version=0
    )
    with pytest.raises(AssessmentError, match="Hãy chọn kết quả"):
        services.release_grade(trainer, grade, outcome="excellent", expected_version=1)


def test_a_trainer_of_another_class_cannot_grade(submission):
    outsider = UserFactory(role="Giảng viên")
    with pytest.raises(PermissionDenied):
        services.save_grade(outsider, submission, levels={}, expected_version=0)


def test_the_grading_page_saves_then_releases(client, submission, trainer):
    rubric = submission.assignment.rubric
    url = reverse("assessment:grade", args=[submission.pk])
    client.force_login(trainer)
    page = client.get(url).content.decode()
    assert 'name="version" value="0"' in page
    assert PLAN["topic"] in page
    choices = {f"level_{c}": level for c, level in levels_at(rubric, 2).items()}
    first = rubric.criteria.first()
    response = client.post(
        url, {**choices, f"comment_{first.pk}": "Nêu rõ sai số", "feedback": "Khá", "version": 0, "action": "save"}
    )
    assert response.status_code == 302
    grade = Grade.objects.get()
    assert grade.criterion_scores.get(criterion=first).comment == "Nêu rõ sai số"
    response = client.post(
        url, {**choices, "feedback": "Khá", "version": 1, "action": "needs_revision", "confirmed": "1"}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "needs_revision"
    assert "Đã trả kết quả" in client.get(url).content.decode()


def test_the_grading_page_links_to_the_next_and_previous_work_in_the_queue(client, stem_class, trainer):
    from .factories import EnrolmentFactory

    first, second, third = (
        hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment) for _ in range(3)
    )
    client.force_login(trainer)
    page = client.get(reverse("assessment:grade", args=[second.pk])).content.decode()
    previous_url, next_url = (
        reverse("assessment:grade_previous", args=[second.pk]),
        reverse("assessment:grade_next", args=[second.pk]),
    )
    assert f'href="{previous_url}" rel="prev"' in page and f'href="{next_url}" rel="next"' in page
    # Found when followed: the page itself reads nothing of the queue.
    assert client.get(previous_url).url == reverse("assessment:grade", args=[first.pk])
    assert client.get(next_url).url == reverse("assessment:grade", args=[third.pk])
    # Nothing before the oldest: the grader stays on its page, told why.
    response = client.get(reverse("assessment:grade_previous", args=[first.pk]), follow=True)
    assert response.redirect_chain == [(reverse("assessment:grade", args=[first.pk]), 302)]
    assert "Không có bài nào chờ chấm trước bài này." in response.content.decode()
    # The queue's filters travel with the links and choose the neighbours.
    late = hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
    Submission.objects.filter(pk=late.pk).update(is_late=True)
    query = "late=1"
    page = client.get(reverse("assessment:grade", args=[late.pk]) + f"?{query}").content.decode()
    assert f'href="{reverse("assessment:grade_next", args=[late.pk])}?{query}" rel="next"' in page
    response = client.get(reverse("assessment:grade_next", args=[late.pk]) + f"?{query}", follow=True)
    assert response.redirect_chain == [(reverse("assessment:grade", args=[late.pk]) + f"?{query}", 302)]
    assert "Không còn bài nào đang chờ chấm." in response.content.decode()


def test_the_neighbour_links_follow_the_queue_while_the_page_is_kept(client, stem_class, trainer):
    """The grading page's section is kept for the grader; work handed in after it was kept is
    still the next one, since "Next" is found when followed."""
    from .factories import EnrolmentFactory

    first = hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
    client.force_login(trainer)
    page_url = reverse("assessment:grade", args=[first.pk])
    client.get(page_url)  # kept now
    second = hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
    client.get(page_url)
    assert client.get(reverse("assessment:grade_next", args=[first.pk])).url == reverse(
        "assessment:grade", args=[second.pk]
    )


def test_the_neighbour_links_are_refused_to_a_grader_of_another_class(client, stem_class):
    from accounts import roles

    from .factories import EnrolmentFactory

    work = hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
    client.force_login(UserFactory(role=roles.TRAINER))
    assert client.get(reverse("assessment:grade_next", args=[work.pk])).status_code == 404
    assert client.post(reverse("assessment:grade_next", args=[work.pk])).status_code == 405


def test_the_learner_reads_released_feedback_but_not_a_draft_grade(client, submission, trainer):
    rubric = submission.assignment.rubric
    services.save_grade(
        trainer, submission, levels=levels_at(rubric, 3), feedback="Bí mật khi còn nháp", expected_version=0
    )
    client.force_login(submission.learner)
    url = reverse("assessment:submission", args=[submission.pk])
    assert "Bí mật khi còn nháp" not in client.get(url).content.decode()
    grade = Grade.objects.get()
    services.release_grade(trainer, grade, outcome="passed", expected_version=1)
    page = client.get(url).content.decode()
    assert "Bí mật khi còn nháp" in page and "Đạt" in page


def test_releasing_without_the_script_asks_to_confirm_after_saving_the_choices(client, submission, trainer):
    """Without JavaScript, "Trả kết quả" answers with a confirmation step (a POST form), never a GET
    that changes anything; the choices are kept as a draft meanwhile and confirming releases them."""
    rubric = submission.assignment.rubric
    url = reverse("assessment:grade", args=[submission.pk])
    client.force_login(trainer)
    choices = {f"level_{c}": level for c, level in levels_at(rubric, 3).items()}
    response = client.post(url, {**choices, "feedback": "Rất tốt", "version": 0, "action": "passed"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trả kết quả?" in page and "Trả kết quả: Đạt" in page
    assert 'name="confirmed" value="1"' in page and 'method="post"' in page
    grade = Grade.objects.get()
    assert not grade.released and grade.feedback == "Rất tốt"  # kept as a draft, not yet released
    submission.refresh_from_db()
    assert submission.status == "in_grading"  # not passed yet
    response = client.post(
        url, {**choices, "feedback": "Rất tốt", "version": grade.version, "action": "passed", "confirmed": "1"}
    )
    assert response.status_code == 302
    grade.refresh_from_db()
    assert grade.released and grade.outcome == "passed"


def test_after_releasing_the_page_offers_the_next_work_waiting_in_the_queue(client, stem_class, trainer):
    from .factories import EnrolmentFactory

    first, second = (hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment) for _ in range(2))
    client.force_login(trainer)
    release(trainer, second)  # the newer one first: the next is then found from the queue's start
    page = client.get(reverse("assessment:grade", args=[second.pk])).content.decode()
    next_url = reverse("assessment:grade_next", args=[second.pk])
    assert f'<a class="button" href="{next_url}" rel="next">' in page
    assert client.get(next_url).url == reverse("assessment:grade", args=[first.pk])
    release(trainer, first)
    response = client.get(reverse("assessment:grade_next", args=[first.pk]), follow=True)
    assert response.redirect_chain == [(reverse("assessment:grade", args=[first.pk]), 302)]
    assert "Không còn bài nào đang chờ chấm." in response.content.decode()
