import pytest
from django.urls import reverse
from .assessment_helpers import hand_in

pytestmark = pytest.mark.django_db


def test_dump(client, enrolment, stem_class):
    from assessment.demo import PLAN

    s = hand_in(enrolment, stem_class.assignment, plan=PLAN)
    client.force_login(enrolment.user)
    open("/tmp/plan.pdf", "wb").write(client.get(reverse("assessment:submission_pdf", args=[s.pk])).content)
