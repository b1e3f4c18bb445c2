"""The anonymous feedback survey after a session (issue 16): link, one answer per place, results per activity."""

from __future__ import annotations

import re

import pytest

from accounts import roles
from activities import links
from activities.models import SurveyAnswer, SurveyAnswered
from activities.models.survey import read_survey_token, survey_token
from activities.survey_results import satisfaction_by

from . import factories as f

pytestmark = pytest.mark.django_db

RESULTS_URL = "/admin/activities/survey-results/"


@pytest.fixture
def survey(db):
    return f.SurveyPageFactory()


@pytest.fixture
def attended(survey):
    session = f.ActivitySessionFactory(past=True)
    return f.RegistrationFactory(session=session, checked_in=True)


def answer(client, survey, registration, satisfaction="5", **extra):
    data = {"r": survey_token(registration), "satisfaction": satisfaction}
    data.update(extra)
    return client.post(survey.url, data)


def test_the_private_page_links_to_the_survey_after_the_session_only(client, survey, attended):
    upcoming = f.RegistrationFactory(participant=attended.participant)
    token = links.make_token(attended.participant.registrant.email)
    html = client.get(f"/hoat-dong/cua-toi/{token}/").content.decode()
    # The links' tokens are signed with the second they were made: read them back, do not compare.
    links_to_survey = re.findall(re.escape(f"{survey.url}?r=") + r"([\w:-]+)", html)
    assert [read_survey_token(found) for found in links_to_survey] == [attended]
    assert upcoming != attended


def test_an_answer_is_anonymous_and_counts_once_per_place(client, survey, attended):
    page = client.get(f"{survey.url}?r={survey_token(attended)}")
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    content = page.content.decode()
    assert 'name="satisfaction"' in content and "Điều gì tốt" in content

    response = answer(client, survey, attended, dieu_gi_tot="Các con được tự tay lắp robot", can_cai_thien="Thêm giờ")
    assert response.status_code == 200
    saved = SurveyAnswer.objects.get()
    assert saved.session == attended.session and saved.satisfaction == 5
    assert saved.form_data == {"dieu_gi_tot": "Các con được tự tay lắp robot", "can_cai_thien": "Thêm giờ"}
    # Nothing in the answer points back to the child or the guardian.
    assert attended.participant.full_name not in str(saved.form_data)
    assert not any(
        field.is_relation and field.related_model.__name__ == "Registration" for field in SurveyAnswer._meta.fields
    )
    assert SurveyAnswered.objects.filter(registration=attended).exists()

    again = answer(client, survey, attended, satisfaction="1")
    assert SurveyAnswer.objects.count() == 1
    assert "already been used" in again.content.decode() or "đã được dùng" in again.content.decode()
    token = links.make_token(attended.participant.registrant.email)
    assert survey_token(attended) not in client.get(f"/hoat-dong/cua-toi/{token}/").content.decode()


def test_no_answer_without_a_valid_link_before_the_session_or_out_of_range(client, survey, attended):
    assert client.get(survey.url).status_code == 404
    assert client.post(survey.url, {"r": "forged", "satisfaction": "5"}).status_code == 404
    upcoming = f.RegistrationFactory()
    assert answer(client, survey, upcoming).status_code == 200
    cancelled = f.RegistrationFactory(session=attended.session, status="cancelled")
    answer(client, survey, cancelled)
    assert SurveyAnswer.objects.count() == 0

    response = answer(client, survey, attended, satisfaction="6", dieu_gi_tot="Giữ lại câu trả lời này")
    assert response.status_code == 400
    assert "Giữ lại câu trả lời này" in response.content.decode()  # nothing typed is lost
    assert SurveyAnswer.objects.count() == 0


def test_results_per_activity_kind_and_programme(survey):
    programme = f.ProgrammeFactory()
    camp = f.ActivityFactory(title="Trại hè Robotics", programme=programme)
    other = f.ActivityFactory(title="Ngày hội Fablab")
    for score in (5, 4, 3):
        f.SurveyAnswerFactory(
            page=survey, session=f.ActivitySessionFactory(past=True, activity=camp), satisfaction=score
        )
    f.SurveyAnswerFactory(page=survey, session=f.ActivitySessionFactory(past=True, activity=other), satisfaction=2)

    rows = {row["name"]: row for row in satisfaction_by("activity")}
    assert rows["Trại hè Robotics"]["answers"] == 3
    assert rows["Trại hè Robotics"]["average"] == 4.0
    assert rows["Trại hè Robotics"]["scores"] == [0, 0, 1, 1, 1]
    assert rows["Ngày hội Fablab"]["scores"] == [0, 1, 0, 0, 0]
    assert {row["name"]: row["answers"] for row in satisfaction_by("programme")}[programme.title] == 3
    assert sum(row["answers"] for row in satisfaction_by("kind")) == 4


