"""No raw value in the admin: an enrolment's detail and history in Ho Chi Minh time with labels,
never "None" or a status key; the sidebar's menus each have their own name."""

import datetime
import json
import re
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from enrolment import services

from .factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def visible_text(html: str) -> str:
    main = html[html.index("<main") :]
    main = re.sub(r"<script.*?</script>", " ", main, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_the_enrolment_detail_shows_local_times_labels_and_no_none(manager_client, manager):
    enrolment = EnrolmentFactory(status="pending", cohort__running=True)
    services.approve(enrolment, actor=manager)
    enrolment.refresh_from_db()
    url = reverse("wagtailsnippets_enrolment_enrolment:inspect", args=[enrolment.pk])
    page = visible_text(manager_client.get(url).content.decode())
    local = timezone.localtime(enrolment.status_changed_at).strftime("%H:%M %d/%m/%Y")
    utc = enrolment.status_changed_at.astimezone(datetime.UTC).strftime("%H:%M %d/%m/%Y")
    assert local in page and utc not in page  # one time everywhere: Asia/Ho_Chi_Minh (UTC+7)
    assert "None" not in page
    for key in (" pending ", " active ", " approved "):
        assert key not in page
    assert "Chờ phê duyệt" in page and "Đã ghi danh" in page


def test_no_two_menus_of_the_admin_have_the_same_name(manager_client):
    page = manager_client.get(reverse("wagtailadmin_home")).content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', page, re.S)
    labels = re.findall(r'"label": "((?:[^"\\]|\\.)*)"', props.group(1))
    labels = [json.loads(f'"{label}"') for label in labels]
    repeated = [label for label, n in Counter(labels).items() if n > 1]
    assert repeated == []
    assert "Báo cáo chương trình" in labels
