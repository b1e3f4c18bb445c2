"""Activities in the programme report: participations by area, school and kind, the feedback survey's
satisfaction per programme and kind, and the activity participants behind each figure (children's names
for managers only; exports of them audited)."""

import pytest
from django.utils import timezone

from audit.models import AuditEvent

from . import factories as f

pytestmark = pytest.mark.django_db


def _rows(table) -> dict:
    return {row[0].value: row for row in table.rows}


def _column(table, key) -> int:
    return table.index(key)


@pytest.fixture
def held(db):
    """Two sessions held a week ago, in two areas; three children checked in, one registered but absent,
    two walk-ins."""
    di_an = f.AreaFactory(name="Dĩ An")
    thu_dau_mot = f.AreaFactory(name="Thủ Dầu Một")
    programme = f.ProgrammeFactory(code="2.5", title="Sân chơi công nghệ")
    camp = f.ActivityFactory(title="Sân chơi robotics", programme=programme)
    first = f.ActivitySessionFactory(activity=camp, past=True, area=di_an)
    second = f.ActivitySessionFactory(activity=camp, past=True, area=thu_dau_mot)
    phu_hoa = {"school": "Trường TH Phú Hòa 1"}
    f.RegistrationFactory(
        session=first, checked_in=True, participant=f.ParticipantFactory(full_name="Trần Minh Khang", **phu_hoa)
    )
    f.RegistrationFactory(
        session=first, checked_in=True, participant=f.ParticipantFactory(full_name="Lê Bảo Anh", **phu_hoa)
    )
    f.RegistrationFactory(
        session=second,
        checked_in=True,
        participant=f.ParticipantFactory(full_name="Võ Gia Huy", school="Trường THCS Chu Văn An"),
    )
    f.RegistrationFactory(session=second, participant=f.ParticipantFactory(full_name="Phạm Thu Trang", **phu_hoa))
    f.WalkInFactory(session=second, count=2)
    f.SurveyAnswerFactory(session=first, satisfaction=5)
    f.SurveyAnswerFactory(session=second, satisfaction=4)
    f.SurveyAnswerFactory(session=second, satisfaction=2)
    return {"programme": programme, "first": first, "second": second, "di_an": di_an}


def _year(held) -> str:
    return f"?year={timezone.localtime(held['first'].starts_at).year}"


def _tables(response) -> dict:
    assert response.status_code == 200
    return {table.key: table for table in response.context["tables"]}


def test_the_overview_breaks_activity_participations_down_by_area_and_school(manager_client, held):
    tables = _tables(manager_client.get("/admin/reports/" + _year(held)))
    by_area = tables["by_activity_area"]
    rows = _rows(by_area)
    participations = _column(by_area, "participations")
    assert rows["Dĩ An"][participations].value == 2
    assert rows["Thủ Dầu Một"][participations].value == 3  # one checked in, two walk-ins
    assert rows["Dĩ An"][_column(by_area, "events")].value == 1
    assert by_area.total[participations].value == 5

    by_school = tables["by_activity_school"]
    rows = _rows(by_school)
    participations = _column(by_school, "participations")
    assert rows["Trường TH Phú Hòa 1"][participations].value == 2
    assert rows["Trường TH Phú Hòa 1"][_column(by_school, "activity_registered")].value == 3
    assert rows["Trường THCS Chu Văn An"][participations].value == 1
    assert rows["Người đến trực tiếp, hoặc chưa khai báo"][participations].value == 2  # walk-ins have no school
    assert by_school.total[participations].value == 5
    assert by_school.total[_column(by_school, "children")].value == 3

    by_kind = tables["by_activity_kind"]
    assert by_kind.total[_column(by_kind, "participations")].value == 5


def test_the_programme_page_has_the_same_breakdowns_limited_to_the_programme(manager_client, held):
    other = f.ActivitySessionFactory(past=True, area=held["di_an"])  # another programme's activity
    f.RegistrationFactory(session=other, checked_in=True)
    response = manager_client.get(f"/admin/reports/programme/{held['programme'].pk}/" + _year(held))
    by_area = _tables(response)["by_activity_area"]
    assert _rows(by_area)["Dĩ An"][_column(by_area, "participations")].value == 2
    overview = _tables(manager_client.get("/admin/reports/" + _year(held)))["by_activity_area"]
    assert _rows(overview)["Dĩ An"][_column(overview, "participations")].value == 3


def test_the_overview_shows_satisfaction_per_programme_and_kind(manager_client, held):
    tables = _tables(manager_client.get("/admin/reports/" + _year(held)))
    by_programme = tables["satisfaction_by_programme"]
    row = _rows(by_programme)["Sân chơi công nghệ"]
    assert row[_column(by_programme, "answers")].value == 3
    assert row[_column(by_programme, "average")].value == pytest.approx(3.7)
    assert [row[_column(by_programme, f"score_{n}")].value for n in range(1, 6)] == [0, 1, 0, 1, 1]
    assert tables["satisfaction_by_kind"].total[1].value == 3
    page = manager_client.get("/admin/reports/" + _year(held)).content.decode()
    assert "Mức hài lòng sau hoạt động, theo chương trình" in page