def test_only_managers_read_the_results_in_the_admin(client, survey, django_assert_max_num_queries):
    manager = f.UserFactory(role=roles.MANAGER)
    trainer = f.UserFactory(role=roles.TRAINER, is_staff=True)
    client.force_login(trainer)
    assert client.get(RESULTS_URL).status_code in (302, 403)
    client.force_login(manager)

    def read():
        with django_assert_max_num_queries(40):
            response = client.get(RESULTS_URL)
        assert response.status_code == 200
        return response.content.decode()

    f.SurveyAnswerFactory(page=survey)
    read()
    for _n in range(5):
        f.SurveyAnswerFactory(page=survey)
    html = read()
    assert "4,0" in html or "4.0" in html


def test_the_demo_has_a_survey_and_answers_for_past_sessions_only(db):
    from activities import demo

    demo.load(None)
    demo.load(None)  # twice: nothing doubled
    answers = SurveyAnswer.objects.select_related("session")
    assert answers.exists()
    assert all(answer.session.is_past for answer in answers)
    assert SurveyAnswered.objects.count() == answers.count()
    assert satisfaction_by("activity")[0]["answers"] > 0


# --- Exports of children's names leave an audit entry ------------------------------------


def test_exports_of_childrens_names_are_audited_and_listing_is_not(client):
    from audit.models import AuditEvent

    manager = f.UserFactory(role=roles.MANAGER)
    registration = f.RegistrationFactory(participant__full_name="Trần Minh Khang")
    client.force_login(manager)
    client.get("/admin/snippets/activities/registration/")
    assert not AuditEvent.objects.filter(action="activities.names_exported").exists()

    export = client.get("/admin/snippets/activities/registration/?export=xlsx&status=confirmed")
    assert export.status_code == 200
    client.get("/admin/snippets/activities/consent/?export=csv")
    events = list(AuditEvent.objects.filter(action="activities.names_exported").order_by("pk"))
    assert [event.actor for event in events] == [manager, manager]
    assert events[0].data["model"] == "activities.registration"
    assert events[0].data["format"] == "xlsx"
    assert events[0].data["filters"] == {"status": "confirmed"}
    assert events[1].data["model"] == "activities.consent"

    organiser = f.UserFactory(role=roles.TRAINER)
    registration.session.organisers.add(organiser)
    client.force_login(organiser)
    assert client.get(f"/hoat-dong/buoi/{registration.session_id}/diem-danh.pdf").status_code == 200
    sheet = AuditEvent.objects.get(action="activities.door_sheet_downloaded")
    assert sheet.actor == organiser and sheet.data["names"] == 1


# --- Participations by age band and gender -------------------------------------------------


def test_participations_by_age_band_and_gender_add_check_ins_and_walk_ins(client, django_assert_max_num_queries):
    import datetime

    from activities.breakdown import participations_by_band_and_gender
    from activities.models import WalkIn

    session = f.ActivitySessionFactory(past=True)
    day = session.starts_at.date()
    born_9 = day.replace(year=day.year - 9) - datetime.timedelta(days=3)
    born_13 = day.replace(year=day.year - 13) - datetime.timedelta(days=3)
    f.RegistrationFactory(
        session=session, checked_in=True, participant__date_of_birth=born_9, participant__gender="female"
    )
    f.RegistrationFactory(
        session=session, checked_in=True, participant__date_of_birth=born_13, participant__gender="male"
    )
    f.RegistrationFactory(session=session, participant__date_of_birth=born_13, participant__gender="male")  # absent
    WalkIn.objects.create(session=session, age_band="8-11", gender="male", count=3)
    WalkIn.objects.create(session=session, age_band="adult", gender="", count=2)
    cancelled = f.ActivitySessionFactory(past=True, status="cancelled")
    WalkIn.objects.create(session=cancelled, age_band="8-11", gender="male", count=50)

    rows = {row["band"]: row for row in participations_by_band_and_gender()}
    assert (rows["8-11"]["female"], rows["8-11"]["male"], rows["8-11"]["total"]) == (1, 3, 4)
    assert (rows["12-15"]["male"], rows["12-15"]["total"]) == (1, 1)
    assert (rows["adult"]["unknown"], rows["total"]["total"]) == (2, 7)
    assert participations_by_band_and_gender(year=2000)[-1]["total"] == 0

    client.force_login(f.UserFactory(role=roles.MANAGER))
    for _n in range(2):
        with django_assert_max_num_queries(40):
            response = client.get("/admin/activities/participations/?year=")
        assert response.status_code == 200
        f.RegistrationFactory(session=session, checked_in=True)
    client.force_login(f.UserFactory(role=roles.TRAINER, is_staff=True))
    assert client.get("/admin/activities/participations/").status_code in (302, 403)
