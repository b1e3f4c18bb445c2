"""Partners' read-only scopes: a school, a district office, the Department, a programme's partner."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from partners import permissions

from .factories import (
    AreaFactory,
    CertificateFactory,
    CohortFactory,
    CourseFactory,
    EnrolmentFactory,
    ParticipantFactory,
    PartnerAccessFactory,
    ProgrammeFactory,
    RegistrantFactory,
    RegistrationFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    """Two districts; two schools in Dĩ An, one in Thủ Dầu Một; one class of each of two programmes."""
    dian, tdm = AreaFactory(name="Dĩ An"), AreaFactory(name="Thủ Dầu Một")
    chu_van_an = SchoolFactory(name="Trường THCS Chu Văn An", area=dian)
    binh_an = SchoolFactory(name="Trường THCS Bình An", area=dian)
    nguyen_du = SchoolFactory(name="Trường THCS Nguyễn Du", area=tdm)
    programme_a, programme_b = ProgrammeFactory(title="STEM cho giáo viên"), ProgrammeFactory(title="Khởi nghiệp")
    cohort_a = CohortFactory(running=True, course=CourseFactory(parent=programme_a, title="STEM cơ bản"))
    cohort_b = CohortFactory(running=True, course=CourseFactory(parent=programme_b, title="Tư duy khởi nghiệp"))

    def teacher(name, school, cohort):
        user = UserFactory(full_name=name, school=school, area=school.area, organisation=school.name)
        return EnrolmentFactory(user=user, cohort=cohort, status="completed")

    mai = teacher("Trần Thị Mai", chu_van_an, cohort_a)
    huy = teacher("Lê Quang Huy", binh_an, cohort_a)
    tam = teacher("Huỳnh Thanh Tâm", nguyen_du, cohort_b)
    certificate = CertificateFactory(enrolment=mai)
    # A child registered by a guardian who is also a teacher of Chu Văn An.
    guardian = RegistrantFactory(full_name="Trần Thị Mai", email=mai.user.email)
    child = RegistrationFactory(participant=ParticipantFactory(registrant=guardian, full_name="Trần Minh Khôi"))
    return {
        "dian": dian,
        "tdm": tdm,
        "chu_van_an": chu_van_an,
        "nguyen_du": nguyen_du,
        "programme_a": programme_a,
        "mai": mai,
        "huy": huy,
        "tam": tam,
        "certificate": certificate,
        "child": child,
    }


def page_of(client, access, name="partners:enrolments"):
    client.force_login(access.user)
    response = client.get(reverse(name, args=[access.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_school_sees_its_own_teachers_enrolments_results_and_certificates_only(client, world):
    access = PartnerAccessFactory(kind="school", school=world["chu_van_an"])
    page = page_of(client, access)
    assert "Trần Thị Mai" in page and "Lê Quang Huy" not in page and "Huỳnh Thanh Tâm" not in page
    assert world["certificate"].number in page
    certificates = page_of(client, access, "partners:certificates")
    assert world["certificate"].number in certificates


def test_a_district_office_never_sees_another_districts_teachers(client, world):
    access = PartnerAccessFactory(kind="district", school=None, area=world["dian"], organisation="Phòng GD&ĐT Dĩ An")
    page = page_of(client, access)
    assert "Trần Thị Mai" in page and "Lê Quang Huy" in page
    assert "Huỳnh Thanh Tâm" not in page and "Nguyễn Du" not in page
    assert set(permissions.enrolments(access)) == {world["mai"], world["huy"]}
    assert world["tam"].user not in permissions.teachers(access)
    # Nor through a filter, a guessed course, or the export.
    assert (
        "Huỳnh Thanh Tâm"
        not in client.get(
            reverse("partners:enrolments", args=[access.pk]), {"khoa-hoc": world["tam"].cohort.course_id}
        ).content.decode()
    )
    export = client.post(reverse("partners:export", args=[access.pk, "ghi-danh", "csv"]))
    assert "Huỳnh Thanh Tâm" not in export.content.decode("utf-8-sig")


def test_a_district_office_cannot_open_another_districts_access(client, world):
    mine = PartnerAccessFactory(kind="district", school=None, area=world["dian"])
    theirs = PartnerAccessFactory(kind="district", school=None, area=world["tdm"])
    client.force_login(mine.user)
    assert client.get(reverse("partners:enrolments", args=[theirs.pk])).status_code == 403
    assert client.get(reverse("partners:certificates", args=[theirs.pk])).status_code == 403
    assert client.post(reverse("partners:export", args=[theirs.pk, "ghi-danh", "xlsx"])).status_code == 403
    index = client.get(reverse("partners:index")).content.decode()
    assert reverse("partners:enrolments", args=[mine.pk]) in index
    assert reverse("partners:enrolments", args=[theirs.pk]) not in index


def test_a_withdrawn_access_opens_nothing(client, world):
    access = PartnerAccessFactory(kind="school", school=world["chu_van_an"], active=False)
    client.force_login(access.user)
    assert client.get(reverse("partners:enrolments", args=[access.pk])).status_code == 403
    assert client.get(reverse("partners:index")).status_code == 403


def test_the_department_sees_every_teacher_but_no_child(client, world):
    access = PartnerAccessFactory(kind="department", school=None, organisation="Sở GD&ĐT")
    page = page_of(client, access)
    for name in ("Trần Thị Mai", "Lê Quang Huy", "Huỳnh Thanh Tâm"):
        assert name in page
    assert "Trần Minh Khôi" not in page


def test_a_programme_partner_sees_its_programme_only(client, world):
    access = PartnerAccessFactory(kind="programme", school=None, programme=world["programme_a"])
    page = page_of(client, access)
    assert "Trần Thị Mai" in page and "Lê Quang Huy" in page and "Huỳnh Thanh Tâm" not in page


@pytest.mark.parametrize("kind", ["school", "district", "department", "programme"])
def test_nobody_but_managers_sees_a_child(client, world, kind, manager):
    scope = {
        "school": {"school": world["chu_van_an"]},
        "district": {"school": None, "area": world["dian"]},
        "department": {"school": None},
        "programme": {"school": None, "programme": world["programme_a"]},
    }[kind]
    access = PartnerAccessFactory(kind=kind, **scope)
    child = world["child"]
    for name in ("partners:enrolments", "partners:certificates"):
        assert "Trần Minh Khôi" not in page_of(client, access, name)
    for table in ("ghi-danh", "chung-chi"):
        export = client.post(reverse("partners:export", args=[access.pk, table, "csv"]))
        assert "Trần Minh Khôi" not in export.content.decode("utf-8-sig")
    # The registrations themselves: the admin is closed to partners, open to managers.
    listing = reverse("wagtailsnippets_activities_registration:list")
    edit = reverse("wagtailsnippets_activities_registration:inspect", args=[child.pk])
    assert client.get(listing).status_code in (302, 403)
    assert client.get(edit).status_code in (302, 403)
    client.force_login(manager)
    assert client.get(listing).status_code == 200


def test_exports_are_formula_safe_post_only_and_recorded(client, world):
    world["mai"].user.full_name = '=HYPERLINK("http://x","bấm")'
    world["mai"].user.save()
    access = PartnerAccessFactory(kind="school", school=world["chu_van_an"])
    client.force_login(access.user)
    url = reverse("partners:export", args=[access.pk, "ghi-danh", "xlsx"])
    assert client.get(url).status_code == 405
    response = client.post(url)
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert names == ['\'=HYPERLINK("http://x","bấm")']
    assert AuditEvent.objects.filter(action="partners.export", actor=access.user, target_id=str(access.pk)).exists()


def test_a_manager_sees_every_access_to_check_what_a_partner_sees(client, world, manager):
    access = PartnerAccessFactory(kind="school", school=world["nguyen_du"], organisation="Trường THCS Nguyễn Du")
    client.force_login(manager)
    assert "Trường THCS Nguyễn Du" in client.get(reverse("partners:index")).content.decode()
    assert "Huỳnh Thanh Tâm" in client.get(reverse("partners:enrolments", args=[access.pk])).content.decode()


def test_learners_and_trainers_without_an_access_are_refused(client, learner, trainer, world):
    access = PartnerAccessFactory(kind="department", school=None)
    for person in (learner, trainer):
        client.force_login(person)
        assert client.get(reverse("partners:index")).status_code == 403
        assert client.get(reverse("partners:enrolments", args=[access.pk])).status_code == 403


def test_a_merge_moves_the_partner_scopes_to_the_school_kept(world, manager):
    from accounts.schools import merge_schools

    variant = SchoolFactory(name="Truong THCS Chu Van An", area=world["dian"])
    access = PartnerAccessFactory(kind="school", school=variant)
    merge_schools(world["chu_van_an"], [variant], actor=manager)
    access.refresh_from_db()
    assert access.school == world["chu_van_an"]


def _grow(world, extra):
    """``extra`` more teachers of Chu Văn An, each enrolled in a class of programme A, half certified."""
    cohort = world["mai"].cohort
    for n in range(extra):
        user = UserFactory(full_name=f"Giáo viên {n}", school=world["chu_van_an"], area=world["dian"])
        enrolment = EnrolmentFactory(user=user, cohort=cohort, status="completed")
        if n % 2:
            CertificateFactory(enrolment=enrolment)


@pytest.mark.parametrize("name", ["partners:enrolments", "partners:certificates", "partners:index"])
def test_partner_lists_take_the_same_number_of_queries_at_two_sizes(client, world, name, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    access = PartnerAccessFactory(kind="district", school=None, area=world["dian"])
    client.force_login(access.user)
    args = [] if name == "partners:index" else [access.pk]
    url = reverse(name, args=args)
    client.get(url)  # warm: the session, the site, the content version
    counts = []
    for extra in (2, 12):
        _grow(world, extra)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_demo_partner_is_the_district_office_of_di_an_and_a_rerun_adds_nothing(db):
    from accounts import demo as accounts_demo
    from partners import demo
    from partners.models import PartnerAccess

    accounts_demo.load(None)
    demo.load(None)
    demo.load(None)
    access = PartnerAccess.objects.get()
    assert (access.kind, access.area.name, access.user.email) == ("district", "Dĩ An", "doitac@example.com")
    assert access.user.check_password("demo-doitac-2026")