def test_answers_about_sessions_outside_the_period_are_not_counted(manager_client, held):
    year = timezone.localtime(held["first"].starts_at).year
    tables = _tables(manager_client.get(f"/admin/reports/?year={year - 1}"))
    assert tables["satisfaction_by_programme"].rows == []


def test_a_figure_of_activities_lists_the_participants_behind_it(manager_client, held):
    tables = _tables(manager_client.get("/admin/reports/" + _year(held)))
    by_school = tables["by_activity_school"]
    cell = _rows(by_school)["Trường TH Phú Hòa 1"][_column(by_school, "participations")]
    assert "dimension=activity_school" in cell.url
    response = manager_client.get(cell.url)
    people = _tables(response)
    listed = {row[0].value: row for row in people["participants"].rows}
    assert set(listed) == {"Trần Minh Khang", "Lê Bảo Anh"}  # the absent one is not a participation
    assert listed["Trần Minh Khang"][1].value == "Trẻ em"
    html = response.content.decode()
    assert "Trần Minh Khang" in html
    assert "Võ Gia Huy" not in html

    registered = _rows(by_school)["Trường TH Phú Hòa 1"][_column(by_school, "activity_registered")]
    listed = {row[0].value for row in _tables(manager_client.get(registered.url))["participants"].rows}
    assert listed == {"Trần Minh Khang", "Lê Bảo Anh", "Phạm Thu Trang"}


def test_the_participations_of_a_programme_list_learners_and_activity_participants(manager_client, held):
    tables = _tables(manager_client.get("/admin/reports/" + _year(held)))
    indicators = tables["indicators"]
    row = next(r for r in indicators.rows if "Sân chơi công nghệ" in r[0].value)
    cell = row[_column(indicators, "participations")]
    assert cell.value == 5
    people = _tables(manager_client.get(cell.url))
    assert people["people"].rows == []  # nobody with an account
    assert len(people["participants"].rows) == 3


def test_a_child_s_name_is_hidden_from_anyone_the_activities_rules_do_not_allow(manager_client, held, monkeypatch):
    monkeypatch.setattr("activities.permissions.can_read_children_names", lambda user: False)
    url = f"/admin/reports/people/{_year(held)}&indicator=children"
    response = manager_client.get(url)
    names = [row[0].value for row in _tables(response)["participants"].rows]
    assert names == ["Trẻ em (ẩn tên)"] * 3
    assert "Trần Minh Khang" not in response.content.decode()


def test_only_managers_may_read_children_s_names():
    from accounts import roles
    from activities.permissions import can_read_children_names

    assert can_read_children_names(f.UserFactory(role=roles.MANAGER))
    assert not can_read_children_names(f.UserFactory(role=roles.TRAINER))
    assert not can_read_children_names(f.UserFactory(role=roles.LEARNER))


def test_a_trainer_cannot_open_the_participants_of_a_figure(client, trainer, held):
    client.force_login(trainer)
    assert client.get(f"/admin/reports/people/{_year(held)}&indicator=children").status_code == 403


def test_downloading_children_s_names_from_the_report_is_audited(manager_client, held):
    response = manager_client.get(
        f"/admin/reports/people/export.csv{_year(held)}&indicator=children&table=participants"
    )
    assert response.status_code == 200
    assert "Trần Minh Khang" in response.content.decode("utf-8-sig")
    event = AuditEvent.objects.get(action="activities.names_exported")
    assert event.data["model"] == "activities.participant"
    assert event.data["indicator"] == "children"
    assert event.data["format"] == "csv"
    # Reading the list on the page is not an export.
    manager_client.get(f"/admin/reports/people/{_year(held)}&indicator=children")
    assert AuditEvent.objects.filter(action="activities.names_exported").count() == 1


def test_the_activity_tables_cost_the_same_queries_at_two_sizes(manager_client, held):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            manager_client.get("/admin/reports/" + _year(held))
        return len(queries)

    small = count()
    for number in range(6):
        area = f.AreaFactory(name=f"Khu vực {number}")
        session = f.ActivitySessionFactory(past=True, area=area)
        f.RegistrationFactory(
            session=session, checked_in=True, participant=f.ParticipantFactory(school=f"Trường {number}")
        )
        f.WalkInFactory(session=session)
        f.SurveyAnswerFactory(session=session, satisfaction=3)
    assert count() == small


def test_a_check_in_and_a_survey_answer_show_at_once_in_the_cached_report(manager_client, held):
    url = "/admin/reports/" + _year(held)
    before = _tables(manager_client.get(url))
    assert before["by_activity_area"].total[_column(before["by_activity_area"], "participations")].value == 5
    late = held["second"].registrations.get(checked_in_at__isnull=True)
    late.checked_in_at = timezone.now()
    late.save()
    f.SurveyAnswerFactory(session=held["second"], satisfaction=1)
    after = _tables(manager_client.get(url))
    assert after["by_activity_area"].total[_column(after["by_activity_area"], "participations")].value == 6
    assert after["satisfaction_by_kind"].total[1].value == 4
