"""A guardian's registration form never loses what was typed: a refused form comes back with every
field, and a form sent while offline (or after the e-mail confirmation expired) is put back from a
copy kept in this tab only (sessionStorage, never localStorage: it holds a child's data on a device
that may be shared), dropped once the registration is saved."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from activities.models import Registration
from tests.factories import ActivityFactory, ActivitySessionFactory

from .steps import follow, press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

GUARDIAN = "nguyen.hong.nhung@example.com"
KEEP_PREFIX = "lms-keep:activities-register-"


def _born(years: int) -> str:
    today = timezone.localdate()
    return (today.replace(year=today.year - years) - datetime.timedelta(days=40)).isoformat()


def _code() -> str:
    message = next(m for m in reversed(mail.outbox) if GUARDIAN in m.to and re.search(r"\b\d{6}\b", m.body))
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def _verify(page, url):
    page.goto(url)
    page.fill("input[name=email]", GUARDIAN)
    press(page, "Gửi mã cho tôi")
    page.fill("input[name=code]", _code())
    press(page, "Xác nhận")


FIELDS = {
    "input[name=guardian-full_name]": "Nguyễn Thị Hồng Nhung",
    "input[name=guardian-phone]": "0909 123 456",
    "input[name=guardian-relationship]": "mẹ",
    "input[name=children-0-full_name]": "Trần Minh Khang",
    "input[name=children-0-school]": "Trường TH Phú Hòa 1",
    "input[name=children-0-grade]": "4A",
    "textarea[name=children-0-health_notes]": "Dị ứng đậu phộng",
}


def _fill(page, years: int):
    for selector, value in FIELDS.items():
        page.fill(selector, value)
    page.fill("input[name=children-0-date_of_birth]", _born(years))
    page.select_option("select[name=children-0-gender]", "male")
    page.check("input[name=consent-participation]")
    page.check("input[name=consent-health_data]")
    page.check("input[name=consent-photos]")


def _assert_all_shown(page, years: int, session):
    for selector, value in FIELDS.items():
        assert page.locator(selector).input_value() == value, selector
    assert page.locator("input[name=children-0-date_of_birth]").input_value() == _born(years)
    assert page.locator("select[name=children-0-gender]").input_value() == "male"
    for name in ("participation", "health_data", "photos"):
        assert page.locator(f"input[name=consent-{name}]").is_checked(), name
    assert not page.locator("input[name=consent-publishing]").is_checked()
    assert page.locator(f"input[name=sessions][value='{session.pk}']").is_checked()


def _copies(page) -> dict:
    return page.evaluate(
        """(prefix) => ({
            session: Object.keys(sessionStorage).filter((k) => k.startsWith(prefix)),
            local: Object.keys(localStorage).filter((k) => k.startsWith(prefix)),
        })""",
        KEEP_PREFIX,
    )


SUBMIT = "main form[data-keep] button[type=submit]"


def _submit(page):
    """Send the form and wait for the page that answers."""
    follow(page, page.locator(SUBMIT))


@pytest.fixture
def camp(db):
    activity = ActivityFactory(title="Trại hè STEM: Nhà khoa học nhí", age_min=8, age_max=12)
    session = ActivitySessionFactory(activity=activity, capacity=20)
    return activity, session


def test_a_refused_registration_shows_every_field_again(open_page, live_server, camp):
    activity, session = camp
    page, _watch = open_page("phone")
    url = f"{live_server.url}/hoat-dong/{activity.pk}/dang-ky/?buoi={session.pk}"
    _verify(page, url)
    _fill(page, years=6)  # too young for 8 to 12
    _submit(page)
    assert "Chưa có gì được lưu" in page.content()
    assert not Registration.objects.exists()
    _assert_all_shown(page, 6, session)
    assert _copies(page)["local"] == []  # a child's data is never kept beyond this tab

    page.fill("input[name=children-0-date_of_birth]", _born(9))
    _submit(page)
    page.wait_for_url(re.compile(r"/hoat-dong/cua-toi/"))
    assert Registration.objects.get().participant.full_name == "Trần Minh Khang"
    assert _copies(page) == {"session": [], "local": []}


def test_a_registration_sent_offline_is_put_back_and_the_copy_dropped_once_saved(open_page, live_server, camp):
    activity, session = camp
    page, _watch = open_page("phone")
    url = f"{live_server.url}/hoat-dong/{activity.pk}/dang-ky/?buoi={session.pk}"
    _verify(page, url)
    _fill(page, years=9)
    page.context.set_offline(True)
    page.locator(SUBMIT).click()  # the browser cannot reach the server: its own error page replaces the form
    page.wait_for_timeout(1500)
    page.context.set_offline(False)
    assert not Registration.objects.exists()

    page.goto(url)  # the same tab, once the connection is back
    assert "đã được điền lại vào biểu mẫu" in page.content()
    _assert_all_shown(page, 9, session)
    assert _copies(page)["local"] == []
    _submit(page)
    page.wait_for_url(re.compile(r"/hoat-dong/cua-toi/"))
    assert Registration.objects.get().participant.school == "Trường TH Phú Hòa 1"
    assert _copies(page) == {"session": [], "local": []}
    page.goto(url)
    assert page.locator("input[name=children-0-full_name]").input_value() == ""


def test_a_registration_sent_after_the_confirmation_expired_comes_back_after_the_new_code(
    open_page, live_server, camp
):
    activity, session = camp
    page, _watch = open_page("phone")
    url = f"{live_server.url}/hoat-dong/{activity.pk}/dang-ky/?buoi={session.pk}"
    _verify(page, url)
    _fill(page, years=9)
    from django.contrib.sessions.models import Session

    for stored in Session.objects.all():  # the e-mail confirmation runs out while the form is filled
        data = stored.get_decoded()
        data.pop("activities_verified_email", None)
        stored.session_data = Session.objects.encode(data)
        stored.save()
    _submit(page)
    assert "xác nhận e-mail của bạn đã hết hạn" in page.content().lower()
    assert not Registration.objects.exists()

    page.fill("input[name=email]", GUARDIAN)
    press(page, "Gửi mã cho tôi")
    page.fill("input[name=code]", _code())
    press(page, "Xác nhận")
    _assert_all_shown(page, 9, session)
    _submit(page)
    page.wait_for_url(re.compile(r"/hoat-dong/cua-toi/"))
    assert Registration.objects.filter(participant__full_name="Trần Minh Khang").count() == 1
