"""Withdrawal and erasure requests of guardians: a case with a clock in working days, carried out by a manager."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import Site

from activities import links, services
from activities.cases import add_working_days, complete_case, open_case, overdue_cases
from activities.errors import RegistrationError
from activities.models import ActivitySettings, Participant, PrivacyCase, Registrant

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    monkeypatch.setattr("lms.mail.transaction.on_commit", lambda function, *args, **kwargs: function())


def test_working_days_skip_weekends_and_the_listed_public_holidays():
    friday = datetime.date(2026, 4, 24)
    assert add_working_days(friday, 2, set()) == datetime.date(2026, 4, 28)  # Mon, Tue
    holidays = {datetime.date(2026, 4, 27)}
    assert add_working_days(friday, 2, holidays) == datetime.date(2026, 4, 29)


def test_the_settings_read_holidays_typed_dd_mm_yyyy():
    rules = ActivitySettings.for_site(Site.objects.get(is_default_site=True))
    rules.public_holidays = "30/04/2026\n01/05/2026\nkhông phải ngày"
    assert rules.holidays() == {datetime.date(2026, 4, 30), datetime.date(2026, 5, 1)}


def test_a_guardian_asks_for_erasure_from_the_private_link_and_a_case_opens_with_its_deadlines(client):
    registration = f.RegistrationFactory()
    registrant = registration.participant.registrant
    response = client.post(f"/hoat-dong/cua-toi/{links.make_token(registrant.email)}/xoa-du-lieu/", follow=True)
    case = PrivacyCase.objects.get()
    assert case.kind == "erasure" and case.registrant == registrant
    today = timezone.localdate()
    assert case.acknowledge_by == add_working_days(today, 2, set())
    assert case.complete_by == today + datetime.timedelta(days=15)
    assert case.acknowledge_by.strftime("%d/%m/%Y") in response.content.decode()


def test_withdrawing_all_consent_opens_a_withdrawal_case():
    registration = f.RegistrationFactory()
    participant, registrant = registration.participant, registration.participant.registrant
    services.change_consent(participant, registrant, services.Choices(False), withdrawal=True)
    assert PrivacyCase.objects.get().kind == "withdrawal"


def test_a_case_past_its_deadline_is_overdue_and_shown_on_the_admin_home(client, manager):
    case = open_case(f.RegistrantFactory(), "erasure")
    assert overdue_cases() == []
    PrivacyCase.objects.filter(pk=case.pk).update(acknowledge_by=timezone.localdate() - datetime.timedelta(days=1))
    assert [c.pk for c in overdue_cases()] == [case.pk]
    client.force_login(manager)
    assert "Yêu cầu rút lại đồng ý và xóa dữ liệu quá hạn" in client.get("/admin/").content.decode()


def test_a_manager_carries_out_an_erasure_the_guardian_is_told_and_the_counts_stay(client, manager):
    registration = f.RegistrationFactory(checked_in=True, participant__full_name="Trần Minh Khang")
    registrant = registration.participant.registrant
    email = registrant.email
    case = open_case(registrant, "erasure")
    client.force_login(manager)
    assert client.post(f"/admin/activity_cases/carry-out/{case.pk}/").status_code == 302
    case.refresh_from_db()
    assert case.completed_at is not None and case.completed_by == manager and case.outcome
    assert mail.outbox[-1].to == [email]
    assert Participant.objects.get(pk=registration.participant_id).full_name.startswith("Người tham gia đã ẩn danh")
    assert Registrant.objects.get(pk=registrant.pk).email.endswith("@erased.invalid")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_only_managers_carry_out_a_case(trainer):
    case = open_case(f.RegistrantFactory(), "erasure")
    with pytest.raises(RegistrationError):
        complete_case(case, actor=trainer)
