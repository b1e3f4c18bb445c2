"""A trainer's "Khóa học của tôi" leads with "Lớp tôi giảng dạy", attendance one tap away."""

import pytest
from django.urls import reverse

from .factories import CohortFactory, EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_a_trainers_page_leads_with_the_classes_they_teach_and_attendance_is_one_tap_away(client, trainer):
    cohort = CohortFactory(running=True, trainers=[trainer], code="STEM-CB-2019-01")
    session = SessionFactory(cohort=cohort)
    EnrolmentFactory(user=trainer, cohort=CohortFactory(running=True))  # a trainer can be a learner too
    client.force_login(trainer)
    page = client.get(reverse("my_courses")).content.decode()
    main = page[page.index("<main") :]
    headings = [h for h in ("Lớp tôi giảng dạy", "Tiếp tục", "Lớp học của tôi") if h in main]
    assert headings and headings[0] == "Lớp tôi giảng dạy"
    assert main.index("Lớp tôi giảng dạy") < main.index("STEM-CB-2019-01")
    teaching = main[main.index('id="teaching-title"') : main.index("</section>", main.index('id="teaching-title"'))]
    assert reverse("attendance_sheet", args=[session.pk]) in teaching
    assert "Điểm danh" in teaching


def test_a_learner_sees_no_teaching_section(client, learner):
    EnrolmentFactory(user=learner, cohort=CohortFactory(running=True))
    client.force_login(learner)
    assert "Lớp tôi giảng dạy" not in client.get(reverse("my_courses")).content.decode()
