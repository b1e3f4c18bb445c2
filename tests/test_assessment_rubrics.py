"""Rubrics: a snippet library, locked once used; editing a used rubric creates a new version."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from assessment.models import Assignment, Grade, Rubric, RubricCriterion, RubricLevel
from audit.models import AuditEvent

from .assessment_helpers import hand_in, release
from .factories import RubricFactory

pytestmark = pytest.mark.django_db


def edit_url(rubric):
    return reverse("wagtailsnippets_assessment_rubric:edit", args=[rubric.pk])


def form_data(rubric, *, title=None, change=None, weight=None, drop_levels_of_first=False, level_points=None):
    """The admin form as a manager would post it, with optional edits."""
    criteria = []
    for index, criterion in enumerate(rubric.criteria.all()):
        levels = [
            {
                "id": level.pk,
                "ORDER": str(position),
                "label": level.label,
                "points": str(level_points if level_points is not None else level.points),
                "descriptor": level.descriptor,
            }
            for position, level in enumerate(criterion.levels.all())
        ]
        if drop_levels_of_first and index == 0:
            for level in levels:
                level["DELETE"] = "1"
        criteria.append(
            {
                "id": criterion.pk,
                "ORDER": str(index),
                "title": change if (change and index == 0) else criterion.title,
                "description": criterion.description,
                "weight": str(weight if (weight is not None and index == 0) else criterion.weight),
                "levels": inline_formset(levels, initial=len(levels), min=1),
            }
        )
    return nested_form_data(
        {
            "title": title or rubric.title,
            "description": rubric.description,
            "criteria": inline_formset(criteria, initial=len(criteria), min=1),
        }
    )


def test_managers_edit_an_unused_rubric_in_place(manager_client):
    rubric = RubricFactory()
    response = manager_client.post(edit_url(rubric), form_data(rubric, change="Vấn đề gần gũi"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Rubric.objects.count() == 1
    assert rubric.criteria.first().title == "Vấn đề gần gũi"
    assert AuditEvent.objects.filter(action="assessment.rubric_edited").exists()


def test_editing_a_used_rubric_creates_a_new_version_and_old_grades_keep_theirs(
    manager_client, enrolment, stem_class, trainer
):
    rubric = stem_class.assignment.rubric
    release(trainer, hand_in(enrolment, stem_class.assignment))
    rubric.refresh_from_db()
    assert rubric.is_locked
    old_title = rubric.criteria.first().title

    response = manager_client.post(edit_url(rubric), form_data(rubric, change="Tiêu chí mới", weight=2))
    assert response.status_code == 302, response.content.decode()[:2000]

    rubric.refresh_from_db()
    new = Rubric.objects.get(lineage=rubric.lineage, is_current=True)
    assert (rubric.version, rubric.is_current, new.version) == (1, False, 2)
    assert rubric.criteria.first().title == old_title  # version 1 untouched
    assert new.criteria.first().title == "Tiêu chí mới"
    assert new.criteria.first().weight == Decimal("2")
    assert [c.levels.count() for c in new.criteria.all()] == [4, 4, 4]
    assert Grade.objects.get().rubric == rubric
    assert Assignment.objects.get().rubric == new  # new grades use the new version
    assert AuditEvent.objects.filter(action="assessment.rubric_revised").exists()


def test_the_edit_page_of_a_used_rubric_warns_before_saving(manager_client, enrolment, stem_class, trainer):
    release(trainer, hand_in(enrolment, stem_class.assignment))
    page = manager_client.get(edit_url(stem_class.assignment.rubric)).content.decode()
    assert "khi lưu sẽ tạo phiên bản 2" in page


def test_an_old_version_cannot_be_edited(manager_client, enrolment, stem_class, trainer):
    rubric = stem_class.assignment.rubric
    release(trainer, hand_in(enrolment, stem_class.assignment))
    manager_client.post(edit_url(rubric), form_data(rubric, title="Bản 2"))
    response = manager_client.post(edit_url(rubric), form_data(rubric, title="Bản 3"))
    assert response.status_code in (302, 403)
    assert Rubric.objects.count() == 2


def test_the_rubric_list_shows_current_versions_only(manager_client, enrolment, stem_class, trainer):
    rubric = stem_class.assignment.rubric
    release(trainer, hand_in(enrolment, stem_class.assignment))
    manager_client.post(edit_url(rubric), form_data(rubric, title="Bộ tiêu chí sửa đổi"))
    page = manager_client.get(reverse("wagtailsnippets_assessment_rubric:list")).content.decode()
    assert "Bộ tiêu chí sửa đổi" in page
    assert rubric.title not in page


def test_a_negative_weight_is_refused_with_a_message(manager_client):
    rubric = RubricFactory()
    response = manager_client.post(edit_url(rubric), form_data(rubric, weight=-1))
    assert response.status_code == 200
    assert "Trọng số phải lớn hơn 0." in response.content.decode()
    assert rubric.criteria.first().weight == Decimal("1")


def test_negative_points_are_refused_with_a_message(manager_client):
    rubric = RubricFactory()
    response = manager_client.post(edit_url(rubric), form_data(rubric, level_points=-3))
    assert response.status_code == 200
    assert "Điểm không được âm." in response.content.decode()


def test_a_criterion_without_levels_is_refused(manager_client):
    rubric = RubricFactory()
    response = manager_client.post(edit_url(rubric), form_data(rubric, drop_levels_of_first=True))
    assert response.status_code == 200
    assert rubric.criteria.first().levels.count() == 4


def test_a_rubric_in_use_cannot_be_deleted(manager_client, stem_class):
    rubric = stem_class.assignment.rubric
    url = reverse("wagtailsnippets_assessment_rubric:delete", args=[rubric.pk])
    response = manager_client.post(url, follow=True)
    assert "không thể xóa" in response.content.decode()
    assert Rubric.objects.filter(pk=rubric.pk).exists()


def test_an_unused_rubric_can_be_deleted(manager_client):
    rubric = RubricFactory()
    manager_client.post(reverse("wagtailsnippets_assessment_rubric:delete", args=[rubric.pk]))
    assert not Rubric.objects.filter(pk=rubric.pk).exists()


def test_a_rubric_reports_what_stops_it_from_grading():
    rubric = Rubric.objects.create(title="Trống")
    assert rubric.problems() == ["Bộ tiêu chí chưa có tiêu chí nào."]
    criterion = RubricCriterion.objects.create(rubric=rubric, title="Ý tưởng", weight=1)
    assert rubric.problems() == ["Tiêu chí “Ý tưởng” chưa có mức đánh giá nào."]
    RubricLevel.objects.create(criterion=criterion, label="Chưa đạt", points=0)
    assert rubric.problems() == ["Tiêu chí “Ý tưởng” cần có một mức lớn hơn 0 điểm."]


def test_grading_with_an_unusable_rubric_shows_why_not_a_500(client, enrolment, stem_class, trainer):
    submission = hand_in(enrolment, stem_class.assignment)
    RubricLevel.objects.filter(criterion=stem_class.assignment.rubric.criteria.first()).delete()
    last = stem_class.assignment.rubric.criteria.last()
    client.force_login(trainer)
    response = client.post(
        reverse("assessment:grade", args=[submission.pk]),
        {f"level_{last.pk}": last.levels.first().pk, "version": 0, "action": "save"},
    )
    assert response.status_code == 400
    assert "chưa có mức đánh giá nào" in response.content.decode()
