"""The report screens: who may open them, what they show, bad input, and a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from courses.models import ProgrammeTarget
from enrolment.models import Attendance, Cohort

from . import factories as f

pytestmark = pytest.mark.django_db


def report_urls(reports_world):
    learner_id = reports_world.l1.pk
    programme = reports_world.p1.pk
    return [
        reverse("reports:overview") + "?year=2019",
        reverse("reports:overview_export", args=["xlsx"]) + "?year=2019",
        reverse("reports:overview_export", args=["csv"]) + "?year=2019&table=targets",
        reverse("reports:pdf") + "?year=2019",
        reverse("reports:programme", args=[programme]) + "?year=2019",
        reverse("reports:programme_export", args=[programme, "xlsx"]) + "?year=2019",
        reverse("reports:programme_export", args=[programme, "csv"]) + "?year=2019&table=classes",
        reverse("reports:people") + "?year=2019&indicator=learners",
        reverse("reports:people_export", args=["xlsx"]) + "?year=2019&indicator=learners",
        reverse("reports:people_export", args=["csv"]) + "?year=2019&indicator=learners&table=people",
        reverse("reports:transcript", args=[learner_id]),
    ]


@pytest.mark.parametrize("role", [roles.LEARNER, roles.TRAINER])
def test_learners_and_trainers_get_403_on_every_report_url_and_export(client, reports_world, role):
    client.force_login(f.UserFactory(role=role))
    for url in report_urls(reports_world):
        assert client.get(url).status_code == 403, url


def test_a_learner_gets_403_on_the_managers_transcript_url_even_for_themself(client, reports_world):
    client.force_login(reports_world.l1)
    assert client.get(reverse("reports:transcript", args=[reports_world.l1.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, reports_world):
    for url in report_urls(reports_world):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["manager", "administrator"])
def test_managers_and_administrators_open_every_report_url(client, reports_world, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in report_urls(reports_world):
        assert client.get(url).status_code == 200, url


def test_the_menu_item_is_shown_to_managers_only(client, reports_world, manager, trainer):
    client.force_login(manager)
    assert reverse("reports:overview") in client.get("/admin/").content.decode()
    client.force_login(trainer)
    assert client.get("/admin/").status_code == 302  # trainers have no admin at all


def test_the_overview_shows_targets_results_and_definitions(client, reports_world, manager):
    client.force_login(manager)
    response = client.get(reverse("reports:overview"), {"year": 2019})
    page = response.content.decode()
    assert "Năm 2019" in page
    assert "Bồi dưỡng giáo viên về giáo dục STEM" in page
    assert "Chưa đặt chỉ tiêu cho chương trình này" in page  # P3 has no target
    targets = {table.key: table for table in response.context["tables"]}["targets"]
    rows = {(row[0].value, row[1].value): row for row in targets.rows}
    classes = rows[("2.4 · Bồi dưỡng giáo viên về giáo dục STEM", "Số lớp")]
    assert (classes[2].value, classes[3].value, classes[5].level) == (2, 2, "reached")
    learners = rows[("2.4 · Bồi dưỡng giáo viên về giáo dục STEM", "Số học viên")]
    assert (learners[3].value, learners[5].level) == (4, "low")
    completions = rows[("2.4 · Bồi dưỡng giáo viên về giáo dục STEM", "Số học viên hoàn thành")]
    assert (completions[3].value, completions[5].level) == (2, "partial")
    assert (classes[5].value, completions[5].value) == ("Đạt", "Từ một nửa trở lên")  # never colour alone
    assert '<span aria-hidden="true">✓</span> Đạt' in page
    for indicator in ("Lớp đã tổ chức", "Lượt tham gia", "Thời gian đến khi có nhận xét"):
        assert indicator in page
    assert page.count("<svg") >= 3
    assert page.count("<desc") >= 3


def test_the_programme_drill_down_lists_courses_classes_and_breakdowns(client, reports_world, manager):
    client.force_login(manager)
    response = client.get(reverse("reports:programme", args=[reports_world.p1.pk]), {"year": 2019})
    assert response.status_code == 200
    tables = {table.key: table for table in response.context["tables"]}
    assert set(tables) >= {
        "targets",
        "courses",
        "classes",
        "by_area",
        "by_organisation",
        "by_school_level",
        "by_subject",
    }
    classes = {row[0].value: row for row in tables["classes"].rows}
    assert set(classes) == {"K1", "K2"}
    k1 = classes["K1"]
    assert [cell.value for cell in k1[5:8]] == [3, 5, 1]  # enrolled, capacity, waitlist
    assert float(k1[8].value) == pytest.approx(6 / 7)  # attendance rate
    assert k1[4].value == "Phạm Minh Đức"
    # Each cell links to the people behind it, and the list has as many people.
    area = tables["by_area"]
    tdm = next(row for row in area.rows if row[0].value == "Thủ Dầu Một")
    assert tdm[1].url
    listed = client.get(tdm[1].url)
    assert listed.status_code == 200
    assert len(listed.context["tables"][0].rows) == tdm[1].value


def test_the_people_list_shows_the_people_and_links_to_their_transcript(client, reports_world, manager):
    client.force_login(manager)
    response = client.get(
        reverse("reports:people"), {"year": 2019, "indicator": "participations", "programme": reports_world.p1.pk}
    )
    page = response.content.decode()
    assert "Trần Thị Mai" in page
    assert reverse("reports:transcript", args=[reports_world.l1.pk]) in page
    assert sum(row[5].value for row in response.context["tables"][0].rows) == 8


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "1890"},
        {"year": "2019", "quarter": "9"},
        {"from": "2019-12-31", "to": "2019-01-01"},
        {"from": "31/12/2019", "to": "01/01/2019"},
        {"from": "không phải ngày"},
        {"from": "2019-02-30"},
        {"from": "2040-01-01", "to": "2040-12-31"},
        {"to": "2019-06-01"},
    ],
)
def test_bad_or_empty_periods_give_a_page_not_an_error(client, reports_world, manager, query):
    client.force_login(manager)
    for url in (reverse("reports:overview"), reverse("reports:programme", args=[reports_world.p3.pk])):
        assert client.get(url, query).status_code == 200, (url, query)
    assert client.get(reverse("reports:people"), {**query, "indicator": "nope", "value": "x"}).status_code == 200


def test_a_reversed_range_is_swapped_and_said_so(client, reports_world, manager):
    client.force_login(manager)
    response = client.get(reverse("reports:overview"), {"from": "2019-12-31", "to": "2019-01-01"})
    assert response.context["period"].start == datetime.date(2019, 1, 1)
    assert "đã được đổi chỗ" in response.content.decode()


def test_unknown_objects_are_404_not_500(client, reports_world, manager):
    client.force_login(manager)
    assert client.get(reverse("reports:programme", args=[999999])).status_code == 404
    assert client.get(reverse("reports:transcript", args=[999999])).status_code == 404
    assert client.get(reverse("reports:overview_export", args=["csv"]), {"table": "nope"}).status_code == 404


def _programmes_with_classes(count):
    """``count`` programmes, each with a target, a course and an on-site class with learners and attendance."""
    area = f.AreaFactory(name="Bến Cát")
    first = Cohort.objects.count()
    for number in range(first, first + count):
        programme = f.ProgrammeFactory(title=f"Chương trình {number}", code=f"9.{number}")
        ProgrammeTarget.objects.create(programme=programme, indicator="Số lớp", target=1, measure="classes")
        course = f.CourseFactory(parent=programme, title=f"Khóa {number}")
        cohort = f.CohortFactory(
            course=course,
            code=f"Q-{number}",
            title="Lớp",
            starts_on=datetime.date(2019, 5, 1),
            ends_on=datetime.date(2019, 5, 30),
            delivery="onsite",
            status="finished",
        )
        session = f.SessionFactory(
            cohort=cohort, date=datetime.date(2019, 5, 2), starts_at=datetime.time(8), ends_at=datetime.time(9)
        )
        for _index in range(2):
            enrolment = f.EnrolmentFactory(cohort=cohort, user=f.UserFactory(area=area))
            Attendance.objects.create(session=session, enrolment=enrolment, status="present")


def _count_queries(client, url):
    client.get(url)  # warm the caches (site, settings, menus)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["overview", "programme"])
def test_the_number_of_queries_does_not_grow_with_the_data(client, manager, page):
    client.force_login(manager)

    def url():
        from courses.models import ProgrammePage

        if page == "overview":
            return reverse("reports:overview") + "?year=2019"
        first = ProgrammePage.objects.order_by("path").first()
        return reverse("reports:programme", args=[first.pk]) + "?year=2019"

    _programmes_with_classes(2)
    small = _count_queries(client, url())
    _programmes_with_classes(28)
    large = _count_queries(client, url())
    assert small == large
    assert large <= 60
