"""The confirmation e-mail of a registration carries the sessions' .ics and a QR code of each registration code."""

import datetime
import io
import json
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from PIL import Image

from activities import services
from activities.models import Registration
from lms import mail as lms_mail

from . import factories as f

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
GUARDIAN_EMAIL = "nguyen.hong.nhung@example.com"


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """E-mails are queued after commit; the test's transaction never commits, so send them at once."""
    monkeypatch.setattr("lms.mail.transaction.on_commit", lambda function, *args, **kwargs: function())


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=30)


def _register(sessions, *names):
    return services.register(
        [s.pk for s in sessions],
        [services.Person(name, _years_ago(9)) for name in names],
        services.Guardian(email=GUARDIAN_EMAIL, full_name="Nguyễn Thị Hồng Nhung", relationship="mẹ"),
        services.Choices(participation=True),
        audience="children",
    )


def _session(capacity=30, day=3):
    return f.ActivitySessionFactory(
        activity=f.ActivityFactory(title="Trại hè STEM Thủ Dầu Một"),
        starts_at=datetime.datetime(2030, 6, day, 8, 0, tzinfo=HCM),
        ends_at=datetime.datetime(2030, 6, day, 11, 30, tzinfo=HCM),
        capacity=capacity,
        registration_opens_at=timezone.now() - datetime.timedelta(days=1),
    )


def _attachments(message) -> dict:
    return {name: (content, mimetype) for name, content, mimetype in message.attachments}


def _decoded_qr(png: bytes) -> list[str]:
    picture = Image.open(io.BytesIO(png))
    return [found.text for found in zxingcpp.read_barcodes(picture.convert("L"))]


def test_the_confirmation_carries_the_sessions_calendar_in_ho_chi_minh_time_and_a_qr_code_per_place():
    session = _session()
    _register([session], "Trần Minh Khang", "Trần Ngọc Bảo Anh")
    message = mail.outbox[-1]
    assert message.to == [GUARDIAN_EMAIL]
    files = _attachments(message)

    content, mimetype = files["lich-hoat-dong.ics"]
    assert mimetype.startswith("text/calendar")
    raw = content.encode() if isinstance(content, str) else content
    calendar = Calendar.from_ical(raw)
    (event,) = calendar.walk("VEVENT")  # two children, one session: one event
    assert str(event["uid"]) == f"activity-session-{session.pk}@testserver"
    assert event.DTSTART == datetime.datetime(2030, 6, 3, 8, 0, tzinfo=HCM)
    assert str(event.DTSTART.tzinfo) == "Asia/Ho_Chi_Minh"
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20300603T080000" in raw
    assert "Trại hè STEM Thủ Dầu Một" in str(event["summary"])

    codes = list(Registration.objects.values_list("code", flat=True))
    assert len(codes) == 2
    for code in codes:
        png, mimetype = files[f"ma-qr-{code}.png"]
        assert mimetype == "image/png"
        # The door's scanner reads the registration code itself (activities/static/activities/scan.js).
        assert _decoded_qr(png) == [code]
        assert f"ma-qr-{code}.png" in message.body


def test_the_confirmation_reads_in_vietnamese():
    _register([_session()], "Trần Minh Khang")
    message = mail.outbox[-1]
    assert "Mã QR để điểm danh: tệp đính kèm ma-qr-" in message.body
    assert "tệp lịch đính kèm lich-hoat-dong.ics" in message.body
    assert "QR code" not in message.body


def test_a_place_on_the_waiting_list_gets_no_qr_code_until_it_is_confirmed_then_the_promotion_carries_both():
    session = _session(capacity=1)
    _register([session], "Trần Minh Khang")
    _register([session], "Trần Ngọc Bảo Anh")
    waiting = Registration.objects.get(status="waitlisted")
    assert _attachments(mail.outbox[-1]) == {}
    assert "ma-qr-" not in mail.outbox[-1].body

    services.cancel(Registration.objects.get(status="confirmed"))
    promotion = mail.outbox[-1]
    files = _attachments(promotion)
    assert _decoded_qr(files[f"ma-qr-{waiting.code}.png"][0]) == [waiting.code]
    calendar = Calendar.from_ical(files["lich-hoat-dong.ics"][0])
    assert [str(e["uid"]) for e in calendar.walk("VEVENT")] == [f"activity-session-{session.pk}@testserver"]


def test_attachments_travel_through_the_task_queue_as_json(monkeypatch):
    """The database task backend stores the arguments as JSON: the attachments must survive the trip."""
    from lms import tasks

    real = tasks.deliver_email
    queued = []
    monkeypatch.setattr(tasks, "deliver_email", SimpleNamespace(enqueue=lambda **payload: queued.append(payload)))
    message = mail.EmailMessage("Chủ đề", "Nội dung", "lms@example.com", ["a@example.com"])
    message.attach("lich.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.attach("ma-qr.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png")
    lms_mail.enqueue_email(message)
    payload = json.loads(json.dumps(queued[0]))
    real.call(**payload)
    sent = mail.outbox[-1]
    files = _attachments(sent)
    assert files["ma-qr.png"] == (b"\x89PNG\r\n\x1a\n\x00\xff", "image/png")
    assert "BEGIN:VCALENDAR" in str(files["lich.ics"][0])
