"""Activity pages: the public list of upcoming sessions (places left, filters), the activity page,
calendar files, the camp material page's sessions, and constant query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import ActivityKind

from . import factories as f

pytestmark = pytest.mark.django_db


def html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def test_the_list_shows_upcoming_sessions_with_places_left_and_not_past_ones(client):
    upcoming = f.ActivitySessionFactory(capacity=3, venue_name="Nhà Thiếu nhi tỉnh")
    f.RegistrationFactory(session=upcoming)
    f.ActivitySessionFactory(past=True, activity=upcoming.activity, venue_name="Phòng đã dùng tuần trước")
    content = html(client, upcoming.activity.get_parent().url)
    assert "Nhà Thiếu nhi tỉnh" in content
    assert "Còn 2 chỗ" in content
    assert "Phòng đã dùng tuần trước" not in content


def test_a_full_session_says_so_and_offers_the_waiting_list(client):
    session = f.ActivitySessionFactory(capacity=1)
    f.RegistrationFactory(session=session)
    assert "Hết chỗ: danh sách chờ" in html(client, session.activity.url)


def test_filters_by_kind_age_area_and_month_narrow_the_list(client):
    area = f.AreaFactory(name="Dĩ An")
    robotics = ActivityKind.objects.create(name="Sân chơi robotics", slug="robotics-test")
    camp = f.ActivitySessionFactory(venue_name="Trại hè ở Thủ Dầu Một")
    robot = f.ActivitySessionFactory(
        venue_name="Sân chơi ở Dĩ An",
        area=area,
        activity=f.ActivityFactory(kind=robotics, age_min=11, age_max=15),
        starts_at=camp.starts_at + datetime.timedelta(days=40),
        ends_at=camp.ends_at + datetime.timedelta(days=40),
    )
    index = camp.activity.get_parent().url
    assert "Sân chơi ở Dĩ An" not in html(client, f"{index}?loai=trai-he-stem")
    assert "Trại hè ở Thủ Dầu Một" not in html(client, f"{index}?loai=robotics-test")
    assert "Sân chơi ở Dĩ An" not in html(client, f"{index}?tuoi=9")
    assert "Trại hè ở Thủ Dầu Một" not in html(client, f"{index}?tuoi=14")
    assert "Trại hè ở Thủ Dầu Một" not in html(client, f"{index}?khu_vuc={area.pk}")
    month = timezone.localtime(robot.starts_at).strftime("%Y-%m")
    if timezone.localtime(camp.starts_at).strftime("%Y-%m") != month:
        content = html(client, f"{index}?thang={month}")
        assert "Sân chơi ở Dĩ An" in content
        assert "Trại hè ở Thủ Dầu Một" not in content


def test_the_venue_links_to_openstreetmap_without_an_embedded_map(client):
    session = f.ActivitySessionFactory(latitude="10.980543", longitude="106.674659")
    content = html(client, session.activity.url)
    assert "https://www.openstreetmap.org/?mlat=10.980543&amp;mlon=106.674659#map=17/10.980543/106.674659" in content
    assert "<iframe" not in content
    bare = f.ActivitySessionFactory(venue_address="Đường số 9, Dĩ An")
    assert bare.map_url.startswith("https://www.openstreetmap.org/search?query=")


def test_times_are_shown_in_ho_chi_minh_time(client):
    session = f.ActivitySessionFactory(
        starts_at=datetime.datetime(2030, 6, 3, 1, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 6, 3, 4, 0, tzinfo=datetime.UTC),
    )
    content = html(client, session.activity.url)
    assert "03/06/2030, 08:00–11:00" in content


def test_each_session_has_an_ics_file_in_local_time_with_a_stable_uid(client):
    session = f.ActivitySessionFactory(
        starts_at=datetime.datetime(2030, 6, 3, 1, 0, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2030, 6, 3, 4, 0, tzinfo=datetime.UTC),
    )
    response = client.get(f"/hoat-dong/buoi/{session.pk}/lich.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "DTSTART;TZID=Asia/Ho_Chi_Minh:20300603T080000" in body
    assert f"UID:activity-session-{session.pk}@" in body
    assert "Trường Đại học Thủ Dầu Một" in body


def test_the_feed_lists_upcoming_sessions_of_live_activities_only(client):
    upcoming = f.ActivitySessionFactory()
    past = f.ActivitySessionFactory(past=True)
    hidden = f.ActivitySessionFactory()
    hidden.activity.unpublish()
    body = client.get("/hoat-dong/lich.ics").content.decode()
    assert f"activity-session-{upcoming.pk}@" in body
    assert f"activity-session-{past.pk}@" not in body
    assert f"activity-session-{hidden.pk}@" not in body
    assert client.get(f"/hoat-dong/buoi/{hidden.pk}/lich.ics").status_code == 404


def test_a_camp_material_page_shows_the_upcoming_sessions_that_use_it(client):
    from activities.models import ActivityMaterial

    material = f.CampMaterialFactory()
    session = f.ActivitySessionFactory(venue_name="Trường THCS Chánh Nghĩa")
    ActivityMaterial.objects.create(activity=session.activity, material=material)
    content = html(client, material.url)
    assert "Các buổi sắp tới dùng tài liệu này" in content
    assert "Trường THCS Chánh Nghĩa" in content
    other = f.CampMaterialFactory(title="Tranh phát sáng")
    assert "Các buổi sắp tới dùng tài liệu này" not in html(client, other.url)


def test_the_activities_section_is_in_the_menu_and_the_search(client):
    session = f.ActivitySessionFactory(activity__title="Trại hè Nhà khoa học nhí")
    assert 'href="/hoat-dong/"' in html(client, "/")
    content = re.sub(r"<[^>]+>", "", html(client, "/tim-kiem/?q=nha+khoa+hoc+nhi"))
    assert session.activity.title in content


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("path", ["index", "activity", "material"])
def test_the_pages_cost_the_same_queries_with_more_sessions(client, path):
    from activities.models import ActivityMaterial

    material = f.CampMaterialFactory()
    activity = f.ActivityFactory()
    ActivityMaterial.objects.create(activity=activity, material=material)
    area = f.AreaFactory(name="Bến Cát")

    def add(count):
        for _index in range(count):
            session = f.ActivitySessionFactory(activity=activity, area=area)
            f.RegistrationFactory(session=session)

    url = {"index": activity.get_parent().url, "activity": activity.url, "material": material.url}[path]
    add(2)
    client.get(url)  # renditions, menus and settings on first view
    few = _queries(client, url)
    add(8)
    assert _queries(client, url) == few


def test_a_past_session_says_it_was_held_instead_of_places_left(client):
    session = f.ActivitySessionFactory(past=True, capacity=5)
    content = html(client, session.activity.url)
    assert "Đã diễn ra" in content
    assert "Còn 5 chỗ" not in content
